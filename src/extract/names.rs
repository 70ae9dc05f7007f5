//! Person names: honorifics, name tokens, folding and surname matching.
//!
//! A name is a run of capitalised tokens with the particles that live inside
//! names (van, de, bin, al…), initials ("J. K."), hyphens and apostrophes
//! (Bogdan-Martin, O'Brien, d'Entremont). Honorifics before it are kept apart
//! as written ("H.E. Mr.").

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use rustc_hash::FxHashSet;

use crate::lexicon::LEXICON;
use crate::util::TextMap;

const PARTICLES: &str = "van|von|de|der|den|del|della|dei|di|da|das|do|dos|du|la|le|bin|binti|bint|ibn|al|el|y|ter|ten|af|zu|st";

/// One capitalised name token (McDonald, Bogdan-Martin), an initial, or a
/// d' form. Each Unicode class costs hundreds of automaton states and the
/// capture engines clear states × text bits per match, so the token is
/// written with as few classes as give the same matches.
const TOKEN: &str =
    r"(?:\p{Lu}(?:\.|[\p{Lu}\p{Ll}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*)|[dD]'\p{Lu}[\p{L}\p{M}]+)";

/// A full name: tokens with optional particles between them. Unbounded so
/// the automaton holds one copy of a token, not six; [`parse_person`] caps
/// the length.
pub static NAME_CORE: LazyLock<String> =
    LazyLock::new(|| format!(r"{TOKEN}(?:[ \t]+(?:(?:{PARTICLES})[ \t]+)*{TOKEN})*"));

/// The honorific alternation, longest first, as written in the lexicon.
pub static HONORIFIC: LazyLock<String> = LazyLock::new(|| {
    let alts: Vec<String> = LEXICON
        .honorifics
        .iter()
        // Every use is followed by white space, which ends the word: no `\b`.
        .map(|h| regex::escape(h).replace(r"\ ", r"\s*"))
        .collect();
    format!("(?:{})", alts.join("|"))
});

/// Honorifics then a name: `Ms. Doreen Bogdan-Martin`, `H.E. Mr. Nizar Ben Neji`.
pub static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let h = &*HONORIFIC;
    crate::util::regex(&format!(
        r"(?P<hon>{h}(?:\s+{h})*)\s+(?P<name>{})",
        &*NAME_CORE
    ))
    .unwrap()
});

/// A name filling a whole string (list entries, transcript labels).
pub static WHOLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let h = &*HONORIFIC;
    crate::util::regex(&format!(
        r"^(?:(?P<hon>{h}(?:\s+{h})*)\s+)?(?P<name>{})$",
        &*NAME_CORE
    ))
    .unwrap()
});

/// [`WHOLE_NAME`]'s honorifics and the white space after them, from the
/// start of a string.
static HONORIFICS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let h = &*HONORIFIC;
    crate::util::regex(&format!(r"^{h}(?:\s+{h})*\s+")).unwrap()
});

/// A name filling a whole string, with no honorific.
static NAME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&format!(r"^(?:{})$", &*NAME_CORE)).unwrap());

/// [`WHOLE_NAME`]'s honorific and name in `text`, found by the DFAs alone
/// where they can: the captures cost ten times as much, mostly clearing the
/// backtracker's table for an automaton of thousands of states. The
/// honorifics the captures would take are the ones a search for honorifics
/// alone takes (the highest-priority way through the honorific part), as
/// long as the rest is a name; when it is not, the captures decide.
fn whole_name_parts(text: &str) -> Option<(Option<&str>, &str)> {
    if !HONORIFICS_FIRST.is_match(text) {
        return NAME_ONLY.is_match(text).then_some((None, text));
    }
    if let Some((hon, name)) = honorifics_then_name(text) {
        return Some((Some(hon), name));
    }
    let c = WHOLE_NAME.captures(text)?;
    Some((c.name("hon").map(|h| h.as_str()), c.name("name")?.as_str()))
}

/// `s` as its leading honorifics (without the white space after them) and
/// the rest, when the rest is a whole name; `None` leaves it to the
/// captures.
fn honorifics_then_name(s: &str) -> Option<(&str, &str)> {
    let lead = HONORIFICS_FIRST.find(s)?;
    let rest = &s[lead.end()..];
    NAME_ONLY
        .is_match(rest)
        .then(|| (s[..lead.end()].trim_end(), rest))
}

