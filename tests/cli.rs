//! The command line, end to end: each test runs the real binary in its own
//! temporary folder and reads back what it wrote.

use std::fs;
use std::io::Read;
use std::process::Stdio;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{
    collapse, data_dir, extract, seed_path, slice_of, speaker, Dataset, Table, TestCommand,
    TestDir, HEADERS, OUTPUT_FILES, THEME_IDS,
};

const SMALL: &str = "session_report.txt";

#[test]
fn extract_writes_every_output_file_with_its_header() {
    let tmp = TestDir::new("extract-files");
    let input = tmp.mkdir("in");
    tmp.copy_in(data_dir().join(SMALL), format!("in/{SMALL}"));
    let out = tmp.join("out");
    extract(&[&input], &out, &[]).expect_code(0);

    for name in OUTPUT_FILES {
        assert!(out.join(name).is_file(), "{name} was not written");
    }
    for (name, header) in HEADERS {
        let table = Table::read(&out.join(name));
        assert_eq!(table.headers, *header, "header of {name}");
        for row in &table.rows {
            assert_eq!(
                row.len(),
                header.len(),
                "{name}: a row with the wrong number of cells: {row:?}"
            );
        }
    }
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !OUTPUT_FILES.contains(&n.as_str()) && n != ".minutes")
        .collect();
    assert!(
        leftovers.is_empty(),
        "the output folder holds more than the dataset: {leftovers:?}"
    );

    let data = Dataset::read(&out);
    assert!(
        data.json["schema_version"].is_string(),
        "dataset.json has a schema_version"
    );
    let docs = data.documents();
    assert_eq!(docs.len(), 1);
    for doc in docs {
        for key in ["source", "title", "date", "location", "speakers", "themes"] {
            assert!(doc.get(key).is_some(), "a document without {key:?}: {doc}");
        }
        assert_eq!(doc["source"], SMALL);
        for s in doc["speakers"].as_array().unwrap() {
            for key in [
                "name",
                "honorific",
                "title",
                "organization",
                "country",
                "role",
            ] {
                assert!(s.get(key).is_some(), "a speaker without {key:?}: {s}");
            }
        }
        for t in doc["themes"].as_array().unwrap() {
            let id = t["id"].as_str().expect("a theme has an id");
            assert!(THEME_IDS.contains(&id), "unknown theme id {id}");
        }
    }

    // The tables agree with dataset.json.
    let documents = data.table("documents.csv");
    assert_eq!(documents.rows.len(), 1);
    let speakers = data.table("speakers.csv");
    assert_eq!(
        speakers.rows.len(),
        docs[0]["speakers"].as_array().unwrap().len()
    );
    assert_eq!(
        documents.records()[0]["speakers"],
        speakers.rows.len().to_string()
    );
    let statements = data.table("statements.csv");
    assert_eq!(
        statements.rows.len(),
        docs[0]["statements"].as_array().unwrap().len()
    );
    assert!(data.table("errors.csv").rows.is_empty());
}

#[test]
fn no_arguments_reads_input_and_writes_output_and_check_finds_stale_files() {
    let tmp = TestDir::new("defaults");
    tmp.copy_in(data_dir().join(SMALL), format!("input/{SMALL}"));
    tmp.copy_in(
        data_dir().join("formal_minutes.txt"),
        "input/minutes/formal_minutes.txt",
    );

    let run = TestCommand::new().current_dir(tmp.path()).run();
    run.expect_code(0);
    assert!(
        run.stderr.contains("2 documents"),
        "a summary line on stderr: {}",
        run.stderr
    );
    for name in OUTPUT_FILES {
        assert!(
            tmp.join("output").join(name).is_file(),
            "output/{name} was not written"
        );
    }
    let data = Dataset::read(&tmp.join("output"));
    let sources: Vec<&str> = data
        .documents()
        .iter()
        .filter_map(|d| d["source"].as_str())
        .collect();
    assert_eq!(
        sources,
        ["minutes/formal_minutes.txt", SMALL],
        "sources are relative to input/, sorted"
    );

    // A fresh output is up to date.
    TestCommand::new()
        .current_dir(tmp.path())
        .arg("check")
        .run()
        .expect_code(0);

    // An edited table is stale, and only that one.
    let speakers = tmp.join("output/speakers.csv");
    let mut text = fs::read_to_string(&speakers).unwrap();
    text.push_str("extra,row\n");
    fs::write(&speakers, text).unwrap();
    let check = TestCommand::new()
        .current_dir(tmp.path())
        .arg("check")
        .run();
    check.expect_code(1);
    assert!(
        check.stdout.contains("speakers.csv"),
        "check names the stale file: {}",
        check.stdout
    );
    for name in OUTPUT_FILES.iter().filter(|n| **n != "speakers.csv") {
        assert!(
            !check.stdout.contains(name),
            "check calls {name} stale: {}",
            check.stdout
        );
    }

    // A missing file is stale too; `check` with explicit arguments agrees.
    fs::remove_file(tmp.join("output/themes.csv")).unwrap();
    let check = TestCommand::new()
        .current_dir(tmp.path())
        .args(["check", "input", "--out", "output"])
        .run();
    check.expect_code(1);
    assert!(
        check.stdout.contains("themes.csv") && check.stdout.contains("speakers.csv"),
        "{}",
        check.stdout
    );

    // Writing again makes it fresh.
    TestCommand::new()
        .current_dir(tmp.path())
        .args(["extract", "-q"])
        .run()
        .expect_code(0);
    TestCommand::new()
        .current_dir(tmp.path())
        .args(["check", "-q"])
        .run()
        .expect_code(0);
}

