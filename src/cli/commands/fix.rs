//! `mtfix fix`: apply the safe (or, with `--review`, review) fixes in place, print the fixed text (`--stdout`),
//! or preview them as a unified diff (`--diff`), saying on stderr what was fixed and what is left.

use std::io;
use std::path::PathBuf;

use anyhow::{Context, Result};
use mtfix::{Engine, Safety};

use super::shared::{Statistics, color, document, expand, threads};
use crate::cli::args::{self, Common, Format};
use crate::cli::exit::{Status, note, warn};
use crate::cli::files::{self, Input};
use crate::cli::interrupt;
use crate::cli::process::{self, Doc};
use crate::cli::report::{self, Part, Report, Reporter, Stdout, Totals, plural};
use crate::cli::settings::Ctx;

/// What `fix` says about one document, worked out on a worker thread; what goes to stdout travels beside it (see
/// [`render`]).
struct Fixed {
    /// Its name in messages.
    path: String,
    /// Whether it was read from stdin.
    stdin: bool,
    /// Whether fixing changed it.
    changed: bool,
    /// Whether it was written in place.
    written: bool,
    /// Its findings, for the totals, `--statistics` and the exit code.
    findings: Vec<mtfix::Finding>,
    /// The level it was fixed at, which says which findings were applied.
    level: Safety,
}

/// Where `fix` puts its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite files (stdin goes to stdout).
    InPlace,
    /// Fixed text on stdout.
    Stdout,
    /// A unified diff (or the findings, with `--format json|jsonl`) on stdout; nothing written.
    Diff,
}

/// `mtfix fix [PATH...]` at `level`, output as `mode` says; the exit code from what is left (or, with `--diff`,
/// from what would change).
pub(crate) fn run(
    ctx: &Ctx<'_>,
    engine: &Engine,
    paths: &[PathBuf],
    level: Safety,
    mode: Mode,
) -> Result<Status> {
    let common = ctx.common;
    let mut status = Status::Clean;
    let mut out = Stdout::new();
    let reporter = report::reporter(ctx.format, engine, color(common.color), true);
    let mut report = Report::new(&*reporter);
    let mut totals = Totals::default();
    let mut stats = Statistics::default();
    let Some(paths) = without_folders(paths, mode, &mut status) else {
        return Ok(status); // not stdin: the user named only folders
    };
    let inputs = expand(ctx, &paths, files::TEXT_EXTENSIONS, &mut status);
    let job = process::Job {
        engine,
        level,
        write: mode == Mode::InPlace,
        changed_since: common.walk.changed_since.as_deref(),
    };
    // Rewriting files: Ctrl-C lets the writes in progress finish. (Not when reading stdin, which may be a terminal
    // that Ctrl-C must still end.)
    if job.write && inputs.iter().all(|i| matches!(i, Input::File { .. })) {
        interrupt::install().context("cannot install the Ctrl-C handler")?;
    }
    let human = ctx.format == Format::Human;
    let render = |doc: Doc| render(doc, mode, human, &*reporter);
    process::run(&job, inputs, threads(ctx), render, |step| {
        let Some((fixed, part)) = document(step, &mut status) else {
            return Ok(());
        };
        stats.add(engine, &fixed.findings, fixed.level);
        if mode == Mode::Diff && !human {
            totals.add(engine, &fixed.findings, fixed.level);
        }
        report.print(&mut out, part?)?;
        status = status.max(tell(common, engine, mode, &fixed));
        Ok(())
    })?;
    if mode == Mode::Diff {
        report.finish(&mut out, &totals)?;
    }
    out.flush()?;
    if common.statistics {
        stats.print();
    }
    Ok(status)
}

/// The PATHs `fix` goes on with: all of them, except that with `--stdout` every folder is an error (exit 2) and
/// left out. `None` when the user named only folders (so the empty rest does not mean stdin).
fn without_folders(paths: &[PathBuf], mode: Mode, status: &mut Status) -> Option<Vec<PathBuf>> {
    // The fixed text of several documents on stdout cannot be told apart: `--stdout` takes files, not folders.
    let (folders, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|p| mode == Mode::Stdout && p.is_dir());
    for folder in &folders {
        warn(&format!(
            "{}: is a folder: `fix --stdout` prints fixed text without file names, so it takes files; fix a folder in place with `mtfix fix DIR`, or preview it with `mtfix fix --diff DIR`",
            folder.display()
        ));
        *status = Status::Error;
    }
    if paths.is_empty() && !folders.is_empty() {
        return None;
    }
    Some(paths)
}

/// Renders one fixed document on a worker thread: what `fix` says about it, and what goes to stdout: the diff or
/// report (`--diff`), or the fixed text (`--stdout`, stdin).
fn render(doc: Doc, mode: Mode, human: bool, reporter: &dyn Reporter) -> (Fixed, io::Result<Part>) {
    let stdin = matches!(doc.input, Input::Stdin { .. });
    let changed = doc.outcome.text != doc.text;
    let part = match (mode, stdin) {
        (Mode::Diff, _) if human => Ok(Part {
            now: files::unified_diff(&doc.path, &doc.text, &doc.outcome.text).into_bytes(),
            held: Vec::new(),
        }),
        (Mode::Diff, _) => reporter.render(
            &doc.path,
            &doc.text,
            &doc.outcome.findings,
            doc.outcome.level,
        ),
        (Mode::Stdout, _) | (Mode::InPlace, true) => Ok(Part {
            now: doc.outcome.text.into_bytes(),
            held: Vec::new(),
        }),
        (Mode::InPlace, false) => Ok(Part::default()), // written by the worker: nothing to print
    };
    let fixed = Fixed {
        path: doc.path,
        stdin,
        changed,
        written: doc.written,
        level: doc.outcome.level,
        findings: doc.outcome.findings,
    };
    (fixed, part)
}

/// Says on stderr what was (or, with `--diff`, would be) fixed in one document and what is left, and returns how
/// the document leaves the run.
fn tell(common: &Common, engine: &Engine, mode: Mode, fixed: &Fixed) -> Status {
    let mut status = Status::Clean;
    let (path, findings, changed) = (&fixed.path, &fixed.findings, fixed.changed);
    let applied = findings
        .iter()
        .filter(|f| report::status(f, fixed.level).is_applied())
        .count();
    match (mode, fixed.stdin) {
        (Mode::Diff, _) => {
            if changed {
                if common.fail_on != args::FailOn::Never {
                    status = status.max(Status::Findings);
                }
                if !common.quiet {
                    note(&format!("would fix {} in {path}", plural(applied, "issue")));
                }
            }
        }
        (Mode::Stdout, _) | (Mode::InPlace, true) => {
            if changed && !common.quiet {
                note(&format!("fixed {} in {path}", plural(applied, "issue")));
            }
        }
        (Mode::InPlace, false) => {
            if fixed.written && !common.quiet {
                note(&format!("fixed {} in {path}", plural(applied, "issue")));
            }
        }
    }
    let left = findings
        .iter()
        .filter(|f| {
            !report::status(f, fixed.level).is_applied()
                && common.fail_on.fails(engine.rule(f.rule).severity)
        })
        .count();
    if left > 0 {
        status = status.max(Status::Findings);
        if !common.quiet && mode != Mode::Diff {
            note(&format!(
                "{} left in {path} that `fix` does not apply: see `mtfix check`",
                plural(left, "issue")
            ));
        }
    }
    status
}
