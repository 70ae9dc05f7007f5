//! `minutes extract - --format jsonl`: one JSON result line on stdout per
//! line on stdin, in input order, for Unix pipes, Hadoop Streaming and
//! Spark's `RDD.pipe`.
//!
//! Those drivers match results to inputs by position (Spark's `zip`) or by
//! id, so the contract is strict: exactly one output line per input line,
//! blank and broken lines included (they become error lines), never a line
//! dropped or reordered. Lines are read as the writer sends them and results
//! flushed as they are ready, so a driver that waits for each result before
//! sending the next line is served, and memory stays bounded by the window
//! of lines in flight whatever the length of the stream.

use std::io::{self, BufRead, BufReader, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::cli::ExtractArgs;
use crate::config::Config;
use crate::config::OutputFormat;
use crate::error::{Error, ErrorKind};
use crate::formats::InputFormat;
use crate::model::DocumentRecord;
use crate::ordered::{ordered_map_feed, Outcome};
use crate::pipeline::{process_text, read_source};
use crate::write::json::DocumentView;

/// What each stdin line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// `{"id": ..., "text": ..., "source": ...}` objects.
    Json,
    /// A file path, read like any input file (`--paths`).
    Paths,
}

/// Figures of a finished stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSummary {
    pub lines: usize,
    pub documents: usize,
    pub errors: usize,
    /// The reader of stdout went away before the end (`| head`).
    pub closed: bool,
    pub elapsed: Duration,
}

/// Lines in flight per thread, as in [`crate::pipeline::run`]: enough that a
/// slow document does not idle the other threads.
const WINDOW_PER_THREAD: usize = 4;

/// Where fatal stream errors point, as they have no file.
const STDIN: &str = "<stdin>";
const STDOUT: &str = "<stdout>";

/// Whether these arguments ask for the stream, and which kind; an error for
/// flags that only make sense with `-` (or `-` without them), so that a
/// mistyped command fails instead of silently writing a dataset folder.
pub fn mode(args: &ExtractArgs) -> Result<Option<Input>, Error> {
    let stdin = args.inputs.iter().any(|p| p == Path::new("-"));
    let jsonl = args.output.formats == [OutputFormat::Jsonl];
    if !stdin {
        if args.paths {
            return Err(usage(
                "--paths reads file paths from stdin: give `-` as the input",
            ));
        }
        return Ok(None);
    }
    if args.inputs.len() > 1 {
        return Err(usage("`-` (stdin) cannot be mixed with other inputs"));
    }
    if !jsonl {
        return Err(usage(
            "`-` (stdin) streams JSON lines to stdout: add --format jsonl (and no other format)",
        ));
    }
    if !args.paths && args.input_format.is_some() {
        return Err(usage(
            "--input-format needs --paths: JSON lines carry plain text",
        ));
    }
    Ok(Some(if args.paths {
        Input::Paths
    } else {
        Input::Json
    }))
}

fn usage(message: &str) -> Error {
    Error::new("extract", ErrorKind::Format(message.to_string()))
}

/// `minutes extract - --format jsonl [--paths]`: stdin to stdout; the exit
/// code is 0 when every line became a document, 3 when some are errors.
pub fn extract(args: &ExtractArgs, input: Input) -> Result<u8, Error> {
    let config = args.config()?;
    let reader = BufReader::with_capacity(64 << 10, io::stdin());
    let summary = run(reader, io::stdout().lock(), input, &config)?;
    if crate::timings::enabled() {
        eprint!("{}", crate::timings::report());
    }
    if !args.quiet {
        eprintln!(
            "minutes: {} lines, {} documents, {} errors in {:.2}s{}",
            summary.lines,
            summary.documents,
            summary.errors,
            summary.elapsed.as_secs_f64(),
            if summary.closed {
                " (stdout closed early)"
            } else {
                ""
            }
        );
    }
    Ok(if summary.errors > 0 { 3 } else { 0 })
}

