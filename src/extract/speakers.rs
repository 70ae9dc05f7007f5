//! Who takes the floor: speaker lists, transcript turns, minutes and
//! narrative introductions, merged into one list of people.
//!
//! Being named is not enough: a person is a speaker only with evidence of
//! speaking — a turn, a place on a speakers or panel list, being the subject
//! of a reporting verb ("…, Japan emphasised"), or a "remarks by" phrase.
//! People on attendance lists who never speak become attendees only.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use crate::extract::descriptor::parse_descriptor;
use crate::extract::entries::{matching_paren, parse_entry, parse_list_entry, session_part, Entry};
use crate::extract::names::{
    collapse_spaces, display_name, fold_tokens, honorific_names, is_not_name, parse_person,
    plausible_name, HONORIFIC, NAME_CORE,
};
use crate::extract::people::{role_from_title, Mention, People, Role};
use crate::extract::Doc;
use crate::lexicon::LEXICON;
use crate::model::{LineKind, Span};
use crate::segment::field_key;
use crate::util::TextMap;

/// Reporting verbs that make the subject a speaker.
pub const VERBS: &str = "gave a presentation|gave an overview|set the context|made the point|took the floor|walked through|congratulated|congratulates|acknowledged|acknowledges|demonstrated|demonstrates|went through|appreciated|appreciates|highlighted|illustrated|illustrates|pointed out|recommended|spotlighted|underscored|underscores|called for|challenged|challenges|criticised|criticises|criticized|criticizes|elaborated|elaborates|emphasised|emphasises|emphasized|emphasizes|encouraged|encourages|highlights|introduced|introduces|kicked off|maintained|noted that|found that|questioned|reaffirmed|recommends|reiterated|reiterates|spotlights|summarised|summarises|summarized|summarizes|underlined|underlines|wrapped up|addressed|addresses|advocated|advocates|announced|announces|cautioned|clarified|clarifies|commended|commented|concluded|concludes|confirmed|contended|delivered|described|describes|disagreed|disagrees|discussed|discusses|explained|expressed|expresses|indicated|indicates|maintains|mentioned|moderated|moderates|presented|questions|reaffirms|recounted|reflected|requested|responded|showcased|showcases|suggested|summed up|supported|affirmed|answered|believed|believes|cautions|commends|comments|confirms|contends|conveyed|declared|declares|delivers|detailed|enquired|enquires|examined|examines|explains|explored|explores|focussed|informed|inquired|inquires|insisted|lamented|mentions|objected|observed|observes|outlined|outlines|presents|proposed|proposes|provided|provides|recalled|recounts|reflects|regreted|remarked|reminded|reported|requests|responds|reviewed|seconded|stressed|stresses|suggests|supports|welcomed|welcomes|affirms|answers|briefed|chaired|conveys|details|focused|focuses|informs|insists|invited|invites|laments|objects|offered|pointed|praised|praises|queried|queries|recalls|regrets|remarks|reminds|replied|replies|reports|reviews|seconds|thanked|thought|updated|updates|agreed|agrees|argued|argues|begins|briefs|called|chairs|closed|closes|echoed|echoes|offers|opened|points|raised|raises|shared|shares|sought|speaks|stated|states|thanks|thinks|voiced|voices|warned|wished|wishes|added|asked|began|calls|cited|cites|feels|gives|hoped|hopes|leads|moved|moves|noted|notes|opens|posed|poses|seeks|spoke|tells|urged|urges|voted|votes|warns|adds|asks|felt|gave|said|says|told|led";

/// A reporting verb anywhere, as a whole word.
static VERB_IN: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&format!(r"\b(?:{VERBS})\b")).unwrap());

/// Whether `text` may hold a reporting verb: every subject, office-holder
/// and pronoun pattern below ends in one of [`VERBS`] or [`BASES`] after a
/// space, so a sentence without one as a whole word cannot match them and
/// most sentences skip those captures. ASCII boundaries accept every text
/// the Unicode ones do (the verbs are ASCII).
fn may_report(text: &str) -> bool {
    static ANY_VERB: LazyLock<Regex> = LazyLock::new(|| {
        crate::util::regex(&format!(r"(?-u:\b)(?:{VERBS}|{BASES})(?-u:\b)")).unwrap()
    });
    ANY_VERB.is_match(text)
}

/// Base forms after an auxiliary: "will present", "did not agree".
pub const BASES: &str = "present|introduce|report|explain|give|provide|lead|note|raise|share|propose|update|outline|describe|summarise|summarize|comment|say|ask|add|respond|reply|agree|speak|address|discuss|highlight|stress|emphasise|emphasize|brief|demonstrate|showcase|review|clarify|confirm|chair|moderate|open|close|welcome|thank";

/// What may stand before a subject: "In her opening remarks, ", "To conclude
/// the session, the moderator, ", "The Secretary-General of ITU, ".
static SUBJECT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"^(?:(?:In|During|At|For|To|With|After|Before|On|Following|Closing|Opening|Concluding|Responding|Speaking|Turning)\b[^,]{0,80},\s*|(?:Finally|Lastly|Next|Then|Also|Additionally|Moreover|Meanwhile|However|Similarly|Likewise|Furthermore|Subsequently|Afterwards|Later|First|Second|Third|Firstly|Secondly|Thirdly|Separately|Here|There|Now)\s*,?\s*)*(?:(?:the|The)\s+(?P<role>moderator|chair|chairperson|chairman|chairwoman|keynote speaker|host|facilitator|rapporteur|convener|panellist|panelist|speaker|representative|presenter)(?:\s+of\s+[^,]{1,60})?,?\s*)?(?:(?:The|the)\s+(?P<title>[^,]{2,80}?),\s*)?$",
    )
    .unwrap()
});

/// After a subject: an optional descriptor, then the verb.
static SUBJECT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&subject_suffix_pattern(None)).unwrap());

/// [`SUBJECT_SUFFIX`] with its length bounds written into the pattern: only
/// compiled and run when a match of the unbounded one breaks a bound.
static SUBJECT_SUFFIX_BOUNDED: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&subject_suffix_pattern(Some(SUFFIX_BOUNDS))).unwrap());

/// Longest bracket, descriptor, organisation and "as …" clause after a
/// subject, in characters.
const SUFFIX_BOUNDS: [usize; 4] = [120, 300, 120, 60];

/// The suffix pattern, with counted repetitions only when `bounds` are given:
/// a counted repetition copies its class N times in the automaton (6,800
/// NFA states for this one against a few hundred), and the capture engine
/// clears a bitmap the size of states × text for every match.
fn subject_suffix_pattern(bounds: Option<[usize; 4]>) -> String {
    format!("^{}{}", suffix_parts(bounds), &*SUFFIX_TAIL)
}

/// The optional parts between a subject and its adverbs: a bracket, a
/// descriptor or an organisation, and an "as …" clause.
fn suffix_parts(bounds: Option<[usize; 4]>) -> String {
    let rep = |i: usize, min: usize| match bounds {
        Some(b) => format!("{{{min},{}}}", b[i]),
        None if min == 0 => "*".to_string(),
        None => "+".to_string(),
    };
    format!(
        r"(?:\s*\((?P<paren>[^()]{p})\))?(?:\s*,\s*(?:who is |who was |the )?(?P<desc>[^.;:]{d}?)\s*,?|\s+(?:from|of|at)\s+(?P<org>(?:the\s+)?\p{{Lu}}(?P<orgtail>[^,.;]{o}?))\s*,?)?(?:\s+as\s+(?P<as>[^,.;:]{a}?))?",
        p = rep(0, 1),
        d = rep(1, 1),
        o = rep(2, 0),
        a = rep(3, 1),
    )
}

/// Adverbs, then the white space before the verb, or an auxiliary before
/// its base form.
const BEFORE_VERB: &str =
    r"(?:\s+(?:also|then|further|later|again|first|next|finally|both|each|(?:\p{Ll}+ly)))*,?\s+";
const AUXILIARY: &str = r"(?:will|would|shall|has|have|had|did|to)\s+(?:also\s+)?";

/// The end of every suffix: adverbs, then the verb or an auxiliary and its
/// base form.
static SUFFIX_TAIL: LazyLock<String> = LazyLock::new(|| {
    format!(r"{BEFORE_VERB}(?:{AUXILIARY}(?P<base>{BASES})\b|(?P<verb>{VERBS})\b)")
});

/// [`SUFFIX_TAIL`] alone, anchored: the suffix when nothing stands between
/// the name and its adverbs or verb ("Ms. Lima said", "Ms. Lima also
/// stressed"), the commonest case.
static PLAIN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(&format!("^{}", &*SUFFIX_TAIL)).unwrap());

/// The suffix up to its verb, anchored at both ends: the parts' groups
/// without the verb alternation, whose hundreds of phrases made the capture
/// engine cost about 37,000 instructions a suffix with a descriptor. The
/// second is for a base form, which only follows an auxiliary.
static BEFORE_VERB_PARTS: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let parts = suffix_parts(None);
    [
        crate::util::regex(&format!("^{parts}{BEFORE_VERB}$")).unwrap(),
        crate::util::regex(&format!("^{parts}{BEFORE_VERB}{AUXILIARY}$")).unwrap(),
    ]
});

/// The base forms of [`BASES`].
static BASE_FORMS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| BASES.split('|').collect());

/// Every phrase of [`VERBS`] and [`BASES`]. No phrase ends another, and no
/// word is in both lists, so the phrase that ends a suffix is found by its
/// text alone (unit-tested).
static VERB_PHRASES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| VERBS.split('|').chain(BASES.split('|')).collect());

/// Where the verb (or base form) that ends `suffix` starts.
fn verb_start(suffix: &str) -> Option<usize> {
    suffix
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && suffix[..i].ends_with(char::is_whitespace))
        .map(|(i, _)| i)
        .find(|&i| VERB_PHRASES.contains(&suffix[i..]))
}

