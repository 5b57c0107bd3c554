# ustack on a uprobe of a PIE built with frame pointers (tests/stack_target.c:
# main → st_outer → st_middle → st_inner). At a function's entry its caller's
# frame is not set up yet, so like bpftrace the frames are st_inner+0, then
# st_outer (st_middle's return address is only on the stack), main, and
# libc's __libc_start_call_main (symbol from libc6-dbg's build-id file).
# Offsets past the first frame depend on the compiler: replaced by N.
# bpftrace mode (printf, print, map key), perf mode, and a frame limit.
T=$(dirname "$WORKLOAD")/stack_target
$SPYGLASS -q -e "uprobe:$T:st_inner { printf(\"[%s]\n\", ustack); print(ustack(perf, 3));
  @[ustack(3), comm] = count(); @n = count(); }" -c "$T 2" |
	sed -e "s|$T|TARGET|" -e 's/^\t[0-9a-f]* /\tADDR /' -e 's/\([a-z_]\)+[1-9][0-9]*/\1+N/'
