# -k: failing probe reads reported at run time with the call's location
# (bpftrace's "stdin:L:C-E: WARNING: Failed to HELPER: ERR (RET)" + source
# line + underline; text on stderr, JSON "helper_error" records on stdout).
# -kk also reports failing map updates. Without -k nothing is checked.
P='tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { printf("%s|\n", str(0x10)); }'
echo "-k text (stderr):"
$SPYGLASS -q -k -e "$P" -c "$WORKLOAD getpid 1" 2>&1 >/dev/null
echo "-k json:"
$SPYGLASS -q -k -f json -e "$P" -c "$WORKLOAD getpid 1" 2>&1
echo "no -k:"
$SPYGLASS -q -e "$P" -c "$WORKLOAD getpid 1" 2>&1
M='BEGIN { $i = 0; while ($i < 3) { @m[$i] = 1; $i++; } clear(@m); exit(); }'
echo "-kk map update:"
BPFTRACE_MAX_MAP_KEYS=2 $SPYGLASS -q -kk -e "$M" 2>&1 >/dev/null
echo "-k map update (not checked):"
BPFTRACE_MAX_MAP_KEYS=2 $SPYGLASS -q -k -e "$M" 2>&1 >/dev/null
# The check is code only -k adds: the dump without it has no second event.
D='tracepoint:syscalls:sys_enter_getpid { printf("%s|\n", str(0x10)); }'
n0=$($SPYGLASS --dump=bpf -e "$D" 2>&1 | grep -c ringbuf_reserve)
n1=$($SPYGLASS -k --dump=bpf -e "$D" 2>&1 | grep -c ringbuf_reserve)
echo "ringbuf_reserve calls: without -k $n0, with -k $n1"
# -k also reports deletes and reads of keys the map does not have, with
# newest bpftrace's messages (a read yields 0; the delete does nothing).
K='i:ms:1 { @[1] = 1; delete(@, 2); printf("%d\n", @[3]); exit(); }'
echo "-k missing keys:"
$SPYGLASS -q -k -e "$K" 2>&1
$SPYGLASS -q -k -f json -e "$K" 2>&1
echo "no -k:"
$SPYGLASS -q -e "$K" 2>&1
