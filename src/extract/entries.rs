//! One introduction written as a list line or label: "Name, Title, Org",
//! "Name (Org)", "Name (RGr), Org [MF] - Title", "Name - (Org) Title",
//! "Title Name (Org)".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::descriptor::{looks_like_org, parse_descriptor, Descriptor};
use crate::extract::names::{parse_person, PersonName, NAME_CORE};
use crate::extract::people::Role;
use crate::lexicon::LEXICON;

/// A person read from a list line or label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub person: Option<PersonName>,
    pub descriptor: Descriptor,
    pub initials: Option<String>,
    pub alias: Option<String>,
    /// Parenthesised role notes: "(Chair)", "(Vice Chair)".
    pub note: Option<String>,
    /// Byte length of the name part, from the start of the trimmed entry.
    pub name_len: usize,
}

static ALT_FIRST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"^(\p{{Lu}}[\p{{Ll}}\p{{M}}]+) \((\p{{Lu}}[\p{{Ll}}\p{{M}}]+)\) ({})",
        &*NAME_CORE
    ))
    .unwrap()
});
static BRACKET_ABBR: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(r"\s*\[[^\]]{1,12}\]").unwrap());

/// Separators that end the name part of an entry.
const SEPARATORS: &[&str] = &[
    ", ",
    " (",
    " - ",
    " – ",
    " | ",
    ": ",
    " of ",
    " from ",
    " at ",
    "; ",
    " representing ",
];

/// Where a separator starts in `s`, each separator's occurrences as
/// `match_indices` gives them, in order, then `s.len()`. One pass over the
/// bytes that can open a separator, where a search per separator set up
/// eleven searchers for every entry.
fn separator_cuts(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    // Where each separator's last occurrence ends: `match_indices` does not
    // overlap them (" - - " holds one " - ").
    let mut ends = [0usize; SEPARATORS.len()];
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b' ' | b',' | b':' | b';') {
            continue;
        }
        let mut cut = false;
        for (end, sep) in ends.iter_mut().zip(SEPARATORS) {
            if i >= *end && bytes[i..].starts_with(sep.as_bytes()) {
                *end = i + sep.len();
                cut = true;
            }
        }
        if cut {
            cuts.push(i);
        }
    }
    cuts.push(s.len());
    cuts
}

/// Read a list entry; `None` when it does not start with a person's name.
pub fn parse_entry(raw: &str) -> Option<Entry> {
    parse_entry_with(raw, false)
}

/// Like [`parse_entry`], but a single capitalised word counts as a name:
/// attendance lists often give surnames only ("Vetaw, Osman, Cashman (Chair)").
pub fn parse_list_entry(raw: &str) -> Option<Entry> {
    parse_entry_with(raw, true)
}

fn parse_entry_with(raw: &str, allow_single: bool) -> Option<Entry> {
    let s = clean_entry(raw);
    if let Some(c) = ALT_FIRST_NAME.captures(&s) {
        // "Toshi (Toshiyasu) Wakayama": the fuller first name in brackets.
        let name = format!("{} {}", &c[2], &c[3]);
        let person = parse_person(&name)?;
        let rest = s[c.get(0)?.end()..].to_string();
        let mut entry = parse_rest(&rest, person, c.get(0)?.end());
        entry.alias = Some(c[1].to_string());
        return Some(entry);
    }
    if let Some((org, rest)) = s.split_once(" - ") {
        // "KMA - Sungsoo Do (SD) representing …": an acronym, then the person.
        let acronym = org.len() <= 8
            && org.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            && org.len() >= 2;
        if acronym {
            if let Some(mut e) = parse_entry_with(rest, allow_single) {
                e.descriptor
                    .organization
                    .get_or_insert_with(|| org.to_string());
                return Some(e);
            }
        }
    }
    let cuts = separator_cuts(&s);
    for &cut in &cuts {
        if let Some(person) = parse_person(&s[..cut]) {
            return Some(parse_rest(&s[cut..], person, cut));
        }
    }
    if allow_single {
        let cut = cuts[0];
        if let Some(name) = single_name(&s[..cut]) {
            return Some(parse_rest(
                &s[cut..],
                PersonName {
                    honorific: None,
                    name,
                },
                cut,
            ));
        }
    }
    title_first(&s)
}

