# A non-PIE binary: a wildcard attaches one program to every target_*
# function (the probe builtin tells them apart); three-argument function.
T=$(dirname "$WORKLOAD")/uprobe_target_nopie
$SPYGLASS -q -e "uprobe:$T:target_* { @calls[probe] = count(); }
uprobe:$T:target_mul3 { @args = arg0 * 100 + arg1 * 10 + arg2; }
uretprobe:$T:target_mul3 { @ret = retval; }" -c "$T 5" | sed "s|$T|TARGET|" | sort # equal counts print in any order
