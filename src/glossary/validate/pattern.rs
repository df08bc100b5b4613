//! `[[pattern]]` rules: a regex whose matches the `replace` template rewrites, in any pass but the line pass.

use super::{Checked, Checking, Kind};
use crate::error::Result;
use crate::glossary::parse::RawRule;
use crate::glossary::{Pass, RuleKind, Safety};

/// `[[pattern]]`: safe by default, in the patterns pass unless `pass` says otherwise.
pub(in crate::glossary) const KIND: Kind = Kind {
    key: "pattern",
    safety: Safety::Safe,
    pass: Pass::Patterns,
    refuses: &["match", "forms", "action"],
    check,
};

/// Checks the keys a pattern rule needs (`match`, `forms` and `action` are refused before): a valid `regex`, whose
/// capture groups it returns (`None` for a trusted built-in, whose regex is not parsed here).
fn check(at: &Checking<'_>, raw: &RawRule) -> Result<Checked> {
    let groups = at.regex(raw)?;
    let kind = RuleKind::Pattern {
        regex: raw
            .regex
            .as_ref()
            .map(|r| r.get_ref().clone())
            .unwrap_or_default(),
    };
    Ok((kind, groups))
}
