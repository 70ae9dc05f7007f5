//! Writing the dataset: `dataset.json` and the CSV tables.
//!
//! Records arrive in input order and are streamed to temporary files in a
//! private folder inside the output folder; [`DatasetWriter::finish`] renames
//! them into place, so a crash never leaves a half-written dataset behind.

mod csv;
pub mod json;
pub mod report;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::model::DocumentRecord;

pub use self::csv::neutralise;

/// The files a run writes, in the order `minutes check` compares them.
pub const OUTPUT_FILES: &[&str] = &[
    "dataset.json",
    "documents.csv",
    "speakers.csv",
    "statements.csv",
    "themes.csv",
    "attendees.csv",
    "errors.csv",
];

/// The files a run writes, for the commands that read them back (`check`).
pub fn output_files() -> &'static [&'static str] {
    OUTPUT_FILES
}

/// One row of errors.csv.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ErrorRow {
    pub source: String,
    pub kind: &'static str,
    pub message: String,
}

impl ErrorRow {
    pub fn new(source: &str, err: &Error) -> ErrorRow {
        ErrorRow {
            source: source.to_string(),
            kind: err.category(),
            message: err.message(),
        }
    }
}

type CsvFile = ::csv::Writer<BufWriter<File>>;

/// Streams a dataset into an output folder.
pub struct DatasetWriter {
    out: PathBuf,
    tmp: PathBuf,
    json: BufWriter<File>,
    documents_written: usize,
    tables: [CsvFile; 5],
    errors: Vec<ErrorRow>,
    csv_safe: bool,
    /// Temporary hook until `--format html`: see [`report_requested`].
    report: Option<report::ReportWriter>,
}

/// `MINUTES_REPORT=1` also writes `report.html`. A stopgap so the binary
/// can produce the report before `--format html` exists; never on by
/// default, so the committed output/ does not change.
fn report_requested() -> bool {
    std::env::var_os("MINUTES_REPORT").is_some_and(|v| v == "1")
}

impl DatasetWriter {
    /// Create the output folder and the temporary files.
    pub fn create(out: &Path, csv_safe: bool) -> Result<DatasetWriter, Error> {
        fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let tmp = out.join(format!(".minutes-tmp-{}", std::process::id()));
        fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let open = |name: &str| -> Result<BufWriter<File>, Error> {
            let path = tmp.join(name);
            File::create(&path)
                .map(BufWriter::new)
                .map_err(|e| Error::io(&path, e))
        };
        let mut json = open("dataset.json")?;
        write!(json, "{{\n  \"schema_version\": \"{}\",\n  \"generator\": \"minutes {}\",\n  \"documents\": [", json::SCHEMA_VERSION, env!("CARGO_PKG_VERSION"))
            .map_err(|e| Error::io(tmp.join("dataset.json"), e))?;
        let mut tables = Vec::with_capacity(5);
        for (name, header) in [
            ("documents.csv", csv::DOCUMENTS),
            ("speakers.csv", csv::SPEAKERS),
            ("statements.csv", csv::STATEMENTS),
            ("themes.csv", csv::THEMES),
            ("attendees.csv", csv::ATTENDEES),
        ] {
            let mut w = ::csv::Writer::from_writer(open(name)?);
            w.write_record(header)
                .map_err(|e| csv_error(&tmp.join(name), e))?;
            tables.push(w);
        }
        let tables: [CsvFile; 5] = tables
            .try_into()
            .unwrap_or_else(|_| unreachable!("five tables"));
        let report = if report_requested() {
            Some(report::ReportWriter::create(&tmp)?)
        } else {
            None
        };
        Ok(DatasetWriter {
            out: out.to_path_buf(),
            report,
            tmp,
            json,
            documents_written: 0,
            tables,
            errors: Vec::new(),
            csv_safe,
        })
    }

    /// Append one document to every table.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        let sep = if self.documents_written == 0 {
            "\n"
        } else {
            ",\n"
        };
        self.json
            .write_all(sep.as_bytes())
            .and_then(|_| json::write_document_json(&mut self.json, record, b"    "))
            .map_err(|e| Error::io(self.tmp.join("dataset.json"), e))?;
        self.documents_written += 1;
        let safe = self.csv_safe;
        let err = |e| csv_error(&self.tmp, e);
        let [documents, speakers, statements, themes, attendees] = &mut self.tables;
        write_row(documents, csv::document_row(record), safe).map_err(err)?;
        for row in csv::speaker_rows(record) {
            write_row(speakers, row, safe).map_err(err)?;
        }
        for row in csv::statement_rows(record) {
            write_row(statements, row, safe).map_err(err)?;
        }
        for row in csv::theme_rows(record) {
            write_row(themes, row, safe).map_err(err)?;
        }
        for row in csv::attendee_rows(record) {
            write_row(attendees, row, safe).map_err(err)?;
        }
        if let Some(report) = &mut self.report {
            report.document(record)?;
        }
        Ok(())
    }

    /// Record a file that did not become a document.
    pub fn error(&mut self, row: ErrorRow) {
        self.errors.push(row);
    }

    /// Write the errors, close every file and move them into place.
    pub fn finish(mut self) -> Result<(), Error> {
        self.errors.sort();
        let errors_path = self.tmp.join("errors.csv");
        let mut w =
            ::csv::Writer::from_path(&errors_path).map_err(|e| csv_error(&errors_path, e))?;
        w.write_record(csv::ERRORS)
            .map_err(|e| csv_error(&errors_path, e))?;
        for row in &self.errors {
            write_row(&mut w, csv::error_row(row), self.csv_safe)
                .map_err(|e| csv_error(&errors_path, e))?;
        }
        w.flush().map_err(|e| Error::io(&errors_path, e))?;
        let json_path = self.tmp.join("dataset.json");
        let close = if self.documents_written == 0 {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        };
        self.json
            .write_all(close.as_bytes())
            .and_then(|_| self.json.flush())
            .map_err(|e| Error::io(&json_path, e))?;
        for table in &mut self.tables {
            table.flush().map_err(|e| Error::io(&self.tmp, e))?;
        }
        drop(self.tables);
        if let Some(report) = self.report.take() {
            report.finish(&self.errors)?;
            let to = self.out.join(report::REPORT_FILE);
            fs::rename(self.tmp.join(report::REPORT_FILE), &to).map_err(|e| Error::io(&to, e))?;
        }
        for name in OUTPUT_FILES {
            let from = self.tmp.join(name);
            let to = self.out.join(name);
            fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
        fs::remove_dir(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
        Ok(())
    }
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
