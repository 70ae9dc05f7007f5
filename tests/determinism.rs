//! The same inputs always give the same bytes: whatever the number of
//! worker threads, the order in which the files were created, or the folder
//! the inputs sit in.

use std::fs;
use std::path::Path;

use crate::util::{data_dir, extract, TestDir, OUTPUT_FILES};

/// (relative name, fixture it is a copy of); a few kinds of document, some
/// nested, plus two inputs that end up in errors.csv.
const FILES: &[(&str, &str)] = &[
    ("a/narrative.txt", "narrative_summary.txt"),
    ("a/b/report.txt", "session_report.txt"),
    ("captions.txt", "captions_transcript.txt"),
    ("list.md", "speaker_list.md"),
    ("minutes/2025-02-11.txt", "formal_minutes.txt"),
    ("z/un.txt", "un_coverage.txt"),
    ("names.txt", "names_nfd.txt"),
];

fn lay_out(root: &Path, order: &[usize]) {
    for &i in order {
        let (name, fixture) = FILES[i];
        let to = root.join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(data_dir().join(fixture), &to).unwrap();
    }
    fs::write(root.join("empty.txt"), "").unwrap();
    fs::write(root.join("a/notes.xyz"), "not read").unwrap();
}

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    OUTPUT_FILES
        .iter()
        .map(|name| (name.to_string(), fs::read(dir.join(name)).unwrap()))
        .collect()
}

fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)], what: &str) {
    for ((name, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            let first = x
                .iter()
                .zip(y.iter())
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            let line = x[..first].iter().filter(|&&c| c == b'\n').count() + 1;
            panic!("{what}: {name} differs (first at byte {first}, line {line})");
        }
    }
}

#[test]
fn output_does_not_depend_on_threads_creation_order_or_location() {
    let tmp = TestDir::new("determinism");
    let forward: Vec<usize> = (0..FILES.len()).collect();
    lay_out(&tmp.join("in"), &forward);
    // The same relative names, created in another order, in another folder.
    let shuffled = [4, 1, 6, 0, 5, 3, 2];
    assert_eq!(
        {
            let mut s = shuffled.to_vec();
            s.sort();
            s
        },
        forward
    );
    lay_out(&tmp.join("elsewhere/copy"), &shuffled);

    extract(&[tmp.join("in")], &tmp.join("j1"), &["-j", "1"]).expect_code(3);
    extract(&[tmp.join("in")], &tmp.join("j4"), &["-j", "4"]).expect_code(3);
    extract(
        &[tmp.join("elsewhere/copy")],
        &tmp.join("shuffled"),
        &["-j", "4"],
    )
    .expect_code(3);

    let one = outputs(&tmp.join("j1"));
    assert!(one.iter().all(|(_, bytes)| !bytes.is_empty()));
    assert_same(&one, &outputs(&tmp.join("j4")), "-j 1 vs -j 4");
    assert_same(
        &one,
        &outputs(&tmp.join("shuffled")),
        "files created in another order elsewhere",
    );
}
