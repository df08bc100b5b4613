//! `[[consistency]]` rules: forms of one term of which a document should use only one. They only suggest the
//! document's majority form, so they have no `replace`, `pass`, guards or `regex`.

use super::{Checked, Checking, Kind};
use crate::error::Result;
use crate::glossary::parse::RawRule;
use crate::glossary::{Pass, RuleKind, Safety};

/// `[[consistency]]`: review by default (which form is right depends on the document), always in the terms
/// pass (a consistency rule refuses `pass`).
pub(in crate::glossary) const KIND: Kind = Kind {
    key: "consistency",
    safety: Safety::Review,
    pass: Pass::Terms,
    refuses: &[
        "match",
        "regex",
        "replace",
        "pass",
        "not_before",
        "not_after",
        "action",
    ],
    check,
};

/// Checks the keys a consistency rule needs (`match`, `regex`, `replace`, `pass`, guards and `action` are refused
/// before): at least two non-empty `forms`. A consistency rule has no regex, so no capture groups.
fn check(at: &Checking<'_>, raw: &RawRule) -> Result<Checked> {
    let Some(forms) = raw.forms.as_ref() else {
        return Err(at.missing("a [[consistency]] rule needs `forms = [...]`".into()));
    };
    if forms.get_ref().len() < 2 || forms.get_ref().iter().any(|f| f.trim().is_empty()) {
        return Err(at.err(
            forms.span().start,
            "`forms` needs at least two non-empty forms".into(),
        ));
    }
    let kind = RuleKind::Consistency {
        forms: forms.get_ref().clone(),
    };
    Ok((kind, None))
}
