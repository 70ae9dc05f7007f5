//! The extract stages: meeting, speakers, statements and themes.
//!
//! Each stage reads the normalised text through a [`Doc`] and returns plain
//! data; [`extract`] runs them in a fixed order and assembles the parts of a
//! [`DocumentRecord`](crate::model::DocumentRecord) that come from the text.

pub mod descriptor;
pub mod entries;
pub mod meeting;
pub mod names;
pub mod people;
pub mod speakers;
pub mod statements;
pub mod themes;

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::model::{Attendee, Evidence, Meeting, Section, Span, Speaker, Statement, ThemeHit};
use crate::normalize::OffsetMap;
use crate::rules::Rules;
use crate::segment::Segments;

/// A normalised document and its segments, as every extract stage sees it.
pub struct Doc<'a> {
    pub text: &'a str,
    pub seg: &'a Segments,
    pub map: &'a OffsetMap,
    /// The sentences quoted as evidence so far, by span: each is collapsed
    /// and stored once however many values cite it.
    quoted: RefCell<FxHashMap<Span, Arc<str>>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, seg: &'a Segments, map: &'a OffsetMap) -> Doc<'a> {
        Doc {
            text,
            seg,
            map,
            quoted: RefCell::default(),
        }
    }

    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }

    /// Evidence for `span`, quoting `context` (a sentence or a line).
    pub fn evidence(&self, span: Span, context: Span) -> Evidence {
        Evidence {
            start: self.map.source_offset(span.start),
            end: self.map.source_offset(span.end),
            sentence: self.quote(context),
        }
    }

    /// The text of `context` as evidence quotes it, single-spaced.
    fn quote(&self, context: Span) -> Arc<str> {
        self.quoted
            .borrow_mut()
            .entry(context)
            .or_insert_with(|| names::collapsed_shared(self.slice(context)))
            .clone()
    }

    /// The index of the section holding `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        self.seg
            .sections
            .partition_point(|s| s.span.start <= offset)
            .saturating_sub(1)
    }

    /// The sentence holding `offset`, or its line when no sentence does.
    pub fn sentence_around(&self, offset: usize) -> Span {
        let i = self.seg.sentences.partition_point(|s| s.span.end <= offset);
        match self.seg.sentences.get(i) {
            Some(s) if s.span.start <= offset => s.span,
            _ => {
                let start = self.text[..offset].rfind('\n').map_or(0, |p| p + 1);
                let end = self.text[offset..]
                    .find('\n')
                    .map_or(self.text.len(), |p| offset + p);
                Span::new(start, end)
            }
        }
    }

    pub fn section_title(&self, index: usize) -> Option<String> {
        self.seg
            .sections
            .get(index)
            .map(|s| s.title.clone())
            .filter(|t| !t.is_empty())
    }
}

/// What the extract stages read from one document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub kind: String,
    pub meeting: Meeting,
    pub sections: Vec<Section>,
    pub speakers: Vec<Speaker>,
    pub statements: Vec<Statement>,
    pub themes: Vec<ThemeHit>,
    pub attendees: Vec<Attendee>,
}

/// Run the extract stages in order. The theme rules' scan reads the text
/// alone, so it runs beside the other stages: a thread with nothing else to
/// do takes it (one large document on two cores), and a pool of one thread
/// runs it after them.
pub fn extract(doc: &Doc<'_>, rules: &Rules) -> Extraction {
    use crate::timings::{time, Stage};
    let text = doc.text;
    let mut matches = Vec::new();
    let (meeting, speakers, attendees, statements) = rayon::in_place_scope(|scope| {
        scope.spawn(|_| matches = time(Stage::Themes, || rules.matches(text)));
        let meeting = time(Stage::Meeting, || meeting::find_meeting(doc));
        let found = time(Stage::Speakers, || speakers::find_speakers(doc));
        let (speakers, attendees, statements) = time(Stage::Statements, || {
            let (speakers, attendees, ids) =
                statements::speakers_and_attendees(doc, &found, &meeting);
            let statements = statements::statements(doc, &found, &ids);
            (speakers, attendees, statements)
        });
        (meeting, speakers, attendees, statements)
    });
    let themes = time(Stage::Themes, || {
        themes::theme_hits(doc, rules, &matches, &statements)
    });
    Extraction {
        kind: document_kind(doc, &attendees).to_string(),
        meeting,
        sections: doc.seg.sections.clone(),
        speakers,
        statements,
        themes,
        attendees,
    }
}

