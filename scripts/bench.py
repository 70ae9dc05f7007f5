#!/usr/bin/env python3
"""Throughput benchmark for `minutes extract` (Python 3.11, stdlib only).

    python3 scripts/bench.py [--mb 200] [--seed 1] [--bin target/release/minutes]
                             [--repeat 1] [--keep] [--no-rg] [--no-cat]
    python3 scripts/bench.py --scaling [--scaling-mb 50,200,800]
    python3 scripts/bench.py --one-file 30
    python3 scripts/bench.py --profile [--mb 5]      # perf sampling of one -j 1 run

Build first: `cargo build --release` (or with CARGO_TARGET_DIR=..., then pass
--bin). The corpus comes from scripts/gen_corpus.py and is cached under
/tmp/minutes-bench/<mb>-<seed> (one-file corpora: joined-<mb>-<seed>); delete
that folder to regenerate. Datasets written by the runs go to
/tmp/minutes-bench/out-* and are deleted afterwards unless --keep.

Default mode: runs the binary over the corpus with `-j 1` and with all cores
(`-j 0`) and prints wall seconds, MB/s, documents/s, CPU seconds, peak
resident memory of the child (exact, from wait4(2) rusage of that child),
and the speed-up of all cores over -j 1. With MINUTES_TIMINGS=1 set for the
child, lines `timing: stage=<name> seconds=<f>` on its stderr are summed per
stage and printed. Baselines: `rg -c -i` with every theme pattern of
rules/themes.toml (when ripgrep is installed) and `cat` of the corpus.

--scaling: -j 1 runs over corpora of each size in --scaling-mb; prints
seconds per MB, a proportional fit t = k*MB and the largest deviation from
it, plus a fit t = a + b*MB (a = fixed start-up cost).

--one-file M: the M MB many-files corpus and the same documents joined into
one, -j 1: per-byte cost of each and their ratio (1.0 = no size penalty).

--profile: `perf record -e cpu-clock --call-graph dwarf` of one -j 1 run
over the --mb corpus (cpu-clock works where hardware counters are not
exposed, e.g. in VMs); prints inclusive and self time by function, and the
time under each innermost `minutes::` function.

MB means 10^6 bytes throughout (as in the summary line of `minutes`).
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/minutes-bench")
MB = 1_000_000
TIMING_RE = re.compile(r"^timing:\s+stage=(\S+)\s+seconds=([0-9.eE+-]+)")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus  # noqa: E402  (same folder)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Corpora


def corpus_stats(root: Path) -> dict:
    files = 0
    size = 0
    by_ext: collections.Counter[str] = collections.Counter()
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            if n.startswith("."):
                continue
            files += 1
            size += os.path.getsize(os.path.join(dirpath, n))
            by_ext[os.path.splitext(n)[1] or "(none)"] += 1
    return {"documents": files, "bytes": size, "by_ext": dict(sorted(by_ext.items()))}


def get_corpus(mb: float, seed: int, one_file: bool = False) -> tuple[Path, dict]:
    """The cached corpus (generated on first use) and its stats."""
    name = f"{'joined-' if one_file else ''}{mb:g}-{seed}"
    root = CACHE / name
    stamp = CACHE / f".{name}.json"
    if root.is_dir() and stamp.is_file():
        return root, json.loads(stamp.read_text())
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = CACHE / f".{name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    log(f"generating {'one-file ' if one_file else ''}corpus {mb:g} MB seed {seed} -> {root}")
    t0 = time.perf_counter()
    if one_file:
        gen_corpus.generate_one(str(tmp), mb, seed)
    else:
        gen_corpus.generate(str(tmp), mb, seed, verbose=False)
    tmp.rename(root)
    stats = corpus_stats(root)
    stats["generated_seconds"] = round(time.perf_counter() - t0, 1)
    stamp.write_text(json.dumps(stats))
    log(f"  {stats['documents']} documents, {stats['bytes'] / MB:.1f} MB in {stats['generated_seconds']} s")
    return root, stats


# ---------------------------------------------------------------------------
# Running children


def run_child(argv: list[str], env: dict | None = None, stdout=subprocess.DEVNULL, shell: bool = False) -> dict:
    """Run one child; wall time and its own rusage (wait4), stderr text."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=stdout, stderr=err, env=env, shell=shell)
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return {
        "wall": wall,
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "maxrss_mb": ru.ru_maxrss * 1024 / MB,  # ru_maxrss is in KiB on Linux
        "rc": p.returncode,
        "stderr": text,
    }