/// A lone capitalised word that can be a surname or first name.
fn single_name(s: &str) -> Option<String> {
    let w = s.trim();
    let ok = !w.contains(char::is_whitespace)
        && w.chars().count() >= 3
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && crate::extract::names::plausible_name(&format!("{w} {w}"), false);
    ok.then(|| w.to_string())
}

/// "Council Member Osman (Ward 6)": a title before the name.
fn title_first(s: &str) -> Option<Entry> {
    let words: Vec<&str> = s.split_whitespace().collect();
    for k in 1..words.len().min(4) {
        let title = words[..k].join(" ");
        if !LEXICON.looks_like_title(&title) {
            continue;
        }
        let rest = words[k..].join(" ");
        let name_part = rest.split([',', '(']).next().unwrap_or("").trim();
        let single = name_part.split_whitespace().count() == 1;
        let person = parse_person(name_part).or_else(|| {
            (single
                && name_part.chars().next().is_some_and(char::is_uppercase)
                && name_part.len() > 2)
                .then(|| PersonName {
                    honorific: None,
                    name: name_part.to_string(),
                })
        })?;
        let mut entry = parse_rest(&rest[name_part.len()..], person, s.len());
        entry.descriptor.title.get_or_insert(title);
        return Some(entry);
    }
    None
}

fn clean_entry(raw: &str) -> String {
    let s = raw
        .trim()
        .trim_start_matches("-->")
        .trim_start_matches("->")
        .trim();
    let s = s.replace("**", "").replace("__", "");
    let s = BRACKET_ABBR.replace_all(&s, "");
    s.trim().trim_end_matches(['.', ';', ',']).to_string()
}

fn parse_rest(rest: &str, person: PersonName, name_len: usize) -> Entry {
    let mut entry = Entry {
        person: Some(person),
        name_len,
        ..Entry::default()
    };
    let mut rest = rest.trim_start();
    // Parenthesised initials, notes or organisation right after the name.
    while let Some(inner) = rest.strip_prefix('(') {
        let Some(close) = matching_paren(inner) else {
            break;
        };
        let p = inner[..close].trim();
        rest = inner[close + 1..].trim_start();
        if is_initials(
            p,
            &entry
                .person
                .as_ref()
                .map_or(String::new(), |x| x.name.clone()),
        ) {
            entry.initials = Some(p.to_string());
        } else if is_role_note(p) {
            if LEXICON.looks_like_title(p) {
                entry.descriptor.title.get_or_insert(p.to_string());
            }
            entry.note = Some(p.to_string());
        } else if let Some(c) = LEXICON.country(p) {
            entry.descriptor.country = Some(c.to_string());
        } else if LEXICON.looks_like_title(p) && !looks_like_org(p) {
            entry.descriptor.title = Some(p.to_string());
        } else if p.contains(", ") && !looks_like_org(p) {
            // "(Constituency, Party)" in parliamentary labels.
            entry.descriptor.organization = p.rsplit(", ").next().map(str::to_string);
        } else {
            entry.descriptor.organization = Some(p.to_string());
        }
    }
    let mut rest = rest
        .trim_start_matches([',', '-', '–', '|', ':', ';'])
        .trim();
    if let Some(open) = rest.rfind(" (") {
        if rest.ends_with(')') && is_role_note(&rest[open + 2..rest.len() - 1]) {
            entry
                .note
                .get_or_insert_with(|| rest[open + 2..rest.len() - 1].to_string());
            rest = rest[..open].trim_end();
        }
    }
    let rest = rest
        .strip_prefix("of the ")
        .or_else(|| rest.strip_prefix("of "))
        .unwrap_or(rest);
    let rest = rest
        .strip_prefix("from the ")
        .or_else(|| rest.strip_prefix("from "))
        .unwrap_or(rest);
    if rest.is_empty() {
        return entry;
    }
    // "(Deutsche Telekom AG) Active Maintainer, TSC chair"
    if let Some(inner) = rest.strip_prefix('(') {
        if let Some(close) = matching_paren(inner) {
            entry
                .descriptor
                .organization
                .get_or_insert(inner[..close].trim().to_string());
            let title = inner[close + 1..].trim();
            if !title.is_empty() {
                entry.descriptor.title.get_or_insert(title.to_string());
            }
            return entry;
        }
    }
    // "Météo France - Managing Director: Chairperson"
    if let Some((left, right)) = rest.split_once(" - ") {
        if LEXICON.looks_like_title(right) {
            let d = parse_descriptor(left);
            entry.descriptor.organization = entry
                .descriptor
                .organization
                .take()
                .or(d.organization)
                .or(d.title);
            entry
                .descriptor
                .title
                .get_or_insert(right.trim().to_string());
            entry.descriptor.country = entry.descriptor.country.take().or(d.country);
            return entry;
        }
    }
    let d = parse_descriptor(rest);
    entry.descriptor.title = entry.descriptor.title.take().or(d.title);
    entry.descriptor.organization = entry.descriptor.organization.take().or(d.organization);
    entry.descriptor.country = entry.descriptor.country.take().or(d.country);
    entry
}