/// A rough label for what kind of document this is.
fn document_kind(doc: &Doc<'_>, attendees: &[Attendee]) -> &'static str {
    use crate::model::LineKind;
    let turns = doc
        .seg
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Turn)
        .count();
    let head: String = doc
        .text
        .chars()
        .take(3000)
        .collect::<String>()
        .to_lowercase();
    let has_word = |w: &str| {
        head.match_indices(w)
            .any(|(i, _)| crate::lexicon::is_word_at(&head, i, i + w.len()))
    };
    let agenda_heading = doc.seg.lines.iter().any(|l| {
        l.kind == LineKind::Heading
            && matches!(
                doc.slice(l.content).trim().to_lowercase().as_str(),
                "agenda" | "programme" | "program"
            )
    });
    let narrative = doc.seg.sentences.len()
        > 2 * doc
            .seg
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::ListItem)
            .count();
    if turns >= 5 || has_word("transcript") {
        "transcript"
    } else if !attendees.is_empty() || has_word("minutes") {
        "minutes"
    } else if has_word("summary") || head.contains("took place") || head.contains("was held") {
        "summary"
    } else if agenda_heading || !narrative && (has_word("agenda") || has_word("programme")) {
        "agenda"
    } else {
        "report"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    /// The theme scan runs beside the other stages, on whichever thread
    /// takes it: the themes are those of the scan's matches, whatever the
    /// pool, with the speakers its statements name.
    #[test]
    fn themes_are_the_same_whichever_thread_scans_the_text() {
        let text = "Ms. Ana Ruiz said that artificial intelligence needs cybersecurity.\n\n\
                    Mr. Tom Berg stressed climate change and digital inclusion.\n";
        let rules = Rules::default_rules();
        let n = normalize(text);
        let seg = segment(&n.text);
        let themes = || extract(&Doc::new(&n.text, &seg, &n.map), &rules);
        let outside = themes();
        let doc = Doc::new(&n.text, &seg, &n.map);
        let direct = themes::theme_hits(&doc, &rules, &rules.matches(&n.text), &outside.statements);
        assert_eq!(outside.themes, direct);
        assert!(outside
            .themes
            .iter()
            .any(|t| matches!(t.scope, crate::model::ThemeScope::Speaker(_))));
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            assert_eq!(pool.install(themes).themes, outside.themes, "{threads}");
        }
    }

    /// Evidence quoting one sentence shares one single-spaced copy of it;
    /// other sentences get their own.
    #[test]
    fn evidence_of_one_sentence_shares_its_quote() {
        let n = normalize("Ms. Ana  Lima and Mr. Li Wei spoke.\n\nThen Ms. Lima said more.\n");
        let seg = segment(&n.text);
        let doc = Doc::new(&n.text, &seg, &n.map);
        let first = doc.seg.sentences[0].span;
        let a = doc.evidence(Span::new(first.start + 4, first.start + 13), first);
        let b = doc.evidence(Span::new(first.start + 22, first.start + 28), first);
        let other = doc.seg.sentences[1].span;
        let c = doc.evidence(Span::new(other.start + 5, other.start + 12), other);
        assert_eq!(&*a.sentence, "Ms. Ana Lima and Mr. Li Wei spoke.");
        assert!(Arc::ptr_eq(&a.sentence, &b.sentence));
        assert_eq!(&*c.sentence, "Then Ms. Lima said more.");
        assert!(!Arc::ptr_eq(&a.sentence, &c.sentence));
        assert_ne!((a.start, a.end), (b.start, b.end));
    }
}
