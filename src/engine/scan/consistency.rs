//! Consistency rules: the forms of one term are counted over the whole text, and the forms in the minority become
//! candidates with the document's majority form as replacement.

use std::ops::Range;

use super::adapt::adapt;
use super::{Candidate, Scan};
use crate::engine::compile::{FormEntry, PassBuilder};
use crate::engine::normalize::{FoldedText, fold_variant};
use crate::glossary::{CaseMode, RuleKind};

/// Adds consistency rule `index` (with `forms`) to its pass: each folded form in the consistency automaton.
pub(in crate::engine) fn register(builder: &mut PassBuilder, index: usize, forms: &[String]) {
    for (form, text) in forms.iter().enumerate() {
        builder.matchers.forms.push(FormEntry {
            rule: index,
            form,
            folded: fold_variant(text),
        });
    }
}

impl Scan<'_> {
    /// Consistency rules: every allowed occurrence of a form is counted; those not in the document's majority
    /// form become candidates with the majority form as replacement.
    pub(super) fn consistency(
        &self,
        folded: &FoldedText<'_>,
        automaton: &aho_corasick::AhoCorasick,
        forms: &[FormEntry],
        out: &mut Vec<Candidate>,
    ) {
        let hay = folded.text.as_bytes();
        let mut hits: Vec<(&FormEntry, Range<usize>)> = Vec::new();
        for m in automaton.find_iter(hay) {
            let entry = &forms[m.pattern().as_usize()];
            let exact = self.rules[entry.rule].rule.case == CaseMode::Exact;
            if exact && hay[m.range()] != *entry.folded.as_bytes() {
                continue;
            }
            let range = folded.to_text(m.start())..folded.to_text(m.end());
            if self.allowed(entry.rule, range.clone()) {
                hits.push((entry, range));
            }
        }
        // Per rule, how often each form occurs; the most frequent wins, ties to the form listed first.
        let mut counts: std::collections::BTreeMap<usize, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (entry, _) in &hits {
            let RuleKind::Consistency { forms } = &self.rules[entry.rule].rule.kind else {
                continue;
            };
            counts
                .entry(entry.rule)
                .or_insert_with(|| vec![0; forms.len()])[entry.form] += 1;
        }
        for (entry, range) in hits {
            let compiled = &self.rules[entry.rule];
            let RuleKind::Consistency { forms } = &compiled.rule.kind else {
                continue;
            };
            let tally = &counts[&entry.rule];
            let majority = (0..tally.len())
                .max_by_key(|&i| (tally[i], std::cmp::Reverse(i)))
                .unwrap_or(0);
            if entry.form == majority {
                continue;
            }
            let matched = &self.text[range.clone()];
            let replacement = adapt(
                compiled.rule.case,
                matched,
                &forms[majority],
                &self.text[..range.start],
            );
            if replacement != matched {
                out.push(Candidate {
                    range,
                    rule: entry.rule,
                    replacement: Some(replacement),
                });
            }
        }
    }
}
