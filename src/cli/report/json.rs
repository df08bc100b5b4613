//! The `json` findings format: one pretty array of every finding of the run (the fields the README lists), printed at the
//! end; also the finding object that `jsonl` prints one per line.

use std::io::{self, Write};

use mtfix::position::LineIndex;
use mtfix::{Engine, Finding, Rule, Safety, Severity};
use serde::Serialize;

use super::pretty::{pretty_array, pretty_at};
use super::reporter::{Part, Reporter, Totals};
use super::status::status;
use super::stdout::Stdout;

/// `json`: one array, printed at the end.
pub(crate) struct Json<'e> {
    engine: &'e Engine,
}

impl<'e> Json<'e> {
    /// The JSON reporter.
    pub(crate) fn new(engine: &'e Engine) -> Json<'e> {
        Json { engine }
    }
}

/// One finding as JSON (the fields the README lists).
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    safety: Safety,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    found: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement: Option<&'a str>,
    fixable: bool,
    /// Rules that rewrote this finding's output afterwards (present only when rules chain).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    chained: Vec<&'a str>,
}

/// The findings of one document as JSON objects, in order.
pub(crate) fn json_findings<'a>(
    engine: &'a Engine,
    path: &'a str,
    text: &'a str,
    findings: &'a [Finding],
    level: Safety,
) -> impl Iterator<Item = JsonFinding<'a>> {
    let index = LineIndex::new(text);
    findings.iter().map(move |finding| {
        let rule: &'a Rule = engine.rule(finding.rule);
        let status = status(finding, level);
        let (line, column) = index.line_col(finding.span.start);
        let (end_line, end_column) = index.line_col(finding.span.end);
        JsonFinding {
            path,
            rule: &rule.id,
            severity: rule.severity,
            safety: rule.safety,
            message: &rule.message,
            line,
            column,
            end_line,
            end_column,
            start: finding.span.start,
            end: finding.span.end,
            found: &text[finding.span.clone()],
            replacement: status.replacement(),
            fixable: status.is_applied(),
            chained: finding
                .chained
                .iter()
                .map(|&r| engine.rule(r).id.as_str())
                .collect(),
        }
    })
}

impl Reporter for Json<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let mut part = Part::default();
        for object in json_findings(self.engine, path, text, findings, level) {
            part.held.push(pretty_at(&object, 1)?);
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, held: &[String], _totals: &Totals) -> io::Result<()> {
        pretty_array(&mut out.out, held, 0)?;
        out.out.write_all(b"\n")
    }
}
