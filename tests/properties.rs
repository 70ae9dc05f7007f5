//! Property tests of the library's pure stages: arbitrary bytes and text
//! never make them panic, and every span they return lies inside the text
//! it indexes, on char boundaries. Inputs mix random data with fragments
//! of real documents (honorifics, turns, lists, typographic characters,
//! decomposed accents, CR/LF) so the rules actually fire.

use minutes::decode::decode;
use minutes::model::{Evidence, Span};
use minutes::normalize::normalize;
use minutes::segment::segment;
use minutes::{process_text, Rules};
use proptest::prelude::*;
use std::sync::OnceLock;

/// 64 cases from a fixed seed, so every run (and CI) tries the same inputs;
/// set PROPTEST_CASES and PROPTEST_RNG_SEED to explore further.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 64;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x006d_696e_7574_6573);
    }
    config
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(Rules::default_rules)
}

const FRAGMENTS: &[&str] = &[
    "Ms. ",
    "H.E. Mr. ",
    "Dr. ",
    "Prof. Dr. ",
    "Amb. ",
    "Hon. ",
    "J. K. ",
    "Agnė Vaiciukevičiūtė",
    "Agne\u{0307}",
    "Zoe\u{0308} A\u{030A}ngstro\u{0308}m",
    "Doreen Bogdan-Martin",
    "Rutger van der Linden",
    "Hiroshi Yoshida",
    "Yoshida",
    ", Vice Minister of the Ministry of Internal Affairs and Communications, Japan",
    ", Chief Digital Officer at UNDP",
    " emphasised ",
    " said that ",
    " stressed the need for broadband",
    "She highlighted ",
    "He noted ",
    "The Director-General of WHO, ",
    "the representative of Japan said ",
    "as Prime Minister Ana Lima said last year",
    "Speakers:\n",
    "Panellists\n",
    "Moderator: ",
    "\n- ",
    "\n· ",
    "\n• ",
    "\n1. ",
    "\n>> MODERATOR: ",
    "\n>> JOHN SMITH: ",
    "[ Audio fading ]",
    "\nPresent: ",
    "\nApologies: ",
    "\nAction: ",
    "\nThe Chair (Cllr Ana Lima) opened the meeting.",
    "\nDate: 8 October 2023\n",
    "took place on Sunday, October 8, 2023 in Kyoto, Japan. ",
    "\nTopic 1: ",
    "\n# Heading\n",
    "\n**Key takeaways**\n",
    "| Date | 2024-05-01 |\n",
    "(ITU)",
    "(OFCOM), Switzerland",
    "\u{201C}",
    "\u{201D}",
    "\u{2019}",
    "\u{00A0}",
    "\u{00AD}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{0301}",
    "\u{0308}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    ". ",
    "; ",
    ": ",
    ", ",
    "\u{2026} ",
    "\u{2013}",
    "\u{2014}",
    "\t",
    "🙂",
    "AI, cybersecurity and digital skills ",
    "https://example.org/a?b=c ",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[A-Za-z ,.]{0,12}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text shaped like the documents the tool reads, or any text at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(fragment(), 0..48).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

/// Text of ASCII fragments only.
fn ascii_text() -> impl Strategy<Value = String> {
    let ascii: Vec<&'static str> = FRAGMENTS.iter().copied().filter(|f| f.is_ascii()).collect();
    let fragment = prop_oneof![
        4 => prop::sample::select(ascii).prop_map(str::to_string),
        1 => "[ -~\n]{0,16}",
    ];
    prop::collection::vec(fragment, 0..48).prop_map(|v| v.concat())
}

/// Bytes: random, or text in the encodings the decoder sniffs.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        text().prop_map(String::into_bytes),
        text().prop_map(|t| t.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        text().prop_map(|t| [
            &[0xFE, 0xFF][..],
            &t.encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<_>>()
        ]
        .concat()),
        text().prop_map(|t| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()),
        prop::collection::vec(
            prop_oneof![0x20u8..0x7F, 0x80u8..=0xFF, Just(b'\n')],
            0..256
        ),
    ]
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{what}: {span:?} runs backwards");
    prop_assert!(
        span.end <= text.len(),
        "{what}: {span:?} ends past the text ({} bytes)",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} is not on char boundaries"
    );
    Ok(())
}

fn check_evidence(text: &str, e: &Evidence, what: &str) -> Result<(), TestCaseError> {
    check_span(
        text,
        Span {
            start: e.start,
            end: e.end,
        },
        what,
    )
}

/// Every span of `segment(t)` lies inside `t` on char boundaries; lines hold
/// their content, sentences come in order without overlapping.
fn check_segments(t: &str) -> Result<(), TestCaseError> {
    let seg = segment(t);
    for l in &seg.lines {
        check_span(t, l.span, "line")?;
        check_span(t, l.content, "line content")?;
        prop_assert!(
            l.span.contains(l.content),
            "content {:?} outside line {:?}",
            l.content,
            l.span
        );
        if let Some(label) = l.label {
            check_span(t, label, "line label")?;
        }
        prop_assert!(l.section < seg.sections.len());
    }
    for s in &seg.sections {
        check_span(t, s.span, "section")?;
        check_span(t, s.heading, "section heading")?;
    }
    for p in &seg.paragraphs {
        check_span(t, *p, "paragraph")?;
    }
    let mut end = 0;
    for s in &seg.sentences {
        check_span(t, s.span, "sentence")?;
        prop_assert!(
            s.span.start >= end,
            "sentences overlap or go backwards at {:?}",
            s.span
        );
        end = s.span.end;
        prop_assert!(s.section < seg.sections.len());
    }
    for f in &seg.fields {
        check_span(t, f.value, "field value")?;
    }
    Ok(())
}

