//! What a run does, as plain data: the CLI builds one, library users too.

use std::path::PathBuf;

use crate::formats::{InputFormat, Limits};
use crate::rules::Rules;
use crate::shard::Shard;

/// Everything a run needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// Folder the dataset is written to (created if missing).
    pub out: PathBuf,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Compiled theme rules.
    pub rules: Rules,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Read every input as this format instead of going by extension.
    pub input_format: Option<InputFormat>,
    /// Files larger than this many bytes are refused (errors.csv).
    pub max_file_bytes: u64,
    /// Documents longer than this many bytes of text are refused.
    pub max_text_bytes: usize,
    /// Limits for the DOCX/PDF readers.
    pub format_limits: Limits,
    /// Neutralise CSV cells that a spreadsheet would run as a formula.
    pub csv_safe: bool,
    /// The share of the inputs to process (`--shard K/N`).
    pub shard: Shard,
    /// Reuse what an earlier run recorded in the record cache for inputs
    /// that have not changed (`--full` turns it off).
    pub incremental: bool,
    /// The output folder whose record cache to reuse, when it is not `out`:
    /// `check` writes to a scratch folder but reuses the checked one's.
    pub reuse_from: Option<PathBuf>,
    /// Record this run's results in `out` for the next run to reuse.
    pub write_cache: bool,
    /// The files to write; errors.csv is written whatever the choice, so
    /// that every input ends up either in the dataset or in errors.csv.
    pub formats: Vec<OutputFormat>,
}

/// A form the dataset is written in; each writes its own files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum OutputFormat {
    /// The CSV tables: documents, speakers, statements, themes, attendees.
    Csv,
    /// dataset.json, every document in one array.
    Json,
    /// documents.jsonl, one document per line, for streaming readers.
    Jsonl,
    /// dataset.xlsx, one worksheet per CSV table.
    Xlsx,
    /// report.html, a page for reading the dataset in a browser.
    Html,
}

impl OutputFormat {
    /// What a run writes when no `--format` is given: the output as it was
    /// before formats could be chosen.
    pub const DEFAULT: &'static [OutputFormat] = &[OutputFormat::Csv, OutputFormat::Json];
}

impl Default for Config {
    fn default() -> Config {
        Config::with_rules(Rules::default_rules())
    }
}

impl Config {
    /// The defaults with these rules (compiling rules is the costly part of
    /// a default, so callers that have rules should not pay for two sets).
    pub fn with_rules(rules: Rules) -> Config {
        Config {
            inputs: vec![PathBuf::from("input")],
            out: PathBuf::from("output"),
            threads: 0,
            rules,
            progress: false,
            input_format: None,
            max_file_bytes: 256 << 20,
            max_text_bytes: 64 << 20,
            format_limits: Limits::default(),
            csv_safe: true,
            shard: Shard::WHOLE,
            incremental: true,
            reuse_from: None,
            write_cache: true,
            formats: OutputFormat::DEFAULT.to_vec(),
        }
    }
}
