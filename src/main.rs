//! The `minutes` command: a thin layer over the library.

use std::process::ExitCode;

use clap::Parser;
use minutes::cli::Cli;

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // `minutes` alone runs the main job: extract input --out output.
        cli = Cli::parse_from(["minutes", "extract"]);
    }
    let command = cli.command.expect("set above");
    match minutes::commands::run(command) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("minutes: {err}");
            ExitCode::from(1)
        }
    }
}
