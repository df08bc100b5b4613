//! What `check` and `fix` share: expanding PATHs into inputs, handling the steps that are not a processed
//! document, `--threads`, colour and the `--statistics` table.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use mtfix::{Engine, Safety};

use crate::cli::args::ColorWhen;
use crate::cli::exit::{Status, note, warn};
use crate::cli::files::{self, Input, InputError};
use crate::cli::process::Step;
use crate::cli::report;
use crate::cli::settings::Ctx;

/// Whether to colour the output: `--color`, `auto` meaning stdout is a terminal and `NO_COLOR` is unset or empty.
pub(crate) fn color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Prints `mtfix: PATH: message` for an input that cannot be read.
pub(crate) fn input_error(err: &InputError) {
    warn(&format!("{}: {}", err.path, err.message));
}

/// Expands PATHs into inputs (folders walked for files with one of `extensions`), reporting walk errors (which
/// make the run end with exit 2).
pub(crate) fn expand(
    ctx: &Ctx<'_>,
    paths: &[PathBuf],
    extensions: &[&str],
    status: &mut Status,
) -> Vec<Input> {
    let walk = &ctx.common.walk;
    let options = files::WalkOptions {
        exclude: ctx.exclude.as_ref(),
        globs: &walk.globs,
        hidden: walk.hidden,
        stdin_filename: walk.stdin_filename.as_deref(),
        extensions,
    };
    let (inputs, errors) = files::collect_inputs(paths, &options);
    for err in &errors {
        input_error(err);
        *status = Status::Error;
    }
    inputs
}

/// Handles what every command does with a step that is not a processed document: a skipped file is a warning,
/// a failed one an error (exit 2). Returns the rendered document, if any.
pub(crate) fn document<T>(step: Step<T>, status: &mut Status) -> Option<T> {
    match step {
        Step::Done(doc) => Some(doc),
        Step::Skipped(skip) => {
            warn(&format!("warning: {}: {}", skip.path, skip.message));
            None
        }
        Step::Failed(err) => {
            input_error(&err);
            *status = Status::Error;
            None
        }
        Step::Interrupted => None,
    }
}

/// `--threads`, 0 meaning all cores.
pub(crate) fn threads(ctx: &Ctx<'_>) -> usize {
    ctx.common.walk.threads.unwrap_or(0)
}

/// Findings per rule, for `--statistics`.
#[derive(Debug, Default)]
pub(crate) struct Statistics {
    /// (rule id, severity) → (findings, fixable).
    counts: std::collections::BTreeMap<String, (mtfix::Severity, usize, usize)>,
}

impl Statistics {
    /// Adds one document's findings.
    pub(crate) fn add(&mut self, engine: &Engine, findings: &[mtfix::Finding], level: Safety) {
        for finding in findings {
            let rule = engine.rule(finding.rule);
            let entry = self
                .counts
                .entry(rule.id.clone())
                .or_insert((rule.severity, 0, 0));
            entry.1 += 1;
            entry.2 += usize::from(report::status(finding, level).is_applied());
        }
    }

    /// The table on stderr, most frequent rule first (ties by id), and a total line.
    pub(crate) fn print(&self) {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(b.0)));
        note(&format!(
            "{:>6}  {:>7}  {:8}  rule",
            "count", "fixable", "severity"
        ));
        let (mut all, mut fixable) = (0, 0);
        for (id, (severity, n, f)) in rows {
            note(&format!("{n:>6}  {f:>7}  {:8}  {id}", severity.to_string()));
            all += n;
            fixable += f;
        }
        note(&format!("{all:>6}  {fixable:>7}  {:8}  (total)", ""));
    }
}