#[test]
fn exit_status_is_3_when_an_input_is_in_errors_csv() {
    let tmp = TestDir::new("exit3");
    tmp.copy_in(data_dir().join(SMALL), format!("in/{SMALL}"));
    tmp.write("in/empty.txt", "");
    let out = tmp.join("out");
    extract(&[tmp.join("in")], &out, &[]).expect_code(3);
    let errors = Table::read(&out.join("errors.csv"));
    assert_eq!(errors.rows.len(), 1);
    assert_eq!(errors.records()[0]["source"], "empty.txt");
    assert_eq!(
        Table::read(&out.join("documents.csv")).rows.len(),
        1,
        "the good file is still extracted"
    );
}

#[test]
fn explain_prints_sections_speakers_and_themes() {
    let run = TestCommand::new()
        .arg("explain")
        .arg(data_dir().join(SMALL))
        .run();
    run.expect_code(0);
    let out = &run.stdout;
    for part in [
        "document session_report.txt",
        "\nmeeting",
        "\nsections",
        "\nspeakers",
        "\nstatements",
        "\nthemes",
    ] {
        assert!(out.contains(part), "explain prints {part:?}:\n{out}");
    }
    assert!(
        out.contains("Faisal Al-Harbi"),
        "explain names the speakers:\n{out}"
    );
    assert!(
        out.contains("cybersecurity"),
        "explain lists the themes:\n{out}"
    );
    assert!(out.contains("2024-12-03"), "explain shows the date:\n{out}");
}

#[test]
fn explain_of_a_missing_file_fails() {
    let tmp = TestDir::new("explain-missing");
    let run = TestCommand::new()
        .arg("explain")
        .arg(tmp.join("nope.txt"))
        .run();
    run.expect_code(1);
    assert!(
        run.stderr.contains("nope.txt"),
        "the error names the file: {}",
        run.stderr
    );
}

#[test]
fn themes_lists_the_17_theme_ids() {
    let run = TestCommand::new().arg("themes").run();
    run.expect_code(0);
    let mut lines = run.stdout.lines();
    assert!(
        lines.next().unwrap_or("").contains("(17 themes)"),
        "{}",
        run.stdout
    );
    let ids: Vec<&str> = lines.filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(ids, THEME_IDS);
}

const GOOD_RULES: &str = r#"name = "fruit"

[[theme]]
id = "bananas"
label = "Bananas"
patterns = ['\bbananas?\b', 'plantains?']
exclude = ['banana republic']
"#;

#[test]
fn rules_check_accepts_a_good_file_and_names_the_line_of_an_error() {
    let tmp = TestDir::new("rules-check");
    let good = tmp.write("good.toml", GOOD_RULES);
    let run = TestCommand::new().args(["rules", "check"]).arg(&good).run();
    run.expect_code(0);
    assert!(
        run.stdout.contains("ok (1 themes, 2 patterns)"),
        "{}",
        run.stdout
    );

    // A pattern that is not a regex, on line 6.
    let bad_regex = GOOD_RULES.replace(r"'plantains?'", "'plantain(s'");
    let bad = tmp.write("bad-regex.toml", &bad_regex);
    let run = TestCommand::new().args(["rules", "check"]).arg(&bad).run();
    run.expect_code(1);
    assert!(
        run.stderr.contains("line 6"),
        "the error names line 6: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad-regex.toml"),
        "the error names the file: {}",
        run.stderr
    );

    // Broken TOML on line 4.
    let broken = GOOD_RULES.replace(r#"id = "bananas""#, "id = bananas");
    let bad = tmp.write("bad-toml.toml", &broken);
    let run = TestCommand::new().args(["rules", "check"]).arg(&bad).run();
    run.expect_code(1);
    assert!(
        run.stderr.contains("line 4"),
        "the error names line 4: {}",
        run.stderr
    );

    // An unknown key is an error, not silently ignored.
    let typo = GOOD_RULES.replace("exclude =", "exclud =");
    let bad = tmp.write("typo.toml", &typo);
    let run = TestCommand::new().args(["rules", "check"]).arg(&bad).run();
    run.expect_code(1);
    assert!(
        run.stderr.contains("line 7"),
        "the error names line 7: {}",
        run.stderr
    );
}

