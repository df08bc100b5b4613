//! Spans no rule may edit: URLs and e-mail addresses.
//!
//! A term like `Xiong an` inside `https://example.com/Xiong an-new-area` or an address like
//! `xiong.an@example.com` is not prose; changing it would break the link.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PROTECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // URLs with a scheme, or starting with www.
        r"(?i)(?-u:\b)(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s<>\x22\x27`\u{3000}-\u{303F}\u{FF08}\u{FF09}]+",
        "|",
        // E-mail addresses.
        r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    ))
    .expect("the protected-span regex is valid")
});

/// Where the markers every protected span holds start: `@` (an e-mail address), `://` or `www.` (ASCII
/// case-insensitive; a URL). One `memchr3` pass over `@`, `:` and `.` finds them; a general multi-pattern search is
/// several times slower here, because `w` is a common letter.
fn markers(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'@', b':', b'.', bytes).filter_map(move |i| match bytes[i] {
        b'@' => Some(i),
        b':' => bytes[i + 1..].starts_with(b"//").then_some(i),
        _ => (i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www")).then(|| i - 3),
    })
}

/// The protected spans of `text`, sorted and non-overlapping.
///
/// No protected span contains whitespace, so the regex only runs over the whitespace-delimited tokens that hold a
/// marker (most prose has none); running it token by token finds exactly what one run over the whole text finds:
/// a match never crosses whitespace, and the ASCII word boundary at a token's edge is the same whether the
/// neighbour is whitespace or the end of the text.
pub(crate) fn protected_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut done = 0;
    for marker in markers(text) {
        if marker < done {
            continue;
        }
        let start = text[..marker]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[marker..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| marker + i);
        spans.extend(PROTECTED.find_iter(&text[start..end]).map(|m| {
            // Sentence punctuation after a URL is not part of it.
            let kept = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            start + m.start()..start + m.start() + kept.len()
        }));
        done = end;
    }
    spans
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{PROTECTED, protected_spans};

    #[test]
    fn urls_and_addresses() {
        let text = "See https://example.com/Xiong_an?x=1, www.xiongan.gov.cn and xiong.an@example.com。Done";
        let spans: Vec<&str> = protected_spans(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            spans,
            [
                "https://example.com/Xiong_an?x=1",
                "www.xiongan.gov.cn",
                "xiong.an@example.com"
            ]
        );
    }

    proptest! {
        /// Token by token finds what one run of the regex over the whole text finds.
        #[test]
        fn tokens_find_what_the_whole_text_scan_finds(
            pieces in proptest::collection::vec(prop_oneof![
                Just("https://"), Just("WWW."), Just("@"), Just("."), Just("a"), Just("x1"), Just("-"),
                Just(" "), Just("\n"), Just("\u{3000}"), Just("。"), Just("é"), Just(")"), Just(","),
                Just("mail"), Just("ftp://"), Just("\u{A0}"), Just("_"),
            ], 0..40),
        ) {
            let text: String = pieces.concat();
            let whole: Vec<_> = PROTECTED
                .find_iter(&text)
                .map(|m| {
                    let kept = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
                    m.start()..m.start() + kept.len()
                })
                .collect();
            prop_assert_eq!(protected_spans(&text), whole);
        }
    }
}
