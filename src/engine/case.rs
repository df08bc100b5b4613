//! Carrying the matched text's capitalisation over to a replacement ("smart case").
//!
//! A lowercase replacement is capitalised where the match starts with a capital (a sentence start) and written in
//! capitals where the match is in capitals (a headline). A replacement that starts with a capital is a proper noun
//! or an official name and is written as the glossary has it, except at an all-capitals match.

/// Adapts `replacement` to the capitalisation of `matched`.
pub(crate) fn smart_case(matched: &str, replacement: &str) -> String {
    if is_all_caps(matched) {
        return replacement.to_uppercase();
    }
    let match_starts_upper = matched
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if match_starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_owned(),
    }
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
        assert_eq!(
            smart_case("accurate poverty", "targeted poverty"),
            "targeted poverty"
        );
        assert_eq!(
            smart_case("Accurate poverty", "targeted poverty"),
            "Targeted poverty"
        );
        assert_eq!(
            smart_case("ACCURATE POVERTY", "targeted poverty"),
            "TARGETED POVERTY"
        );
        assert_eq!(smart_case("xiong an", "Xiong'an"), "Xiong'an");
        assert_eq!(smart_case("XIONG AN", "Xiong'an"), "XIONG'AN");
        assert_eq!(
            smart_case("(2018-2020 years)", "(2018-2020)"),
            "(2018-2020)"
        );
        assert_eq!(smart_case("A", "one core"), "One core");
    }
}