/// Index of the `)` that closes a `(` just before `s`.
pub fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// "(RGr)" after "Rémy Giraud": capitals drawn from the name's initials,
/// unlike "(GSMA)" or "(ANC)", which name an organisation.
fn is_initials(p: &str, name: &str) -> bool {
    let n = p.chars().count();
    let firsts: Vec<String> = crate::extract::names::fold_tokens(name)
        .iter()
        .filter_map(|t| t.chars().next().map(|c| c.to_string()))
        .collect();
    (2..=4).contains(&n)
        && p.chars().all(char::is_alphabetic)
        && p.chars().next().is_some_and(char::is_uppercase)
        && p.chars().filter(|c| c.is_uppercase()).count() >= 2
        && p.chars()
            .filter(|c| c.is_uppercase())
            .all(|c| firsts.contains(&c.to_lowercase().to_string()))
}

fn is_role_note(p: &str) -> bool {
    let l = p.to_lowercase();
    matches!(
        l.as_str(),
        "chair"
            | "chairperson"
            | "vice chair"
            | "vice-chair"
            | "co-chair"
            | "moderator"
            | "rapporteur"
            | "secretary"
            | "treasurer"
            | "president"
            | "vice president"
            | "partly"
            | "remote"
            | "remotely"
            | "online"
            | "virtual"
            | "in person"
            | "absent"
            | "apologies"
            | "observer"
            | "guest"
            | "keynote"
            | "presenter"
    ) || l.starts_with("standin")
        || l.starts_with("stand-in")
        || l.starts_with("substitut")
        || l.starts_with("for ")
        || l.starts_with("on behalf")
        || session_part(&l).is_some()
}

