//! Theme rules: an editable TOML file, compiled once per run.
//!
//! The default rules (`rules/themes.toml`) are embedded in the binary so the
//! tool works from anywhere; `--rules FILE` replaces them. Each theme has
//! regex `patterns` and optional `exclude` regexes: a hit that lies inside
//! an exclude match of the same sentence is a word used in another sense.
//! Each theme's patterns are compiled as one alternation, and every theme
//! and exclude goes into one multi-pattern automaton, so a document costs one
//! scan whatever the number of themes (see [`Scanner`]). The result is the
//! same as scanning the text with each theme and each exclude on its own.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use regex::{Regex, RegexBuilder};
use regex_automata::{meta, util::syntax, Anchored, Input, MatchKind, PatternID, PatternSet};
use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::util::ascii_word_boundaries;

/// The rules file shipped with the tool.
pub const DEFAULT_RULES: &str = include_str!("../rules/themes.toml");

/// Compiled theme rules.
#[derive(Clone, Debug)]
pub struct Rules {
    pub name: String,
    pub themes: Vec<Theme>,
    /// Every theme and exclude in one pass.
    scanner: Scanner,
    /// The rules text, hashed into the manifest of incremental runs.
    pub source_text: String,
}

/// One theme of the taxonomy.
#[derive(Clone, Debug)]
pub struct Theme {
    pub id: String,
    pub label: String,
    pub patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    #[serde(rename = "theme")]
    themes: Vec<ThemeFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: String,
    label: Option<String>,
    patterns: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

/// A theme match in a text: which theme, where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThemeMatch {
    pub theme: usize,
    pub start: usize,
    pub end: usize,
}

impl Rules {
    /// The embedded default rules.
    pub fn default_rules() -> Rules {
        Rules::parse(DEFAULT_RULES, Path::new("rules/themes.toml"))
            .expect("the embedded rules file is valid (tested)")
    }

    /// Read and compile a rules file.
    pub fn from_path(path: &Path) -> Result<Rules, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Rules::parse(&text, path)
    }

    /// Compile rules from TOML text; errors name `path` and the line.
    pub fn parse(text: &str, path: &Path) -> Result<Rules, Error> {
        let err = |line: Option<usize>, message: String| {
            Error::new(path, ErrorKind::Rules { line, message })
        };
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            err(line, e.message().to_string())
        })?;
        let _ = file.version;
        if file.themes.is_empty() {
            return Err(err(None, "no [[theme]] entries".to_string()));
        }
        let mut themes = Vec::new();
        // Scanner patterns: each theme's alternation, then every exclude.
        let mut alternations = Vec::new();
        let mut excludes: Vec<(usize, String)> = Vec::new();
        for t in &file.themes {
            let at = find_line(text, &t.id);
            if t.id.trim().is_empty() {
                return Err(err(at, "theme with an empty id".to_string()));
            }
            if themes.iter().any(|x: &Theme| x.id == t.id) {
                return Err(err(at, format!("theme {:?} is defined twice", t.id)));
            }
            if t.patterns.is_empty() {
                return Err(err(at, format!("theme {:?} has no patterns", t.id)));
            }
            // Syntax only here: compiling each theme again on its own cost
            // a tenth of a second per run. A pattern that parses but breaks
            // a size limit is named below, when the scanner fails.
            check_theme(t, (text, path), at, syntax_error)?;
            excludes.extend(t.exclude.iter().map(|p| (themes.len(), p.clone())));
            let both = alternation(&t.patterns);
            alternations.push(both);
            themes.push(Theme {
                id: t.id.clone(),
                label: t.label.clone().unwrap_or_else(|| t.id.clone()),
                patterns: t.patterns.clone(),
            });
        }
        let mut owners: Vec<Owner> = (0..themes.len()).map(Owner::Theme).collect();
        owners.extend(excludes.iter().map(|(t, _)| Owner::Exclude(*t)));
        let patterns: Vec<String> = alternations
            .into_iter()
            .chain(excludes.into_iter().map(|(_, p)| p))
            .map(|p| ascii_word_boundaries(&p))
            .collect();
        let scanner = Scanner::new(&patterns, owners).map_err(|e| {
            let compiled = |p: &str| compile(p).err().map(|e| e.to_string());
            file.themes
                .iter()
                .find_map(|t| check_theme(t, (text, path), find_line(text, &t.id), compiled).err())
                .unwrap_or_else(|| err(None, format!("the rules together: {e}")))
        })?;
        Ok(Rules {
            name: file.name.unwrap_or_else(|| "themes".to_string()),
            themes,
            scanner,
            source_text: text.to_string(),
        })
    }

    /// Every theme match in `text` that no exclude pattern cancels, in order.
    pub fn matches(&self, text: &str) -> Vec<ThemeMatch> {
        let n = self.themes.len();
        let mut hits: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        let mut excluded: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        self.scanner.scan(text, |owner, start, end| match owner {
            Owner::Theme(t) => hits[t].push((start, end)),
            Owner::Exclude(t) => excluded[t].push((start, end)),
        });
        let mut out = Vec::new();
        for (theme, (hits, mut excluded)) in hits.into_iter().zip(excluded).enumerate() {
            excluded.sort_unstable();
            let mut widest_end = Vec::with_capacity(excluded.len());
            let mut acc = 0;
            for &(_, e) in &excluded {
                acc = acc.max(e);
                widest_end.push(acc);
            }
            for (start, end) in hits {
                let k = excluded.partition_point(|&(s, _)| s <= start);
                let inside = k > 0 && widest_end[k - 1] >= end;
                if !inside {
                    out.push(ThemeMatch { theme, start, end });
                }
            }
        }
        out.sort_by_key(|m| (m.start, m.theme, m.end));
        out.dedup_by(|a, b| a.theme == b.theme && a.start < b.end);
        out
    }
}