/// The parts of a subject's suffix that the subject pattern reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Suffix<'t> {
    paren: Option<&'t str>,
    desc: Option<&'t str>,
    org: Option<&'t str>,
    /// The reporting verb, or the base form after an auxiliary.
    verb: &'t str,
}

impl<'t> Suffix<'t> {
    fn of(c: &regex::Captures<'t>) -> Suffix<'t> {
        let text = |name| c.name(name).map(|m| m.as_str());
        Suffix {
            paren: text("paren"),
            desc: text("desc"),
            org: text("org"),
            verb: text("verb").or(text("base")).unwrap_or(""),
        }
    }

    /// Whether every part keeps its bound ([`SUFFIX_BOUNDS`]).
    fn within_bounds(c: &regex::Captures<'_>) -> bool {
        ["paren", "desc", "orgtail", "as"]
            .iter()
            .zip(SUFFIX_BOUNDS)
            .all(|(group, max)| {
                c.name(group)
                    .is_none_or(|m| m.as_str().chars().count() <= max)
            })
    }
}

/// What follows a subject, up to its verb: [`SUBJECT_SUFFIX`], falling back
/// to the bounded pattern when a part is too long. The result is the bounded
/// pattern's: every bounded match is an unbounded one, and when the
/// unbounded pattern's preferred match keeps the bounds it is also the
/// bounded pattern's preferred match.
///
/// No capture engine runs on the whole pattern: its automaton finds the
/// match, the verb is the phrase that ends it, and the parts are the
/// captures of [`BEFORE_VERB_PARTS`] over the text before the verb (or
/// absent, when nothing can open one). A unit test compares the result with
/// the whole pattern's captures.
fn subject_suffix(text: &str) -> Option<Suffix<'_>> {
    let plain = !may_open_a_part(text);
    let re = if plain {
        &PLAIN_SUFFIX
    } else {
        &SUBJECT_SUFFIX
    };
    let end = re.find(text)?.end();
    let verb_at = verb_start(&text[..end])?;
    let verb = &text[verb_at..end];
    if plain {
        return Some(Suffix {
            paren: None,
            desc: None,
            org: None,
            verb,
        });
    }
    let base = usize::from(BASE_FORMS.contains(verb));
    match BEFORE_VERB_PARTS[base].captures(&text[..verb_at]) {
        Some(parts) if Suffix::within_bounds(&parts) => Some(Suffix {
            verb,
            ..Suffix::of(&parts)
        }),
        _ => suffix_by_whole_pattern(text),
    }
}

/// [`subject_suffix`] by the whole pattern's captures: where a part breaks
/// its bound, and the reference the short cuts are tested against.
fn suffix_by_whole_pattern(text: &str) -> Option<Suffix<'_>> {
    let c = SUBJECT_SUFFIX.captures(text)?;
    if Suffix::within_bounds(&c) {
        Some(Suffix::of(&c))
    } else {
        SUBJECT_SUFFIX_BOUNDED
            .captures(text)
            .map(|c| Suffix::of(&c))
    }
}

/// Whether `text` may open one of the optional parts of a suffix: a
/// bracket or a comma first, or "from", "of", "at" or "as" as its first
/// word. Everything else leaves only [`SUFFIX_TAIL`] to match.
fn may_open_a_part(text: &str) -> bool {
    let rest = text.trim_start();
    if rest.starts_with(['(', ',']) || rest.len() == text.len() {
        return true;
    }
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["from", "of", "at", "as"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// "a video message from X", "remarks by X", "moderated by X".
static BY_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"(?i:(?P<kind>video message|video address|recorded message|(?:opening|closing|welcoming|welcome|keynote|introductory|concluding|special|framing)\s+(?:remarks|address|speech|statement|presentation)|keynote|presentation|remarks|address|statement|intervention|briefing|moderated|facilitated|chaired|introduced|presented|opened|closed|hosted|delivered|given|led)\s+(?:was\s+)?(?:from|by|of))\s+(?:the\s+(?:moderator|chair)\s*,?\s*)?(?P<who>(?:{h}\s+)*{n})",
        h = &*HONORIFIC,
        n = &*NAME_CORE
    ))
    .unwrap()
});

/// "The House Chairperson (Mr G Q M DOIDGE)": a role with its holder.
static ROLE_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"\b[Tt]he\s+(?P<role>(?:\p{{Lu}}[\p{{L}}-]*\s+){{0,3}}(?:Chair|Chairperson|Chairman|Chairwoman|Speaker|President|Moderator|CHAIR|CHAIRPERSON|SPEAKER|PRESIDENT|MODERATOR)\w*)\s*\((?P<who>(?:{h}\s+)*{n})",
        h = &*HONORIFIC,
        n = &*NAME_CORE
    ))
    .unwrap()
});

/// "Council Member Osman", "Chair Cashman": a title right before a name.
static TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"\b(?P<title>Council\s?Member|Council President|Vice[- ]Chair|Chair|Chairperson|Commissioner|Senator|Representative|Mayor|Minister|Director|President|Ambassador|Judge|Governor|Professor|Dean|Superintendent|Alderman|Alderperson|Supervisor|Trustee|Board Member|Councillor|Councilor|Deputy Mayor|Secretary)\s+(?P<name>\p{Lu}[\p{Ll}\p{M}'’-]+(?:\s+\p{Lu}[\p{Ll}\p{M}'’-]+)?)").unwrap()
});

/// Lists inside a sentence: "featured four panellists: A, …; B, …".
static INLINE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(r"(?i)\b{INLINE_LIST_HEAD}(?P<list>.+)$")).unwrap()
});

/// [`INLINE_LIST`] up to its list.
const INLINE_LIST_HEAD: &str = r"(?P<kind>panellists|panelists|speakers|moderators|discussants|presenters|witnesses|keynote speakers)\b[^:.]{0,40}:\s*";

/// The `kind` and `list` groups of [`INLINE_LIST`] in `text`.
///
/// The automaton finds the match (its end is the text's); the groups are
/// the captures of the head alone from the match's start. The whole
/// pattern's capture engine ran over the whole list, about 70,000
/// instructions a list, for what the head decides: the colon is the first
/// after the kind, and the white space after it is the head's unless
/// nothing would be left for the list (then the whole pattern's captures
/// are taken). A unit test compares the two.
fn inline_list_groups(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    static HEAD: LazyLock<Regex> =
        LazyLock::new(|| crate::util::regex(&format!(r"(?i)^{INLINE_LIST_HEAD}")).unwrap());
    let start = INLINE_LIST.find(text)?.start();
    let head = HEAD.captures(&text[start..])?;
    let list_start = start + head.get(0)?.end();
    if list_start < text.len() {
        let kind = head.name("kind")?.range();
        return Some((start + kind.start..start + kind.end, list_start..text.len()));
    }
    let c = INLINE_LIST.captures(text)?;
    Some((c.name("kind")?.range(), c.name("list")?.range()))
}

/// Initials turns in minutes: "RGr - text", "JT: text".
static INITIALS_TURN: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(r"^(?P<who>\p{Lu}[\p{L}]{1,3})\s*(?:-|–|:)\s+\S").unwrap());

/// A first name or full name opening a minutes line: "Diego: …", "--> Mark Cornall: …".
static NAME_TURN: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"^(?:-+>\s*)?(?P<who>\p{Lu}[\p{Ll}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+){0,3})\s*:\s+\S",
    )
    .unwrap()
});

