//! Theme hits per document, per section and per speaker.

use std::collections::BTreeMap;

use crate::extract::Doc;
use crate::model::{Evidence, Span, Statement, ThemeHit, ThemeScope};
use crate::rules::Rules;

/// Apply the rules to the document and count hits in each scope; every hit
/// keeps its sentence (headings and list lines are sentences too).
pub fn theme_hits(doc: &Doc<'_>, rules: &Rules, statements: &[Statement]) -> Vec<ThemeHit> {
    let mut scopes: BTreeMap<(ThemeScope, usize), Vec<Evidence>> = BTreeMap::new();
    let mut by_sentence_start: BTreeMap<usize, usize> = BTreeMap::new();
    for st in statements {
        by_sentence_start.insert(st.evidence.start, st.speaker);
    }
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
        let section = doc.section_title(s.section);
        let speaker = by_sentence_start
            .get(&doc.map.source_offset(s.span.start))
            .copied();
        let ev = doc.evidence(Span::new(m.start, m.end), s.span);
        scopes
            .entry((ThemeScope::Document, m.theme))
            .or_default()
            .push(ev.clone());
        if let Some(title) = section {
            scopes
                .entry((ThemeScope::Section(title), m.theme))
                .or_default()
                .push(ev.clone());
        }
        if let Some(id) = speaker {
            scopes
                .entry((ThemeScope::Speaker(id), m.theme))
                .or_default()
                .push(ev);
        }
    }
    scopes
        .into_iter()
        .map(|((scope, theme), evidence)| ThemeHit {
            id: rules.themes[theme].id.clone(),
            label: rules.themes[theme].label.clone(),
            scope,
            hits: evidence.len(),
            evidence,
        })
        .collect()
}
