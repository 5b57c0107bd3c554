# Nothing of ours remains after the -c command's exit (the traced USDT
# target), the -p process's exit (uprobes attached to that process only)
# and after an attach error half way (every probe of cleanup_types.inc
# attached, then a hardware probe failing), 50 times each.
. "$CASES/cleanup_types.inc"
by_cmd() { SG_CLEANUP_TAG=$1 $SG -q -e "$PROBES" -c "$ST 2" >/dev/null; }
by_pid() {
	$ST 2 150 > /dev/null &
	t=$!
	SG_CLEANUP_TAG=$1 $SG -q -p $t -e "$PROBES" >/dev/null
	wait $t
}
by_attach_error() {
	SG_CLEANUP_TAG=$1 $SG -q -e "$PROBES hardware:cpu-cycles:1000000 { $M = count(); }" 2>/dev/null
	[ $? -eq 1 ] || { echo "attach error: exit status not 1"; bad=$((bad+1)); }
}
loop 50 cmd by_cmd
loop 50 pid by_pid
loop 50 attach_error by_attach_error
ours_in_tracefs
