//! Who takes the floor: speaker lists, transcript turns, minutes and
//! narrative introductions, merged into one list of people.
//!
//! Being named is not enough: a person is a speaker only with evidence of
//! speaking — a turn, a place on a speakers or panel list, being the subject
//! of a reporting verb ("…, Japan emphasised"), or a "remarks by" phrase.
//! People on attendance lists who never speak become attendees only.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::entries::{matching_paren, parse_entry, parse_list_entry, Entry};
use crate::extract::names::{display_name, parse_person, HONORIFIC, HONORIFIC_NAME, NAME_CORE};
use crate::extract::people::{Mention, People, Role};
use crate::extract::Doc;
use crate::model::{LineKind, Span};
use crate::segment::field_key;

/// Reporting verbs that make the subject a speaker.
pub const VERBS: &str = "said|says|stated|states|noted|notes|highlighted|highlights|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|underlined|underscored|urged|called|asked|asks|added|explained|presented|presents|discussed|addressed|commended|expressed|advocated|acknowledged|observed|pointed out|remarked|recalled|reiterated|reaffirmed|welcomed|welcomes|thanked|opened|closed|concluded|proposed|suggested|recommended|argued|shared|outlined|described|reported|raised|questioned|responded|replied|answered|invited|introduced|announced|mentioned|began|set the context|moderated|chaired|delivered|gave|provided|spoke|commented|agreed|disagreed|supported|encouraged|informed|briefed|summari[sz]ed|reflected|warned|insisted|requested|moved|seconded|congratulated|appreciated|indicated|confirmed|clarified|elaborated|focused|focussed|cited|affirmed|echoed|shared|offered|detailed|showcased|demonstrated|walked|led|gave|told|believes|believed|argues|thinks|felt|feels|hoped|hopes|wished|praised|regretted|lamented|criticized|criticised|cautioned|observed|declared|contended|maintained|posed|queried|inquired|enquired|sought|voiced|conveyed|underlined|spotlighted|illustrated|summed up|wrapped up|kicked off|closed|opened|took the floor|joined|recounted|explored|examined|reviewed|touched|turned|called for|stated";

/// What may stand before a subject: "In her opening remarks, ", "To conclude
/// the session, the moderator, ", "The Secretary-General of ITU, ".
static SUBJECT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:In|During|At|For|To|With|After|Before|On|Following|Closing|Opening|Concluding|Responding|Speaking|Turning)\b[^,]{0,80},\s*|(?:Finally|Lastly|Next|Then|Also|Additionally|Moreover|Meanwhile|However|Similarly|Likewise|Furthermore|Subsequently|Afterwards|Later|First|Second|Third|Firstly|Secondly|Thirdly|Separately|Here|There|Now)\s*,?\s*)*(?:(?:the|The)\s+(?P<role>moderator|chair|chairperson|chairman|chairwoman|keynote speaker|host|facilitator|rapporteur|convener|panellist|panelist|speaker|representative|presenter)(?:\s+of\s+[^,]{1,60})?,?\s*)?(?:(?:The|the)\s+(?P<title>[^,]{2,80}?),\s*)?$",
    )
    .unwrap()
});

/// After a subject: an optional descriptor, then the verb.
static SUBJECT_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\s*\((?P<paren>[^()]{{1,120}})\))?(?:\s*,\s*(?:who is |who was |the )?(?P<desc>[^.;:]{{1,300}}?)\s*,?|\s+(?:from|of|at)\s+(?P<org>(?:the\s+)?\p{{Lu}}[^,.;]{{0,120}}?)\s*,?)?\s+(?:(?:also|then|further|later|again|briefly|first|next|finally|firmly|strongly|subsequently|additionally|similarly|both|specifically|initially|particularly|clearly|explicitly|repeatedly)\s+)*(?P<verb>{VERBS})\b"
    ))
    .unwrap()
});