/// Every [`HONORIFIC_NAME`] in `text` as (start, end, honorific, name),
/// the spans its captures give, found by DFA searches: the honorifics are
/// those a search for honorifics alone takes within the match, the name
/// the rest of it (see [`whole_name_parts`]); the captures are the
/// fallback.
pub fn honorific_names(text: &str) -> Vec<(usize, usize, &str, &str)> {
    HONORIFIC_NAME
        .find_iter(text)
        .filter_map(|m| {
            if let Some((hon, name)) = honorifics_then_name(m.as_str()) {
                return Some((m.start(), m.end(), hon, name));
            }
            let c = HONORIFIC_NAME.captures_at(text, m.start())?;
            let all = c.get(0)?;
            let hon = c.name("hon")?.as_str();
            Some((all.start(), all.end(), hon, c.name("name")?.as_str()))
        })
        .collect()
}

/// Post-nominal letters dropped from names ("Lynne Neagle AM").
const POSTNOMINALS: &[&str] = &[
    "AM", "MP", "MS", "MSP", "MLA", "MPP", "MEP", "TD", "QC", "KC", "OBE", "MBE", "CBE", "KBE",
    "DBE", "PhD", "Ph.D.", "Jr", "Jr.", "Sr.", "III", "II", "Esq", "Esq.", "FRS", "FREng",
];

/// Whether `word` begins capitalised runs but is not a name ("The",
/// "Council"). A set: every token of every candidate name is looked up, and
/// the list is two hundred words long.
pub fn is_not_name(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| NOT_NAMES.iter().copied().collect());
    SET.contains(word)
}

/// Words that begin capitalised runs but are not names.
const NOT_NAMES: &[&str] = &[
    "Audience",
    "Participant",
    "Speaker",
    "Moderator",
    "Interpreter",
    "Caller",
    "Voice",
    "Unknown",
    "Unidentified",
    "Several",
    "Many",
    "Most",
    "Both",
    "Everybody",
    "Nobody",
    "Someone",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "And",
    "But",
    "Or",
    "If",
    "As",
    "To",
    "Of",
    "A",
    "An",
    "All",
    "Any",
    "Each",
    "Every",
    "Some",
    "No",
    "Not",
    "Council",
    "Members",
    "Member",
    "Board",
    "Committee",
    "Chair",
    "Chairperson",
    "Mayor",
    "Commission",
    "Government",
    "Ministry",
    "Minister",
    "President",
    "Secretary",
    "Director",
    "Department",
    "City",
    "State",
    "Staff",
    "Public",
    "Panel",
    "Panellists",
    "Speakers",
    "Participants",
    "Session",
    "Meeting",
    "Topic",
    "Item",
    "Agenda",
    "Action",
    "Summary",
    "Discussion",
    "Key",
    "Next",
    "Vote",
    "Motion",
    "Resolution",
    "Decision",
    "Question",
    "Questions",
    "Answer",
    "Overall",
    "Finally",
    "Also",
    "However",
    "Moreover",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Thank",
    "Thanks",
    "Good",
    "Yes",
    "Okay",
    "OK",
    "So",
    "Well",
    "Now",
    "Then",
    "There",
    "Here",
    "What",
    "When",
    "Where",
    "Why",
    "How",
    "Who",
    "Which",
    "Please",
    "Let",
    "Madam",
    "Sir",
    "Hon",
    "Honourable",
    "Honorable",
    "Excellency",
    "Ladies",
    "Gentlemen",
    "Everyone",
    "Global",
    "International",
    "National",
    "United",
    "Digital",
    "Internet",
    "World",
    "Highlights",
    "Presentation",
    "Update",
    "Updates",
    "Status",
    "Approval",
    "Welcome",
    "Introduction",
    "Review",
    "Report",
    "Reports",
    "Minutes",
    "Chat",
    "Video",
    "Audio",
    "Transcript",
    "Details",
    "Notes",
    "Note",
    "Other",
    "Further",
    "Guest",
    "Guests",
    "Present",
    "Absent",
    "Apologies",
    "Ministers",
    "Ambassadors",
    "Delegates",
    "Delegation",
    "Representatives",
    "Representative",
    "Countries",
    "Nations",
    "Partners",
    "Partner",
    "Group",
    "Team",
    "Office",
    "Centre",
    "Center",
    "Association",
    "Union",
    "Forum",
    "Summit",
];