/// Delegations: "the representative of Japan", "speaking on behalf of the Group of 77".
static DELEGATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"\b(?:[Tt]he\s+)?(?:representative|delegate|delegation|observer)s?\s+(?:of|for|from)\s+(?:the\s+)?(?P<who>\p{Lu}[\p{L}' -]+?)(?:,|\.|;|\s+(?:said|stated|noted|stressed|emphasi[sz]ed|expressed|welcomed|called|urged|asked|added|highlighted|speaking|who|also)\b)|speaking on behalf of (?:the\s+)?(?P<group>\p{Lu}[\p{L}\d' -]+?)(?:,|\.|;|\s+(?:said|stated|noted|stressed|and)\b)").unwrap()
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
    let mut found = SpeakerFinding {
        said_by: vec![None; doc.seg.sentences.len()],
        ..SpeakerFinding::default()
    };
    list_pass(doc, &mut found.people);
    role_holders(doc, &mut found.people);
    turn_pass(doc, &mut found);
    narrative_pass(doc, &mut found);
    introductions(doc, &mut found.people);
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
    // "Name, Moderator, Organisation": the title is the session role.
    // (Not "Chair": "Chair of the Chamber of Commerce" chairs another body.)
    if let Some(role) = m
        .title
        .as_deref()
        .and_then(role_word)
        .filter(|r| *r != Role::Chair)
    {
        m.role = Some(role);
    }
    if let Some(Some(role)) = e.note.as_deref().and_then(session_part) {
        if role != Role::Speaker {
            m.role = Some(role);
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
    let mut current: Option<(&'static str, &str)> = None;
    let mut last_kind = LineKind::Blank;
    // The header row of the table being read, if it had one.
    let mut table_header: Option<Vec<String>> = None;
    for line in &doc.seg.lines {
        let body = doc.slice(line.content);
        if line.kind != LineKind::ListItem {
            table_header = None;
        }
        match line.kind {
            LineKind::Heading => {
                current = field_key(body)
                    .filter(|k| list_role(k).is_some())
                    .map(|k| (k, body));
            }
            LineKind::Field | LineKind::Turn
                if current.is_some() && is_panel_label(line.label.map(|l| doc.slice(l))) =>
            {
                // "Witnesses" then "I: Dr A, Title; and Ms B, Title": panels
                // of the list above, numbered.
                let header = current.unwrap_or(("speakers", ""));
                for (piece, span) in split_inline(body, line.content, header.0) {
                    add_entry(doc, people, header, &piece, span, line.span);
                }
            }
            LineKind::Field => {
                let label = line.label.map(|l| doc.slice(l)).unwrap_or("");
                current = None;
                if let Some(key) = field_key(label).filter(|k| list_role(k).is_some()) {
                    if body.is_empty() {
                        current = Some((key, label));
                    } else {
                        for (piece, span) in split_inline(body, line.content, key) {
                            add_entry(doc, people, (key, label), &piece, span, line.span);
                        }
                    }
                }
            }
            LineKind::ListItem => {
                if let Some(header) = current {
                    match table_cells(doc.slice(line.span)) {
                        Some(cells) if is_header_row(&cells) => table_header = Some(cells),
                        Some(cells) => {
                            let entry = table_entry(&cells, table_header.as_deref());
                            add_entry(doc, people, header, &entry, line.content, line.span);
                        }
                        None => add_entry(doc, people, header, body, line.content, line.span),
                    }
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

/// "I", "II", "Panel 2", "Session 1": a label numbering the panels of a list.
fn is_panel_label(label: Option<&str>) -> bool {
    let Some(l) = label.map(str::trim) else {
        return false;
    };
    let roman = !l.is_empty() && l.len() <= 4 && l.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let numbered = l
        .split_once(' ')
        .is_some_and(|(w, n)| matches!(w, "Panel" | "Session" | "Part") && n.len() <= 3);
    roman || numbered
}

/// "Chair of the Working Group" in the minutes of the Working Group: the
/// chair of the body whose meeting this is (named in the document's first
/// lines) chairs the meeting; the chair of another body does not.
fn chairs_the_body_meeting(doc: &Doc<'_>, title: Option<&str>) -> bool {
    let Some(title) = title.map(str::to_lowercase) else {
        return false;
    };
    let body = [
        "chair of ",
        "chairperson of ",
        "chairman of ",
        "chairwoman of ",
    ]
    .iter()
    .find_map(|lead| title.strip_prefix(lead))
    .map(|b| b.trim_start_matches("the ").trim());
    let Some(body) = body.filter(|b| b.len() >= 4) else {
        return false;
    };
    let head = &doc.text[..floor_char_boundary(doc.text, 600)];
    head.to_lowercase().contains(body)
}

/// The cells of a table row written `| a | b |` (Markdown, and the DOCX
/// and HTML readers' tables), or `None` for a line that is not one.
fn table_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.starts_with('|') || t.matches('|').count() < 3 {
        return None;
    }
    Some(
        t.trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches(['*', '_']).trim().to_string())
            .collect(),
    )
}

/// What a table column holds, from its header cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Title,
    Organization,
    Country,
    Role,
    Other,
}

fn column_of(header: &str) -> Option<Column> {
    let h = header.to_lowercase();
    let h = h.trim_matches(|c: char| !c.is_alphanumeric());
    Some(match h {
        "name" | "full name" | "speaker" | "speakers" | "participant" | "panellist"
        | "panelist" | "presenter" | "witness" => Column::Name,
        "title" | "position" | "designation" | "job title" | "function" => Column::Title,
        "organisation"
        | "organization"
        | "affiliation"
        | "institution"
        | "company"
        | "entity"
        | "agency"
        | "organisation / country" => Column::Organization,
        "country" | "nationality" | "member state" | "economy" => Column::Country,
        "role" | "session role" | "part" => Column::Role,
        "no" | "#" | "email" | "e-mail" | "stakeholder group" | "sector" | "region" => {
            Column::Other
        }
        _ => return None,
    })
}

/// A row of column names ("| Name | Role | Organisation |").
fn is_header_row(cells: &[String]) -> bool {
    cells.len() >= 2
        && cells.iter().all(|c| column_of(c).is_some())
        && cells.iter().any(|c| column_of(c) == Some(Column::Name))
}

/// A table row as the list entry it stands for: "Name, Title, Organisation,
/// Country (Role)", using the header's column names when there was one, or
/// reading the cells in order (name first) when not.
fn table_entry(cells: &[String], header: Option<&[String]>) -> String {
    let column = |i: usize| match header {
        Some(h) => h.get(i).and_then(|c| column_of(c)).unwrap_or(Column::Other),
        None if i == 0 => Column::Name,
        None => Column::Title,
    };
    let mut name = String::new();
    let mut parts: Vec<&str> = Vec::new();
    let mut country = None;
    let mut note = None;
    for (i, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
        match column(i) {
            Column::Name if name.is_empty() => name = cell.clone(),
            Column::Title | Column::Organization | Column::Name => parts.push(cell),
            Column::Country => country = Some(cell.as_str()),
            Column::Role if session_part(cell).is_some() => note = Some(cell.as_str()),
            Column::Role => parts.insert(0, cell),
            Column::Other => {}
        }
    }
    let mut entry = name;
    for part in parts.into_iter().chain(country) {
        entry.push_str(", ");
        entry.push_str(part);
    }
    if let Some(note) = note {
        entry.push_str(&format!(" ({note})"));
    }
    entry
}

/// Entries of an inline list value: "A, B (Chair), C" or "A, Title; B, Title".
fn split_inline(body: &str, span: Span, key: &str) -> Vec<(String, Span)> {
    let (_, speakers) = list_role(key).unwrap_or((None, false));
    let sep = if body.contains(';') {
        ';'
    } else if speakers && !all_parts_are_names(body) {
        '\u{0}'
    } else {
        ','
    };
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in body
        .char_indices()
        .chain(std::iter::once((body.len(), sep)))
    {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == sep && depth <= 0) || i == body.len() {
            let piece = body[start..i].trim().trim_start_matches("and ").trim();
            if !piece.is_empty() {
                let at =
                    span.start + start + (body[start..i].len() - body[start..i].trim_start().len());
                out.push((
                    piece.to_string(),
                    Span::new(at, (at + piece.len()).min(span.end)),
                ));
            }
            start = (i + c.len_utf8()).min(body.len());
        }
    }
    out
}

fn all_parts_are_names(body: &str) -> bool {
    body.split(',').all(|p| parse_list_entry(p).is_some())
}

fn add_entry(
    doc: &Doc<'_>,
    people: &mut People,
    header: (&'static str, &str),
    entry: &str,
    span: Span,
    context: Span,
) {
    let (key, header_text) = header;
    let Some((role, speaks)) = list_role(key) else {
        return;
    };
    let Some(e) = parse_list_entry(entry) else {
        return;
    };
    let mut m = with_entry(mention(doc, "", span, context, "list-line"), e);
    m.speaks = speaks;
    m.role = m.role.or(role);
    if m.role.is_none() && chairs_the_body_meeting(doc, m.title.as_deref()) {
        m.role = Some(Role::Chair);
    }
    if key == "speakers" && m.title.is_none() {
        // "Guest Presenter:" names the part each listed person plays.
        let h = header_text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .trim();
        let generic = h.to_lowercase().ends_with('s') || h.eq_ignore_ascii_case("speaker");
        if !generic && !h.is_empty() {
            m.title = Some(h.to_string());
        }
    }
    if !speaks {
        m.attendance = Some(key.to_string());
        m.rule = "attendance-list";
        let chair =
            m.role == Some(Role::Chair) || role_from_title(m.title.as_deref()) == Some(Role::Chair);
        // The chair of a meeting conducts it: present means speaking.
        m.speaks = chair && key != "absent";
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
        let (Some(role), Some(who)) = (c.name("role"), c.name("who")) else {
            continue;
        };
        let Some(p) = parse_person(who.as_str()) else {
            continue;
        };
        let span = Span::new(who.start(), who.end());
        let mut m = mention(
            doc,
            &p.name,
            span,
            doc.sentence_around(span.start),
            "role-holder",
        );
        m.honorific = p.honorific;
        m.title = Some(display_name(role.as_str()));
        if role.as_str().to_lowercase().contains("chair")
            || role.as_str().to_lowercase().contains("speaker")
        {
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
    let mut first_turn: Option<(usize, Span)> = None;
    for line in &doc.seg.lines {
        let context = doc.sentence_around(line.content.start);
        let who = match line.kind {
            LineKind::Turn => line
                .label
                .and_then(|l| turn_speaker(doc, &mut found.people, l, context)),
            LineKind::Field => role_field_turn(doc, &mut found.people, line, context),
            LineKind::ListItem | LineKind::Text => {
                minutes_speaker(doc, &mut found.people, line.content, context)
            }
            LineKind::Heading => {
                current = None;
                heading_presenter(doc, &mut found.people, line.content, line.span);
                continue;
            }
            LineKind::Blank => continue,
        };
        if matches!(line.kind, LineKind::Turn | LineKind::Field) && who.is_some() {
            current = who;
            if first_turn.is_none() {
                first_turn = who.map(|p| (p, line.content));
            }
        }
        let speaker = who.or(if line.kind == LineKind::Text {
            current
        } else {
            None
        });
        if let Some(p) = speaker {
            let from = doc
                .seg
                .sentences
                .partition_point(|s| s.span.start < line.content.start);
            for i in from..doc.seg.sentences.len() {
                if doc.seg.sentences[i].span.start >= line.span.end {
                    break;
                }
                found.said_by[i].get_or_insert((p, Some("said".to_string())));
            }
        }
    }
    if let Some((p, content)) = first_turn {
        opener_chairs(doc, &mut found.people, p, content);
    }
}

/// The first turn of a committee transcript that opens the meeting
/// ("I call this meeting to order", "Can I welcome Members…") is the chair's.
fn opener_chairs(doc: &Doc<'_>, people: &mut People, p: usize, content: Span) {
    static OPENER: LazyLock<Regex> = LazyLock::new(|| {
        crate::util::regex(r"(?i)\b(?:call (?:this|the) (?:meeting|session|hearing|sitting) to order|(?:can|may) I welcome|I(?: would like to|'d like to)? welcome (?:members|everyone|you all|all)|welcome (?:members|everyone) to|declare (?:this|the) (?:meeting|session|sitting) open|I now open)").unwrap()
    });
    if people
        .people
        .iter()
        .any(|x| x.role.as_ref().is_some_and(|(r, _)| *r == Role::Chair))
    {
        return;
    }
    let text = doc.slice(content);
    let Some(m) = OPENER.find(text) else { return };
    let span = Span::new(content.start + m.start(), content.start + m.end());
    let name = people.people[p].name.clone();
    let mut mention = mention(
        doc,
        &name,
        span,
        doc.sentence_around(span.start),
        "opens-the-meeting",
    );
    mention.role = Some(Role::Chair);
    mention.title = Some("Chair".to_string());
    people.add(mention);
}

/// "MODERATOR: Welcome, everyone." read as a header field by the segmenter:
/// when the value is not a name, it is the role holder speaking.
fn role_field_turn(
    doc: &Doc<'_>,
    people: &mut People,
    line: &crate::segment::Line,
    context: Span,
) -> Option<usize> {
    let label = line.label?;
    let key = field_key(doc.slice(label))?;
    if !matches!(key, "moderator" | "chair") || line.content.is_empty() {
        return None;
    }
    if parse_list_entry(doc.slice(line.content)).is_some() {
        return None;
    }
    turn_speaker(doc, people, label, context)
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
            m.title.get_or_insert_with(|| {
                display_name(head.trim_start_matches("The ").trim_start_matches("the "))
            });
            m.role = role_of_label(head);
            return people.add(m);
        }
    }
    // A lone first name is a speaker when a descriptor follows it
    // ("Nicole (student):") or the person is already known.
    let single_ok = inner.is_some() || people.find(&fold_tokens(head), None, true).is_some();
    if let Some(e) = label_entry(raw, single_ok) {
        let mut m = with_entry(mention(doc, "", label, context, "transcript-turn"), e);
        m.speaks = true;
        m.first_name_ok = m.name.split_whitespace().count() == 1;
        return people.add(m);
    }
    // "The HOUSE CHAIRPERSON:", "MODERATOR:": the holder of the role.
    let role = role_of_label(head)?;
    if let Some(m) = self_introduction(doc, label, context, role) {
        if !people
            .people
            .iter()
            .any(|p| p.role.as_ref().is_some_and(|(r, _)| *r == role))
        {
            return people.add(m);
        }
    }
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

/// A turn label read as a list entry ([`parse_list_entry`], which takes a
/// lone first name, when `single_ok`; else [`parse_entry`]). A transcript
/// repeats each speaker's label at every turn and reading one costs about
/// 25,000 instructions, so each thread keeps the entries it has read.
fn label_entry(raw: &str, single_ok: bool) -> Option<Entry> {
    thread_local! {
        static KEPT: RefCell<[TextMap<Box<str>, Option<Entry>>; 2]> = RefCell::default();
    }
    KEPT.with_borrow_mut(|kept| {
        let kept = &mut kept[usize::from(single_ok)];
        if let Some(entry) = kept.get(raw) {
            return entry.clone();
        }
        if kept.len() >= KEPT_LABELS {
            kept.clear();
        }
        let entry = if single_ok {
            parse_list_entry(raw)
        } else {
            parse_entry(raw)
        };
        kept.insert(raw.into(), entry.clone());
        entry
    })
}

/// Labels whose entries [`label_entry`] keeps, per thread and kind.
const KEPT_LABELS: usize = 4_096;

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
fn minutes_speaker(
    doc: &Doc<'_>,
    people: &mut People,
    content: Span,
    context: Span,
) -> Option<usize> {
    let body = doc.slice(content);
    if let Some(c) = INITIALS_TURN.captures(body) {
        let who = c.name("who")?;
        let known = people.has_initials(who.as_str());
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
    let Some(inner) = body
        .strip_suffix(')')
        .and_then(|b| b.rfind('(').map(|o| &b[o + 1..]))
    else {
        return;
    };
    for part in inner.split(',') {
        if names_a_place(part) {
            continue;
        }
        if let Some(p) = parse_person(part.trim()) {
            let at = content.start + body.rfind(part.trim()).unwrap_or(0);
            let mut m = mention(
                doc,
                &p.name,
                Span::new(at, at + part.trim().len()),
                context,
                "agenda-presenter",
            );
            m.honorific = p.honorific;
            m.speaks = true;
            people.add(m);
        }
    }
}

/// "Lunch (Terrace Restaurant)", "(Main Hall)": a room, not a presenter.
fn names_a_place(part: &str) -> bool {
    const PLACES: &[&str] = &[
        "restaurant",
        "room",
        "hall",
        "terrace",
        "centre",
        "center",
        "building",
        "floor",
        "auditorium",
        "lobby",
        "foyer",
        "garden",
        "gardens",
        "cafe",
        "café",
        "bar",
        "lounge",
        "theatre",
        "theater",
        "suite",
        "salon",
        "pavilion",
        "annex",
        "wing",
        "level",
        "campus",
        "library",
        "venue",
        "online",
        "virtual",
        "hybrid",
        "plenary",
        "stage",
        "tent",
        "area",
    ];
    part.split_whitespace().any(|w| {
        PLACES.contains(
            &w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
    })
}

/// Subjects of reporting verbs, "remarks by" phrases, inline panel lists,
/// and pronouns that continue the last speaker's points.
fn narrative_pass(doc: &Doc<'_>, found: &mut SpeakerFinding) {
    let mut last: Option<usize> = None;
    let mut recent: Vec<usize> = Vec::new();
    let mut last_section = usize::MAX;
    for (si, sentence) in doc.seg.sentences.iter().enumerate() {
        if sentence.section != last_section {
            last = None;
            recent.clear();
            last_section = sentence.section;
        }
        let text = doc.slice(sentence.span);
        // Cheap tests first: most sentences hold no list and no "by" phrase.
        if text.contains(':') {
            inline_lists(doc, &mut found.people, sentence.span, text);
        }
        if text.contains(" by ") || text.contains(" from ") || text.contains(" of ") {
            by_phrases(doc, &mut found.people, sentence.span, text);
        }
        let reports = may_report(text);
        let subject = reports
            .then(|| {
                subject(doc, &mut found.people, sentence.span, text)
                    .or_else(|| role_subject(doc, &mut found.people, sentence.span, text))
            })
            .flatten();
        if let Some((p, verb)) = subject {
            found.said_by[si] = Some((p, Some(verb)));
            last = Some(p);
            recent.retain(|&x| x != p);
            recent.push(p);
        } else if let Some(verb) = (reports && starts_with_pronoun(text))
            .then(|| pronoun_verb(text))
            .flatten()
        {
            // "She" continues the last speaker she can refer to: the last
            // one, unless the honorific says otherwise.
            let gender = pronoun_gender(text);
            let fits = |p: usize| {
                let g =
                    crate::extract::names::gender_of(found.people.people[p].honorific.as_deref());
                g.is_none() || g == gender
            };
            let who = last
                .filter(|&p| fits(p))
                .or_else(|| recent.iter().rev().copied().find(|&p| fits(p)));
            if let (Some(p), None) = (who, &found.said_by[si]) {
                found.people.people[p].mentions += 1;
                found.said_by[si] = Some((p, Some(verb)));
            }
        } else if let Some((p, _)) = &found.said_by[si] {
            last = Some(*p);
        }
    }
}

/// "The Chair thanked…", "The CEO (Babajide Oyewole) presented…": a
/// sentence whose subject is an office, with its holder in brackets or
/// known from the lists as the one person holding that session role.
static ROLE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"^(?:(?:Finally|Then|Also|However|In closing|In conclusion)\s*,\s*)?[Tt]he\s+(?P<title>\p{{Lu}}[\p{{L}}’'\-]*(?:\s+(?:of\s+)?\p{{L}}[\p{{L}}’'\-]*){{0,4}}?)\s*(?:\((?P<who>[^()]{{3,80}})\)\s*)?,?\s+(?:(?:also|then|further|later|again|briefly)\s+)*(?P<verb>{VERBS})\b"
    ))
    .unwrap()
});

fn role_subject(
    doc: &Doc<'_>,
    people: &mut People,
    span: Span,
    text: &str,
) -> Option<(usize, String)> {
    let c = ROLE_SUBJECT.captures(text)?;
    let title = c.name("title")?;
    let verb = c.name("verb")?.as_str().to_string();
    if let Some(who) = c.name("who") {
        let p = parse_person(who.as_str())?;
        if !LEXICON.looks_like_title(title.as_str()) && role_word(title.as_str()).is_none() {
            return None;
        }
        let name_span = Span::new(span.start + who.start(), span.start + who.end());
        let mut m = mention(doc, &p.name, name_span, span, "office-holder");
        m.honorific = p.honorific;
        m.speaks = true;
        m.title = Some(title.as_str().to_string());
        m.role = role_word(title.as_str()).filter(|r| *r != Role::Chair);
        if role_from_title(Some(title.as_str())) == Some(Role::Chair) {
            m.role = Some(Role::Chair);
        }
        return people.add(m).map(|i| (i, verb));
    }
    // No name: the one person holding that session role, if there is one.
    let role = role_word(title.as_str())?;
    let mut holders = people
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role.as_ref().is_some_and(|(r, _)| *r == role));
    let (i, _) = holders.next()?;
    if holders.next().is_some() {
        return None;
    }
    people.people[i].mentions += 1;
    Some((i, verb))
}

static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"^(?:(?:In conclusion|Finally|Lastly|Additionally|Moreover|Furthermore|Also|Further|Then|However|In addition|In closing|Similarly)\s*,\s*)?(?:[Hh]e|[Ss]he)\s+(?:(?:also|then|further|later|again|briefly|firmly|strongly|additionally|particularly)\s+)*(?P<verb>{VERBS})\b"
    ))
    .unwrap()
});

