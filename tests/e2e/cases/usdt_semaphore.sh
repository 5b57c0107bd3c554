# A probe with a semaphore (sgsema:expensive, tests/usdt_target_sema.c): the
# target computes its expensive argument only while the semaphore is
# non-zero, which it is only while spyglass has the probe attached (the
# kernel counts it up through the uprobe PMU's ref_ctr_offset); arg2 is the
# semaphore's value as seen by the target.
T=$(dirname "$WORKLOAD")/usdt_target
"$T" 4
$SPYGLASS -q -e "usdt:$T:sgsema:expensive { printf(\"expensive(%d) = %d, semaphore %d\n\", arg0, arg1, arg2); }" -c "$T 4 >target.out"
cat target.out
# Not traced any more: back to 0.
"$T" 4
