#!/bin/sh
# Runs the compiler fuzzer for N seconds: `make fuzz FUZZ_SECONDS=N`.
# New inputs go to BUILD/fuzz-corpus (the seed corpus tests/fuzz/corpus and the
# regression inputs tests/fuzz/regress are read, never written); crashes,
# leaks, timeouts and OOMs go to BUILD/fuzz-artifacts/. Copy each one into
# tests/fuzz/regress/ once fixed: `make test` replays that directory.
BUILD=${1:-build}
SECONDS_=${2:-60}
cd "$(dirname "$0")/../.." || exit 1
mkdir -p "$BUILD/fuzz-corpus" "$BUILD/fuzz-artifacts"
exec "$BUILD/fuzz_compile" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 \
	-max_len=4096 -dict=tests/fuzz/bt.dict -print_final_stats=1 \
	-artifact_prefix="$BUILD/fuzz-artifacts/" \
	"$BUILD/fuzz-corpus" tests/fuzz/corpus tests/fuzz/regress
