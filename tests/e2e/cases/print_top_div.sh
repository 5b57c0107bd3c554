# print(@m, top, div): only the largest `top` entries, values divided by div
# (text and JSON; checked against bpftrace 0.17, whose hist bars used the
# undivided counts — the newest bpftrace draws them from the divided ones).
P='BEGIN { @a[1] = 10; @a[2] = 25; @a[3] = 37; @a[4] = 3;
	print(@a, 2, 10); print(@a, 2); print(@a, 0);
	@h = hist(5); @h = hist(100); @h = hist(100); print(@h, 1, 2);
	@c = count(); print(@c, 0, 1); print(5); print("abc"); print((1, "x"));
	clear(@a); clear(@h); exit(); }'
$SPYGLASS -q -e "$P"
$SPYGLASS -q -f json -e "$P"
# top and div are integer literals, as in bpftrace.
$SPYGLASS -q -e 'BEGIN { @a[1] = 1; $n = 2; print(@a, $n); }' 2>&1; echo "rc=$?"
$SPYGLASS -q -e 'BEGIN { @a[1] = 1; print(@a, 1, -2); }' 2>&1; echo "rc=$?"
