# Whole struct values that cannot be used: located errors, exit 1.
for p in \
	'BEGIN { $t = (struct task_struct *)curtask; @x = $t->se.load; @x = $t->fs->pwd; }' \
	'BEGIN { $t = (struct task_struct *)curtask; @k[$t->se.load] = 1; @k[$t->fs->pwd] = 2; }' \
	'BEGIN { $t = (struct task_struct *)curtask; $v = $t->se.load; $v = $t->fs->pwd; }' \
	'struct big { char a[40000]; } BEGIN { print(*(struct big *)curtask); }' \
	'struct big { int a[9000]; } BEGIN { @b = *(struct big *)curtask; }' \
	'BEGIN { $t = (struct task_struct *)curtask; printf("%s\n", $t->se.load); }' \
	'BEGIN { $t = (struct task_struct *)curtask; printf("%d\n", $t->se.load); }' \
	'BEGIN { $t = (struct task_struct *)curtask; print(str($t->comm)); }' \
	'BEGIN { $t = (struct task_struct *)curtask; print(str($t->se.load)); }' \
	'struct b { char *p : 3; } BEGIN { print(sizeof(struct b)); }' \
	'struct b { char c : 9; } BEGIN { print(sizeof(struct b)); }' \
	'struct b { int c : x; } BEGIN { print(sizeof(struct b)); }'
do
	$SPYGLASS -e "$p" 2>&1
	echo "exit $?"
done