#[test]
fn rules_flag_replaces_the_built_in_themes() {
    let tmp = TestDir::new("rules-flag");
    let rules = tmp.write("fruit.toml", GOOD_RULES);
    tmp.write(
        "in/fruit.txt",
        "Market Day Briefing\n\nMs. Ana Lima, Director of Trade at the Ministry of Agriculture, Brazil, stressed that \
         banana exports need better broadband and digital skills in rural areas.\n",
    );
    let out = tmp.join("out");
    extract(
        &[tmp.join("in")],
        &out,
        &["--rules", rules.to_str().unwrap()],
    )
    .expect_code(0);
    let data = Dataset::read(&out);
    let ids: Vec<&str> = data.documents()[0]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(ids, ["bananas"], "only the themes of --rules apply");
    let themes = Table::read(&out.join("themes.csv"));
    assert!(
        themes
            .rows
            .iter()
            .all(|r| r[themes.column("theme")] == "bananas"),
        "{:?}",
        themes.rows
    );

    let listing = TestCommand::new()
        .args(["themes", "--rules"])
        .arg(&rules)
        .run();
    listing.expect_code(0);
    assert!(
        listing.stdout.starts_with("fruit (1 themes)"),
        "{}",
        listing.stdout
    );

    // A bad rules file is fatal for extract: exit 1 and nothing written.
    let bad = tmp.write("bad.toml", GOOD_RULES.replace("'plantains?'", "'(('"));
    let out2 = tmp.join("out2");
    let run = extract(
        &[tmp.join("in")],
        &out2,
        &["--rules", bad.to_str().unwrap()],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("line 6"), "{}", run.stderr);
    assert!(!out2.join("dataset.json").exists());
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised_unless_raw() {
    let tmp = TestDir::new("csv-injection");
    tmp.write(
        "in/inject.txt",
        "Workshop on Spreadsheet Safety\nDate: 2 February 2025\n\nSpeakers:\n\
         - Ms. Ana Lima, Director of Policy, =HYPERLINK(\"http://example.com\",\"x\")\n\
         - Mr. Rui Costa, Head of Research, Lisbon Data Lab\n\n\
         Ms. Lima stressed that exported tables must be safe. Mr. Costa agreed.\n",
    );
    let formula = "=HYPERLINK(\"http://example.com\",\"x\")";

    let safe = tmp.join("safe");
    extract(&[tmp.join("in")], &safe, &[]).expect_code(0);
    let speakers = Table::read(&safe.join("speakers.csv"));
    let ana = &speakers.rows_where("name", "Ana Lima")[0];
    assert_eq!(
        ana["organization"],
        format!("'{formula}"),
        "the formula is neutralised by default"
    );
    for row in &speakers.rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "a risky cell in speakers.csv: {cell:?}"
            );
        }
    }
    // dataset.json is not a spreadsheet: it keeps the value as written.
    let data = Dataset::read(&safe);
    let doc = &data.documents()[0];
    assert_eq!(speaker(doc, "Ana Lima").unwrap()["organization"], formula);

    let raw = tmp.join("raw");
    extract(&[tmp.join("in")], &raw, &["--raw-csv"]).expect_code(0);
    let speakers = Table::read(&raw.join("speakers.csv"));
    assert_eq!(
        speakers.rows_where("name", "Ana Lima")[0]["organization"],
        formula,
        "--raw-csv writes it as is"
    );
}

#[test]
fn unknown_input_format_is_a_fatal_error() {
    let tmp = TestDir::new("bad-format");
    tmp.write("in/a.txt", "Hello.\n");
    let run = extract(
        &[tmp.join("in")],
        &tmp.join("out"),
        &["--input-format", "spreadsheet"],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("spreadsheet"), "{}", run.stderr);
}

