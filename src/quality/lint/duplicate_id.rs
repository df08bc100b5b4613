//! The `duplicate-id` check: a rule id defined more than once, across all the glossaries.

use std::collections::{BTreeSet, HashMap};

use super::{LintIssue, LintSeverity, issue};
use crate::glossary::Rule;

/// Reports ids defined more than once (across files); returns the first definition of every id.
pub(super) fn duplicate_ids(rules: &[&Rule], issues: &mut Vec<LintIssue>) -> BTreeSet<*const Rule> {
    let mut first: HashMap<&str, &Rule> = HashMap::new();
    let mut unique = BTreeSet::new();
    for &rule in rules {
        match first.get(rule.id.as_str()) {
            Some(earlier) => issues.push(issue(
                rule,
                LintSeverity::Error,
                "duplicate-id",
                format!(
                    "rule id `{}` is already defined at {}",
                    rule.id, earlier.place
                ),
            )),
            None => {
                first.insert(&rule.id, rule);
                unique.insert(std::ptr::from_ref(rule));
            }
        }
    }
    unique
}
