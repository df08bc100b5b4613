//! Checking one rule of a glossary and building its [`Rule`]. What is particular to a kind of rule — its table
//! name, the keys it refuses and needs, its default `safety` and `pass` — lives in the kind's file ([`term`],
//! [`pattern`], [`line`], [`consistency`]) as one [`Kind`]; what every rule shares — capture groups named by
//! `same`/`distinct` and the template, guards, examples, and the defaults of `severity` and `case` — is here.
//!
//! A new kind of rule takes a file of its own here, its `KIND` in [`KINDS`], a table in `parse.rs`, and its
//! variant of [`RuleKind`].
//!
//! Every error names the rule and the place of the key at fault (or of the rule's table, for a missing key).

pub(super) mod consistency;
pub(super) mod line;
pub(super) mod pattern;
pub(super) mod term;

use std::ops::Range;

use toml::Spanned;

use super::parse::{Context, RawCase, RawExample, RawPass, RawRule};
use super::regex::check_regex;
use super::template::{Groups, Template};
use super::{CaseMode, Example, LineAction, Pass, Rule, RuleKind, Safety, Severity};
use crate::error::{Error, Result};

/// What is particular to one kind of rule when a glossary is loaded; each kind's file defines its own `KIND`.
#[derive(Debug)]
pub(super) struct Kind {
    /// The key of the kind's array of tables, as written in a glossary (`term` for `[[term]]`).
    pub(super) key: &'static str,
    /// The `safety` of a rule that does not set one.
    safety: Safety,
    /// The pass of a rule that does not set `pass` (a kind that refuses `pass` always runs in it).
    pass: Pass,
    /// The keys a rule of this kind may not set, in the order they are reported (the first one set is the error).
    refuses: &'static [&'static str],
    /// Checks the keys of a rule of this kind (those it refuses, those it needs) and builds its [`RuleKind`],
    /// with the capture groups of its regex if it has one (`None` for a trusted built-in's regex).
    check: fn(&Checking<'_>, &RawRule) -> Result<Checked>,
}

/// What a kind's `check` builds: the rule's [`RuleKind`], and the capture groups of its regex if it has one
/// (`None` too for a trusted built-in's regex, which is not parsed here).
type Checked = (RuleKind, Option<Groups>);

/// Every kind of rule a glossary may hold.
pub(super) const KINDS: [&Kind; 4] = [&term::KIND, &pattern::KIND, &line::KIND, &consistency::KIND];

/// The key of each kind of rule's array of tables (`term` for `[[term]]`), in canonical order: `term`, `pattern`,
/// `line`, `consistency`.
pub const RULE_KINDS: [&str; KINDS.len()] = {
    let mut keys = [""; KINDS.len()];
    let mut i = 0;
    while i < KINDS.len() {
        keys[i] = KINDS[i].key;
        i += 1;
    }
    keys
};

/// The rule being checked, to place its errors.
struct Checking<'a> {
    ctx: &'a Context<'a>,
    /// The rule's full id.
    id: &'a str,
    kind: &'static Kind,
    /// Where the rule's table starts (for a missing key).
    start: usize,
}

impl Checking<'_> {
    /// An error at byte `offset`, in this rule.
    fn err(&self, offset: usize, message: String) -> Error {
        self.ctx.error(offset, Some(self.id), message)
    }

    /// An error at the rule's table (a key it needs is missing).
    fn missing(&self, message: String) -> Error {
        self.err(self.start, message)
    }

    /// The error for `key`, set at `span`, which this kind of rule does not allow.
    fn misplaced(&self, key: &str, span: Range<usize>) -> Error {
        self.err(
            span.start,
            format!("`{key}` is not allowed in a [[{}]] rule", self.kind.key),
        )
    }

    /// Fails on the first of `keys` (name, span if set) that is set: the keys this kind of rule does not allow,
    /// in the order they are checked.
    /// Refuses the first of the kind's refused keys that `raw` sets, at its place.
    fn refuse(&self, raw: &RawRule) -> Result<()> {
        let set = self
            .kind
            .refuses
            .iter()
            .find_map(|&key| Some((key, key_span(raw, key)?)));
        match set {
            Some((key, span)) => Err(self.misplaced(key, span)),
            None => Ok(()),
        }
    }

    /// The capture groups of the rule's `regex`, which a pattern or line rule needs; `None` for a trusted
    /// built-in, whose regex is not parsed here (`cargo test` checks it with the full parse).
    fn regex(&self, raw: &RawRule) -> Result<Option<Groups>> {
        match &raw.regex {
            Some(_) if self.ctx.trusted => Ok(None),
            Some(r) => check_regex(r.get_ref(), "")
                .map(Some)
                .map_err(|m| self.err(r.span().start, m)),
            None => Err(self.missing(format!("a [[{}]] rule needs a `regex`", self.kind.key))),
        }
    }

    /// `same` and `distinct` (at least two groups, each one the regex defines), and the template in `replace`.
    fn captures(&self, raw: &RawRule, regex: Option<&Groups>) -> Result<()> {
        for (key, groups) in [("same", &raw.same), ("distinct", &raw.distinct)] {
            let Some(groups) = groups else {
                continue;
            };
            if raw.regex.is_none() {
                return Err(self.misplaced(key, groups.span()));
            }
            if groups.get_ref().len() < 2 {
                return Err(self.err(
                    groups.span().start,
                    format!("`{key}` needs at least two capture groups"),
                ));
            }
            // (A trusted built-in's regex is not parsed here; `cargo test` checks it with the full parse.)
            let Some(regex) = regex else {
                continue;
            };
            if let Some(group) = groups.get_ref().iter().find(|g| !regex.has(g)) {
                return Err(self.err(
                    groups.span().start,
                    format!("`{key}` names capture `{group}`, which the regex does not define"),
                ));
            }
        }
        if let (Some(regex), Some(replace)) = (regex, &raw.replace) {
            Template::parse(replace.get_ref(), regex)
                .map_err(|e| self.err(replace.span().start, e.message))?;
        }
        Ok(())
    }

    /// The guards `not_before` and `not_after`, checked and compiled (not those of a trusted built-in).
    fn guards(&self, raw: &RawRule) -> Result<()> {
        for (key, guard) in [
            ("not_before", &raw.not_before),
            ("not_after", &raw.not_after),
        ] {
            if let Some(g) = guard.as_ref().filter(|_| !self.ctx.trusted) {
                check_regex(g.get_ref(), key).map_err(|m| self.err(g.span().start, m))?;
            }
        }
        Ok(())
    }

    /// The rule's examples: at least one.
    fn examples(&self, examples: Option<Spanned<Vec<RawExample>>>) -> Result<Vec<Example>> {
        let examples = match examples {
            Some(e) if !e.get_ref().is_empty() => e.into_inner(),
            Some(e) => return Err(self.err(e.span().start, "`examples` is empty".into())),
            None => {
                return Err(self.missing(
                    "rule has no examples: add `examples = [{ input = \"...\", output = \"...\" }]`".into(),
                ));
            }
        };
        Ok(examples
            .into_iter()
            .map(|e| Example {
                input: e.input,
                output: e.output,
            })
            .collect())
    }
}

