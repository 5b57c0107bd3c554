# Stacks through our own shared library (tests/libsgtest.c, built with frame
# pointers): a uprobe at a library function's entry (its caller's frame is
# not set up yet, so sglib_middle is skipped, as in bpftrace), and a USDT
# probe in the library, mid-function, whose stack has every frame; perf
# mode names each frame's file. The USDT probe has a semaphore that the library
# checks before firing: arg2, its value as the library sees it, is 1.
# Offsets past the first frame depend on the compiler: replaced by N.
B=$(dirname "$WORKLOAD")
T=$B/lib_target
$SPYGLASS -q -e "uprobe:$B/libsgtest.so:sglib_inner { @[ustack] = count(); }
usdt:$B/libsgtest.so:sglib:outer { printf(\"outer(%d) = %d, semaphore %d\n\", arg0, arg1, arg2);
  @u[ustack(perf, 3)] = count(); }" -c "$T 3" |
	sed -e "s|$B|BUILD|g" -e 's/^\t[0-9a-f]* /\tADDR /' -e 's/\([a-z_]\)+[1-9][0-9]*/\1+N/'
