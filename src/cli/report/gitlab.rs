//! The `gitlab` findings format: GitLab Code Quality JSON, one array of issues with stable fingerprints.

use std::io::{self, Write};

use mtfix::{Engine, Finding, Safety, Severity};
use serde_json::json;

use super::locate::{locate, message, relative_path};
use super::pretty::{pretty_array, pretty_at};
use super::reporter::{Part, Reporter, Totals};
use super::stdout::Stdout;

/// GitLab Code Quality: a JSON array of issues.
pub(crate) struct Gitlab<'e> {
    engine: &'e Engine,
}

impl<'e> Gitlab<'e> {
    /// The GitLab reporter.
    pub(crate) fn new(engine: &'e Engine) -> Gitlab<'e> {
        Gitlab { engine }
    }
}

fn gitlab_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

impl Reporter for Gitlab<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        _level: Safety,
    ) -> io::Result<Part> {
        let mut part = Part::default();
        let relative = relative_path(path);
        for l in locate(self.engine, path, text, findings) {
            let issue = json!({
                "type": "issue",
                "description": message(&l),
                "check_name": l.rule.id,
                "fingerprint": l.fingerprint,
                "severity": gitlab_severity(l.rule.severity),
                "categories": ["Style"],
                "location": {
                    "path": relative,
                    "lines": { "begin": l.line, "end": l.end_line },
                },
            });
            part.held.push(pretty_at(&issue, 1)?);
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, held: &[String], _totals: &Totals) -> io::Result<()> {
        pretty_array(&mut out.out, held, 0)?;
        out.out.write_all(b"\n")
    }
}
