# config = { ... } block and environment variables (the block wins), and the
# bpftrace flags accepted for compatibility: -B, -k, -kk, -I, --include FILE,
# --unsafe, --no-warnings.
P='tracepoint:syscalls:sys_enter_openat /pid == cpid/ { @m = 1; $s = str(args.filename); printf("[%s]\n", $s); }'
W="$WORKLOAD openat 1 /etc/hostname"
$SPYGLASS -q -e "config = { max_strlen = 8; print_maps_on_exit = false; stack_mode = perf } $P" -c "$W"
echo "--"
BPFTRACE_MAX_STRLEN=6 $SPYGLASS -q -e "$P" -c "$W"
SPYGLASS_MAX_STRLEN=6 $SPYGLASS -q -e "config = { BPFTRACE_MAX_STRLEN = 10 } $P" -c "$W"
BPFTRACE_MAX_MAP_KEYS=2 $SPYGLASS -q -e 'BEGIN { @[1] = 1; @[2] = 2; @[3] = 3; exit(); }'
$SPYGLASS -q -e 'config = { max_map_keys = 1 } BEGIN { @[1] = 1; @[2] = 2; exit(); }'
$SPYGLASS -q -B none -k -kk --unsafe --no-warnings -I /tmp --include /tmp -e 'BEGIN { printf("flags ok\n"); exit(); }' 2>&1
$SPYGLASS -q -B full -e 'BEGIN { printf("full\n"); exit(); }'
$SPYGLASS -q -B line -e 'BEGIN { printf("line\n"); exit(); }'
$SPYGLASS -B sometimes -e 'BEGIN { }' 2>&1
echo "exit $?"
for p in \
	'config = { bogus = 1 } BEGIN { }' \
	'config = { max_strlen = "x" } BEGIN { }' \
	'config = { stack_mode = weird } BEGIN { }' \
	'config = { print_maps_on_exit = 5 } BEGIN { }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
BPFTRACE_MAX_STRLEN=abc $SPYGLASS -e 'BEGIN { }' 2>&1
echo "exit $?"
# max_strlen = 1024: string variables and temporaries (a map key here) live
# in the per-CPU scratch map, not on the 512-byte stack.
$SPYGLASS -q -e 'config = { max_strlen = 1024 } tracepoint:syscalls:sys_enter_openat /pid == cpid/ {
	$a = str(args.filename); $b = str(args.filename); $c = $a;
	if ($a == $b && $c == "/etc/hostname") { printf("big %s %s\n", $a, $c); } }' -c "$WORKLOAD openat 1 /etc/hostname"
$SPYGLASS -q -e 'config = { max_strlen = 1024 } BEGIN { @m[str(0)] = 1; exit(); }' 2>&1
echo "exit $?"
