//! Processing documents on all cores, with results handed back in input order.
//!
//! Each input is read, restricted (markup, suppression comments, `--changed-since`), fixed and, for `fix` in
//! place, written back on a worker thread, which then renders what will be printed about it (the caller's
//! `render`). The caller gets the rendered results in the order of the inputs (sorted paths) and prints them
//! there: reports and warnings are byte-identical whatever `--threads` says, memory holds a bounded number of
//! documents ([`AHEAD_PER_THREAD`] per thread), not the whole tree, and `--threads N` means N threads doing the
//! work while the calling thread only writes bytes out.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};

use anyhow::{Context, Result, bail};
use mtfix::markup::Syntax;
use mtfix::position::LineIndex;
use mtfix::suppress::Suppressions;
use mtfix::{Engine, FixOptions, Outcome, Safety};

use super::files::{self, Input, InputError, Loaded};
use super::interrupt;

/// How many documents, per thread, may be started beyond the first one not yet printed: memory holds at most
/// this many processed documents (rendered), whatever the size of the tree, and a slow document holds up the
/// others only once they are this far ahead of it.
const AHEAD_PER_THREAD: usize = 32;

/// What to do with each document.
pub(crate) struct Job<'a> {
    /// The engine.
    pub(crate) engine: &'a Engine,
    /// Apply rules up to this level.
    pub(crate) level: Safety,
    /// Write fixed files in place (from the worker, atomically).
    pub(crate) write: bool,
    /// `--changed-since REF`.
    pub(crate) changed_since: Option<&'a str>,
}

/// One processed document.
pub(crate) struct Doc {
    /// The input.
    pub(crate) input: Input,
    /// Its name in reports.
    pub(crate) path: String,
    /// The original text.
    pub(crate) text: String,
    /// Its suppression comments.
    pub(crate) suppressions: Suppressions,
    /// What fixing gave (in HTML, replacements already encoded).
    pub(crate) outcome: Outcome,
    /// Whether the file was written in place.
    pub(crate) written: bool,
}

/// The result for one input: `T` is what the caller's `render` made of the processed document.
pub(crate) enum Step<T> {
    /// Processed (and, if asked, written), then rendered.
    Done(T),
    /// A walked file that is binary or not UTF-8: a warning, nothing else.
    Skipped(InputError),
    /// Something went wrong with this input (exit 2); the others go on.
    Failed(InputError),
    /// Not started: mtfix was interrupted (the file is untouched).
    Interrupted,
}

/// Runs `job` over `inputs` on `threads` threads (0: all cores), turning each processed document into a `T` with
/// `render` on the same worker thread, and calls `each` on this thread with every result in input order.
/// After an interrupt ([`interrupt::received`]) no new input is started: the rest come back as
/// [`Step::Interrupted`] or not at all.
///
/// `render` is where the expensive, per-document part of reporting belongs (formatting diagnostics, serialising
/// JSON, diffing); `each` should only write out what it was given and keep run-wide counts, since it runs on one
/// thread for the whole run.
///
/// # Errors
/// The thread pool cannot be built, or `each` fails (a closed stdout).
pub(crate) fn run<T: Send>(
    job: &Job<'_>,
    inputs: Vec<Input>,
    threads: usize,
    render: impl Fn(Doc) -> T + Sync,
    mut each: impl FnMut(Step<T>) -> Result<()>,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let queue = Queue::new(inputs, pool.current_num_threads().max(1) * AHEAD_PER_THREAD);
    let (sender, results) = mpsc::channel::<(usize, Step<T>)>();
    // Every pool thread takes the next input as soon as it is done with one (no batch waits for its slowest
    // document), and sends back what `render` made of it; this thread puts the results back in input order and
    // hands them to `each`.
    std::thread::scope(|scope| {
        let (queue, render) = (&queue, &render);
        let workers = scope.spawn(move || {
            pool.broadcast(|_| {
                let _guard = StopOnPanic(queue);
                while let Some((index, input)) = queue.take() {
                    let step = match one(job, input) {
                        Step::Done(doc) => Step::Done(render(*doc)),
                        Step::Skipped(e) => Step::Skipped(e),
                        Step::Failed(e) => Step::Failed(e),
                        Step::Interrupted => Step::Interrupted,
                    };
                    if sender.send((index, step)).is_err() {
                        break; // this thread stopped listening: `each` failed
                    }
                }
            });
            // `sender` is dropped here, so the loop below ends once every worker is done.
        });
        let mut early: BTreeMap<usize, Step<T>> = BTreeMap::new();
        let mut printed = 0;
        let mut reported = Ok(());
        'results: for (index, step) in &results {
            early.insert(index, step);
            while let Some(step) = early.remove(&printed) {
                printed += 1;
                reported = each(step);
                if reported.is_err() {
                    queue.stop();
                    break 'results;
                }
                queue.printed(printed);
            }
        }
        drop(results);
        workers
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        reported
    })
}

