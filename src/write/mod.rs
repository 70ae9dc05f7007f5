//! Writing the dataset in the formats asked for: `dataset.json`,
//! `documents.jsonl`, the CSV tables, `dataset.xlsx`, and always `errors.csv`.
//!
//! Records arrive in input order and are streamed to temporary files in a
//! private folder inside the output folder; [`DatasetWriter::finish`] renames
//! them into place, so a crash never leaves a half-written dataset behind.

mod csv;
pub mod json;
mod xlsx;

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::OutputFormat;
use crate::error::{Error, ErrorKind};
use crate::model::DocumentRecord;

pub use self::csv::neutralise;

/// The one file every run writes: an input that is not in the dataset must
/// be somewhere a reader will look.
const ERRORS_FILE: &str = "errors.csv";

/// The files `formats` make a run write, in the order `minutes check`
/// compares them; `check` compares exactly these, so a file written by
/// another format set is neither required nor reported.
pub fn output_files(formats: &[OutputFormat]) -> Vec<&'static str> {
    let order = [
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Xlsx,
        OutputFormat::Html,
    ];
    let mut files: Vec<&'static str> = order
        .into_iter()
        .filter(|f| formats.contains(f))
        .flat_map(files_of)
        .copied()
        .collect();
    files.push(ERRORS_FILE);
    files
}

/// The files one format writes (errors.csv belongs to none of them).
fn files_of(format: OutputFormat) -> &'static [&'static str] {
    match format {
        OutputFormat::Csv => &csv::TABLE_FILES,
        OutputFormat::Json => &[json::DATASET_FILE],
        OutputFormat::Jsonl => &[json::LINES_FILE],
        OutputFormat::Xlsx => &[xlsx::WORKBOOK_FILE],
        OutputFormat::Html => &["report.html"],
    }
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

/// Streams a dataset into an output folder, one writer per format asked for.
pub struct DatasetWriter {
    out: PathBuf,
    tmp: PathBuf,
    files: Vec<&'static str>,
    json: Option<json::DatasetJson>,
    jsonl: Option<json::DocumentLines>,
    tables: Option<csv::CsvTables>,
    xlsx: Option<xlsx::XlsxWorkbook>,
    // HOOK(report): `report: Option<report::ReportWriter>`, created with
    // `ReportWriter::create(&tmp)` when `formats` holds Html.
    errors: Vec<ErrorRow>,
    csv_safe: bool,
}

impl DatasetWriter {
    /// Create the output folder and the temporary files of every format in
    /// `formats`.
    pub fn create(
        out: &Path,
        formats: &[OutputFormat],
        csv_safe: bool,
    ) -> Result<DatasetWriter, Error> {
        if formats.contains(&OutputFormat::Html) {
            // HOOK(report): drop this refusal once src/write/report.rs lands.
            return Err(Error::new(
                out.join("report.html"),
                ErrorKind::Io(std::io::Error::new(
                    std::io::ErrorKind::Unsupported,
                    "--format html is not supported yet",
                )),
            ));
        }
        fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let tmp = out.join(format!(".minutes-tmp-{}", std::process::id()));
        fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let wants = |f: OutputFormat| formats.contains(&f);
        Ok(DatasetWriter {
            out: out.to_path_buf(),
            files: output_files(formats),
            json: wants(OutputFormat::Json)
                .then(|| json::DatasetJson::create(&tmp))
                .transpose()?,
            jsonl: wants(OutputFormat::Jsonl)
                .then(|| json::DocumentLines::create(&tmp))
                .transpose()?,
            tables: wants(OutputFormat::Csv)
                .then(|| csv::CsvTables::create(&tmp, csv_safe))
                .transpose()?,
            xlsx: wants(OutputFormat::Xlsx)
                .then(|| xlsx::XlsxWorkbook::create(&tmp))
                .transpose()?,
            tmp,
            errors: Vec::new(),
            csv_safe,
        })
    }

    /// Append one document to every format.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        if let Some(json) = &mut self.json {
            json.document(record)?;
        }
        if let Some(jsonl) = &mut self.jsonl {
            jsonl.document(record)?;
        }
        if let Some(tables) = &mut self.tables {
            tables.document(record)?;
        }
        if let Some(xlsx) = &mut self.xlsx {
            xlsx.document(record)?;
        }
        // HOOK(report): `report.document(record)?`.
        Ok(())
    }

    /// Record a file that did not become a document.
    pub fn error(&mut self, row: ErrorRow) {
        self.errors.push(row);
    }

    /// Write the errors, close every file and move them into place.
    pub fn finish(mut self) -> Result<(), Error> {
        self.errors.sort();
        csv::write_errors(&self.tmp.join(ERRORS_FILE), &self.errors, self.csv_safe)?;
        if let Some(json) = self.json.take() {
            json.finish()?;
        }
        if let Some(jsonl) = self.jsonl.take() {
            jsonl.finish()?;
        }
        if let Some(tables) = self.tables.take() {
            tables.finish()?;
        }
        if let Some(xlsx) = self.xlsx.take() {
            xlsx.finish(&self.errors)?;
        }
        // HOOK(report): `report.finish(&self.errors)?` (report.html).
        for name in &self.files {
            let from = self.tmp.join(name);
            let to = self.out.join(name);
            fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
        fs::remove_dir(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutputFormat::*;

    #[test]
    fn default_formats_write_the_files_they_always_wrote() {
        assert_eq!(
            output_files(OutputFormat::DEFAULT),
            [
                "dataset.json",
                "documents.csv",
                "speakers.csv",
                "statements.csv",
                "themes.csv",
                "attendees.csv",
                "errors.csv",
            ]
        );
    }

    #[test]
    fn errors_csv_is_written_whatever_the_formats() {
        assert_eq!(output_files(&[]), ["errors.csv"]);
        assert_eq!(output_files(&[Json]), ["dataset.json", "errors.csv"]);
        assert_eq!(
            output_files(&[Xlsx, Jsonl]),
            ["documents.jsonl", "dataset.xlsx", "errors.csv"]
        );
    }

    #[test]
    fn a_format_named_twice_writes_its_files_once() {
        assert_eq!(
            output_files(&[Jsonl, Json, Jsonl, Json]),
            ["dataset.json", "documents.jsonl", "errors.csv"]
        );
    }

    #[test]
    fn html_is_refused_before_the_output_folder_is_made() {
        let out = std::env::temp_dir().join(format!("minutes-html-{}", std::process::id()));
        let err = DatasetWriter::create(&out, &[Csv, Html], true)
            .err()
            .expect("html is not written yet");
        assert!(err.to_string().contains("--format html"), "{err}");
        assert!(!out.exists());
    }
}
