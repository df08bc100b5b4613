//! Finding candidate edits in one pass over a text: terms, patterns and lines, each checked against the matching
//! rules of DESIGN.md (whole words, guards, `requires`, protected spans, a replacement that already stands).
//!
//! Scanning never changes the text; [`resolve`] then picks the non-overlapping edits to apply (leftmost, then
//! longest, then glossary order) and the suggestions to report.

use std::cell::OnceCell;
use std::ops::Range;

use aho_corasick::{Anchored, Input};
use regex::Captures;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::case::smart_case;
use super::compile::{CompiledRule, FormEntry, PassMatchers, Prefilter, VariantEntry};
use super::normalize::FoldedText;
use super::restrict::Restrictions;
use super::span_map::SpanMap;
use crate::glossary::{CaseMode, LineAction, RuleKind, Safety};

/// From this text size on, patterns are first tested together as a set (built on first use, which costs tens of
/// milliseconds: more than scanning a short article pattern by pattern).
pub(crate) const PATTERN_SET_MIN_TEXT: usize = 16 << 10;

/// How far guards look before and after a match, in bytes (rounded to a character boundary). Bounded, so guards
/// keep scanning linear in the text.
pub(crate) const GUARD_WINDOW: usize = 256;

/// How the pattern rules of a pass are found (see `Scan::patterns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strategy {
    /// `Prefilter` for short texts, `Sets` for large ones.
    BySize,
    /// By required literals.
    Prefilter,
    /// By regex sets.
    Sets,
    /// Every pattern over the whole text (tests compare the others with it).
    #[cfg_attr(not(test), allow(dead_code))]
    Plain,
}

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

    fn terms(
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

    /// Consistency rules: every allowed occurrence of a form is counted; those not in the document's majority
    /// form become candidates with the majority form as replacement.
    fn consistency(
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

    /// The rules of the prefilter: one scan for all their literals; then each pattern whose literals occur scans
    /// the lines where they do (line-local patterns) or the whole text. Returns the line rules whose literals do
    /// not occur (sorted engine indices), which `lines` skips.
    fn prefiltered(&self, prefilter: &Prefilter, out: &mut Vec<Candidate>) -> Vec<usize> {
        let bytes = self.text.as_bytes();
        // Per filtered rule, the lines where a literal of each of its sets occurs, each once, in order; and the
        // sets seen on the current line (each hit's line start with them) and in the whole text.
        let mut lines: Vec<Vec<Range<usize>>> = vec![Vec::new(); prefilter.rules.len()];
        let mut on_line: Vec<(usize, u8)> = vec![(usize::MAX, 0); prefilter.rules.len()];
        let mut in_text: Vec<u8> = vec![0; prefilter.rules.len()];
        let mut line = 0..0;
        for hit in prefilter.automaton.find_overlapping_iter(bytes) {
            if !(line.start <= hit.start() && hit.start() < line.end) {
                let start = memchr::memrchr(b'\n', &bytes[..hit.start()]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &bytes[hit.start()..])
                    .map_or(bytes.len(), |i| hit.start() + i);
                line = start..end;
            }
            for &(owner, bits) in &prefilter.owners[hit.pattern().as_usize()] {
                let full = prefilter.full[owner];
                in_text[owner] |= bits;
                let seen = &mut on_line[owner];
                if seen.0 != line.start {
                    *seen = (line.start, 0);
                }
                seen.1 |= bits;
                if seen.1 == full && lines[owner].last() != Some(&line) {
                    lines[owner].push(line.clone());
                }
            }
        }
        let mut absent = Vec::new();
        for (position, (&index, lines)) in prefilter.rules.iter().zip(&lines).enumerate() {
            let compiled = &self.rules[index];
            match compiled.rule.kind {
                RuleKind::Line { .. } if lines.is_empty() => absent.push(index),
                RuleKind::Pattern { .. } if compiled.line_local => {
                    for line in lines {
                        self.pattern(index, line.clone(), out);
                    }
                }
                RuleKind::Pattern { .. } if in_text[position] == prefilter.full[position] => {
                    self.pattern(index, 0..self.text.len(), out);
                }
                _ => {}
            }
        }
        absent
    }

    /// The pattern rules of a pass; returns the line rules to skip (sorted engine indices: their required
    /// literals do not occur).
    ///
    /// A short text is prefiltered by the rules' required literals (`literals.rs`): patterns whose literals do not
    /// occur cost nothing, not even compiling their regex, and line-local ones scan only the lines where they do.
    /// In a large text, where compiling sets pays off, a set scan first finds which patterns match at all, and
    /// line-local patterns are tested line by line with a second set, each scanning only the lines where it
    /// matches.
    fn patterns(&self, matchers: &PassMatchers, out: &mut Vec<Candidate>) -> Vec<usize> {
        let strategy = match self.strategy {
            Strategy::BySize if self.text.len() >= PATTERN_SET_MIN_TEXT => Strategy::Sets,
            Strategy::BySize => Strategy::Prefilter,
            other => other,
        };
        let whole = 0..self.text.len();
        match strategy {
            Strategy::Prefilter => {
                for &index in &matchers.unfiltered {
                    self.pattern(index, whole.clone(), out);
                }
                matchers
                    .prefilter
                    .as_ref()
                    .map(|p| self.prefiltered(p, out))
                    .unwrap_or_default()
            }
            Strategy::Sets => {
                self.with_sets(matchers, out);
                Vec::new()
            }
            Strategy::Plain | Strategy::BySize => {
                for &index in matchers.patterns.iter().chain(&matchers.line_patterns) {
                    self.pattern(index, whole.clone(), out);
                }
                Vec::new()
            }
        }
    }

    /// Patterns tested with sets (see `patterns`).
    fn with_sets(&self, matchers: &PassMatchers, out: &mut Vec<Candidate>) {
        let whole = 0..self.text.len();
        let set = (matchers.patterns.len() >= 8)
            .then(|| matchers.pattern_set(self.rules))
            .flatten();
        match set {
            Some(set) => {
                for i in set.matches(self.text).iter() {
                    self.pattern(matchers.patterns[i], whole.clone(), out);
                }
            }
            None => {
                for &index in &matchers.patterns {
                    self.pattern(index, whole.clone(), out);
                }
            }
        }
        let line_set = (!matchers.line_patterns.is_empty())
            .then(|| matchers.line_set(self.rules))
            .flatten();
        let Some(line_set) = line_set else {
            for &index in &matchers.line_patterns {
                self.pattern(index, whole.clone(), out);
            }
            return;
        };
        let mut start = 0;
        while start < self.text.len() {
            let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
                .map_or(self.text.len(), |i| start + i);
            for i in line_set.matches(&self.text[start..end]).iter() {
                self.pattern(matchers.line_patterns[i], start..end, out);
            }
            start = end + 1;
        }
    }

    /// The matches of pattern rule `index` within `within` (the whole text, or one line for a line-local
    /// pattern: see `locality.rs`).
    fn pattern(&self, index: usize, within: Range<usize>, out: &mut Vec<Candidate>) {
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
    fn pattern_at(
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

    /// Line rules; those in `absent` (sorted engine indices) are skipped: their required literals do not occur.
    fn lines(&self, line_rules: &[usize], absent: &[usize], out: &mut Vec<Candidate>) {
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
                            self.text[lines[p].content.clone()].trim_end() == content.trim_end()
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

    /// Whole words, `requires`, protected spans and guards.
    fn allowed(&self, index: usize, range: Range<usize>) -> bool {
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
    fn unrestricted(&self, index: usize, range: Range<usize>) -> bool {
        self.restrictions.is_empty()
            || self
                .restrictions
                .allows(index, &self.map.to_original(range))
    }

    fn required(&self, index: usize) -> bool {
        *self.requires[index].get_or_init(|| {
            let requires = &self.rules[index].rule.requires;
            requires.is_empty() || requires.iter().any(|r| self.text.contains(r.as_str()))
        })
    }

    fn is_protected(&self, range: &Range<usize>) -> bool {
        let spans = self
            .protected
            .get_or_init(|| super::protect::protected_spans(self.text));
        let i = spans.partition_point(|s| s.end <= range.start);
        spans
            .get(i)
            .is_some_and(|s| s.start < range.end.max(range.start + 1))
    }
}

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

/// A line of the text: its content (without the line ending) and its full extent (with it).
struct Line {
    content: Range<usize>,
    full: Range<usize>,
}

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

/// The replacement as written at this match: smart case (unless the rule fixes the case), and always the writer's
/// apostrophe glyph.
fn adapt(case: CaseMode, matched: &str, replacement: &str, text_before: &str) -> String {
    match case {
        CaseMode::Smart => {
            same_apostrophes(matched, &smart_case(matched, replacement, text_before))
        }
        CaseMode::Ignore | CaseMode::Exact => same_apostrophes(matched, replacement),
    }
}

/// Writes the replacement's apostrophes in the glyph the writer used in the match (`'` or `’`), when the writer
/// used only one of them.
fn same_apostrophes(matched: &str, replacement: &str) -> String {
    let (straight, curly) = (matched.contains('\''), matched.contains('\u{2019}'));
    match (straight, curly) {
        (false, true) => replacement.replace('\'', "\u{2019}"),
        (true, false) => replacement.replace('\u{2019}', "'"),
        _ => replacement.to_owned(),
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// A match must not start or end inside a word. An apostrophe between letters (`Xiong'an`, `O'Brien`) is part
/// of the word.
///
/// A combining mark belongs to the letter before it: a match never starts or ends inside a grapheme cluster
/// (`Xiong an new area\u{301}` puts the accent on the match's last letter), and a letter with marks before the
/// match joins it like the bare letter would.
fn whole_words(text: &str, range: &Range<usize>) -> bool {
    if !grapheme_boundary(text, range.start) || !grapheme_boundary(text, range.end) {
        return false;
    }
    let inner_first = text[range.start..range.end].chars().next();
    let inner_last = text[range.start..range.end].chars().next_back();
    let previous_grapheme = text[..range.start].graphemes(true).next_back();
    let previous_base = previous_grapheme.and_then(|g| g.chars().next());
    let mut before = text[..range.start - previous_grapheme.map_or(0, str::len)]
        .chars()
        .rev();
    let mut after = text[range.end..].chars();
    let joins_before = match (previous_base, inner_first) {
        (Some(b), Some(f)) if is_word_char(f) => {
            is_word_char(b) || (is_apostrophe(b) && before.next().is_some_and(char::is_alphabetic))
        }
        (Some(b), Some(f)) if is_apostrophe(f) => is_word_char(b),
        _ => false,
    };
    let joins_after = match (inner_last, after.next()) {
        (Some(l), Some(a)) if is_word_char(l) => {
            is_word_char(a) || (is_apostrophe(a) && after.next().is_some_and(char::is_alphabetic))
        }
        (Some(l), Some(a)) if is_apostrophe(l) => is_word_char(a),
        _ => false,
    };
    !joins_before && !joins_after
}

/// Whether `i` lies between two grapheme clusters (or at an end of the text).
fn grapheme_boundary(text: &str, i: usize) -> bool {
    GraphemeCursor::new(i, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i + 1, |c| i + c.len_utf8())
}

fn after(text: &str, range: &Range<usize>) -> usize {
    if range.is_empty() {
        next_char(text, range.end)
    } else {
        range.end
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::whole_words;

    #[test]
    fn whole_words_respect_letters_digits_and_inner_apostrophes() {
        let text = "anXiong an, Xiong'an 2018years O'Brien";
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            start..start + s.len()
        };
        assert!(
            !whole_words(text, &at("Xiong an")),
            "starts inside 'anXiong'"
        );
        assert!(
            !whole_words(text, &at("an 2018")),
            "ends inside '2018years'"
        );
        let xian = text.find("an 2018").expect("in text");
        assert!(
            !whole_words(text, &(xian..xian + 2)),
            "'an' after an inner apostrophe is inside 'Xiong'an'"
        );
        assert!(!whole_words(text, &at("Brien")));
        assert!(whole_words(text, &at("O'Brien")));
        assert!(whole_words(text, &at(", ")));
    }
}