#[test]
fn version_and_help() {
    let v = TestCommand::new().arg("--version").run();
    v.expect_code(0);
    assert!(v.stdout.starts_with("minutes "), "{}", v.stdout);
    let h = TestCommand::new().arg("--help").run();
    h.expect_code(0);
    for sub in ["extract", "check", "explain", "themes", "rules"] {
        assert!(h.stdout.contains(sub), "--help lists {sub}: {}", h.stdout);
    }
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let mut child = TestCommand::new()
        .command()
        .arg("themes")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "exit {status}: {stderr}");
}

/// The seed document, extracted once and read back into memory for the seed
/// tests (the temporary folder is removed once read).
struct Seed {
    text: String,
    data: Dataset,
    speakers: Table,
    statements: Table,
    documents: Table,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let dir = TestDir::new("seed");
        let file = dir.copy_in(seed_path(), "in/000_cfe428d1ad11dca5.txt");
        let out = dir.join("out");
        extract(&[dir.join("in")], &out, &[]).expect_code(0);
        Seed {
            text: fs::read_to_string(file).unwrap(),
            data: Dataset::read(&out),
            speakers: Table::read(&out.join("speakers.csv")),
            statements: Table::read(&out.join("statements.csv")),
            documents: Table::read(&out.join("documents.csv")),
        }
    })
}

const SEED_SPEAKERS: &[&str] = &[
    "Yoshio Utsumi",
    "Doreen Bogdan-Martin",
    "Hiroshi Yoshida",
    "Nizar Ben Neji",
    "Robert Opp",
    "Anriette Esterhuysen",
    "Nezar Patria",
    "Agnė Vaiciukevičiūtė",
    "Thomas Schneider",
    "Maria Fernanda Garza",
    "Omurbek Abdullaev",
    "Gitanjali Sah",
];

#[test]
fn seed_has_its_twelve_speakers() {
    let seed = seed();
    let doc = &seed.data.documents()[0];
    let names: Vec<&str> = doc["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names, SEED_SPEAKERS,
        "the seed's speakers in order of appearance"
    );

    let yoshida = speaker(doc, "Hiroshi Yoshida").unwrap();
    assert_eq!(yoshida["honorific"], "H.E. Mr.");
    assert_eq!(yoshida["title"], "Vice Minister");
    assert_eq!(
        yoshida["organization"],
        "Ministry of Internal Affairs and Communications"
    );
    assert_eq!(yoshida["country"], "Japan");
    assert_eq!(yoshida["role"], "panellist");
    assert!(
        yoshida["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Yoshida"),
        "{yoshida}"
    );
    assert_eq!(speaker(doc, "Gitanjali Sah").unwrap()["role"], "moderator");
    assert_eq!(
        speaker(doc, "Agnė Vaiciukevičiūtė").unwrap()["country"],
        "Lithuania"
    );

    // speakers.csv says the same.
    let row = &seed.speakers.rows_where("name", "Hiroshi Yoshida")[0];
    assert_eq!(
        (
            row["honorific"].as_str(),
            row["title"].as_str(),
            row["country"].as_str(),
            row["role"].as_str()
        ),
        ("H.E. Mr.", "Vice Minister", "Japan", "panellist")
    );
    assert_eq!(seed.speakers.rows.len(), 12);
}

#[test]
fn seed_meeting_date_and_place() {
    let seed = seed();
    let doc = &seed.data.documents()[0];
    assert_eq!(doc["date"], "2023-10-08");
    assert_eq!(doc["location"], "Kyoto, Japan");
    let row = &seed.documents.records()[0];
    assert_eq!(row["date"], "2023-10-08");
    assert_eq!(row["location"], "Kyoto, Japan");
    assert_eq!(row["encoding"], "UTF-8");
    assert_eq!(row["bytes"], seed.text.len().to_string());
    assert!(
        row["title"].contains("WSIS High-Level Dialogue"),
        "{}",
        row["title"]
    );
}