/// "a video message from X", "remarks by X", "moderated by X".
static BY_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:(?P<kind>video message|video address|recorded message|(?:opening|closing|welcoming|welcome|keynote|introductory|concluding|special|framing)\s+(?:remarks|address|speech|statement|presentation)|keynote|presentation|remarks|address|statement|intervention|briefing|moderated|facilitated|chaired|introduced|presented|opened|closed|hosted|delivered|given|led)\s+(?:was\s+)?(?:from|by|of))\s+(?:the\s+(?:moderator|chair)\s*,?\s*)?(?P<who>(?:{h}\s+)*{n})",
        h = &*HONORIFIC,
        n = &*NAME_CORE
    ))
    .unwrap()
});

/// "The House Chairperson (Mr G Q M DOIDGE)": a role with its holder.
static ROLE_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b[Tt]he\s+(?P<role>(?:\p{{Lu}}[\p{{L}}-]*\s+){{0,3}}(?:Chair|Chairperson|Chairman|Chairwoman|Speaker|President|Moderator|CHAIR|CHAIRPERSON|SPEAKER|PRESIDENT|MODERATOR)\w*)\s*\((?P<who>(?:{h}\s+)*{n})",
        h = &*HONORIFIC,
        n = &*NAME_CORE
    ))
    .unwrap()
});

/// "Council Member Osman", "Chair Cashman": a title right before a name.
static TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<title>Council\s?Member|Council President|Vice[- ]Chair|Chair|Chairperson|Commissioner|Senator|Representative|Mayor|Minister|Director|President|Ambassador|Judge|Governor|Professor|Dean|Superintendent|Alderman|Alderperson|Supervisor|Trustee|Board Member|Councillor|Councilor|Deputy Mayor|Secretary)\s+(?P<name>\p{Lu}[\p{Ll}\p{M}'’-]+(?:\s+\p{Lu}[\p{Ll}\p{M}'’-]+)?)").unwrap()
});

/// Lists inside a sentence: "featured four panellists: A, …; B, …".
static INLINE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<kind>panellists|panelists|speakers|moderators|discussants|presenters|witnesses|keynote speakers)\b[^:.]{0,40}:\s*(?P<list>.+)$").unwrap()
});

/// Initials turns in minutes: "RGr - text", "JT: text".
static INITIALS_TURN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<who>\p{Lu}[\p{L}]{1,3})\s*(?:-|–|:)\s+\S").unwrap());

/// A first name or full name opening a minutes line: "Diego: …", "--> Mark Cornall: …".
static NAME_TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-+>\s*)?(?P<who>\p{Lu}[\p{Ll}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+){0,3})\s*:\s+\S").unwrap()
});

/// Delegations: "the representative of Japan", "speaking on behalf of the Group of 77".
static DELEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Tt]he\s+)?(?:representative|delegate|delegation|observer)s?\s+(?:of|for|from)\s+(?:the\s+)?(?P<who>\p{Lu}[\p{L}' -]{1,60}?)(?:,|\.|;|\s+(?:said|stated|noted|stressed|emphasi[sz]ed|expressed|welcomed|called|urged|asked|added|highlighted|speaking|who|also)\b)|speaking on behalf of (?:the\s+)?(?P<group>\p{Lu}[\p{L}\d' -]{1,60}?)(?:,|\.|;|\s+(?:said|stated|noted|stressed|and)\b)").unwrap()
});

/// Speakers, attendees and who said each sentence.
#[derive(Clone, Debug, Default)]
pub struct SpeakerFinding {
    pub people: People,
    /// For each sentence: the person (index into `people`) and the verb.
    pub said_by: Vec<Option<(usize, Option<String>)>>,
    /// Unnamed delegations: (country or group, is_country, evidence span, sentence).
    pub delegations: Vec<(String, bool, Span, Span)>,
}

