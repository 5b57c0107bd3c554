# cat() prints at most max_cat_bytes of a file: bpftrace's default 10240,
# the config key or BPFTRACE_MAX_CAT_BYTES.
printf 'abcdefghij%.0s' $(seq 2000) > big.txt
$SPYGLASS -q -e 'BEGIN { cat("big.txt"); exit(); }' | head -c 10300 | wc -c
BPFTRACE_MAX_CAT_BYTES=4 $SPYGLASS -q -e 'BEGIN { cat("big.txt"); printf("|\n"); exit(); }'
$SPYGLASS -q -e 'config = { max_cat_bytes = 7 } BEGIN { cat("big.txt"); printf("|\n"); exit(); }'
$SPYGLASS -e 'config = { max_cat_bytes = 0 } BEGIN { exit(); }' 2>&1
echo "exit $?"
BPFTRACE_MAX_CAT_BYTES=x $SPYGLASS -e 'BEGIN { exit(); }' 2>&1
echo "exit $?"
