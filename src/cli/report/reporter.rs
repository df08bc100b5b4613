//! What every findings format shares: the [`Reporter`] trait, the [`Part`] of one document it renders on a
//! worker thread, the printing side ([`Report`]) that writes parts in input order, and the run's [`Totals`] for
//! the summary line.

use std::io::{self, Write};

use mtfix::{Engine, Finding, Safety, Severity};

use super::status::{Status, status};
use super::stdout::Stdout;

/// Counts over all files of a run, for the summary line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Totals {
    /// Files read.
    pub(crate) files: usize,
    /// Files with at least one finding.
    pub(crate) files_with_findings: usize,
    /// Findings by severity.
    pub(crate) errors: usize,
    /// Findings by severity.
    pub(crate) warnings: usize,
    /// Findings by severity.
    pub(crate) infos: usize,
    /// Findings `fix` applies at the current level.
    pub(crate) fixable: usize,
    /// Review suggestions with a replacement, applied by `fix --review`.
    pub(crate) review_fixable: usize,
}

impl Totals {
    /// Adds one file's findings.
    pub(crate) fn add(&mut self, engine: &Engine, findings: &[Finding], level: Safety) {
        self.files += 1;
        if !findings.is_empty() {
            self.files_with_findings += 1;
        }
        for finding in findings {
            let rule = engine.rule(finding.rule);
            match rule.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match status(finding, level) {
                Status::Applied(_) => self.fixable += 1,
                Status::Suggested(_) if rule.safety == Safety::Review => self.review_fixable += 1,
                Status::Suggested(_) | Status::Flagged => {}
            }
        }
    }

    /// "12 errors, 3 warnings in 1 file; 12 fixable with `mtfix fix`, 3 more with `--review`".
    pub(crate) fn summary(&self) -> String {
        let mut counts = Vec::new();
        for (n, what) in [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ] {
            if n > 0 {
                counts.push(plural(n, what));
            }
        }
        if counts.is_empty() {
            return format!("no issues in {}", plural(self.files, "file"));
        }
        let mut line = format!(
            "{} in {}",
            counts.join(", "),
            plural(self.files_with_findings, "file")
        );
        let mut fixes = Vec::new();
        if self.fixable > 0 {
            fixes.push(format!("{} fixable with `mtfix fix`", self.fixable));
        }
        if self.review_fixable > 0 {
            let more = if self.fixable > 0 { " more" } else { "" };
            fixes.push(format!(
                "{}{more} with `mtfix fix --review`",
                self.review_fixable
            ));
        }
        if !fixes.is_empty() {
            line.push_str("; ");
            line.push_str(&fixes.join(", "));
        }
        line
    }
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// One document's share of a findings report, rendered by [`Reporter::render`] on a worker thread so that the
/// printing thread only has bytes to copy.
#[derive(Debug, Default)]
pub(crate) struct Part {
    /// Printed when the document's turn comes: human diagnostics, JSON Lines, GitHub workflow commands (and, for
    /// `fix`, fixed text or a diff).
    pub(crate) now: Vec<u8>,
    /// Held back for [`Reporter::finish`], already rendered: this document's elements of a format that is one
    /// document for the whole run (JSON array items, SARIF results, GitLab issues, JUnit test cases).
    pub(crate) held: Vec<String>,
}

/// A findings format, in two halves so that the costly one runs on the worker threads: `render` once per
/// document, on any thread; `finish` once, on the printing thread, with every document's held elements in
/// input order and the run's totals.
pub(crate) trait Reporter: Sync {
    /// Renders the findings of one document.
    ///
    /// # Errors
    /// A diagnostic cannot be rendered or serialised.
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part>;
    /// Ends the report: the JSON array or XML document around the held elements, the human summary line.
    ///
    /// # Errors
    /// Writing to stdout fails.
    fn finish(&self, out: &mut Stdout, held: &[String], totals: &Totals) -> io::Result<()>;
}

/// The printing side of a report: writes each document's [`Part`] as its turn comes and keeps what the format
/// holds for its end.
pub(crate) struct Report<'r> {
    /// The format.
    reporter: &'r dyn Reporter,
    /// Every document's held elements so far, in input order.
    held: Vec<String>,
}

impl<'r> Report<'r> {
    /// A report in the format of `reporter`, nothing printed yet.
    pub(crate) fn new(reporter: &'r dyn Reporter) -> Report<'r> {
        Report {
            reporter,
            held: Vec::new(),
        }
    }

    /// Prints the part of the next document in input order.
    ///
    /// # Errors
    /// Writing to stdout fails.
    pub(crate) fn print(&mut self, out: &mut Stdout, part: Part) -> io::Result<()> {
        out.out.write_all(&part.now)?;
        self.held.extend(part.held);
        Ok(())
    }

    /// Ends the report ([`Reporter::finish`]).
    ///
    /// # Errors
    /// Writing to stdout fails.
    pub(crate) fn finish(self, out: &mut Stdout, totals: &Totals) -> io::Result<()> {
        self.reporter.finish(out, &self.held, totals)
    }
}
