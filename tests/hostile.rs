//! Hostile input generated at run time (issue #5): each case ends as a
//! document or one row of errors.csv, the batch goes on, nothing panics.
//! Sizes are the where a debug build handles them in seconds, and
//! scaled down (noted at each case) where it would not.

use std::fs;
use std::io::Write;

use crate::util::{extract, Dataset, TestDir};

/// All cases in one batch, as a user's archive would hold them.
#[test]
fn a_batch_of_hostile_files_is_processed_or_reported_file_by_file() {
    let dir = TestDir::new("hostile");
    let input = dir.mkdir("in");
    // 200,000 nested parentheses.
    dir.write(
        "in/parens.txt",
        format!("{}x{}", "(".repeat(200_000), ")".repeat(200_000)),
    );
    // A 5 MB word.
    dir.write("in/word.txt", "a".repeat(5_000_000));
    // A long document on one line (3 MB here; 30 MB is in BENCHMARKS.md).
    dir.write(
        "in/oneline.txt",
        "Ms. Ana Lima, Director of Policy, stressed the digital divide; ".repeat(48_000),
    );
    // Megabytes of capitalised words with no punctuation (1 MB here).
    let words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
    let caps: Vec<&str> = (0..170_000).map(|i| words[i * 7 % words.len()]).collect();
    dir.write("in/caps.txt", caps.join(" "));
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
    dir.write("in/speakers.txt", &list);
    // Folders 60 deep.
    let deep = (0..60)
        .map(|i| format!("d{i}"))
        .collect::<Vec<_>>()
        .join("/");
    dir.mkdir(format!("in/{deep}"));
    dir.write(format!("in/{deep}/deep.txt"), "Ms. Ana Lima said hello.");
    // A symlink loop and a dangling link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", input.join("loop")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/minutes-test", input.join("dangling.txt"))
            .unwrap();
    }
    // 1,000 tiny files (5,000 are in the closing note's manual run).
    for i in 0..1_000 {
        dir.write(
            format!("in/tiny/t{i:04}.txt"),
            format!("Ms. Ana Lima said item {i}."),
        );
    }
    // Random bytes named .docx, a truncated zip, an image, an unknown extension.
    dir.write(
        "in/random.docx",
        (0..5_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<_>>(),
    );
    dir.write("in/truncated.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
    dir.write("in/picture.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    dir.write("in/notes.xyz", "hello");
    let mut f = fs::File::create(dir.join("in/empty.txt")).unwrap();
    f.flush().unwrap();

    let out = dir.join("out");
    extract(&[&input], &out, &[]).expect_code(3);
    let data = Dataset::read(&out);
    let errors = data.table("errors.csv");
    let kind_of = |source: &str| -> Option<String> {
        errors
            .rows_where("source", source)
            .first()
            .map(|r| r["kind"].clone())
    };
    for (source, kind) in [
        ("random.docx", "format"),
        ("truncated.docx", "format"),
        ("picture.png", "unsupported"),
        ("notes.xyz", "unsupported"),
        ("empty.txt", "empty"),
        ("dangling.txt", "io"),
        ("loop", "io"),
    ] {
        assert_eq!(
            kind_of(source).as_deref(),
            Some(kind),
            "{source} in errors.csv"
        );
    }
    let documents = data.table("documents.csv");
    for source in [
        "parens.txt",
        "word.txt",
        "oneline.txt",
        "caps.txt",
        "speakers.txt",
        &format!("{deep}/deep.txt"),
    ] {
        assert_eq!(
            documents.rows_where("source", source).len(),
            1,
            "{source} in documents.csv"
        );
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
    // Every file is accounted for: a document or an error row, never both.
    let accounted = documents.records().len() + errors.records().len();
    assert_eq!(accounted, 6 + 1_000 + 7);
}
