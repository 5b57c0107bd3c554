# uprobe/uretprobe on a PIE binary: integer args, a user-memory string arg
# and the return value, for 3 known calls (tests/uprobe_target.c).
T=$(dirname "$WORKLOAD")/uprobe_target
$SPYGLASS -q -e "uprobe:$T:target_add { printf(\"add(%d, %d)\n\", arg0, arg1); }
uretprobe:$T:target_add { printf(\"add = %d\n\", retval); }
u:$T:target_greet { printf(\"greet(%s)\n\", str(arg0)); }
ur:$T:target_greet { @len = sum(retval); }" -c "$T 3"
