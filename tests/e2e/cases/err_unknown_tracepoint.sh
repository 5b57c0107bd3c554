# An unknown tracepoint is named, with the nearest existing names suggested.
$SPYGLASS -e 'tracepoint:syscalls:sys_enter_opnat { @ = count(); }'