/// Every span of `process_text(text)` lies inside `text` on char boundaries,
/// speaker ids count from 1 and statements name known speakers.
fn check_record(text: &str) -> Result<(), TestCaseError> {
    let r = process_text("prop.txt", text, rules());
    prop_assert_eq!(r.bytes, text.len());
    let m = &r.meeting;
    for f in m
        .title
        .iter()
        .chain(&m.dates)
        .chain(&m.venue)
        .chain(&m.location)
        .chain(&m.organizers)
        .chain(&m.urls)
    {
        check_evidence(text, &f.evidence, f.field)?;
    }
    for s in &r.sections {
        check_span(text, s.span, "section")?;
        check_span(text, s.heading, "section heading")?;
    }
    for (i, s) in r.speakers.iter().enumerate() {
        prop_assert_eq!(s.id, i + 1, "speaker ids count from 1");
        for f in &s.evidence {
            check_evidence(text, &f.evidence, f.field)?;
        }
    }
    for st in &r.statements {
        check_evidence(text, &st.evidence, "statement")?;
        prop_assert!(
            st.speaker >= 1 && st.speaker <= r.speakers.len(),
            "statement by unknown speaker {}",
            st.speaker
        );
    }
    for t in &r.themes {
        prop_assert!(!t.evidence.is_empty());
        for e in &t.evidence {
            check_evidence(text, e, "theme")?;
        }
    }
    for a in &r.attendees {
        check_evidence(text, &a.evidence, "attendee")?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decode_never_panics_and_keeps_valid_utf8(bytes in bytes()) {
        if let Ok(d) = decode(&bytes) {
            prop_assert!(!d.text.trim().is_empty());
            prop_assert!(
                ["UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "windows-1252"].contains(&d.encoding),
                "unknown encoding name {}", d.encoding
            );
            if d.encoding == "UTF-8" {
                prop_assert_eq!(d.text.as_bytes(), &bytes[..], "UTF-8 text is kept as is");
            }
        }
    }

    #[test]
    fn normalize_maps_offsets_back_in_order_and_in_bounds(source in text()) {
        let n = normalize(&source);
        let leftover = n.text.contains(['\r', '\u{00A0}', '\u{201C}', '\u{201D}', '\u{2019}', '\u{FEFF}']);
        prop_assert!(!leftover, "characters normalise removes are left in {:?}", n.text);
        let mut last = 0;
        for at in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
            let s = n.map.source_offset(at);
            prop_assert!(s <= source.len(), "offset {at} maps past the source: {s}");
            prop_assert!(s >= last, "offsets go backwards at {at}: {s} < {last}");
            last = s;
        }
        prop_assert_eq!(n.map.source_offset(n.text.len()), source.len());
    }

    #[test]
    fn normalize_maps_every_offset_to_a_source_char_boundary(source in text()) {
        let n = normalize(&source);
        for at in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
            let s = n.map.source_offset(at);
            prop_assert!(source.is_char_boundary(s), "offset {at} of {:?} maps inside a char of {source:?}: {s}", n.text);
        }
    }

    #[test]
    fn segment_spans_lie_inside_normalised_text(raw in text()) {
        check_segments(&normalize(&raw).text)?;
    }

    #[test]
    fn segment_spans_lie_inside_any_text(raw in text()) {
        check_segments(&raw)?;
    }

    #[test]
    fn process_text_evidence_points_into_the_original_text(text in text()) {
        check_record(&text)?;
    }

    /// The same on ASCII text, which the bug above cannot reach.
    #[test]
    fn process_text_evidence_points_into_ascii_text(text in ascii_text()) {
        check_record(&text)?;
    }
}

/// The smallest cases the property above found, as plain examples.
#[test]
fn offsets_inside_an_expansion_map_to_a_char_boundary() {
    for source in ["\u{2026} ", "A\u{0308}\u{0301}x"] {
        let n = normalize(source);
        for at in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
            let s = n.map.source_offset(at);
            assert!(
                source.is_char_boundary(s),
                "{source:?}: normalised offset {at} maps to {s}, inside a char"
            );
        }
    }
}

/// U+1680 OGHAM SPACE MARK is white space that normalisation keeps, so it
/// reaches the sentence splitter; U+00A0 does too when `segment` is called
/// on text that was not normalised.
#[test]
fn a_multi_byte_space_before_a_dot_is_not_a_panic() {
    let text = "Ms. \u{1680}. Ana Lima said that it works.\n";
    let r = std::panic::catch_unwind(|| process_text("ogham.txt", text, rules()));
    assert!(r.is_ok(), "process_text panicked on {text:?}");
    let r = std::panic::catch_unwind(|| segment("Ms. \u{a0}. A"));
    assert!(r.is_ok(), "segment panicked on a no-break space");
}

/// The smallest natural text the property found: byte 40 of the sentence
/// falls inside the 'ã' of São Paulo.
#[test]
fn a_multi_byte_char_at_byte_40_of_a_sentence_is_not_a_panic() {
    let text = "Participants discussed the futures of S\u{e3}o Paulo and its digital plans.\n";
    assert!(!text.is_char_boundary(40));
    let r = std::panic::catch_unwind(|| process_text("sao-paulo.txt", text, rules()));
    assert!(r.is_ok(), "process_text panicked on {text:?}");
}

/// Found with PROPTEST_CASES=1500: a soft hyphen between a letter and its
/// combining accent is dropped after composition, so the two stay apart.
#[test]
fn normalised_text_is_nfc_around_a_removed_soft_hyphen() {
    for source in ["A\u{ad}\u{301}", "Zoe\u{ad}\u{308}"] {
        let n = normalize(source);
        assert!(
            unicode_normalization::is_nfc(&n.text),
            "{source:?} normalises to {:?}",
            n.text
        );
    }
}
