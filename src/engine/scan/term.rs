//! Term rules: every variant of every term rule found at once by one automaton over the folded text, and judged at
//! each match (case, whole words and the other checks of `allowed.rs`, a replacement that already stands around it).

use std::ops::Range;

use aho_corasick::{Anchored, Input};

use super::adapt::adapt;
use super::boundary::next_char;
use super::{Candidate, Scan, Verdict};
use crate::engine::compile::{CompiledRule, PassBuilder, VariantEntry};
use crate::engine::normalize::{FoldedText, fold_variant};
use crate::glossary::CaseMode;

/// Adds term rule `index` (`compiled`, with `variants`) to its pass: each folded variant once in the term
/// automaton, with the rules that list it and where it occurs inside each one's replacement.
pub(in crate::engine) fn register(
    builder: &mut PassBuilder,
    index: usize,
    compiled: &CompiledRule,
    variants: &[String],
) {
    let matchers = &mut builder.matchers;
    for variant in variants {
        let folded = fold_variant(variant);
        let key = folded.to_ascii_lowercase();
        let offsets = offsets_in(&compiled.folded_replacement, &key);
        let id = *builder.variant_ids.entry(key).or_insert_with(|| {
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

/// Every offset where `needle` occurs in `haystack` (both already lowercased), overlapping occurrences included.
fn offsets_in(haystack: &str, needle: &str) -> Vec<usize> {
    (0..haystack.len())
        .filter(|&i| haystack.as_bytes()[i..].starts_with(needle.as_bytes()))
        .collect()
}

impl Scan<'_> {
    /// The candidates of the term rules of a pass (`automaton` finds their variants in the folded text): at each
    /// position the longest variant whose rules accept it.
    pub(super) fn terms(
        &self,
        folded: &FoldedText<'_>,
        automaton: &aho_corasick::AhoCorasick,
        variants: &[VariantEntry],
        out: &mut Vec<Candidate>,
    ) {
        let hay = folded.lowercase().as_bytes();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(first) = automaton.find(Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            let start = first.start();
            let mut current = Some(first);
            let mut resume = None;
            // Try the longest match at `start`, then each shorter one, so that a rejected candidate never hides
            // a valid one.
            while let Some(m) = current {
                match self.term_at(
                    folded,
                    m.start()..m.end(),
                    &variants[m.pattern().as_usize()],
                ) {
                    Verdict::Edit(candidate) => {
                        out.push(candidate);
                        resume = Some(m.end());
                        break;
                    }
                    Verdict::AlreadyRight => {
                        resume = Some(m.end());
                        break;
                    }
                    Verdict::Reject if m.end() > start + 1 => {
                        current = automaton.find(
                            Input::new(hay)
                                .span(start..m.end() - 1)
                                .anchored(Anchored::Yes),
                        );
                    }
                    Verdict::Reject => current = None,
                }
            }
            pos = resume.unwrap_or_else(|| next_char(&folded.text, start));
        }
    }

    /// Judges a variant found at `view` (a range of the folded text): the first of its rules that accepts it.
    fn term_at(
        &self,
        folded: &FoldedText<'_>,
        view: Range<usize>,
        entry: &VariantEntry,
    ) -> Verdict {
        let hay = folded.text.as_bytes();
        let range = folded.to_text(view.start)..folded.to_text(view.end);
        let matched = &self.text[range.clone()];
        for (index, offsets) in &entry.rules {
            let compiled = &self.rules[*index];
            let rule = &compiled.rule;
            if rule.case == CaseMode::Exact && hay[view.clone()] != *entry.folded.as_bytes() {
                continue;
            }
            if !self.allowed(*index, range.clone()) {
                continue;
            }
            // The variant may be part of the rule's own replacement: if the replacement stands around the match,
            // this is correct text.
            let replacement_len = compiled.folded_replacement.len();
            let stands = offsets.iter().any(|&k| {
                let whole = k == 0 && view.len() == replacement_len;
                !whole
                    && view.start >= k
                    && hay
                        .get(view.start - k..view.start - k + replacement_len)
                        .is_some_and(|w| {
                            w.eq_ignore_ascii_case(compiled.folded_replacement.as_bytes())
                        })
            });
            if stands {
                continue;
            }
            let Some(replace) = &rule.replace else {
                return Verdict::Edit(Candidate {
                    range,
                    rule: *index,
                    replacement: None,
                });
            };
            let replacement = adapt(rule.case, matched, replace, &self.text[..range.start]);
            if replacement == matched {
                return Verdict::AlreadyRight;
            }
            return Verdict::Edit(Candidate {
                range,
                rule: *index,
                replacement: Some(replacement),
            });
        }
        Verdict::Reject
    }
}
