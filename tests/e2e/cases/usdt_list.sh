# -l lists USDT probes as usdt:PATH:PROVIDER:NAME, one line per probe (not
# per site), with wildcards; with -p, of the files the process maps.
T=$(dirname "$WORKLOAD")/usdt_target
$SPYGLASS -l "usdt:$T:*" | sed "s|$T|TARGET|g"
echo --
$SPYGLASS -l "U:$T:sgsema:*" | sed "s|$T|TARGET|g"
echo --
$SPYGLASS -l "usdt:$T:dup" | sed "s|$T|TARGET|g"
echo --
"$T" 1 1500 >/dev/null & pid=$!
$SPYGLASS -p $pid -l 'usdt:*expensive' | sed "s|$T|TARGET|g"
wait $pid
