//! Inputs that are not plain good text. Each one ends up as exactly one row
//! of errors.csv, or as a document when it can be read; the batch always
//! goes on, and the exit status says whether anything was left out.

use std::collections::BTreeMap;
use std::fs;
use std::sync::OnceLock;

use crate::util::{collapse, data_dir, extract, slice_of, Dataset, Outcome, Table, TestDir};

const GOOD: &str = "Briefing on Rural Connectivity\nDate: 4 March 2025\n\n\
Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, stressed the need to close the \
digital divide. She urged more investment in rural broadband.\n";

/// Windows-1252 text: the accents and curly quotes are single bytes.
const LATIN1: &str = "Consultation on Open Data\nDate: 6 March 2025\n\n\
Ms. Renée Dubois-Léger, Director of Policy at the Ministry of Communications, France, stressed that \u{201c}open data\u{201d} \
must protect privacy. She noted that the café owners’ association supported the plan.\n";

const UTF16: &str = "Dialogue on Digital Skills\nDate: 7 March 2025\n\n\
Mr. Tomás Herrera, Head of Training at the Ministry of Education, Chile, emphasised digital skills for teachers. \
He added that coding clubs reach 40,000 pupils.\n";

const CRLF: &str = "Roundtable on Cybersecurity\r\nDate: 8 March 2025\r\n\r\n\
Dr. Ingrid Solberg, Head of Research at the Nordic Security Lab, Norway, warned that ransomware targets hospitals.\r\n\
She called for joint incident response plans.\r\n";

/// The largest input file allowed in the batch below.
const LIMIT: usize = 20_000;

/// Everything the batch wrote, read back, and the text of each input that
/// should become a document, keyed by source (read into memory, so the
/// temporary folder is removed once read).
struct Batch {
    run: Outcome,
    documents: Table,
    speakers: Table,
    statements: Table,
    errors: Table,
    raw_documents_csv: String,
    raw_errors_csv: String,
    data: Dataset,
    texts: BTreeMap<String, String>,
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        let dir = TestDir::new("errors");
        let mut texts = BTreeMap::new();
        let mut good = |name: &str, bytes: Vec<u8>, text: &str| {
            dir.write(format!("in/{name}"), bytes);
            texts.insert(name.to_string(), text.to_string());
        };
        good("good.txt", GOOD.into(), GOOD);
        let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(LATIN1);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&latin1).is_err(), "the fixture is not valid UTF-8");
        good("latin1.txt", latin1.into_owned(), LATIN1);
        good("utf16-bom.txt", [&[0xFF, 0xFE][..], &utf16le(UTF16)].concat(), UTF16);
        good("utf16-nobom.txt", utf16le(UTF16), UTF16);
        good("bom-crlf.txt", [b"\xEF\xBB\xBF".as_slice(), CRLF.as_bytes()].concat(), CRLF);
        good("a, b.txt", GOOD.into(), GOOD);
        good("say \"hi\".txt", GOOD.into(), GOOD);
        good("new\nline.txt", GOOD.into(), GOOD);
        good("sub/dir/nested.md", GOOD.into(), GOOD);

        dir.write("in/empty.txt", "");
        dir.write("in/blank.txt", " \n\t  \r\n  \n");
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
        png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
        dir.write("in/picture.txt", png);
        dir.write("in/notes.xyz", GOOD);
        dir.write("in/README", GOOD);
        dir.write("in/bad, \"quoted\".txt", "");
        let mut huge = String::new();
        while huge.len() <= LIMIT {
            huge.push_str("Mr. Rui Costa, Head of Research at the Lisbon Data Lab, Portugal, said that data matters.\n");
        }
        dir.write("in/huge.txt", huge);

        let out = dir.join("out");
        let run = extract(&[dir.join("in")], &out, &["--max-file-size", &LIMIT.to_string()]);
        Batch {
            run,
            documents: Table::read(&out.join("documents.csv")),
            speakers: Table::read(&out.join("speakers.csv")),
            statements: Table::read(&out.join("statements.csv")),
            errors: Table::read(&out.join("errors.csv")),
            raw_documents_csv: fs::read_to_string(out.join("documents.csv")).unwrap(),
            raw_errors_csv: fs::read_to_string(out.join("errors.csv")).unwrap(),
            data: Dataset::read(&out),
            texts,
        }
    })
}

