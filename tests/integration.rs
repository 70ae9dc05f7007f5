//! End-to-end tests of `minutes`: one test binary (`cargo test --test
//! integration`) holding every module, ripgrep-style, so the suite links
//! once and shares its helpers.

/// Temporary folders, running the real binary, reading CSV and JSON output.
mod util;

/// The command line: every subcommand run in a temporary folder, exit
/// codes, output files and their headers, `check`, `explain`, `themes`,
/// `rules check`, `--rules`, CSV injection, and the seed document.
mod cli;

/// Extraction quality: the fixtures in tests/data compared with their
/// hand-written `<case>.expected.json`.
mod pipeline;

/// Inputs that are not good text: empty, blank, binary, other encodings,
/// unknown extensions, files over the size limit, awkward file names. Each
/// is reported (errors.csv or a document) and never stops the batch.
mod errors;

/// Byte-identical output whatever the thread count or the order in which
/// files were created.
mod determinism;

/// Property tests (proptest) of the library's pure stages on arbitrary
/// input: no panics, and every span inside the text on char boundaries.
mod properties;

/// Hostile input generated at run time: huge, deep, looping, broken files.
mod hostile;

/// Incremental runs, `--shard` and `merge`: the record cache and the
/// shards never change a byte of the dataset.
mod incremental;

/// `report.html` (`--format html`) rendered in headless
/// Chromium: chart, links and numbers checked against the CSV tables, and a
/// screenshot kept in `target/test-artifacts/report.png`.
mod report;

/// `minutes extract - --format jsonl`: stdin lines to result lines, in
/// order, one for one, errors included; `--paths`; a writer that waits for
/// each result; a reader that goes away.
mod stream;

/// `--format`: the JSONL, XLSX, CSV and JSON outputs read back, checked
/// against each other and against schema/, byte-identical run to run.
mod formats;
