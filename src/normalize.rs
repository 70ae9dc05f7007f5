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
    /// (normalised offset, source offset), both increasing.
    anchors: Vec<(usize, usize)>,
    source_len: usize,
}

impl OffsetMap {
    /// The source offset of normalised offset `at`.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.anchors.partition_point(|&(n, _)| n <= at);
        if i == 0 {
            return at.min(self.source_len);
        }
        let (n, s) = self.anchors[i - 1];
        let next_source = self.anchors.get(i).map_or(self.source_len, |&(_, s)| s);
        (s + (at - n)).min(next_source)
    }

    fn push(&mut self, normalized: usize, source: usize) {
        if self.anchors.last() != Some(&(normalized, source)) {
            self.anchors.push((normalized, source));
        }
    }
}

/// Normalise `source` (see the module docs for what changes).
pub fn normalize(source: &str) -> Normalized {
    let mut text = String::with_capacity(source.len());
    let mut map = OffsetMap {
        anchors: Vec::new(),
        source_len: source.len(),
    };
    let needs_nfc = is_nfc_quick(source.chars()) != IsNormalized::Yes;
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // A base character with its combining marks is composed as one unit.
        if needs_nfc && (!c.is_ascii() || next_is_combining(&mut chars)) {
            let mut end = at + c.len_utf8();
            while let Some(&(i, m)) = chars.peek() {
                if canonical_combining_class(m) == 0 {
                    break;
                }
                end = i + m.len_utf8();
                chars.next();
            }
            let cluster = &source[at..end];
            let mut composed = String::with_capacity(cluster.len());
            for ch in cluster.nfc() {
                match replacement(ch, None) {
                    Some(rep) => composed.push_str(rep),
                    None => composed.push(ch),
                }
            }
            if composed != cluster {
                map.push(text.len(), at);
                text.push_str(&composed);
                map.push(text.len(), end);
            } else {
                text.push_str(cluster);
            }
            continue;
        }
        match replacement(c, chars.peek().map(|&(_, n)| n)) {
            Some(rep) => {
                map.push(text.len(), at);
                let mut end = at + c.len_utf8();
                if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                    chars.next();
                    end += 1;
                }
                text.push_str(rep);
                map.push(text.len(), end);
            }
            None => text.push(c),
        }
    }
    Normalized { text, map }
}

fn next_is_combining(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> bool {
    chars
        .peek()
        .is_some_and(|&(_, m)| canonical_combining_class(m) != 0)
}

/// What `c` becomes; `None` keeps it. `next` tells CRLF from a lone CR.
fn replacement(c: char, next: Option<char>) -> Option<&'static str> {
    Some(match c {
        '\r' if next == Some('\n') => "\n",
        '\r' => "\n",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
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
