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

/// Like [`ordered_map`], for items that arrive at their writer's pace: a
/// pipe whose writer sends the next line only after reading the last result
/// (a REPL, a request/response driver). [`ordered_map`] pulls on the thread
/// that writes, so it would block on the next item while holding a finished
/// result; here `feed` runs on a thread of its own and the writing thread
/// wakes for whichever comes first, an item or a result.
///
/// `feed` returns `None` at the end. It is given a credit per item, so it
/// never reads more than `window` items ahead of the last one written: the
/// same memory bound as [`ordered_map`]. The feeding thread is detached, so
/// a read that never returns (an idle pipe) cannot hold up a caller that
/// stops on a sink error; it ends at its next credit. Failing to start that
/// thread is the only error of its own, hence `E: From<io::Error>`.
pub fn ordered_map_feed<I, T, E, F, S>(
    pool: &rayon::ThreadPool,
    feed: impl FnMut() -> Option<I> + Send + 'static,
    window: usize,
    f: F,
    mut sink: S,
) -> Result<(), E>
where
    I: Send + 'static,
    T: Send + 'static,
    F: Fn(I) -> T + Sync,
    E: From<std::io::Error>,
    S: FnMut(Outcome<T>) -> Result<(), E>,
{
    let window = window.max(1);
    let (tx, rx) = mpsc::channel::<Event<I, T>>();
    let credits = start_feed(feed, tx.clone(), window)?;
    pool.in_place_scope(|scope| {
        let f = &f;
        let mut pending: BTreeMap<usize, Outcome<T>> = BTreeMap::new();
        let (mut sent, mut written) = (0usize, 0usize);
        let mut exhausted = false;
        while !(exhausted && written == sent) {
            // We hold a sender, so this waits rather than fails.
            let Ok(event) = rx.recv() else {
                return Ok(());
            };
            match event {
                Event::Item(item) => {
                    let tx = tx.clone();
                    let index = sent;
                    scope.spawn(move |_| {
                        let outcome =
                            catch_unwind(AssertUnwindSafe(|| f(item))).map_err(panic_message);
                        // The receiver outlives the scope; a send cannot fail.
                        let _ = tx.send(Event::Done(index, outcome));
                    });
                    sent += 1;
                }
                Event::End => exhausted = true,
                Event::Done(index, outcome) => {
                    pending.insert(index, outcome);
                    while let Some(outcome) = pending.remove(&written) {
                        written += 1;
                        sink(outcome)?;
                        // The feeder may have ended; then no credit is needed.
                        let _ = credits.send(());
                    }
                }
            }
        }
        Ok(())
    })
}

/// What the writing thread of [`ordered_map_feed`] waits for.
enum Event<I, T> {
    Item(I),
    End,
    Done(usize, Outcome<T>),
}

/// Start the thread that calls `feed` once per credit, `window` credits up
/// front; returns the sender of further credits.
fn start_feed<I, T>(
    mut feed: impl FnMut() -> Option<I> + Send + 'static,
    tx: mpsc::Sender<Event<I, T>>,
    window: usize,
) -> std::io::Result<mpsc::Sender<()>>
where
    I: Send + 'static,
    T: Send + 'static,
{
    let (credit_tx, credit_rx) = mpsc::channel::<()>();
    for _ in 0..window {
        // The receiver is alive: it is moved into the thread below.
        let _ = credit_tx.send(());
    }
    std::thread::Builder::new()
        .name("minutes-feed".to_string())
        .spawn(move || {
            // No credit left means the writing side has stopped.
            while credit_rx.recv().is_ok() {
                // A panicking feed ends the items rather than hanging the writer.
                match catch_unwind(AssertUnwindSafe(&mut feed)) {
                    Ok(Some(item)) => {
                        if tx.send(Event::Item(item)).is_err() {
                            return;
                        }
                    }
                    Ok(None) | Err(_) => break,
                }
            }
            let _ = tx.send(Event::End);
        })?;
    Ok(credit_tx)
}

pub(crate) fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
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

    /// A sink error for the feed tests (they need `From<io::Error>`).
    #[derive(Debug, PartialEq)]
    enum Stop {
        At(usize),
        Io(String),
    }

    impl From<std::io::Error> for Stop {
        fn from(e: std::io::Error) -> Stop {
            Stop::Io(e.to_string())
        }
    }

    #[test]
    fn feed_serves_a_writer_that_waits_for_each_result() {
        // The feed hands out item k only once the sink has written item k-1:
        // a pull on the writing thread would wait forever.
        let (done_tx, done_rx) = mpsc::channel::<usize>();
        let mut next = 0usize;
        let feed = move || {
            if next == 50 {
                return None;
            }
            if next > 0 {
                assert_eq!(done_rx.recv().ok(), Some(next - 1));
            }
            next += 1;
            Some(next - 1)
        };
        let mut seen = Vec::new();
        let r: Result<(), Stop> = ordered_map_feed(
            &pool(3),
            feed,
            8,
            |i| i * 10,
            |v| {
                let v = v.unwrap();
                seen.push(v);
                let _ = done_tx.send(v / 10);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, (0..50).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn feed_keeps_order_and_never_reads_more_than_the_window_ahead() {
        let pulled = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = pulled.clone();
        let mut items = 0..300u64;
        let feed = move || {
            let item = items.next()?;
            counter.fetch_add(1, Ordering::SeqCst);
            Some(item)
        };
        let mut seen = Vec::new();
        let r: Result<(), Stop> = ordered_map_feed(
            &pool(4),
            feed,
            6,
            |i| {
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i
            },
            |v| {
                let v = v.unwrap();
                let ahead = pulled.load(Ordering::SeqCst) - seen.len();
                assert!(ahead <= 6, "{ahead} items read ahead of the writer");
                seen.push(v);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen, (0..300).collect::<Vec<_>>());
    }

    #[test]
    fn feed_a_panic_is_an_outcome_of_its_item_alone() {
        let mut items = 0..4;
        let mut out = Vec::new();
        let r: Result<(), Stop> = ordered_map_feed(
            &pool(2),
            move || items.next(),
            2,
            |i| {
                if i == 1 {
                    panic!("boom");
                }
                i
            },
            |v| {
                out.push(v);
                Ok(())
            },
        );
        assert_eq!(r, Ok(()));
        assert_eq!(out, vec![Ok(0), Err("boom".to_string()), Ok(2), Ok(3)]);
    }

    #[test]
    fn feed_a_sink_error_returns_even_while_the_feed_is_blocked() {
        // After three items the feed blocks for good, like an idle pipe.
        let (_keep, never) = mpsc::channel::<()>();
        let mut n = 0;
        let feed = move || {
            if n == 3 {
                let _ = never.recv();
            }
            n += 1;
            Some(n - 1)
        };
        let r = ordered_map_feed(
            &pool(2),
            feed,
            4,
            |i| i,
            |v| match v {
                Ok(1) => Err(Stop::At(1)),
                _ => Ok(()),
            },
        );
        assert_eq!(r, Err(Stop::At(1)));
    }
}
