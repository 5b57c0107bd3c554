# Nothing of ours remains after SIGINT and SIGKILL with uprobe, uretprobe,
# USDT, profile, software, rawtracepoint and interval probes (cleanup_types.inc),
# 50 times each (the other ways of ending: cleanup_types_end.sh).
. "$CASES/cleanup_types.inc"
SIG=INT WANT=0 loop 50 sigint by_signal
SIG=KILL WANT=137 loop 50 sigkill by_signal
ours_in_tracefs
