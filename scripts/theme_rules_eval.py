#!/usr/bin/env python3
"""Evaluate a `minutes` theme rules file (rules/*.toml) against plain-text documents.

Usage:
    python3 scripts/theme_rules_eval.py RULES.toml DOCS_DIR [GOLD_DIR] [options]

For every `*.txt` file in DOCS_DIR the script splits the text crudely into
sentences, applies the rules the way the Rust side does (one sentence at a
time; case-insensitive unless a pattern starts with `(?-i)`; a hit lying
inside a match of one of the theme's `exclude` patterns in the same sentence
is dropped) and lists the themes found.

With GOLD_DIR (a folder of `<id>.gold.json` files holding a `themes` list, see
the evaluation SCHEMA.md) it prints, per document that has gold, the missed
and spurious ids, then micro precision, recall and F1 over those documents.
Documents without a gold file are listed but not scored.

Options:
    --evidence        print the sentence (and matched text) behind every hit
    --theme ID        with --evidence, show only this theme (repeatable)
    --only-errors     with --evidence, show only spurious hits
    --doc STEM        look at this document only (repeatable)

Python 3.11+, standard library only. The sentence splitter here is a rough
stand-in for the Rust one; scores can differ slightly where a rule depends on
sentence boundaries.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

# --- text preparation --------------------------------------------------------

# The Rust pipeline normalises typography before matching (src/normalize.rs):
# straight quotes, '-' for every dash, plain spaces, '\n' line ends.
_TYPO = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...", "\r\n": "\n", "\r": "\n",
}
_TYPO_RE = re.compile("|".join(re.escape(k) for k in sorted(_TYPO, key=len, reverse=True)))


def normalise(text: str) -> str:
    return _TYPO_RE.sub(lambda m: _TYPO[m.group(0)], text)


# A line that starts a new unit on its own: blank, heading, list item, table row.
_BLOCK_START = re.compile(r"^\s*(?:$|#|[-*+\u00b7\u2022|>]|\d+[.)]\s|[a-z][.)]\s|\(\w{1,4}\)\s)")
# Sentence end: . ! ? (optionally closed by a quote or bracket) then space and
# something that can open a sentence.
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u00c0-\u024f])")
# Abbreviations that end in a period but do not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Amb|Hon|St|Sr|Jr|No|Nos|Art|para|paras|vol|pp|p|cf|vs|etc|e\.g|i\.e|H\.E|U\.S|U\.N|Inc|Ltd|Co|Corp|Gov|Sen|Rep|Gen|Col|Capt|Lt|Mt)|\b[A-Z])\.$"
)


def split_sentences(text: str) -> list[str]:
    """Blocks (paragraphs, list items, headings) joined across wrapped lines,
    then cut at sentence punctuation."""
    blocks: list[list[str]] = []
    blank = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        # Caption-style transcripts wrap one sentence over blank-separated
        # lines: a line that starts in lower case continues the block before.
        continues = blocks and blocks[-1] and stripped[0].islower() and not _BLOCK_START.match(line)
        if not blocks or (not continues and (blank or _BLOCK_START.match(line))):
            blocks.append([])
        blocks[-1].append(stripped)
        blank = False
    sentences: list[str] = []
    for block in blocks:
        if not block:
            continue
        para = " ".join(block)
        start = 0
        for m in _SENT_END.finditer(para):
            head = para[start:m.start()]
            if _ABBREV.search(head.rstrip("\"')]")):
                continue
            sentences.append(head.strip())
            start = m.end()
        tail = para[start:].strip()
        if tail:
            sentences.append(tail)
    return [s for s in sentences if s]


# --- rules --------------------------------------------------------------------

def compile_pattern(pat: str) -> re.Pattern[str]:
    """Rust `regex` semantics as far as this file needs them: case-insensitive
    unless the pattern starts with `(?-i)`."""
    if pat.startswith("(?-i)"):
        return re.compile(pat[len("(?-i)"):])
    return re.compile(pat, re.IGNORECASE)


class Theme:
    def __init__(self, raw: dict) -> None:
        self.id: str = raw["id"]
        self.label: str = raw.get("label", "")
        self.patterns = [(p, compile_pattern(p)) for p in raw.get("patterns", [])]
        self.excludes = [compile_pattern(p) for p in raw.get("exclude", [])]

    def hits(self, sentence: str) -> list[tuple[str, str]]:
        """(pattern, matched text) for every surviving hit in the sentence."""
        spans = [(m.start(), m.end()) for x in self.excludes for m in x.finditer(sentence)]
        found = []
        for src, rx in self.patterns:
            for m in rx.finditer(sentence):
                if m.start() == m.end():
                    continue
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                found.append((src, m.group(0)))
        return found


def load_rules(path: Path) -> list[Theme]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    themes = [Theme(t) for t in data.get("theme", [])]
    ids = [t.id for t in themes]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        sys.exit(f"{path}: duplicate theme ids {sorted(dupes)}")
    for t in themes:
        if not t.patterns:
            sys.exit(f"{path}: theme {t.id} has no patterns")
    return themes


# --- evaluation ----------------------------------------------------------------

def tag(themes: list[Theme], text: str) -> dict[str, list[tuple[str, str, str]]]:
    """theme id -> [(sentence, pattern, matched text)]"""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for sentence in split_sentences(normalise(text)):
        for t in themes:
            for pat, matched in t.hits(sentence):
                out.setdefault(t.id, []).append((sentence, pat, matched))
    return out


def doc_stem(path: Path) -> str:
    name = path.name
    for suffix in (".gold.json", ".txt"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rules", type=Path, help="rules file, e.g. rules/themes.toml")
    ap.add_argument("docs", type=Path, help="folder of <id>.txt documents")
    ap.add_argument("gold", type=Path, nargs="?", help="folder of <id>.gold.json files (optional)")
    ap.add_argument("--evidence", action="store_true", help="print the sentence behind every hit")
    ap.add_argument("--theme", action="append", default=[], metavar="ID",
                    help="with --evidence, only this theme (repeatable)")
    ap.add_argument("--only-errors", action="store_true", help="with --evidence, only spurious hits")
    ap.add_argument("--doc", action="append", default=[], metavar="STEM",
                    help="only this document (repeatable)")
    args = ap.parse_args()

    themes = load_rules(args.rules)
    order = [t.id for t in themes]
    docs = sorted(args.docs.glob("*.txt"))
    if args.doc:
        docs = [d for d in docs if doc_stem(d) in args.doc]
    if not docs:
        sys.exit(f"no .txt documents in {args.docs}")

    tp = fp = fn = 0
    scored = 0
    for doc in docs:
        stem = doc_stem(doc)
        found = tag(themes, doc.read_text(encoding="utf-8", errors="replace"))
        predicted = [i for i in order if i in found]
        gold_ids = None
        if args.gold:
            gold_path = args.gold / f"{stem}.gold.json"
            if gold_path.exists():
                gold_ids = set(json.loads(gold_path.read_text(encoding="utf-8")).get("themes", []))
        if gold_ids is None:
            print(f"{stem}: {' '.join(predicted) or '-'}" + ("  (no gold)" if args.gold else ""))
        else:
            scored += 1
            missed = [i for i in order if i in gold_ids and i not in found]
            missed += sorted(gold_ids - set(order))  # ids the rules do not know
            spurious = [i for i in predicted if i not in gold_ids]
            hit = len(gold_ids & set(predicted))
            tp, fp, fn = tp + hit, fp + len(spurious), fn + len(missed)
            status = "ok" if not missed and not spurious else "errors"
            print(f"{stem}: {status}")
            if missed:
                print(f"    missed:   {' '.join(missed)}")
            if spurious:
                print(f"    spurious: {' '.join(spurious)}")
        if args.evidence:
            for tid in predicted:
                if args.theme and tid not in args.theme:
                    continue
                if args.only_errors and (gold_ids is None or tid in gold_ids):
                    continue
                for sentence, pat, matched in found[tid]:
                    short = sentence if len(sentence) <= 300 else sentence[:297] + "..."
                    print(f"      [{tid}] «{matched}» {pat}\n          {short}")

    if args.gold:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"\n{scored} documents with gold: tp={tp} fp={fp} fn={fn}  "
              f"micro P={p:.3f} R={r:.3f} F1={f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
