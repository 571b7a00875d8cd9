//! `postcheck check --input jsonl`: drafts piped in as JSON Lines (`{"id": …, "text": …}`), one
//! JSON report out per line, in input order, so a script pays one process start for all its
//! drafts. Memory stays flat: a reader thread hands lines over a bounded channel, each batch is
//! whatever has arrived (so a script that sends one line and waits gets its answer at once), is
//! checked on every core, written and flushed before the next is read.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use anyhow::Result;
use serde::Deserialize;

use postcheck::report::{escape, Report};
use postcheck::taxonomy::{Lang, Severity};

/// What a run of `--input jsonl` needs from `check`.
pub struct Stream<'a> {
    /// Checks one draft (source name, text) with the run's settings.
    pub check: &'a (dyn Fn(&str, &str) -> Report + Sync),
    /// The language of messages.
    pub lang: Lang,
    /// Exit with 1 when a report's risk reaches this.
    pub threshold: Option<Severity>,
    /// The longest line read, in bytes.
    pub max_bytes: u64,
}

/// One input line as read: where it is, and its bytes or why they could not be read.
struct Line {
    source: String,
    number: usize,
    bytes: Result<Vec<u8>, String>,
}

/// What a draft line holds; other fields (a language, a note) are allowed and ignored.
#[derive(Deserialize)]
struct Draft {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
}

/// The outcome of one line: a report line, or an error for standard error.
enum Outcome {
    Report { json: String, failed: bool },
    Error(String),
}

/// Most lines handed to the workers at once, and most waiting in the channel.
const BATCH: usize = 1024;

pub fn run(paths: &[PathBuf], s: &Stream) -> Result<u8> {
    let lang = s.lang;
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    };
    let (tx, rx) = mpsc::sync_channel::<Line>(BATCH);
    let max = s.max_bytes;
    let reader = thread::spawn(move || read_all(&paths, max, lang, &tx));

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let stderr = io::stderr();
    let mut err = stderr.lock();
    let (mut failed, mut errors) = (false, 0usize);
    let mut batch: Vec<Line> = Vec::with_capacity(BATCH);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(line) => batch.push(line),
                Err(_) => break,
            }
        }
        for outcome in check_batch(&batch, s) {
            match outcome {
                Outcome::Report { json, failed: f } => {
                    failed |= f;
                    out.write_all(json.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                Outcome::Error(message) => {
                    errors += 1;
                    writeln!(err, "postcheck: {message}")?;
                }
            }
        }
        out.flush()?;
        batch.clear();
    }
    // The reader ends once every line is sent; a closed stdout ended us first, so it can't block.
    drop(rx);
    if let Ok(read_errors) = reader.join() {
        for e in &read_errors {
            writeln!(err, "postcheck: {e}")?;
        }
        errors += read_errors.len();
    }
    Ok(if errors > 0 {
        2
    } else if failed {
        1
    } else {
        0
    })
}

/// Checks a batch on every core; outcomes come back in input order.
fn check_batch(batch: &[Line], s: &Stream) -> Vec<Outcome> {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(batch.len());
    if threads <= 1 {
        return batch.iter().map(|l| check_line(l, s)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Outcome)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(line) = batch.get(i) else { break };
                        mine.push((i, check_line(line, s)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, o)| o).collect()
}

fn check_line(line: &Line, s: &Stream) -> Outcome {
    let lang = s.lang;
    let at = format!("{}:{}", escape(&line.source), line.number);
    let bytes = match &line.bytes {
        Ok(b) => b,
        Err(message) => return Outcome::Error(format!("{at}: {message}")),
    };
    let draft: Draft = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => {
            return Outcome::Error(format!(
                "{at}: {} ({e})",
                lang.pick(
                    "not a JSON object with a \"text\" string: each line is {\"id\": …, \"text\": \"…\"}",
                    "pas un objet JSON avec une chaîne \"text\" : chaque ligne est {\"id\": …, \"text\": \"…\"}"
                )
            ))
        }
    };
    let source = match draft.id {
        Some(serde_json::Value::String(id)) => id,
        Some(serde_json::Value::Null) | None => line.number.to_string(),
        Some(other) => other.to_string(),
    };
    let report = (s.check)(&source, &draft.text);
    let failed = report.risk.reaches(s.threshold)
        || (s.threshold == Some(Severity::Info) && !report.findings.is_empty());
    match serde_json::to_string(&report) {
        Ok(json) => Outcome::Report { json, failed },
        Err(e) => Outcome::Error(format!("{at}: {e}")),
    }
}

/// Reads every line of every input into the channel; returns the inputs that could not be opened.
fn read_all(paths: &[PathBuf], max: u64, lang: Lang, tx: &mpsc::SyncSender<Line>) -> Vec<String> {
    let mut errors = Vec::new();
    for path in paths {
        let (name, reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
            ("-".into(), Box::new(io::stdin()))
        } else {
            match File::open(path) {
                Ok(f) => (path.display().to_string(), Box::new(f)),
                Err(e) => {
                    errors.push(format!("{}: {e}", escape(&path.display().to_string())));
                    continue;
                }
            }
        };
        if !read_lines(
            &name,
            BufReader::with_capacity(1 << 16, reader),
            max,
            lang,
            tx,
        ) {
            break;
        }
    }
    errors
}

/// Sends the lines of one input; false when the receiver has gone.
fn read_lines(
    name: &str,
    mut reader: impl BufRead,
    max: u64,
    lang: Lang,
    tx: &mpsc::SyncSender<Line>,
) -> bool {
    let mut number = 0;
    loop {
        let mut buf = Vec::new();
        number += 1;
        // Never hold more than one line of `max` bytes: the rest of a longer line is skipped.
        let (bytes, last) = match (&mut reader).take(max + 1).read_until(b'\n', &mut buf) {
            Ok(0) => return true,
            Ok(_) if buf.last() != Some(&b'\n') && buf.len() as u64 > max => {
                let mut rest = Vec::new();
                let _ = reader.read_until(b'\n', &mut rest);
                let en =
                    format!("line longer than the {max}-byte limit: raise it with --max-bytes");
                let fr = format!(
                    "ligne plus longue que la limite de {max} octets : relevez-la avec --max-bytes"
                );
                (Err(lang.pick(&en, &fr).to_string()), false)
            }
            Ok(_) => {
                while buf.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                    buf.pop();
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                (Ok(buf), false)
            }
            // An input that fails to read is given up; the next one is still read.
            Err(e) => (Err(e.to_string()), true),
        };
        let line = Line {
            source: name.to_string(),
            number,
            bytes,
        };
        if tx.send(line).is_err() {
            return false;
        }
        if last {
            return true;
        }
    }
}
