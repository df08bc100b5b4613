//! The `unicode-word-boundary` check: a rule's regex or guard that uses a Unicode `\b`, which is slow on non-ASCII
//! text.

use super::{LintIssue, LintSeverity, issue};
use crate::glossary::Rule;

/// A Unicode `\b` makes the regex engine leave its fast DFA at the first non-ASCII byte of a text (measured: a set
/// of 16 glossary patterns ran 80 times slower on the reference article). The engine already keeps matches to
/// whole words at their edges, so `\b` is rarely needed; inside a pattern, `(?-u:\b)` is fast.
pub(super) fn unicode_word_boundary(rule: &Rule, issues: &mut Vec<LintIssue>) {
    let sources = [
        rule.kind.regex(),
        rule.not_before.as_deref(),
        rule.not_after.as_deref(),
    ];
    for source in sources.into_iter().flatten() {
        let Ok(hir) = regex_syntax::parse(source) else {
            continue;
        };
        if has_unicode_word_boundary(&hir) {
            issues.push(issue(
                rule,
                LintSeverity::Warning,
                "unicode-word-boundary",
                format!(
                    "regex {source:?} uses a Unicode `\\b`, which makes it slow on non-ASCII text; matches are whole words \
                     at their edges already, and `(?-u:\\b)` is fast inside a pattern"
                ),
            ));
        }
    }
}

/// Whether `hir` holds a Unicode word boundary (`\b`, `\B` or their start and end halves) anywhere.
fn has_unicode_word_boundary(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Look(look) => crate::facts::is_unicode_word_look(*look),
        HirKind::Capture(capture) => has_unicode_word_boundary(&capture.sub),
        HirKind::Repetition(repetition) => has_unicode_word_boundary(&repetition.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(has_unicode_word_boundary)
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}
