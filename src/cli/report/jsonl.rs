//! The `jsonl` findings format: one JSON object per finding and line (the fields of `json`), printed as each
//! document's turn comes.

use std::io;

use mtfix::{Engine, Finding, Safety};

use super::json::json_findings;
use super::reporter::{Part, Reporter, Totals};
use super::stdout::Stdout;

/// `jsonl`: one object per line, as found.
pub(crate) struct Jsonl<'e> {
    engine: &'e Engine,
}

impl<'e> Jsonl<'e> {
    /// The JSON Lines reporter.
    pub(crate) fn new(engine: &'e Engine) -> Jsonl<'e> {
        Jsonl { engine }
    }
}

impl Reporter for Jsonl<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let mut part = Part::default();
        for object in json_findings(self.engine, path, text, findings, level) {
            serde_json::to_writer(&mut part.now, &object)?;
            part.now.push(b'\n');
        }
        Ok(part)
    }

    fn finish(&self, _out: &mut Stdout, _held: &[String], _totals: &Totals) -> io::Result<()> {
        Ok(())
    }
}