/// Find the speakers of a document.
pub fn find_speakers(doc: &Doc<'_>) -> SpeakerFinding {
    let mut found = SpeakerFinding { said_by: vec![None; doc.seg.sentences.len()], ..SpeakerFinding::default() };
    list_pass(doc, &mut found.people);
    role_holders(doc, &mut found.people);
    turn_pass(doc, &mut found);
    narrative_pass(doc, &mut found);
    delegations(doc, &mut found);
    found
}

fn mention(doc: &Doc<'_>, name: &str, span: Span, context: Span, rule: &'static str) -> Mention {
    Mention {
        name: name.to_string(),
        rule,
        evidence: doc.evidence(span, context),
        at: span.start,
        section: doc.section_at(span.start),
        may_create: true,
        ..Mention::default()
    }
}

fn with_entry(mut m: Mention, e: Entry) -> Mention {
    if let Some(p) = e.person {
        m.name = p.name;
        m.honorific = p.honorific;
    }
    m.title = e.descriptor.title;
    m.organization = e.descriptor.organization;
    m.country = e.descriptor.country;
    m.initials = e.initials;
    m.alias = e.alias;
    if let Some(note) = e.note.as_deref().map(str::to_lowercase) {
        if matches!(note.as_str(), "chair" | "chairperson" | "co-chair") {
            m.role = Some(Role::Chair);
        } else if note == "moderator" {
            m.role = Some(Role::Moderator);
        }
    }
    m
}

/// The role a list heading gives, and whether it lists speakers.
fn list_role(key: &str) -> Option<(Option<Role>, bool)> {
    Some(match key {
        "speakers" => (None, true),
        "panellists" => (Some(Role::Panellist), true),
        "moderator" => (Some(Role::Moderator), true),
        "chair" => (Some(Role::Chair), true),
        "keynote" => (Some(Role::Keynote), true),
        "present" | "guests" | "absent" => (None, false),
        _ => return None,
    })
}

/// Speaker lists and attendance lists, under a heading or inline.
fn list_pass(doc: &Doc<'_>, people: &mut People) {
    let mut current: Option<&'static str> = None;
    let mut last_kind = LineKind::Blank;
    for line in &doc.seg.lines {
        let body = doc.slice(line.content);
        match line.kind {
            LineKind::Heading => {
                current = field_key(body).filter(|k| list_role(k).is_some());
            }
            LineKind::Field => {
                let key = line.label.and_then(|l| field_key(doc.slice(l)));
                current = None;
                if let Some(key) = key.filter(|k| list_role(k).is_some()) {
                    if body.is_empty() {
                        current = Some(key);
                    } else {
                        for (piece, span) in split_inline(body, line.content, key) {
                            add_entry(doc, people, key, &piece, span, line.span);
                        }
                    }
                }
            }
            LineKind::ListItem => {
                if let Some(key) = current {
                    add_entry(doc, people, key, body, line.content, line.span);
                }
            }
            LineKind::Text | LineKind::Turn => {
                if last_kind == LineKind::Blank || line.kind == LineKind::Turn {
                    current = None;
                }
            }
            LineKind::Blank => {}
        }
        if line.kind != LineKind::Blank {
            last_kind = line.kind;
        } else if last_kind != LineKind::ListItem {
            last_kind = LineKind::Blank;
        }
    }
}

/// Entries of an inline list value: "A, B (Chair), C" or "A, Title; B, Title".
fn split_inline(body: &str, span: Span, key: &str) -> Vec<(String, Span)> {
    let (_, speakers) = list_role(key).unwrap_or((None, false));
    let sep = if body.contains(';') { ';' } else if speakers && !all_parts_are_names(body) { '\u{0}' } else { ',' };
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in body.char_indices().chain(std::iter::once((body.len(), sep))) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == sep && depth <= 0) || i == body.len() {
            let piece = body[start..i].trim().trim_start_matches("and ").trim();
            if !piece.is_empty() {
                let at = span.start + start + (body[start..i].len() - body[start..i].trim_start().len());
                out.push((piece.to_string(), Span::new(at, (at + piece.len()).min(span.end))));
            }
            start = (i + c.len_utf8()).min(body.len());
        }
    }
    out
}