/// Stream `reader` to `out`, one result line per input line. A closed `out`
/// (`BrokenPipe`) ends the stream quietly; other read or write failures are
/// fatal, after the lines already written.
pub fn run<R, W>(reader: R, out: W, input: Input, config: &Config) -> Result<StreamSummary, Error>
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::new(STDIN, ErrorKind::Internal(e.to_string())))?;
    let window = pool.current_num_threads().max(1) * WINDOW_PER_THREAD;
    let mut out = io::BufWriter::new(out);
    let mut summary = StreamSummary::default();
    let result = ordered_map_feed(
        &pool,
        feed(reader, config.max_file_bytes),
        window,
        |line| answer(line, input, config),
        |outcome| write_reply(&mut out, outcome, &mut summary),
    );
    match result.and_then(|()| out.flush().map_err(write_stop)) {
        Ok(()) => {}
        Err(Stop::Closed) => summary.closed = true,
        Err(Stop::Fatal(err)) => return Err(err),
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Why the stream stopped before the end of stdin.
enum Stop {
    /// Nobody reads stdout any more: not an error.
    Closed,
    Fatal(Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Fatal(Error::io(STDIN, e))
    }
}

/// One stdin line, as read, with its 1-based number.
struct Line {
    number: usize,
    raw: io::Result<RawLine>,
}

enum RawLine {
    Bytes(Vec<u8>),
    /// Longer than the limit: its length, its bytes dropped unread.
    TooLong(u64),
}

/// The reader as a feed of lines; a read error is handed on as the last
/// line, for the writer to report in order.
fn feed<R: BufRead + Send + 'static>(
    mut reader: R,
    limit: u64,
) -> impl FnMut() -> Option<Line> + Send + 'static {
    let mut number = 0;
    let mut failed = false;
    move || {
        if failed {
            return None;
        }
        number += 1;
        match read_line(&mut reader, limit) {
            Ok(None) => None,
            Ok(Some(raw)) => Some(Line {
                number,
                raw: Ok(raw),
            }),
            Err(e) => {
                failed = true;
                Some(Line {
                    number,
                    raw: Err(e),
                })
            }
        }
    }
}

/// Read one line without its `\n` (or `\r\n`); `None` at the end. A line
/// over `limit` bytes is skipped to its end without being kept, so one
/// runaway line cannot take the memory.
fn read_line(reader: &mut impl BufRead, limit: u64) -> io::Result<Option<RawLine>> {
    let mut bytes = Vec::new();
    let mut size = 0u64;
    let mut seen = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        seen = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        size += part.len() as u64;
        if size <= limit {
            bytes.extend_from_slice(part);
        } else {
            bytes = Vec::new();
        }
        let used = newline.map_or(part.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !seen {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
        size -= 1;
    }
    Ok(Some(if size > limit {
        RawLine::TooLong(size)
    } else {
        RawLine::Bytes(bytes)
    }))
}

/// What a worker hands the writer for one line.
enum Reply {
    Line {
        json: Vec<u8>,
        document: bool,
    },
    /// Stdin failed: the stream cannot go on.
    Fatal(Error),
}

/// One line's result, serialised in the worker so the writer only copies.
fn answer(line: Line, input: Input, config: &Config) -> Reply {
    let raw = match line.raw {
        Ok(raw) => raw,
        Err(e) => return Reply::Fatal(Error::io(STDIN, e)),
    };
    let request = match raw {
        RawLine::Bytes(bytes) => request(&bytes, line.number, input),
        RawLine::TooLong(size) => Err(Rejected::new(
            None,
            "too_large",
            format!(
                "line is {size} bytes, over the {}-byte limit (--max-file-size)",
                config.max_file_bytes
            ),
        )),
    };
    let outcome = request.and_then(|req| {
        let record = document(&req, config)?;
        Ok((req, record))
    });
    match outcome {
        Ok((req, record)) => match document_line(req.id.as_deref(), &record) {
            Ok(json) => Reply::Line {
                json,
                document: true,
            },
            Err(e) => error_reply(
                &Rejected::new(req.id, "internal", e.to_string()),
                line.number,
            ),
        },
        Err(rejected) => error_reply(&rejected, line.number),
    }
}

/// A line understood: what to extract, and under which id and source.
struct Request {
    id: Option<Box<RawValue>>,
    source: String,
    body: Body,
}

enum Body {
    Text(String),
    Path(PathBuf),
}

/// A line that gave no document, with the id when it was read.
struct Rejected {
    id: Option<Box<RawValue>>,
    kind: &'static str,
    message: String,
}

impl Rejected {
    fn new(id: Option<Box<RawValue>>, kind: &'static str, message: String) -> Rejected {
        Rejected { id, kind, message }
    }

    /// The same kind and message errors.csv would show.
    fn from_error(req: &Request, err: &Error) -> Rejected {
        Rejected::new(req.id.clone(), err.category(), err.message())
    }
}

/// The fields of a JSON input line; any other field is ignored, so callers
/// can send their records as they are. Raw values keep the id's exact
/// spelling (`1e3`, integers past 64 bits) and let each field's problem be
/// named on its own.
#[derive(Deserialize)]
#[serde(expecting = "a JSON object with a \"text\" field")]
struct Fields<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    source: Option<&'a RawValue>,
}

