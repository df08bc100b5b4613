//! The replacement as written at a match: in the match's case (smart case) and with the writer's apostrophe glyph.

use crate::engine::case::smart_case;
use crate::glossary::CaseMode;

/// The replacement as written at this match: smart case (unless the rule fixes the case), and always the writer's
/// apostrophe glyph.
pub(super) fn adapt(case: CaseMode, matched: &str, replacement: &str, text_before: &str) -> String {
    match case {
        CaseMode::Smart => {
            same_apostrophes(matched, &smart_case(matched, replacement, text_before))
        }
        CaseMode::Ignore | CaseMode::Exact => same_apostrophes(matched, replacement),
    }
}

/// Writes the replacement's apostrophes in the glyph the writer used in the match (`'` or `’`), when the writer
/// used only one of them.
fn same_apostrophes(matched: &str, replacement: &str) -> String {
    let (straight, curly) = (matched.contains('\''), matched.contains('\u{2019}'));
    match (straight, curly) {
        (false, true) => replacement.replace('\'', "\u{2019}"),
        (true, false) => replacement.replace('\u{2019}', "'"),
        _ => replacement.to_owned(),
    }
}
