# Maps that fill up (config max_map_keys) are reported once per map at exit,
# with the number of dropped updates, instead of being silently truncated:
# 6 keys into @m and 5 into the count() map @c, 4 keys each; the per-CPU
# aggregation maps (sum, avg, stats, hist) the same. Text: a warning on
# stderr; JSON: one map_full record per map on the output (the map itself
# still printed, with the keys it could hold).
PROG='config = { max_map_keys = 4 }
BEGIN { @m[1] = 1; @m[2] = 2; @m[3] = 3; @m[4] = 4; @m[5] = 5; @m[6] = 6; @m[1] = 10;
	@c[1] = count(); @c[2] = count(); @c[3] = count(); @c[4] = count(); @c[5] = count();
	@ok = 1; exit(); }'
$SPYGLASS -q -e "$PROG" 2>err | sort
cat err
AGG='config = { max_map_keys = 4 }
BEGIN { @s[1] = sum(1); @s[2] = sum(1); @s[3] = sum(1); @s[4] = sum(1); @s[5] = sum(1);
	@a[1] = avg(1); @a[2] = avg(1); @a[3] = avg(1); @a[4] = avg(1); @a[5] = avg(1); @a[6] = avg(1);
	@t[1] = stats(1); @t[2] = stats(1); @t[3] = stats(1); @t[4] = stats(1); @t[5] = stats(1);
	@h[1] = hist(1); @h[2] = hist(1); @h[3] = hist(1); @h[4] = hist(1); @h[5] = hist(1);
	exit(); }'
$SPYGLASS -q -e "$AGG" 2>&1 >/dev/null
echo "json:"
$SPYGLASS -q -f json -e "$PROG" > j
grep map_full j
echo "@m keys: $(grep '"@m"' j | grep -o '"[0-9]*": ' | wc -l), @c keys: $(grep '"@c"' j | grep -o '"[0-9]*": ' | wc -l)"
$SPYGLASS -q -f json -e "$AGG" | grep map_full
