//! The stages joined: load → decode → normalise → segment → extract → write.
//!
//! [`process_text`] is the pure core (text in, record out) that tests and
//! fuzzers call; [`process_file`] adds the I/O and the per-file errors;
//! [`run`] walks the inputs, processes them in parallel in input order and
//! streams the records to the writers, so memory depends on the largest
//! document and the thread count, never on the number of documents.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::decode::{decode, DecodeError};
use crate::error::{Error, ErrorKind};
use crate::extract::{extract, Doc};
use crate::formats::{docx_text, html_text, pdf_text, InputFormat};
use crate::load::{list_inputs, read_bytes, InputFile};
use crate::model::{DocumentRecord, Section, Span};
use crate::normalize::normalize;
use crate::progress::Progress;
use crate::rules::Rules;
use crate::segment::segment;
use crate::timings::{time, Stage};
use crate::write::{DatasetWriter, ErrorRow};

/// Text read out of a file, with what it was read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceText {
    pub text: String,
    pub format: InputFormat,
    pub encoding: String,
}

/// Extract a record from text (the pure core of the pipeline).
pub fn process_text(source: &str, text: &str, rules: &Rules) -> DocumentRecord {
    let normalized = time(Stage::Normalize, || normalize(text));
    let seg = time(Stage::Segment, || segment(&normalized.text));
    let doc = Doc {
        text: &normalized.text,
        seg: &seg,
        map: &normalized.map,
    };
    let x = extract(&doc, rules);
    let map = |s: Span| {
        Span::new(
            normalized.map.source_offset(s.start),
            normalized.map.source_offset(s.end),
        )
    };
    DocumentRecord {
        source: source.to_string(),
        kind: x.kind,
        format: "text".to_string(),
        encoding: "UTF-8".to_string(),
        bytes: text.len(),
        meeting: x.meeting,
        sections: x
            .sections
            .into_iter()
            .map(|s| Section {
                heading: map(s.heading),
                span: map(s.span),
                ..s
            })
            .collect(),
        speakers: x.speakers,
        statements: x.statements,
        themes: x.themes,
        attendees: x.attendees,
    }
}

/// Read, decode and extract one file.
pub fn process_file(
    file: &InputFile,
    config: &Config,
    rules: &Rules,
) -> Result<DocumentRecord, Error> {
    let source = read_source(&file.path, config)?;
    let mut record = process_text(&file.source, &source.text, rules);
    record.format = source.format.name().to_string();
    record.encoding = source.encoding;
    Ok(record)
}

/// The text of a file, by its format (forced, or from the extension).
pub fn read_source(path: &Path, config: &Config) -> Result<SourceText, Error> {
    let format = match config.input_format.or_else(|| InputFormat::from_path(path)) {
        Some(f) => f,
        None => {
            let ext = path.extension().map_or_else(
                || "(none)".to_string(),
                |e| e.to_string_lossy().into_owned(),
            );
            return Err(Error::new(path, ErrorKind::Unsupported(ext)));
        }
    };
    let bytes = time(Stage::Load, || read_bytes(path, config.max_file_bytes))?;
    let format_err = |e: &dyn std::fmt::Display| Error::new(path, ErrorKind::Format(e.to_string()));
    let (text, encoding) = time(Stage::Decode, || -> Result<(String, String), Error> {
        Ok(match format {
            InputFormat::Docx => (
                docx_text(&bytes, &config.format_limits).map_err(|e| format_err(&e))?,
                "UTF-8 (DOCX)".to_string(),
            ),
            InputFormat::Pdf => (
                pdf_text(&bytes, &config.format_limits).map_err(|e| format_err(&e))?,
                "PDF text".to_string(),
            ),
            InputFormat::Text | InputFormat::Markdown | InputFormat::Html => {
                let decoded = decode(&bytes).map_err(|e| match e {
                    DecodeError::Empty => Error::new(path, ErrorKind::Empty),
                    DecodeError::Binary => Error::new(path, ErrorKind::Binary),
                })?;
                let text = if format == InputFormat::Html {
                    html_text(&decoded.text)
                } else {
                    decoded.text
                };
                (text, decoded.encoding.to_string())
            }
        })
    })?;
    if text.trim().is_empty() {
        return Err(Error::new(path, ErrorKind::Empty));
    }
    if text.len() > config.max_text_bytes {
        return Err(Error::new(
            path,
            ErrorKind::TooLarge {
                size: text.len() as u64,
                limit: config.max_text_bytes as u64,
            },
        ));
    }
    Ok(SourceText {
        text,
        format,
        encoding,
    })
}

/// Figures of a finished run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub speakers: usize,
    pub statements: usize,
    pub errors: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Run the whole pipeline. Per-file problems end up in `errors.csv`; only
/// problems with the run itself (output not writable) are returned as `Err`.
pub fn run(config: &Config) -> Result<Summary, Error> {
    let started = Instant::now();
    let (files, walk_errors) = list_inputs(&config.inputs);
    let mut writer = DatasetWriter::create(&config.out, &config.formats, config.csv_safe)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::new(&config.out, ErrorKind::Internal(e.to_string())))?;
    let progress = Progress::new(config.progress, files.len() as u64);
    let mut summary = Summary::default();
    // Chunks keep the output order without holding every record at once.
    let chunk = pool.current_num_threads().max(1) * 8;
    for batch in files.chunks(chunk) {
        let results: Vec<Result<DocumentRecord, Error>> = pool.install(|| {
            batch
                .par_iter()
                .map(|file| process_guarded(file, config))
                .collect()
        });
        for (file, result) in batch.iter().zip(results) {
            progress.inc();
            match result {
                Ok(record) => {
                    summary.documents += 1;
                    summary.speakers += record.speakers.len();
                    summary.statements += record.statements.len();
                    summary.bytes += record.bytes as u64;
                    time(Stage::Write, || writer.document(&record))?;
                }
                Err(err) => {
                    summary.errors += 1;
                    writer.error(ErrorRow::new(&file.source, &err));
                }
            }
        }
    }
    for (source, err) in &walk_errors {
        summary.errors += 1;
        writer.error(ErrorRow::new(source, err));
    }
    progress.finish();
    time(Stage::Write, || writer.finish())?;
    if crate::timings::enabled() {
        eprint!("{}", crate::timings::report());
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A panic in one document is a bug, but it must not take the batch down.
fn process_guarded(file: &InputFile, config: &Config) -> Result<DocumentRecord, Error> {
    catch_unwind(AssertUnwindSafe(|| {
        process_file(file, config, &config.rules)
    }))
    .unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Err(Error::new(&file.path, ErrorKind::Internal(msg)))
    })
}
