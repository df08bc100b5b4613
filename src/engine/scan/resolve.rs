//! Choosing among candidates: the non-overlapping edits to apply at a safety level (leftmost, then longest, then
//! glossary order) and the suggestions to report beside them.

use std::ops::Range;

use super::Candidate;
use crate::engine::compile::CompiledRule;
use crate::glossary::Safety;

/// Picks the edits to apply at `level` (non-overlapping: leftmost, then longest, then glossary order) and the
/// suggestions to report (candidates that do not apply at `level` and overlap neither an edit nor each other).
pub(crate) fn resolve(
    mut candidates: Vec<Candidate>,
    rules: &[CompiledRule],
    level: Safety,
) -> (Vec<Candidate>, Vec<Candidate>) {
    candidates.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end), a.rule).cmp(&(
            b.range.start,
            std::cmp::Reverse(b.range.end),
            b.rule,
        ))
    });
    candidates.dedup();
    let (applicable, others): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .partition(|c| rules[c.rule].applies_at(level));
    let edits = non_overlapping(applicable, &[]);
    let suggestions = non_overlapping(others, &edits);
    (edits, suggestions)
}

/// The candidates of `sorted` (by `resolve`'s order) that overlap neither one chosen before them nor a blocker.
fn non_overlapping(sorted: Vec<Candidate>, blockers: &[Candidate]) -> Vec<Candidate> {
    let mut chosen: Vec<Candidate> = Vec::new();
    for candidate in sorted {
        let clear_of_chosen = chosen.last().is_none_or(|last| {
            candidate.range.start >= last.range.end && !overlaps(&last.range, &candidate.range)
        });
        let first = blockers.partition_point(|b| b.range.end < candidate.range.start);
        let clear_of_blockers = blockers[first..]
            .iter()
            .take_while(|b| b.range.start <= candidate.range.end)
            .all(|b| !overlaps(&b.range, &candidate.range));
        if clear_of_chosen && clear_of_blockers {
            chosen.push(candidate);
        }
    }
    chosen
}

/// Whether two edits conflict: they share a byte, or an insertion lies strictly inside the other range, or two
/// insertions are at the same point.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => a.start < b.end && b.start < a.end,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (true, true) => a.start == b.start,
    }
}
