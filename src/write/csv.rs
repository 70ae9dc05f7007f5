//! The CSV tables, one row per value with its evidence. The row builders
//! here also fill the worksheets of dataset.xlsx, so both have the same
//! columns.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::model::{DocumentRecord, Field, ThemeScope};
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

/// One table row. Cells borrow from the record where they can: a
/// document's rows repeat its source name and evidence sentences, and
/// copying each of them cost more than writing it.
pub type Row<'a> = Vec<Cow<'a, str>>;

fn opt(v: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_deref().unwrap_or(""))
}

fn value(f: Option<&Field>) -> Cow<'_, str> {
    Cow::Borrowed(f.map_or("", |f| f.value.as_str()))
}

fn joined(fields: &[Field], sep: &str) -> Cow<'static, str> {
    let values: Vec<&str> = fields.iter().map(|f| f.value.as_str()).collect();
    Cow::Owned(values.join(sep))
}

fn num(n: usize) -> Cow<'static, str> {
    Cow::Owned(n.to_string())
}

pub fn document_row(r: &DocumentRecord) -> Row<'_> {
    let m = &r.meeting;
    let themes: Vec<&str> = r
        .themes
        .iter()
        .filter(|t| t.scope == ThemeScope::Document)
        .map(|t| t.id.as_str())
        .collect();
    let title_ev = m.title.as_ref().map(|f| &f.evidence);
    vec![
        Cow::Borrowed(r.source.as_str()),
        Cow::Borrowed(r.kind.as_str()),
        Cow::Borrowed(r.format.as_str()),
        Cow::Borrowed(r.encoding.as_str()),
        num(r.bytes),
        value(m.title.as_ref()),
        value(m.dates.first()),
        value(m.dates.get(1)),
        value(m.location.as_ref()),
        value(m.venue.as_ref()),
        opt(&m.city),
        opt(&m.country),
        joined(&m.organizers, "; "),
        joined(&m.urls, " "),
        num(r.speakers.len()),
        num(r.statements.len()),
        Cow::Owned(themes.join("; ")),
        title_ev.map_or(Cow::Borrowed(""), |e| num(e.start)),
        title_ev.map_or(Cow::Borrowed(""), |e| num(e.end)),
        Cow::Borrowed(title_ev.map_or("", |e| &*e.sentence)),
    ]
}

pub fn speaker_rows(r: &DocumentRecord) -> impl Iterator<Item = Row<'_>> + '_ {
    r.speakers.iter().map(|s| {
        let ev = s.evidence.first().map(|f| &f.evidence);
        vec![
            Cow::Borrowed(r.source.as_str()),
            num(s.id),
            opt(&s.name),
            opt(&s.honorific),
            opt(&s.title),
            opt(&s.organization),
            opt(&s.country),
            opt(&s.role),
            opt(&s.section),
            num(s.mentions),
            Cow::Owned(s.aliases.join("; ")),
            ev.map_or(Cow::Borrowed(""), |e| num(e.start)),
            ev.map_or(Cow::Borrowed(""), |e| num(e.end)),
            Cow::Borrowed(ev.map_or("", |e| &*e.sentence)),
        ]
    })
}

/// The name of speaker `id`. Ids count the speakers from 1 in order, so
/// the id is also the position; the search is for records that break that.
fn speaker_name(r: &DocumentRecord, id: usize) -> Option<&str> {
    let at = id.checked_sub(1).and_then(|i| r.speakers.get(i));
    at.filter(|s| s.id == id)
        .or_else(|| r.speakers.iter().find(|s| s.id == id))
        .and_then(|s| s.name.as_deref())
}

pub fn statement_rows(r: &DocumentRecord) -> impl Iterator<Item = Row<'_>> + '_ {
    r.statements.iter().map(|st| {
        vec![
            Cow::Borrowed(r.source.as_str()),
            num(st.speaker),
            Cow::Borrowed(speaker_name(r, st.speaker).unwrap_or("")),
            opt(&st.verb),
            opt(&st.section),
            num(st.evidence.start),
            num(st.evidence.end),
            Cow::Borrowed(&*st.evidence.sentence),
        ]
    })
}