#[test]
fn seed_statements_are_attributed_with_their_reporting_verbs() {
    let seed = seed();
    let records = seed.statements.records();
    assert!(records.len() >= 30, "only {} statements", records.len());
    let by = |fragment: &str| -> (String, String) {
        let r = records
            .iter()
            .find(|r| r["sentence"].contains(fragment))
            .unwrap_or_else(|| panic!("no statement holds {fragment:?}"));
        (r["speaker"].clone(), r["verb"].clone())
    };
    assert_eq!(
        by("Mr. Yoshida emphasised the need"),
        ("Hiroshi Yoshida".into(), "emphasised".into())
    );
    assert_eq!(
        by("She highlighted the remarkable impact"),
        ("Doreen Bogdan-Martin".into(), "highlighted".into())
    );
    assert_eq!(
        by("Mr. Ben Neji stressed the significance"),
        ("Nizar Ben Neji".into(), "stressed".into())
    );
    assert_eq!(
        by("Mr. Opp also underscored"),
        ("Robert Opp".into(), "underscored".into())
    );
    // Every statement has a verb and names a speaker of speakers.csv.
    let ids: Vec<String> = seed
        .speakers
        .records()
        .iter()
        .map(|r| r["speaker_id"].clone())
        .collect();
    for r in &records {
        assert!(!r["verb"].is_empty(), "a statement without a verb: {r:?}");
        assert!(
            ids.contains(&r["speaker_id"]),
            "a statement by an unknown speaker: {r:?}"
        );
    }
    // The quoted moderator's closing invitation is hers.
    assert_eq!(by("invited all panellists").0, "Gitanjali Sah");
}

#[test]
fn seed_evidence_slices_the_input_on_char_boundaries() {
    let seed = seed();
    let text = &seed.text;
    for (table, name) in [
        (&seed.speakers, "speakers.csv"),
        (&seed.statements, "statements.csv"),
    ] {
        for r in table.records() {
            let slice = slice_of(text, &r["start"], &r["end"])
                .unwrap_or_else(|e| panic!("{name}: {e}: {r:?}"));
            if name == "statements.csv" {
                let seen = collapse(&minutes::normalize::normalize(slice).text);
                assert_eq!(seen, r["sentence"], "{name}: the span is the sentence");
            } else {
                let surname = r["name"].split_whitespace().last().unwrap().to_string();
                let seen = minutes::normalize::normalize(slice).text.replace('-', " ");
                assert!(
                    seen.contains(&surname.replace('-', " ")),
                    "{name}: the name span {slice:?} does not hold {surname:?}"
                );
            }
        }
    }
    let problems = crate::pipeline::evidence_problems(&seed.data.documents()[0], text);
    assert!(problems.is_empty(), "dataset.json evidence: {problems:?}");
}

#[test]
fn seed_themes_are_known_ids_with_evidence() {
    let seed = seed();
    let doc: &Value = &seed.data.documents()[0];
    let themes = doc["themes"].as_array().unwrap();
    let ids: Vec<&str> = themes.iter().filter_map(|t| t["id"].as_str()).collect();
    for id in [
        "connectivity",
        "cooperation",
        "sustainable-development",
        "internet-governance",
    ] {
        assert!(ids.contains(&id), "the seed raises {id}: {ids:?}");
    }
    for t in themes {
        assert!(THEME_IDS.contains(&t["id"].as_str().unwrap()));
        let evidence = t["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "theme {} without evidence", t["id"]);
        // Every hit counts; the evidence is the first few distinct sentences.
        let hits = t["hits"].as_u64().unwrap() as usize;
        assert!(
            evidence.len() <= hits.min(minutes::extract::themes::MAX_EVIDENCE),
            "{}",
            t["id"]
        );
        let sentences: std::collections::BTreeSet<_> =
            evidence.iter().map(|e| e["sentence"].as_str()).collect();
        assert_eq!(
            sentences.len(),
            evidence.len(),
            "{}: a sentence cited twice",
            t["id"]
        );
    }
}

/// `MINUTES_TIMINGS=1` prints one line per stage, the record cache among
/// them, so a benchmark sees where all of a run's time goes.
#[test]
fn timings_name_every_stage_and_the_cache_takes_time() {
    let tmp = TestDir::new("timings");
    let input = tmp.mkdir("in");
    tmp.copy_in(data_dir().join(SMALL), format!("in/{SMALL}"));
    let mut cmd = TestCommand::new();
    cmd.args(["extract", "-q", "--out"])
        .arg(tmp.join("out"))
        .arg(&input)
        .command()
        .env("MINUTES_TIMINGS", "1");
    let run = cmd.run();
    let seconds: Vec<(String, f64)> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: stage="))
        .map(|l| {
            let (name, s) = l.split_once(" seconds=").unwrap();
            (name.to_string(), s.parse().unwrap())
        })
        .collect();
    let names: Vec<&str> = seconds.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "load",
            "decode",
            "normalise",
            "segment",
            "extract_meeting",
            "extract_speakers",
            "extract_statements",
            "extract_themes",
            "write",
            "cache",
        ]
    );
    for (name, s) in &seconds {
        assert!(*s > 0.0, "{name} took no time");
    }
}
