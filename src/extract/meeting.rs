//! The meeting: title, dates, venue, city and country, organisers, URLs.
//!
//! Header fields win when a document has them ("Date: …", a YAML `title:`,
//! a "Venue" table row); otherwise the first sentences are read for
//! "X took place on DATE … in CITY, COUNTRY" and "meeting of the X".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Doc;
use crate::lexicon::LEXICON;
use crate::model::{Field, LineKind, Meeting, Span};

const DAY_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(&format!(
        r"(?i)\b(?:(?P<y1>\d{{4}})-(?P<m1>\d{{2}})-(?P<d1>\d{{2}})\b|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|to)\s*(?P<e2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?P<m2>{MONTHS})\.?,?\s+(?P<y2>\d{{4}})\b|(?P<m3>{MONTHS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|to)\s*(?P<e3>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s+(?P<y3>\d{{4}})\b)"
    ))
    .unwrap()
});

static TOOK_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"^(?:The\s+)?(?P<t>\p{Lu}.{4,200}?)\s+(?:took place|was held|were held|convened|was convened|was organi[sz]ed)\b").unwrap()
});
static SUMMARY_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"\b(?:summary|report|minutes|record|outcome|proceedings) of the (?P<t>\p{Lu}.{4,200}?)(?:\s+(?:at|held|in|during)\s+(?:the\s+)?\p{Lu}|\s+(?:that|which|held|convened)\b|[.,;(]|$)").unwrap()
});
static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"(?:meeting|session|sitting|hearing) of the (?P<t>\p{Lu}[\p{L}\d-]*(?:(?:,\s+|\s+)(?:(?:of|the|on|for|and|in|de)\s+)*\p{Lu}[\p{L}\d-]*)*)").unwrap()
});
static IN_CITY: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"\b(?:in|at)\s+(?P<city>\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+){0,2}),\s+(?P<country>\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+){0,3})").unwrap()
});
static HELD_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(r"\b(?:held|hosted|took place)\s+(?:in|at)\s+(?P<v>(?:the\s+)?\p{Lu}[^,.;]{2,120}?)(?:,|\.|;|\s+which\b|\s+on\b|\s+in\s+\p{Lu}|$)").unwrap()
});
static ORGANISED_BY: LazyLock<Regex> = LazyLock::new(|| {
    crate::util::regex(
        r"\b(?:co-)?organi[sz]ed (?:jointly )?by (?:the\s+)?(?P<o>[^.;]{3,200}?)(?:\.|;|$)",
    )
    .unwrap()
});
static URL: LazyLock<Regex> =
    LazyLock::new(|| crate::util::regex(r#"https?://[^\s<>"'\])|]+"#).unwrap());

/// Read the meeting's metadata.
pub fn find_meeting(doc: &Doc<'_>) -> Meeting {
    let mut m = Meeting::default();
    for f in &doc.seg.fields {
        let value = doc.slice(f.value);
        let line = doc.seg.lines[f.line].span;
        match f.key.as_str() {
            "title" if m.title.is_none() => {
                let v = value.trim().trim_matches(['\'', '"', '*']).trim();
                if !v.is_empty() {
                    m.title = Some(field(doc, "title", v, "title-field", f.value, line));
                }
            }
            // A "Date:" in the closing lines dates the signature, not the
            // meeting; it counts only if nothing earlier gives a date.
            "date" if m.dates.is_empty() && !in_closing_lines(doc, f.value.start) => {
                m.dates = dates_in(doc, f.value, line, "date-field")
            }
            "venue" if m.venue.is_none() && !value.trim().is_empty() => {
                let v = value
                    .split('|')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                m.venue = Some(field(doc, "venue", &v, "venue-field", f.value, line));
            }
            "organizers" if m.organizers.is_empty() => {
                for o in split_organisers(value) {
                    m.organizers.push(field(
                        doc,
                        "organizer",
                        &o,
                        "organizers-field",
                        f.value,
                        line,
                    ));
                }
            }
            _ => {}
        }
    }
    if m.title.is_none() {
        m.title = title_from_text(doc);
    }
    if m.dates.is_empty() {
        m.dates = first_dates(doc);
    }
    if m.dates.is_empty() {
        if let Some(f) = doc.seg.fields.iter().find(|f| f.key == "date") {
            let line = doc.seg.lines[f.line].span;
            m.dates = dates_in(doc, f.value, line, "date-field");
        }
    }
    let place = place_from_text(doc, &mut m);
    if m.organizers.is_empty() {
        m.organizers = organisers_from_text(doc);
    }
    m.location = match (place, &m.venue) {
        (Some(place), _) => Some(place),
        (None, Some(venue)) => Some(Field {
            field: "location",
            ..venue.clone()
        }),
        _ => None,
    };
    m.urls = urls(doc);
    m
}

/// Whether `at` lies in the last fifth of a document long enough to have a
/// body and a closing block (signatures, "Approved on").
fn in_closing_lines(doc: &Doc<'_>, at: usize) -> bool {
    doc.text.len() > 2_000 && at * 5 > doc.text.len() * 4
}

fn field(
    doc: &Doc<'_>,
    name: &'static str,
    value: &str,
    rule: &'static str,
    span: Span,
    context: Span,
) -> Field {
    Field {
        field: name,
        value: value.to_string(),
        rule,
        evidence: doc.evidence(span, context),
    }
}

/// ISO dates in `span`: the first date, and the last day of a range.
fn dates_in(doc: &Doc<'_>, span: Span, context: Span, rule: &'static str) -> Vec<Field> {
    dates_and_where(doc, span, context, rule).0
}

/// [`dates_in`], and where in `span` the date was written.
fn dates_and_where(
    doc: &Doc<'_>,
    span: Span,
    context: Span,
    rule: &'static str,
) -> (Vec<Field>, usize) {
    let text = doc.slice(span);
    let Some(c) = may_hold_date(text).then(|| DATE.captures(text)).flatten() else {
        return (Vec::new(), 0);
    };
    let all = c.get(0).expect("match");
    (dates_of(doc, &c, span, context, rule), all.start())
}

/// Every date pattern holds a digit (`\d`: a decimal digit of any script,
/// all of which are numeric); most lines hold none and skip the search,
/// which on a line with a non-ASCII letter runs without the fast automaton.
fn may_hold_date(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || !text.is_ascii() && text.chars().any(char::is_numeric)
}

fn dates_of(
    doc: &Doc<'_>,
    c: &regex::Captures<'_>,
    span: Span,
    context: Span,
    rule: &'static str,
) -> Vec<Field> {
    let all = c.get(0).expect("match");
    let at = Span::new(span.start + all.start(), span.start + all.end());
    let (y, mo, d, e) = if let Some(y) = c.name("y1") {
        (
            y.as_str().parse().ok(),
            c["m1"].parse().ok(),
            c["d1"].parse().ok(),
            None,
        )
    } else if let Some(y) = c.name("y2") {
        (
            y.as_str().parse().ok(),
            month(&c["m2"]),
            c["d2"].parse().ok(),
            c.name("e2").and_then(|e| e.as_str().parse().ok()),
        )
    } else {
        (
            c["y3"].parse().ok(),
            month(&c["m3"]),
            c["d3"].parse().ok(),
            c.name("e3").and_then(|e| e.as_str().parse().ok()),
        )
    };
    let (Some(y), Some(mo), Some(d)) = (y, mo, d) else {
        return Vec::new();
    };
    let valid =
        |d: u32| (1..=31).contains(&d) && (1..=12).contains(&mo) && (1900..=2100).contains(&y);
    if !valid(d) {
        return Vec::new();
    }
    let mut out = vec![field(
        doc,
        "date",
        &format!("{y:04}-{mo:02}-{d:02}"),
        rule,
        at,
        context,
    )];
    if let Some(e) = e.filter(|&e: &u32| valid(e) && e > d) {
        out.push(field(
            doc,
            "date",
            &format!("{y:04}-{mo:02}-{e:02}"),
            rule,
            at,
            context,
        ));
    }
    out
}

fn month(name: &str) -> Option<u32> {
    let l = name.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| l.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// The first date in the title, the headings and first lines, or a
/// "took place on" sentence.
fn first_dates(doc: &Doc<'_>) -> Vec<Field> {
    for line in doc.seg.lines.iter().take(40) {
        if matches!(
            line.kind,
            LineKind::Heading | LineKind::Field | LineKind::Text
        ) {
            let (found, at) = dates_and_where(doc, line.span, line.span, "date-in-heading");
            // A short line, or a dateline opening a paragraph ("GENEVA, 8 April 2025 -").
            let dateline = at < 40;
            if !found.is_empty()
                && (line.kind != LineKind::Text || doc.slice(line.span).len() < 120 || dateline)
            {
                return found;
            }
        }
    }
    for s in &doc.seg.sentences {
        let text = doc.slice(s.span);
        if text.contains("took place")
            || text.contains("was held")
            || text.contains("met on")
            || text.contains("convened")
        {
            let found = dates_in(doc, s.span, s.span, "date-in-sentence");
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

fn title_from_text(doc: &Doc<'_>) -> Option<Field> {
    if let Some(h1) = doc
        .seg
        .lines
        .iter()
        .take(30)
        .find(|l| l.kind == LineKind::Heading && l.level == 1)
    {
        let v = clean_title(doc.slice(h1.content));
        if !v.is_empty() {
            return Some(field(
                doc,
                "title",
                &v,
                "first-heading",
                h1.content,
                h1.span,
            ));
        }
    }
    // A first line standing alone as a heading names the document.
    if let Some(first) = doc.seg.lines.iter().find(|l| l.kind != LineKind::Blank) {
        let v = clean_title(doc.slice(first.content));
        if first.kind == LineKind::Heading
            && !v.is_empty()
            && crate::segment::field_key(&v).is_none()
        {
            return Some(field(
                doc,
                "title",
                &v,
                "first-line",
                first.content,
                first.span,
            ));
        }
    }
    for (re, rule) in [
        (&*TOOK_PLACE, "took-place"),
        (&*SUMMARY_OF, "summary-of"),
        (&*MEETING_OF, "meeting-of"),
    ] {
        for s in doc.seg.sentences.iter().take(25) {
            let text = doc.slice(s.span);
            if let Some(t) = re.captures(text).and_then(|c| c.name("t")) {
                let v = clean_title(t.as_str());
                let words = v.split_whitespace().count();
                let capitalised = v
                    .split_whitespace()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .count();
                if words >= 2 && capitalised * 2 >= words {
                    let span = Span::new(s.span.start + t.start(), s.span.start + t.end());
                    return Some(field(doc, "title", &v, rule, span, s.span));
                }
            }
        }
    }
    None
}

fn clean_title(t: &str) -> String {
    let t: String = t
        .chars()
        .filter(|c| {
            c.is_alphanumeric()
                || c.is_whitespace()
                || c.is_ascii_punctuation()
                || !c.is_ascii() && !is_symbol(*c)
        })
        .collect();
    t.replace("**", "")
        .trim()
        .trim_matches(['\'', '"', '*', '#', ':'])
        .trim()
        .to_string()
}

fn is_symbol(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D)
}

/// City and country (canonical) and the place as the document writes it.
fn place_from_text(doc: &Doc<'_>, m: &mut Meeting) -> Option<Field> {
    let mut place_as_written: Option<Field> = None;
    // "Venue: Reitoria, University of Lisbon, Lisbon, Portugal".
    if let Some(venue) = &m.venue {
        let parts: Vec<&str> = venue.value.split(", ").map(str::trim).collect();
        if let [.., city, country] = parts.as_slice() {
            if let Some(c) = LEXICON.country(country) {
                if LEXICON.country(city).is_none() {
                    m.city = Some(city.to_string());
                    m.country = Some(c.to_string());
                    let value = format!("{city}, {country}");
                    place_as_written = Some(Field {
                        field: "location",
                        value,
                        rule: "venue-city-country",
                        ..venue.clone()
                    });
                }
            }
        }
    }
    for s in doc.seg.sentences.iter().take(40) {
        let text = doc.slice(s.span);
        // Only sentences about the meeting place it; "…at Nordvik Services,
        // Sweden, added" is a speaker's affiliation.
        if m.city.is_none() && (is_about_the_meeting(text) || DATE.is_match(text)) {
            if let Some((city, written, country, at)) = city_before_country(text) {
                m.city = Some(city.clone());
                m.country = Some(country);
                let span = Span::new(s.span.start + at.0, s.span.start + at.1);
                place_as_written = Some(field(
                    doc,
                    "location",
                    &format!("{city}, {written}"),
                    "city-country",
                    span,
                    s.span,
                ));
                continue;
            }
            for c in IN_CITY.captures_iter(text) {
                let country_words = &c["country"];
                // The country may be followed by more capitalised words.
                let mut words: Vec<&str> = country_words.split_whitespace().collect();
                while !words.is_empty() {
                    if let Some(country) = LEXICON.country(&words.join(" ")) {
                        if LEXICON.country(&c["city"]).is_none() {
                            m.city = Some(c["city"].to_string());
                            m.country = Some(country.to_string());
                            let all = c.get(0).expect("match");
                            let span =
                                Span::new(s.span.start + all.start(), s.span.start + all.end());
                            let value = format!("{}, {}", &c["city"], words.join(" "));
                            place_as_written = Some(field(
                                doc,
                                "location",
                                &value,
                                "in-city-country",
                                span,
                                s.span,
                            ));
                        }
                        break;
                    }
                    words.pop();
                }
                if m.city.is_some() {
                    break;
                }
            }
        }
        if m.venue.is_none() {
            if let Some(v) = HELD_AT.captures(text).and_then(|c| c.name("v")) {
                let value = v.as_str().trim_start_matches("the ");
                if LEXICON.country(value).is_none() {
                    let span = Span::new(s.span.start + v.start(), s.span.start + v.end());
                    m.venue = Some(field(doc, "venue", value, "held-at", span, s.span));
                }
            }
        }
    }
    if m.city.is_none() {
        // "GENEVA, 8 April 2025 - …": a news dateline.
        for line in doc.seg.lines.iter().take(30) {
            let text = doc.slice(line.content);
            let Some(d) = DATE.find(text) else { continue };
            let head = text[..d.start()].trim_end().trim_end_matches(',').trim();
            let words: Vec<&str> = head.split_whitespace().collect();
            let place_like = (1..=3).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
                });
            let weekday = DAY_NAMES.contains(&head.to_lowercase().as_str());
            if place_like && d.start() <= 40 && LEXICON.country(head).is_none() && !weekday {
                let city = crate::extract::names::display_name(head);
                let span = Span::new(line.content.start, line.content.start + head.len());
                m.city = Some(city.clone());
                place_as_written = Some(field(doc, "location", &city, "dateline", span, line.span));
                break;
            }
        }
    }
    if m.city.is_none() {
        // "23 May 2018, Washington USA." — a place after a dated heading.
        for line in doc.seg.lines.iter().take(30) {
            let text = doc.slice(line.content);
            let Some(d) = DATE.find(text) else { continue };
            let rest = text[d.end()..]
                .trim_start_matches([',', ' '])
                .trim_end_matches(['.', ' ']);
            let words: Vec<&str> = rest.split([' ', ',']).filter(|w| !w.is_empty()).collect();
            if words.len() >= 2 && words.len() <= 5 {
                if let Some(country) = LEXICON.country(words[words.len() - 1]) {
                    m.city = Some(words[..words.len() - 1].join(" "));
                    m.country = Some(country.to_string());
                    let value = format!(
                        "{}, {}",
                        words[..words.len() - 1].join(" "),
                        words[words.len() - 1]
                    );
                    place_as_written = Some(field(
                        doc,
                        "location",
                        &value,
                        "place-after-date",
                        line.content,
                        line.span,
                    ));
                    break;
                }
            }
        }
    }
    if m.city.is_none() {
        // "Tuesday 4 March 2025, Portcullis House, London": a venue and a
        // city after the date of a header line, with no country to vouch for
        // them; short capitalised parts only.
        for line in doc.seg.lines.iter().take(12) {
            let text = doc.slice(line.content);
            let Some(d) = DATE.find(text) else { continue };
            let rest = text[d.end()..]
                .trim_start_matches([',', ' '])
                .trim_end_matches(['.', ' ']);
            let parts: Vec<&str> = rest.split(", ").map(str::trim).collect();
            let place_like = |p: &str| {
                let words: Vec<&str> = p.split_whitespace().collect();
                (1..=4).contains(&words.len())
                    && words.iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars()
                                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
                    })
                    && !matches!(
                        p.to_lowercase().as_str(),
                        "online" | "virtual" | "hybrid" | "remote" | "zoom" | "webex" | "teams"
                    )
            };
            if rest.is_empty()
                || text.len() > 120
                || parts.len() > 3
                || !parts.iter().all(|p| place_like(p))
            {
                continue;
            }
            let city = parts[parts.len() - 1];
            let at = line.content.start + d.end() + text[d.end()..].find(city).unwrap_or(0);
            m.city = Some(city.to_string());
            if m.venue.is_none() && parts.len() > 1 {
                let venue = parts[..parts.len() - 1].join(", ");
                let vat = line.content.start + d.end() + text[d.end()..].find(&venue).unwrap_or(0);
                m.venue = Some(field(
                    doc,
                    "venue",
                    &venue,
                    "place-after-date",
                    Span::new(vat, vat + venue.len()),
                    line.span,
                ));
            }
            place_as_written = Some(field(
                doc,
                "location",
                city,
                "place-after-date",
                Span::new(at, at + city.len()),
                line.span,
            ));
            break;
        }
    }
    place_as_written
}

fn split_organisers(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| {
            p.trim()
                .trim_start_matches("the ")
                .trim_start_matches("- ")
                .trim()
                .to_string()
        })
        .filter(|p| p.len() > 1)
        .collect()
}

