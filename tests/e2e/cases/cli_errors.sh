# Command-line mistakes end with a one-line reason and a non-zero status:
# 2 for usage errors, 1 for everything else; never a crash. stderr is shown
# (2>&1) because the message is what is checked.
run() { "$@" 2>&1; echo "exit $?"; }
# The same with the output going to a full device (messages still shown).
run_full() { "$@" 2>&1 > /dev/full; echo "exit $?"; }
run $SPYGLASS -e
run $SPYGLASS -p
run $SPYGLASS -p 0 -e 'BEGIN { }'
run $SPYGLASS -p 4194305 -e 'BEGIN { }'
run $SPYGLASS -p 1 -c /bin/true -e 'BEGIN { }'
run $SPYGLASS --dump=xyz -e 'BEGIN { }'
run $SPYGLASS -B sometimes -e 'BEGIN { }'
run $SPYGLASS /nonexistent/script.bt
mkdir adir
run $SPYGLASS adir
: > empty.bt
run $SPYGLASS empty.bt
run $SPYGLASS -e ''
run $SPYGLASS -e '   '
run $SPYGLASS -o /nonexistent/dir/out -e 'BEGIN { exit(); }'
run $SPYGLASS -c /nonexistent/command -e 'BEGIN { exit(); }'
run $SPYGLASS -c '' -e 'BEGIN { exit(); }'
# A pid that cannot exist (pid_max is at most 4194304).
run $SPYGLASS -p 4194304 -q -e 'BEGIN { exit(); }'
# Output that cannot be written (a full device) is an error, not a silent
# success; a reader that went away is not (closed_pipe.sh).
run_full $SPYGLASS -q -e 'BEGIN { printf("x\n"); exit(); }'
run $SPYGLASS -q -o /dev/full -e 'BEGIN { @x = 1; exit(); }'
run_full $SPYGLASS -q -f json -e 'BEGIN { printf("x\n"); exit(); }'
