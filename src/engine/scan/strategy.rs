//! How a pass finds the matches of its pattern rules (and which line rules it may skip): by the rules' required
//! literals in short texts, by regex sets in large ones, or (in tests) every pattern over the whole text. Every
//! strategy finds the same candidates; the matches themselves are judged in `pattern.rs`.

use std::ops::Range;

use super::{Candidate, Scan};
use crate::engine::compile::{PassMatchers, Prefilter};
use crate::glossary::RuleKind;

/// From this text size on, patterns are first tested together as a set (built on first use, which costs tens of
/// milliseconds: more than scanning a short article pattern by pattern).
pub(crate) const PATTERN_SET_MIN_TEXT: usize = 16 << 10;

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

impl Scan<'_> {
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
    pub(super) fn patterns(&self, matchers: &PassMatchers, out: &mut Vec<Candidate>) -> Vec<usize> {
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
}
