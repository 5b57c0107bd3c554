# Bad uprobes are named in located errors; retval/arg0 need a fitting probe.
T=$(dirname "$WORKLOAD")/uprobe_target
for p in "uprobe:$T:no_such_function" "uprobe:/no/such/binary:f" "uprobe:nosuchlib_xyz:f" \
	"uprobe:$T:target_add+" "uprobe:$T:target_add+4000" "uprobe:$T" "uretprobe:/etc/passwd:f"; do
	$SPYGLASS -e "$p { @ = count(); }" 2>&1 | head -1 | sed -e "s|$T|TARGET|g" -e "s|([0-9]* bytes)|(N bytes)|"
done
# Columns after the path depend on its length.
$SPYGLASS -e "uprobe:$T:target_add { @ = retval; }" 2>&1 | head -1 | sed 's/^stdin:1:[0-9]*:/stdin:1:N:/'
$SPYGLASS -e 'tracepoint:syscalls:sys_enter_getpid { @ = arg0; }' 2>&1 | head -1
$SPYGLASS -e "uprobe:$T:target_add { @ = arg6; }" 2>&1 | head -1 | sed 's/^stdin:1:[0-9]*:/stdin:1:N:/'