/// The inputs not started yet, handed out in order, never more than `ahead` beyond the first one not printed.
struct Queue {
    /// What is left and how far printing got.
    state: Mutex<QueueState>,
    /// Signalled when printing moves on or the queue stops.
    room: Condvar,
    /// How many inputs may be started beyond the first one not printed.
    ahead: usize,
}

/// The mutable part of [`Queue`].
struct QueueState {
    /// The inputs not handed out yet.
    inputs: std::vec::IntoIter<Input>,
    /// The index of the next input to hand out.
    next: usize,
    /// How many results have been printed.
    printed: usize,
    /// Hand out nothing more (printing failed, or a worker panicked).
    stopped: bool,
}

impl Queue {
    /// A queue of `inputs`, letting workers run `ahead` inputs beyond the printing.
    fn new(inputs: Vec<Input>, ahead: usize) -> Queue {
        Queue {
            state: Mutex::new(QueueState {
                inputs: inputs.into_iter(),
                next: 0,
                printed: 0,
                stopped: false,
            }),
            room: Condvar::new(),
            ahead: ahead.max(1),
        }
    }

    /// The next input and its index, waiting while the workers are `ahead` inputs beyond printing; `None` when
    /// there is none left, the queue stopped, or mtfix was interrupted (no new input starts after that).
    fn take(&self) -> Option<(usize, Input)> {
        let mut state = self.lock();
        loop {
            if state.stopped || interrupt::received().is_some() {
                return None;
            }
            if state.next < state.printed + self.ahead {
                let input = state.inputs.next()?;
                state.next += 1;
                return Some((state.next - 1, input));
            }
            state = self
                .room
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Records that `count` results have been printed, making room for more.
    fn printed(&self, count: usize) {
        self.lock().printed = count;
        self.room.notify_all();
    }

    /// Hands out nothing more.
    fn stop(&self) {
        self.lock().stopped = true;
        self.room.notify_all();
    }

    /// The state (no code panics while holding it, so a poisoned lock still holds a consistent state).
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Stops the queue when a worker panics, so that the others do not wait for room that the missing result would
/// have made; the panic itself reaches the caller through the thread pool.
struct StopOnPanic<'q>(&'q Queue);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

fn one(job: &Job<'_>, input: Input) -> Step<Box<Doc>> {
    // Once interrupted, start no new file; those already started finish (and their writes complete).
    if interrupt::received().is_some() {
        return Step::Interrupted;
    }
    let text = match files::read(&input) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Skipped(warning)) => return Step::Skipped(warning),
        Err(err) => return Step::Failed(err),
    };
    let path = input.display();
    let fail = |message: String| {
        Step::Failed(InputError {
            path: path.clone(),
            message,
        })
    };
    let suppressions = Suppressions::parse(&text);
    let syntax = input.syntax();
    let mut options = fix_options(syntax, &text, &suppressions, job.level);
    if let (Some(rev), Input::File { path: file, .. }) = (job.changed_since, &input) {
        match changed_lines(file, rev) {
            Ok(Some(changed)) => options.protected.extend(unchanged(&text, &changed)),
            Ok(None) => {} // not tracked by git: all of it is new
            Err(err) => return fail(format!("--changed-since {rev}: {err:#}")),
        }
    }
    // `Syntax::fix`: in Markdown and HTML, no edit may change the document's structure (`mtfix::markup::fix_markdown`,
    // `fix_html`), and HTML replacements are written encoded.
    let outcome = match syntax.fix(job.engine, &text, &options) {
        Ok(outcome) => outcome,
        Err(err) => return fail(err.to_string()),
    };
    let mut written = false;
    if job.write
        && outcome.text != text
        && let Input::File { path: file, .. } = &input
    {
        if let Err(err) = mtfix::safe_write::replace(file, text.as_bytes(), outcome.text.as_bytes())
        {
            return fail(format!("not fixed: {err}"));
        }
        written = true;
    }
    Step::Done(Box::new(Doc {
        input,
        path,
        text,
        suppressions,
        outcome,
        written,
    }))
}

