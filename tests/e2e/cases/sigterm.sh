# SIGTERM ends tracing like SIGINT: END runs, maps print, exit status 0.
. "$CASES/common.inc"
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'interval:ms:10 { @ticks = 1; } END { printf("end\n"); }' > out &
spid=$!
wait_attached out
sleep 0.1
kill -TERM $spid
wait $spid
echo "status $?"
grep -v __SPYGLASS_ATTACHED out