fn request(bytes: &[u8], number: usize, input: Input) -> Result<Request, Rejected> {
    let line = std::str::from_utf8(bytes).map_err(|e| {
        Rejected::new(
            None,
            "encoding",
            format!("line is not UTF-8 (bad byte at offset {})", e.valid_up_to()),
        )
    })?;
    if line.trim().is_empty() {
        return Err(Rejected::new(None, "empty", "blank line".to_string()));
    }
    match input {
        Input::Json => json_request(line, number),
        Input::Paths => path_request(line),
    }
}

fn json_request(line: &str, number: usize) -> Result<Request, Rejected> {
    // serde reads a struct from an array too (`["a", "b"]`): only objects
    // are records here.
    if !line.trim_start().starts_with('{') {
        let message = "line is not a JSON object".to_string();
        return Err(Rejected::new(None, "json", message));
    }
    let fields: Fields =
        serde_json::from_str(line).map_err(|e| Rejected::new(None, "json", e.to_string()))?;
    // An id of another type is not echoed: readers may rely on its type.
    if fields.id.is_some_and(|raw| !is_string_or_number(raw)) {
        let message = "\"id\" must be a string or a number".to_string();
        return Err(Rejected::new(None, "field", message));
    }
    let id = fields.id.map(RawValue::to_owned);
    let reject = |message: &str| Rejected::new(id.clone(), "field", message.to_string());
    let text = match fields.text {
        None => return Err(reject("no \"text\" field")),
        Some(raw) => serde_json::from_str::<String>(raw.get())
            .map_err(|_| reject("\"text\" must be a string"))?,
    };
    let source = match fields.source {
        Some(raw) => serde_json::from_str::<String>(raw.get())
            .map_err(|_| reject("\"source\" must be a string"))?,
        None => default_source(id.as_deref(), number),
    };
    Ok(Request {
        id,
        source,
        body: Body::Text(text),
    })
}

fn is_string_or_number(raw: &RawValue) -> bool {
    matches!(
        raw.get().as_bytes().first(),
        Some(b'"' | b'-' | b'0'..=b'9')
    )
}

/// A document's `source` when the line names none: the id's text, so rows
/// of the CSV tables built from the stream can be joined back to the input.
fn default_source(id: Option<&RawValue>, number: usize) -> String {
    match id {
        Some(raw) => serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.to_string()),
        None => format!("stdin:{number}"),
    }
}

fn path_request(line: &str) -> Result<Request, Rejected> {
    let id = serde_json::value::to_raw_value(line)
        .map_err(|e| Rejected::new(None, "internal", e.to_string()))?;
    Ok(Request {
        id: Some(id),
        source: line.to_string(),
        body: Body::Path(PathBuf::from(line)),
    })
}

