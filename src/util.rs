//! Small helpers shared by the stages.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

/// A look-up table keyed by text from the documents (names, labels).
///
/// std's default SipHash took 1.3 % of the extraction's instructions on
/// these short keys; foldhash (hashbrown's own default) is several times
/// cheaper and, unlike FxHash, seeded per process, so names crafted to
/// collide cannot slow a run down. Nothing iterates these maps, so the
/// seed never reaches the output.
pub type TextMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Compile one of the tool's own patterns.
///
/// The rule patterns are large (hundreds of honorifics, Unicode letter
/// classes); with the default 2 MB lazy-DFA cache the regex engine keeps
/// clearing its cache and falls back to its slowest engine. A larger cache
/// (allocated lazily, per thread) keeps matching at DFA speed.
///
/// Their `\b` are ASCII word boundaries (see [`ascii_word_boundaries`]):
/// every `\b` in these patterns stands beside an ASCII letter or digit of
/// the pattern ("\bin", "took place\b", a date's "\d{4}\b"), where the
/// two kinds of boundary differ only next to a non-ASCII letter or digit
/// ("éin"). A pattern that needs a Unicode boundary, beside `\p{L}` say,
/// must be built with `RegexBuilder` itself.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_word_boundaries(pattern))
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
}

/// `\b` as an ASCII word boundary. With a Unicode boundary the regex
/// engine's DFAs give up on any haystack holding a non-ASCII character (an
/// accented name, a curly quote) and it searches the whole sentence with a
/// backtracker instead: a date search took 35,000 instructions instead of
/// 3,000. Theme words are English, so the ASCII boundary means the same for
/// them too.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                if next == Some('b') && !in_class && !out.ends_with("(?-u:") {
                    out.push_str("(?-u:\\b)");
                } else {
                    out.push(c);
                    out.extend(next);
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `s.trim_start_matches(prefix)` for a non-empty `prefix`, without the
/// substring searcher the standard method sets up on every call: the
/// lexicon and descriptor look-ups strip "the " from thousands of short
/// phrases.
pub fn trim_start_str<'a>(mut s: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return s;
    }
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// Where the last occurrence of each of `seps` starts in `s` (what
/// `s.rsplit_once(sep)` splits at), in one pass from the end: a descriptor
/// is split by whichever of seven separators a title stands before, and
/// seven passes over it, one per separator, cost more than the look-ups.
///
/// # Panics
///
/// When a separator is empty, or the separators start with more than
/// three different bytes (the callers pass constants).
#[inline]
pub fn last_occurrences<const N: usize>(s: &str, seps: [&str; N]) -> [Option<usize>; N] {
    let mut firsts = [0u8; 3];
    let mut distinct = 0;
    for sep in seps {
        let b = sep.as_bytes()[0];
        if !firsts[..distinct].contains(&b) {
            assert!(distinct < 3, "at most three first bytes");
            firsts[distinct] = b;
            distinct += 1;
        }
    }
    // Fewer than three: the first stands in for the missing ones.
    let [a, b, c] = firsts;
    let b = if distinct > 1 { b } else { a };
    let c = if distinct > 2 { c } else { a };
    let hay = s.as_bytes();
    let mut found = [None; N];
    let mut missing = N;
    for i in memchr::memrchr3_iter(a, b, c, hay) {
        let here = &hay[i..];
        for (slot, sep) in found.iter_mut().zip(seps) {
            // The second byte first: at most spaces no separator starts,
            // and comparing the rest there cost a call each.
            let sep = sep.as_bytes();
            let second = sep.get(1).is_none_or(|b| here.get(1) == Some(b));
            if slot.is_none() && second && here.starts_with(sep) {
                *slot = Some(i);
                missing -= 1;
            }
        }
        if missing == 0 {
            break;
        }
    }
    found
}

