# -p PID: only that process's USDT probes fire, and only its semaphore is
# set (the other copy computes nothing); tracing ends when it exits.
T=$(dirname "$WORKLOAD")/usdt_target
"$T" 3 1500 >traced.out & traced=$!
"$T" 5 1500 >other.out & other=$!
$SPYGLASS -q -p $traced -e "usdt:$T:sgsema:expensive { @expensive = count(); @sema = max(arg2); }
usdt:$T:sgtest:args { @calls = count(); @sum = sum(arg0); }"
wait $other
cat traced.out other.out
