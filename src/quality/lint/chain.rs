//! The `chain` and `self-match` checks: the engine runs over every rule's output (its literal replacement or, for a
//! template, its example outputs), and any rule that would rewrite it is reported, naming the whole chain (or
//! cycle); so is an output whose fixing never settles.

use std::collections::{HashMap, HashSet};

use super::{LintIssue, LintSeverity, issue};
use crate::engine::Engine;
use crate::error::Error;
use crate::glossary::{Rule, RuleKind, Safety};

/// One step of a chain: rule `from`'s output is rewritten by rule `to`.
struct Link {
    to: usize,
    found: String,
    replacement: String,
}

/// What running the engine over the rules' outputs found.
struct Rewrites {
    /// Per rule (engine index), the first rewrite of its output.
    links: HashMap<usize, Link>,
    /// The rules whose output never settles, with the ids of the rules still rewriting it.
    diverging: Vec<(usize, Vec<String>)>,
}

/// Runs the engine over every rule's replacement (when it is literal) or, for templates, its example outputs,
/// and reports any rule that would rewrite them, naming the whole chain (or cycle).
/// Rules in `in_cycles` are skipped: [`literal_cycles`](super::cycle::literal_cycles) has reported them, with the
/// texts that loop.
pub(super) fn chains(engine: &Engine, in_cycles: &HashSet<usize>, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let Rewrites { links, diverging } = rewrites(engine, &rules, in_cycles);
    for (index, link) in &links {
        issues.push(link_issue(&rules, &links, *index, link));
    }
    for (index, involved) in diverging {
        issues.push(diverging_issue(engine, &rules, index, involved));
    }
}

/// Fixes each rule's outputs (but those of the rules in `in_cycles`) and keeps, per rule, the first rewrite of
/// them or the rules that never let them settle.
fn rewrites(engine: &Engine, rules: &[&Rule], in_cycles: &HashSet<usize>) -> Rewrites {
    let mut links: HashMap<usize, Link> = HashMap::new();
    let mut diverging: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if in_cycles.contains(&index) {
            continue;
        }
        let texts: Vec<&str> = match &rule.replace {
            Some(r) if matches!(rule.kind, RuleKind::Term { .. }) || !r.contains('$') => {
                vec![r.as_str()]
            }
            _ => rule.examples.iter().map(|e| e.output.as_str()).collect(),
        };
        for text in texts.into_iter().filter(|t| !t.is_empty()) {
            match engine.fix(text, Safety::Review) {
                Ok(outcome) => {
                    let link = outcome.findings.iter().find_map(|f| {
                        let found = &text[f.span.clone()];
                        let replacement = f.replacement()?;
                        let applied = f.status(outcome.level) == crate::engine::Status::Applied;
                        (applied && replacement != found).then(|| Link {
                            to: f.rule.index(),
                            found: found.to_owned(),
                            replacement: replacement.to_owned(),
                        })
                    });
                    if let Some(link) = link {
                        links.entry(index).or_insert(link);
                        break;
                    }
                }
                Err(Error::NoConvergence { rules, .. }) => {
                    diverging.push((index, rules));
                    break;
                }
                Err(_) => {}
            }
        }
    }
    Rewrites { links, diverging }
}

/// The issue for rule `index`, whose output `link` rewrites: `self-match` if its own rule does, else `chain`,
/// following `links` to name the whole chain (and whether it ends in a cycle).
fn link_issue(
    rules: &[&Rule],
    links: &HashMap<usize, Link>,
    index: usize,
    link: &Link,
) -> LintIssue {
    if link.to == index {
        return issue(
            rules[index],
            LintSeverity::Error,
            "self-match",
            format!(
                "the rule fires on its own replacement ({:?} → {:?}), so `fix` would rewrite correct text: \
                 drop the variant or add a guard",
                link.found, link.replacement
            ),
        );
    }
    let mut path = vec![index];
    let mut at = link.to;
    let ending = loop {
        if let Some(pos) = path.iter().position(|&p| p == at) {
            path.push(at);
            break if pos == 0 {
                "cycle"
            } else {
                "chain into a cycle"
            };
        }
        path.push(at);
        match links.get(&at) {
            Some(next) => at = next.to,
            None => break "chain",
        }
    };
    let names: Vec<&str> = path.iter().map(|&i| rules[i].id.as_str()).collect();
    let rule = rules[index];
    let by = if link.to == index {
        "by the rule itself".to_owned()
    } else {
        format!("by `{}`", rules[link.to].id)
    };
    issue(
        rule,
        LintSeverity::Error,
        "chain",
        format!(
            "its output is rewritten {by} ({:?} → {:?}); {ending}: {}",
            link.found,
            link.replacement,
            names.join(" → ")
        ),
    )
}

/// The issue for rule `index`, whose output never settles while the rules `involved` keep rewriting it:
/// `self-match` if that is the rule alone, else `chain`.
fn diverging_issue(
    engine: &Engine,
    rules: &[&Rule],
    index: usize,
    involved: Vec<String>,
) -> LintIssue {
    if involved == [rules[index].id.clone()] {
        return issue(
            rules[index],
            LintSeverity::Error,
            "self-match",
            "the rule fires on its own replacement, again and again: fixing its output never settles"
                .to_owned(),
        );
    }
    issue(
        rules[index],
        LintSeverity::Error,
        "chain",
        format!(
            "fixing its output never settles; rules still rewriting it: {}",
            involved
                .iter()
                .map(|id| match engine.find_rule(id) {
                    Some(r) => format!("`{id}` ({})", r.place),
                    None => format!("`{id}`"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}
