//! Lines, sections, header fields, paragraphs and sentences.
//!
//! Summaries, minutes and transcripts share a small vocabulary of layout:
//! headings ("Topic 1: …", "## Discussion", "**3. Approval**"), header fields
//! ("Date: …", "Purpose" on its own line), list lines, transcript turns
//! ("Mr K D S DURR: …") and running text wrapped at any width. The segmenter
//! names each line, then builds sections, paragraphs and sentences over them;
//! the extract stages read these instead of raw text.

mod lines;
mod sentences;

use crate::model::{LineKind, Section, Sentence, Span};
pub use lines::{classify_line, field_key, LineInfo};
pub use sentences::sentence_spans;

/// The document cut into its parts; every span indexes the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segments {
    pub lines: Vec<Line>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub fields: Vec<HeaderField>,
}

/// One line and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line without its line break.
    pub span: Span,
    pub kind: LineKind,
    /// The text after list markers, heading marks or a turn label.
    pub content: Span,
    /// For a turn, the speaker label; for a field, the key.
    pub label: Option<Span>,
    pub indent: usize,
    pub section: usize,
    /// Heading level (1 = `#`), for headings only.
    pub level: u8,
}

/// A header field: a known key and its value ("Date: 8 October 2023", or a
/// "Purpose" line followed by its paragraph).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderField {
    /// Canonical lower-case key ("date", "venue", "speakers").
    pub key: String,
    pub line: usize,
    pub value: Span,
}

/// Cut `text` into lines, sections, fields, paragraphs and sentences.
pub fn segment(text: &str) -> Segments {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.trim_end_matches('\n').len();
        lines.push(make_line(text, Span::new(start, end)));
        start += piece.len();
    }
    promote_short_headings(text, &mut lines);
    let sections = sections(text, &mut lines);
    let fields = header_fields(text, &lines);
    let (paragraphs, sentences) = paragraphs_and_sentences(text, &lines);
    Segments {
        lines,
        sections,
        paragraphs,
        sentences,
        fields,
    }
}

fn make_line(text: &str, span: Span) -> Line {
    let info = classify_line(&text[span.start..span.end]);
    Line {
        span,
        kind: info.kind,
        content: info.content.offset(span.start),
        label: info.label.map(|l| l.offset(span.start)),
        indent: info.indent,
        section: 0,
        level: info.level,
    }
}

/// A short line standing alone between sentences ("Purpose", "Action
/// required", "Discussion") is a heading, or a header field when it names
/// one; a wrapped line of running text is not, since it does not stand alone.
fn promote_short_headings(text: &str, lines: &mut [Line]) {
    for i in 0..lines.len() {
        if lines[i].kind != LineKind::Text {
            continue;
        }
        let body = text[lines[i].content.start..lines[i].content.end].trim();
        let short = body.chars().count() <= 60
            && body.split_whitespace().count() <= 6
            && body.chars().next().is_some_and(char::is_uppercase)
            && !body.ends_with(['.', ',', ';', ':', '!', '?', '-'])
            && !body.contains(", ");
        let prev_ends = i == 0 || {
            let p = &lines[i - 1];
            p.kind != LineKind::Text || ends_sentence(&text[p.content.start..p.content.end])
        };
        // Blank lines may separate a heading from what it heads.
        let next = lines[i + 1..].iter().find(|n| n.kind != LineKind::Blank);
        // A list label ("Witnesses") may head numbered panels ("I: Dr A…"),
        // which read like transcript turns.
        let label = field_key(body).is_some();
        let next_body = next.is_some_and(|n| {
            let first = text[n.content.start..n.content.end].chars().next();
            (matches!(
                n.kind,
                LineKind::Text | LineKind::ListItem | LineKind::Field
            ) || label && n.kind == LineKind::Turn)
                && !first.is_some_and(char::is_lowercase)
        });
        if short && prev_ends && next_body {
            if field_key(body).is_some() {
                lines[i].kind = LineKind::Field;
                lines[i].label = Some(lines[i].content);
                lines[i].content = Span::new(lines[i].span.end, lines[i].span.end);
            } else {
                lines[i].kind = LineKind::Heading;
                lines[i].level = 3;
            }
        }
    }
}

/// Sections from headings; the text before the first heading is section 0
/// with an empty title. Sets `Line::section`.
fn sections(text: &str, lines: &mut [Line]) -> Vec<Section> {
    let mut out = vec![Section {
        index: 0,
        title: String::new(),
        level: 0,
        heading: Span::default(),
        span: Span::new(0, text.len()),
    }];
    for line in lines.iter_mut() {
        if line.kind == LineKind::Heading {
            let index = out.len();
            if let Some(last) = out.last_mut() {
                last.span.end = line.span.start;
            }
            out.push(Section {
                index,
                title: text[line.content.start..line.content.end]
                    .trim()
                    .to_string(),
                level: line.level,
                heading: line.span,
                span: Span::new(line.span.start, text.len()),
            });
        }
        line.section = out.len() - 1;
    }
    out
}

