//! What fixing reports about one text, as types: a [`Finding`] names its rule by [`RuleId`], may carry a [`Fix`]
//! (the replacement and its [`Applicability`]), and has one [`Status`] at a given fixing level, worked out by
//! [`Finding::status`] and nowhere else. Flags are findings without a fix.

use std::ops::Range;

use crate::glossary::Safety;

/// A rule of one [`Engine`](super::Engine): its position in [`Engine::rules`](super::Engine::rules), as a type.
///
/// [`Engine::rule`](super::Engine::rule) resolves it; the rule's string id (`"cn-news/xiongan-new-area"`) is
/// `engine.rule(id).id`. Ordered like the rules (load order, which is also the order that wins ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub(crate) usize);

impl RuleId {
    /// The rule's position in [`Engine::rules`](super::Engine::rules) (what SARIF calls its `ruleIndex`).
    pub fn index(self) -> usize {
        self.0
    }
}

/// When a fix may be applied: the [`Safety`] of the rules that make it, as a property of the fix (the names are
/// Safety's, and `From` converts both ways). A fix applies at fixing level `level` when its applicability is at
/// most `level` ([`Applicability::applies_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Applied by `fix` (the rule is [`Safety::Safe`]).
    Safe,
    /// Suggested by `check`; applied by `fix --review` only (the rule, or one of a chain, is [`Safety::Review`]).
    Review,
}

impl Applicability {
    /// Whether fixing at `level` applies a fix of this applicability.
    pub fn applies_at(self, level: Safety) -> bool {
        Safety::from(self) <= level
    }
}

impl From<Safety> for Applicability {
    fn from(safety: Safety) -> Applicability {
        match safety {
            Safety::Safe => Applicability::Safe,
            Safety::Review => Applicability::Review,
        }
    }
}

impl From<Applicability> for Safety {
    fn from(applicability: Applicability) -> Safety {
        match applicability {
            Applicability::Safe => Safety::Safe,
            Applicability::Review => Safety::Review,
        }
    }
}

/// What to write instead of a finding's span.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    /// The text that replaces the span (empty: delete it). For a finding with [`Finding::chained`] rules, the
    /// final text of the whole span, after all of them.
    pub replacement: String,
    /// When `fix` applies it: the least safe of the rules that make it.
    pub applicability: Applicability,
}

/// What happens to a finding when fixing at a given level ([`Finding::status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `fix` writes it: it has a fix that applies at the level.
    Applied,
    /// A fix that applies at a higher level only: a review suggestion below `--review`.
    Suggested,
    /// No fix: the rule only flags the text for a person to look at.
    Flagged,
}

/// One change `fix` makes, or one suggestion or flag it leaves to the user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule that found it; [`Engine::rule`](super::Engine::rule) gives the rule.
    pub rule: RuleId,
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The original text of the span.
    pub found: String,
    /// What to write instead; `None` when the rule only flags.
    pub fix: Option<Fix>,
    /// Rules whose edits rewrote this finding's output in a later pass or round, in the order they applied. Empty
    /// unless rules chain; when not empty, the fix's replacement is the final text of the whole span.
    pub chained: Vec<RuleId>,
}

impl Finding {
    /// What fixing at `level` does with this finding: the one place that works it out. An [`Outcome`]'s findings
    /// have the status of its [`Outcome::level`]; [`Engine::check`](super::Engine::check)'s that of
    /// [`Safety::Safe`].
    ///
    /// [`Outcome`]: super::Outcome
    /// [`Outcome::level`]: super::Outcome::level
    pub fn status(&self, level: Safety) -> Status {
        match &self.fix {
            None => Status::Flagged,
            Some(fix) if fix.applicability.applies_at(level) => Status::Applied,
            Some(_) => Status::Suggested,
        }
    }

    /// The replacement text, if the finding has a fix.
    pub fn replacement(&self) -> Option<&str> {
        self.fix.as_ref().map(|f| f.replacement.as_str())
    }
}
