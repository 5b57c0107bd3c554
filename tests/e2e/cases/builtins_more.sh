# curtask as a typed struct task_struct pointer ('->' and '.' both reach
# fields), and the builtins username, ncpus, numaid, jiffies, usermode and
# ctx; each value is checked against what the shell sees.
out=$(sh -c 'echo $$ $PPID; exec "$SPYGLASS" -q -e "BEGIN { printf(\"%d %d %d %s\n\", curtask->pid, curtask.tgid == pid, curtask->real_parent->pid, curtask->comm); exit(); }"')
set -- $out
[ "$1" = "$3" ] && echo "curtask->pid is pid"
echo "curtask.tgid == pid: $4"
[ "$2" = "$5" ] && echo "curtask->real_parent->pid is the parent"
echo "comm $6"
[ "$($SPYGLASS -q -e 'BEGIN { printf("%s\n", username); exit(); }' | head -1)" = "$(id -un)" ] && echo "username is $(id -un)"
possible=$(awk -F- '{ print ($2 == "" ? 1 : $2 - $1 + 1) }' /sys/devices/system/cpu/possible)
[ "$($SPYGLASS -q -e 'BEGIN { printf("%d\n", ncpus); exit(); }' | head -1)" = "$possible" ] && echo "ncpus is the possible CPUs"
$SPYGLASS -q -e 'BEGIN { @j = jiffies; printf("usermode in BEGIN %d, numaid < 64 %d\n", usermode, numaid < 64); }
	interval:ms:100 { printf("jiffies advanced %d, usermode in interval %d\n", jiffies > @j, usermode <= 1); exit(); }
	END { printf("usermode in END %d\n", usermode); clear(@j); }'
$SPYGLASS -q -e 'struct tp { uint64_t common; int nr; }
	tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args.filename) == "/dev/null"/ {
	printf("ctx nr %d, usermode %d, @u[username]\n", ((struct tp *)ctx)->nr == args.__syscall_nr, usermode);
	@u[username] = count();
}' -c "$WORKLOAD openat 1 /dev/null" | sed "s/$(id -un)/USER/"
# Script-defined struct task_struct overrides BTF; a last member without ';'.
$SPYGLASS -q -e 'struct task_struct { int x } BEGIN { printf("%d %d\n", sizeof(*curtask), sizeof(struct task_struct)); exit(); }'
for p in \
	'BEGIN { $x = username + 1; }' \
	'BEGIN { $x = curtask->no_such_field; }' \
	'BEGIN { $x = ctx.pid; }' \
	'struct s { int a int b; } BEGIN { print(sizeof(struct s)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
