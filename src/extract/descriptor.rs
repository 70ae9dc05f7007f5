//! Splitting "Vice Minister of the Ministry of …, Japan" into title,
//! organisation and country.
//!
//! Introductions put these in many orders; we read them by the words that
//! join them: a trailing ", Country" or "from Country"; " at " and
//! " representing " before an organisation; " of " only when what follows
//! reads as an organisation ("Minister of the Ministry of…", "Secretary-General
//! of ITU") and not as a portfolio ("Director of International Affairs");
//! commas between a title and an organisation.

use crate::lexicon::LEXICON;
use crate::util::{last_splits, trim_start_str};

/// Title, organisation and country read from a descriptor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Descriptor {
    pub title: Option<String>,
    pub organization: Option<String>,
    pub country: Option<String>,
}

/// Words that begin an organisation's name.
const ORG_HEADS: &[&str] = &[
    "Ministry",
    "Department",
    "Office",
    "Agency",
    "Association",
    "Organization",
    "Organisation",
    "Union",
    "Council",
    "Commission",
    "Committee",
    "Bank",
    "Institute",
    "Institution",
    "University",
    "Foundation",
    "Federal",
    "National",
    "Government",
    "Centre",
    "Center",
    "Authority",
    "Board",
    "Bureau",
    "Secretariat",
    "Fund",
    "Programme",
    "Program",
    "Forum",
    "Chamber",
    "Society",
    "Company",
    "Group",
    "Corporation",
    "League",
    "Network",
    "Alliance",
    "Coalition",
    "Federation",
    "Parliament",
    "Assembly",
    "Senate",
    "House",
    "Court",
    "Embassy",
    "Mission",
    "Permanent",
    "World",
    "United",
    "European",
    "African",
    "Asian",
    "Inter-American",
    "Internet",
    "Global",
    "Regional",
    "Royal",
    "State",
    "City",
    "Municipality",
    "School",
    "College",
    "Academy",
    "Trust",
    "Initiative",
    "Partnership",
    "Project",
    "Platform",
    "Inc",
];

/// Read a descriptor (the words that introduce a person after their name).
pub fn parse_descriptor(raw: &str) -> Descriptor {
    let mut d = Descriptor::default();
    let mut rest = clean(raw).to_string();
    if rest.is_empty() {
        return d;
    }
    if let Some((head, country)) = trailing_country(&rest) {
        d.country = Some(country);
        rest = clean(&head).to_string();
    }
    // "representing the Civic Code Collective": an organisation alone.
    for lead in [
        "representing the ",
        "representing ",
        "on behalf of the ",
        "on behalf of ",
    ] {
        let org = rest.strip_prefix(lead).map(clean_org);
        if let Some(org) = org.filter(|o| o.chars().next().is_some_and(char::is_uppercase)) {
            d.organization = Some(org);
            return d;
        }
    }
    let (title, org) = split_title_org(&rest);
    d.title = title
        .map(|t| clean(&t).to_string())
        .filter(|t| !t.is_empty());
    d.organization = org.map(|o| clean_org(&o)).filter(|o| !o.is_empty());
    if d.country.is_none() {
        d.country = LEXICON
            .countries_in(&rest)
            .first()
            .map(|&(_, _, c)| c.to_string());
    }
    d
}

fn clean(s: &str) -> &str {
    s.trim().trim_matches(|c: char| {
        matches!(c, ',' | ';' | ':' | '.' | '-' | '*' | '_') || c.is_whitespace()
    })
}

fn clean_org(s: &str) -> String {
    let s = clean(s);
    let s = s.strip_prefix("the ").unwrap_or(s);
    s.to_string()
}

/// "…, Japan", "… from Kyrgyzstan", "… (Switzerland)" at the end.
fn trailing_country(s: &str) -> Option<(String, String)> {
    let seps = [", ", " from ", " of "];
    for (sep, split) in seps.into_iter().zip(last_splits(s, seps)) {
        if let Some((head, tail)) = split {
            let tail = trim_start_str(tail.trim(), "the ");
            if let Some(c) = LEXICON.country(tail) {
                if sep == " of " && LEXICON.looks_like_title(head) && !head.contains(',') {
                    // "Ambassador of Norway": the country belongs to the title.
                    return None;
                }
                if sep == " of " && names_a_state_body(head) {
                    // "…, Government of Vanuatu": the country is named, and
                    // so is the body it belongs to.
                    return Some((s.to_string(), c.to_string()));
                }
                return Some((head.to_string(), c.to_string()));
            }
        }
    }
    None
}