/// "Key: value" lines with a known key, and known keys alone on a line
/// whose value is the next non-blank line.
fn header_fields(text: &str, lines: &[Line]) -> Vec<HeaderField> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let key_span = match (line.kind, line.label) {
            (LineKind::Field, Some(label)) => label,
            (LineKind::Heading, _) => line.content,
            _ => continue,
        };
        let Some(key) = field_key(&text[key_span.start..key_span.end]) else {
            continue;
        };
        let value = if line.kind == LineKind::Field && !line.content.is_empty() {
            line.content
        } else {
            match lines[i + 1..].iter().find(|l| l.kind != LineKind::Blank) {
                Some(next) if next.kind == LineKind::Text => next.content,
                _ => Span::new(line.span.end, line.span.end),
            }
        };
        out.push(HeaderField {
            key: key.to_string(),
            line: i,
            value,
        });
    }
    out
}

/// Running text lines join into paragraphs while the previous line does not
/// end a sentence (wrapped text); every other kind of line stands alone.
fn paragraphs_and_sentences(text: &str, lines: &[Line]) -> (Vec<Span>, Vec<Sentence>) {
    let mut paragraphs: Vec<Span> = Vec::new();
    let mut sections_of: Vec<usize> = Vec::new();
    let mut open = false;
    let mut open_kind = LineKind::Text;
    for line in lines {
        // A list item or turn runs on into lines that are indented or carry
        // on mid-sentence; an unindented capitalised line starts afresh.
        let continues = |line: &Line| {
            let first = text[line.content.start..line.content.end].chars().next();
            open_kind == LineKind::Text
                || line.indent >= 2
                || first.is_some_and(|c| !c.is_uppercase())
        };
        match line.kind {
            LineKind::Blank => open = false,
            LineKind::Text if open && continues(line) => {
                let last = paragraphs.last_mut().expect("open paragraph");
                last.end = line.content.end;
                open = !ends_sentence(&text[line.content.start..line.content.end]);
            }
            kind => {
                if line.content.is_empty() {
                    open = false;
                    continue;
                }
                paragraphs.push(line.content);
                sections_of.push(line.section);
                let body = &text[line.content.start..line.content.end];
                open = matches!(kind, LineKind::Text | LineKind::Turn | LineKind::ListItem)
                    && !ends_sentence(body);
                open_kind = kind;
            }
        }
    }
    let mut sentences = Vec::new();
    for (p, (span, section)) in paragraphs.iter().zip(sections_of).enumerate() {
        for s in sentence_spans(text, *span) {
            sentences.push(Sentence {
                span: s,
                section,
                paragraph: p,
            });
        }
    }
    (paragraphs, sentences)
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', '"', ')', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences_of(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn wrapped_lines_join_into_one_sentence() {
        let text = "The House met and\nrequested silence. Then it\nadjourned.\n";
        assert_eq!(
            sentences_of(text),
            [
                "The House met and\nrequested silence.",
                "Then it\nadjourned."
            ]
        );
    }

    #[test]
    fn headings_make_sections() {
        let text = "Intro text.\nTopic 1: Access for all\nBody one.\n## Next\nBody two.\n";
        let seg = segment(text);
        let titles: Vec<_> = seg.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["", "Access for all", "Next"]);
        assert_eq!(seg.sentences.last().unwrap().section, 2);
        assert_eq!(seg.sections[1].span, Span::new(12, 46));
    }

    #[test]
    fn a_short_line_before_a_blank_line_heads_what_follows() {
        let text = "Report\n\nDiscussion\n\nMs. A B opened the meeting.\nA wrapped\n\nline.\n";
        let seg = segment(text);
        let titles: Vec<&str> = seg.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["", "Report", "Discussion"]);
    }

    #[test]
    fn header_fields_inline_and_on_next_line() {
        let text = "Purpose\nThe document provides a summary.\n- Date: October 10, 2024\n";
        let seg = segment(text);
        let got: Vec<_> = seg
            .fields
            .iter()
            .map(|f| (f.key.as_str(), &text[f.value.start..f.value.end]))
            .collect();
        assert_eq!(
            got,
            [
                ("purpose", "The document provides a summary."),
                ("date", "October 10, 2024")
            ]
        );
    }

    #[test]
    fn list_items_and_turns_stand_alone() {
        let text = "- Ms. A B, Chair\n- Mr. C D, Director\nMr K D S DURR: Chairperson, I move.\n";
        let seg = segment(text);
        let kinds: Vec<_> = seg.lines.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [LineKind::ListItem, LineKind::ListItem, LineKind::Turn]
        );
        assert_eq!(
            sentences_of(text),
            [
                "Ms. A B, Chair",
                "Mr. C D, Director",
                "Chairperson, I move."
            ]
        );
    }
}
