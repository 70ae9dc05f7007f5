//! From the people found to the speaker, attendee and statement tables.

use crate::extract::people::{role_from_title, Role};
use crate::extract::speakers::SpeakerFinding;
use crate::extract::Doc;
use crate::model::{Attendee, Field, Meeting, Speaker, Statement};

/// Speakers (people who take the floor, then delegations), attendees, and
/// for each person the speaker id they became (0 = not a speaker).
pub fn speakers_and_attendees(
    doc: &Doc<'_>,
    found: &SpeakerFinding,
    meeting: &Meeting,
) -> (Vec<Speaker>, Vec<Attendee>, Vec<usize>) {
    let people = &found.people.people;
    let mut order: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].speaks_at.is_some())
        .collect();
    order.sort_by_key(|&i| (people[i].first_at, i));
    let mut ids = vec![0; people.len()];
    let panel_session = meeting
        .title
        .as_ref()
        .is_some_and(|t| t.value.to_lowercase().starts_with("panel"));
    let body = meeting.title.as_ref().and_then(|t| body_in_title(&t.value));
    let home = legislature_country(doc);
    let acronyms = acronyms_defined(doc.text);
    let expand = |org: String| match acronyms.iter().find(|(a, _)| *a == org) {
        Some((a, full)) => format!("{full} ({a})"),
        None => org,
    };
    let mut speakers = Vec::new();
    for &i in &order {
        let p = &people[i];
        let id = speakers.len() + 1;
        ids[i] = id;
        let role = p
            .role
            .as_ref()
            .map(|(r, _)| *r)
            .or_else(|| role_from_title(p.title.as_ref().map(|f| f.value.as_str())));
        let role = match role {
            Some(r) => r,
            None if panel_session => Role::Panellist,
            None => Role::Speaker,
        };
        let mut evidence = Vec::new();
        evidence.extend(p.name_evidence.iter().map(|f| named(f, "name")));
        evidence.extend(p.title.iter().map(|f| named(f, "title")));
        evidence.extend(p.organization.iter().map(|f| named(f, "organization")));
        evidence.extend(p.country.iter().map(|f| named(f, "country")));
        evidence.extend(p.role.iter().map(|(_, f)| named(f, "role")));
        let mut aliases: Vec<String> = p
            .aliases
            .iter()
            .filter(|a| **a != p.name)
            .cloned()
            .collect();
        aliases.sort();
        speakers.push(Speaker {
            id,
            name: Some(p.name.clone()),
            aliases,
            honorific: p.honorific.clone(),
            title: p.title.as_ref().map(|f| f.value.clone()),
            organization: p
                .organization
                .as_ref()
                .map(|f| expand(f.value.clone()))
                .or_else(|| (role == Role::Chair).then(|| body.clone()).flatten()),
            country: p
                .country
                .as_ref()
                .map(|f| f.value.clone())
                .or_else(|| home.clone()),
            role: Some(role.name().to_string()),
            section: doc.section_title(p.section),
            mentions: p.mentions,
            evidence,
        });
    }
    for (value, is_country, span, sentence) in &found.delegations {
        let ev = doc.evidence(*span, *sentence);
        let field = Field {
            field: "delegation",
            value: value.clone(),
            rule: "delegation",
            evidence: ev,
        };
        speakers.push(Speaker {
            id: speakers.len() + 1,
            country: is_country.then(|| value.clone()),
            organization: (!is_country).then(|| value.clone()),
            role: Some("speaker".to_string()),
            section: doc.section_title(doc.section_at(span.start)),
            mentions: 1,
            evidence: vec![field],
            ..Speaker::default()
        });
    }
    let attendees = people
        .iter()
        .filter_map(|p| {
            let (status, evidence) = p.attendance.clone()?;
            Some(Attendee {
                name: p.name.clone(),
                organization: p.organization.as_ref().map(|f| f.value.clone()),
                status,
                evidence,
            })
        })
        .collect();
    (speakers, attendees, ids)
}

/// A field's evidence under another rule name, so each evidence row says
/// which field it supports.
fn named(f: &Field, what: &'static str) -> Field {
    Field {
        field: what,
        ..f.clone()
    }
}

/// Sentences attributed to speakers, in document order.
pub fn statements(doc: &Doc<'_>, found: &SpeakerFinding, ids: &[usize]) -> Vec<Statement> {
    doc.seg
        .sentences
        .iter()
        .zip(&found.said_by)
        .filter_map(|(s, by)| {
            let (person, verb) = by.as_ref()?;
            let speaker = *ids.get(*person)?;
            (speaker > 0).then(|| Statement {
                speaker,
                verb: verb.clone(),
                section: doc.section_title(s.section),
                evidence: doc.evidence(s.span, s.span),
            })
        })
        .collect()
}

