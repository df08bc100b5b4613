//! Glossaries: the human-editable TOML files that hold every rule, and their in-memory form.
//!
//! A glossary is data, not code. This module owns the in-memory types (here), the on-disk format (see
//! the README's "Glossary format" and ARCHITECTURE.md) and its reading with precise error places ([`parse()`], [`load_file`];
//! `parse.rs`), the checks of each rule, one file per rule kind (`validate/`), the checking and compiling of
//! their regexes (`regex.rs`), the replacement templates of pattern rules ([`template`]), and the built-in
//! glossaries compiled into the binary ([`builtin`]).
//!
//! It sits just above the base modules (errors, positions, regex facts) and below everything else: loading a
//! glossary by any name or path, term bases included, is the loader's job (`src/loader.rs`, a layer above import).

pub mod builtin;
mod parse;
mod regex;
pub mod template;
mod validate;

use std::fmt;

pub use parse::{MAX_GLOSSARY_BYTES, MAX_REGEXES, MAX_RULES, MAX_VARIANTS, load_file, parse};
pub use regex::REGEX_SIZE_LIMIT;
pub(crate) use regex::{compile_guard, compile_regex};
pub use validate::RULE_KINDS;

use crate::error::Place;

/// One glossary file, parsed and validated.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// The glossary's name, the first part of every rule id (`cn-news` in `cn-news/xiongan`).
    pub name: String,
    /// One line saying what the glossary is for.
    pub description: String,
    /// The file it came from, as shown in messages (`builtin:cn-news` for an embedded one).
    pub file: String,
    /// The rules, in file order (this order breaks ties between equally long matches).
    pub rules: Vec<Rule>,
}

/// One rule: what it matches, what it writes, and when it must stay silent.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Full id, `GLOSSARY/RULE`.
    pub id: String,
    /// What the rule matches and how.
    pub kind: RuleKind,
    /// The replacement: a literal for terms, a template (`${name|transform}`) for patterns and lines.
    /// `None` for a rule that only flags.
    pub replace: Option<String>,
    /// Why the change is right, shown with every finding.
    pub message: String,
    /// The source-language term, when there is one.
    pub source: Option<String>,
    /// Whether `fix` applies the rule by default.
    pub safety: Safety,
    /// How serious a finding is; `check` fails on errors.
    pub severity: Severity,
    /// How letter case is matched and carried over.
    pub case: CaseMode,
    /// A regex that must not match the text right after a match.
    pub not_before: Option<String>,
    /// A regex that must not match the text right before a match.
    pub not_after: Option<String>,
    /// The rule fires only in documents that contain at least one of these strings (when not empty).
    pub requires: Vec<String>,
    /// Pattern and line rules: capture groups (names or numbers) that must all capture the same text, ignoring
    /// case, for a match to count (the `regex` crate has no back-references; this does their job, e.g. for
    /// doubled words).
    pub same: Vec<String>,
    /// Pattern and line rules: capture groups of which no two that took part in the match may capture the same
    /// text, ignoring case (say, two region names that must differ: "Chengdu Chongqing", not "Beijing Beijing").
    pub distinct: Vec<String>,
    /// The pass the rule runs in.
    pub pass: Pass,
    /// Input/output pairs the rule must reproduce.
    pub examples: Vec<Example>,
    /// Texts the rule must leave unchanged.
    pub keep: Vec<String>,
    /// Where the rule is defined.
    pub place: Place,
}

/// What a rule matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// Literal variants, all matched at once by one automaton.
    Term {
        /// The variants (`match = [...]`).
        variants: Vec<String>,
    },
    /// A regular expression (the `regex` crate's syntax) with named captures for the template.
    Pattern {
        /// The regex source.
        regex: String,
    },
    /// Forms of one term of which a document should use only one (say, two spellings of a place name): the
    /// forms in the minority are reported with the document's majority form as replacement (ties go to the form
    /// listed first).
    Consistency {
        /// The forms (`forms = [...]`), matched like term variants.
        forms: Vec<String>,
    },
    /// A regular expression tested against each line, with a line action.
    Line {
        /// The regex source, matched against the line without its line ending.
        regex: String,
        /// What to do with a matching line.
        action: LineAction,
    },
}

#[cfg(test)]
impl Rule {
    /// Every text the rule carries, for tests that run something over them: its examples (before and after) and
    /// its `keep` texts.
    pub(crate) fn own_texts(&self) -> impl Iterator<Item = &str> {
        self.examples
            .iter()
            .flat_map(|e| [e.input.as_str(), e.output.as_str()])
            .chain(self.keep.iter().map(String::as_str))
    }
}

