# Type errors with BTF types: located, with suggestions from BTF names.
for p in \
	'BEGIN { $t = (struct task_strct *)curtask; }' \
	'BEGIN { $t = (struct task_struct *)curtask; print($t->pidd); }' \
	'BEGIN { print(*pid); }' \
	'BEGIN { print(pid[1]); }' \
	'BEGIN { $t = (struct task_struct *)curtask; print($t->comm[16]); }' \
	'BEGIN { $x = (pid_tt)0; }' \
	'struct foo { int a; wat b; } BEGIN { print(sizeof(struct foo)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
# '->' on a struct value (not a pointer) reads the field, as bpftrace allows
$SPYGLASS -q -e 'BEGIN { @s = *curtask; $t = *curtask; printf("%d %d\n", @s->pid == $t.pid, (*curtask)->tgid == pid); clear(@s); exit(); }'
