//! Per-document limits on where rules may act: protected spans (code, markup, front matter: never edited by any
//! rule) and suppressions (a region where some or all rules are switched off, from a `mtfix-disable` comment).
//!
//! Both are given in byte ranges of the original text. The engine rewrites the text in passes and rounds, so each
//! candidate edit is mapped back to the original before it is tested against them.

use std::cell::Cell;
use std::ops::Range;

use super::compile::CompiledRule;
use crate::glossary::Safety;

/// How to fix one document.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Apply rules up to this safety level (`Review` applies review rules too).
    pub level: Safety,
    /// Byte ranges of the original text that no rule may edit, in any order.
    pub protected: Vec<Range<usize>>,
    /// Regions where rules are switched off.
    pub suppressions: Vec<Suppression>,
}

impl FixOptions {
    /// Options that apply rules up to `level`, with nothing protected or suppressed.
    pub fn new(level: Safety) -> FixOptions {
        FixOptions {
            level,
            protected: Vec::new(),
            suppressions: Vec::new(),
        }
    }
}

/// A region where some rules (or all) may not fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Byte range of the original text.
    pub span: Range<usize>,
    /// Rule patterns (see [`rule_matches`]); empty means every rule.
    pub rules: Vec<String>,
}

/// Whether rule pattern `pattern` selects the rule with full id `id`. A pattern is a full id (`cn-news/xiongan`),
/// a short id (`xiongan`, any glossary), or a glob where `*` matches any run of characters (`cn-news/*`,
/// `*-apostrophe`).
pub fn rule_matches(pattern: &str, id: &str) -> bool {
    if !pattern.contains('/') && !pattern.contains('*') {
        return id.rsplit('/').next() == Some(pattern) || id == pattern;
    }
    glob(pattern.as_bytes(), id.as_bytes())
}

/// `*`-only glob matching, iterative with one backtrack point (linear in practice, never exponential).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// The compiled form used while fixing one document.
#[derive(Debug, Default)]
pub(crate) struct Restrictions {
    protected: Vec<Range<usize>>,
    /// Each suppression's span, the rules (engine indices) it switches off, and whether it switched anything off.
    suppressions: Vec<(Range<usize>, Vec<bool>, Cell<bool>)>,
}

impl Restrictions {
    pub(crate) fn new(options: &FixOptions, rules: &[CompiledRule]) -> Restrictions {
        let mut sorted = options.protected.clone();
        sorted.sort_by_key(|r| (r.start, r.end));
        // Overlapping spans (a suppression comment inside a protected code block) merge into one, so the ends
        // are sorted too, as `allows` assumes; spans that only touch stay apart (an insertion between them is
        // allowed).
        let mut protected: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
        for span in sorted {
            match protected.last_mut() {
                Some(last) if span.start < last.end => last.end = last.end.max(span.end),
                _ => protected.push(span),
            }
        }
        let suppressions = options
            .suppressions
            .iter()
            .map(|s| {
                let applies = rules
                    .iter()
                    .map(|r| {
                        s.rules.is_empty() || s.rules.iter().any(|p| rule_matches(p, &r.rule.id))
                    })
                    .collect();
                (s.span.clone(), applies, Cell::new(false))
            })
            .collect();
        Restrictions {
            protected,
            suppressions,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.protected.is_empty() && self.suppressions.is_empty()
    }

    /// Whether rule `rule` may edit original span `span`.
    pub(crate) fn allows(&self, rule: usize, span: &Range<usize>) -> bool {
        let first = self.protected.partition_point(|p| p.end < span.start);
        if self.protected[first..]
            .iter()
            .take_while(|p| p.start <= span.end)
            .any(|p| conflicts(p, span))
        {
            return false;
        }
        let mut allowed = true;
        for (region, applies, used) in &self.suppressions {
            if applies[rule]
                && (conflicts(region, span)
                    || (region.start <= span.start && span.end <= region.end))
            {
                used.set(true);
                allowed = false;
            }
        }
        allowed
    }

    /// For each suppression, whether it switched off anything.
    pub(crate) fn used(&self) -> Vec<bool> {
        self.suppressions
            .iter()
            .map(|(_, _, used)| used.get())
            .collect()
    }
}

/// Whether an edit of `span` touches `region`: they share a byte, or an insertion lies strictly inside.
fn conflicts(region: &Range<usize>, span: &Range<usize>) -> bool {
    if span.is_empty() {
        region.start < span.start && span.start < region.end
    } else {
        region.start < span.end && span.start < region.end
    }
}

#[cfg(test)]
mod tests {
    use super::rule_matches;

    #[test]
    fn rule_patterns() {
        assert!(rule_matches("cn-news/xiongan", "cn-news/xiongan"));
        assert!(rule_matches("xiongan", "cn-news/xiongan"));
        assert!(!rule_matches("xiongan", "cn-news/xiongan-new-area"));
        assert!(rule_matches("cn-news/*", "cn-news/xiongan"));
        assert!(!rule_matches("cn-news/*", "punctuation/fullwidth-comma"));
        assert!(rule_matches("*/fullwidth-*", "punctuation/fullwidth-comma"));
        assert!(rule_matches("*", "a/b"));
        assert!(!rule_matches("cn-news/x*z", "cn-news/xy"));
    }
}
