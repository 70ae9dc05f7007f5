//! `dataset.json`: the documents in the shape the scorer and programs read.
//!
//! The top-level `title`, `date`, `location`, `speakers` and `themes` of each
//! document follow the evaluation contract; everything else (evidence,
//! statements, section and speaker themes, attendees) is extra.

use serde::Serialize;

use crate::model::{
    Attendee, DocumentRecord, Evidence, Field, Section, Speaker, Statement, ThemeHit, ThemeScope,
};

/// Version of the output layout; bumped when a field changes meaning.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Serialize)]
pub struct DocumentView<'a> {
    source: &'a str,
    kind: &'a str,
    format: &'a str,
    encoding: &'a str,
    bytes: usize,
    title: Option<&'a str>,
    date: Option<&'a str>,
    dates: Vec<&'a str>,
    location: Option<&'a str>,
    venue: Option<&'a str>,
    city: Option<&'a str>,
    country: Option<&'a str>,
    organizers: Vec<&'a str>,
    urls: Vec<&'a str>,
    meeting_evidence: Vec<&'a Field>,
    sections: Vec<SectionView<'a>>,
    speakers: &'a [Speaker],
    statements: &'a [Statement],
    themes: Vec<ThemeView<'a>>,
    section_themes: Vec<ScopedTheme<'a>>,
    speaker_themes: Vec<ScopedTheme<'a>>,
    attendees: &'a [Attendee],
}

#[derive(Serialize)]
struct SectionView<'a> {
    index: usize,
    title: &'a str,
    level: u8,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct ThemeView<'a> {
    id: &'a str,
    label: &'a str,
    hits: usize,
    evidence: &'a [Evidence],
}

#[derive(Serialize)]
struct ScopedTheme<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<usize>,
    id: &'a str,
    hits: usize,
    evidence: &'a [Evidence],
}

impl<'a> DocumentView<'a> {
    pub fn new(r: &'a DocumentRecord) -> DocumentView<'a> {
        let m = &r.meeting;
        let value = |f: &'a Option<Field>| f.as_ref().map(|f| f.value.as_str());
        let mut evidence: Vec<&Field> = Vec::new();
        evidence.extend(&m.title);
        evidence.extend(&m.dates);
        evidence.extend(&m.venue);
        evidence.extend(&m.location);
        evidence.extend(&m.organizers);
        DocumentView {
            source: &r.source,
            kind: &r.kind,
            format: &r.format,
            encoding: &r.encoding,
            bytes: r.bytes,
            title: value(&m.title),
            date: m.dates.first().map(|f| f.value.as_str()),
            dates: m.dates.iter().map(|f| f.value.as_str()).collect(),
            location: value(&m.location),
            venue: value(&m.venue),
            city: m.city.as_deref(),
            country: m.country.as_deref(),
            organizers: m.organizers.iter().map(|f| f.value.as_str()).collect(),
            urls: m.urls.iter().map(|f| f.value.as_str()).collect(),
            meeting_evidence: evidence,
            sections: r.sections.iter().map(section_view).collect(),
            speakers: &r.speakers,
            statements: &r.statements,
            themes: r
                .themes
                .iter()
                .filter(|t| t.scope == ThemeScope::Document)
                .map(|t| ThemeView {
                    id: &t.id,
                    label: &t.label,
                    hits: t.hits,
                    evidence: &t.evidence,
                })
                .collect(),
            section_themes: scoped(&r.themes, true),
            speaker_themes: scoped(&r.themes, false),
            attendees: &r.attendees,
        }
    }
}

fn section_view(s: &Section) -> SectionView<'_> {
    SectionView {
        index: s.index,
        title: &s.title,
        level: s.level,
        start: s.span.start,
        end: s.span.end,
    }
}

fn scoped(themes: &[ThemeHit], sections: bool) -> Vec<ScopedTheme<'_>> {
    themes
        .iter()
        .filter_map(|t| {
            let (section, speaker) = match (&t.scope, sections) {
                (ThemeScope::Section(s), true) => (Some(s.as_str()), None),
                (ThemeScope::Speaker(id), false) => (None, Some(*id)),
                _ => return None,
            };
            Some(ScopedTheme {
                section,
                speaker,
                id: &t.id,
                hits: t.hits,
                evidence: &t.evidence,
            })
        })
        .collect()
}

/// Write one document as pretty JSON indented by `indent` so that it sits
/// inside the documents array, straight to `out` (a document's JSON can be
/// far larger than its text; it is never held whole in memory).
pub fn write_document_json<W: std::io::Write>(
    out: W,
    record: &DocumentRecord,
    indent: &'static [u8],
) -> std::io::Result<()> {
    let mut w = IndentWriter {
        inner: out,
        indent,
        at_line_start: true,
    };
    serde_json::to_writer_pretty(&mut w, &DocumentView::new(record)).map_err(std::io::Error::other)
}

/// Adds `indent` at the start of every line written through it.
struct IndentWriter<W> {
    inner: W,
    indent: &'static [u8],
    at_line_start: bool,
}

impl<W: std::io::Write> std::io::Write for IndentWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // serde_json writes token by token; most tokens hold no line break.
        if !self.at_line_start && !buf.contains(&b'\n') {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        for line in buf.split_inclusive(|&b| b == b'\n') {
            if self.at_line_start {
                self.inner.write_all(self.indent)?;
            }
            self.inner.write_all(line)?;
            self.at_line_start = line.ends_with(b"\n");
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