#[test]
fn each_bad_input_is_one_row_of_errors_csv_and_the_batch_goes_on() {
    let b = batch();
    b.run.expect_code(3);
    let rows: Vec<(String, String)> = b
        .errors
        .records()
        .into_iter()
        .map(|r| (r["source"].clone(), r["kind"].clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("README", "unsupported"),
        ("bad, \"quoted\".txt", "empty"),
        ("blank.txt", "empty"),
        ("empty.txt", "empty"),
        ("huge.txt", "too_large"),
        ("notes.xyz", "unsupported"),
        ("picture.txt", "binary"),
    ]
    .iter()
    .map(|(s, k)| (s.to_string(), k.to_string()))
    .collect();
    assert_eq!(rows, expected, "errors.csv, sorted by source");

    let messages: BTreeMap<String, String> = b
        .errors
        .records()
        .into_iter()
        .map(|r| (r["source"].clone(), r["message"].clone()))
        .collect();
    assert!(
        messages["notes.xyz"].contains("xyz"),
        "{}",
        messages["notes.xyz"]
    );
    assert!(
        messages["huge.txt"].contains(&LIMIT.to_string()),
        "{}",
        messages["huge.txt"]
    );

    let sources: Vec<String> = b
        .documents
        .records()
        .into_iter()
        .map(|r| r["source"].clone())
        .collect();
    let expected: Vec<&String> = b.texts.keys().collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "documents in source order");
    assert_eq!(
        sorted.iter().collect::<Vec<_>>(),
        expected,
        "every readable input is a document"
    );
    assert_eq!(b.data.documents().len(), sources.len());
    let ana = b.speakers.rows_where("source", "good.txt");
    assert_eq!(ana.len(), 1);
    assert_eq!(ana[0]["name"], "Ana Lima");
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let b = batch();
    let doc = &b.documents.rows_where("source", "latin1.txt")[0];
    assert_eq!(doc["encoding"], "windows-1252");
    assert_eq!(doc["format"], "text");
    let speakers = b.speakers.rows_where("source", "latin1.txt");
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    assert_eq!(speakers[0]["name"], "Renée Dubois-Léger");
    assert_eq!(speakers[0]["country"], "France");
    let statements = b.statements.rows_where("source", "latin1.txt");
    assert!(
        statements
            .iter()
            .any(|s| s["sentence"].contains("\"open data\"")),
        "{statements:?}"
    );
}

#[test]
fn utf16_le_is_read_with_and_without_a_bom() {
    let b = batch();
    for source in ["utf16-bom.txt", "utf16-nobom.txt"] {
        let doc = &b.documents.rows_where("source", source)[0];
        assert_eq!(doc["encoding"], "UTF-16LE", "{source}");
        assert_eq!(doc["date"], "2025-03-07", "{source}");
        let speakers = b.speakers.rows_where("source", source);
        assert_eq!(speakers.len(), 1, "{source}: {speakers:?}");
        assert_eq!(speakers[0]["name"], "Tomás Herrera", "{source}");
        assert_eq!(speakers[0]["country"], "Chile", "{source}");
        assert_eq!(
            b.statements.rows_where("source", source).len(),
            2,
            "{source}"
        );
    }
}

#[test]
fn a_utf8_bom_and_crlf_line_ends_are_read() {
    let b = batch();
    let doc = &b.documents.rows_where("source", "bom-crlf.txt")[0];
    assert_eq!(doc["encoding"], "UTF-8 (BOM)");
    assert_eq!(doc["date"], "2025-03-08");
    let speakers = b.speakers.rows_where("source", "bom-crlf.txt");
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    assert_eq!(speakers[0]["name"], "Ingrid Solberg");
    assert!(
        !speakers[0]["sentence"].contains('\r'),
        "evidence sentences are normalised"
    );
}

