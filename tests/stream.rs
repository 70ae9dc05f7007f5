//! `minutes extract - --format jsonl`: the binary fed over stdin, as Unix
//! pipes, Hadoop Streaming and Spark's `RDD.pipe` feed it.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::util::{data_dir, extract, Dataset, TestCommand, TestDir};

/// What a stream run gave back.
struct Streamed {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Streamed {
    fn lines(&self) -> Vec<Value> {
        let text = std::str::from_utf8(&self.stdout).expect("stdout is UTF-8");
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

/// Spawn `minutes extract - --format jsonl -q EXTRA...` in `dir`.
fn spawn(extra: &[&str], dir: &Path) -> Child {
    let mut cmd = TestCommand::new();
    cmd.args(["extract", "-", "--format", "jsonl", "-q"])
        .args(extra)
        .current_dir(dir);
    cmd.command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn minutes")
}

/// Run the stream over `input` (written from a thread, so a full pipe
/// cannot stall the test) and collect everything.
fn stream(input: &[u8], extra: &[&str]) -> Streamed {
    stream_in(input, extra, Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn stream_in(input: &[u8], extra: &[&str], dir: &Path) -> Streamed {
    let mut child = spawn(extra, dir);
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Streamed {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The text fixtures (`*.txt`), sorted by name.
fn text_fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "tests/data has text fixtures");
    paths
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// One JSON input line per fixture, ids alternating numbers and strings.
fn fixture_lines() -> (Vec<Value>, Vec<u8>) {
    let mut ids = Vec::new();
    let mut input = Vec::new();
    for (i, path) in text_fixtures().iter().enumerate() {
        let id = if i % 2 == 0 {
            json!(i * 10)
        } else {
            json!(format!("doc-{i}"))
        };
        let text = fs::read_to_string(path).unwrap();
        let line = json!({"id": id, "text": text, "source": name(path)});
        input.extend(serde_json::to_vec(&line).unwrap());
        input.push(b'\n');
        ids.push(id);
    }
    (ids, input)
}

#[test]
fn one_result_line_per_input_line_in_order_with_ids_kept() {
    let (ids, input) = fixture_lines();
    let out = stream(&input, &[]);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines = out.lines();
    assert_eq!(lines.len(), ids.len());
    for ((line, id), path) in lines.iter().zip(&ids).zip(text_fixtures()) {
        assert_eq!(&line["id"], id);
        assert_eq!(line["document"]["source"], name(&path));
        assert!(line.get("error").is_none(), "{line}");
    }
    assert!(out.stdout.ends_with(b"\n"));
}

#[test]
fn each_document_equals_its_dataset_json_element() {
    let tmp = TestDir::new("stream-equal");
    let input_dir = tmp.mkdir("in");
    for path in text_fixtures() {
        tmp.copy_in(&path, format!("in/{}", name(&path)));
    }
    let out_dir = tmp.join("out");
    extract(&[&input_dir], &out_dir, &[]).expect_code(0);
    let dataset = Dataset::read(&out_dir);

    let (_, input) = fixture_lines();
    let lines = stream(&input, &[]).lines();
    for line in &lines {
        let doc = &line["document"];
        let source = doc["source"].as_str().unwrap();
        assert_eq!(doc, dataset.document(source), "{source}");
    }

    // --paths reads every format the way a folder run does.
    tmp.copy_in(
        data_dir().join("digwatch_report.md"),
        "in/digwatch_report.md",
    );
    extract(&[&input_dir], &out_dir, &[]).expect_code(0);
    let dataset = Dataset::read(&out_dir);
    let out = stream_in(
        b"digwatch_report.md\nsession_report.txt\n",
        &["--paths"],
        &input_dir,
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    for line in out.lines() {
        let source = line["id"].as_str().unwrap();
        assert_eq!(&line["document"], dataset.document(source), "{source}");
    }
}

#[test]
fn the_document_is_compact_json_on_one_line() {
    let (ids, input) = fixture_lines();
    let out = stream(&input, &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches('\n').count(), ids.len());
    assert!(!text.contains("\n "), "pretty-printed output");
}

#[test]
fn bad_lines_become_error_lines_in_place() {
    let mut input = Vec::new();
    let good = r#"{"id": "good", "text": "Ms. Ana Lima stressed the need for investment."}"#;
    for line in [
        good,
        "",
        "   ",
        "not json",
        r#"["text"]"#,
        r#"{"id": 7}"#,
        r#"{"id": 8, "text": "  \n "}"#,
        r#"{"id": 9, "text": 42}"#,
        r#"{"id": true, "text": "x"}"#,
        r#"{"id": 10, "text": "x", "source": 3}"#,
    ] {
        input.extend(line.as_bytes());
        input.push(b'\n');
    }
    input.extend(b"{\"id\": 11, \"text\": \"caf\xe9\"}\n");
    input.extend(b"{\"id\": 1e3, \"text\": \"last line, no newline, CRLF before\"}\r\n");
    input.extend(good.as_bytes());

    let out = stream(&input, &[]);
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    let lines = out.lines();
    let got: Vec<(Value, Option<&str>, Option<u64>)> = lines
        .iter()
        .map(|l| {
            (
                l["id"].clone(),
                l["error"]["kind"].as_str(),
                l["error"]["line"].as_u64(),
            )
        })
        .collect();
    let want = vec![
        (json!("good"), None, None),
        (Value::Null, Some("empty"), Some(2)),
        (Value::Null, Some("empty"), Some(3)),
        (Value::Null, Some("json"), Some(4)),
        (Value::Null, Some("json"), Some(5)),
        (json!(7), Some("field"), Some(6)),
        (json!(8), Some("empty"), Some(7)),
        (json!(9), Some("field"), Some(8)),
        (Value::Null, Some("field"), Some(9)),
        (json!(10), Some("field"), Some(10)),
        (Value::Null, Some("encoding"), Some(11)),
        (json!(1000.0), None, None),
        (json!("good"), None, None),
    ];
    assert_eq!(got, want);
    for line in &lines {
        if let Some(err) = line.get("error") {
            assert!(!err["message"].as_str().unwrap().is_empty(), "{line}");
        }
    }
    // The id is echoed with its spelling, not re-printed from a float.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#"{"id":1e3,"document":"#), "{text}");
}

#[test]
fn paths_mode_reads_each_file_and_reports_each_failure() {
    let input = "tests/data/digwatch_report.md\nno/such/file.txt\n\ntests/data/README.md\nCargo.toml\ntests/data/session_report.txt\n";
    let out = stream(input.as_bytes(), &["--paths"]);
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    let lines = out.lines();
    let got: Vec<(Value, Option<&str>)> = lines
        .iter()
        .map(|l| (l["id"].clone(), l["error"]["kind"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("tests/data/digwatch_report.md"), None),
            (json!("no/such/file.txt"), Some("io")),
            (Value::Null, Some("empty")),
            (json!("tests/data/README.md"), None),
            (json!("Cargo.toml"), Some("unsupported")),
            (json!("tests/data/session_report.txt"), None),
        ]
    );
    assert_eq!(lines[0]["document"]["format"], "markdown");
    assert_eq!(
        lines[0]["document"]["source"],
        "tests/data/digwatch_report.md"
    );
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let (_, once) = fixture_lines();
    let mut input = Vec::new();
    for _ in 0..4 {
        input.extend(&once);
        input.extend(b"\nnot json\n");
    }
    let one = stream(&input, &["-j", "1"]);
    let four = stream(&input, &["-j", "4"]);
    assert_eq!(one.code, Some(3));
    assert_eq!(four.code, Some(3));
    assert!(one.stdout == four.stdout, "-j 1 and -j 4 differ");
}

#[test]
fn a_writer_that_waits_for_each_result_is_served() {
    // Write one line, read its result, then write the next: only a stream
    // that reads lazily and flushes each result gets through this.
    let mut child = spawn(&["-j", "4"], Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    let (ids, input) = fixture_lines();
    for (i, (line, id)) in input.split(|&b| b == b'\n').zip(&ids).enumerate() {
        stdin.write_all(line).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        let Ok(result) = rx.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            panic!("no result for line {} before the next line was sent", i + 1);
        };
        let result: Value = serde_json::from_str(&result).unwrap();
        assert_eq!(&result["id"], id);
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(rx.recv().is_err(), "a result line too many");
}

#[test]
fn a_reader_that_goes_away_ends_the_stream_quietly() {
    let mut child = spawn(&[], Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut stdin = child.stdin.take().unwrap();
    let (_, once) = fixture_lines();
    let writer = std::thread::spawn(move || {
        for _ in 0..50 {
            if stdin.write_all(&once).is_err() {
                return;
            }
        }
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with(r#"{"id":0,"document":"#), "{first}");
    // The reader is dropped here, as `| head -1` does.
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn empty_input_gives_empty_output() {
    let out = stream(b"", &[]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_line_over_the_size_limit_is_an_error_line() {
    let big = format!("{{\"id\": 1, \"text\": \"{}\"}}\n", "a".repeat(5000));
    let input = format!("{big}{{\"id\": 2, \"text\": \"short\"}}\n");
    let out = stream(input.as_bytes(), &["--max-file-size", "1000"]);
    assert_eq!(out.code, Some(3));
    let lines = out.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"]["kind"], "too_large");
    assert_eq!(lines[1]["id"], 2);
    assert!(lines[1]["document"].is_object());
}

#[test]
fn stdin_flags_out_of_place_are_refused() {
    for args in [
        &["extract", "-"][..],
        &["extract", "-", "--format", "csv"],
        &["extract", "-", "input", "--format", "jsonl"],
        &["extract", "input", "--paths"],
        &[
            "extract",
            "-",
            "--format",
            "jsonl",
            "--input-format",
            "html",
        ],
    ] {
        let out = TestCommand::new().args(args).run();
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            out.stderr.starts_with("minutes: "),
            "{args:?}: {}",
            out.stderr
        );
    }
}
