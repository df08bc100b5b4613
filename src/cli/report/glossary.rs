//! What the `glossary` commands print: `glossary test` failures, `glossary lint` issues (as lines or JSON) with
//! their summaries on stdout, and `glossary import` diagnostics on stderr.

use std::io::{self, Write};

use mtfix::quality::lint::{LintIssue, LintSeverity};
use mtfix::quality::selftest::SelfTest;
use serde_json::json;

use super::reporter::plural;
use super::stdout::{Stdout, write_json};
use crate::cli::args::Format;

/// `mtfix glossary test`: one line per failure, then a summary (unless quiet).
pub(crate) fn selftest(out: &mut Stdout, report: &SelfTest, quiet: bool) -> io::Result<()> {
    for f in &report.failures {
        writeln!(out.out, "{}: rule `{}`: {}", f.place, f.rule, f.message)?;
    }
    if !quiet {
        writeln!(
            out.out,
            "{} checked, {} failed",
            plural(report.checked, "example"),
            report.failures.len()
        )?;
    }
    Ok(())
}

/// `mtfix glossary lint`: `FILE:LINE:COL: error[check]: rule `id`: message`, then a summary (unless quiet).
pub(crate) fn lint(
    out: &mut Stdout,
    issues: &[LintIssue],
    format: Format,
    quiet: bool,
) -> io::Result<()> {
    if format != Format::Human {
        let all: Vec<_> = issues
            .iter()
            .map(|i| {
                json!({
                    "severity": i.severity,
                    "check": i.check,
                    "rule": i.rule,
                    "file": i.place.file,
                    "line": i.place.line,
                    "column": i.place.column,
                    "message": i.message,
                })
            })
            .collect();
        return write_json(out, format, &all);
    }
    for i in issues {
        let rule = if i.rule.is_empty() {
            String::new()
        } else {
            format!("rule `{}`: ", i.rule)
        };
        writeln!(
            out.out,
            "{}: {}[{}]: {rule}{}",
            i.place, i.severity, i.check, i.message
        )?;
    }
    if !quiet {
        let errors = issues
            .iter()
            .filter(|i| i.severity == LintSeverity::Error)
            .count();
        let warnings = issues.len() - errors;
        writeln!(
            out.out,
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )?;
    }
    Ok(())
}

/// Writes import or format diagnostics on stderr (`mtfix: error: …` / `mtfix: warning: …`).
pub(crate) fn diagnostics(errors: &[impl std::fmt::Display], warnings: &[impl std::fmt::Display]) {
    let mut err = io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "mtfix: error: {e}");
    }
    for w in warnings {
        let _ = writeln!(err, "mtfix: warning: {w}");
    }
}
