//! `report.html` as a browser shows it: the binary writes the report of the
//! fixtures (plus an empty file and a title full of markup), real headless
//! Chromium renders it, and the rendered DOM must agree with the CSV tables
//! of the same run. A screenshot is kept as a test artefact.
//!
//! The DOM Chromium dumps is the page after parsing, so a tag left open or
//! a value that escaped its text would show up here even where the bytes
//! look plausible.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::util::{data_dir, Dataset, TestCommand, TestDir};

/// A title whose markup must reach the page as text, never as elements.
const HOSTILE: &str = "# Review of <script>alert(1)</script> & <b>'Friends'</b> meeting\n\n\
    Date: 3 March 2024\n\n\
    Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, \
    stressed the need to close the digital divide.\n";

/// Chromium gets this long per page before the test gives up on it.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

#[test]
fn report_renders_in_chromium_and_agrees_with_the_tables() {
    let chromium = chromium();
    let tmp = TestDir::new("report");
    let input = tmp.mkdir("in");
    for fixture in fixtures() {
        let name = fixture.file_name().unwrap().to_owned();
        tmp.copy_in(&fixture, input.join(name));
    }
    tmp.write("in/empty.txt", "");
    // Plain text: a Markdown reader would (rightly) drop the inline tags.
    tmp.write("in/zz_hostile.txt", HOSTILE);
    let out = tmp.join("out");
    let mut cmd = TestCommand::new();
    cmd.arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .arg("--format")
        .arg("csv,json,html");
    cmd.run().expect_code(3);
    let report = out.join("report.html");
    assert!(report.is_file(), "--format html wrote no report.html");

    let png = artefact_path();
    let _ = fs::remove_file(&png);
    let dom_run = Browser::start(&chromium, &tmp.join("dom"), &report, &["--dump-dom"]);
    let shot_arg = format!("--screenshot={}", png.display());
    let shot_run = Browser::start(
        &chromium,
        &tmp.join("shot"),
        &report,
        &[&shot_arg, "--window-size=1280,2000", "--hide-scrollbars"],
    );
    let dom = dom_run.wait();
    shot_run.wait();

    let page = Page::parse(&dom);
    let data = Dataset::read(&out);
    summary_matches_the_tables(&page, &data);
    chart_has_one_bar_per_document_theme(&page, &data);
    every_link_has_its_target(&page);
    nothing_is_loaded_and_markup_stays_text(&page, &data);
    screenshot_is_a_png(&png);
}

/// The fixtures' input files (not their expectations or the README).
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".txt") || name.ends_with(".md")) && name != "README.md"
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "tests/data holds the fixtures");
    files
}

/// The browser: `$CHROMIUM`, else `chromium` on PATH, else the Debian path.
/// Missing, the test fails: a report never rendered is not a passing one.
fn chromium() -> PathBuf {
    let candidates = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .map(|dir| dir.join("chromium")),
        )
        .chain([PathBuf::from("/usr/bin/chromium")]);
    for path in candidates {
        if path.is_file() {
            return path;
        }
    }
    panic!(
        "headless Chromium is needed to test report.html and was not found \
         ($CHROMIUM, `chromium` on PATH, /usr/bin/chromium). Install it with \
         `apt-get install -y chromium` (.ci/run does this before cargo test)."
    )
}

/// Where the screenshot is kept: `<target dir>/test-artifacts/report.png`.
fn artefact_path() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR lies inside the target folder");
    let dir = target.join("test-artifacts");
    fs::create_dir_all(&dir).unwrap();
    dir.join("report.png")
}

/// One headless Chromium run, its output going to files (a pipe left
/// unread while waiting could fill and stall the browser).
struct Browser {
    child: std::process::Child,
    stdout: PathBuf,
    stderr: PathBuf,
    line: String,
}

impl Browser {
    fn start(chromium: &Path, dir: &Path, page: &Path, extra: &[&str]) -> Browser {
        let profile = dir.join("profile");
        fs::create_dir_all(&profile).unwrap();
        let (stdout, stderr) = (dir.join("stdout"), dir.join("stderr"));
        let mut cmd = Command::new(chromium);
        // The network is closed: no sandbox (containers), no GPU, and
        // nothing that would try to phone home at start-up.
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).unwrap())
        .stderr(File::create(&stderr).unwrap());
        let line = format!("{cmd:?}");
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", chromium.display()));
        Browser {
            child,
            stdout,
            stderr,
            line,
        }
    }

    /// Wait for the browser to exit (killing it after the timeout) and
    /// return what it printed on stdout.
    fn wait(mut self) -> String {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > BROWSER_TIMEOUT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("{} did not finish in {BROWSER_TIMEOUT:?}", self.line);
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let stderr = fs::read_to_string(&self.stderr).unwrap_or_default();
        assert!(status.success(), "{} failed: {status}\n{stderr}", self.line);
        fs::read_to_string(&self.stdout).unwrap()
    }
}

/// An element of the rendered DOM: its attributes and the text right
/// after its start tag (enough for titles, headings and cells).
#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }
}

struct Page {
    elements: Vec<Element>,
}

