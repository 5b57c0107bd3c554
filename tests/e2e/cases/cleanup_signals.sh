# Nothing of ours remains after SIGINT and SIGTERM, 50 times each
# (SIGKILL and attach errors: cleanup_kill.sh).
. "$CASES/cleanup_lib.inc"
PROBES="tracepoint:syscalls:sys_enter_getpid { $M = count(); }"

SIG=INT WANT=0 loop 50 sigint by_signal
SIG=TERM WANT=0 loop 50 sigterm by_signal
