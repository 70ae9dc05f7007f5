//! What a single line is: heading, header field, list item, turn or text.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{LineKind, Span};

/// A classified line; spans are relative to the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInfo {
    pub kind: LineKind,
    pub content: Span,
    pub label: Option<Span>,
    pub indent: usize,
    pub level: u8,
}

static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$").unwrap());
static TABLE_ROW: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(r"^\s*\|(.*)\|\s*$").unwrap());
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"^(\s*)(?:[-*+•·◦▪‣●○■□➢►–]|\d{1,3}[.)]|\(?[ivxIVX]{1,4}\)|\([a-zA-Z0-9]{1,2}\)|[a-z][.)])[ \t]+(?:\[[ xX]\][ \t]+)?",
    )
    .unwrap()
});
static NUMBERED_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"(?i)^\s*(?:topic|session|item|agenda item|part|panel|segment|theme|sub-?theme)\s+(?:\d{1,3}|[IVX]{1,5})(?:\.\d+)*\s*[:.-]\s*(\S.*?)\s*$",
    )
    .unwrap()
});
static BOLD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"^\s*(?:\d{1,3}[.)]\s*)?\*\*\s*(.+?)\s*\*\*\s*:?\s*$").unwrap()
});
/// A field line as one pattern: what [`field_parts`] reads in two steps,
/// and what its test holds it to.
#[cfg(test)]
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"^\s*[*_]{0,2}([A-Za-z][\p{L} /&()'-]*?)[*_]{0,2}\s*:[*_]{0,2}(?:\s+(.*?))?\s*$",
    )
    .unwrap()
});
/// [`FIELD`] up to its colon and the emphasis after it.
static FIELD_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"^\s*[*_]{0,2}([A-Za-z][\p{L} /&()'-]*?)[*_]{0,2}\s*:[*_]{0,2}").unwrap()
});

/// [`FIELD`]'s key and value spans in `line`. The captures run on the head
/// alone and the value is read by hand: captured over the whole line, a
/// long value cost the backtracker a table the size of the line times its
/// automaton (18,000 instructions a line). The head can be read only one
/// way: the key cannot reach past the first colon, and emphasis given back
/// after the colon would leave the value starting with it, which fails.
fn field_parts(line: &str) -> Option<(Span, Option<Span>)> {
    let c = FIELD_HEAD.captures(line)?;
    let key = span(&c.get(1)?);
    let at = c.get(0)?.end();
    let rest = &line[at..];
    if rest.is_empty() {
        return Some((key, None));
    }
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let start = line.len() - rest.trim_start().len();
    let end = (at + rest.trim_end().len()).max(start);
    Some((key, Some(Span::new(start, end))))
}

/// A transcript turn up to the white space after its colon: `NAME:`, with
/// an optional `>>` or question number before it and a bracket after it.
const TURN_HEAD_PATTERN: &str = r"^\s*(?:>>\s*)?(?:Q\s?\d{1,4}\s+)?([\p{Lu}][\p{L}\p{M}.'’\- ]*?(?:\s*\((?:[^()]|\([^()]*\))*\))?)\s*:\s+";

/// A whole turn line, label and speech: what [`turn_parts`] reads.
#[cfg(test)]
static TURN: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&format!(r"{TURN_HEAD_PATTERN}(\S.*?)\s*$")).unwrap());

/// [`TURN_HEAD_PATTERN`], compiled.
static TURN_HEAD: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(TURN_HEAD_PATTERN).unwrap());

/// [`TURN`]'s label and speech spans in `line`, the captures run on the
/// head alone as in [`field_parts`]. The head can be read only one way:
/// the label cannot reach past its colon, and the greedy white space after
/// it leaves the speech starting at its first other character, or at the
/// end of a line that holds no speech (which fails).
fn turn_parts(line: &str) -> Option<(Span, Span)> {
    let c = TURN_HEAD.captures(line)?;
    let at = c.get(0)?.end();
    let end = line.trim_end().len();
    (end > at).then(|| (span(&c.get(1).unwrap()), Span::new(at, end)))
}