fn all_parts_are_names(body: &str) -> bool {
    body.split(',').all(|p| parse_list_entry(p).is_some())
}

fn add_entry(doc: &Doc<'_>, people: &mut People, key: &'static str, entry: &str, span: Span, context: Span) {
    let Some((role, speaks)) = list_role(key) else { return };
    let Some(e) = parse_list_entry(entry) else { return };
    let mut m = with_entry(mention(doc, "", span, context, "list-line"), e);
    m.speaks = speaks;
    m.role = m.role.or(role);
    if !speaks {
        m.attendance = Some(key.to_string());
        m.rule = "attendance-list";
        if m.role.is_some_and(|r| r != Role::Chair) {
            m.role = None;
        }
    }
    people.add(m);
}

/// "The House Chairperson (Mr G Q M DOIDGE)": remember the holder of a role
/// so that later "The HOUSE CHAIRPERSON:" turns find them.
fn role_holders(doc: &Doc<'_>, people: &mut People) {
    for c in ROLE_HOLDER.captures_iter(doc.text) {
        let (Some(role), Some(who)) = (c.name("role"), c.name("who")) else { continue };
        let Some(p) = parse_person(who.as_str()) else { continue };
        let span = Span::new(who.start(), who.end());
        let mut m = mention(doc, &p.name, span, doc.sentence_around(span.start), "role-holder");
        m.honorific = p.honorific;
        m.title = Some(display_name(role.as_str()));
        if role.as_str().to_lowercase().contains("chair") || role.as_str().to_lowercase().contains("speaker") {
            m.role = Some(Role::Chair);
        } else if role.as_str().to_lowercase().contains("moderator") {
            m.role = Some(Role::Moderator);
        }
        people.add(m);
    }
}

/// Transcript turns and minutes lines that open with a speaker.
fn turn_pass(doc: &Doc<'_>, found: &mut SpeakerFinding) {
    let mut current: Option<usize> = None;
    for line in &doc.seg.lines {
        let who = match line.kind {
            LineKind::Turn => line.label.and_then(|l| turn_speaker(doc, &mut found.people, l, line.span)),
            LineKind::ListItem | LineKind::Text => minutes_speaker(doc, &mut found.people, line.content, line.span),
            LineKind::Heading => {
                current = None;
                heading_presenter(doc, &mut found.people, line.content, line.span);
                continue;
            }
            _ => continue,
        };
        if line.kind == LineKind::Turn {
            current = who;
        }
        let speaker = who.or(if line.kind == LineKind::Text { current } else { None });
        if let Some(p) = speaker {
            for (i, s) in doc.seg.sentences.iter().enumerate() {
                if line.span.contains(Span::new(s.span.start, s.span.start)) || (s.span.start >= line.span.start && s.span.start < line.span.end) {
                    found.said_by[i].get_or_insert((p, Some("said".to_string())));
                }
            }
        }
    }
}

fn turn_speaker(doc: &Doc<'_>, people: &mut People, label: Span, context: Span) -> Option<usize> {
    let raw = doc.slice(label).trim();
    let head = raw.split('(').next().unwrap_or(raw).trim();
    let inner = raw.find('(').and_then(|open| {
        let rest = &raw[open + 1..];
        matching_paren(rest).map(|close| &rest[..close])
    });
    // "The Chair (Hon. Anthony Rota (Riding, Lib.))"
    if let Some(inner) = inner.filter(|_| parse_person(head).is_none() && is_role_label(head)) {
        if let Some(e) = parse_entry(inner) {
            let mut m = with_entry(mention(doc, "", label, context, "transcript-turn"), e);
            m.speaks = true;
            m.title.get_or_insert_with(|| display_name(head.trim_start_matches("The ").trim_start_matches("the ")));
            m.role = role_of_label(head);
            return people.add(m);
        }
    }
    if let Some(e) = parse_entry(raw) {
        let mut m = with_entry(mention(doc, "", label, context, "transcript-turn"), e);
        m.speaks = true;
        return people.add(m);
    }
    // "The HOUSE CHAIRPERSON:", "MODERATOR:": the holder of the role.
    let role = role_of_label(head)?;
    let holder = people
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role.as_ref().is_some_and(|(r, _)| *r == role))
        .max_by_key(|(_, p)| p.last_at)
        .map(|(i, _)| i)?;
    let name = people.people[holder].name.clone();
    let mut m = mention(doc, &name, label, context, "transcript-turn");
    m.speaks = true;
    people.add(m)
}

