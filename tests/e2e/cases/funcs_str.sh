# String functions: strlen, strncmp, strcontains, buf with %r/%rx/%rh, and
# string literal escapes (the strncmp/buf/escape lines match bpftrace 0.17).
$SPYGLASS -q -e 'BEGIN {
	printf("a\tb\"c\\d\x41\101|%s|\n", "x\ty\x42\n");
	printf("%d %d %d|%r|%rx|%rh\n", strncmp("hello", "help", 3), strncmp("hello", "help", 4),
	       strncmp("", "", 5), buf("A\x00\xff\n", 4), buf("hi", 2), buf("\x01\x7f", 2));
	$s = "hello";
	printf("%d %d %d\n", strlen($s), strlen(""), strlen(str(0)));
	printf("%d %d %d %d %d %d\n", strcontains($s, "ll"), strcontains($s, "lo"),
	       strcontains($s, "x"), strcontains($s, ""), strcontains($s, $s), strcontains("ab", $s));
	print(buf("xy\x01", 3));
	exit();
}'
# With a runtime string: the file names a process opens.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_openat
    /pid == cpid && (strcontains(str(args.filename), "/dev/") || strcontains(str(args.filename), "host"))/ {
	$f = str(args.filename);
	printf("%s len=%d null=%d host=%d\n", $f, strlen($f), strcontains($f, "null"), strncmp($f, "/etc/h", 6));
}' -c "$WORKLOAD openat 1 /dev/null openat 1 /etc/hostname"
# str($N): the parameter's text, even when numeric (as bpftrace 0.17 prints it).
$SPYGLASS -q -e 'BEGIN { printf("[%s] [%s] [%s] %d [%s]\n", str($1), str($2), str($1, 2), $#, str($3)); exit(); }' hello 123
# Type and argument errors are located.
$SPYGLASS -e 'BEGIN { @x = strlen(1); }' 2>&1
$SPYGLASS -e 'BEGIN { @x = strncmp("a", "b"); }' 2>&1
$SPYGLASS -e 'BEGIN { printf("%s\n", buf("ab", 2)); }' 2>&1
echo done
