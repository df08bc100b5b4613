//! Line rules: a regex tested against each line, which deletes the line, deletes it when it repeats the line before
//! (`dedupe`), or replaces within it; and what a deleted line takes with it (blank lines, a line ending).

use std::ops::Range;

use super::{Candidate, Scan, Verdict};
use crate::engine::compile::{CompiledRule, PassBuilder};
use crate::glossary::{LineAction, RuleKind};

/// Adds line rule `index` (`compiled`) to its pass: among the line rules, and to the prefilter if its regex has
/// required literals (a line rule whose literals do not occur is skipped).
pub(in crate::engine) fn register(
    builder: &mut PassBuilder,
    index: usize,
    compiled: &CompiledRule,
) {
    if !compiled.literals.is_empty() {
        builder.filtered.push(index);
    }
    builder.matchers.lines.push(index);
}

impl Scan<'_> {
    /// Line rules; those in `absent` (sorted engine indices) are skipped: their required literals do not occur.
    pub(super) fn lines(&self, line_rules: &[usize], absent: &[usize], out: &mut Vec<Candidate>) {
        let lines = split_lines(self.text);
        let blank = |i: usize| self.text[lines[i].content.clone()].trim().is_empty();
        let mut previous_nonblank: Option<usize> = None;
        for i in 0..lines.len() {
            if blank(i) {
                continue;
            }
            let content = &self.text[lines[i].content.clone()];
            for &index in line_rules {
                let compiled = &self.rules[index];
                if absent.binary_search(&index).is_ok() {
                    continue;
                }
                let (Some(regex), RuleKind::Line { action, .. }) =
                    (&compiled.regex, &compiled.rule.kind)
                else {
                    continue;
                };
                if !self.required(index) {
                    continue;
                }
                let deletes = match action {
                    LineAction::Delete => regex.is_match(content),
                    LineAction::Dedupe => {
                        previous_nonblank.is_some_and(|p| {
                            repeats_a_paragraph(p, i, lines.len(), &blank)
                                && self.text[lines[p].content.clone()].trim_end()
                                    == content.trim_end()
                        }) && regex.is_match(content)
                    }
                    LineAction::Replace => {
                        let Some(regex) = regex.unless_ruled_out(content) else {
                            continue;
                        };
                        for captures in regex.captures_iter(content) {
                            let range = captures.get_match().range();
                            if let Verdict::Edit(c) =
                                self.pattern_at(index, &captures, range, lines[i].content.start)
                            {
                                out.push(c);
                            }
                        }
                        false
                    }
                };
                if !deletes {
                    continue;
                }
                let range = deletion(&lines, i, previous_nonblank, blank);
                if self.unrestricted(index, range.clone()) {
                    out.push(Candidate {
                        range,
                        rule: index,
                        replacement: Some(String::new()),
                    });
                    break;
                }
            }
            previous_nonblank = Some(i);
        }
    }
}

/// Whether line `i` and the previous non-blank line `p` are both one-line paragraphs (blank lines or the text's
/// edges around each): an aggregator's doubled headline ("Title\n\nTitle\n\nBody"). A line repeated inside a
/// stanza or a block ("Louie Louie\nLouie Louie", a refrain, a table) is not a doubled paragraph.
fn repeats_a_paragraph(p: usize, i: usize, count: usize, blank: &impl Fn(usize) -> bool) -> bool {
    let alone =
        |line: usize| (line == 0 || blank(line - 1)) && (line + 1 == count || blank(line + 1));
    alone(p) && alone(i)
}

/// A line of the text: its content (without the line ending) and its full extent (with it).
struct Line {
    content: Range<usize>,
    full: Range<usize>,
}

/// The lines of `text`; a last line without a line ending is a line too.
fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let mut content_end = end;
        if text[start..end].ends_with('\n') {
            content_end -= 1;
            if text[start..content_end].ends_with('\r') {
                content_end -= 1;
            }
        }
        lines.push(Line {
            content: start..content_end,
            full: start..end,
        });
        start = end;
    }
    lines
}

/// What deleting line `i` removes: the line with the blank lines after it, so the next paragraph moves up; the last
/// line of text goes with the blank lines before it (and, when it has no line ending, with the previous line's
/// ending), so the file still ends as it did.
fn deletion(
    lines: &[Line],
    i: usize,
    previous_nonblank: Option<usize>,
    blank: impl Fn(usize) -> bool,
) -> Range<usize> {
    let line = &lines[i];
    let next_nonblank = (i + 1..lines.len()).find(|&j| !blank(j));
    match (next_nonblank, previous_nonblank) {
        (Some(next), _) => line.full.start..lines[next].full.start,
        (None, Some(p)) if line.content.end < line.full.end => lines[p].full.end..line.full.end,
        (None, Some(p)) => lines[p].content.end..line.full.end,
        (None, None) => line.full.start..line.full.end,
    }
}