fn is_role_label(head: &str) -> bool {
    role_of_label(head).is_some() || head.to_lowercase().starts_with("the ")
}

fn role_of_label(head: &str) -> Option<Role> {
    let l = head.to_lowercase();
    if l.contains("chair") || l.ends_with("speaker") || l == "the president" {
        Some(Role::Chair)
    } else if l.contains("moderator") || l.contains("facilitator") {
        Some(Role::Moderator)
    } else {
        None
    }
}

/// "RGr - …", "Diego: …", "--> Mark Cornall: …" in minutes: a known
/// person (initials, first or full name) opening the line speaks.
fn minutes_speaker(doc: &Doc<'_>, people: &mut People, content: Span, context: Span) -> Option<usize> {
    let body = doc.slice(content);
    if let Some(c) = INITIALS_TURN.captures(body) {
        let who = c.name("who")?;
        let known = people.people.iter().any(|p| p.initials.iter().any(|i| i == who.as_str()));
        if known {
            let span = Span::new(content.start + who.start(), content.start + who.end());
            let mut m = mention(doc, who.as_str(), span, context, "minutes-initials");
            m.speaks = true;
            m.may_create = false;
            return people.add(m);
        }
    }
    let c = NAME_TURN.captures(body)?;
    let who = c.name("who")?;
    let span = Span::new(content.start + who.start(), content.start + who.end());
    let mut m = mention(doc, who.as_str(), span, context, "minutes-name");
    m.speaks = true;
    m.first_name_ok = true;
    m.may_create = parse_person(who.as_str()).is_some();
    if m.may_create {
        m.name = parse_person(who.as_str())?.name;
    }
    people.add(m)
}

/// "## Upcoming tools (LF, Casey Cain)": an agenda item with its presenter.
fn heading_presenter(doc: &Doc<'_>, people: &mut People, content: Span, context: Span) {
    let body = doc.slice(content).trim_end();
    let Some(inner) = body.strip_suffix(')').and_then(|b| b.rfind('(').map(|o| &b[o + 1..])) else { return };
    for part in inner.split(',') {
        if let Some(p) = parse_person(part.trim()) {
            let at = content.start + body.rfind(part.trim()).unwrap_or(0);
            let mut m = mention(doc, &p.name, Span::new(at, at + part.trim().len()), context, "agenda-presenter");
            m.honorific = p.honorific;
            m.speaks = true;
            people.add(m);
        }
    }
}

/// Subjects of reporting verbs, "remarks by" phrases, inline panel lists,
/// and pronouns that continue the last speaker's points.
fn narrative_pass(doc: &Doc<'_>, found: &mut SpeakerFinding) {
    let mut last: Option<usize> = None;
    let mut last_section = usize::MAX;
    for (si, sentence) in doc.seg.sentences.iter().enumerate() {
        if sentence.section != last_section {
            last = None;
            last_section = sentence.section;
        }
        let text = doc.slice(sentence.span);
        inline_lists(doc, &mut found.people, sentence.span, text);
        by_phrases(doc, &mut found.people, sentence.span, text);
        if let Some((p, verb)) = subject(doc, &mut found.people, sentence.span, text) {
            found.said_by[si] = Some((p, Some(verb)));
            last = Some(p);
        } else if let Some(verb) = pronoun_verb(text) {
            if let (Some(p), None) = (last, &found.said_by[si]) {
                found.people.people[p].mentions += 1;
                found.said_by[si] = Some((p, Some(verb)));
            }
        } else if let Some((p, _)) = &found.said_by[si] {
            last = Some(*p);
        }
    }
}