/// Classify one line (without its line break).
pub fn classify_line(line: &str) -> LineInfo {
    let indent = line.len() - line.trim_start().len();
    let whole = Span::new(indent, line.trim_end().len().max(indent));
    let text = |kind, content: Span| LineInfo {
        kind,
        content,
        label: None,
        indent,
        level: 0,
    };
    let trimmed = line.trim();
    if trimmed.is_empty()
        || trimmed
            .chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | '|' | ':' | ' '))
    {
        return text(LineKind::Blank, Span::new(whole.end, whole.end));
    }
    let first = trimmed.as_bytes()[0];
    let has_colon = trimmed.contains(':');
    if first == b'#' {
        if let Some(c) = MD_HEADING.captures(line) {
            let m = c.get(2).unwrap();
            let level = c.get(1).unwrap().as_str().len() as u8;
            return LineInfo {
                kind: LineKind::Heading,
                level,
                ..text(LineKind::Heading, strip_emphasis(line, span(&m)))
            };
        }
    }
    if first == b'|' {
        if let Some(c) = TABLE_ROW.captures(line) {
            return table_row(line, span(&c.get(1).unwrap()), indent);
        }
    }
    if let Some(c) = first
        .is_ascii_alphabetic()
        .then(|| NUMBERED_TOPIC.captures(line))
        .flatten()
    {
        return LineInfo {
            level: 2,
            ..text(LineKind::Heading, span(&c.get(1).unwrap()))
        };
    }
    if let Some(c) = (trimmed.ends_with("**") || trimmed.ends_with("**:"))
        .then(|| BOLD_LINE.captures(line))
        .flatten()
    {
        return LineInfo {
            level: 3,
            ..text(LineKind::Heading, span(&c.get(1).unwrap()))
        };
    }
    if let Some(m) = LIST_ITEM.find(line) {
        let content = Span::new(m.end(), whole.end.max(m.end()));
        let body = &line[content.start..content.end];
        if let Some(info) = body.contains(':').then(|| field_line(body)).flatten() {
            return shifted(info, content.start, indent);
        }
        if let Some(c) = body
            .contains("**")
            .then(|| BOLD_LINE.captures(body))
            .flatten()
        {
            let inner = span(&c.get(1).unwrap()).offset(content.start);
            return LineInfo {
                level: 3,
                ..text(LineKind::Heading, inner)
            };
        }
        return text(LineKind::ListItem, content);
    }
    if let Some(info) = has_colon.then(|| field_line(line)).flatten() {
        return LineInfo { indent, ..info };
    }
    if let Some((label, content)) = (has_colon && may_be_turn(line))
        .then(|| turn_parts(line))
        .flatten()
    {
        let label_text = &line[label.start..label.end];
        if short_label(label_text, MAX_TURN_LABEL) && is_turn_label(label_text) {
            return LineInfo {
                kind: LineKind::Turn,
                content,
                label: Some(label),
                indent,
                level: 0,
            };
        }
    }
    if is_caps_heading(trimmed) {
        return LineInfo {
            level: 2,
            ..text(LineKind::Heading, whole)
        };
    }
    text(LineKind::Text, whole)
}

/// Longest field key and speaker label, in characters. The bounds are
/// checked here rather than written as `{0,N}` in the patterns: a counted
/// repetition of a Unicode class copies its automaton N times (18,000 NFA
/// states for the turn pattern), and every capture search pays for that.
/// The patterns' repetitions are lazy and stop at the first ':' or '(',
/// so checking after the match gives what the counted pattern did.
const MAX_FIELD_KEY: usize = 46;
const MAX_TURN_LABEL: usize = 61;

/// Whether a turn label, up to its bracketed part, has at most `max`
/// characters.
fn short_label(label: &str, max: usize) -> bool {
    let head = label.split('(').next().unwrap_or(label).trim_end();
    head.chars().count() <= max
}

/// Whether a line's text before its first ':' or '(' is short enough to
/// hold a field key or a turn label. The label or key ends there (neither
/// may hold a colon, and a label's bracket follows it), so a longer head
/// would be rejected after a capture search over the whole line: a
/// paragraph with a colon in it no longer pays for one. `extra` is the
/// most non-space characters a pattern allows before the key or label.
fn short_head(line: &str, max: usize, extra: usize) -> bool {
    let upto = line.find([':', '(']).unwrap_or(line.len());
    let visible = line[..upto].chars().filter(|c| !c.is_whitespace());
    visible.take(max + extra + 1).count() <= max + extra
}

