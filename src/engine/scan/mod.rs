//! Finding candidate edits in one pass over a text: terms, patterns and lines, each checked against the matching
//! rules of ARCHITECTURE.md (whole words, guards, `requires`, protected spans, a replacement that already stands).
//!
//! Scanning never changes the text; [`resolve()`] then picks the non-overlapping edits to apply (leftmost, then
//! longest, then glossary order) and the suggestions to report.
//!
//! This file holds the per-text [`Scan`], the [`Candidate`]s it finds and the pass loop ([`Scan::pass`]). Each rule
//! kind's matching lives in a file of its own: `term.rs`, `consistency.rs`, `pattern.rs`, `line.rs`; beside them,
//! `strategy.rs` decides how a pass finds its pattern rules (prefilter, regex sets or plain), `allowed.rs` and
//! `boundary.rs` hold the checks every match passes (whole words, `requires`, protected spans, guards,
//! suppressions), `adapt.rs` writes a replacement in the case and apostrophes of its match, and `resolve.rs` chooses
//! among overlapping candidates.
//!
//! Each kind's file also holds its `register`, which adds a rule of the kind to its pass's matchers when the engine
//! is built (`compile.rs` calls it, one line per kind). A new rule kind takes a new file here with its `register`
//! and a dispatch line in `compile.rs`; one with a matcher of its own also takes a field in `PassMatchers` and a
//! line in [`Scan::pass`].

use std::cell::OnceCell;
use std::ops::Range;

use super::compile::{CompiledRule, PassMatchers};
use super::normalize::FoldedText;
use super::restrict::Restrictions;
use super::span_map::SpanMap;

mod adapt;
mod allowed;
mod boundary;
pub(super) mod consistency;
pub(super) mod line;
pub(super) mod pattern;
mod resolve;
mod strategy;
pub(super) mod term;

pub(crate) use resolve::resolve;
pub(crate) use strategy::{PATTERN_SET_MIN_TEXT, Strategy};

/// A possible edit: replace `range` of the scanned text with `replacement` (`None`: the rule only flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) range: Range<usize>,
    pub(crate) rule: usize,
    pub(crate) replacement: Option<String>,
}

/// The verdict on one match.
enum Verdict {
    /// An edit (or a flag).
    Edit(Candidate),
    /// The text already reads as the rule wants: nothing to do here, and nothing inside it either.
    AlreadyRight,
    /// The rule must stay silent here; shorter or later matches still get their chance.
    Reject,
}

/// Per-text facts computed on first use: the folded view, protected spans and `requires` conditions. One scan
/// serves every pass that sees the same text, so these are computed once per distinct text, not once per pass.
pub(crate) struct Scan<'a> {
    rules: &'a [CompiledRule],
    text: &'a str,
    /// Maps this text's spans to the original, where `restrictions` are given.
    map: &'a SpanMap,
    restrictions: &'a Restrictions,
    folded: OnceCell<FoldedText<'a>>,
    protected: OnceCell<Vec<Range<usize>>>,
    requires: Vec<OnceCell<bool>>,
    /// How patterns are found (always `BySize` but in tests, which show every strategy finds the same).
    strategy: Strategy,
}

impl<'a> Scan<'a> {
    pub(crate) fn new(
        rules: &'a [CompiledRule],
        text: &'a str,
        map: &'a SpanMap,
        restrictions: &'a Restrictions,
    ) -> Scan<'a> {
        Scan {
            rules,
            text,
            map,
            restrictions,
            folded: OnceCell::new(),
            protected: OnceCell::new(),
            requires: (0..rules.len()).map(|_| OnceCell::new()).collect(),
            strategy: Strategy::BySize,
        }
    }

    /// The same scan with another strategy for patterns, so that tests can show they all find the same.
    #[cfg(test)]
    pub(crate) fn with_strategy(mut self, strategy: Strategy) -> Scan<'a> {
        self.strategy = strategy;
        self
    }

    /// All candidates of one pass, in no particular order.
    pub(crate) fn pass(&self, matchers: &PassMatchers) -> Vec<Candidate> {
        let mut out = Vec::new();
        if matchers.terms.is_some() || matchers.consistency.is_some() {
            let folded = self.folded.get_or_init(|| FoldedText::new(self.text));
            if let Some(automaton) = &matchers.terms {
                self.terms(folded, automaton, &matchers.variants, &mut out);
            }
            if let Some(automaton) = &matchers.consistency {
                self.consistency(folded, automaton, &matchers.forms, &mut out);
            }
        }
        let absent = self.patterns(matchers, &mut out);
        if !matchers.lines.is_empty() {
            self.lines(&matchers.lines, &absent, &mut out);
        }
        out
    }
}
