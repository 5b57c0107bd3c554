# software:EVENT:COUNT (aliases) fire for the traced command; profile:hz
# samples both CPUs while two busy loops run; hardware events are
# feature-detected (this machine has no hardware PMU: one line, exit 1).
$SPYGLASS -q -e 'software:faults:1 /pid == cpid/ { @faults_seen = 1; }' -c "$WORKLOAD getpid 1"
$SPYGLASS -q -e 's:cs:1 { @cs_seen = 1; } interval:ms:200 { exit(); }'
$SPYGLASS -q -e 'profile:hz:97 /cpu == 0/ { @cpu0_sampled = 1; }
profile:hz:97 /cpu == 1/ { @cpu1_sampled = 1; }
interval:ms:700 { exit(); }' \
	-c 'sh -c "timeout 1 sh -c \"while :; do :; done\" & timeout 1 sh -c \"while :; do :; done\"; wait"'
if [ -e /sys/bus/event_source/devices/cpu ]; then
	echo "spyglass: hardware events unavailable"
else
	$SPYGLASS -q -e 'hardware:cycles:100000 { @ = count(); }' 2>&1
fi
echo "rc=$?"
