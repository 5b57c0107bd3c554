# -d / --dump print the pipeline stages and do not run the program.
$SPYGLASS --dump=ast -e 'BEGIN { @x = count(); }'
$SPYGLASS --dump=ir -e 'BEGIN { exit(); }' | grep -c 'exit' | sed 's/^[1-9][0-9]*$/ir has exits/'
$SPYGLASS --dump=bpf -e 'BEGIN { exit(); }' | grep -q 'call bpf_ringbuf_reserve' && echo "bpf dump has ringbuf_reserve"
$SPYGLASS -d -e 'BEGIN { @ = 1; }' >/dev/null && echo "-d ok"
