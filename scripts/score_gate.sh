#!/usr/bin/env bash
# Score the binary against ../shared/eval (dev and real) and fail below the
# thresholds of issues #2 and #3. Skips, saying so, where the set is absent.
set -euo pipefail
bin=${1:-target/release/minutes}
eval_dir=$(cd "$(dirname "$0")/../.." && pwd)/shared/eval
if [ ! -f "$eval_dir/score.py" ]; then
    echo "score gate skipped: $eval_dir/score.py not found"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gold"
sets=()
for set in dev real; do
    src="$eval_dir/$set"; gold="$eval_dir/$set"
    [ -d "$src" ] || continue
    [ -d "$src/docs" ] && src="$src/docs"
    [ -d "$gold/gold" ] && gold="$gold/gold"
    # Exit 3 only means some inputs (the gold JSON beside the texts) were skipped.
    "$bin" extract "$src" --out "$work/$set" -q || [ $? -eq 3 ]
    echo "-- $set"
    python3 "$eval_dir/score.py" "$gold" "$work/$set" | tail -n 6
    cp "$gold"/*.gold.json "$work/gold/"
    sets+=("$src")
done
if [ ${#sets[@]} -eq 0 ]; then
    echo "score gate skipped: no eval sets under $eval_dir"
    exit 0
fi
"$bin" extract "${sets[@]}" --out "$work/all" -q || [ $? -eq 3 ]
echo "-- dev and real together"
python3 "$eval_dir/score.py" "$work/gold" "$work/all" --json > "$work/all.json"
python3 - "$work/all.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["total"]
checks = [("speaker F1", r["speakers"]["f1"], 0.95), ("theme F1", r["themes"]["f1"], 0.85)]
for f in ("title", "organization", "country", "role"):
    checks.append((f"{f} accuracy", r["fields"][f]["accuracy"], 0.85))
failed = False
for name, value, minimum in checks:
    ok = value is not None and value >= minimum
    failed |= not ok
    print(f"{name:22} {value if value is None else round(value, 3)!s:>6}  (min {minimum})  {'ok' if ok else 'BELOW'}")
sys.exit(1 if failed else 0)
PY