static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?:In conclusion|Finally|Lastly|Additionally|Moreover|Furthermore|Also|Further|Then|However|In addition|In closing|Similarly)\s*,\s*)?(?:[Hh]e|[Ss]he)\s+(?:(?:also|then|further|later|again|briefly|firmly|strongly|additionally|particularly)\s+)*(?P<verb>{VERBS})\b"
    ))
    .unwrap()
});

fn pronoun_verb(text: &str) -> Option<String> {
    PRONOUN.captures(text).map(|c| c["verb"].to_string())
}

/// A person who is the subject of a reporting verb in `text`.
fn subject(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) -> Option<(usize, String)> {
    let mut candidates: Vec<(usize, usize, Option<String>, String, Option<String>)> = Vec::new();
    for c in HONORIFIC_NAME.captures_iter(text) {
        let all = c.get(0)?;
        candidates.push((all.start(), all.end(), Some(c["hon"].to_string()), c["name"].to_string(), None));
    }
    for c in TITLE_NAME.captures_iter(text) {
        let all = c.get(0)?;
        candidates.push((all.start(), all.end(), None, c["name"].to_string(), Some(c["title"].to_string())));
    }
    if let Some((end, name)) = bare_name_at_start(text) {
        candidates.push((0, end, None, name, None));
    }
    candidates.sort_by_key(|c| c.0);
    for (start, end, hon, name, title_before) in candidates {
        let prefix = &text[..start];
        let Some(pc) = SUBJECT_PREFIX.captures(prefix) else { continue };
        let Some(sc) = SUBJECT_SUFFIX.captures(&text[end..]) else { continue };
        let verb = sc["verb"].to_string();
        let name = display_name(name.trim());
        let known = people.find(&crate::extract::names::fold_tokens(&name), hon.as_deref(), false).is_some();
        if hon.is_none() && title_before.is_none() && !known && parse_person(&name).is_none() {
            continue;
        }
        let name_span = Span::new(span.start + start, span.start + end);
        let mut m = mention(doc, &name, name_span, span, "subject-of-verb");
        m.honorific = hon.map(|h| crate::extract::names::collapse_spaces(&h));
        m.speaks = true;
        m.title = title_before.clone();
        if let Some(desc) = sc.name("desc").or(sc.name("paren")) {
            let e = crate::extract::descriptor::parse_descriptor(desc.as_str());
            m.title = m.title.or(e.title);
            m.organization = e.organization;
            m.country = e.country;
        }
        if let Some(org) = sc.name("org") {
            m.organization = Some(org.as_str().trim_start_matches("the ").to_string());
        }
        if let Some(t) = pc.name("title") {
            if crate::lexicon::LEXICON.looks_like_title(t.as_str()) {
                let d = crate::extract::descriptor::parse_descriptor(t.as_str());
                m.title = m.title.or(d.title);
                m.organization = m.organization.or(d.organization);
            }
        }
        if let Some(r) = pc.name("role") {
            m.role = role_word(r.as_str());
        }
        if verb == "moderated" {
            m.role = Some(Role::Moderator);
        } else if verb == "chaired" {
            m.role = Some(Role::Chair);
        }
        if let Some(t) = &title_before {
            if role_of_label(t) == Some(Role::Chair) && !t.to_lowercase().contains("vice") {
                m.role = Some(Role::Chair);
            }
        }
        return people.add(m).map(|p| (p, verb));
    }
    None
}

/// A two-to-four-token name opening a sentence ("Alan Hoppy, Director…").
fn bare_name_at_start(text: &str) -> Option<(usize, String)> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:{})", &*NAME_CORE)).unwrap());
    let m = BARE.find(text)?;
    let name = m.as_str();
    let tokens = name.split_whitespace().count();
    ((2..=5).contains(&tokens)).then(|| (m.end(), name.to_string()))
}