def count_csv_rows(path: Path) -> int:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return max(0, sum(1 for _ in csv.reader(f)) - 1)
    except OSError:
        return -1


def dir_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def run_minutes(binary: Path, corpus: Path, jobs: int, keep: bool, tag: str) -> dict:
    out = CACHE / f"out-{tag}-j{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, MINUTES_TIMINGS="1")
    argv = [str(binary), "extract", str(corpus), "--out", str(out), "-j", str(jobs), "-q"]
    log(f"running: {' '.join(argv)}")
    load0 = os.getloadavg()[0]
    r = run_child(argv, env=env)
    r["load"] = (load0, os.getloadavg()[0])
    if r["rc"] not in (0, 3):
        sys.exit(f"minutes exited {r['rc']}:\n{r['stderr'][-4000:]}")
    r["argv"] = argv
    r["documents_out"] = count_csv_rows(out / "documents.csv")
    r["errors"] = count_csv_rows(out / "errors.csv")
    r["output_mb"] = dir_bytes(out) / MB if out.is_dir() else 0.0
    stages: dict[str, float] = {}
    lines: dict[str, int] = {}
    for line in r["stderr"].splitlines():
        m = TIMING_RE.match(line.strip())
        if m:
            stages[m.group(1)] = stages.get(m.group(1), 0.0) + float(m.group(2))
            lines[m.group(1)] = lines.get(m.group(1), 0) + 1
    r["stages"] = stages
    r["stage_lines"] = lines
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    log(f"  {r['wall']:.2f} s wall, {r['user'] + r['sys']:.2f} s CPU, {r['maxrss_mb']:.0f} MB peak RSS, exit {r['rc']}, "
        f"load average {r['load'][0]:.2f} before, {r['load'][1]:.2f} after")
    return r


