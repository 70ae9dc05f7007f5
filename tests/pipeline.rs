//! Extraction quality: every fixture `tests/data/<case>.txt|.md` is run
//! through the binary (one run for all of them) and compared with the
//! hand-written `tests/data/<case>.expected.json` (format: tests/data/README.md).
//!
//! Every mismatch of every fixture is reported, not just the first. A
//! mismatch listed in the case's `known_failures` (an entry starting with
//! the mismatch key, then ` - ` and why) is printed but does not fail the
//! test; a known failure that no longer happens is printed as fixed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{collapse, data_dir, decoded_utf8, extract, slice_of, Dataset, TestDir};

/// One fixture and its expectations.
struct Case {
    name: String,
    input: PathBuf,
    expected: Value,
}

/// One difference between the expectations and the output.
#[derive(Debug)]
struct Mismatch {
    key: String,
    detail: String,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in fs::read_dir(data_dir()).expect("tests/data exists") {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".expected.json") else {
            continue;
        };
        let input = ["txt", "md"]
            .iter()
            .map(|ext| data_dir().join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{file} has no {name}.txt or {name}.md beside it"));
        let text = fs::read_to_string(&path).unwrap();
        let expected: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        cases.push(Case {
            name: name.to_string(),
            input,
            expected,
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

#[test]
fn every_fixture_has_expectations() {
    let mut inputs = BTreeSet::new();
    for entry in fs::read_dir(data_dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file == "README.md" {
            continue;
        }
        if let Some(stem) = file
            .strip_suffix(".txt")
            .or_else(|| file.strip_suffix(".md"))
        {
            inputs.insert(stem.to_string());
        }
    }
    let expected: BTreeSet<String> = cases().into_iter().map(|c| c.name).collect();
    assert_eq!(
        inputs, expected,
        "each fixture needs a <case>.expected.json and vice versa"
    );
    assert!(
        expected.len() >= 7,
        "the fixtures cover at least the seven ways of writing"
    );
}

#[test]
fn fixtures_match_their_expectations() {
    let cases = cases();
    let tmp = TestDir::new("fixtures");
    let out = tmp.join("out");
    let inputs: Vec<&PathBuf> = cases.iter().map(|c| &c.input).collect();
    extract(&inputs, &out, &[]).expect_code(0);
    let dataset = Dataset::read(&out);

    let mut report = String::new();
    let mut failures = 0;
    for case in &cases {
        let source = case
            .input
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = evidence_text(&case.input);
        let doc = dataset.document(&source);
        let mismatches = compare(&case.expected, doc, &text);
        let known: Vec<&str> = case.expected["known_failures"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let is_known = |key: &str| {
            known
                .iter()
                .any(|k| *k == key || k.starts_with(&format!("{key} ")))
        };
        let mut used = BTreeSet::new();
        for m in &mismatches {
            if is_known(&m.key) {
                used.insert(m.key.clone());
                report.push_str(&format!("  known   {source}: {} - {}\n", m.key, m.detail));
            } else {
                failures += 1;
                report.push_str(&format!("  FAIL    {source}: {} - {}\n", m.key, m.detail));
            }
        }
        for k in &known {
            if !used
                .iter()
                .any(|key| *k == key || k.starts_with(&format!("{key} ")))
            {
                report.push_str(&format!(
                    "  fixed?  {source}: known failure no longer happens: {k}\n"
                ));
            }
        }
    }
    println!("fixture report:\n{report}");
    assert_eq!(
        failures, 0,
        "{failures} fixture expectations failed:\n{report}"
    );
}

/// The text evidence offsets index: the decoded file, or for Markdown the
/// structured text its reader makes of it.
fn evidence_text(input: &Path) -> String {
    let text = decoded_utf8(&fs::read(input).unwrap());
    if input.extension().is_some_and(|e| e == "md") {
        minutes::formats::markdown_text(&text)
    } else {
        text
    }
}

/// Compare one document of dataset.json with its expectations.
fn compare(expected: &Value, doc: &Value, text: &str) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut miss = |key: String, detail: String| out.push(Mismatch { key, detail });

    if let Some(kind) = expected.get("kind") {
        if doc["kind"] != *kind {
            miss(
                "kind".into(),
                format!("expected {kind}, got {}", doc["kind"]),
            );
        }
    }
    if let Some(date) = expected.get("date") {
        if doc["date"] != *date {
            miss(
                "date".into(),
                format!("expected {date}, got {}", doc["date"]),
            );
        }
    }
    for key in ["title", "location"] {
        if let Some(want) = expected.get(key).and_then(Value::as_str) {
            if !loose_eq(want, doc[key].as_str()) {
                miss(
                    key.into(),
                    format!("expected {want:?} (loosely), got {}", doc[key]),
                );
            }
        }
    }

    let speakers = doc["speakers"].as_array().cloned().unwrap_or_default();
    let named: Vec<&Value> = speakers.iter().filter(|s| s["name"].is_string()).collect();
    let find = |name: &str| -> Option<&Value> {
        named
            .iter()
            .copied()
            .find(|s| s["name"] == name)
            .or_else(|| {
                named
                    .iter()
                    .copied()
                    .find(|s| fold(s["name"].as_str().unwrap()) == fold(name))
            })
    };
    let want_speakers = expected["speakers"].as_array().cloned().unwrap_or_default();
    for want in &want_speakers {
        let name = want["name"]
            .as_str()
            .expect("expected speakers have a name");
        let Some(got) = find(name) else {
            let have: Vec<&str> = named.iter().filter_map(|s| s["name"].as_str()).collect();
            miss(
                format!("speaker[{name}]"),
                format!("not found among speakers {have:?}"),
            );
            continue;
        };
        for field in ["honorific", "title", "organization", "country", "role"] {
            let Some(w) = want.get(field) else { continue };
            if !field_matches(w, &got[field]) {
                miss(
                    format!("speaker[{name}].{field}"),
                    format!("expected {w}, got {}", got[field]),
                );
            }
        }
    }
    if expected["speakers_complete"] == true {
        for got in &named {
            let name = got["name"].as_str().unwrap();
            let listed = want_speakers
                .iter()
                .any(|w| fold(w["name"].as_str().unwrap_or("")) == fold(name));
            if !listed {
                miss(
                    format!("extra_speaker[{name}]"),
                    "a speaker the document does not show taking the floor".into(),
                );
            }
        }
    }
    for no in expected["not_speakers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let surname = fold(no.split_whitespace().last().unwrap_or(no));
        for got in &named {
            let name = fold(got["name"].as_str().unwrap());
            if name == fold(no) || name == surname {
                miss(
                    format!("not_speaker[{no}]"),
                    format!("came out as speaker {}", got["name"]),
                );
            }
        }
    }
    if let Some(delegations) = expected.get("delegations").and_then(Value::as_array) {
        let unnamed: Vec<&Value> = speakers.iter().filter(|s| s["name"].is_null()).collect();
        for d in delegations.iter().filter_map(Value::as_str) {
            if !unnamed
                .iter()
                .any(|s| s["country"] == d || s["organization"] == d)
            {
                miss(
                    format!("delegation[{d}]"),
                    "no unnamed speaker with this country or organization".into(),
                );
            }
        }
        for s in &unnamed {
            let what = s["country"].as_str().or(s["organization"].as_str());
            match what {
                None => miss(
                    "delegation[?]".into(),
                    format!("an unnamed speaker with neither country nor organization: {s}"),
                ),
                Some(w) if !delegations.iter().any(|d| d == w) => miss(
                    format!("extra_delegation[{w}]"),
                    "a delegation the expectations do not list".into(),
                ),
                Some(_) => {}
            }
        }
    }

    let attendees = doc["attendees"].as_array().cloned().unwrap_or_default();
    for want in expected["attendees"].as_array().into_iter().flatten() {
        let name = want["name"].as_str().unwrap();
        match attendees.iter().find(|a| a["name"] == name) {
            None => miss(format!("attendee[{name}]"), "not in the attendees".into()),
            Some(got) => {
                if let Some(w) = want.get("status") {
                    if !field_matches(w, &got["status"]) {
                        miss(
                            format!("attendee[{name}].status"),
                            format!("expected {w}, got {}", got["status"]),
                        );
                    }
                }
            }
        }
    }

    let statements = doc["statements"].as_array().cloned().unwrap_or_default();
    for want in expected["statements"].as_array().into_iter().flatten() {
        let who = want["speaker"].as_str().unwrap();
        let fragment = want["contains"].as_str().unwrap();
        let key = format!("statement[{fragment}]");
        let Some(st) = statements
            .iter()
            .find(|s| s["sentence"].as_str().is_some_and(|t| t.contains(fragment)))
        else {
            miss(
                key,
                format!("no statement holds this text (expected one by {who})"),
            );
            continue;
        };
        let by = speakers
            .iter()
            .find(|s| s["id"] == st["speaker"])
            .and_then(|s| s["name"].as_str());
        if by.map(fold) != Some(fold(who)) {
            miss(key, format!("attributed to {by:?}, expected {who}"));
        }
    }

    let themes: Vec<&str> = doc["themes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["id"].as_str())
        .collect();
    for id in expected["themes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !themes.contains(&id) {
            miss(
                format!("theme[{id}]"),
                format!("not among the document themes {themes:?}"),
            );
        }
    }

    for (what, problem) in evidence_problems(doc, text) {
        miss(format!("evidence[{what}]"), problem);
    }
    out
}

/// Every evidence span of a document must slice the source text on char
/// boundaries; a statement's span must be its sentence, a name's span must
/// hold the name's last word.
pub fn evidence_problems(doc: &Value, text: &str) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut other = Vec::new();
    let spans = |v: &Value| -> Option<(String, String)> {
        Some((v.get("start")?.to_string(), v.get("end")?.to_string()))
    };
    let mut check = |what: String, v: &Value| -> Option<String> {
        let (s, e) = spans(v)?;
        match slice_of(text, &s, &e) {
            Ok(slice) => Some(slice.to_string()),
            Err(problem) => {
                problems.push((what, problem));
                None
            }
        }
    };
    for f in doc["meeting_evidence"].as_array().into_iter().flatten() {
        check(format!("meeting {}", f["field"]), f);
    }
    for s in doc["speakers"].as_array().into_iter().flatten() {
        let who = s["name"].as_str().unwrap_or("(delegation)").to_string();
        for f in s["evidence"].as_array().into_iter().flatten() {
            let slice = check(format!("speaker {who} {}", f["field"]), f);
            if let (Some(slice), "name", Some(name)) =
                (slice, f["field"].as_str().unwrap_or(""), s["name"].as_str())
            {
                let last = name.split_whitespace().last().unwrap_or(name);
                let seen = minutes::normalize::normalize(&slice).text;
                if !fold(&seen).contains(&fold(last)) {
                    other.push((
                        format!("speaker {who} name"),
                        format!("span slices {slice:?}"),
                    ));
                }
            }
        }
    }
    for st in doc["statements"].as_array().into_iter().flatten() {
        if let Some(slice) = check(format!("statement @{}", st["start"]), st) {
            let seen = collapse(&minutes::normalize::normalize(&slice).text);
            if Some(seen.as_str()) != st["sentence"].as_str() {
                other.push((
                    format!("statement @{}", st["start"]),
                    format!("span slices {seen:?}, sentence is {}", st["sentence"]),
                ));
            }
        }
    }
    for t in doc["themes"].as_array().into_iter().flatten() {
        for ev in t["evidence"].as_array().into_iter().flatten() {
            check(format!("theme {}", t["id"]), ev);
        }
    }
    for a in doc["attendees"].as_array().into_iter().flatten() {
        check(format!("attendee {}", a["name"]), a);
    }
    problems.extend(other);
    problems
}

/// A field value against an expectation: `null` (must be empty), a string
/// (equal up to white space), or a list of acceptable values.
fn field_matches(want: &Value, got: &Value) -> bool {
    match want {
        Value::Null => got.is_null() || got.as_str().is_some_and(|s| s.trim().is_empty()),
        Value::String(w) => got.as_str().is_some_and(|g| collapse(g) == collapse(w)),
        Value::Array(options) => options.iter().any(|o| field_matches(o, got)),
        other => got == other,
    }
}

/// Titles and locations: equal after folding case, or one holds the other.
fn loose_eq(want: &str, got: Option<&str>) -> bool {
    let Some(got) = got else { return false };
    let (w, g) = (fold(want), fold(got));
    !g.is_empty() && (w.contains(&g) || g.contains(&w))
}

fn fold(s: &str) -> String {
    collapse(&s.to_lowercase())
}

// Bugs found by the fixtures, each as the smallest text that shows it. They
// run the library's pure core (`process_text`), the same code the binary
// runs per file. Remove the `#[ignore]` when the bug is fixed.

fn run(text: &str) -> minutes::DocumentRecord {
    minutes::process_text("repro.txt", text, &minutes::Rules::default_rules())
}

fn names(r: &minutes::DocumentRecord) -> Vec<&str> {
    r.speakers
        .iter()
        .filter_map(|s| s.name.as_deref())
        .collect()
}

#[test]
fn role_first_introduction_with_a_comma_before_the_verb() {
    let r = run("The Director-General of the World Health Organization, Dr. Tomasz Wielgosz, said that telemedicine matters.\n");
    assert_eq!(names(&r), ["Tomasz Wielgosz"]);
    assert_eq!(r.speakers[0].title.as_deref(), Some("Director-General"));
    assert_eq!(r.statements.len(), 1);

    let r = run("Opening the meeting, the Chair of the Commission, Mr. Henrik Aalto (Finland), said that identity matters.\n");
    assert_eq!(names(&r), ["Henrik Aalto"]);
    assert_eq!(r.speakers[0].country.as_deref(), Some("Finland"));
    assert_eq!(r.speakers[0].role.as_deref(), Some("chair"));
}

#[test]
fn apposition_stops_before_the_reporting_verb() {
    let r = run("Ms. Agnė Žemaitytė, Deputy Director of the Information Society Development Committee, Lithuania, noted that recognition is patchy.\n");
    assert_eq!(names(&r), ["Agnė Žemaitytė"]);
    let s = &r.speakers[0];
    assert_eq!(s.country.as_deref(), Some("Lithuania"));
    let org = s.organization.as_deref().unwrap_or("");
    assert!(
        !org.contains("noted"),
        "organization {org:?} holds the verb clause"
    );
}

#[test]
fn initials_in_running_text() {
    let r = run("Dr. J. K. Smith stressed that translators matter.\n");
    assert_eq!(names(&r), ["J. K. Smith"]);
    assert_eq!(r.statements.len(), 1);
}

#[test]
fn a_pronoun_of_the_other_gender_does_not_continue_a_speaker() {
    let r = run("Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, stressed the need to close the digital divide. He added that costs are high.\n");
    assert_eq!(names(&r), ["Ana Lima"]);
    assert_eq!(r.statements.len(), 1, "{:?}", r.statements);
}

/// Fixed since it was found: a numbered agenda item and the paragraph under
/// it were read as one sentence, so the paragraph's speaker was lost.
#[test]
fn a_list_line_is_a_sentence_of_its_own() {
    let text = "3. Laptop lending pilot\nDr. Achterberg presented the pilot. He reported that 312 residents had borrowed a device.\n";
    let seg = minutes::segment::segment(text);
    let sentences: Vec<&str> = seg
        .sentences
        .iter()
        .map(|s| &text[s.span.start..s.span.end])
        .collect();
    assert!(
        sentences.iter().all(|s| !s.contains('\n')),
        "a sentence spans the list line and the next: {sentences:?}"
    );
}

#[test]
fn in_attendance_lists_are_guests() {
    assert_eq!(minutes::segment::field_key("In attendance"), Some("guests"));
    assert_eq!(minutes::segment::field_key("Also present"), Some("guests"));
}

#[test]
fn location_comes_from_the_venue_not_an_affiliation() {
    let r = run("Regional Dialogue\nDate: 5 September 2024\nVenue: Reitoria, Universidade de Lisboa, Lisbon, Portugal\n\n\
                 Mr. Erik Lindgren, Head of Localisation at Nordvik Translation Services, Sweden, added that data matters.\n");
    let location = r.meeting.location.as_ref().map(|f| f.value.as_str());
    assert!(
        location.is_some_and(|l| l.contains("Lisbon")),
        "location {location:?}"
    );
}