/// How to fix one document: its suppression comments, and in Markdown and HTML everything but prose protected.
pub(crate) fn fix_options(
    syntax: Syntax,
    text: &str,
    suppressions: &Suppressions,
    level: Safety,
) -> FixOptions {
    let mut options = suppressions.options(level);
    options.protected.extend(syntax.protected(text));
    options
}

/// The 1-based line ranges of `file` changed since git revision `rev` (`git diff --unified=0 REV -- FILE`), or
/// `None` when git does not track the file (so all of it is new).
///
/// # Errors
/// git cannot be run, the file is not in a git repository, or `rev` is not a revision.
pub(crate) fn changed_lines(file: &Path, rev: &str) -> Result<Option<Vec<Range<usize>>>> {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = file.file_name().context("not a file")?;
    let git = |args: &[&std::ffi::OsStr]| {
        Command::new("git")
            .current_dir(dir)
            .args(args)
            .output()
            .context("cannot run git")
    };
    let tracked = git(&[
        "ls-files".as_ref(),
        "--error-unmatch".as_ref(),
        "--".as_ref(),
        name,
    ])?;
    if !tracked.status.success() {
        // Outside a repository `git ls-files` fails too: tell that apart from an untracked file.
        let inside = git(&["rev-parse".as_ref(), "--is-inside-work-tree".as_ref()])?;
        if !inside.status.success() {
            bail!("{} is not in a git repository", file.display());
        }
        return Ok(None);
    }
    let diff = git(&[
        "diff".as_ref(),
        "--unified=0".as_ref(),
        "--no-color".as_ref(),
        "--no-ext-diff".as_ref(),
        rev.as_ref(),
        "--".as_ref(),
        name,
    ])?;
    if !diff.status.success() {
        bail!(
            "git diff failed: {}",
            String::from_utf8_lossy(&diff.stderr).trim()
        );
    }
    Ok(Some(parse_hunks(&String::from_utf8_lossy(&diff.stdout))))
}

/// The new-side line ranges of a `--unified=0` diff's hunk headers (`@@ -a,b +c,d @@`).
fn parse_hunks(diff: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for line in diff.lines() {
        let Some(rest) = line.strip_prefix("@@ ") else {
            continue;
        };
        let Some(new) = rest.split(' ').find_map(|part| part.strip_prefix('+')) else {
            continue;
        };
        let mut numbers = new.splitn(2, ',');
        let start: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let count: usize = numbers
            .next()
            .map_or(Some(1), |n| n.parse().ok())
            .unwrap_or(1);
        if count > 0 {
            ranges.push(start..start + count);
        }
    }
    ranges
}

/// Byte ranges of the lines of `text` outside `changed` (1-based line ranges), line endings included.
fn unchanged(text: &str, changed: &[Range<usize>]) -> Vec<Range<usize>> {
    let index = LineIndex::new(text);
    let lines = text.split_inclusive('\n').count().max(1);
    let mut protected: Vec<Range<usize>> = Vec::new();
    for line in 1..=lines {
        if changed.iter().any(|r| r.contains(&line)) {
            continue;
        }
        let start = index.line_start(line);
        let end = if line < lines {
            index.line_start(line + 1)
        } else {
            text.len()
        };
        match protected.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => protected.push(start..end),
        }
    }
    protected
}

