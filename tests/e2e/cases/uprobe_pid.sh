# -p PID: only that process's calls are seen, though another copy runs too;
# tracing ends when the process exits.
T=$(dirname "$WORKLOAD")/uprobe_target
"$T" 3 1500 & traced=$!
"$T" 5 1500 & other=$!
$SPYGLASS -q -p $traced -e "uprobe:$T:target_add { @calls = count(); @sum = sum(arg0); }"
wait $other