fn organisers_from_text(doc: &Doc<'_>) -> Vec<Field> {
    for s in doc.seg.sentences.iter().take(40) {
        let text = doc.slice(s.span);
        if let Some(o) = ORGANISED_BY.captures(text).and_then(|c| c.name("o")) {
            let span = Span::new(s.span.start + o.start(), s.span.start + o.end());
            return split_organisers(o.as_str())
                .into_iter()
                .map(|v| field(doc, "organizer", &v, "organised-by", span, s.span))
                .collect();
        }
    }
    Vec::new()
}

fn urls(doc: &Doc<'_>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for m in URL.find_iter(doc.text) {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', ')']);
        if out.iter().any(|f| f.value == url) {
            continue;
        }
        let span = Span::new(m.start(), m.start() + url.len());
        out.push(field(
            doc,
            "url",
            url,
            "url",
            span,
            doc.sentence_around(m.start()),
        ));
    }
    out
}

/// Whether a sentence describes the meeting itself (where it took place).
fn is_about_the_meeting(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "took place",
        "held",
        "meeting",
        "session",
        "conference",
        "forum",
        "summit",
        "convened",
        "met in",
        "met at",
        "hosted",
        "workshop",
        "dialogue",
        "event",
        "opened",
        "gathered",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// "…, Leeds, United Kingdom", "Riyadh, Saudi Arabia, 17 December": a
/// capitalised place right before a country, after a comma or at the start.
fn city_before_country(text: &str) -> Option<(String, String, String, (usize, usize))> {
    for (start, end, country) in LEXICON.countries_in(text) {
        let before = text[..start].trim_end();
        let Some(before) = before.strip_suffix(',') else {
            continue;
        };
        let city_start = before.rfind([',', '(', ';']).map_or(0, |p| p + 1);
        let raw = &before[city_start..];
        let city = raw.trim();
        let city = city
            .strip_prefix("in ")
            .or_else(|| city.strip_prefix("at "))
            .unwrap_or(city);
        let words: Vec<&str> = city.split_whitespace().collect();
        let capitalised = words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if (1..=3).contains(&words.len())
            && capitalised
            && LEXICON.country(city).is_none()
            && !city.chars().any(|c| c.is_ascii_digit())
        {
            let at = (city_start + (raw.len() - raw.trim_start().len()), end);
            return Some((
                city.to_string(),
                text[start..end].to_string(),
                country.to_string(),
                at,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn meeting_of(text: &str) -> Meeting {
        let n = normalize(text);
        let seg = segment(&n.text);
        let doc = Doc::new(&n.text, &seg, &n.map);
        find_meeting(&doc)
    }

    #[test]
    fn narrative_summary() {
        let m = meeting_of(
            "The Open Forum on Digital Trust took place on Monday, 14 March 2022 in Geneva, Switzerland. It was co-organised by the Government of Chile and UNESCO. The session was held in Room 3 at the CICG, which seats 80.\n",
        );
        assert_eq!(m.title.unwrap().value, "Open Forum on Digital Trust");
        assert_eq!(m.dates[0].value, "2022-03-14");
        assert_eq!(
            (m.city.as_deref(), m.country.as_deref()),
            (Some("Geneva"), Some("Switzerland"))
        );
        assert_eq!(m.location.unwrap().value, "Geneva, Switzerland");
        assert_eq!(m.venue.unwrap().value, "Room 3 at the CICG");
        let orgs: Vec<_> = m.organizers.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(orgs, ["Government of Chile", "UNESCO"]);
    }

    #[test]
    fn a_signature_date_does_not_date_the_meeting() {
        let body = "The Working Group discussed the report at length. ".repeat(60);
        let text = format!("Working Group\nAccra, Ghana, 5 November 2024\n\n{body}\n\nSigned: A. Secretary\nDate: 12 November 2024\n");
        assert_eq!(meeting_of(&text).dates[0].value, "2024-11-05");
        // Alone, a closing "Date:" still dates the document.
        let text = format!("Working Group\n\n{body}\n\nDate: 12 November 2024\n");
        assert_eq!(meeting_of(&text).dates[0].value, "2024-11-12");
    }

    #[test]
    fn venue_and_city_after_a_dated_header_line() {
        let m = meeting_of("Committee\nTuesday 4 March 2025, Portcullis House, London\n\nThe Chair opened the meeting.\n");
        assert_eq!(m.location.unwrap().value, "London");
        assert_eq!(m.venue.unwrap().value, "Portcullis House");
        let m = meeting_of("Committee\n12 May 2024, Online\n\nThe Chair opened the meeting.\n");
        assert!(m.location.is_none());
        let m = meeting_of("Committee\n12 May 2024, the Chair opened the 3rd meeting.\n");
        assert!(m.location.is_none());
    }

    #[test]
    fn header_fields() {
        let m = meeting_of("- Date: October 10, 2024\n- Title: Regular Meeting of the Parks Board\n| 📍 **Venue** | Hall A | Room 2 |\n");
        assert_eq!(m.dates[0].value, "2024-10-10");
        assert_eq!(m.title.unwrap().value, "Regular Meeting of the Parks Board");
        assert_eq!(m.venue.unwrap().value, "Hall A, Room 2");
    }

    #[test]
    fn a_dateline_opens_a_long_paragraph_and_digits_of_any_script_reach_the_pattern() {
        let rest = "delegates from ministries across the region met to discuss access. ".repeat(3);
        let m = meeting_of(&format!(
            "Report\n\nGENEVA, 8 April 2025 - Forty-two {rest}\n"
        ));
        assert_eq!(m.dates[0].value, "2025-04-08");
        // Far into a long paragraph, a date does not date the meeting.
        let m = meeting_of(&format!("Report\n\nForty-two {rest} on 8 April 2025.\n"));
        assert!(m.dates.is_empty());
        assert!(may_hold_date("Accra, 5 November 2024"));
        assert!(may_hold_date("Caf\u{e9} \u{661}\u{662} March"));
        assert!(!may_hold_date("Caf\u{e9} on the twelfth of March"));
        assert!(!may_hold_date("No date at all"));
    }

    #[test]
    fn date_forms() {
        for (text, iso) in [
            ("8-12 October 2023", "2023-10-08"),
            ("THURSDAY, 4 NOVEMBER 2004", "2004-11-04"),
            ("Sept. 3rd, 2021", "2021-09-03"),
            ("2026-02-16", "2026-02-16"),
        ] {
            let m = meeting_of(&format!("# Meeting\n\n{text}\n"));
            assert_eq!(
                m.dates.first().map(|f| f.value.as_str()),
                Some(iso),
                "{text}"
            );
        }
    }
}
