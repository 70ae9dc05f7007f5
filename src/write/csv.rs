//! The CSV tables, one row per value with its evidence. The row builders
//! here also fill the worksheets of dataset.xlsx, so both have the same
//! columns.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::model::{DocumentRecord, ThemeScope};
use crate::write::ErrorRow;

/// The tables `--format csv` writes, in the order of [`CsvTables`].
pub const TABLE_FILES: [&str; 5] = [
    "documents.csv",
    "speakers.csv",
    "statements.csv",
    "themes.csv",
    "attendees.csv",
];

pub const DOCUMENTS: &[&str] = &[
    "source",
    "kind",
    "format",
    "encoding",
    "bytes",
    "title",
    "date",
    "end_date",
    "location",
    "venue",
    "city",
    "country",
    "organizers",
    "urls",
    "speakers",
    "statements",
    "themes",
    "title_start",
    "title_end",
    "title_sentence",
];
pub const SPEAKERS: &[&str] = &[
    "source",
    "speaker_id",
    "name",
    "honorific",
    "title",
    "organization",
    "country",
    "role",
    "section",
    "mentions",
    "aliases",
    "start",
    "end",
    "sentence",
];
pub const STATEMENTS: &[&str] = &[
    "source",
    "speaker_id",
    "speaker",
    "verb",
    "section",
    "start",
    "end",
    "sentence",
];
pub const THEMES: &[&str] = &[
    "source",
    "scope",
    "scope_value",
    "theme",
    "label",
    "hits",
    "start",
    "end",
    "sentence",
];
pub const ATTENDEES: &[&str] = &[
    "source",
    "name",
    "organization",
    "status",
    "start",
    "end",
    "sentence",
];
pub const ERRORS: &[&str] = &["source", "kind", "message"];

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub fn document_row(r: &DocumentRecord) -> Vec<String> {
    let m = &r.meeting;
    let themes: Vec<&str> = r
        .themes
        .iter()
        .filter(|t| t.scope == ThemeScope::Document)
        .map(|t| t.id.as_str())
        .collect();
    let title_ev = m.title.as_ref().map(|f| &f.evidence);
    vec![
        r.source.clone(),
        r.kind.clone(),
        r.format.clone(),
        r.encoding.clone(),
        r.bytes.to_string(),
        m.title
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        m.dates.first().map(|f| f.value.clone()).unwrap_or_default(),
        m.dates.get(1).map(|f| f.value.clone()).unwrap_or_default(),
        m.location
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        m.venue
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default(),
        opt(&m.city),
        opt(&m.country),
        m.organizers
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        m.urls
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        r.speakers.len().to_string(),
        r.statements.len().to_string(),
        themes.join("; "),
        title_ev.map(|e| e.start.to_string()).unwrap_or_default(),
        title_ev.map(|e| e.end.to_string()).unwrap_or_default(),
        title_ev.map(|e| e.sentence.clone()).unwrap_or_default(),
    ]
}

pub fn speaker_rows(r: &DocumentRecord) -> impl Iterator<Item = Vec<String>> + '_ {
    r.speakers.iter().map(|s| {
        let ev = s.evidence.first().map(|f| &f.evidence);
        vec![
            r.source.clone(),
            s.id.to_string(),
            opt(&s.name),
            opt(&s.honorific),
            opt(&s.title),
            opt(&s.organization),
            opt(&s.country),
            opt(&s.role),
            opt(&s.section),
            s.mentions.to_string(),
            s.aliases.join("; "),
            ev.map(|e| e.start.to_string()).unwrap_or_default(),
            ev.map(|e| e.end.to_string()).unwrap_or_default(),
            ev.map(|e| e.sentence.clone()).unwrap_or_default(),
        ]
    })
}

pub fn statement_rows(r: &DocumentRecord) -> impl Iterator<Item = Vec<String>> + '_ {
    r.statements.iter().map(|st| {
        let name = r
            .speakers
            .iter()
            .find(|s| s.id == st.speaker)
            .and_then(|s| s.name.clone());
        vec![
            r.source.clone(),
            st.speaker.to_string(),
            name.unwrap_or_default(),
            opt(&st.verb),
            opt(&st.section),
            st.evidence.start.to_string(),
            st.evidence.end.to_string(),
            st.evidence.sentence.clone(),
        ]
    })
}