/// A person as written: the honorific (if any) and the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    pub honorific: Option<String>,
    pub name: String,
}

/// Read a whole string as a person's name, or `None`.
pub fn parse_person(text: &str) -> Option<PersonName> {
    let text = text
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '"' | ',' | ';'));
    let text = strip_postnominals(text.trim());
    let (honorific, name) = whole_name_parts(text)?;
    let honorific = honorific.map(collapse_spaces);
    let name = display_name(name);
    if name.split_whitespace().count() > 6 || !plausible_name(&name, honorific.is_some()) {
        return None;
    }
    Some(PersonName { honorific, name })
}

fn strip_postnominals(text: &str) -> &str {
    let mut text = text;
    loop {
        let Some((head, last)) = text.rsplit_once(' ') else {
            return text;
        };
        if POSTNOMINALS.contains(&last.trim_end_matches(',')) {
            text = head.trim_end_matches(',').trim_end();
        } else {
            return text;
        }
    }
}

/// Whether `name` can be a person's name: not a stop word, not a country
/// or organisation, and (without an honorific) at least two tokens.
///
/// The answer depends on the name alone, and a document names the same
/// people again and again, so answers are kept per thread (up to
/// [`KEPT_ANSWERS`] names, then forgotten at once): the full test looks the
/// name up half a dozen times in the lexicon.
pub fn plausible_name(name: &str, has_honorific: bool) -> bool {
    thread_local! {
        static KEPT: RefCell<[TextMap<Box<str>, bool>; 2]> = RefCell::default();
    }
    KEPT.with_borrow_mut(|kept| {
        let answers = &mut kept[usize::from(has_honorific)];
        if let Some(&answer) = answers.get(name) {
            return answer;
        }
        if answers.len() >= KEPT_ANSWERS {
            answers.clear();
        }
        let answer = judged_plausible(name, has_honorific);
        answers.insert(name.into(), answer);
        answer
    })
}

/// Names whose [`plausible_name`] answer a thread keeps.
const KEPT_ANSWERS: usize = 20_000;

/// [`plausible_name`], worked out.
fn judged_plausible(name: &str, has_honorific: bool) -> bool {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    let Some(first) = tokens.first() else {
        return false;
    };
    if is_not_name(first) || tokens.iter().any(|t| is_not_name(t) && *t != "May") {
        return false;
    }
    if tokens
        .iter()
        .all(|t| t.chars().all(|c| c.is_uppercase() || c == '.') && t.len() > 1)
        && tokens.len() == 1
    {
        return false; // an acronym: "UNDP", "ITU"
    }
    if LEXICON.country(name).is_some()
        || LEXICON.is_known_org(name)
        || crate::extract::descriptor::looks_like_org(name)
    {
        return false;
    }
    if tokens
        .iter()
        .any(|t| LEXICON.is_title_word(t) && !has_honorific)
    {
        return false;
    }
    has_honorific || tokens.len() >= 2
}

