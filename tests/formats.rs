//! `--format`: every file `csv,json,jsonl,xlsx` writes, read back the way a
//! reader would (calamine for the workbook, jsonschema for the JSON), the
//! same bytes from run to run, and `minutes check` over exactly those files.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;

use crate::util::{data_dir, extract, read_json, Table, TestCommand, TestDir, OUTPUT_FILES};

const ALL: &str = "csv,json,jsonl,xlsx";

/// What `--format csv,json,jsonl,xlsx` writes, in the order `check` compares.
const ALL_FILES: &[&str] = &[
    "dataset.json",
    "documents.jsonl",
    "documents.csv",
    "speakers.csv",
    "statements.csv",
    "themes.csv",
    "attendees.csv",
    "dataset.xlsx",
    "errors.csv",
];

/// The sheets of dataset.xlsx and the CSV table each mirrors.
const SHEETS: &[(&str, &str)] = &[
    ("documents", "documents.csv"),
    ("speakers", "speakers.csv"),
    ("statements", "statements.csv"),
    ("themes", "themes.csv"),
    ("attendees", "attendees.csv"),
    ("errors", "errors.csv"),
];

const FORMULA: &str = "=HYPERLINK(\"http://example.com\",\"x\")";

/// The fixtures, a document with a formula-like organisation, and two
/// inputs that end up in errors.csv.
fn corpus(tmp: &TestDir) -> PathBuf {
    for entry in fs::read_dir(data_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".txt") || (name.ends_with(".md") && name != "README.md") {
            tmp.copy_in(&path, format!("in/{name}"));
        }
    }
    tmp.write(
        "in/inject.txt",
        format!(
            "Workshop on Spreadsheet Safety\nDate: 2 February 2025\n\nSpeakers:\n\
             - Ms. Ana Lima, Director of Policy, {FORMULA}\n\
             - Mr. Rui Costa, Head of Research, Lisbon Data Lab\n\n\
             Ms. Lima stressed that exported tables must be safe. Mr. Costa agreed.\n"
        ),
    );
    tmp.write("in/empty.txt", "");
    tmp.write("in/notes.xyz", "not read");
    tmp.join("in")
}

/// Every data row of a sheet (the header row left out), and the header.
fn sheet(path: &Path, name: &str) -> (Vec<String>, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> =
        open_workbook(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let range = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    assert_eq!(range.start(), Some((0, 0)), "sheet {name} starts at A1");
    let mut rows = range.rows().map(<[Data]>::to_vec);
    let header = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("sheet {name}: header cell {other:?} is not text"),
        })
        .collect();
    (header, rows.collect())
}

/// Days since Excel's epoch (1899-12-30) of a proleptic Gregorian date.
fn excel_serial(date: &str) -> f64 {
    let part = |r: std::ops::Range<usize>| date[r].parse::<i64>().unwrap();
    let (y, m, d) = (part(0..4), part(5..7), part(8..10));
    // Days from civil (H. Hinnant's algorithm), then shift to 1899-12-30.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let unix_days = era * 146_097 + doe - 719_468;
    (unix_days + 25_569) as f64
}

/// The JSON text without the white space between tokens, so that key order
/// and escaping can be compared byte for byte.
fn minified(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            out.push(c);
            in_string = c == '"';
        }
    }
    out
}

fn jsonl_lines(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("documents.jsonl")).unwrap();
    assert!(text.ends_with('\n'), "documents.jsonl ends with a newline");
    text.lines().map(str::to_string).collect()
}

