//! Replacement templates of pattern and line rules: literal text with `${name}` or `${name|t1|t2}` holes.
//!
//! A hole names a capture group of the rule's regex (by name or number) and a chain of transforms applied left to
//! right. `$$` writes a literal dollar sign. Templates are parsed once when a glossary is loaded, so a missing
//! capture or an unknown transform is a glossary error with its place, never a surprise at fix time.
//!
//! Transforms:
//! - `ordinal`: a number as a word (`eighteen`, `twenty-first`), digits (`18`) or a wrong ordinal (`18st`) becomes
//!   `18th`;
//! - `number`: the same inputs become plain digits (`18`);
//! - `upper`, `lower`: the whole capture;
//! - `title`: every word capitalised; `capitalize`: the first letter only.

use std::fmt;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Hole {
        group: Group,
        transforms: Vec<Transform>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    Name(String),
    Index(usize),
}

/// A transform applied to a captured text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// To an ordinal in digits: `eighteen` → `18th`.
    Ordinal,
    /// To plain digits: `eighteen` → `18`.
    Number,
    /// To English cardinal words: `18th` → `eighteen`, `21` → `twenty-one` (up to ninety-nine).
    Words,
    /// To English ordinal words: `5` → `fifth`, `twenty one` → `twenty-first` (up to ninety-nine).
    OrdinalWords,
    /// To upper case.
    Upper,
    /// To lower case.
    Lower,
    /// Every word capitalised.
    Title,
    /// The first letter capitalised.
    Capitalize,
}

impl Transform {
    const NAMES: [(&'static str, Transform); 8] = [
        ("ordinal", Transform::Ordinal),
        ("number", Transform::Number),
        ("words", Transform::Words),
        ("ordinal_words", Transform::OrdinalWords),
        ("upper", Transform::Upper),
        ("lower", Transform::Lower),
        ("title", Transform::Title),
        ("capitalize", Transform::Capitalize),
    ];

    fn from_name(name: &str) -> Option<Transform> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, t)| t)
    }

    fn apply(self, text: &str) -> Option<String> {
        match self {
            Transform::Ordinal => parse_number(text).map(ordinal),
            Transform::Number => parse_number(text).map(|n| n.to_string()),
            Transform::Words => parse_number(text).and_then(|n| in_words(n, &UNITS, &TENS)),
            Transform::OrdinalWords => {
                parse_number(text).and_then(|n| in_words(n, &UNIT_ORDINALS, &TEN_ORDINALS))
            }
            Transform::Upper => Some(text.to_uppercase()),
            Transform::Lower => Some(text.to_lowercase()),
            Transform::Title => Some(title_case(text)),
            Transform::Capitalize => Some(capitalize(text)),
        }
    }
}

/// Why a template could not be parsed; the byte offset is inside the template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the problem inside the template.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Template {
    /// Parses `source`, checking every hole against the capture names the regex has.
    ///
    /// # Errors
    /// An unclosed `${`, an empty hole, a capture the regex does not have, or an unknown transform.
    pub fn parse(source: &str, regex: &Groups) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        let mut offset = 0;
        while let Some(dollar) = rest.find('$') {
            text.push_str(&rest[..dollar]);
            let after = &rest[dollar + 1..];
            if let Some(stripped) = after.strip_prefix('$') {
                text.push('$');
                offset += dollar + 2;
                rest = stripped;
                continue;
            }
            let Some(body_start) = after.strip_prefix('{') else {
                return Err(TemplateError {
                    offset: offset + dollar,
                    message: "`$` must start a hole `${name}` (write `$$` for a dollar sign)"
                        .into(),
                });
            };
            let Some(close) = body_start.find('}') else {
                return Err(TemplateError {
                    offset: offset + dollar,
                    message: "unclosed `${` in template".into(),
                });
            };
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            let body = &body_start[..close];
            parts.push(parse_hole(body, regex).map_err(|message| TemplateError {
                offset: offset + dollar,
                message,
            })?);
            let consumed = dollar + 2 + close + 1;
            offset += consumed;
            rest = &rest[consumed..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template { parts })
    }

    /// A template that is plain text with no holes.
    pub fn literal(text: &str) -> Template {
        Template {
            parts: vec![Part::Text(text.to_owned())],
        }
    }

    /// Fills the holes from `captures`. `None` when a transform cannot apply (say, `ordinal` of a word that is no
    /// number): the match is then left alone.
    pub fn render(&self, captures: &regex::Captures<'_>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Hole { group, transforms } => {
                    let captured = match group {
                        Group::Name(name) => captures.name(name),
                        Group::Index(index) => captures.get(*index),
                    }
                    .map_or("", |m| m.as_str());
                    // A group that took no part in the match (or captured nothing) renders as nothing, whatever
                    // its transforms: `${k|ordinal_words}` in one branch of an alternation.
                    if captured.is_empty() {
                        continue;
                    }
                    let mut value = captured.to_owned();
                    for transform in transforms {
                        value = transform.apply(&value)?;
                    }
                    out.push_str(&value);
                }
            }
        }
        Some(out)
    }
}