/// Title-case an all-capitals surname ("K D S DURR" → "K D S Durr"), and
/// collapse white space; other names keep the document's spelling.
pub fn display_name(name: &str) -> String {
    let name = collapse_spaces(name);
    // Most names have no capitals-only word: they are shown as they are,
    // without a string per word.
    if !name.split(' ').any(in_capitals) {
        return name;
    }
    name.split(' ')
        .map(|t| {
            if in_capitals(t) {
                let mut out = String::new();
                for (i, part) in t.split('-').enumerate() {
                    if i > 0 {
                        out.push('-');
                    }
                    let mut cs = part.chars();
                    if let Some(f) = cs.next() {
                        out.push(f);
                        out.extend(cs.flat_map(char::to_lowercase));
                    }
                }
                out
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a word of a name is written in capitals: two letters or more,
/// none lower-case ("DURR", "JEAN-PAUL"; not "K" or "McDONALD").
fn in_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() > 1 && !word.chars().any(char::is_lowercase)
}

pub fn collapse_spaces(s: &str) -> String {
    collapsed(s).into_owned()
}

/// [`collapse_spaces`] as shared text, copied once: most evidence sentences
/// are single-spaced already, and going through a `String` copied each of
/// them twice.
pub fn collapsed_shared(s: &str) -> Arc<str> {
    Arc::from(collapsed(s))
}

/// `s` single-spaced, borrowed when it already is (most names and
/// sentences are).
fn collapsed(s: &str) -> Cow<'_, str> {
    if single_spaced(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(crate::formats::collapse_ws(s))
    }
}

/// Whether `s` has no white space but single spaces between words: no
/// space at either end, none before another, no other white space. This
/// runs on every evidence sentence, so it reads 32 bytes at a time in a
/// form the compiler vectorises, and looks closer only at a chunk holding
/// a control byte, a space before a space or a byte that may start a
/// non-ASCII white space character.
fn single_spaced(s: &str) -> bool {
    const CHUNK: usize = 32;
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + CHUNK).min(bytes.len());
        let chunk = &bytes[at..end];
        let then = &bytes[at + 1..(end + 1).min(bytes.len())];
        let marked = chunk.iter().fold(0u8, |m, &b| {
            m | u8::from((b < 0x20) | (b == 0xc2) | (b.wrapping_sub(0xe1) < 3))
        });
        let doubled = chunk
            .iter()
            .zip(then)
            .fold(0u8, |m, (&b, &c)| m | u8::from((b == b' ') & (c == b' ')));
        if marked | doubled != 0 && !single_spaced_between(s, at, end) {
            return false;
        }
        at = end;
    }
    true
}

/// [`single_spaced`]'s closer look at bytes `start..end` of `s`.
fn single_spaced_between(s: &str, start: usize, end: usize) -> bool {
    let bytes = s.as_bytes();
    (start..end).all(|i| match bytes[i] {
        b' ' => bytes.get(i + 1) != Some(&b' '),
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => false,
        // U+0085 and U+00A0; U+1680; U+2000 to U+205F; U+3000. Lead bytes
        // only, so `i` is a character boundary.
        0xc2 | 0xe1 | 0xe2 | 0xe3 => !s[i..].starts_with(char::is_whitespace),
        _ => true,
    })
}

/// Case-, accent-, hyphen- and dot-folded tokens, for matching mentions.
pub fn fold_tokens(name: &str) -> Vec<String> {
    fold_latin_tokens(name).unwrap_or_else(|| fold_unicode_tokens(name))
}

/// [`fold_tokens`] of any name.
fn fold_unicode_tokens(name: &str) -> Vec<String> {
    folded_text(name)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The name decomposed (NFKD), without its marks, lower-cased, with
/// apostrophes dropped and every other character that is not a letter or a
/// digit made a space.
fn folded_text(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() {
                c
            } else if c == '\'' || c == '’' {
                '\u{0}'
            } else {
                ' '
            }
        })
        .filter(|&c| c != '\u{0}')
        .collect()
}

/// The characters below [`LATIN_END`]: ASCII, the Latin-1 and Latin
/// Extended blocks, and the combining diacritical marks.
const LATIN_END: u32 = 0x370;

/// [`folded_text`] of each character from U+0080 to [`LATIN_END`].
/// Folding such a name character by character gives what folding it whole
/// gives: decomposition only reorders marks of non-zero combining class,
/// which here are all combining marks and all dropped (unit-tested).
static LATIN_FOLDED: LazyLock<Vec<Box<str>>> = LazyLock::new(|| {
    (0x80..LATIN_END)
        .map(|u| {
            char::from_u32(u).map_or_else(Box::default, |c| {
                folded_text(c.encode_utf8(&mut [0; 4])).into()
            })
        })
        .collect()
});

