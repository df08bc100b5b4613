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

/// The protected spans of `text`, sorted and non-overlapping.
pub(crate) fn protected_spans(text: &str) -> Vec<Range<usize>> {
    PROTECTED
        .find_iter(text)
        .map(|m| {
            // Sentence punctuation after a URL is not part of it.
            let kept = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            m.start()..m.start() + kept.len()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::protected_spans;

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
}
