# Bad stack and user-symbol arguments: one located error each, exit 1.
T=$(dirname "$WORKLOAD")/stack_target
for e in 'ustack("bogus")' 'kstack(-1)' 'kstack(bogus)' 'ustack(perf, 0)' 'kstack(3, perf)' \
	'kstack(200)' 'ustack(perf, 3, 4)' 'usym("x")' 'uaddr("st_inner")' 'uaddr(1)'; do
	$SPYGLASS -e "tracepoint:syscalls:sys_enter_getpid { print($e); }" >/dev/null 2>err.txt
	echo "rc=$? $(head -1 err.txt)"
done
# uaddr needs a fixed address: a PIE's is known only at run time.
$SPYGLASS -e "uprobe:$T:st_inner { print(uaddr(\"st_outer\")); }" 2>&1 | head -1 |
	sed -e "s|$T|TARGET|g" -e 's/^stdin:1:[0-9]*:/stdin:1:N:/'
$SPYGLASS -e "uprobe:$T:st_inner { print(uaddr(\"nope\")); }" 2>&1 | head -1 |
	sed -e "s|$T|TARGET|g" -e 's/^stdin:1:[0-9]*:/stdin:1:N:/'
BPFTRACE_STACK_MODE=bogus $SPYGLASS -e 'BEGIN { exit(); }' 2>&1
echo "rc=$?"
