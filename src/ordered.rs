//! Parallel map that hands results back in input order, in bounded memory.
//!
//! The dataset must not depend on thread timing, so results are written in
//! input order; but waiting for a whole batch before writing (the simple way)
//! idles every thread behind the slowest document of the batch. Here the
//! workers take items one by one from a window that slides as soon as the
//! oldest result is written: at most `window` items are in flight or waiting,
//! so memory depends on the window and the largest document, never on the
//! number of items, and the threads stay busy.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

/// What a mapped item gave: its value, or the message of the panic that
/// stopped it (a bug, reported for that item alone).
pub type Outcome<T> = Result<T, String>;

/// Map `items` with `f` on `pool`, calling `sink` with each outcome in input
/// order. Items are pulled lazily from the iterator (it may be stdin), on the
/// calling thread, which also runs `sink`. The first error from `sink` stops
/// pulling new items and is returned once the items in flight finish.
pub fn ordered_map<I, T, E, F, S>(
    pool: &rayon::ThreadPool,
    items: impl IntoIterator<Item = I>,
    window: usize,
    f: F,
    mut sink: S,
) -> Result<(), E>
where
    I: Send,
    T: Send,
    F: Fn(I) -> T + Sync,
    S: FnMut(Outcome<T>) -> Result<(), E>,
{
    let window = window.max(1);
    let mut items = items.into_iter();
    pool.in_place_scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Outcome<T>)>();
        let f = &f;
        let mut pending: BTreeMap<usize, Outcome<T>> = BTreeMap::new();
        let (mut sent, mut written) = (0usize, 0usize);
        let mut exhausted = false;
        loop {
            while !exhausted && sent - written < window {
                match items.next() {
                    Some(item) => {
                        let tx = tx.clone();
                        let index = sent;
                        scope.spawn(move |_| {
                            let outcome =
                                catch_unwind(AssertUnwindSafe(|| f(item))).map_err(panic_message);
                            // The receiver outlives the scope; a send cannot fail.
                            let _ = tx.send((index, outcome));
                        });
                        sent += 1;
                    }
                    None => exhausted = true,
                }
            }
            if written == sent {
                return Ok(());
            }
            // Every spawned job sends exactly once (panics are caught), and
            // we hold a sender, so this waits for a result rather than fails.
            let Ok((index, outcome)) = rx.recv() else {
                return Ok(());
            };
            pending.insert(index, outcome);
            while let Some(outcome) = pending.remove(&written) {
                written += 1;
                sink(outcome)?;
            }
        }
    })
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        let mut seen = Vec::new();
        let r: Result<(), ()> = ordered_map(
            &pool(4),
            0..200u64,
            7,
            |i| {
                // Early items finish last.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |v| {
                seen.push(v.unwrap());
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, (0..200u64).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_window_in_flight() {
        let live = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let mut written = 0;
        let r: Result<(), ()> = ordered_map(
            &pool(3),
            0..100,
            5,
            |i| {
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                i
            },
            |_| {
                live.fetch_sub(1, Ordering::SeqCst);
                written += 1;
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(written, 100);
        assert!(peak.load(Ordering::SeqCst) <= 5, "{peak:?}");
    }

    #[test]
    fn a_panic_is_an_outcome_of_its_item_alone() {
        let mut out = Vec::new();
        let _: Result<(), ()> = ordered_map(
            &pool(2),
            0..5,
            2,
            |i| {
                if i == 2 {
                    panic!("boom {i}");
                }
                i
            },
            |v| {
                out.push(v);
                Ok(())
            },
        );
        assert_eq!(
            out,
            vec![Ok(0), Ok(1), Err("boom 2".to_string()), Ok(3), Ok(4)]
        );
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let pulled = AtomicUsize::new(0);
        let items = (0..1000).inspect(|_| {
            pulled.fetch_add(1, Ordering::SeqCst);
        });
        let r = ordered_map(
            &pool(2),
            items,
            4,
            |i| i,
            |v| match v {
                Ok(3) => Err("stop"),
                _ => Ok(()),
            },
        );
        assert_eq!(r, Err("stop"));
        assert!(pulled.load(Ordering::SeqCst) < 20);
    }
}
