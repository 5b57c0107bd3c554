# Maps that fill up (config max_map_keys) are reported once per map at exit
# on stderr, with the number of dropped updates, instead of being silently
# truncated: 6 keys into @m and 5 into the count() map @c, 4 keys each.
$SPYGLASS -q -e 'config = { max_map_keys = 4 }
BEGIN { @m[1] = 1; @m[2] = 2; @m[3] = 3; @m[4] = 4; @m[5] = 5; @m[6] = 6; @m[1] = 10;
	@c[1] = count(); @c[2] = count(); @c[3] = count(); @c[4] = count(); @c[5] = count();
	@ok = 1; exit(); }' 2>err | sort
cat err
