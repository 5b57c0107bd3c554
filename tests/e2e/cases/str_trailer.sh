# A str() result that fills max_strlen was cut: bpftrace appends its
# str_trunc_trailer ("..", config or BPFTRACE_STR_TRUNC_TRAILER), in printf,
# print, map keys and JSON. on_stack_limit (newest bpftrace) is accepted.
P='tracepoint:syscalls:sys_enter_openat /pid == cpid && strcontains(str(args.filename), "/dev")/ { printf("%s|%s\n", str(args.filename), str(args.filename, 3)); print(str(args.filename)); @[str(args.filename)] = 1; }'
BPFTRACE_MAX_STRLEN=6 $SPYGLASS -q -e "$P" -c "$WORKLOAD openat 1 /dev/null"
BPFTRACE_MAX_STRLEN=6 BPFTRACE_STR_TRUNC_TRAILER='~' $SPYGLASS -q -e "$P" -c "$WORKLOAD openat 1 /dev/null"
$SPYGLASS -q -f json -e "config = { max_strlen = 8; on_stack_limit = 8; str_trunc_trailer = \"_xxx\" } $P" -c "$WORKLOAD openat 1 /dev/null"
# Whole strings get none.
$SPYGLASS -q -e "$P" -c "$WORKLOAD openat 1 /dev/null"
$SPYGLASS -e 'config = { str_trunc_trailer = 5 } BEGIN { exit(); }' 2>&1
echo "exit $?"
