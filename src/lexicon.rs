//! The knowledge the rules need, loaded once from the data files.
//!
//! Honorifics, job titles, countries (with demonyms and short forms) and
//! intergovernmental bodies live in `data/` as plain text so that a rule
//! author can extend them without touching code; they are embedded at build
//! time and compiled into Aho-Corasick automata on first use.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxBuildHasher;

use crate::util::trim_start_str;

const HONORIFICS: &str = include_str!("../data/honorifics.txt");
const JOB_TITLES: &str = include_str!("../data/job_titles.txt");
const COUNTRIES: &str = include_str!("../data/countries.tsv");
const ORGANIZATIONS: &str = include_str!("../data/organizations.tsv");

/// Honorifics that are also common words or initials when alone.
const AMBIGUOUS_HONORIFICS: &[&str] = &["M.", "Sri", "HE", "Me", "D."];

/// The loaded lexicons.
pub struct Lexicon {
    /// Honorifics, longest first.
    pub honorifics: Vec<String>,
    title_words: HashSet<String, FxBuildHasher>,
    title_phrases: AhoCorasick,
    country_names: Vec<String>,
    country_index: HashMap<String, usize, FxBuildHasher>,
    countries: AhoCorasick,
    country_patterns: Vec<usize>,
    org_names: Vec<(String, String)>,
    org_index: HashMap<String, usize, FxBuildHasher>,
}

