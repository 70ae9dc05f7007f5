//! A progress bar on stderr, only where a person is watching.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar that is hidden when off, when stderr is not a terminal, or when the
/// batch is too small to wait for.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool, total: u64) -> Progress {
        use std::io::IsTerminal;
        if !enabled || total < 20 || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)")
        {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
