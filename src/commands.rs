//! What each subcommand does, returning the process exit code.
//!
//! Exit codes: 0 every input became a document (or the check passed);
//! 3 the run finished but some inputs are in errors.csv; 1 a fatal error
//! (bad arguments or rules, output not writable) or a stale dataset.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::cli::{Command, ExtractArgs, MergeArgs, RulesAction};
use crate::error::Error;
use crate::pipeline::{read_source, run as run_pipeline, Summary};
use crate::rules::Rules;
use crate::write::output_files;

/// Run one subcommand.
pub fn run(command: Command) -> Result<u8, Error> {
    match command {
        Command::Extract(args) => extract(&args),
        Command::Check(args) => check(&args),
        Command::Merge(args) => merge(&args),
        Command::Explain { file, common } => {
            let config = crate::config::Config::with_rules(common.rules()?);
            let source = read_source(&file, &config)?;
            let name = file
                .file_name()
                .map_or_else(|| file.to_string_lossy(), |n| n.to_string_lossy());
            stdout(&crate::explain::explain(&name, &source.text, &config.rules));
            Ok(0)
        }
        Command::Themes { common } => {
            stdout(&themes_listing(&common.rules()?));
            Ok(0)
        }
        Command::Rules {
            action: RulesAction::Check { file },
        } => match Rules::from_path(&file) {
            Ok(rules) => {
                let patterns: usize = rules.themes.iter().map(|t| t.patterns.len()).sum();
                stdout(&format!(
                    "{}: ok ({} themes, {} patterns)\n",
                    file.display(),
                    rules.themes.len(),
                    patterns
                ));
                Ok(0)
            }
            Err(err) => {
                eprintln!("{err}");
                Ok(1)
            }
        },
    }
}

fn extract(args: &ExtractArgs) -> Result<u8, Error> {
    if let Some(input) = crate::stream::mode(args)? {
        return crate::stream::extract(args, input);
    }
    let config = args.config()?;
    let summary = run_pipeline(&config)?;
    if !args.quiet {
        report(&summary, &config.out);
    }
    Ok(exit_code(&summary))
}

fn merge(args: &MergeArgs) -> Result<u8, Error> {
    let summary = crate::merge::merge(&args.shards, &args.out, &args.output.formats)?;
    if !args.quiet {
        report(&summary, &args.out);
    }
    Ok(exit_code(&summary))
}

fn exit_code(summary: &Summary) -> u8 {
    if summary.errors > 0 {
        3
    } else {
        0
    }
}

fn report(summary: &Summary, out: &Path) {
    eprintln!(
        "minutes: {} documents, {} speakers, {} statements, {} errors, {} reused in {:.2}s ({:.1} MB/s) -> {}",
        summary.documents,
        summary.speakers,
        summary.statements,
        summary.errors,
        summary.reused,
        summary.elapsed.as_secs_f64(),
        summary.bytes as f64 / 1e6 / summary.elapsed.as_secs_f64().max(1e-9),
        out.display()
    );
}

/// Extract into a scratch folder and compare it with `--out`, file by file.
/// The scratch run reuses `--out`'s record cache, which is keyed by the
/// inputs' bytes and the program: it makes the check faster, and a hand-made
/// change to a dataset file is still found by the byte comparison.
fn check(args: &ExtractArgs) -> Result<u8, Error> {
    let mut config = args.config()?;
    config.progress = false;
    let scratch = std::env::temp_dir().join(format!("minutes-check-{}", std::process::id()));
    config.out = scratch.clone();
    config.reuse_from = Some(args.out.clone());
    config.write_cache = false;
    let result = run_pipeline(&config);
    let stale: Vec<&str> = match &result {
        Ok(_) => output_files(&config.formats)
            .into_iter()
            .filter(|name| !same_file(&scratch.join(name), &args.out.join(name)))
            .collect(),
        Err(_) => Vec::new(),
    };
    let _ = fs::remove_dir_all(&scratch);
    result?;
    if stale.is_empty() {
        if !args.quiet {
            eprintln!("minutes: {} is up to date", args.out.display());
        }
        Ok(0)
    } else {
        for name in &stale {
            stdout(&format!("stale: {}\n", args.out.join(name).display()));
        }
        Ok(1)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

fn themes_listing(rules: &Rules) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} themes)", rules.name, rules.themes.len());
    for t in &rules.themes {
        let _ = writeln!(
            out,
            "{:<26} {:<55} {} patterns",
            t.id,
            t.label,
            t.patterns.len()
        );
    }
    out
}

/// Print to stdout; a reader that stops early (`| head`) is not an error.
fn stdout(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
