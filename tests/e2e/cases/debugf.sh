# debugf() writes through bpf_trace_printk to the kernel trace buffer, not to
# our output: integers are 64-bit (%d, %u, %x with width), strings come from
# the stack, up to three arguments; a fourth, a float-style conversion and a
# map argument are refused before loading. The lines are read back from
# tracefs' trace file, tagged so that other writers can't match.
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || { echo "tracefs not available" >&3; exit 0; }
echo > $T/trace
$SPYGLASS -q -e 'BEGIN { $s = "spy"; debugf("sgdbg %d %u %x\n", -5, 7, 255);
	debugf("sgdbg [%5d] %s glass\n", 42, $s); debugf("sgdbg plain\n");
	debugf("sgdbg %s %d\n", "lit", 1 + 1); exit(); }' 2>/dev/null
sed -n 's/.*bpf_trace_printk: \(sgdbg.*\)/\1/p' $T/trace
$SPYGLASS -e 'BEGIN { debugf("%d %d %d %d\n", 1, 2, 3, 4); }' 2>&1
$SPYGLASS -e 'BEGIN { debugf("%f\n", 1); }' 2>&1
$SPYGLASS -e 'BEGIN { @m[1] = 1; debugf("%d\n", @m); }' 2>&1 | head -1
$SPYGLASS -e 'BEGIN { debugf("hi\n"); exit(); }' 2>&1 | head -1
