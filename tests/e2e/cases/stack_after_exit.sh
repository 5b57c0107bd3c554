# Stacks of a process that has exited by the time maps are printed still get
# symbols: the probe tells user space the first time a pid makes a ustack,
# and its mappings are read then (bpftrace prints bare addresses here).
T=$(dirname "$WORKLOAD")/stack_target
$SPYGLASS -q -e "uprobe:$T:st_inner { @[ustack(2)] = count(); }" -c "$T 3 100" |
	sed -e 's/\([a-z_]\)+[1-9][0-9]*/\1+N/'
