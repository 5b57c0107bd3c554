# Map declarations (newest bpftrace): let @m = TYPE(N) sets the BPF map type
# and its max entries: a hash of 1 drops the second key (and says so on
# stderr), LRU maps evict the oldest key instead, percpuarray holds one
# scalar aggregation. An unstable feature: a warning unless enabled.
$SPYGLASS -q -e 'config = { unstable_map_decl = enable }
let @h = hash(1);
let @l = lruhash(2);
let @p = percpuhash(1);
let @pl = percpulruhash(1);
let @pa = percpuarray(1);
BEGIN {
	@h[1] = 1; @h[2] = 2;
	@l[1] = 1; @l[2] = 2; @l[3] = 3;
	@p[1] = count(); @p[2] = count();
	@pl[1] = count(); @pl[2] = count();
	@pa = count(); @pa = count();
	printf("len %d %d\n", len(@h), len(@l));
	exit();
}' 2>"$PWD/err"
cat err
$SPYGLASS -q -f json -e 'config = { unstable_map_decl = 1 } let @h = hash(1);
	BEGIN { @h[1] = 1; @h[2] = 2; exit(); }'
# the warnings: unstable feature (default), unused map
$SPYGLASS -q -e 'let @u = hash(4); BEGIN { exit(); }' 2>&1
echo "exit $?"
for p in \
	'let @a = foo(1); BEGIN { @a = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = hash(0); BEGIN { @a = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = hash(1, 2); BEGIN { @a = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = percpuarray(2); BEGIN { @a = count(); }' \
	'config = { unstable_map_decl = 1 } let @a = hash(2); let @a = lruhash(3); BEGIN { @a = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = 5; BEGIN { @a = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = hash(2); BEGIN { @a[1] = count(); }' \
	'config = { unstable_map_decl = 1 } let @a = percpuhash(2); BEGIN { @a[1] = 1; }' \
	'config = { unstable_map_decl = 1 } let @a = percpuarray(1); BEGIN { @a[1] = count(); }' \
	'config = { unstable_map_decl = error } let @a = hash(2); BEGIN { @a[1] = 1; }' \
	'config = { unstable_map_decl = maybe } BEGIN { @a[1] = 1; }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
