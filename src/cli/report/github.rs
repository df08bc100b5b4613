//! The `github` findings format: GitHub Actions workflow commands (`::error file=…::…`), which GitHub shows as
//! annotations on a pull request, and a summary notice when it would not show them all.

use std::io::{self, Write};

use mtfix::{Engine, Finding, Safety, Severity};

use super::locate::{locate, message, relative_path};
use super::reporter::{Part, Reporter, Totals};
use super::stdout::Stdout;

/// How many annotations of each level GitHub shows for one step.
const GITHUB_LIMIT: usize = 10;

/// GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding, and a summary
/// notice when GitHub would not show them all.
pub(crate) struct Github<'e> {
    engine: &'e Engine,
    quiet: bool,
}

impl<'e> Github<'e> {
    /// The GitHub reporter (`quiet`: no summary notice).
    pub(crate) fn new(engine: &'e Engine, quiet: bool) -> Github<'e> {
        Github { engine, quiet }
    }
}

/// Escapes workflow command data (the message).
pub(crate) fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value (`file=`, `title=`).
pub(crate) fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        _level: Safety,
    ) -> io::Result<Part> {
        let mut part = Part::default();
        let file = github_property(&relative_path(path));
        for l in locate(self.engine, path, text, findings) {
            let command = match l.rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                part.now,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                github_property(&l.rule.id),
                github_data(&message(&l)),
            )?;
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, _held: &[String], totals: &Totals) -> io::Result<()> {
        // One annotation per finding, each level from one severity.
        let levels = [totals.errors, totals.warnings, totals.infos];
        if self.quiet || levels.iter().all(|&n| n <= GITHUB_LIMIT) {
            return Ok(());
        }
        let summary = format!(
            "mtfix found {}. GitHub shows at most {GITHUB_LIMIT} annotations of each level per step: run `mtfix check` for all of them.",
            totals.summary()
        );
        writeln!(
            out.out,
            "::notice title=mtfix summary::{}",
            github_data(&summary)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{github_data, github_property};

    #[test]
    fn github_escapes() {
        assert_eq!(github_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