def best_of(runs: list[dict]) -> dict:
    """The median run by wall time (the run itself, so its RSS and stages go with it)."""
    runs = sorted(runs, key=lambda r: r["wall"])
    r = dict(runs[(len(runs) - 1) // 2])
    r["walls"] = [x["wall"] for x in runs]
    return r


def measure_minutes(binary: Path, corpus: Path, jobs: int, repeat: int, keep: bool, tag: str) -> dict:
    return best_of([run_minutes(binary, corpus, jobs, keep, tag) for _ in range(repeat)])


# ---------------------------------------------------------------------------
# Baselines


def theme_patterns(rules: Path) -> list[str]:
    with open(rules, "rb") as f:
        data = tomllib.load(f)
    return [p for t in data.get("theme", []) for p in t.get("patterns", [])]


def ascii_word_boundaries(pattern: str) -> str:
    """`\\b` outside classes -> `(?-u:\\b)`, as minutes does for its RegexSet
    prefilter: Unicode word boundaries make the lazy DFA of both minutes and
    rg give up on non-ASCII text and fall back to a much slower engine."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append("(?-u:\\b)" if nxt == "b" and not in_class else c + nxt)
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def rg_accepts(rg: str, patterns: list[str]) -> bool:
    argv = [rg, "-i", "-c", "--regex-size-limit", "1G", "--dfa-size-limit", "1G"]
    for p in patterns:
        argv += ["-e", p]
    r = subprocess.run(argv, input=b"", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode in (0, 1)


def rg_patterns(rg: str, rules: Path) -> tuple[list[str], list[str], int]:
    """Patterns rg accepts (a `(?-i)` prefix is kept: rg's regex syntax is the
    Rust regex crate's, where it means the same; a pattern rg rejects is
    retried without it), the rejected ones, and how many were rewritten."""
    pats = theme_patterns(rules)
    if rg_accepts(rg, pats):
        return pats, [], 0
    ok, bad, rewritten = [], [], 0
    for p in pats:
        if rg_accepts(rg, [p]):
            ok.append(p)
        elif p.startswith("(?-i)") and rg_accepts(rg, [p[5:]]):
            ok.append(p[5:])
            rewritten += 1
        else:
            bad.append(p)
    return ok, bad, rewritten


def run_rg(rg: str, patterns: list[str], corpus: Path, threads: int) -> dict:
    argv = [rg, "-c", "-i", "--no-ignore", "--hidden", "-j", str(threads),
            "--regex-size-limit", "1G", "--dfa-size-limit", "1G"]
    for p in patterns:
        argv += ["-e", p]
    argv.append(str(corpus))
    log(f"running: rg -c -i -j {threads} ({len(patterns)} patterns) {corpus}")
    r = run_child(argv)
    if r["rc"] not in (0, 1):
        log(f"  rg failed ({r['rc']}): {r['stderr'][:500]}")
        return {}
    log(f"  {r['wall']:.2f} s")
    return r


def run_cat(corpus: Path) -> dict:
    cmd = f"find '{corpus}' -type f -print0 | xargs -0 cat > /dev/null"
    run_child(cmd, shell=True)  # warm the page cache
    log("running: cat corpus > /dev/null")
    return run_child(cmd, shell=True)


# ---------------------------------------------------------------------------
# Reporting


def machine() -> dict:
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "memory": mem}


def git_state() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        if not dirty:
            return head
        diff = subprocess.run(["git", "-C", str(REPO), "diff", "HEAD"], capture_output=True).stdout
        return f"{head} + uncommitted changes (diff sha256 {hashlib.sha256(diff).hexdigest()[:12]})"
    except OSError:
        return "?"


def binary_id(binary: Path) -> str:
    h = hashlib.sha256()
    with open(binary, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(binary.stat().st_mtime))
    return f"{binary} (sha256 {h.hexdigest()[:12]}, built {built}); tree now {git_state()}"


def table(headers: list[str], rows: list[list], right: set[int] | None = None) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in r] for r in rows]
    w = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    right = right if right is not None else set(range(1, len(headers)))
    out = []
    for k, r in enumerate(cells):
        out.append("| " + " | ".join(c.rjust(w[i]) if i in right else c.ljust(w[i]) for i, c in enumerate(r)) + " |")
        if k == 0:
            out.append("|" + "|".join(("-" * (w[i] + 1) + ":") if i in right else ("-" * (w[i] + 2)) for i in range(len(headers))) + "|")
    return "\n".join(out)


def fmt(x: float, nd: int = 2) -> str:
    return f"{x:,.{nd}f}"


def minutes_row(label: str, threads: int, r: dict, mb: float, docs: int) -> list:
    cpu = r["user"] + r["sys"]
    walls = r.get("walls", [r["wall"]])
    spread = f" ({fmt(min(walls))}-{fmt(max(walls))})" if len(walls) > 1 else ""
    return [label, threads, fmt(r["wall"]) + spread, fmt(mb / r["wall"], 3), fmt(docs / r["wall"], 2),
            fmt(cpu), f"{100 * cpu / r['wall']:.0f}%", fmt(mb / cpu, 3), fmt(r["maxrss_mb"], 0), r["rc"], r["errors"],
            f"{r['load'][0]:.1f}/{r['load'][1]:.1f}"]


MIN_HEAD = ["run", "threads", "seconds", "MB/s", "docs/s", "CPU s", "CPU", "MB per CPU s", "peak RSS MB", "exit",
            "errors", "load avg before/after"]


def print_stages(r: dict, label: str) -> None:
    if not r["stages"]:
        print(f"\nper-stage timings not available from this build ({label}; set MINUTES_TIMINGS=1 "
              "and print `timing: stage=<name> seconds=<f>` lines on stderr)")
        return
    total = sum(r["stages"].values())
    rows = [[s, r["stage_lines"][s], fmt(v, 3), f"{100 * v / total:.1f}%"] for s, v in r["stages"].items()]
    print(f"\nper-stage timings ({label}; seconds summed over all `timing:` lines, "
          f"total {fmt(total, 2)} s vs {fmt(r['wall'], 2)} s wall)")
    print(table(["stage", "lines", "seconds", "share"], rows))


# ---------------------------------------------------------------------------
# Modes


def main_bench(a, binary: Path) -> dict:
    corpus, st = get_corpus(a.mb, a.seed)
    mb, docs = st["bytes"] / MB, st["documents"]
    res: dict = {"corpus": str(corpus), "mb": mb, "documents": docs}
    cores = os.cpu_count() or 1
    j1 = measure_minutes(binary, corpus, 1, a.repeat, a.keep, f"{a.mb:g}-{a.seed}")
    jn = measure_minutes(binary, corpus, 0, a.repeat, a.keep, f"{a.mb:g}-{a.seed}")
    res["j1"], res["jall"] = j1, jn

    rg = shutil.which("rg")
    rg_rows = []
    if rg and not a.no_rg:
        pats, bad, rewritten = rg_patterns(rg, a.rules)
        res["rg_patterns"], res["rg_rejected"] = len(pats), bad
        variants = [("ASCII \\b", [ascii_word_boundaries(p) for p in pats])]
        if a.rg_unicode:
            variants.append(("patterns as written", pats))
        for name, vp in variants:
            for threads in ((1, cores) if a.rg_j1 and name.startswith("ASCII") else (cores,)):
                r = run_rg(rg, vp, corpus, threads)
                if r:
                    res[f"rg_{name}_j{threads}"] = r
                    rg_rows.append((threads, name, r))
    cat = None if a.no_cat else run_cat(corpus)
    res["cat"] = cat

    print(f"\n## minutes throughput: {mb:.1f} MB corpus, {docs} documents {st['by_ext']}, seed {a.seed}")
    print(f"binary {binary_id(binary)}\ncorpus {corpus}")
    print(f"machine: {machine()}\n")
    rows = [minutes_row("minutes -j 1", 1, j1, mb, docs),
            minutes_row("minutes -j 0", cores, jn, mb, docs)]
    print(table(MIN_HEAD, rows, right=set(range(1, len(MIN_HEAD)))))
    print(f"\nspeed-up all cores ({cores}) vs -j 1: {j1['wall'] / jn['wall']:.2f}x; "
          f"documents in documents.csv: {j1['documents_out']}; output {j1['output_mb']:.1f} MB")
    if a.repeat > 1:
        print(f"(median of {a.repeat} runs; range in brackets)")
    print_stages(j1, "-j 1")
    if jn["stages"]:
        print_stages(jn, f"-j 0, {cores} threads: stage seconds are summed over threads")

    base_rows = []
    for threads, name, r in rg_rows:
        base_rows.append([f"rg -c -i, {res['rg_patterns']} theme patterns, {name}", threads, fmt(r["wall"]),
                          fmt(mb / r["wall"], 3), fmt(r["maxrss_mb"], 0)])
    if cat:
        base_rows.append(["cat (page cache warm)", 1, fmt(cat["wall"], 3), fmt(mb / cat["wall"], 0), "-"])
    if base_rows:
        print("\nbaselines")
        print(table(["run", "threads", "seconds", "MB/s", "peak RSS MB"], base_rows))
    if rg and not a.no_rg and res.get("rg_rejected"):
        print(f"(rg rejected {len(res['rg_rejected'])} patterns, skipped: {res['rg_rejected']})")
    for threads, name, r in rg_rows:
        j = j1 if threads == 1 else jn
        print(f"minutes/rg throughput ratio, rg {name}, {threads} thread(s): {(mb / j['wall']) / (mb / r['wall']):.4f} "
              f"(minutes takes {j['wall'] / r['wall']:,.1f}x the time of rg)")
    if not rg and not a.no_rg:
        print("rg (ripgrep) not installed: no regex baseline")
    return res


def scaling(a, binary: Path) -> dict:
    sizes = [float(x) for x in a.scaling_mb.split(",")]
    rows, pts = [], []
    for s in sizes:
        corpus, st = get_corpus(s, a.seed)
        r = measure_minutes(binary, corpus, 1, a.repeat, a.keep, f"{s:g}-{a.seed}")
        mb = st["bytes"] / MB
        pts.append((mb, r["wall"]))
        rows.append([f"{s:g}", st["documents"], fmt(mb, 1), fmt(r["wall"]), fmt(r["wall"] / mb, 4),
                     fmt(mb / r["wall"], 3), fmt(r["maxrss_mb"], 0), r["errors"]])
    k = sum(m * t for m, t in pts) / sum(m * m for m, _ in pts)
    dev = [t / (k * m) - 1 for m, t in pts]
    for row, d, (m, t) in zip(rows, dev, pts):
        row.append(f"{(t / m) / (pts[0][1] / pts[0][0]):.3f}")
        row.append(f"{100 * d:+.1f}%")
    print(f"\n## scaling, -j 1, seed {a.seed} (binary {binary_id(binary)})\n")
    print(table(["corpus", "documents", "MB", "seconds", "s/MB", "MB/s", "peak RSS MB", "errors",
                 "s/MB vs first", "vs proportional fit"], rows))
    out = {"points": pts, "k_s_per_mb": k, "max_dev": max(abs(d) for d in dev)}
    print(f"\nproportional fit: {k:.4f} s/MB; max deviation from proportional: {100 * out['max_dev']:.1f}%")
    if len(pts) >= 2:
        mx = statistics.fmean(m for m, _ in pts)
        ty = statistics.fmean(t for _, t in pts)
        b = sum((m - mx) * (t - ty) for m, t in pts) / sum((m - mx) ** 2 for m, _ in pts)
        intercept = ty - b * mx
        out["affine"] = (intercept, b)
        print(f"affine fit: t = {intercept:.2f} s + {b:.4f} s/MB * MB (intercept = fixed cost per run)")
    return out


def one_file(a, binary: Path) -> dict:
    big, bst = get_corpus(a.one_file, a.seed, one_file=True)
    # The same text as separate files: only being one document differs.
    many, mst = get_corpus(a.one_file, a.seed)
    rb = measure_minutes(binary, big, 1, a.repeat, a.keep, f"joined-{a.one_file:g}-{a.seed}")
    rm = measure_minutes(binary, many, 1, a.repeat, a.keep, f"{a.one_file:g}-{a.seed}")
    bmb, mmb = bst["bytes"] / MB, mst["bytes"] / MB
    rows = [
        [f"one {a.one_file:g} MB document", 1, fmt(bmb, 1), fmt(rb["wall"]), fmt(rb["wall"] / bmb, 4),
         fmt(bmb / rb["wall"], 3), fmt(rb["maxrss_mb"], 0), rb["errors"]],
        [f"{mst['documents']} documents", mst["documents"], fmt(mmb, 1), fmt(rm["wall"]), fmt(rm["wall"] / mmb, 4),
         fmt(mmb / rm["wall"], 3), fmt(rm["maxrss_mb"], 0), rm["errors"]],
    ]
    print(f"\n## one large document vs many small ones, -j 1, seed {a.seed} (binary {binary_id(binary)})\n")
    print(table(["corpus", "documents", "MB", "seconds", "s/MB", "MB/s", "peak RSS MB", "errors"], rows))
    ratio = (rb["wall"] / bmb) / (rm["wall"] / mmb)
    print(f"\nper-byte cost, one document / many documents: {ratio:.2f} (1.00 = same cost per byte)")
    print_stages(rb, f"one {a.one_file:g} MB document, -j 1")
    return {"one": rb, "many": rm, "ratio": ratio}


def profile(a, binary: Path) -> dict:
    perf = shutil.which("perf")
    if not perf:
        sys.exit("perf not installed (apt-get install linux-perf)")
    corpus, st = get_corpus(a.mb, a.seed)
    out = CACHE / f"out-profile-{a.mb:g}"
    data = CACHE / f"perf-{a.mb:g}-{a.seed}.data"
    argv = [perf, "record", "-q", "-e", "cpu-clock", "-F", str(a.perf_freq), "--call-graph", "dwarf,16384",
            "-o", str(data), "--", str(binary), "extract", str(corpus), "--out", str(out), "-j", "1", "-q"]
    log("running: " + " ".join(argv))
    r = run_child(argv)
    shutil.rmtree(out, ignore_errors=True)
    if r["rc"] not in (0, 3):
        sys.exit(f"perf record failed ({r['rc']}): {r['stderr'][-2000:]}")
    log("running: perf script (this can take a while)")
    p = subprocess.Popen([perf, "script", "-i", str(data), "-F", "ip,sym"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, errors="replace")
    incl: collections.Counter[str] = collections.Counter()
    selfc: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    n = 0
    stack: list[str] = []
    frame = re.compile(r"^\s*[0-9a-f]+\s+(.+?)(?:\+0x[0-9a-f]+)?$")

    def flush() -> None:
        nonlocal n
        if not stack:
            return
        n += 1
        for f in set(stack):
            incl[f] += 1
        selfc[stack[0]] += 1
        own[next((f for f in stack if f.startswith("minutes::")), "(not under a minutes:: function)")] += 1

    assert p.stdout is not None
    for line in p.stdout:
        if not line.strip():
            flush()
            stack = []
            continue
        m = frame.match(line.rstrip("\n"))
        if m:
            stack.append(re.sub(r"::h[0-9a-f]{16}$", "", m.group(1)))
    flush()
    p.wait()
    if not a.keep:
        data.unlink(missing_ok=True)
    pct = lambda c: f"{100 * c / max(n, 1):.1f}%"  # noqa: E731
    skip = re.compile(r"^(rayon|std::|core::|<core::|<alloc::|<rayon|<std::|alloc::|clone3|start_thread|_start|main$|__libc|\[unknown\])")
    print(f"\n## profile: perf cpu-clock at {a.perf_freq} Hz, -j 1, {st['bytes'] / MB:.1f} MB corpus, "
          f"{n} samples, {r['wall']:.1f} s wall (under perf)\n")
    print("inclusive time, minutes:: functions")
    print(table(["inclusive", "function"], [[pct(c), f] for f, c in incl.most_common() if f.startswith("minutes::")][:a.top],
                right={0}))
    print("\ninclusive time, all functions (runtime/glue frames left out)")
    print(table(["inclusive", "function"], [[pct(c), f] for f, c in incl.most_common() if not skip.match(f)][:a.top],
                right={0}))
    print("\ntime under the innermost minutes:: function (its own code + the library calls it makes)")
    print(table(["share", "function"], [[pct(c), f] for f, c in own.most_common(a.top)], right={0}))
    print("\nself time")
    print(table(["self", "function"], [[pct(c), f] for f, c in selfc.most_common(a.top)], right={0}))
    return {"samples": n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--mb", type=float, default=200, help="corpus size in MB (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", type=Path, default=Path("target/release/minutes"),
                    help="minutes binary (relative paths are from the repo root)")
    ap.add_argument("--rules", type=Path, default=REPO / "rules" / "themes.toml",
                    help="theme rules whose patterns rg searches for")
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration; the median is reported")
    ap.add_argument("--keep", action="store_true", help="keep the datasets written (and perf data)")
    ap.add_argument("--no-rg", action="store_true", help="skip the ripgrep baseline")
    ap.add_argument("--no-cat", action="store_true", help="skip the cat baseline")
    ap.add_argument("--rg-j1", action="store_true", help="also run rg with one thread (default: all cores only)")
    ap.add_argument("--rg-unicode", action="store_true",
                    help="also run rg with the patterns as written (Unicode \\b: very slow on non-ASCII text)")
    ap.add_argument("--scaling", action="store_true", help="-j 1 over each --scaling-mb corpus")
    ap.add_argument("--scaling-mb", default="50,200,800")
    ap.add_argument("--one-file", type=float, metavar="M", help="the M MB corpus as one document vs as many files")
    ap.add_argument("--profile", action="store_true", help="perf profile of a -j 1 run over the --mb corpus")
    ap.add_argument("--perf-freq", type=int, default=99)
    ap.add_argument("--top", type=int, default=25, help="rows in the profile tables")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    a = ap.parse_args(argv)

    binary = a.bin if a.bin.is_absolute() else REPO / a.bin
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary}: no such executable; build with `cargo build --release` or pass --bin")
    results: dict = {"machine": machine(), "tree": git_state(), "binary": str(binary), "argv": sys.argv}
    if a.scaling:
        results["scaling"] = scaling(a, binary)
    if a.one_file:
        results["one_file"] = one_file(a, binary)
    if a.profile:
        results["profile"] = profile(a, binary)
    if not (a.scaling or a.one_file or a.profile):
        results["bench"] = main_bench(a, binary)
    if a.json:
        def clean(o):
            if isinstance(o, dict):
                return {k: clean(v) for k, v in o.items() if k != "stderr"}
            if isinstance(o, list):
                return [clean(v) for v in o]
            return o
        a.json.write_text(json.dumps(clean(results), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