pub fn theme_rows(r: &DocumentRecord) -> impl Iterator<Item = Vec<String>> + '_ {
    r.themes.iter().flat_map(move |t| {
        let (scope, value) = match &t.scope {
            ThemeScope::Document => ("document", String::new()),
            ThemeScope::Section(s) => ("section", s.clone()),
            ThemeScope::Speaker(id) => ("speaker", id.to_string()),
        };
        t.evidence.iter().map(move |ev| {
            vec![
                r.source.clone(),
                scope.to_string(),
                value.clone(),
                t.id.clone(),
                t.label.clone(),
                t.hits.to_string(),
                ev.start.to_string(),
                ev.end.to_string(),
                ev.sentence.clone(),
            ]
        })
    })
}

pub fn attendee_rows(r: &DocumentRecord) -> impl Iterator<Item = Vec<String>> + '_ {
    r.attendees.iter().map(|a| {
        vec![
            r.source.clone(),
            a.name.clone(),
            opt(&a.organization),
            a.status.clone(),
            a.evidence.start.to_string(),
            a.evidence.end.to_string(),
            a.evidence.sentence.clone(),
        ]
    })
}

pub fn error_row(e: &ErrorRow) -> Vec<String> {
    vec![e.source.clone(), e.kind.to_string(), e.message.clone()]
}

type CsvFile = ::csv::Writer<BufWriter<File>>;

/// The five per-document tables, streamed to their temporary files.
pub struct CsvTables {
    tmp: PathBuf,
    tables: [CsvFile; 5],
    safe: bool,
}

impl CsvTables {
    /// Open the tables in `tmp` and write their header rows.
    pub fn create(tmp: &Path, safe: bool) -> Result<CsvTables, Error> {
        let open = |name: &str, header: &[&str]| -> Result<CsvFile, Error> {
            let path = tmp.join(name);
            let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
            let mut w = ::csv::Writer::from_writer(BufWriter::new(file));
            w.write_record(header).map_err(|e| csv_error(&path, e))?;
            Ok(w)
        };
        let [documents, speakers, statements, themes, attendees] = TABLE_FILES;
        Ok(CsvTables {
            tmp: tmp.to_path_buf(),
            tables: [
                open(documents, DOCUMENTS)?,
                open(speakers, SPEAKERS)?,
                open(statements, STATEMENTS)?,
                open(themes, THEMES)?,
                open(attendees, ATTENDEES)?,
            ],
            safe,
        })
    }

    /// Append one document's rows to every table.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        let safe = self.safe;
        let err = |e| csv_error(&self.tmp, e);
        let [documents, speakers, statements, themes, attendees] = &mut self.tables;
        write_row(documents, document_row(record), safe).map_err(err)?;
        for row in speaker_rows(record) {
            write_row(speakers, row, safe).map_err(err)?;
        }
        for row in statement_rows(record) {
            write_row(statements, row, safe).map_err(err)?;
        }
        for row in theme_rows(record) {
            write_row(themes, row, safe).map_err(err)?;
        }
        for row in attendee_rows(record) {
            write_row(attendees, row, safe).map_err(err)?;
        }
        Ok(())
    }

    /// Flush and close every table.
    pub fn finish(self) -> Result<(), Error> {
        for (mut table, name) in self.tables.into_iter().zip(TABLE_FILES) {
            table
                .flush()
                .map_err(|e| Error::io(self.tmp.join(name), e))?;
        }
        Ok(())
    }
}

/// Write errors.csv at `path`, rows in the order given.
pub fn write_errors(path: &Path, errors: &[ErrorRow], safe: bool) -> Result<(), Error> {
    let mut w = ::csv::Writer::from_path(path).map_err(|e| csv_error(path, e))?;
    w.write_record(ERRORS).map_err(|e| csv_error(path, e))?;
    for row in errors {
        write_row(&mut w, error_row(row), safe).map_err(|e| csv_error(path, e))?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

fn write_row(
    w: &mut ::csv::Writer<impl Write>,
    row: Vec<String>,
    safe: bool,
) -> Result<(), ::csv::Error> {
    if safe {
        w.write_record(row.into_iter().map(neutralise))
    } else {
        w.write_record(row)
    }
}

fn csv_error(path: &Path, e: ::csv::Error) -> Error {
    Error::new(path, ErrorKind::Io(std::io::Error::other(e.to_string())))
}

/// A cell a spreadsheet would run as a formula gets a leading `'`, as OWASP
/// recommends for CSV injection; plain numbers ("-3.5") stay numbers.
pub fn neutralise(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralise_table() {
        for (cell, out) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1 555", "'+1 555"),
            ("-3.5", "-3.5"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("plain", "plain"),
            ("- bullet", "'- bullet"),
        ] {
            assert_eq!(neutralise(cell.to_string()), out);
        }
    }
}