/// `s.rsplit_once(sep)` for each of `seps`, found by [`last_occurrences`].
#[inline]
pub fn last_splits<'a, const N: usize>(
    s: &'a str,
    seps: [&str; N],
) -> [Option<(&'a str, &'a str)>; N] {
    let found = last_occurrences(s, seps);
    std::array::from_fn(|k| found[k].map(|at| (&s[..at], &s[at + seps[k].len()..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each position is where `rsplit_once` splits, for separators sharing
    /// first bytes, overlapping themselves and each other, or absent.
    #[test]
    fn last_occurrences_are_where_rsplit_once_splits() {
        let texts = [
            "",
            "Director at the UN at Geneva, Switzerland",
            "Head of Unit, Ministry of Health, Kenya",
            " at ",
            "x at at y",
            "aaa, , ,",
            "Officer with the Bank representing the Fund on behalf of the Board",
            "Ministère de la Santé, Côte d’Ivoire of",
        ];
        let seps = [
            ", ",
            " at ",
            " at the ",
            " of ",
            "aa",
            " on behalf of ",
            ",",
            " with the ",
        ];
        for t in texts {
            let found = last_occurrences(t, seps);
            let splits = last_splits(t, seps);
            for ((sep, at), split) in seps.iter().zip(found).zip(splits) {
                let want = t.rsplit_once(sep).map(|(head, _)| head.len());
                assert_eq!(at, want, "{t:?} {sep:?}");
                assert_eq!(split, t.rsplit_once(sep), "{t:?} {sep:?}");
            }
        }
        assert_eq!(last_occurrences("a, b, c", [", "]), [Some(4)]);
        assert_eq!(
            last_occurrences("a, b of c, d", [", ", " of ", " at "]),
            [Some(9), Some(4), None]
        );
        assert_eq!(last_occurrences("a, b", []), []);
    }

    /// The short cuts return what the standard methods return, on
    /// repeated, overlapping, absent and non-ASCII separators.
    #[test]
    fn string_short_cuts_equal_the_standard_methods() {
        let texts = [
            "",
            "the ",
            "the the Bank",
            "Director at the UN at Geneva",
            "aaa",
            "at",
            "Ministère de la Santé, Côte d’Ivoire",
            "the",
            " at ",
            "x at at y",
            "ééé",
        ];
        let seps = ["the ", " at ", ", ", "a", "aa", "é", "’I", " at the ", ""];
        for t in texts {
            for sep in seps {
                let trimmed = if sep.is_empty() {
                    t
                } else {
                    t.trim_start_matches(sep)
                };
                assert_eq!(trim_start_str(t, sep), trimmed, "{t:?} {sep:?}");
            }
        }
    }

    #[test]
    fn word_boundaries_become_ascii_outside_classes_only() {
        for (pattern, want) in [
            (r"\bin\b", r"(?-u:\b)in(?-u:\b)"),
            (r"[\b]x", r"[\b]x"),
            (r"\\b", r"\\b"),
            (r"\B\d", r"\B\d"),
            (r"(?-u:\b)x", r"(?-u:\b)x"),
            (r"[a\]]\b", r"[a\]](?-u:\b)"),
        ] {
            assert_eq!(ascii_word_boundaries(pattern), want, "{pattern}");
        }
    }

    /// Beside the ASCII letters and digits of a pattern the two kinds of
    /// boundary agree, whatever non-ASCII text surrounds the match.
    #[test]
    fn ascii_boundaries_find_what_unicode_ones_find_beside_ascii() {
        let unicode = |p: &str| RegexBuilder::new(p).build().unwrap();
        let patterns = [
            r"\b(?:in|at)\s+\p{Lu}\p{L}+",
            r"\d{1,2} May \d{4}\b",
            r"\bsaid\b",
        ];
        let texts = [
            "José Müller said on 12 May 2024 in Genève that «in São Paulo» it held.",
            "Ms. Ngozi Okonjo-Iweala said: “we met at Zürich on 3 May 2023”.",
            "insaid and 12 May 20245 are not whole words, nor is Xin Zürich",
        ];
        for p in patterns {
            let (ours, theirs) = (regex(p).unwrap(), unicode(p));
            for t in texts {
                let found = |r: &Regex| r.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
                assert_eq!(found(&ours), found(&theirs), "{p} in {t}");
            }
        }
        let found: Vec<_> = regex(r"\bsaid\b").unwrap().find_iter(texts[0]).collect();
        assert_eq!(found.len(), 1);
        // The one difference, right beside a non-ASCII letter.
        assert!(regex(r"\bsaid\b").unwrap().is_match("saidé"));
        assert!(!unicode(r"\bsaid\b").is_match("saidé"));
    }
}
