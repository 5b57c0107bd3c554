# SIGINT ends tracing: END runs, maps print, exit status 0.
. "$CASES/common.inc"
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'BEGIN { @started = 1; } END { printf("bye\n"); }' > out &
spid=$!
wait_attached out
kill -INT $spid
wait $spid
echo "status $?"
grep -v __SPYGLASS_ATTACHED out
