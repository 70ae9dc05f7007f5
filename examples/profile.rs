//! The core of the pipeline ([`minutes::pipeline::process_text`]) run twice
//! over a set of documents, for `valgrind --tool=callgrind`: instruction
//! counts are repeatable where wall times on a shared machine are not.
//! `scripts/callgrind.sh` runs it; the figures in BENCHMARKS.md come from
//! there.
//!
//! ```text
//! profile FILE...              warm on the files, then measure them again
//! profile WARM... -- FILE...   warm on other files, then measure these
//! ```
//!
//! Only the `measured` function is counted (`--toggle-collect='*measured*'`).
//! The first form leaves out the one-off costs (compiling the patterns,
//! building the lexicon, the lazy automata meeting these texts) and is the
//! "profiling set" of BENCHMARKS.md; the second keeps what a run pays for
//! documents it has not seen, and is fair to caches keyed by text.

use std::process::ExitCode;

use minutes::pipeline::process_text;
use minutes::rules::Rules;

// `warm` and `measured` differ only in the source name they pass, and must
// differ: two identical functions are folded into one symbol by the
// compiler, and callgrind then finds no `measured` to count.
#[inline(never)]
fn warm(rules: &Rules, texts: &[String]) -> usize {
    texts
        .iter()
        .map(|t| process_text("warm.txt", t, rules).speakers.len())
        .sum()
}

#[inline(never)]
fn measured(rules: &Rules, texts: &[String]) -> usize {
    texts
        .iter()
        .map(|t| process_text("measured.txt", t, rules).speakers.len())
        .sum()
}

fn texts(paths: &[String]) -> Result<Vec<String>, String> {
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}")))
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (warm_paths, paths) = match args.iter().position(|a| a == "--") {
        Some(cut) => (&args[..cut], &args[cut + 1..]),
        None => (&args[..], &args[..]),
    };
    let (warm_texts, texts) = match (texts(warm_paths), texts(paths)) {
        (Ok(w), Ok(t)) => (w, t),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("profile: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rules = Rules::default_rules();
    // One worker, as `-j 1`: the theme scan that extract() spawns then runs
    // on the thread that calls `measured`, inside it, and is counted
    // (outside a pool it goes to rayon's global pool and is not).
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("profile: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (warm_speakers, speakers) =
        pool.install(|| (warm(&rules, &warm_texts), measured(&rules, &texts)));
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!(
        "measured {} documents, {bytes} bytes, {speakers} speakers (warm-up: {} documents, {warm_speakers} speakers)",
        texts.len(),
        warm_texts.len()
    );
    ExitCode::SUCCESS
}
