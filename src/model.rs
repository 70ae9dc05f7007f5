//! Plain data shared by the stages.
//!
//! Every stage takes and returns these types, so a stage can be tested (and
//! replaced) without the others. Offsets are byte offsets; a [`Span`] always
//! lies on `char` boundaries of the text it indexes.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// A half-open byte range `[start, end)` into a text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The same span moved right by `by` bytes, for spans found in a slice.
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// Where a value came from: its bytes in the source text and the sentence
/// that holds it, so a reader can check every value without the tool.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte offsets into the decoded source text (before normalisation).
    pub start: usize,
    pub end: usize,
    /// The sentence (or list line) the value was read from, normalised.
    /// Shared: a sentence naming five people, or raising a theme in three
    /// scopes, is the evidence of each, and is kept once.
    #[serde(
        serialize_with = "sentence_json",
        deserialize_with = "sentence_from_json"
    )]
    pub sentence: Arc<str>,
}

/// Escaped sentences by address, each with the `Arc` that holds its address.
type EscapedSentences = FxHashMap<usize, (Arc<str>, Box<RawValue>)>;

/// Sentences in the order first met, and each one's place by address.
type NumberedSentences = (FxHashMap<usize, usize>, Vec<Arc<str>>);

thread_local! {
    /// The JSON strings of the sentences serialised so far inside
    /// [`with_sentences_escaped_once`], by the address of their shared text.
    /// Each entry holds a clone of its `Arc`, so no other sentence can take
    /// that address while the entry lives.
    static SENTENCE_JSON: RefCell<Option<EscapedSentences>> = const { RefCell::new(None) };
    /// Inside [`with_sentences_numbered`]: the sentences met so far, in the
    /// order met, and each one's number by the address of its text.
    static SENTENCE_NUMBERS: RefCell<Option<NumberedSentences>> = const { RefCell::new(None) };
    /// Inside [`with_sentence_table`]: the sentences numbers stand for.
    static SENTENCE_TABLE: RefCell<Option<Vec<Arc<str>>>> = const { RefCell::new(None) };
}

/// Run `f`, which writes records as JSON (dataset.json, documents.jsonl, the
/// record cache), escaping each shared evidence sentence once, however many
/// values, scopes and files cite it. Escaping sentences was the largest
/// cost of the writer's thread (50 MB generated corpus: a fifth of its
/// samples), and a sentence is cited about four times in each file.
///
/// Only JSON may be written inside: the escaped text is handed to the
/// serializer as serde_json's raw value.
pub fn with_sentences_escaped_once<R>(f: impl FnOnce() -> R) -> R {
    let outer = SENTENCE_JSON.with(|c| c.replace(Some(FxHashMap::default())));
    let out = f();
    SENTENCE_JSON.with(|c| c.replace(outer));
    out
}

/// Run `f`, which serialises records as JSON, writing each evidence
/// sentence as its number in a table instead of its text; returns what `f`
/// returned and the table, numbered from 0 in the order first met. The
/// record cache keeps a record this way: a sentence is cited four times on
/// average (and up to dozens), and half of a record's JSON was sentences.
/// Sentences are told apart by their shared text, not compared.
pub fn with_sentences_numbered<R>(f: impl FnOnce() -> R) -> (R, Vec<Arc<str>>) {
    let outer = SENTENCE_NUMBERS.with(|c| c.replace(Some(Default::default())));
    let out = f();
    let numbered = SENTENCE_NUMBERS.with(|c| c.replace(outer));
    (out, numbered.map(|(_, table)| table).unwrap_or_default())
}

/// Run `f`, which deserialises records written inside
/// [`with_sentences_numbered`]: their table, read by
/// [`sentence_table_from_json`], then the numbers that stand for its
/// sentences. Every number read gives a clone of the same `Arc`, so the
/// record shares its sentences as the one written did.
pub fn with_sentence_table<R>(f: impl FnOnce() -> R) -> R {
    let outer = SENTENCE_TABLE.with(|c| c.replace(None));
    let out = f();
    SENTENCE_TABLE.with(|c| c.replace(outer));
    out
}

/// Read a sentence table (a JSON array of sentences) for the numbers
/// that follow it, inside [`with_sentence_table`].
pub fn sentence_table_from_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    let table = Vec::<Arc<str>>::deserialize(d)?;
    SENTENCE_TABLE.with(|c| *c.borrow_mut() = Some(table));
    Ok(())
}

/// A sentence as JSON writes it: its text, or inside
/// [`with_sentence_table`] its number in the table.
fn sentence_from_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    d.deserialize_any(SentenceVisitor)
}

struct SentenceVisitor;

impl serde::de::Visitor<'_> for SentenceVisitor {
    type Value = Arc<str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sentence or its number in the sentence table")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Arc<str>, E> {
        Ok(Arc::from(text))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Arc<str>, E> {
        SENTENCE_TABLE.with_borrow(|table| {
            let table = table
                .as_ref()
                .ok_or_else(|| E::custom("a sentence number outside a sentence table"))?;
            usize::try_from(n)
                .ok()
                .and_then(|n| table.get(n))
                .cloned()
                .ok_or_else(|| E::custom(format!("sentence {n} of a table of {}", table.len())))
        })
    }
}

