//! `[[term]]` rules: literal variants (`match`), all matched at once, and a literal `replace`.

use super::{Checked, Checking, Kind};
use crate::error::Result;
use crate::glossary::parse::RawRule;
use crate::glossary::{Pass, RuleKind, Safety};

/// `[[term]]`: safe by default, in the terms pass unless `pass` says otherwise.
pub(in crate::glossary) const KIND: Kind = Kind {
    key: "term",
    safety: Safety::Safe,
    pass: Pass::Terms,
    refuses: &["forms", "regex", "action"],
    check,
};

/// Checks the keys a term rule needs (those it refuses, `forms`, `regex` and `action`, are refused before): a
/// non-empty `match` without empty variants, and a `replace`. A term rule has no regex, so no capture groups.
fn check(at: &Checking<'_>, raw: &RawRule) -> Result<Checked> {
    let Some(variants) = raw.variants.as_ref() else {
        return Err(at.missing("a [[term]] rule needs `match = [...]`".into()));
    };
    if variants.get_ref().is_empty() {
        return Err(at.err(variants.span().start, "`match` is empty".into()));
    }
    if let Some(n) = variants.get_ref().iter().position(|v| v.trim().is_empty()) {
        return Err(at.err(
            variants.span().start,
            format!(
                "variant {} of `match` is empty: an empty match can never be a fix",
                n + 1
            ),
        ));
    }
    if raw.replace.is_none() {
        return Err(at.missing("a [[term]] rule needs `replace`".into()));
    }
    let kind = RuleKind::Term {
        variants: variants.get_ref().clone(),
    };
    Ok((kind, None))
}
