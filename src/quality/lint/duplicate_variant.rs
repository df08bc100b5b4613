//! The `duplicate-variant` check: one variant claimed by two term rules (which wins would depend on load order), or
//! listed twice in one rule; compared ignoring case (unless `case = "exact"`), spacing and quote style.

use std::collections::HashMap;

use super::{LintIssue, LintSeverity, issue, variant_key};
use crate::glossary::{CaseMode, Rule, RuleKind};

/// Reports variants claimed by two rules (an error) or listed twice in one rule (a warning).
pub(super) fn duplicate_variants(rules: &[&Rule], issues: &mut Vec<LintIssue>) {
    let mut claimed: HashMap<String, &Rule> = HashMap::new();
    for &rule in rules {
        let RuleKind::Term { variants } = &rule.kind else {
            continue;
        };
        for variant in variants {
            // Variants of `case = "exact"` rules differ when their case differs.
            let key = if rule.case == CaseMode::Exact {
                format!("exact:{}", variant_key(variant, false))
            } else {
                variant_key(variant, true)
            };
            match claimed.get(&key) {
                Some(owner) if owner.id == rule.id && std::ptr::eq(*owner, rule) => issues.push(issue(
                    rule,
                    LintSeverity::Warning,
                    "duplicate-variant",
                    format!("variant {variant:?} is listed twice (compared ignoring case and spacing)"),
                )),
                Some(owner) => issues.push(issue(
                    rule,
                    LintSeverity::Error,
                    "duplicate-variant",
                    format!(
                        "variant {variant:?} is also claimed by `{}` ({}); keep it in one rule",
                        owner.id, owner.place
                    ),
                )),
                None => {
                    claimed.insert(key, rule);
                }
            }
        }
    }
}
