# Our own shared library (tests/libsgtest.c, linked by tests/lib_target.c
# through its RUNPATH): uprobes by path with args and retval; by short name,
# which is in no library directory: an error naming it, found through
# LD_LIBRARY_PATH as the loader would, and with -p in the process's own
# mappings (another copy runs meanwhile: only the traced one counts); a
# name two static functions share: both attached, and a note says so;
# -l lists the library's functions and USDT probes.
B=$(dirname "$WORKLOAD")
T=$B/lib_target
$SPYGLASS -q -e "uprobe:$B/libsgtest.so:sglib_add { printf(\"add(%d, %d)\n\", arg0, arg1); }
uretprobe:$B/libsgtest.so:sglib_add { @ret = sum(retval); }" -c "$T 3"
$SPYGLASS -e "uprobe:libsgtest:sglib_add { @ = count(); }" -c "$T 3" 2>&1 | head -1
LD_LIBRARY_PATH=$B $SPYGLASS -q -e "u:libsgtest:sglib_add { @ = count(); }" -c "$T 3"
"$T" 3 1500 & traced=$!
"$T" 5 1500 & other=$!
$SPYGLASS -q -p $traced -e 'uprobe:libsgtest:sglib_add { @calls = count(); @sum = sum(arg0); }
ur:libsgtest.so:sglib_outer { @outer = sum(retval); }'
wait $other
$SPYGLASS -e "uprobe:$B/libsgtest.so:sg_dup { @[probe] = count(); }" -c "$T 3" 2>&1 | sed "s|$B|BUILD|g"
$SPYGLASS -l "uprobe:$B/libsgtest.so:sglib_*" | sed "s|$B|BUILD|g"
$SPYGLASS -l "usdt:$B/libsgtest.so:*" | sed "s|$B|BUILD|g"
