//! Static checks of glossaries (`mtfix glossary lint`): mistakes that load fine but break a guarantee.
//!
//! The loader already rejects what cannot work (bad TOML, bad regex, duplicate id inside one file). Lint looks
//! at the glossaries *together*, the way the engine will use them:
//!
//! | check               | severity | why it matters                                                        |
//! |---------------------|----------|-----------------------------------------------------------------------|
//! | `duplicate-id`      | error    | the engine refuses two rules with one id                              |
//! | `duplicate-variant` | error    | two rules claim one variant: which wins depends on load order         |
//! | `chain`             | error    | another rule rewrites this rule's output: `fix` is not one step       |
//! | `self-match`        | error    | the rule fires on its own replacement (a variant inside it)           |
//! | `shadowed`          | warning  | a longer variant of another rule takes every one of its examples      |
//! | `example`           | error    | the rule fails its own examples or keeps                              |
//! | `empty-match`       | error    | a regex that matches the empty string fires everywhere                |
//! | `no-keep`           | warning  | a safe rule with no `keep` texts has no guard against false positives |
//!
//! Errors break idempotence or determinism (DESIGN.md guarantees 3 and 4); warnings are advice.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use crate::engine::Engine;
use crate::error::{Error, Place};
use crate::glossary::{CaseMode, Glossary, LineAction, Rule, RuleKind, Safety};

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
    /// The check that found it (`duplicate-id`, `duplicate-variant`, `chain`, `example`, `empty-match`,
    /// `no-keep`, `compile`).
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
/// assert!(mtfix::lint::lint(&[g]).is_empty());
/// # Ok::<(), mtfix::Error>(())
/// ```
pub fn lint(glossaries: &[Glossary]) -> Vec<LintIssue> {
    let mut issues = Vec::new();
    let rules: Vec<&Rule> = glossaries.iter().flat_map(|g| &g.rules).collect();

    let unique = duplicate_ids(&rules, &mut issues);
    duplicate_variants(&rules, &mut issues);
    for rule in &rules {
        empty_match(rule, &mut issues);
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
            chains(&engine, &mut issues);
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

fn issue(rule: &Rule, severity: LintSeverity, check: &'static str, message: String) -> LintIssue {
    LintIssue {
        severity,
        check,
        rule: rule.id.clone(),
        place: rule.place.clone(),
        message,
    }
}

/// Reports ids defined more than once (across files); returns the first definition of every id.
fn duplicate_ids(rules: &[&Rule], issues: &mut Vec<LintIssue>) -> BTreeSet<*const Rule> {
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

fn duplicate_variants(rules: &[&Rule], issues: &mut Vec<LintIssue>) {
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

/// A Unicode `\b` makes the regex engine leave its fast DFA at the first non-ASCII byte of a text (measured: a set
/// of 16 glossary patterns ran 80 times slower on the reference article). The engine already keeps matches to
/// whole words at their edges, so `\b` is rarely needed; inside a pattern, `(?-u:\b)` is fast.
fn unicode_word_boundary(rule: &Rule, issues: &mut Vec<LintIssue>) {
    let sources = [
        match &rule.kind {
            RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => Some(regex.as_str()),
            RuleKind::Term { .. } | RuleKind::Consistency { .. } => None,
        },
        rule.not_before.as_deref(),
        rule.not_after.as_deref(),
    ];
    for source in sources.into_iter().flatten() {
        let Ok(hir) = regex_syntax::parse(source) else {
            continue;
        };
        if has_unicode_word_boundary(&hir) {
            issues.push(issue(
                rule,
                LintSeverity::Warning,
                "unicode-word-boundary",
                format!(
                    "regex {source:?} uses a Unicode `\\b`, which makes it slow on non-ASCII text; matches are whole words \
                     at their edges already, and `(?-u:\\b)` is fast inside a pattern"
                ),
            ));
        }
    }
}

fn has_unicode_word_boundary(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{HirKind, Look};
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
        ),
        HirKind::Capture(capture) => has_unicode_word_boundary(&capture.sub),
        HirKind::Repetition(repetition) => has_unicode_word_boundary(&repetition.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(has_unicode_word_boundary)
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}

fn empty_match(rule: &Rule, issues: &mut Vec<LintIssue>) {
    let regex = match &rule.kind {
        RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => regex,
        RuleKind::Term { .. } | RuleKind::Consistency { .. } => return,
    };
    // The loader has compiled it already; a failure here is the loader's to report.
    if regex::Regex::new(regex).is_ok_and(|r| r.is_match("")) {
        issues.push(issue(
            rule,
            LintSeverity::Error,
            "empty-match",
            format!("regex {regex:?} matches the empty string, so it can fire anywhere"),
        ));
    }
}

fn edits(rule: &Rule) -> bool {
    rule.replace.is_some()
        || matches!(
            rule.kind,
            RuleKind::Line {
                action: LineAction::Delete | LineAction::Dedupe,
                ..
            }
        )
}

fn no_keep(rule: &Rule, issues: &mut Vec<LintIssue>) {
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

/// One step of a chain: rule `from`'s output is rewritten by rule `to`.
struct Link {
    to: usize,
    found: String,
    replacement: String,
}

/// Runs the engine over every rule's replacement (when it is literal) or, for templates, its example outputs,
/// and reports any rule that would rewrite them, naming the whole chain (or cycle).
fn chains(engine: &Engine, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let mut links: HashMap<usize, Link> = HashMap::new();
    let mut diverging: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
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
                        let replacement = f.replacement.as_deref()?;
                        (f.applied && replacement != found).then(|| Link {
                            to: f.rule,
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
    for (index, link) in &links {
        if link.to == *index {
            issues.push(issue(
                rules[*index],
                LintSeverity::Error,
                "self-match",
                format!(
                    "the rule fires on its own replacement ({:?} → {:?}), so `fix` would rewrite correct text: \
                     drop the variant or add a guard",
                    link.found, link.replacement
                ),
            ));
            continue;
        }
        let mut path = vec![*index];
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
        let rule = rules[*index];
        let by = if link.to == *index {
            "by the rule itself".to_owned()
        } else {
            format!("by `{}`", rules[link.to].id)
        };
        issues.push(issue(
            rule,
            LintSeverity::Error,
            "chain",
            format!(
                "its output is rewritten {by} ({:?} → {:?}); {ending}: {}",
                link.found,
                link.replacement,
                names.join(" → ")
            ),
        ));
    }
    for (index, involved) in diverging {
        if involved == [rules[index].id.clone()] {
            issues.push(issue(
                rules[index],
                LintSeverity::Error,
                "self-match",
                "the rule fires on its own replacement, again and again: fixing its output never settles"
                    .to_owned(),
            ));
            continue;
        }
        issues.push(issue(
            rules[index],
            LintSeverity::Error,
            "chain",
            format!(
                "fixing its output never settles; rules still rewriting it: {}",
                involved.join(", ")
            ),
        ));
    }
}

/// A term rule with a variant that is a strict part of another rule's longer variant, where that longer rule
/// takes every one of the shorter rule's examples (so, by leftmost-longest, the shorter rule never gets to fire
/// where its examples say it should).
fn shadowed(engine: &Engine, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let variants = |rule: &Rule| -> Vec<String> {
        match &rule.kind {
            RuleKind::Term { variants } => variants.iter().map(|v| variant_key(v, true)).collect(),
            _ => Vec::new(),
        }
    };
    let keyed: Vec<Vec<String>> = rules.iter().map(|r| variants(r)).collect();
    for (short, rule) in rules.iter().enumerate() {
        let longer: Vec<usize> = (0..rules.len())
            .filter(|&other| {
                other != short
                    && keyed[short].iter().any(|v| {
                        keyed[other]
                            .iter()
                            .any(|w| w.len() > v.len() && w.contains(v.as_str()))
                    })
            })
            .collect();
        if longer.is_empty() || rule.examples.is_empty() {
            continue;
        }
        let mut takers: Vec<usize> = Vec::new();
        let all_taken = rule.examples.iter().all(|example| {
            let Ok(outcome) = engine.fix(&example.input, Safety::Review) else {
                return false;
            };
            if outcome.findings.iter().any(|f| f.rule == short) {
                return false;
            }
            match outcome.findings.iter().find(|f| longer.contains(&f.rule)) {
                Some(f) => {
                    takers.push(f.rule);
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

fn examples(glossaries: &[Glossary], engine: &Engine, issues: &mut Vec<LintIssue>) {
    match crate::selftest::run(glossaries) {
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

#[cfg(test)]
mod tests {
    use super::{LintSeverity, lint, variant_key};
    use crate::glossary::parse;

    fn glossary(body: &str, file: &str) -> crate::Glossary {
        parse(&format!("[glossary]\nname = \"t\"\n{body}"), file).expect("test glossary loads")
    }

    fn checks(issues: &[super::LintIssue]) -> Vec<(LintSeverity, &str, &str)> {
        issues
            .iter()
            .map(|i| (i.severity, i.check, i.rule.as_str()))
            .collect()
    }

    #[test]
    fn variants_compare_ignoring_case_spacing_and_quote_style() {
        assert_eq!(variant_key("Xiong  \u{2019}an\tNew", true), "xiong 'an new");
        assert_eq!(variant_key("Xiong  an", false), "Xiong an");
    }

    #[test]
    fn a_clean_glossary_has_no_issues() {
        let g = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"Xiong an\"]\nreplace = \"Xiong'an\"\nexamples = [{ input = \"Xiong an\", output = \"Xiong'an\" }]\nkeep = [\"Xiong'an\"]\n",
            "a.toml",
        );
        assert_eq!(lint(&[g]), []);
    }

    #[test]
    fn finds_duplicate_ids_variants_and_chains() {
        let a = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"foo bar\"]\nreplace = \"baz\"\nexamples = [{ input = \"foo bar\", output = \"qux\" }]\nkeep = [\"x\"]\n\
             [[term]]\nid = \"b\"\nmatch = [\"baz\"]\nreplace = \"qux\"\nexamples = [{ input = \"baz\", output = \"qux\" }]\nkeep = [\"x\"]\n",
            "a.toml",
        );
        let b = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"FOO  bar\"]\nreplace = \"x\"\nexamples = [{ input = \"FOO bar\", output = \"x\" }]\n",
            "b.toml",
        );
        let issues = lint(&[a, b]);
        assert_eq!(
            checks(&issues),
            [
                (LintSeverity::Error, "chain", "t/a"),
                (LintSeverity::Error, "duplicate-id", "t/a"),
                (LintSeverity::Error, "duplicate-variant", "t/a"),
                (LintSeverity::Warning, "no-keep", "t/a"),
            ]
        );
        assert_eq!(
            issues[0].message,
            "its output is rewritten by `t/b` (\"baz\" → \"qux\"); chain: t/a → t/b"
        );
        assert_eq!(issues[1].place.to_string(), "b.toml:3:1");
        assert_eq!(
            issues[1].message,
            "rule id `t/a` is already defined at a.toml:3:1"
        );
    }

    #[test]
    fn warns_about_unicode_word_boundaries_but_not_ascii_ones() {
        let body = |regex: &str| {
            format!(
                "[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{{ input = \"ab x\", output = \"y x\" }}]\n"
            )
        };
        let checks_of = |regex: &str| -> Vec<&'static str> {
            lint(&[glossary(&body(regex), "w.toml")])
                .iter()
                .map(|i| i.check)
                .collect()
        };
        assert!(checks_of(r"\bab\b").contains(&"unicode-word-boundary"));
        assert!(!checks_of(r"(?-u:\b)ab(?-u:\b)").contains(&"unicode-word-boundary"));
        assert!(!checks_of("ab").contains(&"unicode-word-boundary"));
    }

    #[test]
    fn finds_empty_matching_regexes_and_failing_examples() {
        let g = glossary(
            "[[pattern]]\nid = \"p\"\nregex = 'x*'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{ input = \"x\", output = \"z\" }]\n",
            "p.toml",
        );
        let issues = lint(&[g]);
        let found: Vec<_> = issues.iter().map(|i| i.check).collect();
        assert!(found.contains(&"empty-match"), "{issues:#?}");
        assert!(found.contains(&"example"), "{issues:#?}");
    }
}
