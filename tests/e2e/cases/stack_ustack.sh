# ustack on a uprobe of a PIE built with frame pointers (tests/stack_target.c:
# main → st_outer → st_middle → st_inner). At a function's entry its caller's
# frame is not set up yet, so like bpftrace the frames are st_inner+0, then
# st_outer (st_middle's return address is only on the stack), main, and
# libc's __libc_start_call_main (symbol from libc6-dbg's build-id file).
# Offsets past the first frame depend on the compiler: replaced by N.
# bpftrace mode (printf, print, map key), perf mode, a frame limit, raw mode.
T=$(dirname "$WORKLOAD")/stack_target
$SPYGLASS -q -e "uprobe:$T:st_inner { printf(\"[%s]\n\", ustack); print(ustack(perf, 3));
  @[ustack(3), comm] = count(); @n = count(); }" -c "$T 2" |
	sed -e "s|$T|TARGET|" -e 's/^\t[0-9a-f]* /\tADDR /' -e 's/\([a-z_]\)+[1-9][0-9]*/\1+N/'
# raw mode: the bare addresses (no indent, no symbol), the same ones perf
# mode prints before each symbol.
$SPYGLASS -q -e "uprobe:$T:st_inner { printf(\"%s\", ustack(raw, 3)); printf(\"%s\", ustack(perf, 3)); }" -c "$T 1" >raw.txt
grep -c '^[0-9a-f][0-9a-f]*$' raw.txt
grep '^[0-9a-f]' raw.txt >a.txt
sed -n 's/^\t\([0-9a-f]*\) .*/\1/p' raw.txt >b.txt
cmp -s a.txt b.txt && echo "raw = perf addresses"