/// "He", "She", or an opener such as "Finally, she".
fn starts_with_pronoun(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 40)];
    head.starts_with("He ")
        || head.starts_with("She ")
        || head.contains(" he ")
        || head.contains(" she ")
}

/// 'm' for "he", 'f' for "she".
fn pronoun_gender(text: &str) -> Option<char> {
    let head = text[..floor_char_boundary(text, 40)].to_lowercase();
    let words: Vec<&str> = head.split(|c: char| !c.is_alphabetic()).collect();
    if words.contains(&"she") {
        Some('f')
    } else if words.contains(&"he") {
        Some('m')
    } else {
        None
    }
}

/// The verb of [`PRONOUN`] in `text`: the phrase that ends its match, as
/// in [`subject_suffix`]. The capture engine cost thousands of
/// instructions a sentence on the verbs' hundreds of phrases.
fn pronoun_verb(text: &str) -> Option<String> {
    let end = PRONOUN.find(text)?.end();
    let at = verb_start(&text[..end])?;
    Some(text[at..end].to_string())
}

/// A person who is the subject of a reporting verb in `text`.
fn subject(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) -> Option<(usize, String)> {
    // (start, end, honorific, name, title written before the name), as
    // slices of the sentence: most candidates are turned down.
    type Candidate<'t> = (usize, usize, Option<&'t str>, &'t str, Option<&'t str>);
    let mut candidates: Vec<Candidate> = Vec::new();
    // Names are looked for near the start only; a name may run a little past it.
    let head = &text[..floor_char_boundary(text, 320)];
    for (start, end, hon, name) in honorific_names(head) {
        candidates.push((start, end, Some(hon), name, None));
    }
    for c in TITLE_NAME.captures_iter(head) {
        let all = c.get(0)?;
        let group = |name| c.name(name).map(|m| m.as_str());
        candidates.push((all.start(), all.end(), None, group("name")?, group("title")));
    }
    if let Some((end, name)) = bare_name_at_start(text) {
        candidates.push((0, end, None, name, None));
    }
    // "Opening the discussion, Pillai-Castell recalled…": a bare name after
    // an opening clause, only for someone already known (else "In 2023,
    // Google announced" would make a speaker of a company).
    if let Some(opener) = OPENER.find(text) {
        if let Some((end, name)) = bare_name_at_start(&text[opener.end()..]) {
            if people.find(&fold_tokens(name), None, true).is_some() {
                candidates.push((opener.end(), opener.end() + end, None, name, None));
            }
        }
    }
    // A subject opens its sentence (after at most a short clause).
    candidates.retain(|c| c.0 <= 240);
    candidates.sort_by_key(|c| c.0);
    for (start, end, hon, name, title_before) in candidates {
        let Some(prefix) = subject_prefix_groups(&text[..start]) else {
            continue;
        };
        let name = display_name(name.trim());
        if !acceptable_subject(people, &name, hon, title_before.is_some()) {
            continue;
        }
        // "Helene Vigue/ Henry Calvert provided": two subjects, one verb.
        let (second, rest_at) = match COORDINATED.captures(&text[end..]) {
            Some(c) if subject_suffix(&text[end + c.get(0)?.end()..]).is_some() => {
                let n = c.name("n")?;
                (
                    Some((end + n.start(), end + n.end())),
                    end + c.get(0)?.end(),
                )
            }
            _ => (None, end),
        };
        let Some(sc) = subject_suffix(&text[rest_at..]) else {
            continue;
        };
        let verb = sc.verb.to_string();
        if let Some((s2, e2)) = second {
            let n2 = display_name(&text[s2..e2]);
            if acceptable_subject(people, &n2, None, false) {
                let mut m = mention(
                    doc,
                    &n2,
                    Span::new(span.start + s2, span.start + e2),
                    span,
                    "subject-of-verb",
                );
                m.speaks = true;
                m.first_name_ok = true;
                people.add(m);
            }
        }
        let name_span = Span::new(span.start + start, span.start + end);
        let mut m = mention(doc, &name, name_span, span, "subject-of-verb");
        m.honorific = hon.map(collapse_spaces);
        m.speaks = true;
        m.first_name_ok = name.split_whitespace().count() == 1;
        m.title = title_before.map(str::to_string);
        let part = sc.paren.and_then(session_part);
        if let Some(role) = part {
            // "Dr. Fontaine-Obi (presenter) summarised": a part, not a body.
            m.role = role.filter(|r| *r != Role::Speaker);
        }
        if let Some(desc) = sc.desc.or(sc.paren.filter(|_| part.is_none())) {
            let e = parse_descriptor(desc);
            m.title = m.title.or(e.title);
            m.organization = e.organization;
            m.country = e.country;
        }
        if let Some(org) = sc.org {
            m.organization = Some(org.trim_start_matches("the ").to_string());
        }
        if let Some(t) = prefix.title {
            if LEXICON.looks_like_title(t) {
                let d = parse_descriptor(t);
                m.title = m.title.or(d.title);
                m.organization = m.organization.or(d.organization);
            }
        }
        if let Some(r) = prefix.role {
            m.role = role_word(r);
        }
        if verb == "moderated" {
            m.role = Some(Role::Moderator);
        } else if verb == "chaired" {
            m.role = Some(Role::Chair);
        }
        if let Some(t) = title_before {
            if role_of_label(t) == Some(Role::Chair) && !t.to_lowercase().contains("vice") {
                m.role = Some(Role::Chair);
            }
        }
        return people.add(m).map(|p| (p, verb));
    }
    None
}

