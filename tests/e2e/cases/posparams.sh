# Positional parameters are literals, as in bpftrace: numeric ones are
# integers (where only literals are allowed too: lhist, buf, unroll,
# strncmp), a missing one is 0 (and "" in str()), $# counts them, other text
# is a string; str($N + K) skips K bytes. In attach points $N is replaced
# by its text, even a whole probe.
$SPYGLASS -q -e 'BEGIN {
	printf("%d %d %lu %d %s|%s|%s\n", $1, $5, $2, $#, str($5), str($3 + 2), $3);
	@h = lhist($1, 0, 10, $4);
	@b = count();
	unroll ($4) { @b = count(); }
	printf("%r %d %d\n", buf($3, $4), strncmp($3, "heLLo", $4), strncmp($3, "heLLo", $1));
	exit();
}' 3 0xffffffffffffffff hello 2
$SPYGLASS -q -e 'interval:ms:$1 { printf("interval %d\n", $1); exit(); }' 20
$SPYGLASS -q -e 'BEG$1 { printf("begin via BEG$1\n"); exit(); }' IN
$SPYGLASS -q -e '$1 { printf("whole probe from $1\n"); exit(); }' interval:ms:10
$SPYGLASS -q -e 'BEGIN { printf("%d %d\n", $1, -$1); exit(); }' -- -7
# Bad input: a missing parameter in an attach point, and str($N + K) past
# the text's end.
$SPYGLASS -e 'interval:s:$1 { exit(); }' 2>&1
echo "exit $?"
$SPYGLASS -e 'BEGIN { printf("%s\n", str($1 + 9)); exit(); }' abc 2>&1
echo "exit $?"
