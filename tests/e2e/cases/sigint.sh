# SIGINT ends tracing: END runs, maps print, exit status 0.
SPYGLASS_NOTIFY_PROBES_ATTACHED=1 $SPYGLASS -q -e 'BEGIN { @started = 1; } END { printf("bye\n"); }' > out &
spid=$!
i=0
while ! grep -q __SPYGLASS_ATTACHED out 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
kill -INT $spid
wait $spid
echo "status $?"
grep -v __SPYGLASS_ATTACHED out
