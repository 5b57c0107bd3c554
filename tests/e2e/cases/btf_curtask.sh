# Kernel structs through BTF: a cast of curtask, -> chains with one probe read
# per pointer hop, a char array printed as a string. The values are checked
# against the shell's own view: spyglass's pid is the sh's $$ (exec), its
# parent is the sh's $PPID.
out=$(sh -c 'echo $$ $PPID; exec "$SPYGLASS" -q -e "BEGIN { \$t = (struct task_struct *)curtask; printf(\"%s %d %d\n\", \$t->comm, \$t->pid, \$t->real_parent->pid); exit(); }"')
set -- $out
echo "comm $3"
[ "$1" = "$4" ] && echo "pid matches"
[ "$2" = "$5" ] && echo "parent pid matches"
# The same through a variable-free chain and tgid == pid for a single thread.
$SPYGLASS -q -e 'BEGIN { printf("%d %d\n", ((struct task_struct *)curtask)->tgid == pid, ((struct task_struct *)curtask)->real_parent != 0); exit(); }'
