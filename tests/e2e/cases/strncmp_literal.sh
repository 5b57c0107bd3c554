# strncmp() against a literal compares min(n, strlen + 1) bytes with
# immediates (either argument order); results at every boundary: n shorter
# than, equal to and past the literal, n = 0, literals longer than the
# other string's buffer, and a pair of runtime strings.
$SPYGLASS -q -e 'BEGIN { $s = "spyglass"; $t = "spyglass";
	printf("%d %d %d %d\n", strncmp($s, "spyg", 4), strncmp("spyg", $s, 4),
	       strncmp($s, "spyx", 4), strncmp($s, "spyx", 3));
	printf("%d %d %d %d\n", strncmp($s, "spyglass", 20), strncmp($s, "spyglas", 20),
	       strncmp($s, "spyglas", 7), strncmp($s, "spyglassXX", 8));
	printf("%d %d %d\n", strncmp($s, "", 0), strncmp($s, "abc", 0), strncmp($s, "", 1));
	printf("%d %d %d\n", strncmp($s, "spyglass and a lot more", 30), strncmp($s, $t, 16),
	       strncmp(comm, "spyglass", 8));
	exit(); }'
