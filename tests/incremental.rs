//! Incremental runs, `--shard` and `merge`: whatever the record cache in
//! `OUT/.minutes/` holds, and however the inputs are split, the dataset is
//! the bytes one full run writes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{data_dir, extract, TestCommand, TestDir, OUTPUT_FILES};

/// The record cache: an incremental run, a full run and a merge write it
/// alike too, so the tests compare it with the dataset.
const CACHE_FILES: &[&str] = &[".minutes/manifest.jsonl", ".minutes/records.jsonl"];

/// The text and markdown fixtures, some in sub-folders, plus inputs that
/// end up in errors.csv: an empty file, an image, an unknown extension.
/// Returns how many inputs are read (all but the two skipped unread).
fn lay_out(root: &Path) -> usize {
    let mut fixtures: Vec<PathBuf> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .filter(|p| !p.ends_with("README.md"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "fixtures: {fixtures:?}");
    for (i, fixture) in fixtures.iter().enumerate() {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let rel = match i % 3 {
            0 => name,
            1 => format!("a/{name}"),
            _ => format!("b/c/{name}"),
        };
        let to = root.join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(fixture, &to).unwrap();
    }
    fs::write(root.join("a/empty.txt"), "").unwrap();
    fs::write(root.join("b/picture.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    fs::write(root.join("notes.xyz"), "not read").unwrap();
    fixtures.len() + 1
}

/// Where [`lay_out`] put fixture `name` under `root`.
fn find(root: &Path, name: &str) -> PathBuf {
    ["", "a/", "b/c/"]
        .iter()
        .map(|dir| root.join(format!("{dir}{name}")))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not under {}", root.display()))
}

/// The bytes of `files` in `dir`.
fn read_all(dir: &Path, files: &[&str]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            (name.to_string(), bytes)
        })
        .collect()
}

/// Panic unless `a` and `b` hold the same bytes in the dataset files and
/// the cache.
fn assert_same_output(a: &Path, b: &Path, what: &str) {
    let files: Vec<&str> = OUTPUT_FILES.iter().chain(CACHE_FILES).copied().collect();
    for ((name, x), (_, y)) in read_all(a, &files).iter().zip(read_all(b, &files)) {
        if *x != y {
            let first = x.iter().zip(&y).position(|(p, q)| p != q);
            panic!(
                "{what}: {name} differs (first at byte {first:?}; sizes {} and {})",
                x.len(),
                y.len()
            );
        }
    }
}

/// Run `minutes extract` (not quiet, for the summary) and return how many
/// inputs it reused.
fn extract_reused(input: &Path, out: &Path, extra: &[&str]) -> usize {
    let run = TestCommand::new()
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .run();
    run.expect_code(3);
    reused_in(&run.stderr)
}

/// The `N reused` figure of a summary line.
fn reused_in(stderr: &str) -> usize {
    let words: Vec<&str> = stderr.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| *w == "reused")
        .unwrap_or_else(|| panic!("no reused count in {stderr:?}"));
    words[at - 1]
        .parse()
        .unwrap_or_else(|_| panic!("bad count in {stderr:?}"))
}

/// A full run of `input` into a fresh `out`, with `extra` arguments.
fn full_run(input: &Path, out: &Path, extra: &[&str]) {
    let _ = fs::remove_dir_all(out);
    let mut args = vec!["--full"];
    args.extend(extra);
    extract(&[input], out, &args).expect_code(3);
}

#[test]
fn a_rerun_reprocesses_only_what_changed_and_writes_the_bytes_of_a_full_run() {
    let tmp = TestDir::new("incremental");
    let input = tmp.join("in");
    let read = lay_out(&input);
    let (inc, full) = (tmp.join("inc"), tmp.join("full"));

    assert_eq!(extract_reused(&input, &inc, &[]), 0, "nothing to reuse yet");
    full_run(&input, &full, &[]);
    assert_same_output(&inc, &full, "first run");
    assert_eq!(extract_reused(&input, &inc, &[]), read, "unchanged inputs");
    assert_same_output(&inc, &full, "unchanged inputs");

    // One file changed, one deleted, one added.
    let changed = find(&input, "formal_minutes.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nMs. Ilse Varga, Director of Policy at the Ministry of Digital Affairs, stressed the need for open data.\n");
    fs::write(&changed, text).unwrap();
    fs::remove_file(find(&input, "session_report.txt")).unwrap();
    fs::copy(
        data_dir().join("session_report.txt"),
        input.join("b/moved_report.txt"),
    )
    .unwrap();
    assert_eq!(
        extract_reused(&input, &inc, &[]),
        read - 2,
        "all but the changed and the added file"
    );
    full_run(&input, &full, &[]);
    assert_same_output(&inc, &full, "after a change, a deletion and an addition");

    // Other rules: nothing is reused, and the output follows the rules.
    let rules = tmp.write(
        "rules.toml",
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sdgs.toml")).unwrap(),
    );
    let rules_arg = ["--rules", rules.to_str().unwrap()];
    assert_eq!(extract_reused(&input, &inc, &rules_arg), 0, "new rules");
    full_run(&input, &full, &rules_arg);
    assert_same_output(&inc, &full, "new rules");
    assert_eq!(extract_reused(&input, &inc, &rules_arg), read);

    // The same rules file, edited.
    let edited =
        fs::read_to_string(&rules)
            .unwrap()
            .replacen("label = \"", "label = \"Edited: ", 1);
    fs::write(&rules, edited).unwrap();
    assert_eq!(extract_reused(&input, &inc, &rules_arg), 0, "edited rules");
    full_run(&input, &full, &rules_arg);
    assert_same_output(&inc, &full, "edited rules");

    // Back to the built-in rules, and `--full` reprocesses everything.
    assert_eq!(extract_reused(&input, &inc, &[]), 0);
    assert_eq!(extract_reused(&input, &inc, &["--full"]), 0);
    full_run(&input, &full, &[]);
    assert_same_output(&inc, &full, "back to the built-in rules");
}