/// Extract the document of a request, with the limits and error kinds of a
/// file run; a panic is reported for this line alone.
fn document(req: &Request, config: &Config) -> Result<DocumentRecord, Rejected> {
    catch_unwind(AssertUnwindSafe(|| match &req.body {
        Body::Text(text) => text_document(req, text, config),
        Body::Path(path) => {
            let source = read_source(path, config).map_err(|e| Rejected::from_error(req, &e))?;
            let mut record = process_text(&req.source, &source.text, &config.rules);
            record.format = source.format.name().to_string();
            record.encoding = source.encoding;
            Ok(record)
        }
    }))
    .unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let err = Error::new(&req.source, ErrorKind::Internal(message));
        Err(Rejected::from_error(req, &err))
    })
}

fn text_document(req: &Request, text: &str, config: &Config) -> Result<DocumentRecord, Rejected> {
    if text.trim().is_empty() {
        let message = "\"text\" is empty or only white space".to_string();
        return Err(Rejected::new(req.id.clone(), "empty", message));
    }
    if text.len() > config.max_text_bytes {
        let message = format!(
            "\"text\" is {} bytes, over the {}-byte limit (--max-text-size)",
            text.len(),
            config.max_text_bytes
        );
        return Err(Rejected::new(req.id.clone(), "too_large", message));
    }
    let mut record = process_text(&req.source, text, &config.rules);
    record.format = InputFormat::Text.name().to_string();
    Ok(record)
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    id: Option<&'a RawValue>,
    document: DocumentView<'a>,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    id: Option<&'a RawValue>,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
    /// 1-based line of stdin, for lines whose id could not be read.
    line: usize,
}

/// `{"id":...,"document":{...}}\n`: compact JSON never holds a raw newline
/// (strings escape it), so the result is one line.
fn document_line(id: Option<&RawValue>, record: &DocumentRecord) -> serde_json::Result<Vec<u8>> {
    let mut json = serde_json::to_vec(&DocumentLine {
        id,
        document: DocumentView::new(record),
    })?;
    json.push(b'\n');
    Ok(json)
}

fn error_reply(rejected: &Rejected, number: usize) -> Reply {
    Reply::Line {
        json: error_line(
            rejected.id.as_deref(),
            rejected.kind,
            &rejected.message,
            number,
        ),
        document: false,
    }
}