impl Page {
    fn parse(dom: &str) -> Page {
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        let mut elements: Vec<Element> = Vec::new();
        for token in Tokenizer::new_with_emitter(dom, emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => elements.push(Element {
                    name: String::from_utf8_lossy(&tag.name.0).into_owned(),
                    attrs: tag
                        .attributes
                        .iter()
                        .map(|(k, v)| {
                            (
                                String::from_utf8_lossy(&k.0).into_owned(),
                                String::from_utf8_lossy(&v.value.0).into_owned(),
                            )
                        })
                        .collect(),
                    text: String::new(),
                }),
                Token::String(s) => {
                    if let Some(last) = elements.last_mut() {
                        last.text.push_str(&String::from_utf8_lossy(&s.value.0));
                    }
                }
                Token::EndTag(_) => elements.push(Element {
                    name: String::new(),
                    attrs: BTreeMap::new(),
                    text: String::new(),
                }),
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        elements.retain(|e| !e.name.is_empty());
        assert!(
            elements.iter().any(|e| e.name == "main"),
            "Chromium's DOM holds no <main>: {dom:.500}"
        );
        Page { elements }
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.iter().filter(move |e| e.name == name)
    }

    fn by_id(&self, id: &str) -> &Element {
        self.elements
            .iter()
            .find(|e| e.attr("id") == Some(id))
            .unwrap_or_else(|| panic!("no element #{id} in the rendered page"))
    }
}

fn summary_matches_the_tables(page: &Page, data: &Dataset) {
    let documents = data.table("documents.csv");
    let sum = |column: &str| -> usize {
        let c = documents.column(column);
        documents
            .rows
            .iter()
            .map(|r| r[c].parse::<usize>().unwrap())
            .sum()
    };
    let expected = [
        ("sum-documents", documents.rows.len()),
        ("sum-speakers", sum("speakers")),
        ("sum-statements", sum("statements")),
        ("sum-errors", data.table("errors.csv").rows.len()),
    ];
    for (id, n) in expected {
        let card = page.by_id(id);
        assert_eq!(
            card.attr("data-value"),
            Some(n.to_string().as_str()),
            "#{id}"
        );
        assert_eq!(card.text.trim(), n.to_string(), "#{id} as shown");
    }
    let title = page.all("title").next().expect("a <title>");
    assert_eq!(
        title.text,
        format!("minutes report: {} documents", documents.rows.len())
    );
    let articles: Vec<&Element> = page.all("article").filter(|e| e.has_class("doc")).collect();
    assert_eq!(
        articles.len(),
        documents.rows.len(),
        "one section per document"
    );
    let shown: BTreeSet<&str> = page.all("code").map(|e| e.text.as_str()).collect();
    for row in &documents.rows {
        assert!(
            shown.contains(row[0].as_str()),
            "{} is not on the page",
            row[0]
        );
    }
}

fn chart_has_one_bar_per_document_theme(page: &Page, data: &Dataset) {
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in data.table("themes.csv").rows_where("scope", "document") {
        expected
            .entry(row["theme"].clone())
            .or_default()
            .insert(row["source"].clone());
    }
    assert!(expected.len() > 3, "the fixtures raise several themes");
    let bars: Vec<&Element> = page.all("rect").filter(|e| e.has_class("bar")).collect();
    let mut shown: BTreeMap<String, usize> = BTreeMap::new();
    for bar in &bars {
        let theme = bar.attr("data-theme").expect("a bar names its theme");
        let count = bar.attr("data-count").and_then(|c| c.parse().ok());
        assert!(
            shown.insert(theme.to_string(), count.unwrap()).is_none(),
            "two bars for {theme}"
        );
    }
    let expected: BTreeMap<String, usize> = expected
        .into_iter()
        .map(|(theme, sources)| (theme, sources.len()))
        .collect();
    assert_eq!(
        shown, expected,
        "bars (theme → documents) against themes.csv"
    );
    let counts: Vec<usize> = bars
        .iter()
        .map(|b| b.attr("data-count").unwrap().parse().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "bars by count: {counts:?}"
    );
}

fn every_link_has_its_target(page: &Page) {
    let mut ids = BTreeSet::new();
    for id in page.elements.iter().filter_map(|e| e.attr("id")) {
        assert!(ids.insert(id), "id {id} is used twice");
    }
    let links: Vec<&str> = page
        .elements
        .iter()
        .filter_map(|e| e.attr("href"))
        .collect();
    assert!(links.len() > 50, "values are linked to their evidence");
    for href in links {
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("a link out of the page: {href}"));
        assert!(ids.contains(target), "{href} points to no element");
    }
}

fn nothing_is_loaded_and_markup_stays_text(page: &Page, data: &Dataset) {
    for e in &page.elements {
        assert!(
            !["script", "link", "img", "iframe", "object", "embed", "b"].contains(&e.name.as_str()),
            "the page holds a <{}> element",
            e.name
        );
        assert!(
            e.attr("src").is_none(),
            "<{}> loads {:?}",
            e.name,
            e.attr("src")
        );
    }
    let title = &data
        .table("documents.csv")
        .rows_where("source", "zz_hostile.txt")[0]["title"];
    assert!(
        title.contains("<script>"),
        "the fixture's title keeps its markup: {title}"
    );
    let shown = page.all("a").find(|a| a.text.contains("Review of"));
    assert_eq!(
        shown.map(|a| a.text.as_str()),
        Some(title.as_str()),
        "the hostile title is shown as text"
    );
}

fn screenshot_is_a_png(png: &Path) {
    let bytes = fs::read(png).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", png.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        png.display()
    );
    assert!(
        bytes.len() > 20_000,
        "the screenshot is nearly blank ({} bytes)",
        bytes.len()
    );
    let dimension =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    assert_eq!(
        (dimension(16), dimension(20)),
        (1280, 2000),
        "screenshot size"
    );
}