impl RuleKind {
    /// `term`, `pattern`, `line` or `consistency`, as in the glossary file.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Term { .. } => "term",
            RuleKind::Pattern { .. } => "pattern",
            RuleKind::Line { .. } => "line",
            RuleKind::Consistency { .. } => "consistency",
        }
    }

    /// What the rule matches, as its glossary writes it: the key and its value(s). Whatever shows or lists a rule
    /// asks this rather than the kind.
    pub fn matcher(&self) -> Matcher<'_> {
        match self {
            RuleKind::Term { variants } => Matcher::Strings {
                key: "match",
                values: variants,
            },
            RuleKind::Consistency { forms } => Matcher::Strings {
                key: "forms",
                values: forms,
            },
            RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => Matcher::Regex(regex),
        }
    }

    /// The rule's regex source, if it matches by one (see [`RuleKind::matcher`]).
    pub fn regex(&self) -> Option<&str> {
        match self.matcher() {
            Matcher::Regex(regex) => Some(regex),
            Matcher::Strings { .. } => None,
        }
    }

    /// What the rule does with a whole line it matches, for a kind that works on lines.
    pub fn action(&self) -> Option<LineAction> {
        match self {
            RuleKind::Line { action, .. } => Some(*action),
            _ => None,
        }
    }

    /// Whether a rule of this kind changes text even without a `replace`: a consistency rule writes the
    /// document's majority form, a line rule may delete lines.
    pub fn edits_without_replace(&self) -> bool {
        matches!(self, RuleKind::Consistency { .. })
            || self.action().is_some_and(LineAction::deletes)
    }
}

/// What a rule matches, as its glossary writes it (see [`RuleKind::matcher`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher<'a> {
    /// Literal strings, under a list key (`match = [...]`, `forms = [...]`).
    Strings {
        /// The key, as in the glossary file.
        key: &'static str,
        /// The strings, in the glossary's order.
        values: &'a [String],
    },
    /// One regular expression (`regex = '...'`).
    Regex(&'a str),
}

impl Matcher<'_> {
    /// The key the glossary file writes it under: `match`, `forms` or `regex`.
    pub fn key(&self) -> &'static str {
        match self {
            Matcher::Strings { key, .. } => key,
            Matcher::Regex(_) => "regex",
        }
    }
}

/// What a `[[line]]` rule does with a line its regex matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAction {
    /// Delete the line, with the blank lines that separate it from the next one.
    Delete,
    /// Delete the line when it repeats the previous non-blank line exactly (a doubled headline).
    Dedupe,
    /// Replace the matched part of the line with the rule's template.
    Replace,
}

impl LineAction {
    /// `delete`, `dedupe` or `replace`, as in the glossary file.
    pub fn name(self) -> &'static str {
        match self {
            LineAction::Delete => "delete",
            LineAction::Dedupe => "dedupe",
            LineAction::Replace => "replace",
        }
    }

    /// Whether the action deletes the line (rather than replacing within it).
    pub fn deletes(self) -> bool {
        matches!(self, LineAction::Delete | LineAction::Dedupe)
    }
}

/// Whether `fix` applies a rule without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Applied by `fix`.
    Safe,
    /// Suggested by `check`; applied by `fix --review` only.
    Review,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `check` exits 1.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Info,
}

/// How a rule treats letter case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMode {
    /// Match ignoring ASCII case; carry the match's capitalisation over to a lowercase replacement (the default).
    Smart,
    /// Match exactly as written; write the replacement exactly as written.
    Exact,
    /// Match ignoring ASCII case; write the replacement exactly as written.
    Ignore,
}

/// The passes rules run in, in this order, each over the output of the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pass {
    /// Punctuation and spacing.
    Punctuation,
    /// Literal terms (the default for `[[term]]` and `[[consistency]]`).
    Terms,
    /// Regex patterns (the default for `[[pattern]]`).
    Patterns,
    /// Whole-line rules (always `[[line]]`).
    Lines,
}

impl Pass {
    /// All passes in the order they run.
    pub const ALL: [Pass; 4] = [Pass::Punctuation, Pass::Terms, Pass::Patterns, Pass::Lines];

    /// The pass's name as written in a glossary.
    pub fn name(self) -> &'static str {
        match self {
            Pass::Punctuation => "punctuation",
            Pass::Terms => "terms",
            Pass::Patterns => "patterns",
            Pass::Lines => "lines",
        }
    }
}

impl fmt::Display for Safety {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Safety::Safe => "safe",
            Safety::Review => "review",
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One example of a rule at work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text before.
    pub input: String,
    /// The text the rule must turn it into.
    pub output: String,
}
