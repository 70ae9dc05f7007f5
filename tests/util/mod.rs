//! Shared helpers for the end-to-end tests: temporary folders, running the
//! real `minutes` binary, and reading what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The files every run writes, in the order `minutes check` compares them.
pub const OUTPUT_FILES: &[&str] = &[
    "dataset.json",
    "documents.csv",
    "speakers.csv",
    "statements.csv",
    "themes.csv",
    "attendees.csv",
    "errors.csv",
];

/// The header row each CSV table must have (the contract of src/write/csv.rs).
pub const HEADERS: &[(&str, &[&str])] = &[
    (
        "documents.csv",
        &[
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
        ],
    ),
    (
        "speakers.csv",
        &[
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
        ],
    ),
    (
        "statements.csv",
        &[
            "source",
            "speaker_id",
            "speaker",
            "verb",
            "section",
            "start",
            "end",
            "sentence",
        ],
    ),
    (
        "themes.csv",
        &[
            "source",
            "scope",
            "scope_value",
            "theme",
            "label",
            "hits",
            "start",
            "end",
            "sentence",
        ],
    ),
    (
        "attendees.csv",
        &[
            "source",
            "name",
            "organization",
            "status",
            "start",
            "end",
            "sentence",
        ],
    ),
    ("errors.csv", &["source", "kind", "message"]),
];

/// The 17 theme ids of the default rules, in their order.
pub const THEME_IDS: &[&str] = &[
    "ai",
    "connectivity",
    "capacity-building",
    "cybersecurity",
    "data-governance",
    "human-rights",
    "inclusion",
    "sustainable-development",
    "environment",
    "internet-governance",
    "cooperation",
    "policy-regulation",
    "economy",
    "content-media",
    "digital-government",
    "health",
    "culture-language",
];

/// The project's seed document.
pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("input/000_cfe428d1ad11dca5.txt")
}

/// The fixtures folder, `tests/data`.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fresh folder under the system temporary folder, removed on drop.
pub struct TestDir {
    path: PathBuf,
}

impl TestDir {
    pub fn new(label: &str) -> TestDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("minutes-it-{}-{n}-{label}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        TestDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }

    /// Write `contents` to `rel`, creating parent folders.
    pub fn write(&self, rel: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    pub fn mkdir(&self, rel: impl AsRef<Path>) -> PathBuf {
        let path = self.path.join(rel);
        fs::create_dir_all(&path).unwrap();
        path
    }

    /// Copy the file `from` to `rel`.
    pub fn copy_in(&self, from: impl AsRef<Path>, rel: impl AsRef<Path>) -> PathBuf {
        let bytes = fs::read(from.as_ref())
            .unwrap_or_else(|e| panic!("read {}: {e}", from.as_ref().display()));
        self.write(rel, bytes)
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// The real `minutes` binary, run as a user would.
pub struct TestCommand {
    cmd: Command,
    line: Vec<String>,
}

/// What a finished run printed and returned.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub line: String,
}

impl TestCommand {
    pub fn new() -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_minutes"));
        cmd.stdin(Stdio::null());
        TestCommand {
            cmd,
            line: vec!["minutes".to_string()],
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut TestCommand {
        self.line.push(arg.as_ref().to_string_lossy().into_owned());
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for a in args {
            self.arg(a);
        }
        self
    }

    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut TestCommand {
        self.cmd.current_dir(dir);
        self
    }

    /// The underlying command, to spawn it by hand.
    pub fn command(&mut self) -> &mut Command {
        &mut self.cmd
    }

    pub fn run(&mut self) -> Outcome {
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("could not run {:?}: {e}", self.line));
        Outcome {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            line: self.line.join(" "),
        }
    }
}

impl Default for TestCommand {
    fn default() -> TestCommand {
        TestCommand::new()
    }
}

impl Outcome {
    /// Panic with everything printed unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Outcome {
        assert_eq!(
            self.code,
            Some(code),
            "`{}` exited with {:?}, expected {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.line,
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// `minutes extract INPUTS... --out OUT -q EXTRA...`
pub fn extract<P: AsRef<Path>>(inputs: &[P], out: &Path, extra: &[&str]) -> Outcome {
    let mut cmd = TestCommand::new();
    cmd.arg("extract");
    for i in inputs {
        cmd.arg(i.as_ref());
    }
    cmd.arg("--out").arg(out).arg("-q").args(extra);
    cmd.run()
}

/// A CSV table as written: its header row and its rows.
#[derive(Clone, Debug)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        let headers = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{}: bad CSV record: {e}", path.display())))
            .map(|r| r.iter().map(str::to_string).collect())
            .collect();
        Table { headers, rows }
    }

    pub fn column(&self, name: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.headers))
    }

    /// The rows as maps from column name to cell.
    pub fn records(&self) -> Vec<BTreeMap<String, String>> {
        self.rows
            .iter()
            .map(|r| {
                self.headers
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect()
            })
            .collect()
    }

    /// The rows whose `column` is `value`.
    pub fn rows_where(&self, column: &str, value: &str) -> Vec<BTreeMap<String, String>> {
        let c = self.column(column);
        self.records()
            .into_iter()
            .zip(&self.rows)
            .filter(|(_, row)| row[c] == value)
            .map(|(rec, _)| rec)
            .collect()
    }
}

/// Parse a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// An output folder, read back.
pub struct Dataset {
    pub dir: PathBuf,
    pub json: serde_json::Value,
}

impl Dataset {
    pub fn read(dir: &Path) -> Dataset {
        Dataset {
            dir: dir.to_path_buf(),
            json: read_json(&dir.join("dataset.json")),
        }
    }

    pub fn table(&self, name: &str) -> Table {
        Table::read(&self.dir.join(name))
    }

    pub fn documents(&self) -> &Vec<serde_json::Value> {
        self.json["documents"]
            .as_array()
            .expect("dataset.json has a documents array")
    }

    /// The document whose `source` is `source`.
    pub fn document(&self, source: &str) -> &serde_json::Value {
        self.documents()
            .iter()
            .find(|d| d["source"] == source)
            .unwrap_or_else(|| {
                let have: Vec<_> = self
                    .documents()
                    .iter()
                    .map(|d| d["source"].clone())
                    .collect();
                panic!("no document {source:?} in dataset.json (have {have:?})")
            })
    }
}

/// The speakers of a document that have this name.
pub fn speaker<'a>(doc: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    doc["speakers"]
        .as_array()?
        .iter()
        .find(|s| s["name"] == name)
}

/// Collapse runs of white space to one space.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text the tool decodes from a UTF-8 input (a BOM is not part of it).
pub fn decoded_utf8(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(body.to_vec()).expect("fixture is UTF-8")
}

/// Check that `start..end` (as CSV or JSON cells) is a valid slice of `text`
/// on char boundaries; returns the slice or a description of the problem.
pub fn slice_of<'t>(text: &'t str, start: &str, end: &str) -> Result<&'t str, String> {
    let s: usize = start
        .parse()
        .map_err(|_| format!("start {start:?} is not a number"))?;
    let e: usize = end
        .parse()
        .map_err(|_| format!("end {end:?} is not a number"))?;
    if s > e || e > text.len() {
        return Err(format!(
            "span {s}..{e} is outside the text (length {})",
            text.len()
        ));
    }
    if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return Err(format!("span {s}..{e} does not lie on char boundaries"));
    }
    Ok(&text[s..e])
}