fn error_line(id: Option<&RawValue>, kind: &str, message: &str, number: usize) -> Vec<u8> {
    let line = ErrorLine {
        id,
        error: ErrorBody {
            kind,
            message,
            line: number,
        },
    };
    // Plain strings and numbers cannot fail to serialise; the fallback
    // keeps the one-line-per-input promise all the same.
    let mut json = serde_json::to_vec(&line).unwrap_or_else(|_| {
        format!(r#"{{"id":null,"error":{{"kind":"internal","message":"","line":{number}}}}}"#)
            .into_bytes()
    });
    json.push(b'\n');
    json
}

/// Write one reply and flush it, so the reader sees each result as soon as
/// it is in order.
fn write_reply<W: Write>(
    out: &mut W,
    outcome: Outcome<Reply>,
    summary: &mut StreamSummary,
) -> Result<(), Stop> {
    summary.lines += 1;
    let json = match outcome {
        Ok(Reply::Line { json, document }) => {
            if document {
                summary.documents += 1;
            } else {
                summary.errors += 1;
            }
            json
        }
        Ok(Reply::Fatal(err)) => {
            summary.lines -= 1;
            return Err(Stop::Fatal(err));
        }
        Err(panic) => {
            summary.errors += 1;
            error_line(None, "internal", &panic, summary.lines)
        }
    };
    out.write_all(&json)
        .and_then(|()| out.flush())
        .map_err(write_stop)
}

fn write_stop(e: io::Error) -> Stop {
    match e.kind() {
        io::ErrorKind::BrokenPipe => Stop::Closed,
        _ => Stop::Fatal(Error::io(STDOUT, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn lines_of(input: &[u8], limit: u64) -> Vec<RawLine> {
        let mut reader = BufReader::with_capacity(4, input);
        std::iter::from_fn(|| read_line(&mut reader, limit).unwrap()).collect()
    }

    fn bytes(line: &RawLine) -> Option<&[u8]> {
        match line {
            RawLine::Bytes(b) => Some(b),
            RawLine::TooLong(_) => None,
        }
    }

    #[test]
    fn lines_split_on_newline_with_crlf_and_a_last_line_without_one() {
        let lines = lines_of(b"one\r\n\ntwo words\nlast", 100);
        let got: Vec<_> = lines.iter().map(bytes).collect();
        let want: Vec<Option<&[u8]>> =
            vec![Some(b"one"), Some(b""), Some(b"two words"), Some(b"last")];
        assert_eq!(got, want);
        assert!(lines_of(b"", 100).is_empty());
    }

    #[test]
    fn a_line_over_the_limit_is_measured_not_kept() {
        let lines = lines_of(b"0123456789abc\nok\n", 10);
        assert!(matches!(lines[0], RawLine::TooLong(13)));
        assert_eq!(bytes(&lines[1]), Some(&b"ok"[..]));
    }

    fn json(line: &str) -> Result<Request, Rejected> {
        request(line.as_bytes(), 4, Input::Json)
    }

    #[test]
    fn the_source_is_given_or_the_id_or_the_line_number() {
        let source = |line| json(line).ok().map(|r| r.source);
        assert_eq!(
            source(r#"{"id":"a","text":"t","source":"s.txt"}"#).as_deref(),
            Some("s.txt")
        );
        assert_eq!(
            source(r#"{"id":"a\"b","text":"t"}"#).as_deref(),
            Some("a\"b")
        );
        assert_eq!(
            source(r#"{"id":-1.5e2,"text":"t"}"#).as_deref(),
            Some("-1.5e2")
        );
        assert_eq!(
            source(r#"{"text":"t","id":null}"#).as_deref(),
            Some("stdin:4")
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let kind = |line| {
            json(line)
                .err()
                .map(|r| (r.kind, r.id.map(|id| id.to_string())))
        };
        assert_eq!(kind(r#"{"id":{},"text":"t"}"#), Some(("field", None)));
        assert_eq!(kind(r#"{"id":1}"#), Some(("field", Some("1".into()))));
        assert_eq!(
            kind(r#"{"id":1,"text":null}"#),
            Some(("field", Some("1".into())))
        );
        assert_eq!(
            kind(r#"{"id":1,"text":"t","text":"u"}"#),
            Some(("json", None))
        );
        assert_eq!(kind(r#"[1]"#), Some(("json", None)));
        assert_eq!(kind(" \t"), Some(("empty", None)));
    }

    fn run_on(input: &str, threads: usize) -> (StreamSummary, String) {
        let config = Config {
            threads,
            ..Config::default()
        };
        let reader = Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        let summary = run(reader, &mut out, Input::Json, &config).unwrap();
        (summary, String::from_utf8(out).unwrap())
    }

    #[test]
    fn results_keep_input_order_and_counts() {
        let mut input = String::new();
        for i in 0..40 {
            if i % 7 == 3 {
                input.push_str("oops\n");
            } else {
                let text = "Mr. Jan Kowalski stressed the need for cybersecurity. ".repeat(i);
                input.push_str(&format!("{{\"id\":{i},\"text\":\"{text}x\"}}\n"));
            }
        }
        let (summary, out) = run_on(&input, 4);
        assert_eq!(
            (summary.lines, summary.documents, summary.errors),
            (40, 34, 6)
        );
        assert!(!summary.closed);
        for (i, line) in out.lines().enumerate() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            if i % 7 == 3 {
                assert_eq!(value["error"]["line"], i + 1);
            } else {
                assert_eq!(value["id"], i);
            }
        }
        assert_eq!(run_on(&input, 1).1, out);
    }

    /// A stdout whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_stdout_ends_the_stream_without_an_error() {
        let reader = Cursor::new(b"{\"text\":\"a\"}\n".repeat(100));
        let summary = run(reader, Closed, Input::Json, &Config::default()).unwrap();
        assert!(summary.closed);
        assert!(summary.lines < 100);
    }
}
