# percpu_kaddr() on a kernel whose kallsyms lists no data symbols (no
# CONFIG_KALLSYMS_ALL): one located line naming what is missing, before
# anything is loaded; unknown variables and bad CPU arguments are located
# errors everywhere. Skipped where the kernel resolves per-CPU variables.
$SPYGLASS -e 'BEGIN { print(percpu_kaddr("nope_var")); }' 2>&1
echo "exit $?"
$SPYGLASS -e 'BEGIN { print(percpu_kaddr("process_counts", "x")); }' 2>&1
echo "exit $?"
if grep -qw process_counts /proc/kallsyms; then
	echo "the kernel resolves per-CPU variables (percpu_kaddr tests them)" >&3
	exit 77
fi
$SPYGLASS -e 'BEGIN { print(percpu_kaddr("process_counts", 0)); exit(); }' 2>&1
echo "exit $?"
