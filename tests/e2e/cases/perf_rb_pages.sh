# perf_rb_pages / BPFTRACE_PERF_RB_PAGES sizes the event ringbuf: 33 pages
# round up to 64 (a power of two), 262144 bytes with 4 KiB pages. Checked on
# the loaded map while the program runs.
want=$(( $(getconf PAGESIZE) * 64 ))
BPFTRACE_PERF_RB_PAGES=33 $SPYGLASS -q -e 'interval:s:3 { printf("done\n"); exit(); }' &
found=no
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	if bpftool map show 2>/dev/null | grep -A1 'ringbuf  name _events' |
	   grep -q "max_entries $want "; then
		found=yes
		break
	fi
	sleep 0.1
done
echo "ringbuf of 64 pages: $found"
wait
# The script's config block does the same.
$SPYGLASS -q -e 'config = { perf_rb_pages = 2 } BEGIN { printf("ok\n"); exit(); }'