/// "Government", "Embassy", "Permanent Mission": the last word before
/// " of Country" names a body of that state.
fn names_a_state_body(head: &str) -> bool {
    let last = head.rsplit([',', ' ']).next().unwrap_or("");
    matches!(
        last,
        "Government"
            | "Embassy"
            | "Mission"
            | "Parliament"
            | "Republic"
            | "Kingdom"
            | "Presidency"
            | "Senate"
            | "Assembly"
            | "Court"
            | "Bank"
            | "University"
    )
}

fn split_title_org(s: &str) -> (Option<String>, Option<String>) {
    let seps = [
        " at the ",
        " at ",
        " representing the ",
        " representing ",
        " with the ",
        " on behalf of the ",
        " on behalf of ",
    ];
    for (head, tail) in last_splits(s, seps).into_iter().flatten() {
        if LEXICON.looks_like_title(head) {
            return (Some(head.to_string()), Some(tail.to_string()));
        }
    }
    // "Title, Organisation" — unless the commas list a portfolio
    // ("Director of Banking, Investments, and Debt").
    let parts: Vec<&str> = s.split(", ").collect();
    if parts.len() >= 2
        && !parts
            .last()
            .is_some_and(|p| p.starts_with("and ") || p.starts_with("& "))
    {
        let title_end = parts
            .iter()
            .rposition(|p| LEXICON.looks_like_title(p) && !looks_like_org(p));
        if let Some(i) = title_end {
            if i + 1 < parts.len() {
                let title = parts[..=i].join(", ");
                return (Some(title), Some(parts[i + 1..].join(", ")));
            }
        }
        if looks_like_org(parts[0]) && !LEXICON.looks_like_title(parts[0]) {
            let title = parts[1..].join(", ");
            return (
                LEXICON.looks_like_title(&title).then_some(title),
                Some(parts[0].to_string()),
            );
        }
    }
    if let Some((title, org)) = split_of(s) {
        return (Some(title), Some(org));
    }
    // "GSMA representative", "TM Forum representative": an organisation's title.
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() >= 2 && LEXICON.is_title_word(words[words.len() - 1]) {
        let head = words[..words.len() - 1].join(" ");
        let head_is_org =
            is_acronym(words[0]) || LEXICON.is_known_org(&head) || looks_like_org(&head);
        if head_is_org && !LEXICON.looks_like_title(&head) {
            return (Some(s.to_string()), Some(head));
        }
    }
    if LEXICON.looks_like_title(s) && !looks_like_org(s) {
        (Some(s.to_string()), None)
    } else {
        (None, Some(s.to_string()))
    }
}

