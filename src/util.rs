//! Small helpers shared by the stages.

use regex::{Regex, RegexBuilder};

/// Compile one of the tool's own patterns.
///
/// The rule patterns are large (hundreds of honorifics, Unicode letter
/// classes); with the default 2 MB lazy-DFA cache the regex engine keeps
/// clearing its cache and falls back to its slowest engine. A larger cache
/// (allocated lazily, per thread) keeps matching at DFA speed.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
}