#[test]
fn every_format_writes_its_files_and_two_runs_give_the_same_bytes() {
    let tmp = TestDir::new("formats-bytes");
    let input = corpus(&tmp);
    extract(&[&input], &tmp.join("one"), &["--format", ALL]).expect_code(3);
    // Repeated flags are the same as a list, and -j changes nothing.
    extract(
        &[&input],
        &tmp.join("two"),
        &["--format", "xlsx,jsonl", "--format", "json,csv", "-j", "1"],
    )
    .expect_code(3);
    let mut written: Vec<String> = fs::read_dir(tmp.join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The record cache of incremental runs lives beside the dataset.
        .filter(|n| n != ".minutes")
        .collect();
    written.sort();
    let mut expected: Vec<String> = ALL_FILES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(written, expected, "exactly the files of the formats");
    for name in ALL_FILES {
        let one = fs::read(tmp.join("one").join(name)).unwrap();
        let two = fs::read(tmp.join("two").join(name)).unwrap();
        assert!(!one.is_empty(), "{name} is empty");
        assert!(one == two, "{name} differs between two runs");
    }
}

#[test]
fn the_default_is_csv_and_json_as_before() {
    let tmp = TestDir::new("formats-default");
    let input = corpus(&tmp);
    extract(&[&input], &tmp.join("default"), &[]).expect_code(3);
    extract(&[&input], &tmp.join("named"), &["--format", "json,csv"]).expect_code(3);
    for name in ["documents.jsonl", "dataset.xlsx"] {
        assert!(
            !tmp.join("default").join(name).exists(),
            "{name} by default"
        );
    }
    for name in OUTPUT_FILES {
        let default = fs::read(tmp.join("default").join(name)).unwrap();
        let named = fs::read(tmp.join("named").join(name)).unwrap();
        assert!(default == named, "{name} differs");
    }
}

#[test]
fn errors_csv_is_written_whatever_the_format() {
    let tmp = TestDir::new("formats-errors");
    let input = corpus(&tmp);
    let out = tmp.join("out");
    extract(&[&input], &out, &["--format", "jsonl"]).expect_code(3);
    let mut written: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The record cache of incremental runs lives beside the dataset.
        .filter(|n| n != ".minutes")
        .collect();
    written.sort();
    assert_eq!(written, ["documents.jsonl", "errors.csv"]);
    let errors = Table::read(&out.join("errors.csv"));
    let sources: Vec<&str> = errors.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(sources, ["empty.txt", "notes.xyz"]);
}

#[test]
fn an_unknown_format_is_refused() {
    let tmp = TestDir::new("formats-unknown");
    let input = corpus(&tmp);
    let run = extract(&[&input], &tmp.join("out"), &["--format", "csv,pdf"]);
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("pdf"), "{}", run.stderr);
    assert!(!tmp.join("out").exists());
}

#[test]
fn xlsx_sheets_hold_the_csv_tables_with_typed_cells() {
    let tmp = TestDir::new("formats-xlsx");
    let input = corpus(&tmp);
    let out = tmp.join("out");
    // Raw CSV cells, so that every cell can be compared with the workbook's.
    extract(&[&input], &out, &["--format", ALL, "--raw-csv"]).expect_code(3);
    let book_path = out.join("dataset.xlsx");
    let mut book: Xlsx<_> = open_workbook(&book_path).unwrap();
    let names: Vec<&str> = SHEETS.iter().map(|(s, _)| *s).collect();
    assert_eq!(book.sheet_names(), names);

    let (mut numbers, mut dates) = (0, 0);
    for (name, csv) in SHEETS {
        let table = Table::read(&out.join(csv));
        let (header, rows) = sheet(&book_path, name);
        assert_eq!(
            header, table.headers,
            "sheet {name} has the columns of {csv}"
        );
        assert_eq!(rows.len(), table.rows.len(), "sheet {name} rows");
        assert!(!rows.is_empty(), "sheet {name} has data");
        for (r, (cells, csv_row)) in rows.iter().zip(&table.rows).enumerate() {
            for ((cell, text), column) in cells.iter().zip(csv_row).zip(&header) {
                let at = format!("{name}!{column} row {}: {cell:?} vs {text:?}", r + 2);
                match cell {
                    Data::Empty => assert!(text.is_empty(), "{at}"),
                    Data::String(s) => assert_eq!(s, text, "{at}"),
                    Data::Float(n) => {
                        numbers += 1;
                        assert_eq!(*n, text.parse::<f64>().expect(&at), "{at}");
                        assert!(text.bytes().all(|b| b.is_ascii_digit()), "{at}");
                    }
                    Data::DateTime(d) => {
                        dates += 1;
                        assert!(matches!(column.as_str(), "date" | "end_date"), "{at}");
                        assert!(d.is_datetime(), "{at}");
                        assert_eq!(d.as_f64(), excel_serial(text), "{at}");
                    }
                    other => panic!("{at}: unexpected cell {other:?}"),
                }
                let numeric = [
                    "bytes",
                    "speakers",
                    "statements",
                    "speaker_id",
                    "mentions",
                    "hits",
                    "start",
                    "end",
                    "title_start",
                    "title_end",
                ];
                if numeric.contains(&column.as_str()) && !text.is_empty() {
                    assert!(matches!(cell, Data::Float(_)), "{at}: not a number");
                }
                if column == "date" && text.len() == 10 {
                    assert!(matches!(cell, Data::DateTime(_)), "{at}: not a date");
                }
            }
        }
        // No cell is a formula, however it reads.
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "sheet {name} has a formula"
        );
    }
    assert!(
        numbers > 100 && dates > 10,
        "{numbers} numbers, {dates} dates"
    );

    let (header, rows) = sheet(&book_path, "speakers");
    let org = header.iter().position(|h| h == "organization").unwrap();
    assert!(
        rows.iter()
            .any(|r| r[org] == Data::String(FORMULA.to_string())),
        "the formula-like organisation is kept as text"
    );
    let (header, rows) = sheet(&book_path, "documents");
    let (source, date) = (
        header.iter().position(|h| h == "source").unwrap(),
        header.iter().position(|h| h == "date").unwrap(),
    );
    let inject = rows
        .iter()
        .find(|r| r[source] == Data::String("inject.txt".into()))
        .unwrap();
    match &inject[date] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45_690.0, "2025-02-02"),
        other => panic!("the date of inject.txt is {other:?}"),
    }
}

