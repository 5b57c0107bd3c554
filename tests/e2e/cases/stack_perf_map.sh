# /tmp/perf-PID.map for JIT runtimes (tests/jit_target.c): jt_inner is
# called once directly, then, 300 ms later, through code the target has
# just put in an anonymous mapping and named jit_trampoline in its perf
# map. Stacks are resolved as each event arrives: the process's mappings,
# read at its first stack, do not know the new code yet, so they are read
# again (perf map included). The trampoline's offset is fixed (+12: after
# its call); the other frames' offsets vary by compiler: N.
T=$(dirname "$WORKLOAD")/jit_target
$SPYGLASS -q -e "uprobe:$T:jt_inner { printf(\"%s\", ustack(3)); print(ustack(perf, 2)); }" -c "$T 2 >target.out" |
	sed -e "s|$T|TARGET|" -e 's|/tmp/perf-[0-9]*\.map|/tmp/perf-PID.map|' -e 's/^\t[0-9a-f]* /\tADDR /' \
	    -e 's/\(main\|_main\)+[0-9]*/\1+N/'
cat target.out
