//! The `no-keep` check: a safe rule that edits text but has no `keep` texts to guard against false positives.

use super::{LintIssue, LintSeverity, issue};
use crate::glossary::{LineAction, Rule, Safety};

/// Whether the rule changes text (a replacement, or a line it deletes) rather than only flagging it.
fn edits(rule: &Rule) -> bool {
    rule.replace.is_some() || rule.kind.action().is_some_and(LineAction::deletes)
}

/// Warns about a safe, editing rule without `keep` texts.
pub(super) fn no_keep(rule: &Rule, issues: &mut Vec<LintIssue>) {
    if rule.safety == Safety::Safe && edits(rule) && rule.keep.is_empty() {
        issues.push(issue(
            rule,
            LintSeverity::Warning,
            "no-keep",
            "a safe rule without `keep` texts: add texts it must leave alone (false-positive guards)"
                .to_owned(),
        ));
    }
}
