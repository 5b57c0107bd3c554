# (string[N])s and (string)s resize a string (newest bpftrace): cut to N-1
# characters and a NUL, or zero-padded (a 1024-byte one lives in the
# per-CPU scratch map); `let $d: string[8]` declares one. Non-strings and
# sizes outside 1..1024 are located errors.
$SPYGLASS -q -e 'BEGIN { let $a = (string[1024])"hi"; print($a); $b = (string[3])"hello"; print($b);
	$c = (string)comm; print($c == comm); let $d: string[8] = "xy"; print($d);
	@m = (string[5])"abcdefgh"; printf("%s|%s|%d\n", (string[2])"zz", $b, sizeof($a)); exit(); }'
$SPYGLASS -e 'BEGIN { $b = (string[0])"x"; $c = (string)1; }' 2>&1
echo "exit $?"