/// The capture groups of a regex: how many (with the implicit group 0) and their names. Glossary loading gets
/// them from the regex's syntax tree alone, so a regex is compiled once, by the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    names: Vec<Option<String>>,
}

impl Groups {
    /// The groups of a compiled regex.
    pub fn of_regex(regex: &regex::Regex) -> Groups {
        Groups {
            names: regex
                .capture_names()
                .map(|n| n.map(str::to_owned))
                .collect(),
        }
    }

    /// The groups of a parsed regex.
    pub fn of_hir(hir: &regex_syntax::hir::Hir) -> Groups {
        Groups {
            names: crate::facts::capture_names(hir),
        }
    }

    /// The groups with these names, by index, the implicit group 0 first (`None`: unnamed).
    pub(crate) fn from_names(names: Vec<Option<String>>) -> Groups {
        Groups { names }
    }

    /// How many groups, counting the implicit group 0.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no groups at all (never true: group 0 always exists).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether `group` (a number or a name) is a group of the regex.
    pub fn has(&self, group: &str) -> bool {
        match group.parse::<usize>() {
            Ok(index) => index < self.names.len(),
            Err(_) => self.named().any(|n| n == group),
        }
    }

    fn named(&self) -> impl Iterator<Item = &str> {
        self.names.iter().flatten().map(String::as_str)
    }
}

