//! Whether a rule may speak at a match: whole words, its `requires` condition, the text's protected spans (code,
//! links and the like), its guards, and the document's protected spans and suppressions.

use std::ops::Range;

use super::Scan;
use super::boundary::{ceil_char, floor_char, whole_words};

/// How far guards look before and after a match, in bytes (rounded to a character boundary). Bounded, so guards
/// keep scanning linear in the text.
pub(crate) const GUARD_WINDOW: usize = 256;

impl Scan<'_> {
    /// Whole words, `requires`, protected spans and guards.
    pub(super) fn allowed(&self, index: usize, range: Range<usize>) -> bool {
        let compiled = &self.rules[index];
        if !whole_words(self.text, &range) || !self.required(index) || self.is_protected(&range) {
            return false;
        }
        if let Some(guard) = &compiled.not_before {
            let end = floor_char(self.text, (range.end + GUARD_WINDOW).min(self.text.len()));
            if guard.is_match(&self.text[range.end..end]) {
                return false;
            }
        }
        if let Some(guard) = &compiled.not_after {
            let start = ceil_char(self.text, range.start.saturating_sub(GUARD_WINDOW));
            if guard.is_match(&self.text[start..range.start]) {
                return false;
            }
        }
        self.unrestricted(index, range)
    }

    /// Protected spans and suppressions of the document, tested on the original span.
    pub(super) fn unrestricted(&self, index: usize, range: Range<usize>) -> bool {
        self.restrictions.is_empty()
            || self
                .restrictions
                .allows(index, &self.map.to_original(range))
    }

    /// Whether rule `index`'s `requires` condition holds in this text (one of its strings occurs), computed once.
    pub(super) fn required(&self, index: usize) -> bool {
        *self.requires[index].get_or_init(|| {
            let requires = &self.rules[index].rule.requires;
            requires.is_empty() || requires.iter().any(|r| self.text.contains(r.as_str()))
        })
    }

    /// Whether `range` touches a protected span of this text (code, links and the like; see `protect.rs`).
    fn is_protected(&self, range: &Range<usize>) -> bool {
        let spans = self
            .protected
            .get_or_init(|| crate::engine::protect::protected_spans(self.text));
        let i = spans.partition_point(|s| s.end <= range.start);
        spans
            .get(i)
            .is_some_and(|s| s.start < range.end.max(range.start + 1))
    }
}