/// The first exclude or pattern of `t` that `fault` finds at fault, as an
/// error naming its line.
fn check_theme(
    t: &ThemeFile,
    (text, path): (&str, &Path),
    at: Option<usize>,
    fault: impl Fn(&str) -> Option<String>,
) -> Result<(), Error> {
    let rules_error = |line, message| Error::new(path, ErrorKind::Rules { line, message });
    for p in &t.exclude {
        if let Some(e) = fault(p) {
            let line = find_line(text, p).or(at);
            return Err(rules_error(
                line,
                format!("theme {:?}: bad exclude {p:?}: {e}", t.id),
            ));
        }
    }
    if let Some(e) = fault(&alternation(&t.patterns)) {
        // Name the pattern at fault, not just the theme.
        return Err(
            match t.patterns.iter().find_map(|p| fault(p).map(|e| (p, e))) {
                Some((p, e)) => rules_error(
                    find_line(text, p).or(at),
                    format!("theme {:?}: bad pattern {p:?}: {e}", t.id),
                ),
                None => rules_error(at, format!("theme {:?}: {e}", t.id)),
            },
        );
    }
    Ok(())
}

/// A pattern's syntax error, as compiling it would report it.
fn syntax_error(pattern: &str) -> Option<String> {
    let config = syntax::Config::new().case_insensitive(true);
    syntax::parse_with(&ascii_word_boundaries(pattern), &config)
        .err()
        .map(|e| e.to_string())
}

/// What a scanner pattern stands for.
#[derive(Clone, Copy, Debug)]
enum Owner {
    Theme(usize),
    Exclude(usize),
}

/// Many patterns, one pass: reports exactly the matches each pattern's own
/// leftmost-first, non-overlapping `find_iter` would report, without a scan
/// per pattern.
///
/// Every match of a pattern starts at a position where some pattern matches,
/// and the leftmost-first search over all patterns visits those positions in
/// order (restarting one character after each). At each one, an anchored
/// pattern-set search says which patterns match there, and each of those not
/// still inside its own previous match takes its anchored leftmost-first
/// match. So the text is scanned about once, plus a few anchored probes per
/// hit, instead of once per theme and once per exclude.
#[derive(Debug)]
struct Scanner {
    /// Leftmost-first over every pattern: the next position with a match,
    /// and, anchored to one pattern, that pattern's own match there.
    any: meta::Regex,
    /// Every pattern, `MatchKind::All`: which patterns match at a position.
    which: meta::Regex,
    owners: Vec<Owner>,
    /// The automata's search caches, shared by the threads: see
    /// [`Scanner::caches`].
    caches: Mutex<Vec<Caches>>,
}

/// The lazy DFAs a scan builds as it meets new text: the states and
/// transitions found so far, for [`Scanner::any`] and [`Scanner::which`].
#[derive(Debug)]
struct Caches {
    any: meta::Cache,
    which: meta::Cache,
}

impl Clone for Scanner {
    fn clone(&self) -> Scanner {
        Scanner {
            any: self.any.clone(),
            which: self.which.clone(),
            owners: self.owners.clone(),
            caches: Mutex::default(),
        }
    }
}

impl Scanner {
    fn new(patterns: &[String], owners: Vec<Owner>) -> Result<Scanner, String> {
        let build = |kind: MatchKind, patterns: &[&str]| {
            meta::Regex::builder()
                .syntax(syntax::Config::new().case_insensitive(true))
                .configure(
                    meta::Config::new()
                        .match_kind(kind)
                        .nfa_size_limit(Some(64 << 20))
                        .hybrid_cache_capacity(16 << 20),
                )
                .build_many(patterns)
                .map_err(|e| e.to_string())
        };
        let all: Vec<&str> = patterns.iter().map(String::as_str).collect();
        Ok(Scanner {
            any: build(MatchKind::LeftmostFirst, &all)?,
            which: build(MatchKind::All, &all)?,
            owners,
            caches: Mutex::default(),
        })
    }

