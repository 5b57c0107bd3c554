# BTF types: sizeof/offsetof, char-array indexing (constant and variable,
# out of bounds reads 0), nested struct members, arrays of structs, *p, &x,
# pointer comparison, struct/char-array values kept in variables or builtins
# (indexed and accessed on the stack), str() of a kernel `const unsigned char *`
# at the end of a long chain, and a script struct definition that overrides BTF and
# is laid over kernel memory. Pointer arithmetic is scaled by the element size.
$SPYGLASS -q -e 'BEGIN {
	$t = (struct task_struct *)curtask;
	printf("%d %d %d %d\n", sizeof(struct list_head), offsetof(struct list_head, prev), sizeof(struct task_struct) > 1000, sizeof($t->comm));
	$i = 2;
	printf("%c%c%c %d\n", $t->comm[0], $t->comm[1], $t->comm[$i], $t->comm[$i + 100]);
	printf("%d %d %d\n", (*$t).pid == pid, *(&$t->pid) == pid, $t->se.load.weight > 0);
	printf("%d %d\n", $t->pid_links[0].next == $t->pid_links[0].next, $t->real_parent->real_parent != 0);
	$l = $t->tasks; $c = $t->comm;
	printf("%d %c%c %c %s\n", $l.next == $t->tasks.next, comm[0], comm[$i - 1], $c[2], str($t->mm->exe_file->f_path.dentry->d_name.name));
	$p = &$t->pid_links[0];
	printf("%d %d %d\n", ($p + 1)->next == $t->pid_links[1].next, (uint64)($p + 2) - (uint64)$p, (uint64)(1 + $p) - (uint64)$p);
	exit();
}'
$SPYGLASS -q -e '#include <linux/sched.h>
struct mylist { struct mylist *next, *prev; };
struct pair { char c; long l; union { int i; char b[12]; } u; };
BEGIN {
	$t = (struct task_struct *)curtask;
	$l = (struct mylist *)&$t->tasks;
	printf("%d %d %d %d\n", sizeof(struct pair), offsetof(struct pair, u.b), $l->next == $t->tasks.next, $l->next->prev == $l);
	exit();
}'
