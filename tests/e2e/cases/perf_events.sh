# software:EVENT:COUNT (aliases) fire for the traced command; profile:hz
# samples both CPUs while two workloads, pinned one to each CPU, keep them
# busy for 1 s: each CPU must have at least 10 of the ~68 samples (97 Hz for
# 0.7 s) that land in the workloads.
$SPYGLASS -q -e 'software:faults:1 /pid == cpid/ { @faults_seen = 1; }' -c "$WORKLOAD getpid 1"
$SPYGLASS -q -e 's:cs:1 { @cs_seen = 1; } interval:ms:200 { exit(); }'
# The workloads run as a copy named sgprofbusy: no other process on the
# machine (other tests run the workload too) can add samples.
cp "$WORKLOAD" ./sgprofbusy
$SPYGLASS -q -e 'profile:hz:97 /comm == "sgprofbusy"/ { @[cpu] = count(); } interval:ms:700 { exit(); }' \
	-c "sh -c 'timeout 1 ./sgprofbusy cpu 0 0 getpid 100000000 & timeout 1 ./sgprofbusy cpu 0 1 getpid 100000000; wait'" |
	awk '/^@\[/ { n = $2; sub(/^@\[/, "", $1); sub(/\]:$/, "", $1);
		print "cpu" $1 ": " (n >= 10 ? "at least 10 samples" : "only " n " samples") }' | sort