pub(crate) fn sentence_json<S: Serializer>(sentence: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    let key = Arc::as_ptr(sentence).cast::<u8>() as usize;
    let number = SENTENCE_NUMBERS.with_borrow_mut(|numbers| {
        let (numbers, table) = numbers.as_mut()?;
        Some(*numbers.entry(key).or_insert_with(|| {
            table.push(Arc::clone(sentence));
            table.len() - 1
        }))
    });
    if let Some(number) = number {
        return ser.serialize_u64(number as u64);
    }
    SENTENCE_JSON.with(|c| {
        // Serialising a raw value or a string never comes back here, so the
        // borrow is held across it.
        let mut kept = c.borrow_mut();
        let Some(kept) = kept.as_mut() else {
            return ser.serialize_str(sentence);
        };
        let raw = match kept.entry(key) {
            Entry::Occupied(e) => &e.into_mut().1,
            Entry::Vacant(e) => {
                let raw = serde_json::value::to_raw_value(&**sentence)
                    .map_err(serde::ser::Error::custom)?;
                &e.insert((Arc::clone(sentence), raw)).1
            }
        };
        raw.serialize(ser)
    })
}

/// One extracted field value with its evidence and the rule that found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Which field this is ("name", "title", "date"…).
    pub field: &'static str,
    pub value: String,
    pub rule: &'static str,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// What a line of the document is, as told by the segmenter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Blank,
    Heading,
    /// `Key: value` header fields such as "Date: 8 October 2023".
    Field,
    ListItem,
    /// A transcript turn, `NAME: words`.
    Turn,
    Text,
}

/// A heading and the text under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub index: usize,
    pub title: String,
    pub level: u8,
    /// The heading line (empty for the implicit first section).
    pub heading: Span,
    /// From the heading to the next heading of any level.
    pub span: Span,
}

/// A sentence (or a list line, which is read as one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub section: usize,
    pub paragraph: usize,
}

/// A person (or delegation) who takes the floor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// 1-based, in order of first appearance in the document.
    pub id: usize,
    /// `None` for a delegation ("the representative of Japan").
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub honorific: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    /// Title of the section in which the speaker first takes the floor.
    pub section: Option<String>,
    /// Times the document refers to this person (introductions, later
    /// mentions by surname, pronouns that continue their points).
    pub mentions: usize,
    /// Evidence of each field, for `minutes explain` and the CSV columns.
    pub evidence: Vec<Field>,
}

/// A sentence attributed to a speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub speaker: usize,
    /// The reporting verb ("emphasised"), or "said" for transcript turns.
    pub verb: Option<String>,
    pub section: Option<String>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Whose text a theme hit count covers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", content = "of", rename_all = "snake_case")]
pub enum ThemeScope {
    Document,
    Section(String),
    Speaker(usize),
}

/// The themes raised in one scope, with every sentence that raised them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeHit {
    pub id: String,
    pub label: String,
    pub scope: ThemeScope,
    pub hits: usize,
    pub evidence: Vec<Evidence>,
}

/// A person recorded as present (minutes), whether or not they spoke.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub organization: Option<String>,
    /// The list it came from: "present", "apologies", "absent", "guests"...
    pub status: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// The meeting a document describes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub title: Option<Field>,
    /// ISO 8601 dates, first day first.
    pub dates: Vec<Field>,
    pub venue: Option<Field>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub location: Option<Field>,
    pub organizers: Vec<Field>,
    pub urls: Vec<Field>,
}

/// Everything read from one input file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Path relative to the input root, with `/` separators.
    pub source: String,
    /// summary, transcript, minutes, agenda or report (a heuristic).
    pub kind: String,
    pub format: String,
    pub encoding: String,
    pub bytes: usize,
    pub meeting: Meeting,
    pub sections: Vec<Section>,
    pub speakers: Vec<Speaker>,
    pub statements: Vec<Statement>,
    pub themes: Vec<ThemeHit>,
    pub attendees: Vec<Attendee>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(sentence: &Arc<str>, start: usize) -> Evidence {
        Evidence {
            start,
            end: start + 3,
            sentence: Arc::clone(sentence),
        }
    }

    /// Escaping a shared sentence once gives the JSON escaping it at every
    /// citation gives: quotes, back-slashes, controls and non-ASCII text
    /// included, in the compact and the pretty layout, and in a second
    /// record after the first one's sentences are gone.
    #[test]
    fn sentences_escaped_once_write_the_same_json() {
        let shared: Arc<str> = Arc::from("Ms. \"Ana\" Lima said C:\\ and\ttabs, \u{1} é 日本.");
        let other: Arc<str> = Arc::from("Another sentence.");
        let statements: Vec<Statement> = (0..3)
            .map(|i| Statement {
                speaker: 1,
                verb: Some("said".to_string()),
                section: None,
                evidence: evidence(if i == 1 { &other } else { &shared }, i * 10),
            })
            .collect();
        let hit = ThemeHit {
            id: "ai".to_string(),
            label: "AI".to_string(),
            scope: ThemeScope::Document,
            hits: 2,
            evidence: vec![evidence(&shared, 0), evidence(&other, 10)],
        };
        let json = |v: &(Vec<Statement>, ThemeHit)| {
            (
                serde_json::to_string(v).unwrap(),
                serde_json::to_string_pretty(v).unwrap(),
            )
        };
        let value = (statements, hit);
        let plain = json(&value);
        assert!(plain
            .0
            .contains(r#"\"Ana\" Lima said C:\\ and\ttabs, \u0001 é 日本."#));
        assert_eq!(with_sentences_escaped_once(|| json(&value)), plain);
        let copy = (value.0.clone(), value.1.clone());
        drop(value);
        let again = with_sentences_escaped_once(|| {
            let first = json(&copy);
            let fresh: Arc<str> = Arc::from("A third sentence.");
            let mut changed = copy.clone();
            changed.0[0].evidence.sentence = fresh;
            (first, json(&changed).0)
        });
        assert_eq!(again.0, plain);
        assert!(again.1.contains("A third sentence."));
        assert_eq!(json(&copy), plain, "the scope ends with its call");
    }
}
