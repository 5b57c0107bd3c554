# User-space actions: time(), cat(), system() (--unsafe), join(); text and JSON.
printf 'line one\nline two\n' > file.txt
$SPYGLASS -q --unsafe -e 'BEGIN {
	printf("before\n");
	time("[time: no conversions]\n");
	cat("file%s", ".txt");
	system("echo system %d %s", 42, "ok");
	printf("after\n");
	exit();
}'
$SPYGLASS -q -f json --unsafe -e 'BEGIN { time("T\n"); cat("file.txt"); system("echo hi"); exit(); }'
# time() with its default format prints HH:MM:SS and a newline.
$SPYGLASS -q -e 'BEGIN { time(); exit(); }' | grep -c '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]$'
# join() of execve's argv: the -c command line, with the default and a custom separator.
$SPYGLASS -q -e 'tracepoint:syscalls:sys_enter_execve { join(args.argv); join(args.argv, ","); }' \
	-c "$WORKLOAD getpid 1" | sed "s|$WORKLOAD|WORKLOAD|"
# Errors: system() needs --unsafe; cat() of a missing file goes to stderr.
$SPYGLASS -e 'BEGIN { system("ls"); }' 2>&1
echo "exit $?"
$SPYGLASS -q -e 'BEGIN { cat("/nonexistent/file"); exit(); }' 2>&1
