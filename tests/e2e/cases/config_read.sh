# config().KEY reads this run's configuration (the config block over the
# environment over the defaults) as a literal; unknown keys and a bare
# config() are located errors.
run() { "$@" 2>&1; echo "exit $?"; }
run $SPYGLASS -q -e 'BEGIN { printf("%d %s %d\n", config().max_strlen, config().stack_mode, config().print_maps_on_exit); exit(); }'
BPFTRACE_MAX_MAP_KEYS=100 run $SPYGLASS -q -e 'config = { max_strlen = 100; stack_mode = perf; print_maps_on_exit = false; str_trunc_trailer = "~" }
BEGIN { print((config().max_strlen, config().stack_mode, config().print_maps_on_exit, config().max_map_keys, config().str_trunc_trailer)); if (config().max_strlen > 64) { printf("long strings\n"); } exit(); }'
run $SPYGLASS -q -e 'BEGIN { print(config().nope); exit(); }'
run $SPYGLASS -q -e 'BEGIN { print(config()); exit(); }'
