//! Plain data shared by the stages.
//!
//! Every stage takes and returns these types, so a stage can be tested (and
//! replaced) without the others. Offsets are byte offsets; a [`Span`] always
//! lies on `char` boundaries of the text it indexes.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

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
    pub sentence: Arc<str>,
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