/// The groups of [`SUBJECT_PREFIX`] in what stands before a subject.
#[derive(Debug, PartialEq, Eq)]
struct SubjectPrefix<'t> {
    role: Option<&'t str>,
    title: Option<&'t str>,
}

/// [`SUBJECT_PREFIX`]'s groups in `prefix`, or `None` where it does not
/// match. Both groups open with "the" or "The", so a prefix without "he"
/// (mostly none at all: the subject opens its sentence) is decided by the
/// automaton alone; its counted repetitions make the capture engine dear
/// even on an empty text.
fn subject_prefix_groups(prefix: &str) -> Option<SubjectPrefix<'_>> {
    if !prefix.contains("he") {
        return (prefix.is_empty() || SUBJECT_PREFIX.is_match(prefix)).then_some(SubjectPrefix {
            role: None,
            title: None,
        });
    }
    let c = SUBJECT_PREFIX.captures(prefix)?;
    let text = |name| c.name(name).map(|m| m.as_str());
    Some(SubjectPrefix {
        role: text("role"),
        title: text("title"),
    })
}

/// A subject must read as a person's name, or name someone already known
/// (a surname or first name from a list: "Herbert asked", "Ashley presented").
fn acceptable_subject(people: &People, name: &str, honorific: Option<&str>, titled: bool) -> bool {
    // The word tests first: they turn down most candidates ("The", "Participants")
    // without folding the name.
    let first = name.split_whitespace().next().unwrap_or("");
    if is_not_name(first) || LEXICON.is_title_word(name) {
        return false;
    }
    let tokens = fold_tokens(name);
    if tokens.is_empty() {
        return false;
    }
    if plausible_name(name, honorific.is_some() || titled) {
        return true;
    }
    people.find(&tokens, honorific, true).is_some()
}

/// A name opening a sentence ("Alan Hoppy, Director…", "Herbert asked").
fn bare_name_at_start(text: &str) -> Option<(usize, &str)> {
    static BARE: LazyLock<Regex> =
        LazyLock::new(|| crate::util::regex(&format!(r"^(?:-+>\s*)?(?:{})", &*NAME_CORE)).unwrap());
    let m = BARE.find(text)?;
    let lead = m.as_str().len() - m.as_str().trim_start_matches(['-', '>', ' ']).len();
    let name = &m.as_str()[lead..];
    let tokens = name.split_whitespace().count();
    ((1..=5).contains(&tokens)).then_some((m.end(), name))
}

/// An opening clause before a sentence's subject: "Opening the discussion, ".
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"^(?:In|During|At|For|To|With|After|Before|On|Following|Closing|Opening|Concluding|Responding|Speaking|Turning|Summing|Wrapping)\b[^,]{0,80},\s*",
    )
    .unwrap()
});

/// "/ Henry Calvert", "and Jan Friman" after a first subject.
static COORDINATED: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(r"^\s*(?:/|&|and)\s*(?P<n>{})", &*NAME_CORE)).unwrap()
});

fn role_word(w: &str) -> Option<Role> {
    match w.to_lowercase().as_str() {
        "moderator" | "facilitator" | "host" => Some(Role::Moderator),
        "chair" | "chairperson" | "chairman" | "chairwoman" => Some(Role::Chair),
        "keynote speaker" | "keynote" => Some(Role::Keynote),
        "panellist" | "panelist" => Some(Role::Panellist),
        _ => None,
    }
}

fn by_phrases(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) {
    for c in BY_PHRASE.captures_iter(text) {
        let (Some(kind), Some(who)) = (c.name("kind"), c.name("who")) else {
            continue;
        };
        let Some(p) = parse_person(who.as_str()) else {
            continue;
        };
        let kind = kind.as_str().to_lowercase();
        let name_span = Span::new(span.start + who.start(), span.start + who.end());
        let mut m = mention(doc, &p.name, name_span, span, "remarks-by");
        m.honorific = p.honorific;
        m.speaks = true;
        m.role = if kind.contains("video") || kind.contains("recorded") || kind.contains("keynote")
        {
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
            let d = parse_descriptor(desc);
            m.title = d.title;
            m.organization = d.organization;
            m.country = d.country;
        }
        people.add(m);
    }
}