fn role_word(w: &str) -> Option<Role> {
    match w.to_lowercase().as_str() {
        "moderator" | "facilitator" | "host" => Some(Role::Moderator),
        "chair" | "chairperson" | "chairman" | "chairwoman" => Some(Role::Chair),
        "keynote speaker" => Some(Role::Keynote),
        "panellist" | "panelist" => Some(Role::Panellist),
        _ => None,
    }
}

fn by_phrases(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) {
    for c in BY_PHRASE.captures_iter(text) {
        let (Some(kind), Some(who)) = (c.name("kind"), c.name("who")) else { continue };
        let Some(p) = parse_person(who.as_str()) else { continue };
        let kind = kind.as_str().to_lowercase();
        let name_span = Span::new(span.start + who.start(), span.start + who.end());
        let mut m = mention(doc, &p.name, name_span, span, "remarks-by");
        m.honorific = p.honorific;
        m.speaks = true;
        m.role = if kind.contains("video") || kind.contains("recorded") || kind.contains("keynote") {
            Some(Role::Keynote)
        } else if kind.starts_with("moderated") || kind.starts_with("facilitated") {
            Some(Role::Moderator)
        } else if kind.starts_with("chaired") {
            Some(Role::Chair)
        } else {
            None
        };
        // ", former Secretary-General of ITU." after the name.
        let after = &text[who.end()..];
        if let Some(desc) = after.strip_prefix(", ") {
            let desc = desc.split(['.', ';', '(']).next().unwrap_or("");
            let desc = desc.split(" and ").next().unwrap_or(desc);
            let d = crate::extract::descriptor::parse_descriptor(desc);
            m.title = d.title;
            m.organization = d.organization;
            m.country = d.country;
        }
        people.add(m);
    }
}

fn inline_lists(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) {
    let Some(c) = INLINE_LIST.captures(text) else { return };
    let (Some(kind), Some(list)) = (c.name("kind"), c.name("list")) else { return };
    let role = match kind.as_str().to_lowercase().as_str() {
        "panellists" | "panelists" | "discussants" => Some(Role::Panellist),
        "moderators" => Some(Role::Moderator),
        "keynote speakers" => Some(Role::Keynote),
        _ => None,
    };
    let body = list.as_str().trim_end_matches('.');
    let sep = if body.contains(';') { ';' } else { ',' };
    let mut at = list.start();
    for piece in body.split(sep) {
        let trimmed = piece.trim().trim_start_matches("and ").trim();
        let offset = at + piece.find(trimmed).unwrap_or(0);
        at += piece.len() + 1;
        let Some(e) = parse_entry(trimmed) else { continue };
        let name_span = Span::new(span.start + offset, span.start + offset + e.name_len.min(trimmed.len()));
        let mut m = with_entry(mention(doc, "", name_span, span, "inline-list"), e);
        m.speaks = true;
        m.role = m.role.or(role);
        people.add(m);
    }
}

fn delegations(doc: &Doc<'_>, found: &mut SpeakerFinding) {
    for sentence in &doc.seg.sentences {
        let text = doc.slice(sentence.span);
        for c in DELEGATION.captures_iter(text) {
            let (m, is_country) = match (c.name("who"), c.name("group")) {
                (Some(w), _) => (w, true),
                (None, Some(g)) => (g, false),
                _ => continue,
            };
            let name = m.as_str().trim();
            let value = match crate::lexicon::LEXICON.country(name) {
                Some(country) => (country.to_string(), true),
                None if !is_country || crate::lexicon::LEXICON.is_known_org(name) => (name.to_string(), false),
                None => continue,
            };
            if found.delegations.iter().any(|d| d.0 == value.0) {
                continue;
            }
            let span = Span::new(sentence.span.start + m.start(), sentence.span.start + m.end());
            found.delegations.push((value.0, value.1, span, sentence.span));
        }
    }
}
