//! Typographic normalisation with a way back to the source offsets.
//!
//! Rules are simpler to write against one spelling of each character: NFC
//! letters, plain spaces, straight quotes, `-` for dashes, `\n` line ends.
//! Every edit is recorded in an [`OffsetMap`] so evidence found in the
//! normalised text can still point at the bytes a person sees in the source.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalised text and the map back to the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// Sparse map from normalised byte offsets to source byte offsets: one
/// anchor at the start of every edit and one after it; between anchors the
/// two texts are identical, so memory grows with edits, not with size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// (normalised offset, source offset, whether an edit starts here),
    /// offsets increasing.
    anchors: Vec<(usize, usize, bool)>,
    source_len: usize,
}

impl OffsetMap {
    /// The source offset of normalised offset `at`.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.anchors.partition_point(|&(n, _, _)| n <= at);
        if i == 0 {
            return at.min(self.source_len);
        }
        let (n, s, edit) = self.anchors[i - 1];
        if edit {
            // Inside a replacement ("..." for "…") no byte corresponds
            // one to one: point at the start of what was replaced.
            return s;
        }
        let next_source = self.anchors.get(i).map_or(self.source_len, |&(_, s, _)| s);
        (s + (at - n)).min(next_source)
    }

    /// Record that source `[from, to)` became `len` bytes at `at`.
    fn edit(&mut self, at: usize, from: usize, len: usize, to: usize) {
        if let Some(last) = self.anchors.last_mut() {
            if last.0 == at {
                // An empty edit just before: this one replaces it.
                *last = (at, last.1.min(from), len > 0);
            } else {
                self.anchors.push((at, from, len > 0));
            }
        } else {
            self.anchors.push((at, from, len > 0));
        }
        self.anchors.push((at + len, to, false));
    }
}

/// Normalise `source` (see the module docs for what changes).
pub fn normalize(source: &str) -> Normalized {
    normalize_with(source, true)
}

/// [`normalize`], copying runs of plain ASCII whole when `runs` is set
/// (character by character otherwise, for the test that compares both).
fn normalize_with(source: &str, runs: bool) -> Normalized {
    let mut text = String::with_capacity(source.len());
    let mut map = OffsetMap {
        anchors: Vec::new(),
        source_len: source.len(),
    };
    let needs_nfc = is_nfc_quick(source.chars()) != IsNormalized::Yes;
    let mut at = 0;
    while let Some(c) = source[at..].chars().next() {
        if runs {
            let end = plain_run_end(source.as_bytes(), at, needs_nfc);
            if end > at {
                text.push_str(&source[at..end]);
                at = end;
                continue;
            }
        }
        let next = at + c.len_utf8();
        // A base character with its combining marks (and any invisible
        // characters between them) is composed as one unit.
        let end = if needs_nfc {
            cluster_end(source, next)
        } else {
            next
        };
        if needs_nfc && (!c.is_ascii() || end > next) {
            let cluster = &source[at..end];
            let mut composed = String::with_capacity(cluster.len());
            for ch in cluster
                .chars()
                .filter(|&ch| !is_invisible(ch))
                .collect::<String>()
                .nfc()
            {
                match replacement(ch, None) {
                    Some(rep) => composed.push_str(rep),
                    None => composed.push(ch),
                }
            }
            if composed != cluster {
                map.edit(text.len(), at, composed.len(), end);
                text.push_str(&composed);
            } else {
                text.push_str(cluster);
            }
            at = end;
            continue;
        }
        if c == '-' {
            if let Some(end) = line_end_hyphen(&text, source, next) {
                // "infra-\nstructure": a word broken at the end of a line.
                map.edit(text.len(), at, 0, end);
                at = end;
                continue;
            }
        }
        let following = source[next..].chars().next();
        match replacement(c, following) {
            Some(rep) => {
                let end = if c == '\r' && following == Some('\n') {
                    next + 1
                } else {
                    next
                };
                map.edit(text.len(), at, rep.len(), end);
                text.push_str(rep);
                at = end;
            }
            None => {
                text.push(c);
                at = next;
            }
        }
    }
    Normalized { text, map }
}

/// The end of the run of ASCII characters from `at` that stay as they are:
/// all but line-break controls and `-` (a hyphen may end a line inside a
/// word). When the text needs composing, the run stops before its last
/// character if a non-ASCII one follows, which may be a mark to combine
/// with it. Nine bytes in ten are in such runs; copying them whole saves
/// the per-character tests.
fn plain_run_end(bytes: &[u8], at: usize, needs_nfc: bool) -> usize {
    let run = bytes[at..]
        .iter()
        .position(|&b| !b.is_ascii() || matches!(b, b'\r' | b'-' | 0x0B | 0x0C))
        .map_or(bytes.len(), |n| at + n);
    let composes = needs_nfc && run > at && bytes.get(run).is_some_and(|b| !b.is_ascii());
    run - usize::from(composes)
}