/// "Vice Minister of the Ministry of X" → ("Vice Minister", "Ministry of X").
fn split_of(s: &str) -> Option<(String, String)> {
    let mut from = 0;
    while let Some(at) = s[from..].find(" of ") {
        let at = from + at;
        let head = &s[..at];
        let tail = trim_start_str(&s[at + 4..], "the ");
        if !LEXICON.title_spans(s, at, at + 4)
            && LEXICON.looks_like_title(head)
            && (looks_like_org(tail) || is_acronym(first_word(tail)))
        {
            return Some((head.to_string(), tail.to_string()));
        }
        from = at + 4;
    }
    None
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

fn is_acronym(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    w.len() >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && w.chars().any(char::is_alphabetic)
}

/// Whether a phrase reads as an organisation's name.
pub fn looks_like_org(s: &str) -> bool {
    let s = trim_start_str(s.trim(), "the ");
    let first = first_word(s);
    if LEXICON.is_title_word(s) || starts_with_title(s) {
        return false; // "COO"; "Director of Data Services"; "Programme Manager"
    }
    LEXICON.is_known_org(s)
        || ORG_HEADS.contains(&first)
        || (is_acronym(first) && s.split_whitespace().count() <= 4)
        || s.split_whitespace().any(|w| {
            matches!(
                w,
                "Committee"
                    | "Lab"
                    | "Laboratory"
                    | "Service"
                    | "Authority"
                    | "Board"
                    | "Bureau"
                    | "Secretariat"
                    | "Network"
                    | "Alliance"
                    | "Coalition"
                    | "Federation"
                    | "Group"
                    | "Fund"
                    | "Ministry"
                    | "Association"
                    | "Foundation"
                    | "Institute"
                    | "University"
                    | "Inc."
                    | "Ltd"
                    | "Ltd."
                    | "LLC"
                    | "AG"
                    | "GmbH"
                    | "Bank"
                    | "Agency"
                    | "Office"
                    | "Department"
                    | "Commission"
                    | "Council"
                    | "Corporation"
                    | "Company"
                    | "Organization"
                    | "Organisation"
                    | "Centre"
                    | "Center"
                    | "Forum"
                    | "Union"
                    | "Services"
                    | "Law"
                    | "Team"
                    | "Regulator"
                    | "Observatory"
                    | "Collective"
                    | "Consortium"
                    | "Cooperative"
                    | "Trust"
            )
        })
}

/// "Director of …", "Programme Manager", "Permanent Representative of …":
/// the phrase opens with a job title (its first word, or its first two
/// words, naming one), or, short, ends with one.
fn starts_with_title(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let qualifiers = [
        "Chief",
        "Head",
        "Senior",
        "Deputy",
        "Executive",
        "Principal",
        "Acting",
        "Interim",
        "Assistant",
        "Associate",
        "Vice",
        "Junior",
    ];
    let title_word = |w: &str| LEXICON.is_title_word(w) && !qualifiers.contains(&w);
    let head_of =
        matches!(*first, "Head" | "Chief" | "Director" | "Deputy") && words.get(1) == Some(&"of");
    title_word(first)
        || head_of
        || words.len() >= 2 && title_word(words[1]) && !LEXICON.is_known_org(&words[..2].join(" "))
        || words.len() <= 4 && words.last().is_some_and(|w| title_word(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(t: Option<&str>, o: Option<&str>, c: Option<&str>) -> Descriptor {
        Descriptor {
            title: t.map(Into::into),
            organization: o.map(Into::into),
            country: c.map(Into::into),
        }
    }

    #[test]
    fn table() {
        let cases = [
            ("Vice Minister of the Ministry of Internal Affairs and Communications, Japan",
             d(Some("Vice Minister"), Some("Ministry of Internal Affairs and Communications"), Some("Japan"))),
            ("Chief Digital Officer at UNDP", d(Some("Chief Digital Officer"), Some("UNDP"), None)),
            ("Senior Advisor on internet governance, policy advocacy, and strategic planning at the Association for Progressive Communications",
             d(Some("Senior Advisor on internet governance, policy advocacy, and strategic planning"), Some("Association for Progressive Communications"), None)),
            ("Ambassador and Director of International Affairs at the Federal Office of Communications (OFCOM), Switzerland",
             d(Some("Ambassador and Director of International Affairs"), Some("Federal Office of Communications (OFCOM)"), Some("Switzerland"))),
            ("Youth Envoy representing ITU Generation Connect from Kyrgyzstan",
             d(Some("Youth Envoy"), Some("ITU Generation Connect"), Some("Kyrgyzstan"))),
            ("Secretary-General of ITU", d(Some("Secretary-General"), Some("ITU"), None)),
            ("Strategy and Policy Coordinator, ITU", d(Some("Strategy and Policy Coordinator"), Some("ITU"), None)),
            ("Managing Director and Chief Executive Officer, Yotta Data Services",
             d(Some("Managing Director and Chief Executive Officer"), Some("Yotta Data Services"), None)),
            ("Director of Banking, Investments, and Debt", d(Some("Director of Banking, Investments, and Debt"), None, None)),
            ("UNFPA", d(None, Some("UNFPA"), None)),
            ("Asian Development Bank", d(None, Some("Asian Development Bank"), None)),
            ("Secretary of State for Education and Research, Republic of Korea",
             d(Some("Secretary of State for Education and Research"), None, Some("Republic of Korea"))),
            ("Minister of State for Digital Affairs, Ministry of Finance, Norway",
             d(Some("Minister of State for Digital Affairs"), Some("Ministry of Finance"), Some("Norway"))),
            ("representing the Civic Code Collective", d(None, Some("Civic Code Collective"), None)),
            ("Head of Spectrum, Tonga Communications Regulator",
             d(Some("Head of Spectrum"), Some("Tonga Communications Regulator"), Some("Tonga"))),
            ("Minister of Internal Affairs, Government of Vanuatu",
             d(Some("Minister of Internal Affairs"), Some("Government of Vanuatu"), Some("Vanuatu"))),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_descriptor(text), expected, "{text:?}");
        }
    }
}