/// The lexicon built from the embedded data files.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn embedded() -> Lexicon {
        let mut honorifics: Vec<String> = data_lines(HONORIFICS)
            .map(|l| l.trim().to_string())
            .filter(|h| !AMBIGUOUS_HONORIFICS.contains(&h.as_str()))
            .collect();
        honorifics.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        honorifics.dedup();

        let mut title_words = HashSet::default();
        let mut phrases = Vec::new();
        for line in data_lines(JOB_TITLES) {
            let t = line.trim().to_lowercase();
            if t.contains(' ') {
                phrases.push(t);
            } else {
                title_words.insert(t);
            }
        }

        let mut country_names = Vec::new();
        let mut country_index = HashMap::default();
        let mut patterns = Vec::new();
        let mut country_patterns = Vec::new();
        for line in data_lines(COUNTRIES) {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(name) = cols.first() else { continue };
            let id = country_names.len();
            country_names.push(name.to_string());
            let variants = cols.get(3).map_or(Vec::new(), |v| v.split('|').collect());
            for form in std::iter::once(*name)
                .chain(variants)
                .filter(|f| !f.is_empty())
            {
                country_index.entry(form.to_lowercase()).or_insert(id);
                patterns.push(form.to_string());
                country_patterns.push(id);
            }
        }
        let title_phrases = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&phrases)
            .expect("title automaton");
        // A DFA: the legislature check reads whole documents with it, and
        // the default (an NFA for this many patterns) cost 33 instructions a
        // byte there against 18; 3.2 MB once per process instead of 0.15 MB.
        let countries = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("country automaton");

        let mut org_names = Vec::new();
        let mut org_index = HashMap::default();
        for line in data_lines(ORGANIZATIONS) {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(name) = cols.first() else { continue };
            let acronym = cols.get(1).copied().unwrap_or("");
            let id = org_names.len();
            org_names.push((name.to_string(), acronym.to_string()));
            let variants = cols.get(2).map_or(Vec::new(), |v| v.split('|').collect());
            for form in [*name, acronym]
                .into_iter()
                .chain(variants)
                .filter(|f| !f.is_empty())
            {
                org_index.entry(form.to_lowercase()).or_insert(id);
            }
        }
        Lexicon {
            honorifics,
            title_words,
            title_phrases,
            country_names,
            country_index,
            countries,
            country_patterns,
            org_names,
            org_index,
        }
    }

    /// The canonical country name for an exact form ("USA", "Japanese").
    pub fn country(&self, form: &str) -> Option<&str> {
        let form = trim_start_str(form.trim(), "the ");
        let i = lowered(form, |key| self.country_index.get(key).copied())?;
        Some(self.country_names[i].as_str())
    }

    /// Countries named in `text` as whole words: (start, end, canonical).
    pub fn countries_in<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a str)> {
        self.countries
            .find_iter(text)
            .filter(|m| {
                // "Canadians", "Kenyans": a plural demonym names the country too.
                let plural = text[m.end()..].starts_with('s') && text[..m.end()].ends_with('n');
                let end = if plural { m.end() + 1 } else { m.end() };
                is_word_at(text, m.start(), end)
            })
            .map(|m| {
                let id = self.country_patterns[m.pattern().as_usize()];
                (m.start(), m.end(), self.country_names[id].as_str())
            })
            .collect()
    }

    /// Whether `form` is a known organisation name, acronym or variant.
    pub fn is_known_org(&self, form: &str) -> bool {
        let form = trim_start_str(form.trim(), "the ");
        lowered(form, |key| self.org_index.contains_key(key))
    }

    /// The full name of a known acronym ("UNDP" → "United Nations Development Programme").
    pub fn org_full_name(&self, acronym: &str) -> Option<&str> {
        let &i = self.org_index.get(&acronym.to_lowercase())?;
        Some(self.org_names[i].0.as_str())
    }

    /// Whether `word` (any case) is a job-title word such as "Minister".
    pub fn is_title_word(&self, word: &str) -> bool {
        lowered(word, |w| self.title_words.contains(w))
    }

    /// Whether a phrase reads as a job title: it holds a title word or phrase.
    /// Whether a job title of the lexicon spans `[start, end)` of `text`
    /// ("Secretary of State" over the " of " in "Secretary of State for…").
    pub fn title_spans(&self, text: &str, start: usize, end: usize) -> bool {
        self.title_phrases
            .find_overlapping_iter(text)
            .any(|m| m.start() < start && m.end() > end && is_word_at(text, m.start(), m.end()))
    }

    pub fn looks_like_title(&self, phrase: &str) -> bool {
        lowered(phrase, |lower| self.lowered_looks_like_title(lower))
    }

    fn lowered_looks_like_title(&self, lower: &str) -> bool {
        let core = [
            "acting",
            "interim",
            "deputy",
            "assistant",
            "associate",
            "senior",
            "junior",
            "principal",
            "executive",
            "vice",
            "former",
        ];
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .any(|w| self.title_words.contains(w) && !core.contains(&w))
            || self
                .title_phrases
                .find_overlapping_iter(lower)
                .any(|m| is_word_at(lower, m.start(), m.end()))
    }
}

/// `f` of `s` in lower case. Short strings, nearly all the words, names and
/// descriptors looked up, are lowered on the stack: the look-ups run on
/// every capitalised word of every candidate name, and allocating for the
/// accented ones ("Côte", "Müller") and the descriptors cost 1.1 % of the
/// extraction's instructions.
fn lowered<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 128];
    if s.is_ascii() {
        if let Some(lower) = buf.get_mut(..s.len()) {
            lower.copy_from_slice(s.as_bytes());
            lower.make_ascii_lowercase();
            return f(std::str::from_utf8(lower).expect("ASCII"));
        }
    } else if let Some(n) = lowered_chars(s, &mut buf) {
        return f(std::str::from_utf8(&buf[..n]).expect("whole characters"));
    }
    f(&s.to_lowercase())
}

/// `s` lowered character by character into `buf`, and its length; `None`
/// when it is longer than `buf` (checked first, rather than found after
/// lowering a buffer's worth), when its lower case does not fit, or when
/// it holds a capital sigma, the one letter whose lower case depends on
/// its neighbours (σ, or ς at the end of a word).
fn lowered_chars(s: &str, buf: &mut [u8]) -> Option<usize> {
    if s.len() > buf.len() || s.contains('Σ') {
        return None;
    }
    let mut n = 0;
    for c in s.chars().flat_map(char::to_lowercase) {
        let end = n + c.len_utf8();
        c.encode_utf8(buf.get_mut(n..end)?);
        n = end;
    }
    Some(n)
}

