# -c CMD: like bpftrace, uprobes and USDT probes fire only in the command's
# process. Another copy of the same binary calls the same functions while
# the trace runs (after 0.8 s; the traced command after 1.5 s): without the
# filter @calls would be 3 + 50 and @usdt 2 + 4. (A command with shell
# syntax runs as /bin/sh -c and is not filtered: usdt_args.sh relies on that.)
T=$(dirname "$WORKLOAD")/uprobe_target
U=$(dirname "$WORKLOAD")/usdt_target
"$T" 50 800 >/dev/null & other=$!
$SPYGLASS -q -e "uprobe:$T:target_add { @calls = count(); @child[pid == cpid] = count(); }" -c "$T 3 1500" | grep -v '^target'
wait $other
"$U" 4 800 >/dev/null & other=$!
$SPYGLASS -q -e "usdt:$U:sgtest:args { @usdt = count(); }" -c "$U 2 1500" >out.txt
wait $other
grep '^@' out.txt
