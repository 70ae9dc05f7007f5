//! From the people found to the speaker, attendee and statement tables.

use crate::extract::people::Role;
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
    let mut order: Vec<usize> = (0..people.len()).filter(|&i| people[i].speaks_at.is_some()).collect();
    order.sort_by_key(|&i| (people[i].first_at, i));
    let mut ids = vec![0; people.len()];
    let panel_session = meeting
        .title
        .as_ref()
        .is_some_and(|t| t.value.to_lowercase().starts_with("panel"));
    let mut speakers = Vec::new();
    for &i in &order {
        let p = &people[i];
        let id = speakers.len() + 1;
        ids[i] = id;
        let role = p.role.as_ref().map(|(r, _)| *r).or_else(|| role_from_title(p.title.as_ref()));
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
        let mut aliases: Vec<String> = p.aliases.iter().filter(|a| **a != p.name).cloned().collect();
        aliases.sort();
        speakers.push(Speaker {
            id,
            name: Some(p.name.clone()),
            aliases,
            honorific: p.honorific.clone(),
            title: p.title.as_ref().map(|f| f.value.clone()),
            organization: p.organization.as_ref().map(|f| f.value.clone()),
            country: p.country.as_ref().map(|f| f.value.clone()),
            role: Some(role.name().to_string()),
            section: doc.section_title(p.section),
            mentions: p.mentions,
            evidence,
        });
    }
    for (value, is_country, span, sentence) in &found.delegations {
        let ev = doc.evidence(*span, *sentence);
        let field = Field { field: "delegation", value: value.clone(), rule: "delegation", evidence: ev };
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
    Field { field: what, ..f.clone() }
}

/// "TSC chair", "Managing Director: Chairperson", "Chair": the person
/// chairs the meeting, unless a vice, deputy or co-chair.
fn role_from_title(title: Option<&Field>) -> Option<Role> {
    let t = title?.value.to_lowercase();
    let last = t.rsplit([' ', ':', ',']).next()?;
    let chair = matches!(last, "chair" | "chairperson" | "chairman" | "chairwoman");
    let deputy = ["vice", "deputy", "co-chair", "co chair", "former"].iter().any(|w| t.contains(w));
    (chair && !deputy && !t.contains(" of ")).then_some(Role::Chair)
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