/// Whether `[start, end)` of `text` is bounded by non-word characters.
pub fn is_word_at(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_name_variant_and_demonym() {
        let lx = &*LEXICON;
        assert_eq!(lx.country("Japan"), Some("Japan"));
        assert_eq!(lx.country("USA"), lx.country("United States of America"));
        assert!(lx.country("Kyoto").is_none());
        let found: Vec<_> = lx
            .countries_in("Ministers of Tunisia and Kyrgyzstan")
            .iter()
            .map(|c| c.2)
            .collect();
        assert_eq!(found, ["Tunisia", "Kyrgyzstan"]);
        assert!(lx.countries_in("Nigerian").iter().all(|c| c.2 != "Niger"));
    }

    #[test]
    fn titles_and_orgs() {
        let lx = &*LEXICON;
        assert!(lx.looks_like_title("Chief Digital Officer"));
        assert!(lx.looks_like_title("Vice Minister"));
        assert!(!lx.looks_like_title("Association for Progressive Communications"));
        assert!(lx.is_known_org("UNDP"));
        assert!(lx.is_known_org("International Telecommunication Union"));
    }

    /// Every spelling of every title word, in every case, short or long,
    /// ASCII or not, is found; near misses are not.
    #[test]
    fn title_words_in_any_case() {
        let lx = &*LEXICON;
        assert!(!lx.title_words.is_empty());
        for w in &lx.title_words {
            for form in [w.clone(), w.to_uppercase(), capitalised(w)] {
                assert!(lx.is_title_word(&form), "{form:?}");
            }
            assert!(!lx.is_title_word(&format!("{w}x")), "{w}x");
        }
        assert!(!lx.is_title_word(""));
        assert!(!lx.is_title_word(&"minister".repeat(9)));
        assert!(lx.is_title_word("MINISTER") && lx.is_title_word("Minister"));
    }

    #[test]
    fn lowered_is_to_lowercase_on_the_stack_or_not() {
        let long = "Ministry of Foreign Affairs and International Cooperation".repeat(3);
        let long_accented = "Ministère des Affaires étrangères et de la Coopération".repeat(3);
        for s in [
            "",
            "Japan",
            "USA",
            "Côte d'Ivoire",
            "ÉCOLE",
            "MÜLLER",
            "İstanbul",
            "ΟΔΥΣΣΕΥΣ",
            "ΣΑΣ Σ",
            "Σ",
            "ǅ",
            "ẞ",
            "Ⅻ",
            long.as_str(),
            &long[..64],
            &long[..128],
            &long[..129],
            long_accented.as_str(),
            &long_accented[..127],
            &long_accented[..129],
        ] {
            assert_eq!(lowered(s, str::to_string), s.to_lowercase(), "{s}");
        }
        // Every character that changes case, alone, between letters and at
        // the end of a word.
        for c in (0..=0x1_FFFF).filter_map(char::from_u32) {
            if c.to_lowercase().eq([c]) {
                continue;
            }
            for s in [format!("{c}"), format!("a{c}b"), format!("ΑΒ{c} x{c}")] {
                assert_eq!(lowered(&s, str::to_string), s.to_lowercase(), "{s:?}");
            }
        }
        assert_eq!(LEXICON.country("JAPAN"), Some("Japan"));
        assert_eq!(LEXICON.country(" the japan "), Some("Japan"));
        assert!(LEXICON.is_known_org("undp") && LEXICON.is_known_org("the UNDP"));
    }

    fn capitalised(w: &str) -> String {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    #[test]
    fn honorifics_are_longest_first() {
        let h = &LEXICON.honorifics;
        let pos = |s: &str| h.iter().position(|x| x == s).unwrap();
        assert!(pos("His Excellency") < pos("Mr."));
    }
}