/// [`fold_tokens`] of a name written in Latin letters (most names, with or
/// without accents), without decomposing it: `None` past them.
fn fold_latin_tokens(name: &str) -> Option<Vec<String>> {
    let mut tokens = Vec::new();
    // Each token is built here and copied out at its exact length: one
    // allocation a token, where growing each from empty took two or three.
    let mut token = String::with_capacity(name.len());
    let mut end = |token: &mut String| {
        if !token.is_empty() {
            tokens.push(token.as_str().to_owned());
            token.clear();
        }
    };
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            token.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // Dropped: "O'Neil" is one token.
        } else if c.is_ascii() {
            end(&mut token);
        } else {
            let folded = LATIN_FOLDED.get((c as u32).checked_sub(0x80)? as usize)?;
            for f in folded.chars() {
                if f == ' ' {
                    end(&mut token);
                } else {
                    token.push(f);
                }
            }
        }
    }
    end(&mut token);
    Some(tokens)
}

/// The gender a pronoun must agree with, from the honorific, if it tells.
pub fn gender_of(honorific: Option<&str>) -> Option<char> {
    let h = honorific?;
    let last = h.split_whitespace().last()?.trim_end_matches('.');
    match last {
        "Mr" | "Sir" | "Lord" | "Mister" | "Shri" | "Herr" | "Señor" | "Sheikh" => Some('m'),
        "Ms" | "Mrs" | "Miss" | "Madam" | "Dame" | "Lady" | "Baroness" | "Smt" | "Frau" | "Mme"
        | "Señora" | "Sheikha" => Some('f'),
        _ if h.contains("Her Excellency") => Some('f'),
        _ if h.contains("His Excellency") => Some('m'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_capitals_are_title_cased_and_others_kept() {
        for (name, shown) in [
            ("K D S DURR", "K D S Durr"),
            ("JEAN-PAUL  SARTRE", "Jean-Paul Sartre"),
            ("Ana\n Lima", "Ana Lima"),
            ("McDONALD", "McDONALD"),
            ("ÉMILE Zola", "Émile Zola"),
            ("Dr. J. K. Smith", "Dr. J. K. Smith"),
            ("", ""),
        ] {
            assert_eq!(display_name(name), shown, "{name:?}");
        }
    }

    /// Kept answers are the worked-out ones, with and without an honorific
    /// (a lone surname is a name only with one), before and after the
    /// thread's answers are forgotten.
    #[test]
    fn kept_answers_equal_judged_ones() {
        let names = [
            "Lima",
            "Ana Lima",
            "UNESCO",
            "The Council",
            "Kenya",
            "Director General",
        ];
        let check = || {
            for name in names {
                for hon in [true, false, true] {
                    assert_eq!(
                        plausible_name(name, hon),
                        judged_plausible(name, hon),
                        "{name} {hon}"
                    );
                }
            }
        };
        check();
        assert!(plausible_name("Lima", true) && !plausible_name("Lima", false));
        for i in 0..KEPT_ANSWERS + 10 {
            plausible_name(&format!("Person Number{i}"), false);
        }
        check();
    }

    #[test]
    fn not_names_are_the_listed_words_exactly() {
        assert!(NOT_NAMES.iter().all(|w| is_not_name(w)));
        for w in ["Maria", "the", "Councils", ""] {
            assert!(!is_not_name(w), "{w}");
        }
    }

    /// The ASCII short cut folds every ASCII string as the decomposing
    /// path does: names, punctuation, apostrophes at either end, digits,
    /// tabs and runs of separators.
    #[test]
    fn ascii_folding_equals_the_unicode_path() {
        let parts = [
            "O'Neil",
            "'Tis",
            "Abd-al Rahman",
            "J.R.R.",
            "K D S DURR",
            "x'",
            "  ",
            "\t",
            "Li Wei",
            "3rd",
            "--",
            "Mc'",
            "UN",
            ",",
            "a",
        ];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in ["", " ", "'", "-", ".", "  x"] {
                    let name = format!("{a}{c}{b}");
                    assert_eq!(
                        fold_latin_tokens(&name).as_ref(),
                        Some(&fold_unicode_tokens(&name)),
                        "{name:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 15 * 15 * 6);
        assert_eq!(fold_tokens("Mr. O'Neil-Smith"), ["mr", "oneil", "smith"]);
    }

    /// Names in Latin letters fold character by character as they do
    /// decomposed whole: every character from U+0080 to U+0370, alone and
    /// inside a name, and marks in every order after letters (decomposition
    /// reorders marks).
    #[test]
    fn latin_names_fold_as_their_decomposition() {
        let same = |name: &str| {
            assert_eq!(
                fold_latin_tokens(name).as_ref(),
                Some(&fold_unicode_tokens(name)),
                "{name:?}"
            );
        };
        for c in (0x80..LATIN_END).filter_map(char::from_u32) {
            for name in [
                c.to_string(),
                format!("Ana{c}Lima"),
                format!("{c}{c} x'{c}"),
            ] {
                same(&name);
            }
        }
        let marks = [
            '\u{301}', '\u{308}', '\u{323}', '\u{327}', '\u{345}', '\u{30c}',
        ];
        for base in [
            'a', 'E', '\u{c5}', '\u{1d6}', '\u{df}', ' ', '\'', '\u{1e9}',
        ] {
            for m1 in marks {
                for m2 in marks {
                    same(&format!("X{base}{m1}{m2}y {m2}"));
                }
            }
        }
        assert_eq!(
            fold_tokens("Jos\u{e9} \u{d1}\u{fa}\u{f1}ez-d\u{2019}Alembert \u{130}lhan"),
            ["jose", "nunez", "dalembert", "ilhan"]
        );
        let greek = "\u{1f08}\u{3b8}\u{3b7}\u{342}\u{3bd}\u{3b1}\u{3b9}";
        assert_eq!(fold_latin_tokens(greek), None);
        assert_eq!(fold_tokens(greek), fold_unicode_tokens(greek));
    }

    /// The DFA-found honorifics and names are the captures', in sentences
    /// holding several, built from every honorific of the lexicon.
    #[test]
    fn honorific_names_agree_with_the_captures() {
        let mut found = 0;
        for h in &LEXICON.honorifics {
            for t in [
                format!("{h} Ana Ruiz and {h} {h} Li Wei spoke."),
                format!("As {h} de la Cruz said to Mr. {h}, {h}"),
                format!("{h}\tJosé  Müller-Lüdenscheidt, then {h} O'Neil"),
            ] {
                let want: Vec<_> = HONORIFIC_NAME
                    .captures_iter(&t)
                    .map(|c| {
                        let all = c.get(0).unwrap();
                        let hon = c.name("hon").unwrap().as_str();
                        (
                            all.start(),
                            all.end(),
                            hon,
                            c.name("name").unwrap().as_str(),
                        )
                    })
                    .collect();
                assert_eq!(honorific_names(&t), want, "{t:?}");
                found += want.len();
            }
        }
        assert!(found > 1000, "{found}");
    }

    /// The short cut agrees with the captures on honorific-led, bare and
    /// broken names built from every honorific of the lexicon.
    #[test]
    fn whole_name_parts_agree_with_the_captures() {
        fn captured(t: &str) -> Option<(Option<&str>, &str)> {
            let c = WHOLE_NAME.captures(t)?;
            Some((c.name("hon").map(|h| h.as_str()), c.name("name")?.as_str()))
        }
        let names = [
            "Ana Ruiz",
            "José de la Cruz",
            "Li",
            "O'Neil-Smith",
            "ana ruiz",
            "Mr",
        ];
        let mut tried = 0;
        let mut with_honorific = 0;
        for h in LEXICON.honorifics.iter().chain([&String::new()]) {
            for n in names {
                for t in [
                    format!("{h} {n}"),
                    format!("{h}{n}"),
                    format!("{h} {h} {n}"),
                    n.to_string(),
                ] {
                    let want = captured(&t);
                    assert_eq!(whole_name_parts(&t), want, "{t:?}");
                    tried += 1;
                    with_honorific += usize::from(want.is_some_and(|w| w.0.is_some()));
                }
            }
        }
        assert!(
            tried > 1000 && with_honorific > 300,
            "{tried} {with_honorific}"
        );
    }

    /// The one-pass test against its definition, over every string of up
    /// to five characters from spaces, other white space and letters.
    #[test]
    fn single_spaced_is_no_edge_double_or_other_white_space() {
        let alphabet = [
            'a', ' ', '\t', '\u{a0}', 'é', '\r', '\x1f', '\u{2003}', '\u{3000}', '\u{85}',
            '\u{2090}', '\u{1680}',
        ];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = strings
                .iter()
                .filter(|s| s.chars().count() == strings.last().unwrap().chars().count())
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        assert_eq!(strings.len(), 271_453);
        let defined = |s: &str| {
            !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && !s.chars().any(|c| c.is_whitespace() && c != ' ')
        };
        for s in &strings {
            assert_eq!(single_spaced(s), defined(s), "{s:?}");
        }
        // Across the 32-byte chunks: the short strings at the end of the
        // first chunk, straddling it and at the start of the second.
        for s in strings.iter().filter(|s| s.chars().count() <= 3) {
            for pad in 26..34 {
                let long = format!("{}{s}", &"ab c".repeat(20)[..pad]);
                assert_eq!(single_spaced(&long), defined(&long), "{long:?}");
                let both = format!("{long}x{s}");
                assert_eq!(single_spaced(&both), defined(&both), "{both:?}");
            }
        }
    }

    /// The shared text is what `collapse_spaces` returns, single-spaced
    /// or not.
    #[test]
    fn collapsed_shared_is_collapse_spaces() {
        for s in [
            "",
            " ",
            "Ms. Ana Ruiz said so.",
            "Ms.  Ana Ruiz\tsaid\nso. ",
            "\u{a0}Jos\u{e9} M\u{fc}ller\u{2003}spoke",
            "Li Wei",
        ] {
            assert_eq!(&*collapsed_shared(s), collapse_spaces(s), "{s:?}");
        }
    }

    #[test]
    fn parse_person_table() {
        type Case<'a> = (&'a str, Option<(Option<&'a str>, &'a str)>);
        let cases: &[Case] = &[
            (
                "H.E. Mr. Hiroshi Yoshida",
                Some((Some("H.E. Mr."), "Hiroshi Yoshida")),
            ),
            (
                "Ms. Doreen Bogdan-Martin",
                Some((Some("Ms."), "Doreen Bogdan-Martin")),
            ),
            (
                "Amb. Thomas Schneider",
                Some((Some("Amb."), "Thomas Schneider")),
            ),
            (
                "Her Excellency May-Elin Stener",
                Some((Some("Her Excellency"), "May-Elin Stener")),
            ),
            ("Mr K D S DURR", Some((Some("Mr"), "K D S Durr"))),
            ("Lynne Neagle AM", Some((None, "Lynne Neagle"))),
            ("Dr. J. K. Smith", Some((Some("Dr."), "J. K. Smith"))),
            (
                "Prof. Dr. Ana van der Berg",
                Some((Some("Prof. Dr."), "Ana van der Berg")),
            ),
            ("Chris d'Entremont", Some((None, "Chris d'Entremont"))),
            ("Barbara O'Brien", Some((None, "Barbara O'Brien"))),
            ("Dr. Ramanand", Some((Some("Dr."), "Ramanand"))),
            ("Ramanand", None),
            ("UNDP", None),
            ("The Chair", None),
            ("Japan", None),
            ("Chief Digital Officer", None),
        ];
        for (text, expected) in cases {
            let got = parse_person(text).map(|p| (p.honorific, p.name));
            let expected = expected.map(|(h, n)| (h.map(str::to_string), n.to_string()));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold_tokens("Bogdan-Martin"), ["bogdan", "martin"]);
        assert_eq!(
            fold_tokens("Agnė Vaiciukevičiūtė"),
            ["agne", "vaiciukeviciute"]
        );
        assert_eq!(fold_tokens("d'Entremont"), ["dentremont"]);
    }

    #[test]
    fn honorific_name_finds_names_in_running_text() {
        let text = "a video message from Mr. Yoshio Utsumi, former Secretary-General";
        let c = HONORIFIC_NAME.captures(text).unwrap();
        assert_eq!((&c["hon"], &c["name"]), ("Mr.", "Yoshio Utsumi"));
    }
}
