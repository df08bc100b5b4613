//! The lint findings of an imported glossary, as import warnings: what `mtfix glossary import` prints after the
//! importer's own warnings.
//!
//! Import sits below the lint (layers 3 and 6), so it cannot lint what it writes; a caller that wants the findings
//! (the `glossary import` command) appends [`warnings`] to [`Import::warnings`].

use crate::glossary::parse;
use crate::import::{Diagnostic, Import};
use crate::quality::lint::lint;

/// The findings of `mtfix glossary lint` on `import`'s glossary, as warnings placed at their rule's concept in the
/// term base (else at the rule in the glossary text); `file` is the term base's name as the import used it (the
/// path as displayed, for [`crate::import::import_file`]). None when the import has no glossary (it had errors).
pub fn warnings(import: &Import, file: &str) -> Vec<Diagnostic> {
    let Ok(glossary) = parse(&import.toml, file) else {
        return Vec::new();
    };
    lint(std::slice::from_ref(&glossary))
        .into_iter()
        .map(|issue| Diagnostic {
            place: import
                .places
                .get(&issue.rule)
                .cloned()
                .unwrap_or_else(|| issue.place.clone()),
            concept: None,
            message: format!(
                "lint {}[{}]: rule `{}`: {}",
                issue.severity, issue.check, issue.rule, issue.message
            ),
        })
        .collect()
}