/// Where a word broken by a hyphen at a line end resumes: a lower-case
/// letter before the `-`, a line break (and indentation) after it, and a
/// lower-case letter on the next line. `None` for any other hyphen.
fn line_end_hyphen(text: &str, source: &str, after: usize) -> Option<usize> {
    let before = text.chars().next_back()?;
    if !before.is_lowercase() {
        return None;
    }
    let rest = &source[after..];
    let rest_after_break = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let indent = rest_after_break.len() - rest_after_break.trim_start_matches([' ', '\t']).len();
    let resumed = &rest_after_break[indent..];
    resumed
        .chars()
        .next()
        .filter(|c| c.is_lowercase())
        .map(|_| source.len() - resumed.len())
}

/// Where the combining marks (and invisible characters) after `from` end.
fn cluster_end(source: &str, from: usize) -> usize {
    let mut end = from;
    for ch in source[from..].chars() {
        if canonical_combining_class(ch) == 0 && !is_invisible(ch) {
            break;
        }
        end += ch.len_utf8();
    }
    // Trailing invisibles with no mark after them are not part of the cluster.
    let cluster = &source[from..end];
    from + cluster.trim_end_matches(is_invisible).len()
}

/// Characters removed outright (soft hyphen, zero-width spaces and joiners, BOM).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// What `c` becomes; `None` keeps it. `next` tells CRLF from a lone CR.
fn replacement(c: char, next: Option<char>) -> Option<&'static str> {
    Some(match c {
        '\r' if next == Some('\n') => "\n",
        '\r' => "\n",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        c if is_invisible(c) => "",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{2028}' | '\u{2029}' | '\u{0085}' => "\n",
        '\u{000B}' | '\u{000C}' => "\n",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_broken_at_a_line_end_are_joined() {
        let src = "the infra-\n  structure is new; a well-known\nfact; Anti-\nCorruption\n- item";
        let n = normalize(src);
        assert_eq!(
            n.text,
            "the infrastructure is new; a well-known\nfact; Anti-\nCorruption\n- item"
        );
        let at = n.text.find("is new").unwrap();
        assert_eq!(&src[n.map.source_offset(at)..][..6], "is new");
    }

    /// (source, normalised, [(normalised offset, source offset)])
    type Case = (&'static str, &'static str, &'static [(usize, usize)]);
    const CASES: &[Case] = &[
        ("plain", "plain", &[(0, 0), (5, 5)]),
        ("a\u{00A0}b", "a b", &[(1, 1), (2, 3), (3, 4)]),
        (
            "\u{201C}Hi\u{201D}",
            "\"Hi\"",
            &[(0, 0), (1, 3), (3, 5), (4, 8)],
        ),
        ("a\r\nb", "a\nb", &[(1, 1), (2, 3)]),
        ("co\u{00AD}op", "coop", &[(1, 1), (2, 4), (4, 6)]),
        ("Agne\u{0307} x", "Agn\u{0117} x", &[(3, 3), (5, 6), (6, 7)]),
        ("2003\u{2013}2005", "2003-2005", &[(4, 4), (5, 7), (9, 11)]),
    ];

    #[test]
    fn table() {
        for (source, expected, offsets) in CASES {
            let n = normalize(source);
            assert_eq!(n.text, *expected, "{source:?}");
            for &(at, src) in *offsets {
                assert_eq!(n.map.source_offset(at), src, "{source:?} at {at}");
            }
        }
    }

    /// Copying plain ASCII runs whole gives the text and offsets that going
    /// character by character gives, over every string of up to four
    /// pieces from the kinds of character the loop treats apart.
    #[test]
    fn plain_runs_change_nothing() {
        let pieces = [
            "ab", "e", "\u{0301}", "-", "\n", "\r\n", "\r", "\u{00AD}", "\u{2019}", "é", " ",
            "\x0B",
        ];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                .collect();
            strings = longer;
            for s in &strings {
                let (fast, slow) = (normalize_with(s, true), normalize_with(s, false));
                assert_eq!(fast.text, slow.text, "{s:?}");
                for at in 0..=fast.text.len() {
                    assert_eq!(
                        fast.map.source_offset(at),
                        slow.map.source_offset(at),
                        "{s:?} {at}"
                    );
                }
            }
        }
        assert_eq!(strings.len(), 12usize.pow(4));
    }

    #[test]
    fn source_offsets_are_monotonic_and_in_bounds() {
        let source = "\u{201C}Ms.\u{00A0}Agne\u{0307}\u{201D} \u{2013} co\u{00AD}op\r\n";
        let n = normalize(source);
        let mut last = 0;
        for at in 0..=n.text.len() {
            let s = n.map.source_offset(at);
            assert!(s >= last && s <= source.len());
            last = s;
        }
    }
}
