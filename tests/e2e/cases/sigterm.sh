# SIGTERM ends tracing like SIGINT: END runs, maps print, exit status 0.
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'interval:ms:10 { @ticks = 1; } END { printf("end\n"); }' > out &
spid=$!
i=0
while ! grep -q __SPYGLASS_ATTACHED out 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
sleep 0.1
kill -TERM $spid
wait $spid
echo "status $?"
grep -v __SPYGLASS_ATTACHED out
