//! Suppression comments: switching rules off for a line or a region of one document, without touching the
//! glossary.
//!
//! In Markdown, HTML and text files alike:
//!
//! ```text
//! <!-- mtfix-disable-next-line cn-news/title-before-name -->
//! <!-- mtfix-disable cn-news/* -->   ...   <!-- mtfix-enable -->
//! <!-- mtfix-disable -->             (no rule: every rule)
//! ```
//!
//! and, for files where an HTML comment would show, a line of its own (after an optional comment leader such as
//! `#`, `//` or `%`):
//!
//! ```text
//! mtfix: disable-next-line title-before-name
//! # mtfix: disable cn-news/*
//! # mtfix: enable
//! ```
//!
//! Rules are full ids, short ids or `*` globs ([`crate::engine::rule_matches`]), separated by spaces or commas; a
//! `--` ends the list and starts a free-text reason. `disable` runs to the next `enable` (or the end of the
//! document); `enable RULE…` ends only the open regions that name one of those rules. Each comment is itself a
//! protected span: no rule edits the text of a suppression comment.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::{FixOptions, Suppression};
use crate::glossary::Safety;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `mtfix-disable`: rules off until `mtfix-enable`.
    Disable,
    /// `mtfix-enable`: ends open regions.
    Enable,
    /// `mtfix-disable-next-line`: rules off on the next line.
    DisableNextLine,
}

/// One suppression comment found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The rule patterns it names (empty: every rule).
    pub rules: Vec<String>,
    /// Byte range of the comment (the whole line for the plain-text form).
    pub span: Range<usize>,
    /// The comment as written, trimmed.
    pub text: String,
}

/// The suppressions of one document, ready for [`crate::Engine::fix_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// Every directive, in document order.
    pub directives: Vec<Directive>,
    /// The regions switched off; `origins[i]` is the index in `directives` of the comment that opened
    /// `suppressions[i]`.
    pub suppressions: Vec<Suppression>,
    /// See [`Suppressions::suppressions`].
    pub origins: Vec<usize>,
    /// Indices of `enable` directives that closed nothing.
    pub stray_enables: Vec<usize>,
}

impl Suppressions {
    /// Finds every suppression comment of `text`.
    pub fn parse(text: &str) -> Suppressions {
        let mut directives = find(text);
        directives.sort_by_key(|d| d.span.start);
        let mut out = Suppressions::default();
        // Open regions: (directive index, start of region).
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (i, d) in directives.iter().enumerate() {
            match d.kind {
                DirectiveKind::Disable => open.push((i, d.span.end)),
                DirectiveKind::Enable => {
                    let before = open.len();
                    let mut still_open = Vec::new();
                    for (opener, start) in open.drain(..) {
                        let names = &directives[opener].rules;
                        let closes =
                            d.rules.is_empty() || names.iter().any(|n| d.rules.contains(n));
                        if closes {
                            out.push(opener, start..d.span.start, names.clone());
                        } else {
                            still_open.push((opener, start));
                        }
                    }
                    if still_open.len() == before {
                        out.stray_enables.push(i);
                    }
                    open = still_open;
                }
                DirectiveKind::DisableNextLine => {
                    let after = text[d.span.end..]
                        .find('\n')
                        .map_or(text.len(), |n| d.span.end + n + 1);
                    let end = text[after..].find('\n').map_or(text.len(), |n| after + n);
                    let end = if end > after && text.as_bytes()[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    out.push(i, after..end, d.rules.clone());
                }
            }
        }
        for (opener, start) in open {
            out.push(opener, start..text.len(), directives[opener].rules.clone());
        }
        out.directives = directives;
        out
    }

    fn push(&mut self, directive: usize, span: Range<usize>, rules: Vec<String>) {
        self.suppressions.push(Suppression { span, rules });
        self.origins.push(directive);
    }

    /// Options for fixing the document at `level`: these suppressions, and every comment protected.
    pub fn options(&self, level: Safety) -> FixOptions {
        let mut options = FixOptions::new(level);
        options.suppressions = self.suppressions.clone();
        options.protected = self.directives.iter().map(|d| d.span.clone()).collect();
        options
    }

    /// The directives whose suppression switched nothing off, given [`crate::Outcome::suppressions_used`]; each
    /// directive once, in document order.
    pub fn unused<'a>(&'a self, used: &[bool]) -> Vec<&'a Directive> {
        let mut unused: Vec<usize> = self
            .origins
            .iter()
            .zip(used)
            .filter(|&(_, &u)| !u)
            .map(|(&o, _)| o)
            .collect();
        unused.sort_unstable();
        unused.dedup();
        unused.into_iter().map(|i| &self.directives[i]).collect()
    }
}

static HTML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--[ \t]*mtfix-(disable-next-line|disable|enable)([ \t\r\n][^>]*?)?-->")
        .expect("valid regex")
});

static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:#+|//|%|;+|--|>)?[ \t]*mtfix:[ \t]*(disable-next-line|disable|enable)\b([^\r\n]*)")
        .expect("valid regex")
});

fn find(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    for (regex, whole_line) in [(&*HTML, false), (&*PLAIN, true)] {
        for caps in regex.captures_iter(text) {
            let m = caps.get(0).expect("group 0");
            let kind = match &caps[1] {
                "disable" => DirectiveKind::Disable,
                "enable" => DirectiveKind::Enable,
                _ => DirectiveKind::DisableNextLine,
            };
            let list = caps.get(2).map_or("", |g| g.as_str());
            let list = list.split(" --").next().unwrap_or("");
            let list = if list.trim_start().starts_with("--") {
                ""
            } else {
                list
            };
            let rules = list
                .split([' ', '\t', ',', '\r', '\n'])
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect();
            let span = if whole_line {
                m.start()..m.end()
            } else {
                m.range()
            };
            out.push(Directive {
                kind,
                rules,
                span,
                text: m.as_str().trim().to_owned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{DirectiveKind, Suppressions};

    #[test]
    fn regions_lines_and_plain_forms() {
        let text = "a\n<!-- mtfix-disable x, y -- a reason -->\nb\n<!-- mtfix-enable -->\nc\n\
                    # mtfix: disable-next-line z\nd\r\ne\n";
        let s = Suppressions::parse(text);
        let kinds: Vec<_> = s.directives.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DirectiveKind::Disable,
                DirectiveKind::Enable,
                DirectiveKind::DisableNextLine
            ]
        );
        assert_eq!(s.directives[0].rules, ["x", "y"]);
        assert_eq!(s.suppressions[0].rules, ["x", "y"]);
        assert_eq!(&text[s.suppressions[0].span.clone()], "\nb\n");
        assert_eq!(&text[s.suppressions[1].span.clone()], "d");
        assert_eq!(
            &text[s.directives[2].span.clone()],
            "# mtfix: disable-next-line z"
        );
        assert!(s.stray_enables.is_empty());
    }

    #[test]
    fn unclosed_regions_run_to_the_end_and_stray_enables_are_noted() {
        let text = "<!-- mtfix-enable -->\n<!-- mtfix-disable -->\nrest";
        let s = Suppressions::parse(text);
        assert_eq!(s.stray_enables, [0]);
        assert_eq!(&text[s.suppressions[0].span.clone()], "\nrest");
        assert!(s.suppressions[0].rules.is_empty());
        assert_eq!(s.unused(&[false]).len(), 1);
    }
}
