//! The `shadowed` check: a term rule whose every example is taken by another rule's longer variant, so that it may
//! never fire.

use std::collections::{BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};

use super::{LintIssue, LintSeverity, issue, variant_key};
use crate::engine::Engine;
use crate::glossary::{Rule, RuleKind, Safety};

/// A term rule with a variant that is a strict part of another rule's longer variant, where that longer rule
/// takes every one of the shorter rule's examples (so, by leftmost-longest, the shorter rule never gets to fire
/// where its examples say it should).
pub(super) fn shadowed(engine: &Engine, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let variants = |rule: &Rule| -> Vec<String> {
        match &rule.kind {
            RuleKind::Term { variants } => variants.iter().map(|v| variant_key(v, true)).collect(),
            _ => Vec::new(),
        }
    };
    let keyed: Vec<Vec<String>> = rules.iter().map(|r| variants(r)).collect();
    // For each rule, the other rules with a variant that strictly contains one of its variants: every variant is
    // searched once for all the (shorter) variants inside it.
    let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, keys) in keyed.iter().enumerate() {
        for key in keys {
            owners.entry(key.as_str()).or_default().push(index);
        }
    }
    let patterns: Vec<&str> = owners.keys().copied().collect();
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    else {
        return;
    };
    let mut longer_than: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for (long, keys) in keyed.iter().enumerate() {
        for key in keys {
            for m in automaton.find_overlapping_iter(key.as_str()) {
                let inner = patterns[m.pattern().as_usize()];
                if inner.len() >= key.len() {
                    continue;
                }
                for &short in &owners[inner] {
                    if short != long {
                        longer_than.entry(short).or_default().insert(long);
                    }
                }
            }
        }
    }
    for (short, rule) in rules.iter().enumerate() {
        let Some(longer) = longer_than.get(&short) else {
            continue;
        };
        if rule.examples.is_empty() {
            continue;
        }
        let mut takers: Vec<usize> = Vec::new();
        let all_taken = rule.examples.iter().all(|example| {
            let Ok(outcome) = engine.fix(&example.input, Safety::Review) else {
                return false;
            };
            if outcome.findings.iter().any(|f| f.rule.index() == short) {
                return false;
            }
            match outcome
                .findings
                .iter()
                .find(|f| longer.contains(&f.rule.index()))
            {
                Some(f) => {
                    takers.push(f.rule.index());
                    true
                }
                None => false,
            }
        });
        if all_taken {
            takers.sort_unstable();
            takers.dedup();
            let names: Vec<String> = takers
                .iter()
                .map(|&t| format!("`{}`", rules[t].id))
                .collect();
            issues.push(issue(
                rule,
                LintSeverity::Warning,
                "shadowed",
                format!(
                    "shadowed by {}: a longer variant there takes every example of this rule, so it may never fire",
                    names.join(", ")
                ),
            ));
        }
    }
}
