//! Pattern rules: the matches of one rule's regex in a text or a line, each judged (the checks of `allowed.rs`, the
//! `same` and `distinct` capture conditions) and its replacement rendered from the rule's template. Line rules with
//! the `replace` action judge their matches here too.

use std::ops::Range;

use regex::Captures;

use super::adapt::adapt;
use super::boundary::next_char;
use super::{Candidate, Scan, Verdict};
use crate::engine::compile::{CompiledRule, PassBuilder};

/// Adds pattern rule `index` (`compiled`) to its pass: to the prefilter if its regex has required literals (else
/// among the patterns a short text scans whole), and among the line-local patterns or the others (for large
/// texts).
pub(in crate::engine) fn register(
    builder: &mut PassBuilder,
    index: usize,
    compiled: &CompiledRule,
) {
    if !compiled.literals.is_empty() {
        builder.filtered.push(index);
    } else {
        builder.matchers.unfiltered.push(index);
    }
    if compiled.line_local {
        builder.matchers.line_patterns.push(index);
    } else {
        builder.matchers.patterns.push(index);
    }
}

impl Scan<'_> {
    /// The matches of pattern rule `index` within `within` (the whole text, or one line for a line-local
    /// pattern: see `locality.rs`).
    pub(super) fn pattern(&self, index: usize, within: Range<usize>, out: &mut Vec<Candidate>) {
        let hay = &self.text[within.clone()];
        let Some(regex) = self.rules[index]
            .regex
            .as_ref()
            .and_then(|r| r.unless_ruled_out(hay))
        else {
            return;
        };
        if !self.required(index) {
            return;
        }
        let mut pos = 0;
        while pos <= hay.len() {
            let Some(captures) = regex.captures_at(hay, pos) else {
                break;
            };
            let range = captures.get_match().range();
            pos = match self.pattern_at(index, &captures, range.clone(), within.start) {
                Verdict::Edit(candidate) => {
                    out.push(candidate);
                    after(hay, &range)
                }
                Verdict::AlreadyRight => after(hay, &range),
                Verdict::Reject => next_char(hay, range.start),
            };
        }
    }

    /// Judges a regex match; `range` and `offset` place it in the whole text (line rules match inside a line).
    pub(super) fn pattern_at(
        &self,
        index: usize,
        captures: &Captures<'_>,
        range: Range<usize>,
        offset: usize,
    ) -> Verdict {
        let range = range.start + offset..range.end + offset;
        if !self.allowed(index, range.clone()) {
            return Verdict::Reject;
        }
        let compiled = &self.rules[index];
        if !same_captures(captures, &compiled.rule.same)
            || !distinct_captures(captures, &compiled.rule.distinct)
        {
            return Verdict::Reject;
        }
        let Some(template) = &compiled.template else {
            return Verdict::Edit(Candidate {
                range,
                rule: index,
                replacement: None,
            });
        };
        let Some(rendered) = template.render(captures) else {
            return Verdict::Reject;
        };
        let matched = &self.text[range.clone()];
        let replacement = adapt(
            compiled.rule.case,
            matched,
            &rendered,
            &self.text[..range.start],
        );
        if replacement == matched {
            return Verdict::AlreadyRight;
        }
        Verdict::Edit(Candidate {
            range,
            rule: index,
            replacement: Some(replacement),
        })
    }
}

/// The text a capture group (a number or a name) captured, lowercased; `None` if it took no part in the match.
fn captured(captures: &Captures<'_>, group: &str) -> Option<String> {
    match group.parse::<usize>() {
        Ok(index) => captures.get(index),
        Err(_) => captures.name(group),
    }
    .map(|m| m.as_str().to_lowercase())
}

/// Whether the capture groups named in `distinct` that took part in the match all captured different texts.
fn distinct_captures(captures: &Captures<'_>, distinct: &[String]) -> bool {
    let mut seen: Vec<String> = Vec::new();
    for text in distinct.iter().filter_map(|g| captured(captures, g)) {
        if seen.contains(&text) {
            return false;
        }
        seen.push(text);
    }
    true
}

/// Whether the capture groups named in `same` all captured the same text, ignoring case.
fn same_captures(captures: &Captures<'_>, same: &[String]) -> bool {
    let mut groups = same.iter().map(|g| captured(captures, g));
    let Some(first) = groups.next() else {
        return true;
    };
    groups.all(|g| g == first)
}

/// Where the search resumes after a match: its end, or past the next character when the match is empty.
fn after(text: &str, range: &Range<usize>) -> usize {
    if range.is_empty() {
        next_char(text, range.end)
    } else {
        range.end
    }
}
