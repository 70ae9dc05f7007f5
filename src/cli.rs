//! Command-line arguments (clap derive; the doc comments are the help).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, OutputFormat};
use crate::error::{Error, ErrorKind};
use crate::formats::InputFormat;
use crate::rules::Rules;
use crate::shard::Shard;

/// Turn meeting summaries, minutes and transcripts into datasets of
/// meetings, speakers, statements and themes.
///
/// With no arguments, runs `minutes extract input --out output`.
#[derive(Debug, Parser)]
#[command(name = "minutes", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract a dataset from files and folders (folders are read recursively).
    Extract(ExtractArgs),
    /// Exit 0 when DIR holds exactly what a fresh run would write; else list
    /// the stale files and exit 1.
    Check(ExtractArgs),
    /// Join the output folders of `extract --shard K/N` (K = 1..N) into the
    /// dataset that one run over all the inputs writes.
    Merge(MergeArgs),
    /// Print what each stage found in one document, with the rule behind
    /// every value: for people writing rules.
    Explain {
        /// The document to explain.
        file: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// List the theme rules in force.
    Themes {
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Validate a rules file: each error with its line.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Check that FILE is a valid rules file.
    Check { file: PathBuf },
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input files and folders.
    #[arg(default_value = "input")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Read every input as this format: text, markdown, html, docx or pdf.
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Largest input file, in bytes.
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Largest document text, in bytes after decoding.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub max_text_size: usize,
    /// Largest expanded size of a DOCX archive, in bytes.
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_expanded_size: u64,
    /// Write CSV cells exactly as extracted, without neutralising cells a
    /// spreadsheet would read as formulas.
    #[arg(long)]
    pub raw_csv: bool,
    /// Process every input again, instead of reusing what the last run into
    /// the output folder recorded for inputs that have not changed.
    #[arg(long, visible_alias = "no-incremental")]
    pub full: bool,
    /// Process only share K of N of the inputs (chosen by a hash of each
    /// source), for `minutes merge` to join with the other shares.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub output: FormatArgs,
    /// With `-`: stdin lines are file paths, not JSON objects.
    #[arg(long)]
    pub paths: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The dataset formats of `extract`, `check` and `merge`.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Formats to write, comma-separated or repeated: csv, json, jsonl,
    /// xlsx, html. errors.csv is always written.
    #[arg(
        long = "format",
        value_name = "FORMAT",
        value_enum,
        value_delimiter = ',',
        default_value = "csv,json"
    )]
    pub formats: Vec<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of the shards.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "output")]
    pub out: PathBuf,
    /// No summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Theme rules file replacing the built-in rules/themes.toml.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

impl CommonArgs {
    pub fn rules(&self) -> Result<Rules, Error> {
        match &self.rules {
            Some(path) => Rules::from_path(path),
            None => Ok(Rules::default_rules()),
        }
    }
}

impl ExtractArgs {
    /// The run's configuration, or why the arguments do not make one.
    pub fn config(&self) -> Result<Config, Error> {
        let input_format = match &self.input_format {
            Some(name) => Some(InputFormat::from_name(name).ok_or_else(|| {
                Error::new(
                    name,
                    ErrorKind::Unsupported(format!("--input-format {name}")),
                )
            })?),
            None => None,
        };
        let mut config = Config::with_rules(self.common.rules()?);
        config.inputs = self.inputs.clone();
        config.out = self.out.clone();
        config.threads = self.jobs;
        config.progress = !self.quiet;
        config.input_format = input_format;
        config.max_file_bytes = self.max_file_size;
        config.max_text_bytes = self.max_text_size;
        config.csv_safe = !self.raw_csv;
        config.formats = self.output.formats.clone();
        config.format_limits.max_expanded_bytes = self.max_expanded_size;
        config.incremental = !self.full;
        config.shard = self.shard.unwrap_or(Shard::WHOLE);
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(args: &[&str]) -> Vec<OutputFormat> {
        let cli = Cli::try_parse_from(args).unwrap();
        match cli.command {
            Some(Command::Extract(a) | Command::Check(a)) => a.config().unwrap().formats,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_format_means_the_default_formats() {
        assert_eq!(formats(&["minutes", "extract"]), OutputFormat::DEFAULT);
        assert_eq!(formats(&["minutes", "check"]), OutputFormat::DEFAULT);
    }

    #[test]
    fn formats_are_comma_separated_or_repeated() {
        use OutputFormat::*;
        assert_eq!(
            formats(&[
                "minutes",
                "extract",
                "--format",
                "xlsx,jsonl",
                "--format",
                "csv"
            ]),
            [Xlsx, Jsonl, Csv]
        );
        assert!(Cli::try_parse_from(["minutes", "extract", "--format", "xml"]).is_err());
    }
}
