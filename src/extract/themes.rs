//! Theme hits per document, per section and per speaker.

use std::collections::BTreeMap;

use crate::extract::Doc;
use crate::model::{Evidence, Span, Statement, ThemeHit, ThemeScope};
use crate::rules::Rules;

/// Apply the rules to every sentence (headings and list lines included) and
/// count hits in each scope; every hit keeps its sentence.
pub fn theme_hits(doc: &Doc<'_>, rules: &Rules, statements: &[Statement]) -> Vec<ThemeHit> {
    let mut scopes: BTreeMap<(ThemeScope, usize), Vec<Evidence>> = BTreeMap::new();
    let mut by_sentence_start: BTreeMap<usize, usize> = BTreeMap::new();
    for st in statements {
        by_sentence_start.insert(st.evidence.start, st.speaker);
    }
    for s in &doc.seg.sentences {
        let text = doc.slice(s.span);
        let matches = rules.matches(text);
        if matches.is_empty() {
            continue;
        }
        let section = doc.section_title(s.section);
        let speaker = by_sentence_start.get(&doc.map.source_offset(s.span.start)).copied();
        for m in matches {
            let ev = doc.evidence(Span::new(s.span.start + m.start, s.span.start + m.end), s.span);
            scopes.entry((ThemeScope::Document, m.theme)).or_default().push(ev.clone());
            if let Some(title) = &section {
                scopes.entry((ThemeScope::Section(title.clone()), m.theme)).or_default().push(ev.clone());
            }
            if let Some(id) = speaker {
                scopes.entry((ThemeScope::Speaker(id), m.theme)).or_default().push(ev);
            }
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
