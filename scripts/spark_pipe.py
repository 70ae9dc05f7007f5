#!/usr/bin/env python3
"""Run minutes under Spark with RDD.pipe, in local mode, and check the result.

The Spark recipe of docs/scaling.md, for real: an RDD of {"id", "text"}
JSON lines made from the fixtures in tests/data (copied --copies times, plus
a blank and a broken line to show error lines), piped through
`minutes extract - --format jsonl -q`, collected and checked: one result per
input, ids in input order, the bad lines as error lines.

Not part of `cargo test` (it needs pyspark and Java):

    pip install pyspark
    python3 scripts/spark_pipe.py [--copies 40] [--partitions 4] [--jobs 1]
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_release() -> Path:
    """Build the release binary; where it lands follows CARGO_TARGET_DIR."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target / "release" / "minutes"
    if not binary.is_file():
        sys.exit(f"no binary at {binary}")
    return binary


def input_lines(copies: int) -> list[str]:
    """JSON lines from the fixtures; ids alternate strings and numbers, and
    two bad lines sit in the middle so error lines show up in place."""
    fixtures = sorted(
        p for p in (ROOT / "tests" / "data").iterdir() if p.suffix in (".txt", ".md")
    )
    lines = []
    for k in range(copies):
        for path in fixtures:
            n = len(lines)
            record_id = n if n % 2 else f"{path.stem}#{k}"
            text = path.read_text(encoding="utf-8")
            lines.append(json.dumps({"id": record_id, "text": text, "source": path.name}))
    middle = len(lines) // 2
    lines[middle:middle] = ["", '{"id": "broken", "text": ']
    return lines


def expected_id(line: str):
    """The id a result line must carry for this input line (null when the
    line cannot be read)."""
    try:
        return json.loads(line).get("id")
    except ValueError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", type=Path, help="minutes binary (default: build release)")
    ap.add_argument("--copies", type=int, default=40, help="copies of the fixtures")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--cores", type=int, default=2, help="local[N] Spark cores")
    ap.add_argument("--jobs", type=int, default=1, help="minutes -j per partition")
    args = ap.parse_args()

    binary = args.binary or build_release()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession  # imported late: --help works without it

    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("minutes-pipe")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext

    lines = input_lines(args.copies)
    # pyspark runs the command with `env` as the whole environment (empty by
    # default, so no PATH): the binary is named by its absolute path.
    command = f"{shlex.quote(str(binary.resolve()))} extract - --format jsonl -q -j {args.jobs}"
    rdd = sc.parallelize(lines, args.partitions)
    started = time.monotonic()
    # checkCode stays False: minutes exits 3 when a partition holds error
    # lines, and those are results here, not a failed task.
    results = rdd.pipe(command).map(json.loads).collect()
    elapsed = time.monotonic() - started

    # Same count per partition, so zip pairs each input with its result.
    started = time.monotonic()
    paired = rdd.zip(rdd.pipe(command)).map(lambda p: (p[0], json.loads(p[1]))).collect()
    warm = time.monotonic() - started

    # The results as a DataFrame, as the recipe reads them.
    frame = spark.read.json(rdd.pipe(command))
    frame_documents = frame.where("document is not null").count()
    frame_errors = frame.where("error is not null").count()

    # The same lines through one process, no Spark: the overhead baseline.
    started = time.monotonic()
    direct = subprocess.run(
        shlex.split(command.replace(f"-j {args.jobs}", f"-j {args.cores}")),
        input="\n".join(lines).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    direct_elapsed = time.monotonic() - started
    direct_lines = direct.stdout.count(b"\n")

    problems = []
    if len(results) != len(lines):
        problems.append(f"{len(lines)} inputs but {len(results)} results")
    for i, (line, result) in enumerate(zip(lines, results)):
        if result.get("id") != expected_id(line):
            problems.append(f"line {i + 1}: id {result.get('id')!r} != {expected_id(line)!r}")
    if any(result.get("id") != expected_id(line) for line, result in paired):
        problems.append("zip paired an input with another input's result")

    documents = [r["document"] for r in results if "document" in r]
    errors = [r for r in results if "error" in r]
    if (frame_documents, frame_errors) != (len(documents), len(errors)):
        problems.append("the DataFrame does not hold every result")
    speakers = sum(len(d["speakers"]) for d in documents)
    statements = sum(len(d["statements"]) for d in documents)
    text_mb = sum(d["bytes"] for d in documents) / 1e6

    print(f"Spark {spark.version} (pyspark, local[{args.cores}], {args.partitions} partitions)")
    print(f"command: {command}")
    print(f"inputs: {len(lines)} lines; results: {len(results)} lines")
    print(f"documents: {len(documents)}, errors: {len(errors)}, "
          f"speakers: {speakers}, statements: {statements}")
    for e in errors:
        print(f"  error line: id={e['id']!r} {e['error']['kind']}: {e['error']['message']}")
    print(f"pipe+collect, first job: {elapsed:.2f} s ({len(results) / elapsed:.0f} lines/s, "
          f"{text_mb / elapsed:.2f} MB/s of text)")
    print(f"zip(input, pipe)+collect, second job: {warm:.2f} s")
    print(f"same lines, one process, -j {args.cores}, no Spark: {direct_elapsed:.2f} s, "
          f"{direct_lines} lines, exit {direct.returncode}")
    print(f"spark.read.json(results): {frame_documents} document rows, {frame_errors} error rows")
    if len(errors) != 2:
        problems.append(f"{len(errors)} error lines, expected the 2 bad lines")
    print(f"zip(input, result) pairs: {len(paired)}")
    print("checks (one result per input, ids in input order, zip pairs, DataFrame rows): "
          + ("passed" if not problems else "FAILED"))
    for p in problems[:10]:
        print(f"  problem: {p}")
    spark.stop()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
