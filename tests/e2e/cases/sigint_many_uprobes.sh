# Ctrl-C ends spyglass within 1 s with many uprobes too: libc's str*
# functions (~60). Tearing down each uprobe's perf event takes the kernel
# ~45 ms under a global mutex (3 s in all), so that is left to the
# background reaper (src/runtime/detach.c); afterwards nothing of ours
# remains (cleanup_lib.inc, bounded wait). The measured time goes to stderr.
. "$CASES/cleanup_lib.inc"
SG_CLEANUP_TAG=$$-uprobes SPYGLASS_NOTIFY_PROBES_ATTACHED=1 \
	$SG -e "uprobe:libc:str* { $M = count(); }" > out 2> err &
s=$!
wait_attached out
n=$(sed -n 's/^Attached \([0-9]*\) probes$/\1/p' err)
[ "${n:-0}" -ge 20 ] && echo "many uprobes attached"
t0=$(date +%s%N)
kill -INT $s
wait $s
echo "status $?"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "$n uprobes: SIGINT to exit $ms ms" >&2
[ $ms -lt 1000 ] && echo "SIGINT ended it within 1 s"
grep -q "^$M: [0-9]*$" out && echo "the map was printed"
check "$$-uprobes" uprobes
echo "cleanup: $bad problems"