fn parse_hole(body: &str, regex: &Groups) -> Result<Part, String> {
    let mut pieces = body.split('|').map(str::trim);
    let name = pieces.next().unwrap_or_default();
    if name.is_empty() {
        return Err("empty hole `${}`: name a capture group".into());
    }
    let group = if let Ok(index) = name.parse::<usize>() {
        if index >= regex.len() {
            let groups = regex.len() - 1;
            return Err(format!(
                "template uses capture group {index}, but the regex has {}",
                match groups {
                    0 => "no groups".to_owned(),
                    1 => "only 1 group".to_owned(),
                    n => format!("only {n} groups"),
                }
            ));
        }
        Group::Index(index)
    } else {
        if !regex.has(name) {
            let known: Vec<_> = regex.named().collect();
            return Err(format!(
                "template uses capture `{name}`, which the regex does not define (it has: {})",
                if known.is_empty() {
                    "no named captures".to_owned()
                } else {
                    known.join(", ")
                }
            ));
        }
        Group::Name(name.to_owned())
    };
    let transforms = pieces
        .map(|t| {
            Transform::from_name(t).ok_or_else(|| {
                let known: Vec<_> = Transform::NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown transform `{t}` in template (known: {})",
                    known.join(", ")
                )
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Part::Hole { group, transforms })
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const UNIT_ORDINALS: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const TEN_ORDINALS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// Reads a number written as digits (with an optional, possibly wrong, ordinal suffix) or as English words up to
/// ninety-nine (cardinal or ordinal, joined by a hyphen or a space).
pub fn parse_number(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits_end > 0 {
        let suffix = text[digits_end..].to_ascii_lowercase();
        return matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th")
            .then(|| text[..digits_end].parse().ok())
            .flatten();
    }
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', ' ']).filter(|w| !w.is_empty()).collect();
    let word_value = |word: &str| -> Option<u64> {
        let position = |list: &[&str]| list.iter().position(|w| *w == word);
        position(&UNITS)
            .or_else(|| position(&UNIT_ORDINALS))
            .map(|i| i as u64)
            .or_else(|| {
                position(&TENS)
                    .or_else(|| position(&TEN_ORDINALS))
                    .map(|i| 20 + 10 * i as u64)
            })
    };
    match words.as_slice() {
        [one] => word_value(one),
        [tens, unit] => {
            let tens = word_value(tens)?;
            let unit = word_value(unit)?;
            (tens >= 20 && tens % 10 == 0 && (1..10).contains(&unit)).then_some(tens + unit)
        }
        _ => None,
    }
}

/// `n` in English words, 1 to 99, the last word taken from `units` (0-19) or `tens` (20, 30, … 90) so that the
/// same function writes cardinals (`twenty-one`) and ordinals (`twenty-first`). `None` outside 1-99.
fn in_words(n: u64, units: &[&str; 20], tens: &[&str; 8]) -> Option<String> {
    let n = usize::try_from(n).ok().filter(|n| (1..100).contains(n))?;
    Some(match (n / 10, n % 10) {
        (0 | 1, _) => units[n].to_owned(),
        (ten, 0) => tens[ten - 2].to_owned(),
        (ten, unit) => format!("{}-{}", TENS[ten - 2], units[unit]),
    })
}

/// `18` → `18th`, `21` → `21st`, `112` → `112th`.
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = !c.is_alphanumeric() && c != '\'' && c != '’';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, regex: &str, input: &str) -> Option<String> {
        let regex = regex::Regex::new(regex).expect("test regex");
        let template = Template::parse(template, &Groups::of_regex(&regex)).expect("test template");
        let captures = regex.captures(input).expect("test input matches");
        template.render(&captures)
    }

    #[test]
    fn numbers_in_words_digits_and_wrong_ordinals() {
        for (text, n) in [
            ("eighteen", 18),
            ("Nineteen", 19),
            ("twenty", 20),
            ("twenty-first", 21),
            ("twenty one", 21),
            ("third", 3),
            ("18", 18),
            ("18th", 18),
            ("18st", 18),
            ("2nd", 2),
        ] {
            assert_eq!(parse_number(text), Some(n), "{text}");
        }
        for text in [
            "",
            "eighteenx",
            "twenty-twenty",
            "one two",
            "18x",
            "hundred",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn numbers_in_words_and_ordinal_words() {
        for (input, words, ordinal_words) in [
            ("1", "one", "first"),
            ("5th", "five", "fifth"),
            ("Twelve", "twelve", "twelfth"),
            ("19st", "nineteen", "nineteenth"),
            ("20", "twenty", "twentieth"),
            ("twenty one", "twenty-one", "twenty-first"),
            ("Ninety-Ninth", "ninety-nine", "ninety-ninth"),
        ] {
            assert_eq!(
                Transform::Words.apply(input).as_deref(),
                Some(words),
                "{input}"
            );
            assert_eq!(
                Transform::OrdinalWords.apply(input).as_deref(),
                Some(ordinal_words),
                "{input}"
            );
        }
        for out_of_range in ["0", "100", "many"] {
            assert_eq!(Transform::Words.apply(out_of_range), None, "{out_of_range}");
        }
        assert_eq!(
            render(
                "the ${k|ordinal_words|capitalize}${n|ordinal} one",
                r"(?:(?P<k>\w+)|(?P<n>\d+)) x",
                "three x"
            )
            .as_deref(),
            Some("the Third one")
        );
    }

    #[test]
    fn ordinals_have_the_right_suffix() {
        let got: Vec<_> = [1, 2, 3, 4, 11, 12, 13, 18, 19, 20, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "18th", "19th", "20th", "21st",
                "22nd", "23rd", "101st", "111th"
            ]
        );
    }

    #[test]
    fn holes_with_transforms() {
        assert_eq!(
            render(
                "the ${n|ordinal} Party Congress",
                r"the (?P<n>\w+) Party",
                "the eighteen Party"
            )
            .as_deref(),
            Some("the 18th Party Congress")
        );
        assert_eq!(
            render("${1|upper}-$$${2|title}", r"(\w+) (\w+ \w+)", "ab cd ef").as_deref(),
            Some("AB-$Cd Ef")
        );
        assert_eq!(
            render("${n|ordinal}", r"(?P<n>\w+)", "banana"),
            None,
            "a transform that cannot apply leaves the match alone"
        );
    }

    #[test]
    fn bad_templates_are_rejected_with_their_offset() {
        let regex = regex::Regex::new(r"(?P<n>\d+)").expect("test regex");
        let err = |t: &str| Template::parse(t, &Groups::of_regex(&regex)).expect_err(t);
        assert!(err("x ${m}").message.contains("capture `m`"));
        assert_eq!(err("x ${m}").offset, 2);
        assert!(
            err("${n|ordinall}")
                .message
                .contains("unknown transform `ordinall`")
        );
        assert!(err("${n").message.contains("unclosed"));
        assert!(err("${}").message.contains("empty hole"));
        assert!(err("$5").message.contains("`$$`"));
        assert!(err("${3}").message.contains("group 3"));
    }
}
