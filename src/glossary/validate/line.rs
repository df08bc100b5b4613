//! `[[line]]` rules: a regex tested against each line, and what to do with a line it matches — delete it,
//! delete it when it repeats the line before, or replace the match with the `replace` template.

use super::{Checked, Checking, Kind};
use crate::error::Result;
use crate::glossary::parse::{RawAction, RawRule};
use crate::glossary::{LineAction, Pass, RuleKind, Safety};

/// `[[line]]`: safe by default, always in the lines pass (a line rule refuses `pass`).
pub(in crate::glossary) const KIND: Kind = Kind {
    key: "line",
    safety: Safety::Safe,
    pass: Pass::Lines,
    refuses: &["match", "forms", "pass"],
    check,
};

/// Checks the keys a line rule needs (`match`, `forms` and `pass` are refused before: a line rule runs in the
/// line pass): a valid `regex`, whose capture groups it returns (`None` for a trusted built-in); and either an `action` that deletes
/// or a `replace`, not both.
fn check(at: &Checking<'_>, raw: &RawRule) -> Result<Checked> {
    let groups = at.regex(raw)?;
    let action = match (raw.action.as_ref().map(|a| *a.get_ref()), &raw.replace) {
        (Some(RawAction::Replace) | None, Some(_)) => LineAction::Replace,
        (Some(RawAction::Replace) | None, None) => {
            return Err(at.missing(
                "a [[line]] rule needs `action = \"delete\"`, `action = \"dedupe\"` or a `replace`"
                    .into(),
            ));
        }
        (Some(RawAction::Delete), None) => LineAction::Delete,
        (Some(RawAction::Dedupe), None) => LineAction::Dedupe,
        (Some(_), Some(r)) => {
            return Err(at.err(
                r.span().start,
                "`replace` cannot be combined with `action = \"delete\"` or `\"dedupe\"`".into(),
            ));
        }
    };
    let kind = RuleKind::Line {
        regex: raw
            .regex
            .as_ref()
            .map(|r| r.get_ref().clone())
            .unwrap_or_default(),
        action,
    };
    Ok((kind, groups))
}
