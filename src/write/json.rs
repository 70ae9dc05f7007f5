//! `dataset.json`: the documents in the shape the scorer and programs read;
//! `documents.jsonl`: the same document objects, one per line, for readers
//! that stream. `schema/` describes both.
//!
//! The top-level `title`, `date`, `location`, `speakers` and `themes` of each
//! document follow the evaluation contract; everything else (evidence,
//! statements, section and speaker themes, attendees) is extra.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;
use crate::model::{
    Attendee, DocumentRecord, Evidence, Field, Section, Speaker, Statement, ThemeHit, ThemeScope,
};

/// Version of the output layout; bumped when a field changes meaning.
pub const SCHEMA_VERSION: &str = "1.0";

/// What `--format json` writes.
pub const DATASET_FILE: &str = "dataset.json";
/// What `--format jsonl` writes.
pub const LINES_FILE: &str = "documents.jsonl";

/// dataset.json being written: the array is opened at creation and closed
/// by [`DatasetJson::finish`], so documents stream through one at a time.
pub struct DatasetJson {
    path: PathBuf,
    out: BufWriter<File>,
    documents: usize,
}

impl DatasetJson {
    /// Open dataset.json in `tmp` and write everything before the first
    /// document.
    pub fn create(tmp: &Path) -> Result<DatasetJson, Error> {
        let path = tmp.join(DATASET_FILE);
        let mut out = create_file(&path)?;
        write!(
            out,
            "{{\n  \"schema_version\": \"{}\",\n  \"generator\": \"minutes {}\",\n  \"documents\": [",
            SCHEMA_VERSION,
            env!("CARGO_PKG_VERSION")
        )
        .map_err(|e| Error::io(&path, e))?;
        Ok(DatasetJson {
            path,
            out,
            documents: 0,
        })
    }

    /// Append one element to the documents array.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        let sep = if self.documents == 0 { "\n" } else { ",\n" };
        self.out
            .write_all(sep.as_bytes())
            .and_then(|_| write_document_json(&mut self.out, record, b"    "))
            .map_err(|e| Error::io(&self.path, e))?;
        self.documents += 1;
        Ok(())
    }

    /// Close the array and the object, and flush.
    pub fn finish(mut self) -> Result<(), Error> {
        let close = if self.documents == 0 {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        };
        self.out
            .write_all(close.as_bytes())
            .and_then(|_| self.out.flush())
            .map_err(|e| Error::io(&self.path, e))
    }
}

/// documents.jsonl being written.
pub struct DocumentLines {
    path: PathBuf,
    out: BufWriter<File>,
}

impl DocumentLines {
    pub fn create(tmp: &Path) -> Result<DocumentLines, Error> {
        let path = tmp.join(LINES_FILE);
        let out = create_file(&path)?;
        Ok(DocumentLines { path, out })
    }

    /// Append the document as one line.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        write_document_line(&mut self.out, record).map_err(|e| Error::io(&self.path, e))
    }

    pub fn finish(mut self) -> Result<(), Error> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))
    }
}

fn create_file(path: &Path) -> Result<BufWriter<File>, Error> {
    File::create(path)
        .map(super::buffered)
        .map_err(|e| Error::io(path, e))
}

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
    mut out: W,
    record: &DocumentRecord,
    indent: &'static [u8],
) -> std::io::Result<()> {
    out.write_all(indent)?;
    let mut ser = serde_json::Serializer::with_formatter(out, NestedPretty::new(indent));
    DocumentView::new(record)
        .serialize(&mut ser)
        .map_err(std::io::Error::other)
}