pub fn theme_rows(r: &DocumentRecord) -> impl Iterator<Item = Row<'_>> + '_ {
    r.themes.iter().flat_map(move |t| {
        let (scope, value) = match &t.scope {
            ThemeScope::Document => ("document", Cow::Borrowed("")),
            ThemeScope::Section(s) => ("section", Cow::Borrowed(s.as_str())),
            ThemeScope::Speaker(id) => ("speaker", num(*id)),
        };
        t.evidence.iter().map(move |ev| {
            vec![
                Cow::Borrowed(r.source.as_str()),
                Cow::Borrowed(scope),
                value.clone(),
                Cow::Borrowed(t.id.as_str()),
                Cow::Borrowed(t.label.as_str()),
                num(t.hits),
                num(ev.start),
                num(ev.end),
                Cow::Borrowed(&*ev.sentence),
            ]
        })
    })
}

pub fn attendee_rows(r: &DocumentRecord) -> impl Iterator<Item = Row<'_>> + '_ {
    r.attendees.iter().map(|a| {
        vec![
            Cow::Borrowed(r.source.as_str()),
            Cow::Borrowed(a.name.as_str()),
            opt(&a.organization),
            Cow::Borrowed(a.status.as_str()),
            num(a.evidence.start),
            num(a.evidence.end),
            Cow::Borrowed(&*a.evidence.sentence),
        ]
    })
}

pub fn error_row(e: &ErrorRow) -> Row<'_> {
    vec![
        Cow::Borrowed(e.source.as_str()),
        Cow::Borrowed(e.kind),
        Cow::Borrowed(e.message.as_str()),
    ]
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
            let mut w = ::csv::Writer::from_writer(super::buffered(file));
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
    row: Row<'_>,
    safe: bool,
) -> Result<(), ::csv::Error> {
    if safe {
        w.write_record(row.into_iter().map(|c| bytes(neutralise(c))))
    } else {
        w.write_record(row.into_iter().map(bytes))
    }
}

fn bytes(cell: Cow<'_, str>) -> Cow<'_, [u8]> {
    match cell {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

fn csv_error(path: &Path, e: ::csv::Error) -> Error {
    Error::new(path, ErrorKind::Io(std::io::Error::other(e.to_string())))
}

/// A cell a spreadsheet would run as a formula gets a leading `'`, as OWASP
/// recommends for CSV injection; plain numbers ("-3.5") stay numbers.
pub fn neutralise(cell: Cow<'_, str>) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::process_text;
    use crate::rules::Rules;

    fn record() -> DocumentRecord {
        let text = "Ms. Ana Ruiz, Director of Policy, said the plan was ready.\n\n\
                    Mr. Tom Berg, Head of Research, stressed the costs.\n\n\
                    Ms. Ruiz added that the plan was funded.\n";
        process_text("r.txt", text, &Rules::default_rules())
    }

    /// The statements table names each statement's speaker, whatever the
    /// order the record keeps its speakers in.
    #[test]
    fn statement_rows_name_the_speaker_of_each_statement() {
        let mut r = record();
        let names = |r: &DocumentRecord| -> Vec<(String, String)> {
            statement_rows(r)
                .map(|row| (row[1].to_string(), row[2].to_string()))
                .collect()
        };
        let want = vec![
            ("1".to_string(), "Ana Ruiz".to_string()),
            ("2".to_string(), "Tom Berg".to_string()),
            ("1".to_string(), "Ana Ruiz".to_string()),
        ];
        assert_eq!(names(&r), want);
        r.speakers.reverse();
        assert_eq!(names(&r), want, "speakers out of id order");
        r.speakers.retain(|s| s.id != 2);
        assert_eq!(names(&r)[1], ("2".to_string(), String::new()));
    }

    #[test]
    fn row_cells_borrow_the_record_text() {
        let r = record();
        let row = statement_rows(&r).next().unwrap();
        assert!(matches!(row[0], Cow::Borrowed(_)), "source");
        assert!(matches!(row[7], Cow::Borrowed(_)), "sentence");
        assert_eq!(row[7], &*r.statements[0].evidence.sentence);
    }

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
            assert_eq!(neutralise(Cow::Borrowed(cell)), out);
        }
    }
}