#[test]
fn a_damaged_or_foreign_cache_is_never_used() {
    let tmp = TestDir::new("incremental-damaged");
    let input = tmp.join("in");
    let read = lay_out(&input);
    let (inc, full) = (tmp.join("inc"), tmp.join("full"));
    full_run(&input, &full, &[]);
    let records = inc.join(".minutes/records.jsonl");
    let manifest = inc.join(".minutes/manifest.jsonl");

    // A record edited by hand: its line no longer matches the manifest.
    extract_reused(&input, &inc, &[]);
    // (Same length: the other lines stay where the manifest says.)
    let mut bytes = fs::read(&records).unwrap();
    let name = b"\"speakers\":[{\"id\":1,\"name\":\"";
    let at = bytes.windows(name.len()).position(|w| w == name).unwrap() + name.len();
    bytes[at] = if bytes[at] == b'X' { b'Y' } else { b'X' };
    fs::write(&records, bytes).unwrap();
    assert_eq!(extract_reused(&input, &inc, &[]), read - 1);
    assert_same_output(&inc, &full, "an edited record");

    // Cut short.
    let bytes = fs::read(&records).unwrap();
    fs::write(&records, &bytes[..bytes.len() / 2]).unwrap();
    assert!(extract_reused(&input, &inc, &[]) < read);
    assert_same_output(&inc, &full, "a truncated cache");

    // Made by another build of minutes.
    let text = fs::read_to_string(&manifest).unwrap();
    let at = text.find("\"build\":\"").unwrap() + "\"build\":\"".len();
    fs::write(&manifest, format!("{}0{}", &text[..at], &text[at..])).unwrap();
    assert_eq!(extract_reused(&input, &inc, &[]), 0);
    assert_same_output(&inc, &full, "another build");

    // Not a manifest at all.
    fs::write(&manifest, "garbage\n{]\n").unwrap();
    assert_eq!(extract_reused(&input, &inc, &[]), 0);
    assert_same_output(&inc, &full, "a garbage manifest");

    // Other limits: a text limit that turns documents into errors.
    assert_eq!(
        extract_reused(&input, &inc, &["--max-text-size", "3000"]),
        0
    );
    full_run(&input, &full, &["--max-text-size", "3000"]);
    assert_same_output(&inc, &full, "another text limit");
}

#[test]
fn check_reuses_the_cache_and_still_finds_every_stale_file() {
    let tmp = TestDir::new("incremental-check");
    let input = tmp.join("in");
    lay_out(&input);
    let out = tmp.join("out");
    extract(&[&input], &out, &[]).expect_code(3);
    let check = |extra: &[&str]| {
        TestCommand::new()
            .arg("check")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .run()
    };
    check(&[]).expect_code(0);
    check(&["--full"]).expect_code(0);

    // A CSV altered by hand is stale, though every input is in the cache.
    let statements = out.join("statements.csv");
    let original = fs::read(&statements).unwrap();
    let mut altered = original.clone();
    altered.extend_from_slice(b"x.txt,1,Someone,said,,0,1,Hi\n");
    fs::write(&statements, &altered).unwrap();
    let run = check(&[]);
    run.expect_code(1);
    assert!(run.stdout.contains("statements.csv"), "{}", run.stdout);
    fs::write(&statements, &original).unwrap();
    check(&[]).expect_code(0);

    // A damaged cache does not make a good output stale.
    let records = out.join(".minutes/records.jsonl");
    let text = fs::read_to_string(&records).unwrap();
    fs::write(&records, text.replace("\"kind\":\"", "\"kind\":\"x")).unwrap();
    check(&[]).expect_code(0);

    // A changed input makes the output stale, with or without the cache.
    let changed = find(&input, "formal_minutes.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nMr. Tomás Reyes, Minister of Finance of Chile, stressed the cost of delay.\n");
    fs::write(&changed, text).unwrap();
    let run = check(&[]);
    run.expect_code(1);
    assert!(run.stdout.contains("dataset.json"), "{}", run.stdout);
    check(&["--full"]).expect_code(1);

    // The cache is no part of what check compares or writes.
    extract(&[&input], &out, &[]).expect_code(3);
    let cache_before = read_all(&out, CACHE_FILES);
    fs::remove_dir_all(out.join(".minutes")).unwrap();
    check(&[]).expect_code(0);
    assert!(!out.join(".minutes").exists(), "check wrote a cache");
    extract(&[&input], &out, &[]).expect_code(3);
    assert_eq!(read_all(&out, CACHE_FILES), cache_before);
}

