#!/usr/bin/env bash
# Full run vs incremental re-runs over N small generated documents:
#
#   scripts/bench_incremental.sh [N] [BIN]     # default 1000, target/release/minutes
#
# Generates N documents of 2 to 8 KB (scripts/gen_corpus.py --docs), then
# times: a full run; a re-run with nothing changed; a re-run after one file
# changed; `check` with the record cache and with --full. Fails unless the
# re-run after the change wrote the bytes of a full run.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=$(realpath "${2:-target/release/minutes}")
work=$(mktemp -d /tmp/minutes-bench-incr-XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 scripts/gen_corpus.py --docs "$n" --max-kb 8 --out "$work/in" -q
echo "corpus: $n documents, $(find "$work/in" -type f -printf '%s\n' | awk '{s += $1} END {print s}') bytes"

TIMEFORMAT='%R'
timed() { # label, command...
    local label=$1 s
    shift
    s=$( { time "$@" >/dev/null 2>"$work/stderr"; } 2>&1 ) || true
    printf '%-34s %7s s   %s\n' "$label" "$s" "$(grep -o '[0-9]* reused' "$work/stderr" || true)"
}

timed "full run (--full)" "$bin" extract "$work/in" --out "$work/out" --full
timed "re-run, nothing changed" "$bin" extract "$work/in" --out "$work/out"
one=$(find "$work/in" -name '*.txt' | sort | sed -n 1p)
printf '\nMs. Ilse Varga, Director of Policy at the Ministry of Digital Affairs, stressed the need for open data.\n' >>"$one"
timed "re-run, one file changed" "$bin" extract "$work/in" --out "$work/out"
timed "full run after the change" "$bin" extract "$work/in" --out "$work/full" --full
timed "check (record cache)" "$bin" check "$work/in" --out "$work/out"
timed "check --full" "$bin" check "$work/in" --out "$work/out" --full

for f in dataset.json documents.csv speakers.csv statements.csv themes.csv attendees.csv errors.csv; do
    cmp "$work/out/$f" "$work/full/$f"
done
echo "re-run output == full run output (7 files, byte for byte)"
