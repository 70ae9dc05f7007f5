//! Hostile input generated at run time (issue #5): each case ends as a
//! document or one row of errors.csv, the batch goes on, nothing panics.
//! Sizes are the issue's where a debug build handles them in seconds, and
//! scaled down (noted at each case) where it would not.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use crate::util::{extract, Dataset, Table, TestDir};

/// The DOCX expanded-size limit of the batch: low, so the bomb below is
/// stopped after a few kilobytes of inflating instead of 256 MiB.
const EXPANDED_LIMIT: usize = 64 * 1024;

/// The batch's input folder, counting the files put in it so the test can
/// check that every one of them is accounted for.
struct Inputs<'a> {
    dir: &'a TestDir,
    count: usize,
}

impl Inputs<'_> {
    fn file(&mut self, rel: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        self.dir.write(Path::new("in").join(rel), contents);
        self.count += 1;
    }

    #[cfg(unix)]
    fn symlink(&mut self, target: &str, rel: &str) {
        std::os::unix::fs::symlink(target, self.dir.join("in").join(rel)).unwrap();
        self.count += 1;
    }
}

/// A small DOCX whose `word/document.xml` inflates to `expanded` bytes
/// (blank space inside a text run, which deflate packs a thousandfold).
fn docx_bomb(expanded: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#,
    )
    .unwrap();
    let blank = vec![b' '; 64 * 1024];
    for _ in 0..expanded.div_ceil(blank.len()) {
        zip.write_all(&blank).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap().into_inner()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

const SPEECH: &str = "Ms. Ana Lima, Director of Policy at the Ministry of Communications, \
                      Brazil, stressed the need to close the digital divide.\n";

/// The speaker names of one source in speakers.csv.
fn names(speakers: &Table, source: &str) -> Vec<String> {
    speakers
        .rows_where("source", source)
        .iter()
        .map(|r| r["name"].clone())
        .collect()
}

/// All cases in one batch, as a user's archive would hold them.
#[test]
fn a_batch_of_hostile_files_is_processed_or_reported_file_by_file() {
    let dir = TestDir::new("hostile");
    let input = dir.mkdir("in");
    let mut inputs = Inputs {
        dir: &dir,
        count: 0,
    };
    // 200,000 nested parentheses.
    inputs.file(
        "parens.txt",
        format!("{}x{}", "(".repeat(200_000), ")".repeat(200_000)),
    );
    // A 5 MB word.
    inputs.file("word.txt", "a".repeat(5_000_000));
    // A long document on one line (1 MB here, to keep the debug suite fast;
    // 30 MB is in BENCHMARKS.md).
    inputs.file(
        "oneline.txt",
        "Ms. Ana Lima, Director of Policy, stressed the digital divide; ".repeat(16_000),
    );
    // Megabytes of capitalised words with no punctuation (1 MB here).
    let words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
    let caps: Vec<&str> = (0..170_000).map(|i| words[i * 7 % words.len()]).collect();
    inputs.file("caps.txt", caps.join(" "));
    // 2,000 listed speakers (20,000 take 2 s in a release build).
    let syllables = ["ba", "ko", "ri", "tan", "mel", "dor", "vi", "sa"];
    let mut list = String::from("Speakers:\n");
    for i in 0..2_000 {
        let surname: String = [i % 8, i / 8 % 8, i / 64 % 8, i / 512 % 8]
            .iter()
            .map(|&k| syllables[k])
            .collect();
        let surname = format!("{}{}", surname[..1].to_uppercase(), &surname[1..]);
        list.push_str(&format!(
            "- Ms. Ana {surname}, Director, Agency of {surname}\n"
        ));
    }
    inputs.file("speakers.txt", &list);
    // Folders 60 deep.
    let deep = (0..60)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join("/");
    inputs.file(format!("{deep}/deep.txt"), "Ms. Ana Lima said hello.");
    // A symlink loop and a dangling link.
    #[cfg(unix)]
    {
        inputs.symlink("..", "loop");
        inputs.symlink("/nonexistent/minutes-test", "dangling.txt");
    }
    // 1,000 tiny files (5,000 are in the closing note's manual run).
    for i in 0..1_000 {
        inputs.file(
            format!("tiny/t{i:04}.txt"),
            format!("Ms. Ana Lima said item {i}."),
        );
    }
    // Random bytes named .docx, a truncated zip, a zip bomb, an image, an
    // unknown extension, an empty file.
    inputs.file(
        "random.docx",
        (0..5_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<_>>(),
    );
    inputs.file("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
    let bomb = docx_bomb(16 * EXPANDED_LIMIT);
    assert!(bomb.len() < EXPANDED_LIMIT / 16, "{} bytes", bomb.len());
    inputs.file("bomb.docx", bomb);
    inputs.file("picture.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    inputs.file("notes.xyz", "hello");
    inputs.file("empty.txt", "");
    // Other encodings: UTF-16 without a BOM either way round, Windows-1252,
    // and decomposed (NFD) accents.
    inputs.file("utf16le.txt", utf16(SPEECH, false));
    inputs.file("utf16be.txt", utf16(SPEECH, true));
    let latin = "Ms. Ren\u{e9}e Dubois, Director of Policy at the Ministry of Culture, \
                 France, stressed that \u{201c}open data\u{201d} matters.\n";
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(latin);
    assert!(!unmappable && std::str::from_utf8(&cp1252).is_err());
    inputs.file("cp1252.txt", cp1252);
    inputs.file(
        "nfd.txt",
        "Ms. Rene\u{301}e Dubois-Le\u{301}ger, Director of Policy at the Ministry of Culture, \
         France, stressed that open data matters.\n",
    );
    // Markdown: dense emphasis with a megabyte of `*` (a rule), quotes and
    // lists 100,000 deep, nothing but stars, and emphasis wrapping the
    // speaker label of a line.
    let emphasis = format!(
        "**Ms. Ana Lima**, *Director of Policy*, said that ***access*** __matters__.\n\n{}\n\n{}\n",
        "*".repeat(1_000_000),
        "_a_ **b** ***c*** ".repeat(10_000)
    );
    inputs.file("md/emphasis.md", emphasis);
    inputs.file(
        "md/quotes.md",
        format!("{}Ms. Ana Lima said hello.\n", "> ".repeat(100_000)),
    );
    inputs.file(
        "md/lists.md",
        format!("{}Ms. Ana Lima said hello.\n", "- ".repeat(100_000)),
    );
    inputs.file("md/stars.md", "*".repeat(1_000_000));
    inputs.file(
        "md/turns.md",
        "# Dialogue on *Digital* Skills\n\n\
         **Ms. Ana Lima:** We must close the _digital divide_ now.\n\n\
         *Mr. Bo Chen*: Rural schools need **broadband** first.\n",
    );
    // HTML whose script, style and navigation name people who did not speak.
    inputs.file(
        "page.html",
        "<html><head><style>p { color: red }</style>\
         <script>var s = 'Mr. Script Kiddie, Director of Hacks, said hello.';</script></head>\
         <body><nav><ul><li>Ms. Nav Person, Director of Menus, said hello.</li></ul></nav>\
         <main><h1>Briefing</h1><p>Ms. Ana Lima, Director of Policy at the Ministry of \
         Communications, Brazil, stressed the need to close the digital divide.</p></main>\
         </body></html>",
    );
    // A comma, a quote and a line break in a file name (Unix allows them).
    let awkward = "a, \"b\"\nc.txt";
    if cfg!(unix) {
        inputs.file(awkward, SPEECH);
    }
    let generated = inputs.count;

    let out = dir.join("out");
    let limit = EXPANDED_LIMIT.to_string();
    extract(&[&input], &out, &["--max-expanded-size", &limit]).expect_code(3);
    let data = Dataset::read(&out);
    let errors = data.table("errors.csv");
    let error_row = |source: &str| errors.rows_where("source", source).first().cloned();
    let mut expected_errors = vec![
        ("random.docx", "format"),
        ("truncated.docx", "format"),
        ("bomb.docx", "format"),
        ("picture.png", "unsupported"),
        ("notes.xyz", "unsupported"),
        ("empty.txt", "empty"),
        ("md/stars.md", "empty"),
    ];
    if cfg!(unix) {
        expected_errors.extend([("dangling.txt", "io"), ("loop", "io")]);
    }
    for (source, kind) in expected_errors {
        assert_eq!(
            error_row(source).map(|r| r["kind"].clone()).as_deref(),
            Some(kind),
            "{source} in errors.csv"
        );
    }
    let bomb_message = error_row("bomb.docx").unwrap()["message"].clone();
    assert!(bomb_message.contains("zip bomb"), "{bomb_message}");
    assert!(bomb_message.contains("64 KiB"), "{bomb_message}");

    let documents = data.table("documents.csv");
    let document = |source: &str| {
        let rows = documents.rows_where("source", source);
        assert_eq!(rows.len(), 1, "{source:?} in documents.csv");
        rows[0].clone()
    };
    let deep_file = format!("{deep}/deep.txt");
    let mut expected_documents = vec![
        "parens.txt",
        "word.txt",
        "oneline.txt",
        "caps.txt",
        "speakers.txt",
        &deep_file,
        "md/emphasis.md",
        "md/quotes.md",
        "md/lists.md",
        "md/turns.md",
        "page.html",
    ];
    if cfg!(unix) {
        expected_documents.push(awkward);
    }
    for source in expected_documents {
        document(source);
    }
    for (source, encoding) in [
        ("utf16le.txt", "UTF-16LE"),
        ("utf16be.txt", "UTF-16BE"),
        ("cp1252.txt", "windows-1252"),
        ("nfd.txt", "UTF-8"),
    ] {
        assert_eq!(document(source)["encoding"], encoding, "{source}");
    }
    assert_eq!(
        documents
            .records()
            .iter()
            .filter(|r| r["source"].starts_with("tiny/"))
            .count(),
        1_000
    );

    let speakers = data.table("speakers.csv");
    assert_eq!(speakers.rows_where("source", "speakers.txt").len(), 2_000);
    for source in ["utf16le.txt", "utf16be.txt", "page.html", "md/emphasis.md"] {
        assert_eq!(names(&speakers, source), ["Ana Lima"], "{source}");
    }
    for source in ["cp1252.txt", "nfd.txt"] {
        assert_eq!(names(&speakers, source).len(), 1, "{source}");
    }
    assert_eq!(names(&speakers, "cp1252.txt"), ["Renée Dubois"]);
    assert_eq!(names(&speakers, "nfd.txt"), ["Renée Dubois-Léger"]);
    let emphasis = &speakers.rows_where("source", "md/emphasis.md")[0];
    assert_eq!(emphasis["title"], "Director of Policy");
    assert_eq!(names(&speakers, "md/turns.md"), ["Ana Lima", "Bo Chen"]);

    let statements = data.table("statements.csv");
    let said: Vec<(String, String)> = statements
        .rows_where("source", "md/turns.md")
        .iter()
        .map(|r| (r["speaker"].clone(), r["sentence"].clone()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "Ana Lima".to_string(),
                "We must close the digital divide now.".to_string()
            ),
            (
                "Bo Chen".to_string(),
                "Rural schools need broadband first.".to_string()
            ),
        ]
    );
    // Every file is accounted for: a document or an error row, never both.
    let accounted = documents.records().len() + errors.records().len();
    assert_eq!(accounted, generated);
    let written = fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(!written.contains("Kiddie") && !written.contains("Nav Person"));
}
