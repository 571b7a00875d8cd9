//! Checking many drafts on every core while output keeps the input order: workers take the next
//! run of drafts from a shared counter, and results are handed on in order as soon as each run
//! is ready, so a streamed format (`jsonl`, `github`) starts writing before the batch ends.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long emitted output may wait for the next result before `emit(None)` says to flush it.
const FLUSH_AFTER: Duration = Duration::from_millis(50);
/// The most drafts a worker takes at once.
const MAX_CHUNK: usize = 32;

/// Runs `work` over `items` in parallel; `emit` sees every result, in input order, and `None`
/// when output should be flushed: after a result when there is one thread, else when results
/// have waited [`FLUSH_AFTER`] for the next. 20,000 small drafts flushed one by one were
/// 20,000 writes.
pub fn run_ordered<T, R>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(Option<R>) -> io::Result<()>,
) -> io::Result<()>
where
    T: Sync,
    R: Send,
{
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|it| {
            emit(Some(work(it)))?;
            emit(None)
        });
    }
    // Runs of drafts, not single ones, go through the channel: one hand-over (a thread woken)
    // a draft cost more than checking a short one. Runs stay short enough that every thread
    // gets many, so none waits long on the slowest.
    let chunk = (items.len() / (threads * 16)).clamp(1, MAX_CHUNK);
    let chunks = items.len().div_ceil(chunk);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            s.spawn(move || loop {
                let c = next.fetch_add(1, Ordering::Relaxed);
                let from = c.saturating_mul(chunk);
                if from >= items.len() {
                    break;
                }
                let run = &items[from..items.len().min(from + chunk)];
                // A closed channel means the reader stopped (a closed stdout): stop too.
                if tx.send((c, run.iter().map(work).collect())).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Dropped when this returns, even on an error, so that the workers stop then.
        let rx = rx;
        let mut pending = BTreeMap::new();
        let mut want = 0;
        // Output waiting to be flushed, and since when: it is flushed once the next result
        // is not ready within FLUSH_AFTER, so a reader waits at most that long for a report.
        let mut unflushed: Option<Instant> = None;
        while want < chunks {
            let next = match (rx.try_recv(), unflushed) {
                (Ok(next), _) => Ok(next),
                (Err(mpsc::TryRecvError::Disconnected), _) => break,
                (Err(mpsc::TryRecvError::Empty), None) => rx.recv().map_err(|_| ()),
                (Err(mpsc::TryRecvError::Empty), Some(since)) => {
                    match rx.recv_timeout(FLUSH_AFTER.saturating_sub(since.elapsed())) {
                        Ok(next) => Ok(next),
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            emit(None)?;
                            unflushed = None;
                            rx.recv().map_err(|_| ())
                        }
                    }
                }
            };
            let Ok((c, run)) = next else { break };
            pending.insert(c, run);
            while let Some(run) = pending.remove(&want) {
                for r in run {
                    emit(Some(r))?;
                }
                unflushed.get_or_insert_with(Instant::now);
                want += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        run_ordered(
            &items,
            |&i| {
                // Early items take longest, so they finish out of order.
                std::thread::sleep(std::time::Duration::from_micros(200 - i));
                i * 2
            },
            |r| {
                seen.extend(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn stops_when_emit_fails() {
        let items: Vec<u32> = (0..50).collect();
        let mut n = 0;
        let r = run_ordered(
            &items,
            |&i| i,
            |r| {
                if r.is_none() {
                    return Ok(());
                }
                n += 1;
                if n == 3 {
                    Err(io::Error::from(io::ErrorKind::BrokenPipe))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(n, 3);
    }
}