#[test]
fn jsonl_lines_are_the_documents_of_dataset_json() {
    let tmp = TestDir::new("formats-jsonl");
    let input = corpus(&tmp);
    let out = tmp.join("out");
    extract(&[&input], &out, &["--format", "json,jsonl"]).expect_code(3);
    let dataset = read_json(&out.join("dataset.json"));
    let documents = dataset["documents"].as_array().unwrap();
    let lines = jsonl_lines(&out);
    assert_eq!(lines.len(), documents.len());
    assert!(lines.len() > 10);
    for (line, document) in lines.iter().zip(documents) {
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(&parsed, document);
    }
    // Same keys in the same order, same escapes: dataset.json without its
    // white space is the lines joined into the array.
    let pretty = fs::read_to_string(out.join("dataset.json")).unwrap();
    let expected = format!(
        "{{\"schema_version\":{},\"generator\":{},\"documents\":[{}]}}",
        dataset["schema_version"],
        dataset["generator"],
        lines.join(",")
    );
    assert!(
        minified(&pretty) == expected,
        "key order or escaping differs"
    );
}

#[test]
fn check_compares_the_files_of_the_formats_asked_for() {
    let tmp = TestDir::new("formats-check");
    let input = corpus(&tmp);
    let out = tmp.join("out");
    extract(&[&input], &out, &["--format", ALL]).expect_code(3);
    let check = |formats: &str| {
        let mut cmd = TestCommand::new();
        cmd.arg("check")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(["-q", "--format", formats]);
        cmd.run()
    };
    check(ALL).expect_code(0);

    // A workbook saved again by a spreadsheet, a line edited by hand.
    let mut xlsx = fs::read(out.join("dataset.xlsx")).unwrap();
    xlsx.push(0);
    fs::write(out.join("dataset.xlsx"), xlsx).unwrap();
    let jsonl = fs::read_to_string(out.join("documents.jsonl")).unwrap();
    fs::write(
        out.join("documents.jsonl"),
        jsonl.replacen("\"kind\"", " \"kind\"", 1),
    )
    .unwrap();
    let stale = check(ALL);
    stale.expect_code(1);
    let reported: Vec<&str> = stale.stdout.lines().collect();
    assert_eq!(
        reported,
        [
            format!("stale: {}", out.join("documents.jsonl").display()),
            format!("stale: {}", out.join("dataset.xlsx").display()),
        ]
    );
    // The formats that did not change are still up to date.
    check("csv,json").expect_code(0);
    check("xlsx").expect_code(1);

    // A file of the format set that is missing is stale too.
    fs::remove_file(out.join("themes.csv")).unwrap();
    let missing = check("csv");
    missing.expect_code(1);
    assert!(missing.stdout.contains("themes.csv"), "{}", missing.stdout);
}

mod schema {
    use super::*;
    use jsonschema::{Registry, Resource, Validator};