#[cfg(test)]
mod tests {
    use super::{AHEAD_PER_THREAD, Input, Job, Step, parse_hunks, run, unchanged};
    use mtfix::{Engine, Safety};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A folder of `n` documents with one finding each, and an engine with one rule.
    fn documents(n: usize) -> (tempfile::TempDir, Vec<Input>, Engine) {
        let dir = tempfile::tempdir().expect("temp dir");
        let glossary = dir.path().join("g.toml");
        std::fs::write(
            &glossary,
            "[glossary]\nname = \"t\"\n\n[[term]]\nid = \"x\"\nmatch = [\"Xiong an new area\"]\n\
             replace = \"Xiong'an New Area\"\nmessage = \"m\"\n\
             examples = [{ input = \"Xiong an new area\", output = \"Xiong'an New Area\" }]\n",
        )
        .expect("glossary written");
        let engine = Engine::new(&[
            mtfix::load_glossary(&glossary.display().to_string()).expect("glossary loads")
        ])
        .expect("engine builds");
        let inputs = (0..n)
            .map(|i| {
                let path = dir.path().join(format!("{i:04}.txt"));
                std::fs::write(&path, format!("{i}: the Xiong an new area\n")).expect("written");
                Input::File { path, walked: true }
            })
            .collect();
        (dir, inputs, engine)
    }

    fn job(engine: &Engine) -> Job<'_> {
        Job {
            engine,
            level: Safety::Safe,
            write: false,
            changed_since: None,
        }
    }

    #[test]
    fn results_come_back_in_input_order_whatever_the_thread_count() {
        let (_dir, inputs, engine) = documents(300);
        let expected: Vec<String> = inputs.iter().map(Input::display).collect();
        for threads in [1, 3, 8] {
            let mut seen = Vec::new();
            run(
                &job(&engine),
                inputs.clone(),
                threads,
                |doc| (doc.path, doc.outcome.findings.len()),
                |step| {
                    if let Step::Done(done) = step {
                        seen.push(done);
                    }
                    Ok(())
                },
            )
            .expect("runs");
            let paths: Vec<String> = seen.iter().map(|(p, _)| p.clone()).collect();
            assert_eq!(paths, expected, "--threads {threads}");
            assert!(seen.iter().all(|(_, n)| *n == 1), "--threads {threads}");
        }
    }

    #[test]
    fn a_failing_printer_stops_the_workers_within_the_window() {
        let (_dir, inputs, engine) = documents(1000);
        let threads = 2;
        let rendered = AtomicUsize::new(0);
        let mut printed = 0;
        let result = run(
            &job(&engine),
            inputs,
            threads,
            |_doc| rendered.fetch_add(1, Ordering::Relaxed),
            |_step| {
                printed += 1;
                if printed == 3 {
                    anyhow::bail!("stdout closed");
                }
                Ok(())
            },
        );
        assert!(result.is_err());
        let rendered = rendered.load(Ordering::Relaxed);
        assert!(
            rendered <= 3 + threads * AHEAD_PER_THREAD + threads,
            "{rendered} documents processed after the printer failed at the third"
        );
    }

    #[test]
    fn a_panicking_worker_reaches_the_caller_instead_of_hanging() {
        // More documents than the window, so that the other workers would wait for the missing result.
        let (_dir, inputs, engine) = documents(4 * AHEAD_PER_THREAD);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(
                &job(&engine),
                inputs,
                2,
                |doc| assert!(!doc.path.ends_with("0005.txt"), "render failed"),
                |_step| Ok(()),
            )
        }));
        assert!(result.is_err(), "the panic is propagated");
    }

    #[test]
    fn hunk_headers_give_new_line_ranges() {
        let diff = "diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b\n@@ -5,0 +6,2 @@\n+c\n+d\n@@ -9,2 +10,0 @@\n-e\n";
        assert_eq!(parse_hunks(diff), [1..2, 6..8]);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn unchanged_lines_are_whole_lines() {
        let text = "a\nbb\nccc\nd";
        assert_eq!(unchanged(text, &[2..3]), [0..2, 5..text.len()]);
        assert_eq!(unchanged(text, &[]), [0..text.len()]);
    }
}
