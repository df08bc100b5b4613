//! The matching view of a text for literal terms: flexible spaces and quotes, mapped back byte-exactly.
//!
//! ARCHITECTURE.md's matching rules say a space in a variant matches any run of spaces or tabs with at most one line break, and that
//! straight and typographic quotes are equivalent. Rather than multiply every variant into its spellings (which
//! would blow up the automaton), the text is folded once into a view where each such run is one `' '` (a run with
//! two or more line breaks, a paragraph break, becomes `'\n'` and matches nothing) and each typographic quote is
//! its ASCII twin. Variants are folded the same way. A match in the view maps back to the text through a short
//! list of folded runs.

use std::borrow::Cow;
use std::cell::OnceCell;

/// A folded view of a text and the runs that folding changed.
#[derive(Debug)]
pub(crate) struct FoldedText<'a> {
    /// The folded bytes (valid UTF-8: only whole characters or whole ASCII runs are replaced).
    pub(crate) text: Cow<'a, str>,
    /// For each folded run: its end in the view and the cumulative growth (original − view) up to that end.
    runs: Vec<(usize, usize)>,
    /// The view with ASCII letters lowercased, made on first use (see [`FoldedText::lowercase`]).
    lowercase: OnceCell<String>,
}

impl<'a> FoldedText<'a> {
    /// Folds `text`. Borrowed (no copy) when nothing needs folding.
    pub(crate) fn new(text: &'a str) -> FoldedText<'a> {
        let bytes = text.as_bytes();
        let Some(first) = first_foldable(bytes) else {
            return FoldedText {
                text: Cow::Borrowed(text),
                runs: Vec::new(),
                lowercase: OnceCell::new(),
            };
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..first]);
        let mut runs = Vec::new();
        let mut growth = 0usize;
        let mut i = first;
        while i < bytes.len() {
            let (folded, consumed) = fold_at(bytes, i);
            match folded {
                Some(c) => {
                    out.push(c);
                    if consumed != 1 || bytes[i] != c as u8 {
                        growth += consumed - 1;
                        runs.push((out.len(), growth));
                    }
                    i += consumed;
                }
                None => {
                    // Copy up to the next foldable byte in one go.
                    let next = first_foldable(&bytes[i + 1..]).map_or(bytes.len(), |n| i + 1 + n);
                    out.push_str(&text[i..next]);
                    i = next;
                }
            }
        }
        FoldedText {
            text: Cow::Owned(out),
            runs,
            lowercase: OnceCell::new(),
        }
    }

    /// The view with ASCII letters lowercased: same length, same positions. The term automaton searches it with
    /// lowercased variants, case-sensitively: an automaton that folds ASCII case itself takes over three times as
    /// long to build (32 ms against 9 ms for the built-ins' 2,592 variants), and that build was most of an engine's
    /// start-up.
    pub(crate) fn lowercase(&self) -> &str {
        self.lowercase
            .get_or_init(|| self.text.to_ascii_lowercase())
    }

    /// The text position of view position `p` (a match boundary).
    pub(crate) fn to_text(&self, p: usize) -> usize {
        let idx = self.runs.partition_point(|&(end, _)| end <= p);
        if idx == 0 {
            p
        } else {
            p + self.runs[idx - 1].1
        }
    }
}

/// Folds a variant of a term the same way as texts are folded, trimmed.
pub(crate) fn fold_variant(variant: &str) -> String {
    FoldedText::new(variant.trim()).text.into_owned()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Byte classes for [`first_foldable`]: 0 never starts a folded run, 1 (a space) does when another space follows,
/// 2 (tab, CR, LF, and the lead bytes of no-break space and typographic quotes) may.
static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    class[b' ' as usize] = 1;
    class[b'\t' as usize] = 2;
    class[b'\r' as usize] = 2;
    class[b'\n' as usize] = 2;
    class[0xC2] = 2;
    class[0xE2] = 2;
    class
};

/// The first byte that may start a folded run: whitespace other than a lone space, or the lead byte of a
/// typographic quote or a no-break space.
fn first_foldable(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        match CLASS[bytes[i] as usize] {
            0 => i += 1,
            1 if bytes.get(i + 1).is_some_and(|&b| CLASS[b as usize] != 0) => return Some(i),
            1 => i += 2,
            _ => return Some(i),
        }
    }
    None
}

/// Folds the run starting at `i`: `Some((char, bytes consumed))`, or `None` for a byte that is not folded.
fn fold_at(bytes: &[u8], i: usize) -> (Option<char>, usize) {
    if is_space(bytes[i]) || is_nbsp(bytes, i) {
        let mut j = i;
        let mut newlines = 0;
        while j < bytes.len() {
            if is_space(bytes[j]) {
                newlines += usize::from(bytes[j] == b'\n');
                j += 1;
            } else if is_nbsp(bytes, j) {
                j += 2;
            } else {
                break;
            }
        }
        return (Some(if newlines >= 2 { '\n' } else { ' ' }), j - i);
    }
    if bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
        match bytes.get(i + 2) {
            Some(0x98 | 0x99) => return (Some('\''), 3), // ‘ ’
            Some(0x9C | 0x9D) => return (Some('"'), 3),  // “ ”
            _ => {}
        }
    }
    (None, 1)
}

fn is_nbsp(bytes: &[u8], i: usize) -> bool {
    bytes[i] == 0xC2 && bytes.get(i + 1) == Some(&0xA0)
}

#[cfg(test)]
mod tests {
    use super::{FoldedText, fold_variant};

    #[test]
    fn plain_text_is_borrowed() {
        let folded = FoldedText::new("Xiong an new area, 北京。");
        assert!(matches!(folded.text, std::borrow::Cow::Borrowed(_)));
        assert_eq!(folded.to_text(5), 5);
    }

    #[test]
    fn spaces_quotes_and_line_breaks_fold_and_map_back() {
        let text = "Xiong \u{2019}an\r\nnew  area\n\nnext\u{a0}one";
        let folded = FoldedText::new(text);
        assert_eq!(folded.text, "Xiong 'an new area\nnext one");
        let view = &folded.text;
        let start = view.find("'an").expect("folded quote");
        let end = view.find(" area").expect("area") + " area".len();
        let (s, e) = (folded.to_text(start), folded.to_text(end));
        assert_eq!(&text[s..e], "\u{2019}an\r\nnew  area");
        let one = view.find("one").expect("one");
        assert_eq!(&text[folded.to_text(one)..], "one");
    }

    #[test]
    fn variants_fold_like_text() {
        assert_eq!(
            fold_variant("  Xiong \u{2018}an   new area "),
            "Xiong 'an new area"
        );
    }
}
