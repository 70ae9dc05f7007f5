//! Theme hits per document, per section and per speaker.

use std::collections::BTreeMap;

use crate::extract::Doc;
use crate::model::{Evidence, Span, Statement, ThemeHit, ThemeScope};
use crate::rules::Rules;

/// Evidence sentences kept per theme and scope: the first distinct sentences
/// in the text. `hits` keeps the full count; a few sentences show why the
/// theme was assigned, and more would multiply the dataset (every scope
/// repeats them) without telling a reader anything new.
pub const MAX_EVIDENCE: usize = 3;

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
    /// Hits, evidence kept, and the sentence of the last evidence kept.
    type Tally = (usize, Vec<Evidence>, Option<usize>);
    let mut scopes: BTreeMap<(Key, usize), Tally> = BTreeMap::new();
    let mut add = |key: Key, theme: usize, sentence: usize, ev: &dyn Fn() -> Evidence| {
        let (hits, evidence, last) = scopes.entry((key, theme)).or_default();
        *hits += 1;
        // Counts stay exact; the evidence kept is capped, and a sentence
        // with several hits is cited once.
        if evidence.len() < MAX_EVIDENCE && *last != Some(sentence) {
            evidence.push(ev());
            *last = Some(sentence);
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
        add(Key::Document, m.theme, i, &ev);
        if !doc.seg.sections[s.section].title.is_empty() {
            add(Key::Section(s.section), m.theme, i, &ev);
        }
        if let Some(&id) = by_sentence_start.get(&doc.map.source_offset(s.span.start)) {
            add(Key::Speaker(id), m.theme, i, &ev);
        }
    }
    let mut out: Vec<ThemeHit> = scopes
        .into_iter()
        .map(|((key, theme), (hits, evidence, _))| ThemeHit {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const RULES: &str = r#"
[[theme]]
id = "environment"
patterns = ['\bclimate\b']
"#;

    #[test]
    fn hits_all_count_and_evidence_cites_a_few_distinct_sentences() {
        let rules = Rules::parse(RULES, Path::new("t.toml")).unwrap();
        let text = "Climate and climate again.\n\nThe climate was raised.\n\n\
                    Climate finance next.\n\nA fourth climate sentence.\n";
        let record = crate::pipeline::process_text("t.txt", text, &rules);
        let doc = record
            .themes
            .iter()
            .find(|t| t.scope == ThemeScope::Document)
            .unwrap();
        assert_eq!(doc.hits, 5);
        assert_eq!(doc.evidence.len(), MAX_EVIDENCE);
        assert_eq!(doc.evidence[0].sentence, "Climate and climate again.");
        assert_eq!(doc.evidence[1].sentence, "The climate was raised.");
        assert_eq!((doc.evidence[0].start, doc.evidence[0].end), (0, 7));
    }
}
