//! Writing the dataset in the formats asked for: `dataset.json`,
//! `documents.jsonl`, the CSV tables, `dataset.xlsx`, and always `errors.csv`.
//!
//! Records arrive in input order and are streamed to temporary files in a
//! private folder inside the output folder; [`DatasetWriter::finish`] renames
//! them into place, so a crash never leaves a half-written dataset behind.

mod csv;
pub mod json;
pub mod report;
mod xlsx;

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::config::OutputFormat;
use crate::error::Error;
use crate::model::DocumentRecord;

pub use self::csv::neutralise;

/// `file` behind the buffer every large output is written through. The
/// outputs run to fifteen times the input (755 MB for the 50 MB generated
/// corpus); with the standard 8 KB buffer each file took a system call per
/// 8 KB.
pub(crate) fn buffered(file: File) -> BufWriter<File> {
    BufWriter::with_capacity(256 << 10, file)
}

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
        OutputFormat::Html => &[report::REPORT_FILE],
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
    report: Option<report::ReportWriter>,
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
            report: wants(OutputFormat::Html)
                .then(|| report::ReportWriter::create(&tmp))
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
        if let Some(report) = self.report.take() {
            report.finish(&self.errors)?;
        }
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
    fn html_writes_the_report_beside_the_tables() {
        let out = std::env::temp_dir().join(format!("minutes-html-{}", std::process::id()));
        let writer = DatasetWriter::create(&out, &[Csv, Html], true).unwrap();
        writer.finish().unwrap();
        let mut names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let _ = fs::remove_dir_all(&out);
        let mut want = output_files(&[Csv, Html]);
        want.sort();
        assert_eq!(names, want);
        assert!(want.contains(&"report.html"));
    }
}
