# if / else if / else, predicates, string variables and comparisons.
$SPYGLASS -q -e 'BEGIN {
	$i = 5;
	if ($i > 10) { printf("big\n"); } else if ($i > 3) { printf("medium\n"); } else { printf("small\n"); }
	if ($i == 5 && $i != 6) { printf("five\n"); }
	$s = "abc";
	if ($s == "abc") { printf("s is abc\n"); }
	if ($s != "abd") { printf("s is not abd\n"); }
	if ("abc" == $s && $s != "ab") { printf("both ways\n"); }
	$t = $i > 3 ? "yes" : "no";
	printf("%s\n", $t); if (comm != "") { printf("comm is set\n"); }
	exit();
}'
