//! The `human` findings format: compiler-style diagnostics rendered by codespan-reporting (with the source line,
//! in colour on a terminal), then a summary line.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::term::{self, termcolor::Buffer};
use mtfix::position::LineIndex;
use mtfix::{Engine, Finding, Rule, Safety, Severity};

use super::reporter::{Part, Reporter, Totals};
use super::status::{Status, status};
use super::stdout::Stdout;
use crate::cli::excerpt::Excerpt;

/// Compiler-style diagnostics rendered by codespan-reporting, then a summary line.
pub(crate) struct Human<'e> {
    engine: &'e Engine,
    color: bool,
    quiet: bool,
}

impl<'e> Human<'e> {
    /// The human reporter (`color`: ANSI colours; `quiet`: no summary line).
    pub(crate) fn new(engine: &'e Engine, color: bool, quiet: bool) -> Human<'e> {
        Human {
            engine,
            color,
            quiet,
        }
    }
}

impl Reporter for Human<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let index = LineIndex::new(text);
        let config = term::Config::default();
        let mut buffer = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        for finding in findings {
            let (excerpt, range) = Excerpt::new(path, text, &index, finding.span.clone());
            let diagnostic =
                diagnostic(self.engine.rule(finding.rule), finding, level, text, range);
            term::emit_to_write_style(&mut buffer, &config, &excerpt, &diagnostic)
                .map_err(io::Error::other)?;
        }
        Ok(Part {
            now: buffer.into_inner(),
            held: Vec::new(),
        })
    }

    fn finish(&self, out: &mut Stdout, _held: &[String], totals: &Totals) -> io::Result<()> {
        if !self.quiet {
            writeln!(out.out, "{}", totals.summary())?;
        }
        Ok(())
    }
}

fn diagnostic(
    rule: &Rule,
    finding: &Finding,
    fixing_at: Safety,
    text: &str,
    range: Range<usize>,
) -> Diagnostic<()> {
    let level = match rule.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let found = &text[finding.span.clone()];
    let status = status(finding, fixing_at);
    let message = if rule.message.is_empty() {
        match status.replacement() {
            Some(r) => format!("{found:?} should be {r:?}"),
            None => format!("{found:?} needs a look"),
        }
    } else {
        rule.message.clone()
    };
    let marker = if status.is_applied() { "[*] " } else { "" };
    let label = match status.replacement() {
        Some("") => "delete this".to_owned(),
        Some(r) => format!("replace with {r:?}"),
        None => String::new(),
    };
    let mut notes = Vec::new();
    match (status, rule.safety) {
        (Status::Suggested(_), Safety::Review) => notes.push(
            "help: a review suggestion: check it, then apply with `mtfix fix --review`".to_owned(),
        ),
        (Status::Flagged, _) => {
            notes.push("help: flagged only: there is no automatic fix".to_owned())
        }
        (Status::Suggested(_), Safety::Safe) | (Status::Applied(_), _) => {}
    }
    Diagnostic::new(level)
        .with_code(rule.id.clone())
        .with_message(format!("{marker}{message}"))
        .with_label(Label::primary((), range).with_message(label))
        .with_notes(notes)
}
