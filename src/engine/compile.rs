//! Building the engine's matchers from glossary rules, once.
//!
//! Every literal variant of every term rule of a pass goes into one Aho-Corasick automaton (leftmost-longest,
//! ASCII case-insensitive, anchored and unanchored searches) over the folded view of the text; pattern and line
//! rules keep their compiled regexes; guards and templates are compiled here so scanning never parses anything.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind, StartKind};
use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use super::normalize::fold_variant;
use crate::error::{Error, Result};
use crate::glossary::template::{Groups, Template};
use crate::glossary::{Glossary, LineAction, Pass, Rule, RuleKind, Safety};

/// A rule ready to run.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub(crate) rule: Rule,
    /// The rule's regex (patterns and lines).
    pub(crate) regex: Option<Regex>,
    /// The replacement template (patterns and lines); terms use `rule.replace` directly.
    pub(crate) template: Option<Template>,
    /// `not_before`, anchored at the start of the text after a match.
    pub(crate) not_before: Option<Regex>,
    /// `not_after`, anchored at the end of the text before a match.
    pub(crate) not_after: Option<Regex>,
    /// For terms: the folded, lowercased replacement, to see whether it already stands around a match.
    pub(crate) folded_replacement: String,
}

impl CompiledRule {
    /// Whether `fix` at `level` applies this rule's edits (a rule without a replacement only flags, except line
    /// rules that delete).
    pub(crate) fn applies_at(&self, level: Safety) -> bool {
        let edits = self.rule.replace.is_some()
            || matches!(self.rule.kind, RuleKind::Consistency { .. })
            || matches!(
                self.rule.kind,
                RuleKind::Line {
                    action: LineAction::Delete | LineAction::Dedupe,
                    ..
                }
            );
        edits && self.rule.safety <= level
    }
}

/// One automaton pattern: a folded variant and the term rules that list it, in glossary order.
#[derive(Debug)]
pub(crate) struct VariantEntry {
    /// Folded variant as written (for `case = "exact"`).
    pub(crate) folded: String,
    /// Rules (engine indices) that list this variant, with where the variant occurs inside each rule's folded
    /// replacement (case-insensitively): a match at such an offset may be part of the replacement itself.
    pub(crate) rules: Vec<(usize, Vec<usize>)>,
}

/// Everything one pass runs.
#[derive(Debug, Default)]
pub(crate) struct PassMatchers {
    /// The literal automaton over all term variants of this pass (`None` when the pass has no terms).
    pub(crate) terms: Option<AhoCorasick>,
    /// Automaton pattern id → variant entry.
    pub(crate) variants: Vec<VariantEntry>,
    /// Pattern rules of this pass (engine indices), in glossary order.
    pub(crate) patterns: Vec<usize>,
    /// All pattern regexes of this pass as one set, built on first use: one scan tells which patterns match
    /// anywhere in a large text, so the others cost nothing. `None` inside when the set cannot be built.
    pattern_set: OnceLock<Option<RegexSet>>,
    /// Line rules (only in the lines pass), in glossary order.
    pub(crate) lines: Vec<usize>,
    /// One automaton over the forms of all consistency rules of this pass.
    pub(crate) consistency: Option<AhoCorasick>,
    /// Automaton pattern id → form.
    pub(crate) forms: Vec<FormEntry>,
}

/// One form of a consistency rule.
#[derive(Debug)]
pub(crate) struct FormEntry {
    /// The rule (engine index).
    pub(crate) rule: usize,
    /// Which of the rule's forms.
    pub(crate) form: usize,
    /// The folded form as written (for `case = "exact"`).
    pub(crate) folded: String,
}

