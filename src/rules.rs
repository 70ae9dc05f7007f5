//! Theme rules: an editable TOML file, compiled once per run.
//!
//! The default rules (`rules/themes.toml`) are embedded in the binary so the
//! tool works from anywhere; `--rules FILE` replaces them. Each theme has
//! regex `patterns` and optional `exclude` regexes: a hit that lies inside
//! an exclude match of the same sentence is a word used in another sense.
//! Each theme's patterns are compiled as one alternation, so a document
//! costs one scan per theme, not one per pattern. (A `RegexSet` of every
//! pattern as a first "which themes fire?" pass was measured slower: its
//! overlapping automaton costs more than the scans it saves.)

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::path::Path;

use crate::error::{Error, ErrorKind};

/// The rules file shipped with the tool.
pub const DEFAULT_RULES: &str = include_str!("../rules/themes.toml");

/// Compiled theme rules.
#[derive(Clone, Debug)]
pub struct Rules {
    pub name: String,
    pub themes: Vec<Theme>,
    /// Per theme, its patterns as one alternation.
    theme_regexes: Vec<Regex>,
    /// The rules text, hashed into the manifest of incremental runs.
    pub source_text: String,
}

/// One theme of the taxonomy.
#[derive(Clone, Debug)]
pub struct Theme {
    pub id: String,
    pub label: String,
    pub patterns: Vec<String>,
    exclude: Vec<Regex>,
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
        let mut theme_regexes = Vec::new();
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
            let mut exclude = Vec::new();
            for p in &t.exclude {
                exclude.push(compile(p).map_err(|e| {
                    err(
                        find_line(text, p).or(at),
                        format!("theme {:?}: bad exclude {p:?}: {e}", t.id),
                    )
                })?);
            }
            theme_regexes.push(compile(&alternation(&t.patterns)).map_err(|e| {
                // Name the pattern at fault, not just the theme.
                match t
                    .patterns
                    .iter()
                    .find_map(|p| compile(p).err().map(|e| (p, e)))
                {
                    Some((p, e)) => err(
                        find_line(text, p).or(at),
                        format!("theme {:?}: bad pattern {p:?}: {e}", t.id),
                    ),
                    None => err(at, format!("theme {:?}: {e}", t.id)),
                }
            })?);
            themes.push(Theme {
                id: t.id.clone(),
                label: t.label.clone().unwrap_or_else(|| t.id.clone()),
                patterns: t.patterns.clone(),
                exclude,
            });
        }
        Ok(Rules {
            name: file.name.unwrap_or_else(|| "themes".to_string()),
            themes,
            theme_regexes,
            source_text: text.to_string(),
        })
    }

    /// Every theme match in `text` that no exclude pattern cancels, in order.
    pub fn matches(&self, text: &str) -> Vec<ThemeMatch> {
        let mut out = Vec::new();
        for (theme, regex) in self.theme_regexes.iter().enumerate() {
            let mut excluded: Vec<(usize, usize)> = self.themes[theme]
                .exclude
                .iter()
                .flat_map(|r| r.find_iter(text).map(|m| (m.start(), m.end())))
                .collect();
            excluded.sort_unstable();
            // Both lists run left to right: one sweep, not a pair per hit.
            let mut widest_end = Vec::with_capacity(excluded.len());
            let mut acc = 0;
            for &(_, e) in &excluded {
                acc = acc.max(e);
                widest_end.push(acc);
            }
            for m in regex.find_iter(text) {
                // The last exclusion starting at or before the hit, and the
                // furthest any of those reaches.
                let k = excluded.partition_point(|&(s, _)| s <= m.start());
                let inside = k > 0 && widest_end[k - 1] >= m.end();
                if !inside {
                    out.push(ThemeMatch {
                        theme,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.start, m.theme, m.end));
        out.dedup_by(|a, b| a.theme == b.theme && a.start < b.end);
        out
    }
}

/// Patterns as one regex that matches where any of them does.
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

/// `\b` as an ASCII word boundary. Unicode boundaries make the fast regex
/// engines give up on any non-ASCII text and fall back to a slow one; theme
/// words are English, so the ASCII boundary means the same for them.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                if next == Some('b') && !in_class {
                    out.push_str("(?-u:\\b)");
                } else {
                    out.push(c);
                    out.extend(next);
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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