#[test]
fn evidence_offsets_point_into_the_decoded_text_of_every_encoding() {
    let b = batch();
    for (source, text) in &b.texts {
        for (table, name) in [
            (&b.speakers, "speakers.csv"),
            (&b.statements, "statements.csv"),
        ] {
            for r in table.rows_where("source", source) {
                let slice = slice_of(text, &r["start"], &r["end"])
                    .unwrap_or_else(|e| panic!("{source} {name}: {e}"));
                if name == "statements.csv" {
                    let seen = collapse(&minutes::normalize::normalize(slice).text);
                    assert_eq!(
                        seen, r["sentence"],
                        "{source}: a statement span is its sentence"
                    );
                } else {
                    let surname = r["name"].split_whitespace().last().unwrap();
                    assert!(
                        slice.contains(surname),
                        "{source}: name span {slice:?} lacks {surname:?}"
                    );
                }
            }
        }
        let problems = crate::pipeline::evidence_problems(b.data.document(source), text);
        assert!(problems.is_empty(), "{source}: {problems:?}");
    }
}

#[test]
fn awkward_file_names_are_quoted_in_csv() {
    let b = batch();
    for name in ["a, b.txt", "say \"hi\".txt", "new\nline.txt"] {
        assert_eq!(
            b.documents.rows_where("source", name).len(),
            1,
            "{name:?} is read back from documents.csv"
        );
        assert_eq!(
            b.speakers.rows_where("source", name).len(),
            1,
            "{name:?} in speakers.csv"
        );
        b.data.document(name);
    }
    assert!(
        b.raw_documents_csv.contains("\n\"a, b.txt\","),
        "a comma is quoted"
    );
    assert!(
        b.raw_documents_csv.contains("\n\"say \"\"hi\"\".txt\","),
        "a quote is doubled inside quotes"
    );
    assert!(
        b.raw_documents_csv.contains("\n\"new\nline.txt\","),
        "a newline is quoted"
    );
    assert!(
        b.raw_errors_csv
            .contains("\n\"bad, \"\"quoted\"\".txt\",empty,"),
        "{}",
        b.raw_errors_csv
    );
}

#[test]
fn a_missing_input_is_reported_not_fatal() {
    let tmp = TestDir::new("missing-input");
    tmp.copy_in(
        data_dir().join("session_report.txt"),
        "in/session_report.txt",
    );
    let out = tmp.join("out");
    let run = extract(&[tmp.join("in"), tmp.join("no-such-folder")], &out, &[]);
    run.expect_code(3);
    let errors = Table::read(&out.join("errors.csv"));
    assert_eq!(errors.rows.len(), 1, "{:?}", errors.rows);
    assert!(errors.records()[0]["source"].ends_with("no-such-folder"));
    assert_eq!(errors.records()[0]["kind"], "io");
    assert_eq!(Table::read(&out.join("documents.csv")).rows.len(), 1);
}

#[test]
fn an_unwritable_output_is_fatal() {
    let tmp = TestDir::new("unwritable");
    tmp.copy_in(
        data_dir().join("session_report.txt"),
        "in/session_report.txt",
    );
    let blocker = tmp.write("out", "a file where the output folder should be");
    let run = extract(&[tmp.join("in")], &blocker, &[]);
    run.expect_code(1);
    assert!(run.stderr.contains("out"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported_relative_to_its_input_root() {
    let tmp = TestDir::new("dangling");
    tmp.copy_in(
        data_dir().join("session_report.txt"),
        "in/session_report.txt",
    );
    std::os::unix::fs::symlink(tmp.join("nowhere.txt"), tmp.join("in/dangling.txt")).unwrap();
    let out = tmp.join("out");
    extract(&[tmp.join("in")], &out, &[]).expect_code(3);
    let errors = Table::read(&out.join("errors.csv"));
    assert_eq!(errors.rows.len(), 1);
    assert_eq!(errors.records()[0]["source"], "dangling.txt");
}