/// A turn label may open the line: `>>`, then `Q12`, then the label.
fn may_be_turn(line: &str) -> bool {
    short_head(line, MAX_TURN_LABEL, ">>Q1234".len())
}

fn span(m: &regex::Match<'_>) -> Span {
    Span::new(m.start(), m.end())
}

fn shifted(info: LineInfo, by: usize, indent: usize) -> LineInfo {
    LineInfo {
        content: info.content.offset(by),
        label: info.label.map(|l| l.offset(by)),
        indent,
        ..info
    }
}

/// `**Title**` inside a heading reads as `Title`.
fn strip_emphasis(line: &str, s: Span) -> Span {
    let body = &line[s.start..s.end];
    let lead = body.len() - body.trim_start_matches(['*', '_']).len();
    let trail = body.len() - body.trim_end_matches(['*', '_']).len();
    if lead + trail >= body.len() {
        return s;
    }
    Span::new(s.start + lead, s.end - trail)
}

/// "Key: value" with a known key, or a short "Label:" that heads a list.
fn field_line(line: &str) -> Option<LineInfo> {
    // `**` or `__` on both sides of the key.
    if !short_head(line, MAX_FIELD_KEY, 4) {
        return None;
    }
    let (key_span, value) = field_parts(line)?;
    let key = &line[key_span.start..key_span.end];
    if key.chars().count() > MAX_FIELD_KEY {
        return None;
    }
    let known = field_key(key).is_some();
    let words = key.split_whitespace().count();
    let capital = key.starts_with(|c: char| c.is_uppercase());
    if !(known || capital && value.is_none() && words <= 5) {
        return None;
    }
    let content = value.unwrap_or(Span::new(line.len(), line.len()));
    Some(LineInfo {
        kind: LineKind::Field,
        content,
        label: Some(key_span),
        indent: 0,
        level: 0,
    })
}

fn table_row(line: &str, inner: Span, indent: usize) -> LineInfo {
    let cells: Vec<(usize, &str)> = {
        let mut at = inner.start;
        line[inner.start..inner.end]
            .split('|')
            .map(|cell| {
                let start = at;
                at += cell.len() + 1;
                (start, cell)
            })
            .collect()
    };
    let key = cells
        .first()
        .map(|(_, c)| c.trim_matches(|ch: char| !ch.is_alphanumeric()));
    if let (Some(key), true) = (key, cells.len() >= 2) {
        if field_key(key).is_some() {
            let (key_start, key_cell) = cells[0];
            let key_at = key_start + key_cell.find(key).unwrap_or(0);
            let (value_start, value_cell) = cells[1];
            let value_from = value_start + (value_cell.len() - value_cell.trim_start().len());
            let value_to =
                inner.end - (line[..inner.end].len() - line[..inner.end].trim_end().len());
            return LineInfo {
                kind: LineKind::Field,
                content: Span::new(value_from, value_to.max(value_from)),
                label: Some(Span::new(key_at, key_at + key.len())),
                indent,
                level: 0,
            };
        }
    }
    LineInfo {
        kind: LineKind::ListItem,
        content: inner,
        label: None,
        indent,
        level: 0,
    }
}

/// A transcript label: a name, an honorific and a name, or a role such as
/// "The Chair" or "MODERATOR" — not a sentence that happens to hold a colon.
fn is_turn_label(label: &str) -> bool {
    let head = label.split('(').next().unwrap_or(label).trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    let key = field_key(head);
    let role_key = matches!(key, Some("moderator" | "chair" | "speakers" | "keynote"));
    if words.is_empty() || words.len() > 7 || key.is_some() && !role_key {
        return false;
    }
    let lower = head.to_lowercase();
    if [
        "note",
        "notes",
        "action",
        "actions",
        "decision",
        "resolution",
        "subject",
        "re",
        "http",
        "https",
        "source",
        "see",
        "example",
        "question",
        "answer",
        "q",
        "a",
        "nb",
        "ps",
        "tip",
        "warning",
        "update",
        "status",
        "result",
        "outcome",
        "conclusion",
        "summary",
        "recommendation",
    ]
    .contains(&lower.as_str())
    {
        return false;
    }
    let small = [
        "of", "the", "and", "de", "da", "van", "von", "der", "den", "del", "la", "le", "bin", "al",
        "for", "on", "du", "dos", "das", "y",
    ];
    words.iter().all(|w| {
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase()
            || small.contains(&w.to_lowercase().as_str())
            || w.starts_with("d'")
            || w.starts_with("l'")
    })
}

