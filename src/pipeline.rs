//! The stages joined: load → decode → normalise → segment → extract → write.
//!
//! [`process_text`] is the pure core (text in, record out) that tests and
//! fuzzers call; [`process_file`] adds the I/O and the per-file errors;
//! [`run`] walks the inputs, processes them in parallel in input order and
//! streams the records to the writers, so memory depends on the largest
//! document and the thread count, never on the number of documents. Inputs
//! whose bytes the record cache ([`crate::manifest`]) already holds a
//! record of skip the processing: their kept record takes the place of a
//! fresh one in the same stream.

use std::borrow::Cow;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::decode::{decode, DecodeError};
use crate::error::{Error, ErrorKind};
use crate::extract::{extract, Doc};
use crate::formats::{docx_text, html_text, pdf_text, InputFormat};
use crate::load::{list_inputs, read_bytes, InputFile};
use crate::manifest::{line_of, CacheWriter, Content, Header, Outcome, Previous};
use crate::model::{with_sentences_escaped_once, DocumentRecord, Section, Span};
use crate::normalize::normalize;
use crate::ordered::{ordered_map, panic_message};
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
    let doc = Doc::new(&normalized.text, &seg, &normalized.map);
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
    Ok(record_of(&file.source, source, rules))
}

fn record_of(source: &str, text: SourceText, rules: &Rules) -> DocumentRecord {
    let mut record = process_text(source, &text.text, rules);
    record.format = text.format.name().to_string();
    record.encoding = text.encoding;
    record
}

/// The text of a file, by its format (forced, or from the extension).
pub fn read_source(path: &Path, config: &Config) -> Result<SourceText, Error> {
    let format = format_of(path, config)?;
    let bytes = time(Stage::Load, || read_bytes(path, config.max_file_bytes))?;
    decode_source(path, format, &bytes, config)
}

/// The format a file is read as: forced, or from its extension.
fn format_of(path: &Path, config: &Config) -> Result<InputFormat, Error> {
    match config.input_format.or_else(|| InputFormat::from_path(path)) {
        Some(f) => Ok(f),
        None => {
            let ext = path.extension().map_or_else(
                || "(none)".to_string(),
                |e| e.to_string_lossy().into_owned(),
            );
            Err(Error::new(path, ErrorKind::Unsupported(ext)))
        }
    }
}

