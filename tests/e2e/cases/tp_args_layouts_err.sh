# A field that only some of a probe's tracepoints have: the error names one
# that lacks it, once (though the probe is compiled once per layout).
$SPYGLASS -e 'tracepoint:syscalls:sys_enter_open, tracepoint:syscalls:sys_enter_close,
tracepoint:syscalls:sys_enter_dup { @[args.filename] = count(); }'
