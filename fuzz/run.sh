#!/usr/bin/env bash
# Runs one fuzz target with the flags it is meant to run with, for SECONDS (default 60), one process:
#
#   fuzz/run.sh engine 1860
#
# New inputs go to fuzz/corpus/TARGET/ (run fuzz/seed.sh first), crashes to fuzz/artifacts/TARGET/. Extra
# arguments after SECONDS are passed to libFuzzer (say, -seed=1). Needs nightly and cargo-fuzz. Built without a
# sanitizer (--sanitizer none): mtfix is safe Rust, the assertions are what matter, and AddressSanitizer halves the
# already low execution rate; debug assertions and overflow checks stay on (cargo-fuzz's default).
set -euo pipefail
target="${1:?usage: fuzz/run.sh engine|markup|glossary|import [SECONDS] [LIBFUZZER-FLAGS...]}"
seconds="${2:-60}"
shift $(($# < 2 ? $# : 2))
cd "$(dirname "$0")/.."

case "$target" in
    engine) max_len=4096 ;;
    markup) max_len=8192 ;;
    glossary) max_len=2048 ;;
    import) max_len=4096 ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac

exec cargo +nightly fuzz run --sanitizer none "$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -dict="fuzz/dicts/$target.dict" -print_final_stats=1 "$@"
