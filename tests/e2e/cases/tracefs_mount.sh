# With tracefs unmounted, spyglass mounts it itself and traces normally.
if ! umount /sys/kernel/tracing 2>/dev/null; then
	echo "tracefs busy or not unmountable here" >&3
	exit 77
fi
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @ = count(); }' -c "$WORKLOAD getpid 3"
grep -q ' /sys/kernel/tracing tracefs ' /proc/mounts && echo "tracefs mounted again"
