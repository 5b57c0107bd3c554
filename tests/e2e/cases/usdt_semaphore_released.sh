# A USDT semaphore is released before spyglass exits, not later by the
# background reaper that closes the other probes' perf events: a program
# started right after spyglass ended must not see it set (it would compute
# the probe's arguments for nothing). Every probe of the target is attached,
# so that the reaper has several events to close. 5 times.
T=$(dirname "$WORKLOAD")/usdt_target
for i in 1 2 3 4 5; do
	$SPYGLASS -q -e "usdt:$T:*:* { @[probe] = count(); }" -c "$T 1" > /dev/null
	$T 1
done