fn inline_lists(doc: &Doc<'_>, people: &mut People, span: Span, text: &str) {
    let Some((kind, list)) = inline_list_groups(text) else {
        return;
    };
    let role = match text[kind].to_lowercase().as_str() {
        "panellists" | "panelists" | "discussants" => Some(Role::Panellist),
        "moderators" => Some(Role::Moderator),
        "keynote speakers" => Some(Role::Keynote),
        _ => None,
    };
    let body = text[list.clone()].trim_end_matches('.');
    let sep = if body.contains(';') { ';' } else { ',' };
    let mut at = list.start;
    for piece in body.split(sep) {
        let trimmed = piece.trim().trim_start_matches("and ").trim();
        let offset = at + piece.find(trimmed).unwrap_or(0);
        at += piece.len() + 1;
        let Some(e) = parse_entry(trimmed) else {
            continue;
        };
        let name_span = Span::new(
            span.start + offset,
            span.start + offset + e.name_len.min(trimmed.len()),
        );
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
            let value = match LEXICON.country(name) {
                Some(country) => (country.to_string(), true),
                None if !is_country || LEXICON.is_known_org(name) => (name.to_string(), false),
                None => continue,
            };
            if found.delegations.iter().any(|d| d.0 == value.0) {
                continue;
            }
            let span = Span::new(
                sentence.span.start + m.start(),
                sentence.span.start + m.end(),
            );
            found
                .delegations
                .push((value.0, value.1, span, sentence.span));
        }
    }
}

/// "Name, descriptor" followed by the end of the descriptor.
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"(?P<who>(?:{h}\s+)*{n})(?:\s+(?:{POSTNOMINAL}))?,\s+{DESC_AFTER_COMMA}",
        h = &*HONORIFIC,
        n = &*NAME_CORE
    ))
    .unwrap()
});

/// Post-nominal letters an apposition may put between name and comma.
const POSTNOMINAL: &str = "AM|MP|MS|MSP|MLA|TD|MEP|QC|KC";

/// What follows the comma of an apposition, up to the descriptor's end.
const DESC_AFTER_COMMA: &str =
    r"(?:the\s+|who is\s+|a\s+|an\s+)?(?P<desc>[^;.()]+?)\s*(?:;|\.(?:\s|$)|$|\(|,\s+and\s+)";

/// An apposition's name and descriptor (as written) and where it ends.
struct Apposition {
    who: Range<usize>,
    desc: Range<usize>,
    end: usize,
}

/// The first apposition at or after `at`: what [`APPOSITION`]'s captures
/// would give, without running its capture engine on a 4,000-state
/// automaton for every match (a third of the seed's whole run went there).
///
/// [`apposition_span`] finds the match; its parts follow from where it is.
/// The name holds no comma, so it ends at the first comma of the match, or
/// before post-nominal letters there that the name itself cannot take (they
/// follow a line break); the descriptor is read by hand from that comma.
/// Whatever does not fit that reading (a descriptor of white space) falls
/// back to the full captures, and a unit test compares the two over
/// thousands of appositions.
fn apposition_at(text: &str, at: usize) -> Option<Apposition> {
    let (start, comma, end) = apposition_span(text, at)?;
    apposition_parts(text, start, comma, end).or_else(|| {
        let c = APPOSITION.captures_at(text, start)?;
        Some(Apposition {
            who: c.name("who")?.range(),
            desc: c.name("desc")?.range(),
            end: c.get(0)?.end(),
        })
    })
}

/// Where [`APPOSITION`]'s first match at or after `at` starts, has its
/// first comma and ends, found comma by comma.
///
/// The engine's own search finds each comma and reads back over the words
/// before it, and where a descriptor fails after passing later commas (a
/// bracket closes it, "e.g." breaks it) it starts again over the whole rest
/// of the sentence with its forward automaton: 53,000 instructions a time,
/// four fifths of the search's cost on generated text. Here, no honorific,
/// name or post-nominal holds a comma (tested), so the match's comma is the
/// first after its start and the match starts after the comma before that
/// one. A comma can close a name only if white space follows and the word
/// before it holds a capital (most commas of prose follow a lower-case word
/// or a number); at such a comma, the name is the longest one ending there
/// and the descriptor is matched from the comma on, each half on its own.
fn apposition_span(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    static WHO_AT_END: LazyLock<Regex> = LazyLock::new(|| {
        crate::util::regex(&format!(
            r"(?:{h}\s+)*{n}(?:\s+(?:{POSTNOMINAL}))?$",
            h = &*HONORIFIC,
            n = &*NAME_CORE
        ))
        .unwrap()
    });
    static AFTER_COMMA: LazyLock<Regex> =
        LazyLock::new(|| crate::util::regex(&format!(r"^,\s+{DESC_AFTER_COMMA}")).unwrap());
    let mut from = at;
    for (i, _) in text[at..].match_indices(',') {
        let comma = at + i;
        if may_close_a_name(text, comma) {
            if let Some(who) = WHO_AT_END.find_at(&text[..comma], from) {
                if let Some(rest) = AFTER_COMMA.find(&text[comma..]) {
                    return Some((who.start(), comma, comma + rest.end()));
                }
            }
        }
        from = comma + 1;
    }
    None
}

/// Whether the comma at `comma` is followed by white space and the word
/// before it holds an upper-case letter (`\p{Lu}` is upper case).
fn may_close_a_name(text: &str, comma: usize) -> bool {
    text[comma + 1..].starts_with(char::is_whitespace)
        && text[..comma]
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|word| word.chars().any(char::is_uppercase))
}

fn apposition_parts(
    text: &str,
    start: usize,
    comma: usize,
    match_end: usize,
) -> Option<Apposition> {
    static WHOLE_WHO: LazyLock<Regex> = LazyLock::new(|| {
        crate::util::regex(&format!(r"^(?:{}\s+)*(?:{})$", &*HONORIFIC, &*NAME_CORE)).unwrap()
    });
    static POSTNOMINAL_AT_END: LazyLock<Regex> =
        LazyLock::new(|| crate::util::regex(&format!(r"\s+(?:{POSTNOMINAL})$")).unwrap());
    let who_end = if WHOLE_WHO.is_match(&text[start..comma]) {
        comma
    } else {
        // Letters the name could not take: they follow a line break.
        let end = start + POSTNOMINAL_AT_END.find(&text[start..comma])?.start();
        WHOLE_WHO.is_match(&text[start..end]).then_some(end)?
    };
    let (desc, end) = descriptor_after(text, comma)?;
    (end == match_end).then_some(Apposition {
        who: start..who_end,
        desc,
        end,
    })
}

/// [`DESC_AFTER_COMMA`] read by hand from the comma at `comma` (a capture
/// engine costs about 10 µs per descriptor here): the white space and the
/// article the pattern prefers, then the shortest descriptor its end
/// accepts. `None` when that preferred reading fails, where the pattern
/// would try a less preferred one. Gives the descriptor and the match end.
fn descriptor_after(text: &str, comma: usize) -> Option<(Range<usize>, usize)> {
    let after_space = |at| after_white_space(text, at);
    let at = comma + 1;
    let mut start = after_space(at);
    if start == at {
        return None;
    }
    for article in ["the", "who is", "a", "an"] {
        let end = start + article.len();
        if text[start..].starts_with(article) && after_space(end) > end {
            start = after_space(end);
            break;
        }
    }
    for (i, c) in text[start..].char_indices() {
        if matches!(c, ';' | '.' | '(' | ')') {
            return None;
        }
        let desc_end = start + i + c.len_utf8();
        if let Some(end) = descriptor_end(text, desc_end) {
            return Some((start..desc_end, end));
        }
    }
    None
}

/// Where `\s*(?:;|\.(?:\s|$)|$|\(|,\s+and\s+)` matching at `at` ends.
fn descriptor_end(text: &str, at: usize) -> Option<usize> {
    let skip_space = |at| after_white_space(text, at);
    let q = skip_space(at);
    let rest = &text[q..];
    let mut chars = rest.chars();
    match chars.next() {
        None => Some(q),
        Some(';' | '(') => Some(q + 1),
        Some('.') => match chars.next() {
            None => Some(q + 1),
            Some(w) if w.is_whitespace() => Some(q + 1 + w.len_utf8()),
            Some(_) => None,
        },
        Some(',') => {
            let and = skip_space(q + 1);
            if and == q + 1 || !text[and..].starts_with("and") {
                return None;
            }
            let end = skip_space(and + 3);
            (end > and + 3).then_some(end)
        }
        Some(_) => None,
    }
}

