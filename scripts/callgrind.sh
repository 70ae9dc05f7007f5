#!/bin/sh
# Instruction counts of process_text (callgrind), repeatable on a shared
# machine. Prints the total of the measured pass and its costliest
# functions, inclusive. See examples/profile.rs for what is counted.
#
#   scripts/callgrind.sh            the profiling set, second pass
#   scripts/callgrind.sh --unseen   the same documents after warming on others
#   scripts/callgrind.sh --seed     input/ alone, second pass
#
# The profiling set: input/, the first 12 texts of ../shared/eval/dev and
# the 30 smallest-named files under 80 KB of the 5 MB generated corpus
# (scripts/gen_corpus.py, seed 1, cached in /tmp/minutes-bench/5-1).
set -eu
cd "$(dirname "$0")/.."
cargo build --release --example profile
corpus=/tmp/minutes-bench/5-1
[ -d "$corpus" ] || python3 scripts/gen_corpus.py --mb 5 --seed 1 --out "$corpus"
set_files="$(ls input/*.txt) $(ls ../shared/eval/dev/*.txt | head -12) $(find "$corpus" -name '*.txt' -size -80k | sort | head -30)"
case "${1:-}" in
--seed) args="$(ls input/*.txt)" ;;
--unseen)
    big=/tmp/minutes-bench/50-1
    [ -d "$big" ] || python3 scripts/gen_corpus.py --mb 50 --seed 1 --out "$big"
    warm="$(ls ../shared/eval/real/docs/*.txt | head -40) $(find "$big" -name '*.txt' -size -40k | sort | head -40)"
    args="$warm -- $set_files" ;;
*) args="$set_files" ;;
esac
out=$(mktemp /tmp/callgrind.XXXXXX)
# shellcheck disable=SC2086
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='*measured*' \
    target/release/examples/profile $args 2>&1 | grep -E 'Collected|measured'
# Inclusive counts by source line's function; inlined code is charged to
# the file it came from, so a function can appear once per file.
callgrind_annotate "$out" --inclusive=yes 2>/dev/null | grep -E 'minutes::' |
    sed -e 's/ \[[^]]*\]$//' | head -30
rm -f "$out"
