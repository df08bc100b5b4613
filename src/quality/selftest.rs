//! Running every rule's own `examples` and `keep` (what `mtfix glossary test` and `cargo test` do).
//!
//! Examples run through the whole rule set being tested, at the review level, so that a rule whose output another
//! rule would rewrite shows up here too. An example that changes the text must be changed by its own rule; a
//! `keep` text must draw no finding at all from its rule.

use crate::engine::Engine;
use crate::error::Result;
use crate::glossary::{Glossary, Rule, Safety};

/// One failed example or keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's full id.
    pub rule: String,
    /// Where the rule is defined (`file:line:column`).
    pub place: String,
    /// What went wrong, with the texts involved.
    pub message: String,
}

/// Totals of a self-test run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelfTest {
    /// How many examples and keeps ran.
    pub checked: usize,
    /// The failures, in rule order.
    pub failures: Vec<ExampleFailure>,
}

/// Runs the examples and keeps of every rule in `glossaries`, with all of `glossaries` loaded.
///
/// # Errors
/// The glossaries do not compile together (say, a rule id defined twice).
pub fn run(glossaries: &[Glossary]) -> Result<SelfTest> {
    let engine = Engine::new(glossaries)?;
    let mut report = SelfTest::default();
    for (index, rule) in engine.rules().enumerate() {
        for example in &rule.examples {
            report.checked += 1;
            let fail = |message: String| failure(rule, message);
            match engine.fix(&example.input, Safety::Review) {
                Err(e) => report
                    .failures
                    .push(fail(format!("example {:?}: {e}", example.input))),
                Ok(outcome) => {
                    if outcome.text != example.output {
                        report.failures.push(fail(format!(
                            "example {:?}: expected {:?}, got {:?}",
                            example.input, example.output, outcome.text
                        )));
                    } else if !outcome.findings.iter().any(|f| f.rule.index() == index) {
                        report.failures.push(fail(format!(
                            "example {:?}: the rule itself did not fire",
                            example.input
                        )));
                    }
                }
            }
        }
        for keep in &rule.keep {
            report.checked += 1;
            match engine.fix(keep, Safety::Review) {
                Err(e) => report
                    .failures
                    .push(failure(rule, format!("keep {keep:?}: {e}"))),
                Ok(outcome) => {
                    if let Some(f) = outcome.findings.iter().find(|f| f.rule.index() == index) {
                        report.failures.push(failure(
                            rule,
                            format!(
                                "keep {keep:?}: the rule fired on {:?} (→ {:?})",
                                &keep[f.span.clone()],
                                f.replacement().unwrap_or("")
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(report)
}

fn failure(rule: &Rule, message: String) -> ExampleFailure {
    ExampleFailure {
        rule: rule.id.clone(),
        place: rule.place.to_string(),
        message,
    }
}
