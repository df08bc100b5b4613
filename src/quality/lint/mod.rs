//! Static checks of glossaries (`mtfix glossary lint`): mistakes that load fine but break a guarantee.
//!
//! The loader already rejects what cannot work (bad TOML, bad regex, duplicate id inside one file). Lint looks
//! at the glossaries *together*, the way the engine will use them:
//!
//! | check               | severity | why it matters                                                        |
//! |---------------------|----------|-----------------------------------------------------------------------|
//! | `duplicate-id`      | error    | the engine refuses two rules with one id                              |
//! | `duplicate-variant` | error    | two rules claim one variant: which wins depends on load order         |
//! | `cycle`             | error    | term rules rewrite each other's replacements in a loop: `fix` never settles |
//! | `chain`             | error    | another rule rewrites this rule's output: `fix` is not one step       |
//! | `self-match`        | error    | the rule fires on its own replacement (a variant inside it)           |
//! | `shadowed`          | warning  | a longer variant of another rule takes every one of its examples      |
//! | `example`           | error    | the rule fails its own examples or keeps                              |
//! | `unicode-word-boundary` | warning | a regex with a Unicode `\b`, slow on non-ASCII text                |
//! | `no-keep`           | warning  | a safe rule with no `keep` texts has no guard against false positives |
//!
//! Errors break idempotence or determinism (guarantees 3 and 4 of ARCHITECTURE.md); warnings are advice. (A regex that
//! matches the empty string is rejected by the loader, so it never gets here.)
//!
//! Every check is linear in the number of rules and variants (literal containment goes through one Aho-Corasick
//! automaton), so a glossary at the loader's limits ([`crate::glossary::MAX_VARIANTS`]) lints in seconds.
//!
//! Each check lives in a file of its own below this module (`duplicate_id.rs`, `duplicate_variant.rs`, `cycle.rs`,
//! `chain.rs` with `self-match`, `shadowed.rs`, `example.rs`, `unicode_word_boundary.rs`, `no_keep.rs`); this file
//! runs them in order and sorts what they find.

use std::collections::HashMap;
use std::fmt;

use crate::engine::Engine;
use crate::error::{Error, Place};
use crate::glossary::{Glossary, Rule};

mod chain;
mod cycle;
mod duplicate_id;
mod duplicate_variant;
mod example;
mod no_keep;
mod shadowed;
#[cfg(test)]
mod tests;
mod unicode_word_boundary;

use chain::chains;
use cycle::literal_cycles;
use duplicate_id::duplicate_ids;
use duplicate_variant::duplicate_variants;
use example::examples;
use no_keep::no_keep;
use shadowed::shadowed;
use unicode_word_boundary::unicode_word_boundary;

/// How serious a lint issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintSeverity {
    /// Breaks a guarantee: `mtfix glossary lint` exits 1.
    Error,
    /// Advice: reported, but does not fail.
    Warning,
}

impl fmt::Display for LintSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintSeverity::Error => "error",
            LintSeverity::Warning => "warning",
        })
    }
}

/// One problem found by [`lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    /// Error or warning.
    pub severity: LintSeverity,
    /// The check that found it (`duplicate-id`, `duplicate-variant`, `cycle`, `chain`, `self-match`, `shadowed`,
    /// `example`, `unicode-word-boundary`, `no-keep`, `compile`).
    pub check: &'static str,
    /// The full id of the rule at fault (empty when the problem is not inside one rule).
    pub rule: String,
    /// Where the rule is defined.
    pub place: Place,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Runs every static check over `glossaries`, taken together in load order. Issues come back sorted by
/// glossary, then line, then column, then check.
///
/// # Example
/// ```
/// let g = mtfix::glossary::parse(
///     "[glossary]\nname = \"t\"\n[[term]]\nid = \"a\"\nmatch = [\"x y\"]\nreplace = \"x-y\"\n\
///      examples = [{ input = \"x y\", output = \"x-y\" }]\nkeep = [\"x-y\"]\n",
///     "t.toml",
/// )?;
/// assert!(mtfix::quality::lint::lint(&[g]).is_empty());
/// # Ok::<(), mtfix::Error>(())
/// ```
pub fn lint(glossaries: &[Glossary]) -> Vec<LintIssue> {
    let mut issues = Vec::new();
    let rules: Vec<&Rule> = glossaries.iter().flat_map(|g| &g.rules).collect();

    let unique = duplicate_ids(&rules, &mut issues);
    duplicate_variants(&rules, &mut issues);
    for rule in &rules {
        unicode_word_boundary(rule, &mut issues);
        no_keep(rule, &mut issues);
    }

    // The engine checks need one rule per id: later duplicates (already reported) are dropped.
    let deduped: Vec<Glossary> = glossaries
        .iter()
        .map(|g| Glossary {
            rules: g
                .rules
                .iter()
                .filter(|r| unique.contains(&std::ptr::from_ref(r)))
                .cloned()
                .collect(),
            ..g.clone()
        })
        .collect();
    match Engine::new(&deduped).and_then(|engine| engine.compile_rules(|_| true).map(|()| engine)) {
        Ok(engine) => {
            let engine_rules: Vec<&Rule> = engine.rules().collect();
            let in_cycles = literal_cycles(&engine_rules, &mut issues);
            chains(&engine, &in_cycles, &mut issues);
            shadowed(&engine, &mut issues);
            examples(&deduped, &engine, &mut issues);
        }
        Err(e) => issues.push(compile_error(e, glossaries)),
    }

    let order: HashMap<&str, usize> = glossaries
        .iter()
        .enumerate()
        .map(|(i, g)| (g.file.as_str(), i))
        .collect();
    issues.sort_by(|a, b| {
        let key = |i: &LintIssue| {
            (
                order
                    .get(i.place.file.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                i.place.line,
                i.place.column,
                i.check,
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
    issues.dedup();
    issues
}

/// An issue of `check` at `rule`'s place.
fn issue(rule: &Rule, severity: LintSeverity, check: &'static str, message: String) -> LintIssue {
    LintIssue {
        severity,
        check,
        rule: rule.id.clone(),
        place: rule.place.clone(),
        message,
    }
}

/// The form two variants are compared in: case-insensitive, whitespace runs folded, typographic quotes
/// straightened (the engine matches them all alike).
fn variant_key(variant: &str, ignore_case: bool) -> String {
    let straight: String = variant
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect();
    let folded = straight.split_whitespace().collect::<Vec<_>>().join(" ");
    if ignore_case {
        folded.to_lowercase()
    } else {
        folded
    }
}

/// The `compile` issue for glossaries that do not compile together, at the rule at fault (or the first file).
fn compile_error(error: Error, glossaries: &[Glossary]) -> LintIssue {
    let (place, rule, message) = match error {
        Error::Glossary {
            place,
            rule,
            message,
        } => (place, rule.unwrap_or_default(), message),
        other => (
            Place {
                file: glossaries
                    .first()
                    .map(|g| g.file.clone())
                    .unwrap_or_default(),
                line: 1,
                column: 1,
            },
            String::new(),
            other.to_string(),
        ),
    };
    LintIssue {
        severity: LintSeverity::Error,
        check: "compile",
        rule,
        place,
        message,
    }
}