/// The span of an optional key, if it is set.
fn span<T>(key: &Option<Spanned<T>>) -> Option<Range<usize>> {
    key.as_ref().map(Spanned::span)
}

/// The span of the key named `key` in `raw`, if it is set: the keys that some kind refuses.
fn key_span(raw: &RawRule, key: &str) -> Option<Range<usize>> {
    match key {
        "match" => span(&raw.variants),
        "forms" => span(&raw.forms),
        "regex" => span(&raw.regex),
        "replace" => span(&raw.replace),
        "action" => span(&raw.action),
        "pass" => span(&raw.pass),
        "not_before" => span(&raw.not_before),
        "not_after" => span(&raw.not_after),
        _ => unreachable!("`{key}` is not a key any kind refuses"),
    }
}

/// Checks rule `raw` of kind `kind`, whose table starts at byte `start`, and builds it with full id `id`.
///
/// # Errors
/// A key the kind does not allow or needs, an invalid value (regex, template, guard, capture group), or no
/// examples: with the place of the key (or of the table) and the rule id.
pub(super) fn rule(
    ctx: &Context<'_>,
    kind: &'static Kind,
    mut raw: RawRule,
    id: String,
    start: usize,
) -> Result<Rule> {
    let checking = Checking {
        ctx,
        id: &id,
        kind,
        start,
    };
    checking.refuse(&raw)?;
    let (rule_kind, groups) = (kind.check)(&checking, &raw)?;
    checking.captures(&raw, groups.as_ref())?;
    checking.guards(&raw)?;
    let examples = checking.examples(raw.examples.take())?;
    let (safety, severity) = safety_and_severity(kind, &raw, &rule_kind);
    let pass = match raw.pass.as_ref().map(|p| *p.get_ref()) {
        Some(RawPass::Punctuation) => Pass::Punctuation,
        Some(RawPass::Terms) => Pass::Terms,
        Some(RawPass::Patterns) => Pass::Patterns,
        None => kind.pass,
    };

    Ok(Rule {
        id,
        kind: rule_kind,
        replace: raw.replace.map(Spanned::into_inner),
        message: raw.message.unwrap_or_default(),
        source: raw.source,
        safety,
        severity,
        case: match raw.case.unwrap_or(RawCase::Smart) {
            RawCase::Smart => CaseMode::Smart,
            RawCase::Exact => CaseMode::Exact,
            RawCase::Ignore => CaseMode::Ignore,
        },
        not_before: raw.not_before.map(Spanned::into_inner),
        not_after: raw.not_after.map(Spanned::into_inner),
        requires: raw.requires.unwrap_or_default(),
        same: raw.same.map(Spanned::into_inner).unwrap_or_default(),
        distinct: raw.distinct.map(Spanned::into_inner).unwrap_or_default(),
        pass,
        examples,
        keep: raw.keep.unwrap_or_default(),
        place: ctx.place(start),
    })
}

/// The rule's `safety` and `severity`, or their defaults: the kind's safety; a safe rule that edits is an error,
/// anything else a warning.
fn safety_and_severity(kind: &Kind, raw: &RawRule, rule_kind: &RuleKind) -> (Safety, Severity) {
    let safety = raw.safety.unwrap_or(kind.safety);
    let edits = raw.replace.is_some() || rule_kind.action().is_some_and(LineAction::deletes);
    let severity = raw.severity.unwrap_or(if safety == Safety::Safe && edits {
        Severity::Error
    } else {
        Severity::Warning
    });
    (safety, severity)
}
