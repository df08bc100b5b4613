//! `mtfix check`: find issues in files, folders or stdin and report them in the chosen format, with warnings
//! about suppression comments that switch nothing off.

use std::io;
use std::path::PathBuf;

use anyhow::Result;
use mtfix::suppress::Suppressions;
use mtfix::{Engine, Safety};

use super::shared::{Statistics, color, document, expand, threads};
use crate::cli::exit::{Status, warn};
use crate::cli::files;
use crate::cli::process::{self, Doc};
use crate::cli::report::{self, Part, Report, Stdout, Totals};
use crate::cli::settings::Ctx;

/// What `check` prints about one document, rendered on a worker thread.
struct Checked {
    /// Its findings, for the totals, `--statistics` and the exit code.
    findings: Vec<mtfix::Finding>,
    /// Its report.
    part: io::Result<Part>,
    /// Warnings about its suppression comments, for stderr.
    warnings: Vec<String>,
}

/// `mtfix check [PATH...]`: every finding in the `--format`, the exit code from `--fail-on`.
pub(crate) fn run(ctx: &Ctx<'_>, engine: &Engine, paths: &[PathBuf]) -> Result<Status> {
    let common = ctx.common;
    let mut status = Status::Clean;
    let mut out = Stdout::new();
    let reporter = report::reporter(ctx.format, engine, color(common.color), common.quiet);
    let mut report = Report::new(&*reporter);
    let mut totals = Totals::default();
    let mut stats = Statistics::default();
    let inputs = expand(ctx, paths, files::TEXT_EXTENSIONS, &mut status);
    let job = process::Job {
        engine,
        level: Safety::Safe,
        write: false,
        changed_since: common.walk.changed_since.as_deref(),
    };
    let render = |doc: Doc| Checked {
        warnings: unused_suppressions(
            &doc.path,
            &doc.text,
            &doc.suppressions,
            &doc.outcome.suppressions_used,
        ),
        part: reporter.render(&doc.path, &doc.text, &doc.outcome.findings, job.level),
        findings: doc.outcome.findings,
    };
    process::run(&job, inputs, threads(ctx), render, |step| {
        let Some(checked) = document(step, &mut status) else {
            return Ok(());
        };
        for warning in &checked.warnings {
            warn(warning);
        }
        let findings = &checked.findings;
        totals.add(engine, findings, job.level);
        stats.add(engine, findings, job.level);
        if findings
            .iter()
            .any(|f| common.fail_on.fails(engine.rule(f.rule).severity))
        {
            status = status.max(Status::Findings);
        }
        report.print(&mut out, checked.part?)?;
        Ok(())
    })?;
    report.finish(&mut out, &totals)?;
    out.flush()?;
    if common.statistics {
        stats.print();
    }
    Ok(status)
}

/// Warnings about suppression comments that switched nothing off, and `enable` comments that closed nothing
/// (`warning: PATH:LINE:COL: unused suppression `...``), in the order of the text.
fn unused_suppressions(
    path: &str,
    text: &str,
    suppressions: &Suppressions,
    used: &[bool],
) -> Vec<String> {
    let mut notes: Vec<(usize, String)> = suppressions
        .unused(used)
        .into_iter()
        .map(|d| {
            (
                d.span.start,
                format!("unused suppression `{}`: no finding to switch off", d.text),
            )
        })
        .collect();
    notes.extend(suppressions.stray_enables.iter().map(|&i| {
        let d = &suppressions.directives[i];
        (
            d.span.start,
            format!("`{}` ends no `mtfix-disable` region", d.text),
        )
    }));
    if notes.is_empty() {
        return Vec::new(); // the usual case: no need to index the lines
    }
    notes.sort();
    let index = mtfix::position::LineIndex::new(text);
    notes
        .into_iter()
        .map(|(offset, message)| {
            let (line, column) = index.line_col(offset);
            format!("warning: {path}:{line}:{column}: {message}")
        })
        .collect()
}
