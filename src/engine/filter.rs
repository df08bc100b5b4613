//! Match filters: for a built-in regex or guard, a DFA built at compile time (`build/filters.rs`) that tells,
//! without compiling the regex, that it cannot match a text, and, when the DFA is exact, whether it matches.
//!
//! A short document needs few of the built-in regexes; the others, whose required literals merely occur in it, are
//! ruled out by their filters and never compiled. Compiling them was most of what checking one article cost.

use std::sync::OnceLock;

use regex_automata::Input;
use regex_automata::dfa::Automaton;
use regex_automata::dfa::dense::DFA;

/// Bytes at an address aligned for the DFAs' 32-bit words (`include_bytes!` alone guarantees no alignment).
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u64; 0],
    bytes: B,
}

/// Every filter DFA, serialised one after another by `build.rs`.
static DFAS: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/regex_filters.bin")),
};

/// Per filtered regex, sorted by (what, source): where its DFA is in [`DFAS`], and whether the DFA is exact.
static TABLE: &[((&str, &str), std::ops::Range<usize>, bool)] =
    include!(concat!(env!("OUT_DIR"), "/regex_filters.rs"));

/// The filter of one regex, deserialised on first use.
#[derive(Debug)]
pub(crate) struct MatchFilter {
    bytes: &'static [u8],
    exact: bool,
    dfa: OnceLock<Option<DFA<&'static [u32]>>>,
}

/// What a filter says about a haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The regex does not match.
    No,
    /// The regex matches.
    Yes,
    /// The regex may match: ask it.
    Maybe,
}

impl MatchFilter {
    /// The filter of the built-in regex `source` (`what`: `""` for a rule's regex, `not_before` or `not_after`
    /// for a guard), if `build.rs` made one.
    pub(crate) fn builtin(what: &str, source: &str) -> Option<MatchFilter> {
        let index = TABLE
            .binary_search_by(|((w, s), _, _)| (*w, *s).cmp(&(what, source)))
            .ok()?;
        let (_, range, exact) = &TABLE[index];
        Some(MatchFilter {
            bytes: DFAS.bytes.get(range.clone())?,
            exact: *exact,
            dfa: OnceLock::new(),
        })
    }

    /// Whether the DFA matches exactly the regex's texts (nothing was relaxed), so that its "match" is final.
    pub(crate) fn is_exact(&self) -> bool {
        self.exact
    }

    /// Whether the regex matches `haystack` (searched as a whole, as the regex would search it). A DFA that does
    /// not deserialise or cannot finish its search says [`Verdict::Maybe`], so the regex decides.
    pub(crate) fn verdict(&self, haystack: &str) -> Verdict {
        let dfa = self
            .dfa
            .get_or_init(|| DFA::from_bytes(self.bytes).ok().map(|(dfa, _)| dfa));
        let Some(dfa) = dfa else {
            return Verdict::Maybe;
        };
        match dfa.try_search_fwd(&Input::new(haystack).earliest(true)) {
            Ok(None) => Verdict::No,
            Ok(Some(_)) if self.exact => Verdict::Yes,
            Ok(Some(_)) | Err(_) => Verdict::Maybe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TABLE;

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