/// The part a parenthetical gives someone in the session: "(Online
/// moderator)", "(Keynote speaker)", "(Session organiser)": a part noun
/// with at most a few words saying how or where. `Some(None)` is a part
/// with no role of its own in the dataset (organiser, note-taker).
pub fn session_part(note: &str) -> Option<Option<Role>> {
    const HOW: &[&str] = &[
        "online",
        "remote",
        "virtual",
        "onsite",
        "on-site",
        "in-person",
        "session",
        "lead",
        "main",
        "guest",
        "opening",
        "closing",
        "special",
        "invited",
        "workshop",
        "panel",
        "co",
        "deputy",
        "vice",
        "keynote",
    ];
    let l = note.to_lowercase();
    let words: Vec<&str> = l.split_whitespace().collect();
    let (last, how) = words.split_last()?;
    if how.len() > 3 || !how.iter().all(|w| HOW.contains(w)) {
        return None;
    }
    let vice = how.iter().any(|w| matches!(*w, "vice" | "deputy"));
    let keynote = how.contains(&"keynote") || words.first() == Some(&"keynote");
    let role = match *last {
        "moderator" | "co-moderator" | "facilitator" | "co-facilitator" | "host" | "co-host" => {
            Some(Role::Moderator)
        }
        "chair" | "co-chair" | "chairperson" | "chairman" | "chairwoman" => Some(Role::Chair),
        "keynote" => Some(Role::Keynote),
        "speaker" if keynote => Some(Role::Keynote),
        "panellist" | "panelist" => Some(Role::Panellist),
        "speaker" | "presenter" | "discussant" | "respondent" | "commentator" => {
            Some(Role::Speaker)
        }
        "organiser" | "organizer" | "note-taker" | "notetaker" | "rapporteur" | "reporter"
        | "vice-chair" => None,
        _ => return None,
    };
    Some(if vice { None } else { role })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_cuts_equal_a_search_per_separator() {
        let reference = |s: &str| {
            let mut cuts: Vec<usize> = SEPARATORS
                .iter()
                .flat_map(|sep| s.match_indices(sep).map(|(i, _)| i))
                .collect();
            cuts.push(s.len());
            cuts.sort_unstable();
            cuts.dedup();
            cuts
        };
        let mut pieces: Vec<&str> = SEPARATORS.to_vec();
        pieces.extend(["", "Ana", " ", "-", "é", " of of ", " - - ", ",", "of"]);
        for a in &pieces {
            for b in &pieces {
                for c in &pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(separator_cuts(&s), reference(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn session_parts_in_parentheses() {
        let cases = [
            ("Online moderator", Some(Some(Role::Moderator))),
            ("Keynote speaker", Some(Some(Role::Keynote))),
            ("Co-chair", Some(Some(Role::Chair))),
            ("Vice Chair", Some(None)),
            ("Session organiser", Some(None)),
            ("Panellist", Some(Some(Role::Panellist))),
            ("Host", Some(Some(Role::Moderator))),
            ("Respondent", Some(Some(Role::Speaker))),
            ("Ministry of Foreign Affairs", None),
            ("Former moderator of the forum", None),
        ];
        for (note, want) in cases {
            assert_eq!(session_part(note), want, "{note}");
        }
    }

    fn read(
        raw: &str,
    ) -> (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
        let e = parse_list_entry(raw).unwrap_or_else(|| panic!("no entry in {raw:?}"));
        let p = e.person.unwrap();
        (
            p.name,
            p.honorific,
            e.descriptor.title,
            e.descriptor.organization,
            e.initials.or(e.note),
        )
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn table() {
        let cases = [
            (
                "Nasubo Ongoma, COO, Qhala",
                ("Nasubo Ongoma".into(), None, s("COO"), s("Qhala"), None),
            ),
            (
                "Ms. Carolyn Florey, Asian Development Bank",
                (
                    "Carolyn Florey".into(),
                    s("Ms."),
                    None,
                    s("Asian Development Bank"),
                    None,
                ),
            ),
            (
                "Rémy Giraud (RGr), Météo France [MF] - Managing Director: Chairperson",
                (
                    "Rémy Giraud".into(),
                    None,
                    s("Managing Director: Chairperson"),
                    s("Météo France"),
                    s("RGr"),
                ),
            ),
            (
                "Herbert Damker - (Deutsche Telekom AG) Active Maintainer, TSC chair",
                (
                    "Herbert Damker".into(),
                    None,
                    s("Active Maintainer, TSC chair"),
                    s("Deutsche Telekom AG"),
                    None,
                ),
            ),
            (
                "Casey Cain (Linux Foundation)",
                ("Casey Cain".into(), None, None, s("Linux Foundation"), None),
            ),
            (
                "Cashman (Chair)",
                ("Cashman".into(), None, s("Chair"), None, s("Chair")),
            ),
            (
                "Mr. Garnett Genuis (Sherwood Park, CPC)",
                ("Garnett Genuis".into(), s("Mr."), None, s("CPC"), None),
            ),
            (
                "Kari Sheets (KS) of the National Weather Service [NWS]",
                (
                    "Kari Sheets".into(),
                    None,
                    None,
                    s("National Weather Service"),
                    s("KS"),
                ),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(read(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn alternative_first_name_in_brackets() {
        let e = parse_entry("Toshi (Toshiyasu) Wakayama - (KDDI) Active Maintainer").unwrap();
        assert_eq!(e.person.unwrap().name, "Toshiyasu Wakayama");
        assert_eq!(e.alias.as_deref(), Some("Toshi"));
        assert_eq!(e.descriptor.organization.as_deref(), Some("KDDI"));
    }

    #[test]
    fn not_a_person() {
        assert_eq!(
            parse_entry("Update on street lighting copper wire theft"),
            None
        );
        assert_eq!(parse_entry("https://www.itu.int/x"), None);
    }
}
