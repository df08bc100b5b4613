//! The `example` check: every rule's own examples and keeps, run through the self-test with all the glossaries
//! loaded.

use super::{LintIssue, LintSeverity, compile_error, issue};
use crate::engine::Engine;
use crate::glossary::Glossary;

/// Reports every failed example or keep at its rule (or a `compile` issue if the glossaries do not compile).
pub(super) fn examples(glossaries: &[Glossary], engine: &Engine, issues: &mut Vec<LintIssue>) {
    match crate::quality::selftest::run(glossaries) {
        Ok(report) => {
            for failure in report.failures {
                if let Some(rule) = engine.find_rule(&failure.rule) {
                    issues.push(issue(rule, LintSeverity::Error, "example", failure.message));
                }
            }
        }
        Err(e) => issues.push(compile_error(e, glossaries)),
    }
}
