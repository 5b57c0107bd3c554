# Every example in README.md runs (bounded in time) and produces its kind of output.
. "$CASES/common.inc"
export SPYGLASS_NOTIFY_PROBES_ATTACHED=1
run_until_attached() { # run spyglass in the background, SIGINT it once attached
	rm -f out # a stale attach line from an earlier example would end the wait early
	"$SPYGLASS" -q "$@" > out 2> err &
	p=$!
	wait_attached out
	$WORKLOAD getpid 1 openat 1 /dev/null
	sleep 0.1
	kill -INT $p
	wait $p
	echo "status $?"
}
# 1: the first README command, as written there (after `make &&`)
cmd=$(sed -n 4p "$CASES/../../../README.md" | sed 's/^make && //')
case "$cmd" in ./build/spyglass*) ;; *) echo "README line 4 changed: $cmd"; exit 1 ;; esac
$WORKLOAD sleep 1 300 openat 3 /dev/null &
eval "\"\$SPYGLASS\" -q ${cmd#./build/spyglass}" > out && grep -q '^@\[.*\]: [0-9]*$' out && echo "example 1 ok"
# 2: count syscalls by process until Ctrl-C
run_until_attached -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
grep -q '^@\[workload\]: [0-9]*$' out && echo "example 2 ok"
# 3: histogram of read sizes of one command
"$SPYGLASS" -q -e 'tracepoint:syscalls:sys_exit_read /pid == cpid/ { @bytes = hist(args.ret); }' -c 'cat /etc/passwd' > out
grep -q '^@bytes:' out && grep -q '^\[0\] ' out && echo "example 3 ok"
# 4: files opened, as they are opened
run_until_attached -e 'tracepoint:syscalls:sys_enter_openat { printf("%-16s %s\n", comm, str(args.filename)); }'
grep -q '^workload  *\/dev\/null$' out && echo "example 4 ok"
# 5: which syscalls a command makes
"$SPYGLASS" -q -e 't:syscalls:sys_enter_* /pid == cpid/ { @[probe] = count(); }' -c 'ls /' > out
grep -q '^@\[tracepoint:syscalls:sys_enter_getdents64\]: [0-9]*$' out && echo "example 5 ok"