/// Where the white space starting at `at` ends (`\s` is Unicode
/// White_Space, as `trim_start`).
fn after_white_space(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

/// "Name, Title of Organisation" appositions that do not show the person
/// speaking: they fill in the fields of people who speak elsewhere ("I
/// welcome Ana Lima, the Minister for Health; …" before Ana Lima's turn).
fn introductions(doc: &Doc<'_>, people: &mut People) {
    // Only people already found can gain fields here (an apposition alone
    // never makes a speaker), so only sentences naming one are read.
    let mut surnames: Vec<&str> = people
        .people
        .iter()
        .filter(|p| p.speaks_at.is_some())
        .filter_map(|p| p.name.split_whitespace().last())
        .collect();
    if surnames.is_empty() {
        return;
    }
    surnames.sort_unstable();
    surnames.dedup();
    // Built for every document and used once over its sentences: the
    // contiguous NFA builds in a fraction of the time of the DFA that the
    // default picks for a few dozen names, and searches nearly as fast.
    let Ok(known) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(&surnames)
    else {
        return;
    };
    for sentence in &doc.seg.sentences {
        let text = doc.slice(sentence.span);
        if !text.contains(", ") || !known.is_match(text) {
            continue;
        }
        let mut at = 0;
        while let Some(c) = apposition_at(text, at) {
            let (who, desc) = (&text[c.who.clone()], &text[c.desc]);
            // The length bound lives here, not in the pattern: a counted
            // repetition multiplies the automaton's states by its bound.
            // A descriptor too long here may fit after a later name ("A, B,
            // the Minister…"); a start inside this name would only reach
            // the same comma, so the search goes on after the name.
            if !(3..=160).contains(&desc.chars().count()) {
                at = c.who.end;
                continue;
            }
            at = c.end;
            let Some(p) = parse_person(who) else {
                continue;
            };
            // "…, Lithuania, noted that …": the descriptor ends at the verb.
            let desc = match VERB_IN.find(desc) {
                Some(v) => desc[..v.start()].trim_end().trim_end_matches(','),
                None => desc,
            };
            let d = parse_descriptor(desc);
            if d.title.is_none() || !LEXICON.looks_like_title(desc) {
                continue;
            }
            let span = Span::new(
                sentence.span.start + c.who.start,
                sentence.span.start + c.who.end,
            );
            let mut m = mention(doc, &p.name, span, sentence.span, "apposition");
            m.may_create = false;
            m.honorific = p.honorific;
            m.title = d.title;
            m.organization = d.organization;
            m.country = d.country;
            people.add(m);
        }
    }
}

/// The largest char boundary of `text` at or below `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut cut = text.len().min(at);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

/// ">> MODERATOR: … My name is Rosa Quispe Mamani, from …": the holder of a
/// role label names themselves in their first words.
fn self_introduction(doc: &Doc<'_>, label: Span, context: Span, role: Role) -> Option<Mention> {
    static SELF: LazyLock<Regex> = LazyLock::new(|| {
        crate::util::regex(&format!(
            r"\b(?:[Mm]y name is|I am|I'm)\s+(?P<who>{n})(?:,\s+(?P<desc>[^,.;]{{3,120}}))?",
            n = &*NAME_CORE
        ))
        .unwrap()
    });
    let line_end = doc.text[label.end..]
        .find('\n')
        .map_or(doc.text.len(), |p| label.end + p);
    let body = &doc.text[label.end..line_end];
    let head = &body[..floor_char_boundary(body, 400)];
    let c = SELF.captures(head)?;
    let who = c.name("who")?;
    let person = parse_person(who.as_str())?;
    let span = Span::new(label.end + who.start(), label.end + who.end());
    let mut m = mention(doc, &person.name, span, context, "self-introduction");
    m.speaks = true;
    m.role = Some(role);
    if let Some(desc) = c.name("desc") {
        let desc = desc.as_str();
        let d = parse_descriptor(desc.trim_start_matches("from ").trim_start_matches("the "));
        m.title = d.title;
        m.organization = d.organization;
        m.country = d.country;
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_introduction_fills_in_a_speaker_named_elsewhere() {
        let rules = crate::rules::Rules::default_rules();
        let text = "Ms. Ana Lima said that connectivity matters for rural schools.\n\n\
                    Mr. Rui Costa said that costs are high.\n\n\
                    The chair welcomed Ana Lima, Minister of Health of Brazil, and \
                    Pedro Lima, Minister of Finance of Chile, to the panel.\n";
        let record = crate::pipeline::process_text("t.txt", text, &rules);
        let found: Vec<_> = record
            .speakers
            .iter()
            .map(|s| (s.name.as_deref(), s.title.as_deref()))
            .collect();
        // The apposition names a speaker (not another Lima, who never
        // speaks) and gives her title; it makes no speaker of its own.
        assert_eq!(
            found,
            [
                (Some("Ana Lima"), Some("Minister of Health of Brazil")),
                (Some("Rui Costa"), None)
            ]
        );
    }

    /// A kept entry is the one reading the label again gives, for both
    /// kinds, over more labels than a thread keeps (so after a clearing).
    #[test]
    fn label_entries_are_kept_as_read() {
        // Distinct surnames without digits: "Ruizab", "Ruizac"…
        let letters = |i: usize| -> String {
            [i / 676, i / 26 % 26, i % 26]
                .iter()
                .map(|&d| char::from(b'a' + d as u8))
                .collect()
        };
        let labels: Vec<String> = (0..KEPT_LABELS + 50)
            .map(|i| match i % 4 {
                0 => format!("Ms. Ana Ruiz{} (Ministry of Health, Kenya)", letters(i)),
                1 => format!("Nicole{}", letters(i)),
                2 => "MODERATOR".to_string(),
                _ => format!("Dr. Li Wei{}, Director, UNDP", letters(i)),
            })
            .collect();
        let mut read = 0;
        for round in 0..2 {
            for label in labels.iter().step_by(if round == 0 { 1 } else { 7 }) {
                for single_ok in [false, true] {
                    let want = if single_ok {
                        parse_list_entry(label)
                    } else {
                        parse_entry(label)
                    };
                    read += usize::from(want.is_some());
                    assert_eq!(label_entry(label, single_ok), want, "{label:?} {single_ok}");
                }
            }
        }
        assert!(read > KEPT_LABELS, "{read}");
    }

    /// The word tests moved before the folding decide as the old order did:
    /// words that open sentences, title words, names without letters,
    /// plausible names and a surname known from a list.
    #[test]
    fn acceptable_subject_is_the_old_order() {
        fn old(people: &People, name: &str, honorific: Option<&str>, titled: bool) -> bool {
            let tokens = fold_tokens(name);
            let first = name.split_whitespace().next().unwrap_or("");
            if tokens.is_empty() || is_not_name(first) || LEXICON.is_title_word(name) {
                return false;
            }
            if plausible_name(name, honorific.is_some() || titled) {
                return true;
            }
            people.find(&tokens, honorific, true).is_some()
        }
        let mut people = People::default();
        // A surname that is also a word opening sentences ("Most said").
        for name in ["Herbert Okonkwo-Lind", "Ana Most"] {
            people.add(Mention {
                name: name.to_string(),
                may_create: true,
                ..Mention::default()
            });
        }
        let names = [
            "The",
            "Participants",
            "Audience",
            "Moderator",
            "Minister",
            "Ana Ruiz",
            "Okonkwo-Lind",
            "Herbert",
            "Lind",
            "--",
            "",
            "Several Speakers",
            "Ms",
            "The Minister",
            "Dr. Li",
            "Most",
            "Ana Most",
        ];
        let mut turned_down = 0;
        for name in names {
            for hon in [None, Some("Ms.")] {
                for titled in [false, true] {
                    let want = old(&people, name, hon, titled);
                    turned_down += usize::from(!want);
                    assert_eq!(
                        acceptable_subject(&people, name, hon, titled),
                        want,
                        "{name:?}"
                    );
                }
            }
        }
        assert!(
            turned_down > 20 && turned_down < names.len() * 4,
            "{turned_down}"
        );
    }

    fn cells(row: &str) -> Vec<String> {
        table_cells(row).expect("a table row")
    }

    #[test]
    fn no_verb_phrase_ends_another_or_is_both_verb_and_base() {
        let verbs: Vec<&str> = VERBS.split('|').collect();
        let bases: Vec<&str> = BASES.split('|').collect();
        assert!(verbs.iter().all(|v| !bases.contains(v)));
        for phrase in verbs.iter().chain(&bases) {
            for (i, _) in phrase.match_indices(' ') {
                assert!(!VERB_PHRASES.contains(&phrase[i + 1..]), "{phrase}");
            }
        }
        assert_eq!(VERB_PHRASES.len(), verbs.len() + bases.len());
    }

    /// The plain-suffix short cut reads the parts and the verb the full
    /// pattern's captures give: over made-up suffixes (every verb and base
    /// form among them), and after every space, bracket and comma of the
    /// test documents.
    #[test]
    fn subject_suffix_equals_the_full_pattern() {
        let mut texts = Vec::new();
        let heads = [
            "",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            " (presenter)",
            ", the Minister,",
            ",",
            " ,",
            " from the ITU,",
            " of Japan",
            " at UNESCO",
            " as chair,",
            " As chair",
            " FROM x",
            " (",
            " also",
            " then also",
            " quickly",
            " offered",
            " Ofcom",
            " atop",
            " ass",
        ];
        let mut tails = vec![
            " said".to_string(),
            " x".to_string(),
            String::new(),
            ", said".to_string(),
            " has also raised".to_string(),
            " did not agree".to_string(),
            " noted".to_string(),
        ];
        for verb in VERBS.split('|') {
            tails.push(format!(" {verb}"));
        }
        for base in BASES.split('|') {
            tails.push(format!(" will {base}"));
            tails.push(format!(" to also {base}"));
        }
        for head in heads {
            for tail in &tails {
                for end in ["", " the plan.", "."] {
                    texts.push(format!("{head}{tail}{end}"));
                }
            }
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let (mut checked, mut plain, mut matched) = (0, 0, 0);
        for text in &texts {
            for (i, c) in text.char_indices() {
                if !(c.is_whitespace() || c == '(' || c == ',') && i > 0 {
                    continue;
                }
                let rest = &text[i..];
                let rest = &rest[..floor_char_boundary(rest, 400)];
                let want = suffix_by_whole_pattern(rest);
                assert_eq!(subject_suffix(rest), want, "{rest:?}");
                checked += 1;
                plain += usize::from(!may_open_a_part(rest));
                matched += usize::from(want.is_some());
            }
        }
        assert!(
            checked > 5_000 && plain > 5_000 && matched > 1_000,
            "{checked} {plain} {matched}"
        );
    }

    /// Every apposition as the full pattern's captures give it.
    fn appositions_by_captures(text: &str) -> Vec<(Range<usize>, Range<usize>, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(c) = APPOSITION.captures_at(text, at) {
            let end = c.get(0).unwrap().end();
            out.push((
                c.name("who").unwrap().range(),
                c.name("desc").unwrap().range(),
                end,
            ));
            at = end;
        }
        out
    }

    fn appositions(text: &str) -> Vec<(Range<usize>, Range<usize>, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(a) = apposition_at(text, at) {
            out.push((a.who, a.desc, a.end));
            at = a.end;
        }
        out
    }

    #[test]
    fn subject_prefix_groups_equal_the_captures() {
        let pieces = [
            "",
            "In her opening remarks, ",
            "Finally, ",
            "Then ",
            "the moderator, ",
            "The Chair of the Board, ",
            "the Minister for Health, ",
            "However, the keynote speaker of ITU, ",
            "During the session ",
            "x",
            "Speaking for the, ",
            "The Director, ",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let prefix = format!("{a}{b}{c}");
                    let want = SUBJECT_PREFIX.captures(&prefix).map(|c| SubjectPrefix {
                        role: c.name("role").map(|m| m.as_str()),
                        title: c.name("title").map(|m| m.as_str()),
                    });
                    assert_eq!(subject_prefix_groups(&prefix), want, "{prefix:?}");
                    checked += usize::from(want.is_some_and(|p| p.role.or(p.title).is_some()));
                }
            }
        }
        assert!(checked > 100, "{checked} with a group");
    }

    #[test]
    fn pronoun_verbs_equal_the_captures() {
        let openers = ["", "Finally, ", "In addition ,  ", "Then,"];
        let pronouns = ["He", "she", "She", "They"];
        let adverbs = ["", "also ", "then  further ", "quietly "];
        let ends = ["", " that", "d", ".", " out the"];
        let mut found = 0;
        for verb in VERBS.split('|').chain(BASES.split('|')) {
            for opener in openers {
                for pronoun in pronouns {
                    for adverb in adverbs {
                        for end in ends {
                            let text = format!("{opener}{pronoun} {adverb}{verb}{end}");
                            let want = PRONOUN.captures(&text).map(|c| c["verb"].to_string());
                            found += usize::from(want.is_some());
                            assert_eq!(pronoun_verb(&text), want, "{text:?}");
                        }
                    }
                }
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn inline_list_groups_equal_the_whole_patterns_captures() {
        let leads = ["", "The session featured ", "x", "Also, keynote ", "Our "];
        let kinds = [
            "panellists",
            "Panelists",
            "SPEAKERS",
            "keynote speakers",
            "Keynote  speakers",
            "witnesses",
            "speakersx",
        ];
        let middles = ["", " (three)", " were as follows", ". Then", " of the day"];
        let colons = [":", ": ", ":\n", ":  \n ", "", ": :"];
        let lists = [
            "Ana Lima, ITU; Tom Berg, UN.",
            "",
            " ",
            "A\nB",
            "Dr. Wu",
            "panelists: Ana Lima",
        ];
        let (mut checked, mut found) = (0, 0);
        for lead in leads {
            for kind in kinds {
                for middle in middles {
                    for colon in colons {
                        for list in lists {
                            let text = format!("{lead}{kind}{middle}{colon}{list}");
                            let want = INLINE_LIST.captures(&text).map(|c| {
                                (
                                    c.name("kind").unwrap().range(),
                                    c.name("list").unwrap().range(),
                                )
                            });
                            assert_eq!(inline_list_groups(&text), want, "{text:?}");
                            checked += 1;
                            found += usize::from(want.is_some());
                        }
                    }
                }
            }
        }
        assert!(checked > 5_000 && found > 1_000, "{checked} {found}");
    }

    /// `apposition_span` takes an apposition's comma to be the first after
    /// its start: no honorific of the lexicon (`data/honorifics.txt`) or
    /// post-nominal may hold one.
    #[test]
    fn no_honorific_or_post_nominal_holds_a_comma() {
        let honorifics = crate::lexicon::LEXICON
            .honorifics
            .iter()
            .map(String::as_str);
        for word in honorifics.chain(POSTNOMINAL.split('|')) {
            assert!(!word.contains(','), "{word:?}");
        }
    }

    #[test]
    fn the_comma_by_comma_search_finds_what_the_pattern_finds_from_every_start() {
        // Commas after lower-case words, numbers, brackets and capitals,
        // with and without white space after them, around appositions.
        let pieces = [
            "In 2023, ",
            "he said, ",
            "x,y ",
            "Lima,",
            "(Ana Lima), ",
            "H.E. Mr. Hiroshi Yoshida, Vice Minister; ",
            "Lynne Neagle MS, Deputy Minister. ",
            "Lynne Neagle\nMS, Chair (ITU) ",
            "José Ñúñez,\tDirectora, and ",
            "ÉMILE, ",
            "d'Alembert Roy, a Professor; ",
            "welcome, ",
            "Ana Lima, the Minister, ",
            "A, B, ",
            "al-Sayed, a Minister; ",
            "(Lima, the Chair) ",
            "Ana Lima, e.g. Chair, ",
            "Dr. Wu, ITU), ",
        ];
        let mut checked = 0;
        let mut found = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}end.");
                    for (at, _) in text.char_indices() {
                        let want = APPOSITION.captures_at(&text, at).map(|c| {
                            let (who, desc) = (c.name("who").unwrap(), c.name("desc").unwrap());
                            (who.range(), desc.range(), c.get(0).unwrap().end())
                        });
                        let got = apposition_at(&text, at).map(|a| (a.who, a.desc, a.end));
                        assert_eq!(got, want, "{text:?} from {at}");
                        checked += 1;
                        found += usize::from(want.is_some());
                    }
                }
            }
        }
        assert!(checked > 50_000 && found > 10_000, "{checked} {found}");
    }

    #[test]
    fn appositions_read_without_captures_equal_the_captures() {
        let names = [
            "Ana Lima",
            "H.E. Mr. Hiroshi Yoshida",
            "Lynne Neagle\nMS",
            "Lynne Neagle MS",
            "Dr. Ana van der Berg",
            "José Ñúñez",
            "d'Alembert Roy",
        ];
        let commas = [
            ",",
            ", ",
            ",  ",
            ",\n",
            ", the ",
            ", the  ",
            ", who is ",
            ", a ",
            ", an ",
            ", theatre ",
        ];
        let descs = [
            "Minister for Health",
            "",
            " ",
            "a",
            "Chair of ITU, Japan",
            "Directora",
        ];
        let ends = [
            ";",
            ".",
            ". Next",
            ".x",
            "",
            " (ITU)",
            ", and Tom Berg, the Chair.",
            " ,  and  x",
            ")",
            "  ",
        ];
        let (mut seen, mut words, mut fast) = (0, 0, 0);
        for name in names {
            for comma in commas {
                for desc in descs {
                    for end in ends {
                        let text = format!("I welcome {name}{comma}{desc}{end}");
                        let expected = appositions_by_captures(&text);
                        seen += expected.len();
                        // A descriptor of words is read without the
                        // fallback to captures (white space alone or a bare
                        // article takes it).
                        if desc.len() > 1 {
                            let mut at = 0;
                            while let Some(m) = APPOSITION.find_at(&text, at) {
                                words += 1;
                                let comma = m.start() + m.as_str().find(',').unwrap();
                                let parts = apposition_parts(&text, m.start(), comma, m.end());
                                fast += usize::from(parts.is_some());
                                at = m.end();
                            }
                        }
                        assert_eq!(appositions(&text), expected, "{text:?}");
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen} appositions");
        assert_eq!(fast, words, "read without captures");
    }

    #[test]
    fn the_verb_filter_passes_every_sentence_the_subject_patterns_can_match() {
        // Every verb and base form, after a subject or an auxiliary, and
        // before the ends the patterns accept.
        for verb in VERBS.split('|') {
            for end in [" that", ",", "", "\u{e9}t\u{e9}"] {
                let text = format!("Dr. Ana Lima {verb}{end}");
                let suffix = SUBJECT_SUFFIX.is_match(&text["Dr. Ana Lima".len()..]);
                assert!(!suffix || may_report(&text), "{text:?}");
            }
            assert!(may_report(&format!(
                "Ms. Wu, the Minister, {verb} the plan"
            )));
        }
        for base in BASES.split('|') {
            assert!(may_report(&format!("Ms. Wu will also {base} the plan")));
            assert!(SUBJECT_SUFFIX.is_match(&format!(" will also {base} the plan")));
        }
        // No reporting verb as a whole word: the subject patterns are skipped.
        for text in [
            "Coffee break at noon.",
            "The ships sailed home.",
            "Agenda item 4",
        ] {
            assert!(!may_report(text), "{text:?}");
            assert!(!SUBJECT_SUFFIX.is_match(&text[4..]), "{text:?}");
        }
    }

    #[test]
    fn table_rows_read_by_their_header() {
        let header = cells("| Name | Role | Organisation | Country |");
        assert!(is_header_row(&header));
        let row = cells("| **Dr. Tom Berg** | Moderator | ITU | Norway |");
        assert!(!is_header_row(&row));
        assert_eq!(
            table_entry(&row, Some(&header)),
            "Dr. Tom Berg, ITU, Norway (Moderator)"
        );
        // A role cell that is not a session part is a title.
        let row = cells("| Ms. Ana Lima | Director of Policy | Ministry of Communications | |");
        assert_eq!(
            table_entry(&row, Some(&header)),
            "Ms. Ana Lima, Director of Policy, Ministry of Communications"
        );
    }

    #[test]
    fn rooms_are_not_presenters() {
        assert!(names_a_place("Terrace Restaurant"));
        assert!(names_a_place(" Main Hall"));
        assert!(!names_a_place("Casey Cain"));
        assert!(!names_a_place("LF"));
    }

    #[test]
    fn panel_labels() {
        for l in ["I", "II", "IV", "Panel 2", "Session 1"] {
            assert!(is_panel_label(Some(l)), "{l}");
        }
        for l in ["Chair", "Ms Varga", "Panel discussion", ""] {
            assert!(!is_panel_label(Some(l)), "{l}");
        }
    }

    #[test]
    fn table_rows_without_a_header_put_the_name_first() {
        let row = cells("| Ms. Ana Lima | Director of Policy | ITU |");
        assert_eq!(
            table_entry(&row, None),
            "Ms. Ana Lima, Director of Policy, ITU"
        );
        assert_eq!(table_cells("Ms. Ana Lima, Director"), None);
        assert_eq!(table_cells("| just one |"), None);
        assert!(!is_header_row(&cells("| Title | Organisation |")));
    }
}
