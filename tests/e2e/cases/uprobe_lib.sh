# A shared library by short name (libc → the loader's libc.so.6): the
# workload makes 7 getpid calls through libc's syscall().
$SPYGLASS -q -e 'uprobe:libc:syscall /pid == cpid/ { @ = count(); }' -c "$WORKLOAD getpid 7"