    fn schema_file(name: &str) -> Value {
        read_json(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schema")
                .join(name),
        )
    }

    /// Validators for dataset.json and for one document, with the document
    /// schema registered under its `$id` so that the dataset's `$ref` finds
    /// it without any file or network access.
    fn validators() -> (Validator, Validator) {
        let document = schema_file("document.schema.json");
        let dataset = schema_file("dataset.schema.json");
        for schema in [&document, &dataset] {
            jsonschema::meta::validate(schema)
                .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", schema["$id"]));
        }
        let id = document["$id"].as_str().unwrap().to_string();
        let registry = Registry::new()
            .add(id, Resource::from_contents(document.clone()))
            .unwrap()
            .prepare()
            .unwrap();
        let dataset = jsonschema::options()
            .with_registry(&registry)
            .build(&dataset)
            .unwrap();
        let document = jsonschema::options().build(&document).unwrap();
        (dataset, document)
    }

    fn errors(validator: &Validator, value: &Value) -> Vec<String> {
        validator
            .iter_errors(value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    /// A dataset with the formula document and the fixtures, as JSON and
    /// JSONL.
    fn outputs(tmp: &TestDir) -> (Value, Vec<Value>) {
        let input = corpus(tmp);
        let out = tmp.join("out");
        extract(&[&input], &out, &["--format", "json,jsonl"]).expect_code(3);
        let lines = jsonl_lines(&out)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (read_json(&out.join("dataset.json")), lines)
    }

    #[test]
    fn dataset_json_and_every_jsonl_line_follow_the_schema() {
        let tmp = TestDir::new("schema-valid");
        let (dataset, lines) = outputs(&tmp);
        let (dataset_schema, document_schema) = validators();
        assert_eq!(errors(&dataset_schema, &dataset), Vec::<String>::new());
        for line in &lines {
            assert_eq!(
                errors(&document_schema, line),
                Vec::<String>::new(),
                "{}",
                line["source"]
            );
        }
        // The fixtures reach the parts of the schema that could be wrong.
        let any = |key: &str| {
            lines
                .iter()
                .any(|d| d[key].as_array().is_some_and(|a| !a.is_empty()))
        };
        for key in [
            "speakers",
            "statements",
            "themes",
            "section_themes",
            "speaker_themes",
            "attendees",
            "meeting_evidence",
            "sections",
        ] {
            assert!(any(key), "no fixture has {key}");
        }
    }

    /// A change that makes a document what the writer never writes.
    type Breakage = fn(&mut Value);

    #[test]
    fn a_broken_document_fails_the_schema() {
        let tmp = TestDir::new("schema-broken");
        let (dataset, lines) = outputs(&tmp);
        let (dataset_schema, document_schema) = validators();
        let with_statement = lines
            .iter()
            .find(|d| d["statements"].as_array().is_some_and(|a| !a.is_empty()))
            .unwrap();

        let breakages: [(&str, Breakage); 6] = [
            ("an offset as a string", |d| {
                let start = d["statements"][0]["start"].to_string();
                d["statements"][0]["start"] = Value::String(start);
            }),
            ("a key the writer never writes", |d| {
                d["speakers_count"] = Value::from(3);
            }),
            ("a required key missing", |d| {
                d.as_object_mut().unwrap().remove("source");
            }),
            ("evidence without its sentence", |d| {
                d["statements"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("sentence");
            }),
            ("a date that is not ISO", |d| {
                d["date"] = Value::from("8 October 2023");
            }),
            ("a negative offset", |d| {
                d["statements"][0]["end"] = Value::from(-1);
            }),
        ];
        for (what, breakage) in breakages {
            let mut document = with_statement.clone();
            breakage(&mut document);
            assert!(
                !errors(&document_schema, &document).is_empty(),
                "{what}: the document schema accepts it"
            );
            let mut broken = dataset.clone();
            broken["documents"][0] = document;
            assert!(
                !errors(&dataset_schema, &broken).is_empty(),
                "{what}: the dataset schema accepts it"
            );
        }
        let mut wrong_version = dataset.clone();
        wrong_version["schema_version"] = Value::from("2.0");
        assert!(!errors(&dataset_schema, &wrong_version).is_empty());
    }
}