    /// The most built of the caches no scan is using, or new ones.
    ///
    /// The theme automata are large, and a lazy DFA keeps meeting states it
    /// has not built, even 50 MB into a corpus: building them was a fifth
    /// of the scan's time with one thread. The regex engine keeps a cache
    /// per thread, so every thread built the same states again (twice the
    /// construction with two threads). Handing the most built cache to
    /// whichever scan starts next builds each state about once, and more
    /// caches only when scans overlap.
    fn caches(&self) -> Caches {
        let mut free = self.caches.lock().unwrap_or_else(PoisonError::into_inner);
        let most_built = (0..free.len()).max_by_key(|&i| {
            let c = &free[i];
            (c.any.memory_usage() + c.which.memory_usage(), i)
        });
        match most_built {
            Some(i) => free.swap_remove(i),
            None => Caches {
                any: self.any.create_cache(),
                which: self.which.create_cache(),
            },
        }
    }

    /// Give back caches [`Scanner::caches`] handed out.
    fn give_back(&self, caches: Caches) {
        self.caches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(caches);
    }

    /// Calls `found(owner, start, end)` for every match, by position.
    fn scan(&self, text: &str, mut found: impl FnMut(Owner, usize, usize)) {
        let mut caches = self.caches();
        let Caches { any, which } = &mut caches;
        // Where each pattern's own iteration would resume.
        let mut resume = vec![0usize; self.owners.len()];
        let mut set = PatternSet::new(self.owners.len());
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = self.any.search_with(any, &Input::new(text).range(at..)) else {
                break;
            };
            let p = m.start();
            let mut take = |pid: PatternID| {
                let i = pid.as_usize();
                if resume[i] > p {
                    return;
                }
                // The pattern that won the search over all of them has its
                // own match there already: alternatives are tried in order.
                let own = if pid == m.pattern() {
                    Some(m)
                } else {
                    let input = Input::new(text).range(p..).anchored(Anchored::Pattern(pid));
                    self.any.search_with(any, &input)
                };
                if let Some(own) = own {
                    found(self.owners[i], own.start(), own.end());
                    // An empty match resumes one character on, as find_iter.
                    resume[i] = own.end().max(p + 1);
                }
            };
            self.which.which_overlapping_matches_with(
                which,
                &Input::new(text).range(p..).anchored(Anchored::Yes),
                &mut set,
            );
            // Mostly the winner alone matches there: no walk over every
            // pattern's slot to find it.
            if set.len() == 1 && set.contains(m.pattern()) {
                take(m.pattern());
            } else {
                set.iter().for_each(&mut take);
            }
            set.clear();
            at = next_boundary(text, p);
        }
        self.give_back(caches);
    }
}

/// The char boundary after `at` (or one past the end).
fn next_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(at + 1, |c| at + c.len_utf8())
}

fn alternation(patterns: &[String]) -> String {
    let parts: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    parts.join("|")
}

fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_word_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(16 << 20)
        .dfa_size_limit(16 << 20)
        .build()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line on which `needle` first appears in a TOML string.
fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| line_of(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
name = "test"
[[theme]]
id = "environment"
label = "Environment"
patterns = ['\bclimate\b', '\benvironment(al)?\b']
exclude = ['\benabling environment\b']

[[theme]]
id = "ai"
patterns = ['(?-i)\bAI\b']
"#;

    #[test]
    fn matches_skip_excluded_senses() {
        let rules = Rules::parse(RULES, Path::new("t.toml")).unwrap();
        let m = rules.matches("Climate and an enabling environment for AI, not ai.");
        let got: Vec<_> = m
            .iter()
            .map(|m| (rules.themes[m.theme].id.as_str(), m.start, m.end))
            .collect();
        assert_eq!(got, [("environment", 0, 7), ("ai", 40, 42)]);
    }

    /// What the scanner must equal: each theme and each exclude scanned on
    /// its own with `find_iter`, as the rules were applied before.
    fn matches_one_by_one(rules_text: &str, text: &str) -> Vec<(usize, usize, usize)> {
        let file: RulesFile = toml::from_str(rules_text).unwrap();
        let mut out = Vec::new();
        for (theme, t) in file.themes.iter().enumerate() {
            let mut excluded: Vec<(usize, usize)> = t
                .exclude
                .iter()
                .flat_map(|p| {
                    let r = compile(p).unwrap();
                    r.find_iter(text)
                        .map(|m| (m.start(), m.end()))
                        .collect::<Vec<_>>()
                })
                .collect();
            excluded.sort_unstable();
            let r = compile(&alternation(&t.patterns)).unwrap();
            for m in r.find_iter(text) {
                let inside = excluded
                    .iter()
                    .any(|&(s, e)| s <= m.start() && e >= m.end());
                if !inside {
                    out.push((m.start(), theme, m.end()));
                }
            }
        }
        out.sort_unstable();
        out.dedup_by(|a, b| a.1 == b.1 && a.0 < b.2);
        out
    }

    #[test]
    fn one_pass_equals_a_scan_per_theme_and_exclude() {
        // Overlaps across themes and excludes, a pattern that is a prefix of
        // another, case rules, accents and an exclude covering two themes.
        let rules_text = r#"
[[theme]]
id = "a"
patterns = ['\bdigital\b', '\bdigital divide\b', 'divide']
exclude = ['\bdigital (?:age|era)\b']
[[theme]]
id = "b"
patterns = ['\bdivide\b', 'digital\s+divide', '(?-i)\bAI\b']
[[theme]]
id = "c"
patterns = ['\bage\b', 'tal d', 'é']
exclude = ['\bdigital age\b', 'ital']
"#;
        let rules = Rules::parse(rules_text, Path::new("t.toml")).unwrap();
        let texts = [
            "The digital divide and the Digital Age; AI, ai and the digital\ndivide.",
            "digital digital divide divide — dividend, café, ÉTÉ, digital era.",
            "",
            "no theme here",
            "tal dtal d digitaldivide age-old AGE",
        ];
        for text in texts {
            let got: Vec<_> = rules
                .matches(text)
                .iter()
                .map(|m| (m.start, m.theme, m.end))
                .collect();
            assert_eq!(got, matches_one_by_one(rules_text, text), "{text:?}");
        }
    }

    #[test]
    fn scans_on_other_threads_reuse_the_most_built_caches() {
        let rules = Rules::default_rules();
        let text = "Digital divide, climate finance and data protection were raised.";
        let expected = rules.matches(text);
        // One scan after another, each on a thread of its own: one set of
        // caches, handed from scan to scan, and the same matches.
        for _ in 0..3 {
            std::thread::scope(|s| {
                s.spawn(|| assert_eq!(rules.matches(text), expected));
            });
        }
        assert_eq!(rules.scanner.caches.lock().unwrap().len(), 1);
        // Of two free sets, the next scan takes the one that has built
        // more of the automata.
        let scanner = &rules.scanner;
        let fresh = Caches {
            any: scanner.any.create_cache(),
            which: scanner.which.create_cache(),
        };
        let fresh_size = fresh.any.memory_usage() + fresh.which.memory_usage();
        scanner.give_back(fresh);
        let taken = scanner.caches();
        assert!(taken.any.memory_usage() + taken.which.memory_usage() > fresh_size);
        assert_eq!(scanner.caches.lock().unwrap().len(), 1);
        scanner.give_back(taken);
    }

    #[test]
    fn bad_pattern_reports_its_line() {
        let bad = "[[theme]]\nid = \"x\"\npatterns = ['(unclosed']\n";
        let err = Rules::parse(bad, Path::new("r.toml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("r.toml: line 3: theme \"x\": bad pattern"),
            "{err}"
        );
    }

    #[test]
    fn a_pattern_too_large_to_compile_is_named_with_its_line() {
        // Valid syntax; only compiling it finds it too large.
        let huge = "[[theme]]\nid = \"ok\"\npatterns = ['fine']\n\n[[theme]]\nid = \"x\"\npatterns = ['small', '(?:\\w{200}){200}']\n";
        let err = Rules::parse(huge, Path::new("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.toml: line 7: theme \"x\": bad pattern \"(?:\\\\w{200}){200}\""),
            "{err}"
        );
        let huge = huge.replace("patterns = ['small', ", "patterns = ['small']\nexclude = [");
        let err = Rules::parse(&huge, Path::new("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("theme \"x\": bad exclude"), "{err}");
    }

    #[test]
    fn toml_syntax_error_reports_its_line() {
        let err = Rules::parse("[[theme]]\nid = \n", Path::new("r.toml")).unwrap_err();
        assert!(err.to_string().starts_with("r.toml: line 2:"), "{err}");
    }

    #[test]
    fn default_rules_compile_and_cover_every_theme_id() {
        let rules = Rules::default_rules();
        let ids: Vec<_> = rules.themes.iter().map(|t| t.id.as_str()).collect();
        for id in [
            "ai",
            "connectivity",
            "capacity-building",
            "cybersecurity",
            "data-governance",
            "human-rights",
            "inclusion",
            "sustainable-development",
            "environment",
            "internet-governance",
            "cooperation",
            "policy-regulation",
            "economy",
            "content-media",
            "digital-government",
            "health",
            "culture-language",
        ] {
            assert!(ids.contains(&id), "missing {id}");
        }
    }
}
