# exit(N) sets the exit status, END still runs.
$SPYGLASS -q -e 'BEGIN { exit(3); } END { printf("end\n"); }'
