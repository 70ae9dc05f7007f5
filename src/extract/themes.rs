//! Theme hits per document, per section and per speaker.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::extract::Doc;
use crate::model::{Evidence, Span, Statement, ThemeHit, ThemeScope};
use crate::rules::{Rules, ThemeMatch};

/// Evidence sentences kept per theme and scope: the first distinct sentences
/// in the text. `hits` keeps the full count; a few sentences show why the
/// theme was assigned, and more would multiply the dataset (every scope
/// repeats them) without telling a reader anything new.
pub const MAX_EVIDENCE: usize = 3;

/// Apply the rules to the document and count hits in each scope; every hit
/// keeps its sentence (headings and list lines are sentences too).
pub fn theme_hits(
    doc: &Doc<'_>,
    rules: &Rules,
    matches: &[ThemeMatch],
    statements: &[Statement],
) -> Vec<ThemeHit> {
    let by_sentence_start: BTreeMap<usize, usize> = statements
        .iter()
        .map(|st| (st.evidence.start, st.speaker))
        .collect();
    let mut tallies = Tallies::default();
    // One scan of the whole document, then each hit is placed in its
    // sentence: far cheaper than scanning sentence by sentence. Hits come
    // in text order, so the sentence (and its speaker) is found by walking
    // on from the last one rather than by a search per hit.
    let sentences = &doc.seg.sentences;
    let mut i = 0;
    let mut speaker_of: Option<(usize, Option<usize>)> = None;
    for m in matches {
        while sentences.get(i).is_some_and(|s| s.span.end <= m.start) {
            i += 1;
        }
        let Some(s) = sentences
            .get(i)
            .filter(|s| s.span.start <= m.start && m.end <= s.span.end)
        else {
            continue;
        };
        let speaker = match speaker_of {
            Some((at, speaker)) if at == i => speaker,
            _ => {
                let speaker = by_sentence_start
                    .get(&doc.map.source_offset(s.span.start))
                    .copied();
                speaker_of = Some((i, speaker));
                speaker
            }
        };
        // The hit's evidence, made at most once whatever the scopes it
        // is cited in.
        let mut evidence: Option<Evidence> = None;
        let mut cite = || {
            evidence
                .get_or_insert_with(|| doc.evidence(Span::new(m.start, m.end), s.span))
                .clone()
        };
        tallies.add(Key::Document, m.theme, i, &mut cite);
        if !doc.seg.sections[s.section].title.is_empty() {
            tallies.add(Key::Section(s.section), m.theme, i, &mut cite);
        }
        if let Some(id) = speaker {
            tallies.add(Key::Speaker(id), m.theme, i, &mut cite);
        }
    }
    // Document, then sections in document order, then speakers by id; by
    // theme within each.
    let mut scopes: Vec<((Key, usize), Tally)> = tallies.0.into_iter().collect();
    scopes.sort_unstable_by_key(|(key, _)| *key);
    scopes
        .into_iter()
        .map(|((key, theme), tally)| ThemeHit {
            id: rules.themes[theme].id.clone(),
            label: rules.themes[theme].label.clone(),
            scope: match key {
                Key::Document => ThemeScope::Document,
                Key::Section(i) => ThemeScope::Section(doc.seg.sections[i].title.clone()),
                Key::Speaker(id) => ThemeScope::Speaker(id),
            },
            hits: tally.hits,
            evidence: tally.evidence,
        })
        .collect()
}

/// A scope by index while counting; titles are looked up once at the end.
/// The order of the variants is the order of the output.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Document,
    Section(usize),
    Speaker(usize),
}

/// The hits of one theme in one scope.
#[derive(Default)]
struct Tally {
    hits: usize,
    evidence: Vec<Evidence>,
    /// The sentence of the last evidence kept.
    last: Option<usize>,
}

/// Tallies by scope and theme. A hash map: a long document has thousands
/// of sections and speakers, and every hit lands in up to three of them.
#[derive(Default)]
struct Tallies(FxHashMap<(Key, usize), Tally>);

impl Tallies {
    /// Count a hit of `theme` in `sentence`; `cite` makes its evidence.
    fn add(&mut self, key: Key, theme: usize, sentence: usize, cite: &mut dyn FnMut() -> Evidence) {
        let tally = self.0.entry((key, theme)).or_default();
        tally.hits += 1;
        // Counts stay exact; the evidence kept is capped, and a sentence
        // with several hits is cited once.
        if tally.evidence.len() < MAX_EVIDENCE && tally.last != Some(sentence) {
            tally.evidence.push(cite());
            tally.last = Some(sentence);
        }
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
        assert_eq!(&*doc.evidence[0].sentence, "Climate and climate again.");
        assert_eq!(&*doc.evidence[1].sentence, "The climate was raised.");
        assert_eq!((doc.evidence[0].start, doc.evidence[0].end), (0, 7));
    }

    #[test]
    fn scopes_come_document_then_sections_in_text_order_then_speakers() {
        let text = "## Second session on climate\n\n\
                    Ms. Jane Roe, Director of Climate Policy at the Ministry of Environment \
                    of Kenya, said that climate finance was lagging.\n\n\
                    Mr. John Doe, Minister of Digital Economy of Ghana, stressed that data \
                    protection and climate adaptation need funds.\n\n\
                    ## First session on data\n\n\
                    Climate was mentioned by nobody in particular here.\n\n\
                    Ms. Roe added that privacy and data protection matter.\n";
        let record = crate::pipeline::process_text("t.txt", text, &Rules::default_rules());
        let got: Vec<(ThemeScope, &str, usize)> = record
            .themes
            .iter()
            .filter(|t| t.id == "environment" || t.id == "data-governance")
            .map(|t| (t.scope.clone(), t.id.as_str(), t.hits))
            .collect();
        let section = |s: &str| ThemeScope::Section(s.to_string());
        assert_eq!(
            got,
            [
                (ThemeScope::Document, "data-governance", 3),
                (ThemeScope::Document, "environment", 6),
                (section("Second session on climate"), "data-governance", 1),
                (section("Second session on climate"), "environment", 5),
                (section("First session on data"), "data-governance", 2),
                (section("First session on data"), "environment", 1),
                // The unattributed sentence counts for no speaker.
                (ThemeScope::Speaker(1), "data-governance", 2),
                (ThemeScope::Speaker(1), "environment", 3),
                (ThemeScope::Speaker(2), "data-governance", 1),
                (ThemeScope::Speaker(2), "environment", 1),
            ]
        );
    }
}
