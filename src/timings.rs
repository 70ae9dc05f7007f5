//! Per-stage timings for benchmarks (`MINUTES_TIMINGS=1`).
//!
//! Totals are summed over worker threads with atomics: no lock, so timing a
//! run does not change how it scales. Off, each call is one cached check.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// The stages of the pipeline, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Load,
    Decode,
    Normalize,
    Segment,
    Meeting,
    Speakers,
    Statements,
    Themes,
    Write,
    /// The record cache: hashing each input, serialising its record and
    /// writing the line (`.minutes/`), on workers and writer alike.
    Cache,
}

const NAMES: [&str; 10] = [
    "load",
    "decode",
    "normalise",
    "segment",
    "extract_meeting",
    "extract_speakers",
    "extract_statements",
    "extract_themes",
    "write",
    "cache",
];

static TOTALS: [AtomicU64; 10] = [const { AtomicU64::new(0) }; 10];

/// Whether `MINUTES_TIMINGS` is set to something other than `0`.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("MINUTES_TIMINGS").is_ok_and(|v| v != "0" && !v.is_empty()))
}

/// Run `f`, adding its wall time to `stage` when timings are on.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    TOTALS[stage as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

/// One `timing: stage=NAME seconds=S` line per stage (thread-seconds).
pub fn report() -> String {
    NAMES
        .iter()
        .zip(&TOTALS)
        .map(|(name, total)| {
            format!(
                "timing: stage={name} seconds={:.6}\n",
                total.load(Ordering::Relaxed) as f64 / 1e9
            )
        })
        .collect()
}
