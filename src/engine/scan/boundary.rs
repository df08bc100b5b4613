//! Word and character boundaries: whether a match stands as whole words (letters, digits, inner apostrophes and
//! grapheme clusters considered), and stepping over or rounding to character boundaries.

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// A letter, a digit or `_`: what a match must not cut through.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A straight or a curly apostrophe.
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// A match must not start or end inside a word. An apostrophe between letters (`Xiong'an`, `O'Brien`) is part
/// of the word.
///
/// A combining mark belongs to the letter before it: a match never starts or ends inside a grapheme cluster
/// (`Xiong an new area\u{301}` puts the accent on the match's last letter), and a letter with marks before the
/// match joins it like the bare letter would.
pub(super) fn whole_words(text: &str, range: &Range<usize>) -> bool {
    if !grapheme_boundary(text, range.start) || !grapheme_boundary(text, range.end) {
        return false;
    }
    let inner_first = text[range.start..range.end].chars().next();
    let inner_last = text[range.start..range.end].chars().next_back();
    let previous_grapheme = text[..range.start].graphemes(true).next_back();
    let previous_base = previous_grapheme.and_then(|g| g.chars().next());
    let mut before = text[..range.start - previous_grapheme.map_or(0, str::len)]
        .chars()
        .rev();
    let mut after = text[range.end..].chars();
    let joins_before = match (previous_base, inner_first) {
        (Some(b), Some(f)) if is_word_char(f) => {
            is_word_char(b) || (is_apostrophe(b) && before.next().is_some_and(char::is_alphabetic))
        }
        (Some(b), Some(f)) if is_apostrophe(f) => is_word_char(b),
        _ => false,
    };
    let joins_after = match (inner_last, after.next()) {
        (Some(l), Some(a)) if is_word_char(l) => {
            is_word_char(a) || (is_apostrophe(a) && after.next().is_some_and(char::is_alphabetic))
        }
        (Some(l), Some(a)) if is_apostrophe(l) => is_word_char(a),
        _ => false,
    };
    !joins_before && !joins_after
}

/// Whether `i` lies between two grapheme clusters (or at an end of the text).
fn grapheme_boundary(text: &str, i: usize) -> bool {
    GraphemeCursor::new(i, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// The byte offset of the character after the one at `i` (or `i + 1` at the end of the text).
pub(super) fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i + 1, |c| i + c.len_utf8())
}

/// `i`, or the character boundary before it.
pub(super) fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `i`, or the character boundary after it.
pub(super) fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::whole_words;

    #[test]
    fn whole_words_respect_letters_digits_and_inner_apostrophes() {
        let text = "anXiong an, Xiong'an 2018years O'Brien";
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            start..start + s.len()
        };
        assert!(
            !whole_words(text, &at("Xiong an")),
            "starts inside 'anXiong'"
        );
        assert!(
            !whole_words(text, &at("an 2018")),
            "ends inside '2018years'"
        );
        let xian = text.find("an 2018").expect("in text");
        assert!(
            !whole_words(text, &(xian..xian + 2)),
            "'an' after an inner apostrophe is inside 'Xiong'an'"
        );
        assert!(!whole_words(text, &at("Brien")));
        assert!(whole_words(text, &at("O'Brien")));
        assert!(whole_words(text, &at(", ")));
    }
}
