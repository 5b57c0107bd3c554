# Output to a pipe whose reader went away (`spyglass … | head -1`): spyglass
# ends by itself, cleanly (exit 0, no SIGPIPE death, no sanitizer report),
# both while printing events and while printing a map bigger than the pipe,
# in text and in JSON.
$WORKLOAD getpid 100000000 &
w=$!
{ timeout 20 $SPYGLASS -q -e 'tracepoint:raw_syscalls:sys_enter { printf("line %d\n", args.id); }'
  echo "events: status $?" > rc1; } | head -1 | cut -c1-4
cat rc1
{ timeout 20 $SPYGLASS -q -e 'tracepoint:raw_syscalls:sys_enter { @m[tid, args.id, nsecs] = count(); }
	interval:ms:500 { exit(); }'
  echo "maps: status $?" > rc2; } | head -1
cat rc2
{ timeout 20 $SPYGLASS -q -f json -e 'tracepoint:raw_syscalls:sys_enter { printf("line %d\n", args.id); }'
  echo "json events: status $?" > rc3; } | head -1 | cut -c1-30
cat rc3
{ timeout 20 $SPYGLASS -q -f json -e 'tracepoint:raw_syscalls:sys_enter { @m[tid, args.id, nsecs] = count(); }
	interval:ms:500 { exit(); }'
  echo "json maps: status $?" > rc4; } | head -c 9
echo
cat rc4
kill $w
wait $w 2>/dev/null || true