/// The body a meeting belongs to, from its title: "Regular Meeting of the
/// Parks Committee" → "Parks Committee"; a chair chairs that body.
fn body_in_title(title: &str) -> Option<String> {
    const BODIES: &[&str] = &[
        "Committee",
        "Subcommittee",
        "Board",
        "Council",
        "Commission",
        "Assembly",
        "Parliament",
        "Senate",
        "Senedd",
        "Congress",
        "Caucus",
        "Working Group",
        "Task Force",
    ];
    let words: Vec<&str> = title.split_whitespace().collect();
    let end = words.iter().position(|w| {
        BODIES
            .iter()
            .any(|b| w.trim_matches(|c: char| !c.is_alphanumeric()) == *b || b.ends_with(w))
    })?;
    let mut start = end;
    while start > 0 {
        let w = words[start - 1];
        let small = matches!(w, "and" | "&");
        if !(small || w.chars().next().is_some_and(char::is_uppercase))
            || matches!(w, "Meeting" | "Regular" | "Special" | "Joint") && start < end
        {
            break;
        }
        start -= 1;
    }
    while start < end && matches!(words[start], "and" | "&") {
        start += 1;
    }
    let body = words[start..=end].join(" ");
    let body = body
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    (!body.is_empty()).then_some(body)
}

/// In the record of a national or devolved legislature, members speak for
/// its country: the country the record names most (at least three times,
/// and strictly more often than any other).
fn legislature_country(doc: &Doc<'_>) -> Option<String> {
    const MARKS: &[&str] = &[
        "House of Commons",
        "House of Lords",
        "National Assembly",
        "Parliament",
        "Senedd",
        "Senate",
        "House of Representatives",
        "Congress",
        "Legislative Assembly",
        "Legislature",
        "Bundestag",
        "Lok Sabha",
        "Rajya Sabha",
        "Dáil",
        "Knesset",
        "Storting",
        "Riksdag",
        "Hansard",
    ];
    // One pass over the text for all of them, not one per mark.
    static ANY_MARK: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(MARKS).unwrap());
    if !ANY_MARK.is_match(doc.text) {
        return None;
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, _, country) in crate::lexicon::LEXICON.countries_in(doc.text) {
        *counts.entry(country).or_default() += 1;
    }
    let mut ranked: Vec<(usize, &str)> = counts.into_iter().map(|(c, n)| (n, c)).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    let (n, country) = *ranked.first()?;
    let runner_up = ranked.get(1).map_or(0, |r| r.0);
    (n >= 3 && n > runner_up).then(|| country.to_string())
}

/// Acronyms the document defines: "Météo France International [MFI]",
/// "Federal Office of Communications (OFCOM)". An organisation given only
/// by its acronym is reported with the full name the document gives it.
fn acronyms_defined(text: &str) -> Vec<(String, String)> {
    use std::sync::LazyLock;
    static DEFINED: LazyLock<regex::Regex> = LazyLock::new(|| {
        crate::util::regex(r"(?P<full>\p{Lu}[\p{L}'&-]*(?:\s+(?:(?:of|for|and|the|de|du|des|on|in|&)\s+)*\p{Lu}[\p{L}'&-]*){1,8})\s*[\[(](?P<acr>\p{Lu}[\p{Lu}\d&]{1,9})[\])]").unwrap()
    });
    let mut out: Vec<(String, String)> = Vec::new();
    for c in DEFINED.captures_iter(text) {
        let (full, acr) = (&c["full"], &c["acr"]);
        let capitals: String = full
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        // The acronym's letters come from the name's capitals, in order.
        let mut it = capitals.chars();
        let matches = acr
            .chars()
            .filter(char::is_ascii_alphabetic)
            .all(|a| it.any(|c| c == a));
        if matches && acr.len() >= 2 && !out.iter().any(|(a, _)| a == acr) {
            let start = full.len()
                - full
                    .trim_start_matches(|ch: char| {
                        ch.is_uppercase()
                            && !capitals.starts_with(acr.chars().next().unwrap_or(' '))
                    })
                    .len();
            out.push((acr.to_string(), full[start..].trim().to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn home_of(text: &str) -> Option<String> {
        let n = normalize(text);
        let seg = segment(&n.text);
        legislature_country(&Doc::new(&n.text, &seg, &n.map))
    }

    #[test]
    fn a_legislature_speaks_for_the_country_it_names_most() {
        let kenya = "Members from Kenya, Kenya and Kenya met Uganda. ";
        assert_eq!(
            home_of(&format!("National Assembly. {kenya}")),
            Some("Kenya".to_string())
        );
        assert_eq!(
            home_of(&format!("{kenya}Minutes of the Knesset")),
            Some("Kenya".to_string())
        );
        // No legislature named, or no country named often enough.
        assert_eq!(home_of(kenya), None);
        assert_eq!(home_of("Senedd. Kenya and Uganda."), None);
    }
}