/// Write one document as compact JSON and a newline: the object of
/// [`write_document_json`] with the same keys in the same order, so a line
/// of documents.jsonl parses to the matching element of dataset.json.
pub fn write_document_line<W: std::io::Write>(
    mut out: W,
    record: &DocumentRecord,
) -> std::io::Result<()> {
    serde_json::to_writer(&mut out, &DocumentView::new(record)).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// serde_json's pretty layout (two spaces a level) with `base` at the
/// start of every line, for a document nested inside the dataset's array.
/// Only the formatter starts lines, so this is where the base indent goes;
/// wrapping the writer instead meant searching every token for a line
/// break.
struct NestedPretty {
    /// Where the first level's indent starts in `starts`: after `,\n` and
    /// the base.
    level_zero: usize,
    level: usize,
    has_value: bool,
    /// `,\n`, the base indent, then spaces enough for the deepest level
    /// met: every line's start is one slice of it, written at once (a
    /// document of dataset.json is mostly short lines, and writing the
    /// break, the base and each level apart was seven writes a line).
    starts: Vec<u8>,
}

impl NestedPretty {
    fn new(base: &'static [u8]) -> NestedPretty {
        let mut starts = b",\n".to_vec();
        starts.extend_from_slice(base);
        NestedPretty {
            level_zero: starts.len(),
            level: 0,
            has_value: false,
            starts,
        }
    }

    /// A line break after `,` or not (`comma`), then the indent of the
    /// current level.
    fn new_line<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        comma: bool,
    ) -> std::io::Result<()> {
        let end = self.level_zero + 2 * self.level;
        if self.starts.len() < end {
            self.starts.resize(end, b' ');
        }
        w.write_all(&self.starts[usize::from(!comma)..end])
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own unless the container is empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(w, false)?;
        }
        w.write_all(bracket)
    }

    /// The line an element or key starts.
    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(w, !first)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::process_text;
    use crate::rules::Rules;

    /// The nested layout is serde_json's pretty one with the base indent at
    /// the start of every line, empty arrays and objects included.
    #[test]
    fn nested_pretty_is_pretty_with_a_base_indent() {
        let r = record();
        let mut nested = Vec::new();
        write_document_json(&mut nested, &r, b"    ").unwrap();
        let pretty = serde_json::to_string_pretty(&DocumentView::new(&r)).unwrap();
        let want: String = pretty.lines().map(|l| format!("    {l}\n")).collect();
        assert_eq!(String::from_utf8(nested).unwrap() + "\n", want);
        assert!(want.contains("[]") && want.contains("\n      \""), "{want}");
    }

    fn record() -> DocumentRecord {
        let text = "Open Data Forum\nDate: 8 October 2023\n\n\
                    Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, \
                    stressed the \"digital divide\".\nShe urged more investment.\n";
        process_text("a\tb.txt", text, &Rules::default_rules())
    }

    #[test]
    fn a_jsonl_line_is_the_pretty_document_without_white_space() {
        let r = record();
        let mut pretty = Vec::new();
        write_document_json(&mut pretty, &r, b"    ").unwrap();
        let mut line = Vec::new();
        write_document_line(&mut line, &r).unwrap();
        let line = String::from_utf8(line).unwrap();
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1, "one line: {line}");
        let pretty = String::from_utf8(pretty).unwrap();
        // Same values...
        let a: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        let b: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(a, b);
        // ...in the same key order: the pretty text differs only by the
        // white space between tokens, which compact output leaves out.
        let keys = |text: &str| -> Vec<usize> {
            [
                "\"source\"",
                "\"kind\"",
                "\"dates\"",
                "\"speakers\"",
                "\"attendees\"",
            ]
            .iter()
            .map(|k| text.find(k).unwrap())
            .collect()
        };
        let (p, l) = (keys(&pretty), keys(&line));
        assert!(p.windows(2).all(|w| w[0] < w[1]) && l.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn an_empty_dataset_is_valid_json() {
        let dir = std::env::temp_dir().join(format!("minutes-json-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        DatasetJson::create(&dir).unwrap().finish().unwrap();
        let text = std::fs::read_to_string(dir.join(DATASET_FILE)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["documents"], serde_json::json!([]));
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
