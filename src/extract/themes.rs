//! Theme hits per document, per section and per speaker.

use std::collections::BTreeMap;

use crate::extract::Doc;
use crate::model::{Evidence, Span, Statement, ThemeHit, ThemeScope};
use crate::rules::Rules;

/// Evidence sentences kept per theme and scope (the first ones in the text).
pub const MAX_EVIDENCE: usize = 50;

/// Apply the rules to the document and count hits in each scope; every hit
/// keeps its sentence (headings and list lines are sentences too).
pub fn theme_hits(doc: &Doc<'_>, rules: &Rules, statements: &[Statement]) -> Vec<ThemeHit> {
    /// Scopes by index while counting; titles are looked up once at the end.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        Document,
        Section(usize),
        Speaker(usize),
    }
    let mut scopes: BTreeMap<(Key, usize), (usize, Vec<Evidence>)> = BTreeMap::new();
    let mut add = |key: Key, theme: usize, ev: &dyn Fn() -> Evidence| {
        let (hits, evidence) = scopes.entry((key, theme)).or_default();
        *hits += 1;
        // Counts stay exact; the evidence kept is capped so that a huge
        // document repeating a phrase cannot fill memory with copies.
        if evidence.len() < MAX_EVIDENCE {
            evidence.push(ev());
        }
    };
    let by_sentence_start: BTreeMap<usize, usize> = statements
        .iter()
        .map(|st| (st.evidence.start, st.speaker))
        .collect();
    // One scan of the whole document, then each hit is placed in its
    // sentence: far cheaper than scanning sentence by sentence.
    let sentences = &doc.seg.sentences;
    for m in rules.matches(doc.text) {
        let i = sentences.partition_point(|s| s.span.end <= m.start);
        let Some(s) = sentences
            .get(i)
            .filter(|s| s.span.start <= m.start && m.end <= s.span.end)
        else {
            continue;
        };
        let ev = || doc.evidence(Span::new(m.start, m.end), s.span);
        add(Key::Document, m.theme, &ev);
        if !doc.seg.sections[s.section].title.is_empty() {
            add(Key::Section(s.section), m.theme, &ev);
        }
        if let Some(&id) = by_sentence_start.get(&doc.map.source_offset(s.span.start)) {
            add(Key::Speaker(id), m.theme, &ev);
        }
    }
    let mut out: Vec<ThemeHit> = scopes
        .into_iter()
        .map(|((key, theme), (hits, evidence))| ThemeHit {
            id: rules.themes[theme].id.clone(),
            label: rules.themes[theme].label.clone(),
            scope: match key {
                Key::Document => ThemeScope::Document,
                Key::Section(i) => ThemeScope::Section(doc.seg.sections[i].title.clone()),
                Key::Speaker(id) => ThemeScope::Speaker(id),
            },
            hits,
            evidence,
        })
        .collect();
    // Document, then sections in document order, then speakers by id.
    out.sort_by_key(|t| scope_rank(&t.scope));
    out
}

fn scope_rank(scope: &ThemeScope) -> u8 {
    match scope {
        ThemeScope::Document => 0,
        ThemeScope::Section(_) => 1,
        ThemeScope::Speaker(_) => 2,
    }
}
