#!/usr/bin/env bash
# Coverage-guided fuzzing of Liushi's readers of user input with libFuzzer.
#   Scripts/fuzz.sh TARGET SECONDS     TARGET: config, holidays, text, store, cache (or "all": each for SECONDS)
# Builds Fuzz/ (a separate package over the main package's sources, compiled with
# -sanitize=fuzzer,address) once, then runs the target on its seed corpus (Fuzz/Corpus/TARGET,
# in the repository) plus a working corpus (Fuzz/.corpus/TARGET, not in git). A crash or a failed
# property leaves its input in Fuzz/.crashes/TARGET/ and makes the status non-zero: turn it into a
# regression test. Runs one process at a time. Environment: FUZZ_JOBS is not used on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
seconds="${2:-}"
if [ -z "$target" ] || [ -z "$seconds" ]; then
    echo "usage: Scripts/fuzz.sh config|holidays|text|store|cache|all SECONDS" >&2
    exit 2
fi
if [ "$target" = all ]; then
    status=0
    for t in config holidays text store cache; do "$0" "$t" "$seconds" || status=1; done
    exit "$status"
fi
case "$target" in
    config|holidays) max_len=65536 ;;
    text) max_len=256 ;;
    store) max_len=131072 ;;
    cache) max_len=65536 ;;
    *) echo "fuzz.sh: unknown target $target (config, holidays, text, store, cache)" >&2; exit 2 ;;
esac

bin=Fuzz/.build/release/liushi-fuzz
swift build --package-path Fuzz --scratch-path Fuzz/.build -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' | tail -n 5 >&2
[ -x "$bin" ] || { echo "fuzz.sh: the fuzzer did not build" >&2; exit 1; }

work="Fuzz/.corpus/$target"
crashes="Fuzz/.crashes/$target"
mkdir -p "$work" "$crashes"
log="Fuzz/.crashes/$target.log"
set +e
LIUSHI_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" \
    "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$work" "Fuzz/Corpus/$target" > "$log" 2>&1
status=$?
set -e
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
found=$(find "$crashes" -type f | wc -l)
echo "fuzz $target: ${runs:-0} executions in ${seconds}s (${rate:-0}/s), exit $status, $found crash inputs in $crashes"
if [ "$status" -ne 0 ]; then
    grep -E 'ERROR|property failed|SUMMARY|Test unit written' "$log" | head -n 10 >&2 || true
    exit 1
fi
