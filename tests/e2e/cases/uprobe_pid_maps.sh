# With -p PID a short binary/library name is looked up in that process's
# mappings first: "uprobe_target_nopie" is in no library directory or $PATH.
T=$(dirname "$WORKLOAD")/uprobe_target_nopie
"$T" 3 1500 & traced=$!
$SPYGLASS -q -p $traced -e 'uprobe:uprobe_target_nopie:target_add { @calls = count(); @sum = sum(arg0); }
uprobe:libc:snprintf { @snprintf = count(); }'
$SPYGLASS -e 'uprobe:uprobe_target_nopie:target_add { }' 2>&1 | head -1
