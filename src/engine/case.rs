//! Carrying the matched text's capitalisation over to a replacement ("smart case").
//!
//! A lowercase replacement is capitalised where the match starts with a capital at the start of a sentence, and
//! written in capitals where the match is in capitals (a headline). A capitalised match in mid-sentence is a name
//! ("Langfang North Third County"): a lowercase replacement ("the three northern counties of Langfang") stays
//! lowercase there. A replacement that starts with a capital is a proper noun or an official name and is written
//! as the glossary has it, except at an all-capitals match.

/// Adapts `replacement` to the capitalisation of `matched`; `text_before` is the text before the match (only its
/// end is looked at, to tell a sentence start).
pub(crate) fn smart_case(matched: &str, replacement: &str, text_before: &str) -> String {
    if is_all_caps(matched) {
        return replacement.to_uppercase();
    }
    let match_starts_upper = matched
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
        && is_sentence_start(text_before);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if match_starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_owned(),
    }
}

/// Whether a sentence starts right after `text_before`: nothing but spaces, opening quotes and brackets since the
/// start of the text, a line break, or sentence-ending punctuation; or a colon or comma before an opening quote
/// (quoted speech).
fn is_sentence_start(text_before: &str) -> bool {
    let mut quoted = false;
    let mut chars = text_before.chars().rev().skip_while(|&c| {
        let quote = matches!(c, '"' | '\'' | '“' | '‘');
        quoted |= quote;
        quote || matches!(c, ' ' | '\t' | '(' | '[' | '（' | '【' | '\u{feff}')
    });
    chars.next().is_none_or(|c| {
        matches!(c, '\n' | '\r' | '.' | '!' | '?' | '。' | '！' | '？')
            || (quoted && matches!(c, ':' | ',' | '：' | '，'))
    })
}

/// At least two cased letters, none of them lowercase.
fn is_all_caps(text: &str) -> bool {
    let mut upper = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        upper += usize::from(c.is_uppercase());
    }
    upper >= 2
}

#[cfg(test)]
mod tests {
    use super::smart_case;

    #[test]
    fn follows_the_match() {
        let start = "";
        let cases = [
            ("accurate poverty", "targeted poverty", "targeted poverty"),
            ("Accurate poverty", "targeted poverty", "Targeted poverty"),
            ("ACCURATE POVERTY", "targeted poverty", "TARGETED POVERTY"),
            ("xiong an", "Xiong'an", "Xiong'an"),
            ("XIONG AN", "Xiong'an", "XIONG'AN"),
            ("(2018-2020 years)", "(2018-2020)", "(2018-2020)"),
        ];
        for (matched, replacement, expected) in cases {
            assert_eq!(
                smart_case(matched, replacement, start),
                expected,
                "{matched}"
            );
        }
    }

    #[test]
    fn capitals_only_at_a_sentence_start() {
        let name = "Langfang North Third County";
        let counties = "the three northern counties of Langfang";
        assert_eq!(
            smart_case(name, counties, "extend the layout of "),
            counties
        );
        for before in ["", "Done. ", "Done.\n\n", "1. ", "He said: \"", "好。"] {
            assert_eq!(
                smart_case(name, counties, before),
                "The three northern counties of Langfang",
                "after {before:?}"
            );
        }
    }
}