fn is_caps_heading(line: &str) -> bool {
    // Every line of text asks: the tests that stop at the first lower-case
    // letter or the 101st character come before the count of letters.
    !line.ends_with(':')
        && !line.chars().any(char::is_lowercase)
        && line.chars().nth(100).is_none()
        && line.chars().filter(|c| c.is_alphabetic()).count() >= 4
}

/// The canonical key of a header field or list heading, if it is one.
pub fn field_key(raw: &str) -> Option<&'static str> {
    // The words of the key below are the words of `raw` that keep a
    // letter, digit or hyphen; no key has more than five.
    let kept = |w: &&str| w.chars().any(|c| c.is_alphanumeric() || c == '-');
    if raw.split_whitespace().filter(kept).take(6).count() > 5 {
        return None;
    }
    let key = key_text(raw);
    let exact = match key.as_str() {
        "date" | "dates" | "date and time" | "meeting date" | "day" | "when" => "date",
        "time" => "time",
        "title" | "session title" | "meeting title" | "event" | "session" | "meeting"
        | "event title" | "oral evidence" | "inquiry" | "hearing" | "topic" => "title",
        "venue" | "location" | "place" | "room" | "where" | "meeting venue" => "venue",
        "organizer" | "organizers" | "organiser" | "organisers" | "organized by"
        | "organised by" | "co-organizers" | "co-organisers" | "host" | "hosts" | "hosted by"
        | "convened by" | "convener" | "conveners" | "knowledge partners" | "organizing entity"
        | "organising entity" => "organizers",
        "purpose" => "purpose",
        "action required" => "action required",
        "references" | "reference" => "references",
        "agenda" => "agenda",
        "summary" | "key takeaways" | "takeaways" | "highlights" | "key points" => "summary",
        // Programme slots that name who speaks ("Welcome: Hon. X, Minister…"),
        // but not agenda items about them ("Welcome and introductions").
        "welcome"
        | "welcome remarks"
        | "welcoming remarks"
        | "welcome address"
        | "opening remarks"
        | "opening address"
        | "closing remarks"
        | "closing address"
        | "introductory remarks"
        | "special address"
        | "remarks" => "speakers",
        _ => "",
    };
    if !exact.is_empty() {
        return Some(exact);
    }
    if key.split(' ').count() > 5 {
        return None;
    }
    // Split once: a key is tried against twenty-odd stems.
    let words: Vec<&str> = key.split([' ', '-']).collect();
    let has = |w: &str| {
        if w.contains(' ') {
            key.contains(w)
        } else {
            words.iter().any(|word| word.starts_with(w))
        }
    };
    Some(if has("moderat") || has("facilitat") {
        "moderator"
    } else if has("keynote") {
        "keynote"
    } else if has("panel") {
        "panellists"
    } else if has("speaker")
        || has("presenter")
        || has("discussant")
        || has("witness")
        || has("rapporteur")
    {
        "speakers"
    } else if has("chair") && key.split_whitespace().count() <= 2 {
        "chair"
    } else if has("apolog") || has("absent") || has("regret") {
        "absent"
    } else if has("guest") || has("observer") || has("also present") || has("in attendance") {
        "guests"
    } else if has("present")
        || has("attendee")
        || has("attendance")
        || has("participant")
        || has("members")
    {
        "present"
    } else {
        return None;
    })
}

