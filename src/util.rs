//! Small helpers shared by the stages.

use regex::{Regex, RegexBuilder};

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

/// `s.rsplit_once(sep)`, looking for `sep` only where its first byte is:
/// on the short phrases of a descriptor this beats setting up a substring
/// searcher per separator.
pub fn rsplit_once_str<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let (hay, needle) = (s.as_bytes(), sep.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return s.rsplit_once(sep);
    };
    let mut end = hay.len();
    while let Some(i) = hay[..end].iter().rposition(|&b| b == first) {
        // The second byte first: most separators start with a space, and
        // a call to compare the rest at every space cost more than the scan.
        let after = &hay[i + 1..];
        if rest.first().is_none_or(|b| after.first() == Some(b)) && after.starts_with(rest) {
            // A whole string starts and ends on character boundaries.
            return Some((&s[..i], &s[i + needle.len()..]));
        }
        end = i;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
                assert_eq!(rsplit_once_str(t, sep), t.rsplit_once(sep), "{t:?} {sep:?}");
            }
        }
        assert_eq!(rsplit_once_str("x at at y", " at "), Some(("x at", "y")));
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
