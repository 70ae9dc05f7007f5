//! Sentence boundaries that survive honorifics and initials.
//!
//! "H.E. Mr. Hiroshi Yoshida, Vice Minister…" is one sentence: a period ends a
//! sentence only when it is followed by white space and a capital (or a
//! quote, bracket or digit), and the word before it is not an abbreviation or
//! an initial.

use crate::model::Span;

/// Words that end in a period without ending a sentence (compared without
/// the final period, case-sensitively, so "No." is only the number sign).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Amb", "Hon", "Rt", "Sr", "Jr", "St", "Sen", "Rep",
    "Gov", "Gen", "Col", "Capt", "Maj", "Lt", "Cmdr", "Adm", "Rev", "Fr", "Messrs", "Mme", "Mlle",
    "Smt", "Sra", "Dra", "Ing", "Eng", "Engr", "Lic", "Cllr", "Dept", "Mt", "vs", "approx", "cf",
    "Art", "Fig", "Vol", "Ch", "Sec", "para", "paras", "Para", "ibid", "al", "Co", "Corp", "Ltd",
    "Bros", "Nos", "Tel", "Ext", "Ave", "Blvd", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Length after which a sentence is cut at the next semicolon.
const SOFT_MAX: usize = 600;
/// Length after which a sentence is cut at the next white space.
const HARD_MAX: usize = 1500;

/// Sentence spans inside `span` of `text`, trimmed of surrounding white space.
pub fn sentence_spans(text: &str, span: Span) -> Vec<Span> {
    let slice = &text[span.start..span.end];
    let bytes = slice.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Until a sentence runs long only its marks can end it: skip to the
        // next one (this loop read every byte of every document).
        let soft_at = start + SOFT_MAX;
        if i < soft_at {
            let limit = soft_at.min(bytes.len());
            match memchr::memchr3(b'.', b'!', b'?', &bytes[i..limit]) {
                Some(k) => i += k,
                None => {
                    i = limit;
                    continue;
                }
            }
        }
        let b = bytes[i];
        // A run-on "sentence" (a table flattened into one line, a list with
        // no full stops) is cut at a semicolon, then at any space: every
        // stage after this one costs at least the length of a sentence.
        let long = i - start;
        if (long >= SOFT_MAX && b == b';') || (long >= HARD_MAX && b.is_ascii_whitespace()) {
            let end = if b == b';' { i + 1 } else { i };
            push_trimmed(&mut out, slice, start, end, span.start);
            start = end;
            i = end;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Closing quotes and brackets belong to the sentence they close.
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            if is_boundary(slice, start, i, end) {
                push_trimmed(&mut out, slice, start, end, span.start);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, slice, start, bytes.len(), span.start);
    out
}

fn is_boundary(slice: &str, sentence_start: usize, dot: usize, end: usize) -> bool {
    let bytes = slice.as_bytes();
    let rest = &slice[end..];
    let after = rest.trim_start();
    if after.len() == rest.len() && !rest.is_empty() {
        return false; // "U.N.", "3.5", "itu.int": no white space after the mark
    }
    let Some(next) = after.chars().next() else {
        return true;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '\'' | '(' | '[')) {
        return false;
    }
    if bytes[dot] != b'.' {
        return true;
    }
    let word_start = slice[sentence_start..dot]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(')
        .map_or(sentence_start, |(p, c)| sentence_start + p + c.len_utf8());
    let word = slice[word_start..dot].trim_start_matches(['"', '\'', '(']);
    if word.is_empty() {
        return true;
    }
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    if word == "No" || word == "no" {
        return !next.is_ascii_digit();
    }
    // Initials and dotted abbreviations: "J.", "H.E", "U.N", "e.g", "i.e".
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    !(is_initial || dotted)
}

fn push_trimmed(out: &mut Vec<Span>, slice: &str, start: usize, end: usize, base: usize) {
    let piece = &slice[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(base + start + lead, base + end - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_spans(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "H.E. Mr. Hiroshi Yoshida spoke. He left.",
                &["H.E. Mr. Hiroshi Yoshida spoke.", "He left."],
            ),
            (
                "Ms. Doreen Bogdan-Martin and Dr. J. K. Smith met.",
                &["Ms. Doreen Bogdan-Martin and Dr. J. K. Smith met."],
            ),
            (
                "The U.N. Secretary-General spoke.",
                &["The U.N. Secretary-General spoke."],
            ),
            ("See e.g. The report.", &["See e.g. The report."]),
            ("Item No. 5 passed. Next.", &["Item No. 5 passed.", "Next."]),
            (
                "It was 3.5 per cent. Then it fell.",
                &["It was 3.5 per cent.", "Then it fell."],
            ),
            (
                "He asked \"Why?\" She replied.",
                &["He asked \"Why?\"", "She replied."],
            ),
            (
                "Visit itu.int today. Thanks",
                &["Visit itu.int today.", "Thanks"],
            ),
            (
                "only 15% are on track. 2.6 billion remain",
                &["only 15% are on track.", "2.6 billion remain"],
            ),
            (
                "Amb. Thomas Schneider spoke.",
                &["Amb. Thomas Schneider spoke."],
            ),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text:?}");
        }
    }

    /// The loop that reads every byte, as before marks were skipped to.
    fn sentence_spans_byte_by_byte(slice: &str) -> Vec<Span> {
        let bytes = slice.as_bytes();
        let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            let long = i - start;
            if (long >= SOFT_MAX && b == b';') || (long >= HARD_MAX && b.is_ascii_whitespace()) {
                let end = if b == b';' { i + 1 } else { i };
                push_trimmed(&mut out, slice, start, end, 0);
                (start, i) = (end, end);
                continue;
            }
            if matches!(b, b'.' | b'!' | b'?') {
                let mut end = i + 1;
                while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                    end += 1;
                }
                if is_boundary(slice, start, i, end) {
                    push_trimmed(&mut out, slice, start, end, 0);
                    (start, i) = (end, end);
                    continue;
                }
            }
            i += 1;
        }
        push_trimmed(&mut out, slice, start, bytes.len(), 0);
        out
    }

    #[test]
    fn skipping_to_the_marks_cuts_where_reading_every_byte_does() {
        let words = [
            "word ", "Dr. ", "x; ", "end. ", "Why?\" ", "é ", "U.N. ", "a",
        ];
        let mut texts = Vec::new();
        for (k, w) in words.iter().enumerate() {
            for n in [1, 150, 299, 300, 301, 700, 1200] {
                let filler = "abcd ".repeat(n);
                texts.push(format!("{w}{filler}{}", words[(k + 3) % words.len()]));
                texts.push(format!("{filler}{w}{filler};{filler}. Next"));
                texts.push(format!("{}{w}", w.repeat(n / 2 + 1)));
            }
        }
        // A semicolon on either side of the length where a cut may start.
        for at in SOFT_MAX - 2..=SOFT_MAX + 2 {
            texts.push(format!("{}; rest. More", "a".repeat(at)));
        }
        for text in &texts {
            assert_eq!(
                sentence_spans(text, Span::new(0, text.len())),
                sentence_spans_byte_by_byte(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn spans_are_offset_by_the_paragraph_start() {
        let text = "xx One. Two.";
        let spans = sentence_spans(text, Span::new(3, text.len()));
        assert_eq!(spans, [Span::new(3, 7), Span::new(8, 12)]);
    }
}
