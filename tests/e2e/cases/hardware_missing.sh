# hardware:EVENT:COUNT is feature-detected: on a machine without a CPU PMU
# (like the test VM) it fails before anything is loaded, with one line
# naming what is missing, exit 1, and nothing of the run is left: no
# program, map or process of it, though the same script has a tracepoint
# (checked as in the cleanup_* cases). Skipped where the PMU exists: the
# error path cannot happen there.
if [ -e /sys/bus/event_source/devices/cpu ]; then
	echo "this machine has a CPU PMU: the missing-feature error cannot be tested" >&3
	exit 77
fi
. "$CASES/cleanup_lib.inc"
hw() {
	SG_CLEANUP_TAG=$1 $SG -q -e "hardware:cycles:100000 { $M = count(); }
tracepoint:syscalls:sys_enter_getpid { $M = count(); }" 2>&1
	echo "rc=$?"
	SG_CLEANUP_TAG=$1 $SG -q -e "h:instructions { $M = count(); }" 2>&1
	echo "rc=$?"
}
loop 1 hardware hw
