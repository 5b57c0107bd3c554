# `func` names the traced function: one program on a wildcard of uprobes
# tells its functions apart (text and JSON; uretprobe too); it is an error
# in probes that trace no function.
T=$(dirname "$WORKLOAD")/uprobe_target_nopie
$SPYGLASS -q -e "uprobe:$T:target_* { @[func] = count(); }
uretprobe:$T:target_mul3 { printf(\"ret %s\n\", func); }" -c "$T 3" | sort
$SPYGLASS -q -f json -e "uprobe:$T:target_add { @[func, arg0] = count(); }" -c "$T 1"
echo
$SPYGLASS -e 'tracepoint:syscalls:sys_enter_getpid { @[func] = count(); }' 2>&1
$SPYGLASS -e "uprobe:$T:target_add {
	@ = func + 1; }" 2>&1