/// The letters, digits, hyphens and white space of `raw`, lower-cased,
/// with runs of white space as one space and none at either end: in one
/// pass and one allocation, as every line with a colon asks. A capital
/// sigma, which lower-cases by its place in a word, takes the string's own
/// lower-casing.
fn key_text(raw: &str) -> String {
    let kept = |c: &char| c.is_alphanumeric() || c.is_whitespace() || *c == '-';
    if raw.contains('Σ') {
        let key = raw.chars().filter(kept).collect::<String>().to_lowercase();
        return key.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut key = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars().filter(kept) {
        if c.is_whitespace() {
            space = !key.is_empty();
        } else {
            if space {
                key.push(' ');
                space = false;
            }
            key.extend(c.to_lowercase());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_headings() {
        for (line, want) in [
            ("AGENDA ITEM 4", true),
            ("ÉTÉ 2024 – SÉANCE", true),
            ("ABC 12", false),
            ("Agenda item 4", false),
            ("AGENDA ITEMS:", false),
        ] {
            assert_eq!(is_caps_heading(line), want, "{line:?}");
        }
        assert!(is_caps_heading(&"A".repeat(100)));
        assert!(!is_caps_heading(&"A".repeat(101)));
        assert!(is_caps_heading(&"É".repeat(100)));
    }

    #[test]
    fn key_text_equals_filtering_lower_casing_and_joining_words() {
        let reference = |raw: &str| {
            let key: String = raw
                .chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '-')
                .collect::<String>()
                .to_lowercase();
            key.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let pieces = [
            "",
            " ",
            "\t\u{a0}",
            "Date",
            "ÖFFNUNG",
            "İstanbul",
            "ΟΔΟΣ",
            "Σ",
            "-",
            "**",
            "🎤",
            "Co-Organisers",
            " of ",
            "(not",
            "x.y",
            "ǅ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let raw = format!("{a}{b}{c}");
                    assert_eq!(key_text(&raw), reference(&raw), "{raw:?}");
                }
            }
        }
    }

    /// The head captures and the hand-read value give the spans the whole
    /// field pattern captures, over lines built from every kind of part.
    #[test]
    fn field_parts_agree_with_the_field_pattern() {
        let captured = |line: &str| {
            FIELD.captures(line).map(|c| {
                let key = span(&c.get(1).unwrap());
                (key, c.get(2).map(|v| span(&v)))
            })
        };
        let mut tried = 0;
        let mut matched = 0;
        for lead in ["", " ", "**", "__", "*", " _"] {
            for key in [
                "Date",
                "Date of meeting",
                "Venue ",
                "x",
                "1abc",
                "Ké y",
                "A/B (C)",
            ] {
                for before in ["", " ", "**", "* ", "\t"] {
                    for colon in [":", " : ", ":**", ":*", ":***", "::"] {
                        for value in ["", " ", "  text  ", "text", " \t", " a:b", "\u{a0}x\u{a0}"] {
                            let line = format!("{lead}{key}{before}{colon}{value}");
                            let want = captured(&line);
                            assert_eq!(field_parts(&line), want, "{line:?}");
                            tried += 1;
                            matched += usize::from(want.is_some());
                        }
                    }
                }
            }
        }
        assert!(tried > 8000 && matched > 1000, "{tried} {matched}");
    }

    /// The head captures and the trimmed rest give the spans the whole
    /// turn pattern captures, over lines built from every kind of part.
    #[test]
    fn turn_parts_agree_with_the_turn_pattern() {
        let captured = |line: &str| {
            TURN.captures(line)
                .map(|c| (span(&c.get(1).unwrap()), span(&c.get(2).unwrap())))
        };
        let mut tried = 0;
        let mut matched = 0;
        for lead in ["", "  ", ">> ", ">>", "Q12 ", "Q 3  ", " >> Q4 "] {
            for label in [
                "Mr. Smith",
                "MODERATOR",
                "Ana Lima (Brazil)",
                "Li (a: b)",
                "Dr. O’Neil-Ruiz (ITU (Geneva))",
                "éric",
                "X",
                "Chair (",
            ] {
                for colon in [":", " :", ": ", "::", " : "] {
                    for speech in [
                        "",
                        " ",
                        "  Hello there.  ",
                        "Yes",
                        "\tok\t",
                        " a: b",
                        "\u{a0}x\u{a0}",
                    ] {
                        let line = format!("{lead}{label}{colon}{speech}");
                        let want = captured(&line);
                        assert_eq!(turn_parts(&line), want, "{line:?}");
                        tried += 1;
                        matched += usize::from(want.is_some());
                    }
                }
            }
        }
        assert!(tried > 1900 && matched > 500, "{tried} {matched}");
    }

    fn kind_and_content(line: &str) -> (LineKind, &str) {
        let info = classify_line(line);
        (info.kind, &line[info.content.start..info.content.end])
    }

    #[test]
    fn table() {
        let cases: &[(&str, LineKind, &str)] = &[
            ("", LineKind::Blank, ""),
            ("____________", LineKind::Blank, ""),
            ("## 🎤 Speakers", LineKind::Heading, "🎤 Speakers"),
            ("# **Agenda**", LineKind::Heading, "Agenda"),
            (
                "Topic 1: Identifying gaps",
                LineKind::Heading,
                "Identifying gaps",
            ),
            (
                "**1.\tWelcome and introductions**",
                LineKind::Heading,
                "1.\tWelcome and introductions",
            ),
            (
                "1.\t**Welcome and introductions**",
                LineKind::Heading,
                "Welcome and introductions",
            ),
            (
                "- Date: October 10, 2024",
                LineKind::Field,
                "October 10, 2024",
            ),
            (
                "| 📅 **Date** | 2026-02-16 |",
                LineKind::Field,
                "2026-02-16",
            ),
            (
                "| 📍 **Venue** | Bharat Mandapam | Room 15 |",
                LineKind::Field,
                "Bharat Mandapam | Room 15",
            ),
            ("Guest Presenter:", LineKind::Field, ""),
            (
                "· https://www.itu.int/x ",
                LineKind::ListItem,
                "https://www.itu.int/x",
            ),
            (
                "* [x] Herbert Damker - (DT) Chair",
                LineKind::ListItem,
                "Herbert Damker - (DT) Chair",
            ),
            (
                "  1) notes the re-election",
                LineKind::ListItem,
                "notes the re-election",
            ),
            (
                "Mr K D S DURR: Chairperson, I move",
                LineKind::Turn,
                "Chairperson, I move",
            ),
            (">> MODERATOR: Welcome all.", LineKind::Turn, "Welcome all."),
            ("Q12 Gareth Lowry: Why?", LineKind::Turn, "Why?"),
            (
                "The Chair (Hon. Anthony Rota (Nipissing, Lib.)): I call this meeting",
                LineKind::Turn,
                "I call this meeting",
            ),
            (
                "Note: the room changed.",
                LineKind::Text,
                "Note: the room changed.",
            ),
            ("NOTICES OF MOTION", LineKind::Heading, "NOTICES OF MOTION"),
            (
                "He said this: we agree.",
                LineKind::Text,
                "He said this: we agree.",
            ),
        ];
        for (line, kind, content) in cases {
            assert_eq!(kind_and_content(line), (*kind, *content), "{line:?}");
        }
    }

    #[test]
    fn field_keys() {
        assert_eq!(field_key("Organizers"), Some("organizers"));
        assert_eq!(field_key("🎤 Speakers"), Some("speakers"));
        assert_eq!(field_key("Invited TSC Participants"), Some("present"));
        assert_eq!(
            field_key("Further attendees (not complete)"),
            Some("present")
        );
        assert_eq!(field_key("Approval of previous minutes"), None);
        assert_eq!(field_key("Discussion"), None);
        // Five words at most, counting only words with a letter or digit.
        assert_eq!(field_key("Panel members list for day"), Some("panellists"));
        assert_eq!(field_key("Panel members list for the day"), None);
        assert_eq!(
            field_key("— Panel & members / list for day"),
            Some("panellists")
        );
    }

    #[test]
    fn keys_and_labels_keep_their_length_bounds() {
        let word = |n: usize| format!("A{}", "b".repeat(n - 1));
        for (key, field) in [(MAX_FIELD_KEY, true), (MAX_FIELD_KEY + 1, false)] {
            for line in [
                format!("{}:", word(key)),
                format!("  **{}** :", word(key)),
                format!("__{}:__", word(key)),
            ] {
                let kind = classify_line(&line).kind;
                assert_eq!(kind != LineKind::Text, field, "{line:?}: {kind:?}");
            }
        }
        for (label, turn) in [(MAX_TURN_LABEL, true), (MAX_TURN_LABEL + 1, false)] {
            for line in [
                format!("{}: We agree.", word(label)),
                format!(">> Q12 {} (ITU): We agree.", word(label)),
                format!(">>Q1234 {}:  We agree.", word(label)),
            ] {
                let kind = classify_line(&line).kind;
                assert_eq!(kind == LineKind::Turn, turn, "{line:?}: {kind:?}");
            }
        }
        // A colon late in a paragraph makes neither.
        let paragraph = format!(
            "{} noted the following: access matters.",
            "The panel ".repeat(8)
        );
        assert_eq!(classify_line(&paragraph).kind, LineKind::Text);
    }
}
