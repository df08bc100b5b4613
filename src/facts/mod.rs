//! Regex facts, the base of the crate: what is derived from a regex's syntax tree when a rule is compiled —
//! whether the regex stays within a line ([`locality`]), the literals it cannot match without ([`literals`]) and
//! its capture group names (for the rule's template, `glossary/template.rs`).
//!
//! Parsing a regex into its syntax tree is most of what building an engine costs (the built-ins have some 175
//! pattern and line regexes, and Unicode classes make parsing them slow), yet the facts depend on the regex
//! source alone. So `build.rs` includes this module (`#[path = "src/facts/mod.rs"] mod facts;`) and computes the
//! facts of every built-in regex at build time; the engine looks a regex up in that table by its source
//! (`engine/compile.rs`) and parses only the regexes it does not hold, those of the user's own glossaries. This
//! module must therefore stay self-contained: it may use `regex_syntax` and its own submodules, and nothing else
//! of the crate (no path through the crate root: in `build.rs`, the crate is the build script).

pub(crate) mod literals;
pub(crate) mod locality;

use regex_syntax::hir::{Hir, HirKind, Look};

use literals::required_literal_sets;
use locality::within_a_line;

/// The facts of one regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegexFacts {
    /// Whether the regex always matches within one line (see [`locality`]).
    pub(crate) line_local: bool,
    /// Sets of literals such that every match of the regex holds one literal of each (see [`literals`]);
    /// empty: no filter.
    pub(crate) literals: Vec<Vec<Vec<u8>>>,
    /// The name of each capture group, by index, the implicit group 0 first (`None`: unnamed).
    pub(crate) groups: Vec<Option<String>>,
}

impl RegexFacts {
    /// The facts of the regex whose syntax tree is `hir`.
    pub(crate) fn of_hir(hir: &Hir) -> RegexFacts {
        RegexFacts {
            line_local: within_a_line(hir),
            literals: required_literal_sets(hir),
            groups: capture_names(hir),
        }
    }
}

/// The name of each capture group of `hir`, by index, the implicit group 0 first (`None`: unnamed).
pub(crate) fn capture_names(hir: &Hir) -> Vec<Option<String>> {
    fn walk(hir: &Hir, names: &mut Vec<Option<String>>) {
        match hir.kind() {
            HirKind::Capture(capture) => {
                let index = capture.index as usize;
                if names.len() <= index {
                    names.resize(index + 1, None);
                }
                names[index] = capture.name.as_deref().map(str::to_owned);
                walk(&capture.sub, names);
            }
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().for_each(|sub| walk(sub, names));
            }
            HirKind::Repetition(repetition) => walk(&repetition.sub, names),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    let mut names = vec![None];
    walk(hir, &mut names);
    names
}

/// Whether `look` is one of the Unicode word-boundary assertions (the lint warns about them; the match filters
/// of `build.rs` relax them away).
pub(crate) fn is_unicode_word_look(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}