impl PassMatchers {
    /// The pattern set (see `pattern_set`), built on first call.
    pub(crate) fn pattern_set(&self, rules: &[CompiledRule]) -> Option<&RegexSet> {
        self.pattern_set
            .get_or_init(|| {
                let sources = self.patterns.iter().map(|&i| match &rules[i].rule.kind {
                    RuleKind::Pattern { regex } => regex.as_str(),
                    _ => "",
                });
                RegexSetBuilder::new(sources)
                    .size_limit(4 * crate::glossary::REGEX_SIZE_LIMIT)
                    .dfa_size_limit(4 * crate::glossary::REGEX_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_none()
            && self.patterns.is_empty()
            && self.lines.is_empty()
            && self.consistency.is_none()
    }
}

/// Compiles all rules of `glossaries`, in order.
pub(crate) fn compile(glossaries: &[Glossary]) -> Result<(Vec<CompiledRule>, Vec<PassMatchers>)> {
    let mut seen: HashMap<&str, &Rule> = HashMap::new();
    for rule in glossaries.iter().flat_map(|g| &g.rules) {
        if let Some(first) = seen.insert(&rule.id, rule) {
            return Err(Error::Glossary {
                place: rule.place.clone(),
                rule: Some(rule.id.clone()),
                message: format!("duplicate rule id (first defined at {})", first.place),
            });
        }
    }

    let rules: Vec<CompiledRule> = glossaries
        .iter()
        .flat_map(|g| &g.rules)
        .map(compile_rule)
        .collect::<Result<_>>()?;

    let mut passes = Vec::with_capacity(Pass::ALL.len());
    for pass in Pass::ALL {
        let mut matchers = PassMatchers::default();
        let mut by_variant: HashMap<String, usize> = HashMap::new();
        for (index, compiled) in rules.iter().enumerate() {
            if compiled.rule.pass != pass {
                continue;
            }
            match &compiled.rule.kind {
                RuleKind::Term { variants } => {
                    for variant in variants {
                        let folded = fold_variant(variant);
                        let key = folded.to_ascii_lowercase();
                        let offsets = offsets_in(&compiled.folded_replacement, &key);
                        let id = *by_variant.entry(key).or_insert_with(|| {
                            matchers.variants.push(VariantEntry {
                                folded: folded.clone(),
                                rules: Vec::new(),
                            });
                            matchers.variants.len() - 1
                        });
                        let entry = &mut matchers.variants[id];
                        if !entry.rules.iter().any(|(r, _)| *r == index) {
                            entry.rules.push((index, offsets));
                        }
                    }
                }
                RuleKind::Consistency { forms } => {
                    for (form, text) in forms.iter().enumerate() {
                        matchers.forms.push(FormEntry {
                            rule: index,
                            form,
                            folded: fold_variant(text),
                        });
                    }
                }
                RuleKind::Pattern { .. } => matchers.patterns.push(index),
                RuleKind::Line { .. } => matchers.lines.push(index),
            }
        }
        if !matchers.variants.is_empty() {
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .start_kind(StartKind::Both)
                .build(matchers.variants.iter().map(|v| v.folded.as_str()))
                .map_err(|e| Error::Glossary {
                    place: rules[matchers.variants[0].rules[0].0].rule.place.clone(),
                    rule: None,
                    message: format!("cannot build the term automaton: {e}"),
                })?;
            matchers.terms = Some(automaton);
        }
        if !matchers.forms.is_empty() {
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(matchers.forms.iter().map(|f| f.folded.as_str()))
                .map_err(|e| Error::Glossary {
                    place: rules[matchers.forms[0].rule].rule.place.clone(),
                    rule: None,
                    message: format!("cannot build the consistency automaton: {e}"),
                })?;
            matchers.consistency = Some(automaton);
        }
        passes.push(matchers);
    }
    Ok((rules, passes))
}

fn compile_rule(rule: &Rule) -> Result<CompiledRule> {
    let fail = |message: String| Error::Glossary {
        place: rule.place.clone(),
        rule: Some(rule.id.clone()),
        message,
    };
    let regex_source = match &rule.kind {
        RuleKind::Term { .. } | RuleKind::Consistency { .. } => None,
        RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => Some(regex),
    };
    let regex = regex_source
        .map(|source| crate::glossary::compile_regex(source, ""))
        .transpose()
        .map_err(fail)?;
    let template = match (&regex, &rule.replace) {
        (Some(regex), Some(replace)) => {
            Some(Template::parse(replace, &Groups::of_regex(regex)).map_err(|e| fail(e.message))?)
        }
        _ => None,
    };
    let guard = |source: &Option<String>, what: &str| {
        source
            .as_deref()
            .map(|s| crate::glossary::compile_regex(s, what))
            .transpose()
            .map_err(fail)
    };
    let folded_replacement = match (&rule.kind, &rule.replace) {
        (RuleKind::Term { .. }, Some(replace)) => fold_variant(replace).to_ascii_lowercase(),
        _ => String::new(),
    };
    Ok(CompiledRule {
        rule: rule.clone(),
        regex,
        template,
        not_before: guard(&rule.not_before, "not_before")?,
        not_after: guard(&rule.not_after, "not_after")?,
        folded_replacement,
    })
}

/// Every offset where `needle` occurs in `haystack` (both already lowercased), overlapping occurrences included.
fn offsets_in(haystack: &str, needle: &str) -> Vec<usize> {
    (0..haystack.len())
        .filter(|&i| haystack.as_bytes()[i..].starts_with(needle.as_bytes()))
        .collect()
}
