# This kernel has neither kprobes nor BPF trampolines: each probe type fails
# before anything is loaded, with one line naming the missing feature, and
# exit 1, and nothing of the run is left (the tracepoint in the same script
# is not left attached: checked at the end). Bad
# function names are compile errors. Skipped where the kernel has kprobes.
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	echo "kernel has kprobes" >&3
	exit 77
fi
for p in kprobe:vfs_read kretprobe:vfs_read+0 'k:vfs_rea*' fentry:vfs_read kfunc:vfs_read fexit:vfs_read; do
	$SPYGLASS -e "$p { @ = count(); } tracepoint:syscalls:sys_enter_getpid { @ = count(); }" 2>&1
	echo "rc=$?"
done
$SPYGLASS -e 'kprobe:no_such_kernel_function { }' 2>&1 | head -1
$SPYGLASS -e 'kprobe:no_such_*_kernel_function { }' 2>&1 | head -1
$SPYGLASS -e 'kprobe:vfs_*+4 { }' 2>&1 | head -1
$SPYGLASS -e 'fexit:no_such_kernel_function { }' 2>&1 | head -1
$SPYGLASS -e 'kprobe:vfs_read { @ = retval; }' 2>&1 | head -1
# The compile side is complete: fexit reads retval with bpf_get_func_ret and
# args from the BTF prototype (one u64 slot per argument).
$SPYGLASS --dump=ir -e 'fexit:vfs_read { @[args.count] = sum(retval); }' 2>&1 | grep -Eo 'get_func_ret|load.u64 \[%0\+16\]'
# Nothing of such a run is left: no program, map or process of it
# (checked as in the cleanup_* cases).
. "$CASES/cleanup_lib.inc"
missing() {
	for p in kprobe:vfs_read fentry:vfs_read; do
		SG_CLEANUP_TAG=$1 $SG -q -e "$p { $M = count(); }
tracepoint:syscalls:sys_enter_getpid { $M = count(); }" >/dev/null 2>&1
	done
}
loop 1 "kprobe and fentry" missing