/// `extract --shard k/n` for every k, then `merge` (shards given last first).
fn shard_and_merge(input: &Path, tmp: &TestDir, n: u64) -> PathBuf {
    let mut shards = Vec::new();
    for k in 1..=n {
        let dir = tmp.join(format!("shard-{k}-of-{n}"));
        let shard = format!("{k}/{n}");
        let run = extract(&[input], &dir, &["--shard", &shard]);
        assert!(matches!(run.code, Some(0 | 3)), "{run:?}");
        shards.push(dir);
    }
    shards.reverse();
    let merged = tmp.join(format!("merged-{n}"));
    let mut cmd = TestCommand::new();
    cmd.arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .arg("-q");
    cmd.run().expect_code(3);
    merged
}

#[test]
fn merged_shards_are_the_bytes_of_one_run() {
    let tmp = TestDir::new("shards");
    let input = tmp.join("in");
    lay_out(&input);
    // An error met walking the folders is sharded and merged too.
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere", input.join("a/dangling.txt")).unwrap();
    let whole = tmp.join("whole");
    full_run(&input, &whole, &[]);
    #[cfg(unix)]
    assert!(fs::read_to_string(whole.join("errors.csv"))
        .unwrap()
        .contains("a/dangling.txt"));

    for n in 1..=3 {
        let merged = shard_and_merge(&input, &tmp, n);
        assert_same_output(&merged, &whole, &format!("{n} shards merged"));
    }
    // Each shard holds a share, not everything.
    let documents = |dir: &Path| {
        fs::read_to_string(dir.join("documents.csv"))
            .unwrap()
            .lines()
            .count()
            - 1
    };
    let total = documents(&whole);
    let shares: Vec<usize> = (1..=3)
        .map(|k| documents(&tmp.join(format!("shard-{k}-of-3"))))
        .collect();
    assert_eq!(shares.iter().sum::<usize>(), total, "{shares:?}");
    assert!(shares.iter().all(|&s| s < total), "{shares:?}");

    // The merged folder is a cache for the next run like any other.
    assert_eq!(
        extract_reused(&input, &tmp.join("merged-3"), &[]),
        lay_out_read(&input)
    );
}

/// How many inputs of a laid-out folder are read (for reuse counts).
fn lay_out_read(input: &Path) -> usize {
    fn files(dir: &Path) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| match fs::metadata(&p) {
                Ok(m) if m.is_dir() => files(&p),
                Ok(_) => usize::from(!matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("png" | "xyz")
                )),
                Err(_) => 0,
            })
            .sum()
    }
    files(input)
}

#[test]
fn merge_refuses_shards_that_do_not_make_one_run() {
    let tmp = TestDir::new("merge-refuses");
    let input = tmp.join("in");
    lay_out(&input);
    let shard = |name: &str, extra: &[&str]| {
        let dir = tmp.join(name);
        let run = extract(&[&input], &dir, extra);
        assert!(matches!(run.code, Some(0 | 3)), "{run:?}");
        dir
    };
    let one = shard("one", &["--shard", "1/2"]);
    let two = shard("two", &["--shard", "2/2"]);
    let sdgs = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sdgs.toml");
    let two_other_rules = shard(
        "two-rules",
        &["--shard", "2/2", "--rules", sdgs.to_str().unwrap()],
    );
    let two_raw = shard("two-raw", &["--shard", "2/2", "--raw-csv"]);
    let two_of_three = shard("two-of-three", &["--shard", "2/3"]);
    let whole = shard("whole", &[]);

    let merge = |shards: &[&PathBuf]| {
        let mut cmd = TestCommand::new();
        cmd.arg("merge")
            .args(shards)
            .arg("--out")
            .arg(tmp.join("merged"));
        let run = cmd.run();
        run.expect_code(1);
        run.stderr
    };
    for (shards, expected) in [
        (vec![&one], "shard 2/2 is missing"),
        (vec![&one, &two, &two], "overlap"),
        (vec![&whole, &whole], "overlap"),
        (vec![&one, &two_other_rules], "theme rules"),
        (vec![&one, &two_raw], "--raw-csv"),
        (vec![&one, &two_of_three], "cannot join"),
        (vec![&one, &input], "no record cache"),
    ] {
        let stderr = merge(&shards);
        assert!(
            stderr.contains(expected),
            "merge of {shards:?}: expected {expected:?} in {stderr:?}"
        );
    }
    // And the good pair merges.
    TestCommand::new()
        .arg("merge")
        .args([&one, &two])
        .arg("--out")
        .arg(tmp.join("merged"))
        .arg("-q")
        .run()
        .expect_code(3);
    assert_same_output(&tmp.join("merged"), &whole, "1/2 + 2/2");
}