/// The text of a file's bytes, read as `format`.
pub fn decode_source(
    path: &Path,
    format: InputFormat,
    bytes: &[u8],
    config: &Config,
) -> Result<SourceText, Error> {
    let format_err = |e: &dyn std::fmt::Display| Error::new(path, ErrorKind::Format(e.to_string()));
    let (text, encoding) = time(Stage::Decode, || -> Result<(String, String), Error> {
        Ok(match format {
            InputFormat::Docx => (
                docx_text(bytes, &config.format_limits).map_err(|e| format_err(&e))?,
                "UTF-8 (DOCX)".to_string(),
            ),
            InputFormat::Pdf => (
                pdf_text(bytes, &config.format_limits).map_err(|e| format_err(&e))?,
                "PDF text".to_string(),
            ),
            InputFormat::Text | InputFormat::Markdown | InputFormat::Html => {
                let decoded = decode(bytes).map_err(|e| match e {
                    DecodeError::Empty => Error::new(path, ErrorKind::Empty),
                    DecodeError::Binary => Error::new(path, ErrorKind::Binary),
                })?;
                let text = if format == InputFormat::Html {
                    html_text(&decoded.text)
                } else if format == InputFormat::Markdown {
                    crate::formats::markdown_text(&decoded.text)
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
    /// Inputs whose outcome was taken from the record cache.
    pub reused: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub(crate) fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Ok(record) => {
                self.documents += 1;
                self.speakers += record.speakers.len();
                self.statements += record.statements.len();
                self.bytes += record.bytes as u64;
            }
            Err(_) => self.errors += 1,
        }
    }
}

/// Items in flight per thread: enough that a slow document does not idle
/// the others, few enough that waiting records stay small. Measured on 50 MB
/// of generated documents (2 KB to 2 MB): 2 per thread left the workers
/// waiting behind each 2 MB document and the writer waiting for them (-j 1
/// 21.9 s, 2 threads 17.5 s); 8 keeps both busy (15.4 s, 10.6 s) for about
/// the same peak memory, which the largest documents decide.
const WINDOW_PER_THREAD: usize = 8;

/// What became of one input, ready for the writers.
struct Done {
    outcome: Outcome,
    /// The input's bytes, when they were read.
    content: Option<Content>,
    /// Its line for the record cache, when it was taken from there or made
    /// on the worker (see [`cache_line`]).
    line: Option<Vec<u8>>,
    /// Whether the record cache held this outcome.
    reused: bool,
}

impl Done {
    fn new(outcome: Outcome, content: Option<Content>) -> Done {
        Done {
            outcome,
            content,
            line: None,
            reused: false,
        }
    }
}

/// The record cache line of `done`: the one it carries, else made here, on
/// the writer's thread. With one worker the writer has time to spare (50 MB
/// generated corpus, `-j 1`: it used about a quarter of a core), and a
/// worker serialising its record is not extracting the next document; with
/// more, the writer is the one part that does not scale, so the workers
/// make the lines ([`outcome_of`]).
fn cache_line(done: &Done) -> Result<Cow<'_, [u8]>, serde_json::Error> {
    match &done.line {
        Some(line) => Ok(Cow::Borrowed(line)),
        None => line_of(&done.outcome).map(Cow::Owned),
    }
}

/// The outcome of one input: the kept one when `previous` holds a record of
/// these very bytes, else a fresh one, with its cache line when
/// `make_line`. Runs on a worker, so the hashing and the reading back of
/// kept records are parallel too.
fn outcome_of(
    file: &InputFile,
    config: &Config,
    previous: Option<&Previous>,
    make_line: bool,
) -> Done {
    let read = format_of(&file.path, config).and_then(|format| {
        let bytes = time(Stage::Load, || {
            read_bytes(&file.path, config.max_file_bytes)
        })?;
        Ok((format, bytes))
    });
    let (format, bytes) = match read {
        Ok(read) => read,
        Err(err) => return Done::new(Err(ErrorRow::new(&file.source, &err)), None),
    };
    let (content, kept) = time(Stage::Cache, || {
        let content = Content::of(&bytes);
        let kept = previous.and_then(|p| p.reuse(&file.source, &content));
        (content, kept)
    });
    if let Some((outcome, line)) = kept {
        return Done {
            outcome,
            content: Some(content),
            line: Some(line),
            reused: true,
        };
    }
    let text = decode_source(&file.path, format, &bytes, config);
    drop(bytes);
    let outcome = text
        .map(|text| record_of(&file.source, text, &config.rules))
        .map_err(|err| ErrorRow::new(&file.source, &err));
    if content.size >= TRIM_AFTER_BYTES {
        release_free_memory();
    }
    let mut done = Done::new(outcome, Some(content));
    if make_line && !is_large_input(content) {
        // An error here is the writer's to report: it makes the line again.
        done.line = time(Stage::Cache, || {
            with_sentences_escaped_once(|| line_of(&done.outcome)).ok()
        });
    }
    done
}

/// Inputs at least this large have their cache line made on a thread of
/// its own while the writer writes their rows ([`write_beside_line`]), not
/// on the worker. A large document is often the last or the only one in
/// flight: made one after the other, the line and the rows were a tail
/// nobody overlapped (one 50 MB document, `-j 1`: 1.5 s to make and keep
/// the line, then 1.5 to 1.7 s of rows). A megabyte of text takes a
/// quarter of a second to extract, so the thread's start is noise.
const LINE_BESIDE_WRITE_BYTES: u64 = 1 << 20;

/// Inputs at least this large are followed by [`release_free_memory`].
/// Below a megabyte what a document frees is reused by the next one; the
/// call itself costs a pass over the heap.
const TRIM_AFTER_BYTES: u64 = 1 << 20;

/// Hand the pages freed by a large document back to the system. glibc
/// keeps them in the worker's arena, fragmented between the blocks still in
/// use, so the next large document takes fresh pages beside them and the
/// peak grows with every one (50 MB generated corpus, `-j 1`: 162 -> 145 MB
/// peak resident memory, no measurable time).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks and only returns
    // pages that hold no allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether `done` is a document large enough to be written with
/// [`write_beside_line`] and let go of by [`drop_elsewhere`].
fn is_large(done: &Done) -> bool {
    done.content.is_some_and(is_large_input)
}

/// Whether an input of `content` is at least [`LINE_BESIDE_WRITE_BYTES`].
fn is_large_input(content: Content) -> bool {
    content.size >= LINE_BESIDE_WRITE_BYTES
}

/// Write `outcome` to the dataset with `write` while a scoped thread makes
/// its cache line and hands it to `keep`. Each thread escapes the
/// evidence sentences for itself: they no longer share what the other
/// escaped, but neither waits for the other.
fn write_beside_line(
    out: &Path,
    outcome: &Outcome,
    write: impl FnOnce(&Outcome) -> Result<(), Error>,
    keep: impl FnOnce(LineMade) -> Result<(), Error> + Send,
) -> Result<(), Error> {
    std::thread::scope(|s| {
        let helper = s.spawn(|| {
            let line = time(Stage::Cache, || {
                with_sentences_escaped_once(|| line_of(outcome))
            });
            keep(line.map(Cow::Owned))
        });
        let written = write(outcome);
        let kept = helper.join().unwrap_or_else(|panic| {
            let message = format!("cache line: {}", panic_message(panic));
            Err(Error::new(out, ErrorKind::Internal(message)))
        });
        written.and(kept)
    })
}

/// A cache line, or why it could not be made.
type LineMade<'a> = Result<Cow<'a, [u8]>, serde_json::Error>;

/// Let go of a large document on a thread of its own. Freeing a model is
/// a call to the allocator for each of its values, millions for a large
/// document (0.45 to 0.67 s for one of 50 MB), and neither the next
/// document nor the end of the run needs to wait for it. Where no thread
/// can be started it is freed here.
fn drop_elsewhere(done: Done) {
    let _ = std::thread::Builder::new()
        .name("minutes-drop".into())
        .spawn(move || drop(done));
}

/// Write one outcome to the dataset.
pub(crate) fn write_outcome(writer: &mut DatasetWriter, outcome: &Outcome) -> Result<(), Error> {
    match outcome {
        Ok(record) => time(Stage::Write, || writer.document(record)),
        Err(row) => {
            writer.error(row.clone());
            Ok(())
        }
    }
}

/// Run the whole pipeline. Per-file problems end up in `errors.csv`; only
/// problems with the run itself (output not writable) are returned as `Err`.
pub fn run(config: &Config) -> Result<Summary, Error> {
    let started = Instant::now();
    let (files, walk_errors) = list_inputs(&config.inputs);
    let (files, walk_errors) = config.shard.select(files, walk_errors);
    let header = Header::of(config);
    let previous = config
        .incremental
        .then(|| Previous::open(config.reuse_from.as_ref().unwrap_or(&config.out), &header))
        .flatten();
    let mut writer = DatasetWriter::create(&config.out, &config.formats, config.csv_safe)?;
    let mut cache = match config.write_cache {
        true => Some(CacheWriter::create(&config.out, &header)?),
        false => None,
    };
    // The record cache gets a line for each outcome, made when the worker
    // did not make it.
    let keep = |cache: &mut CacheWriter, source: &str, done: &Done, line: LineMade, walk| {
        time(Stage::Cache, || {
            let line = line.map_err(|e| {
                Error::new(&config.out, ErrorKind::Internal(format!("{source}: {e}")))
            })?;
            cache.push(source, done.content, walk, &line)
        })
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::new(&config.out, ErrorKind::Internal(e.to_string())))?;
    let progress = Progress::new(config.progress, files.len() as u64);
    let mut summary = Summary::default();
    let window = pool.current_num_threads().max(1) * WINDOW_PER_THREAD;
    let lines_on_workers = config.write_cache && pool.current_num_threads() > 1;
    // Outcomes arrive in input order, so the n-th outcome is the n-th file's.
    let mut order = files.iter();
    ordered_map(
        &pool,
        &files,
        window,
        |file| outcome_of(file, config, previous.as_ref(), lines_on_workers),
        |done| {
            progress.inc();
            let file = order.next().expect("one outcome per file");
            // A panic is a bug, but it must not take the batch down.
            let done = done.unwrap_or_else(|panic| {
                let err = Error::new(&file.path, ErrorKind::Internal(panic));
                Done::new(Err(ErrorRow::new(&file.source, &err)), None)
            });
            summary.add(&done.outcome);
            summary.reused += usize::from(done.reused);
            let written = match cache.as_mut() {
                // A large document's line and rows are made side by side:
                // it is often the last or only one in flight.
                Some(cache) if done.line.is_none() && is_large(&done) => write_beside_line(
                    &config.out,
                    &done.outcome,
                    |outcome| write_outcome(&mut writer, outcome),
                    |line| keep(cache, &file.source, &done, line, false),
                ),
                // The cache line and the dataset's JSON cite the same
                // sentences: escaped once for both.
                Some(cache) => with_sentences_escaped_once(|| {
                    let line = time(Stage::Cache, || cache_line(&done));
                    keep(cache, &file.source, &done, line, false)?;
                    write_outcome(&mut writer, &done.outcome)
                }),
                None => write_outcome(&mut writer, &done.outcome),
            };
            if is_large(&done) {
                drop_elsewhere(done);
            }
            written
        },
    )?;
    for (source, err) in &walk_errors {
        let done = Done::new(Err(ErrorRow::new(source, err)), None);
        summary.add(&done.outcome);
        if let Some(cache) = cache.as_mut() {
            keep(cache, source, &done, cache_line(&done), true)?;
        }
        write_outcome(&mut writer, &done.outcome)?;
    }
    progress.finish();
    time(Stage::Write, || writer.finish())?;
    if let Some(cache) = cache {
        time(Stage::Cache, || cache.finish())?;
    }
    if crate::timings::enabled() {
        eprint!("{}", crate::timings::report());
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_carried_line_is_written_as_carried_and_a_missing_one_is_made() {
        let text = "Ms. Ana Ruiz, Director of Policy, said the plan was ready.\n";
        let record = process_text("a.txt", text, &Rules::default_rules());
        let fresh = Done::new(Ok(record.clone()), None);
        let made = line_of(&Ok(record.clone())).unwrap();
        assert_eq!(&*cache_line(&fresh).unwrap(), made.as_slice());
        let carried = Done {
            line: Some(b"kept\n".to_vec()),
            ..Done::new(Ok(record), None)
        };
        assert_eq!(&*cache_line(&carried).unwrap(), b"kept\n");
    }

    #[test]
    fn a_document_is_large_from_the_threshold_on() {
        let sized = |size| {
            let content = Content {
                hash: [0; 32],
                size,
            };
            Done::new(
                Err(ErrorRow::new(
                    "a.txt",
                    &Error::new("a.txt", ErrorKind::Empty),
                )),
                Some(content),
            )
        };
        assert!(is_large(&sized(LINE_BESIDE_WRITE_BYTES)));
        assert!(!is_large(&sized(LINE_BESIDE_WRITE_BYTES - 1)));
        let unread = Done::new(
            Err(ErrorRow::new(
                "a.txt",
                &Error::new("a.txt", ErrorKind::Empty),
            )),
            None,
        );
        assert!(!is_large(&unread));
    }

    #[test]
    fn the_line_made_beside_the_write_is_the_line_and_failures_are_reported() {
        let text = "Ms. Ana Ruiz, Director of Policy, said the plan was ready.\n";
        let outcome = Ok(process_text("a.txt", text, &Rules::default_rules()));
        let made = line_of(&outcome).unwrap();
        let out = Path::new("out");
        let (mut writes, mut kept) = (0, None);
        write_beside_line(
            out,
            &outcome,
            |o| {
                writes += 1;
                assert_eq!(o, &outcome);
                Ok(())
            },
            |line| {
                kept = Some(line.unwrap().into_owned());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((writes, kept), (1, Some(made)));
        let fail = |what: &str| Err(Error::new("out", ErrorKind::Internal(what.into())));
        let write_failed = write_beside_line(out, &outcome, |_| fail("write"), |_| Ok(()));
        assert!(write_failed.unwrap_err().to_string().contains("write"));
        let keep_failed = write_beside_line(out, &outcome, |_| Ok(()), |_| fail("keep"));
        assert!(keep_failed.unwrap_err().to_string().contains("keep"));
        let panicked = write_beside_line(out, &outcome, |_| Ok(()), |_| panic!("boom"));
        assert!(panicked
            .unwrap_err()
            .to_string()
            .contains("cache line: boom"));
    }
}
