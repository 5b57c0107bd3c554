# Wildcards in provider and name: one count per probe (sgtest:site has two
# sites, each attached: 7 probes), 2 iterations; the semaphore probes are
# enabled too. Equal counts print in hash order: sorted here.
T=$(dirname "$WORKLOAD")/usdt_target
$SPYGLASS -e "usdt:$T:*:* { @[probe] = count(); }" -c "$T 2 >target.out" 2>&1 | sed "s|$T|TARGET|g" | sort
cat target.out
$SPYGLASS -q -e "usdt:$T:sgt*:s* { @[probe] = count(); }" -c "$T 1 >target.out" | sed "s|$T|TARGET|g"
cat target.out
