//! Literals a regex cannot match without: the shared prefilter of pattern and line rules.
//!
//! For most glossary patterns some piece of plain text must occur in every match (`party` in the congress
//! patterns, `年` in the Chinese year calques). The engine puts one such set of literals per pattern into one
//! Aho-Corasick automaton per pass and scans the text once: a pattern none of whose literals occurs costs nothing
//! (its regex is not even compiled), and a line-local pattern scans only the lines where one occurs. The regex
//! crate prefilters each regex on its own, by prefixes; this is one scan for all of them, by any required piece.
//!
//! Written by hand because no crate extracts *inner* required literals: `regex_syntax::hir::literal` gives
//! prefixes and suffixes only, and for the typical `(?i)the[ \t]+(?:…)[ \t]+party` those are the short, frequent
//! `the` or a long alternation.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most literals one set may hold (an alternation of more is no useful filter).
const MAX_LITERALS: usize = 64;

/// Most sets one regex is filtered by (the most selective ones).
pub(crate) const MAX_SETS: usize = 4;

/// The weakest filter worth having: a set whose weakest literal weighs less (see [`weight`]) is no filter.
const MIN_WEIGHT: usize = 2;

/// Words so frequent in English that a pattern they alone announce would scan nearly every line anyway.
const COMMON_WORDS: &[&[u8]] = &[
    b"a", b"an", b"and", b"are", b"as", b"at", b"be", b"but", b"by", b"for", b"from", b"had",
    b"has", b"have", b"he", b"her", b"his", b"in", b"is", b"it", b"its", b"not", b"of", b"on",
    b"or", b"our", b"she", b"that", b"the", b"their", b"this", b"to", b"was", b"we", b"which",
    b"with",
];

/// Sets of literals, lowercased in ASCII, such that every match of the regex holds (ASCII case-insensitively) a
/// literal of *each* set; the most selective first, at most [`MAX_SETS`]. Empty when no set was found or every
/// one would filter next to nothing (common words, one letter).
///
/// Several sets filter far better than the best one alone: the congress patterns need `party` and also
/// `congress` or `big` or...; a date calque needs `year`, `month` and `day`. A rule is only worth running where
/// all its sets occur (on one line, for a line-local pattern).
pub(crate) fn required_literal_sets(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    let mut sets = Vec::new();
    every_required(hir, &mut sets);
    sets.retain(|set| set.len() <= MAX_LITERALS && score(set).0 >= MIN_WEIGHT);
    sets.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.cmp(b)));
    sets.dedup();
    sets.truncate(MAX_SETS);
    sets
}

/// Pushes every literal set `hir` requires: each part of a concatenation is required, so each part's sets are.
fn every_required(hir: &Hir, out: &mut Vec<Vec<Vec<u8>>>) {
    if fixed_text(hir).is_some() {
        out.extend(required(hir));
        return;
    }
    match hir.kind() {
        HirKind::Capture(capture) => every_required(&capture.sub, out),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            every_required(&repetition.sub, out);
        }
        HirKind::Concat(subs) => {
            for piece in pieces(subs) {
                match piece {
                    Piece::Run(run) => out.push(vec![run]),
                    Piece::Part(sub) => every_required(sub, out),
                }
            }
        }
        _ => out.extend(required(hir)),
    }
}

/// A piece of a concatenation: a run of fixed text (its neighbours joined across zero-width assertions), or a
/// part that can match different texts.
enum Piece<'h> {
    Run(Vec<u8>),
    Part(&'h Hir),
}

/// The pieces of the concatenation `subs`, in order.
fn pieces(subs: &[Hir]) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut run: Vec<u8> = Vec::new();
    for sub in subs {
        if let Some(text) = fixed_text(sub) {
            run.extend(text);
        } else if matches!(sub.kind(), HirKind::Look(_)) {
            // Zero-width: the text on both sides is contiguous.
        } else {
            if !run.is_empty() {
                pieces.push(Piece::Run(std::mem::take(&mut run)));
            }
            pieces.push(Piece::Part(sub));
        }
    }
    if !run.is_empty() {
        pieces.push(Piece::Run(run));
    }
    pieces
}

/// How selective a literal is, roughly: its length in bytes, but nothing for a common English word.
fn weight(literal: &[u8]) -> usize {
    if COMMON_WORDS.contains(&literal) {
        0
    } else {
        literal.len()
    }
}

fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    if let Some(text) = fixed_text(hir) {
        return (!text.is_empty()).then(|| vec![text]);
    }
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Alternation(subs) => {
            let mut union = Vec::new();
            for sub in subs {
                union.extend(required(sub)?);
                if union.len() > MAX_LITERALS {
                    return None;
                }
            }
            union.sort();
            union.dedup();
            Some(union)
        }
        HirKind::Concat(subs) => {
            // Runs of fixed text are candidates, and so is every part's own set; the best one wins.
            let mut best: Option<Vec<Vec<u8>>> = None;
            let offer = |candidate: Vec<Vec<u8>>, best: &mut Option<Vec<Vec<u8>>>| {
                if best.as_ref().is_none_or(|b| score(&candidate) > score(b)) {
                    *best = Some(candidate);
                }
            };
            for piece in pieces(subs) {
                match piece {
                    Piece::Run(run) => offer(vec![run], &mut best),
                    Piece::Part(sub) => {
                        if let Some(set) = required(sub) {
                            offer(set, &mut best);
                        }
                    }
                }
            }
            best
        }
        _ => None,
    }
}

/// How good a filter a set is: the weight of its weakest literal first, then fewer literals.
fn score(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let weakest = set.iter().map(|l| weight(l)).min().unwrap_or(0);
    (weakest, std::cmp::Reverse(set.len()))
}

/// The text `hir` always matches exactly (up to ASCII case), lowercased; `None` if it can match different texts.
fn fixed_text(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Literal(literal) => Some(literal.0.to_ascii_lowercase()),
        HirKind::Capture(capture) => fixed_text(&capture.sub),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(3)
                .collect();
            let byte =
                single_ascii_letter(&chars.iter().map(|&c| u32::from(c)).collect::<Vec<_>>())?;
            Some(vec![byte])
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u32> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(3)
                .map(u32::from)
                .collect();
            Some(vec![single_ascii_letter(&bytes)?])
        }
        HirKind::Concat(subs) => {
            let mut text = Vec::new();
            for sub in subs {
                if !matches!(sub.kind(), HirKind::Look(_)) {
                    text.extend(fixed_text(sub)?);
                }
            }
            Some(text)
        }
        _ => None,
    }
}

/// The lowercase ASCII byte when `chars` (code points, at most three taken) is one ASCII character, or one ASCII
/// letter in both cases. A class with a third member (`(?i)k` also matches the Kelvin sign) is not one letter.
fn single_ascii_letter(chars: &[u32]) -> Option<u8> {
    let ascii = |c: u32| u8::try_from(c).ok().filter(u8::is_ascii);
    match chars {
        [c] => ascii(*c).map(|b| b.to_ascii_lowercase()),
        [a, b] => {
            let (a, b) = (ascii(*a)?, ascii(*b)?);
            (a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(&b) && a != b)
                .then(|| a.to_ascii_lowercase())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::required_literal_sets;

    /// Every required set, the most selective first.
    fn sets(source: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::parse(source).expect("parses");
        required_literal_sets(&hir)
            .into_iter()
            .map(|set| {
                set.into_iter()
                    .map(|l| String::from_utf8(l).expect("UTF-8"))
                    .collect()
            })
            .collect()
    }

    /// The most selective set.
    fn literals(source: &str) -> Option<Vec<String>> {
        sets(source).into_iter().next()
    }

    #[test]
    fn every_required_set_is_kept_most_selective_first() {
        assert_eq!(
            sets(r"(?i)the[ \t]+(?:eighteenth|18th)[ \t]+party[ \t]+of[ \t]+the[ \t]+party"),
            [
                vec!["party".to_owned()],
                vec!["18th".to_owned(), "eighteenth".to_owned()]
            ]
        );
        assert_eq!(
            sets(
                r"(?P<y>\d{4})[ \t]+years?[ \t]+(?P<m>\d\d?)[ \t]+months?[ \t]+(?P<d>\d\d?)[ \t]+days?"
            ),
            [
                vec!["month".to_owned()],
                vec!["year".to_owned()],
                vec!["day".to_owned()]
            ]
        );
        // A set inside a group is required when the group is.
        assert_eq!(
            sets(r"(?:Xiong[ \t]+an)[ \t]+(new|New)[ \t]+area"),
            [
                vec!["xiong".to_owned()],
                vec!["area".to_owned()],
                vec!["new".to_owned()]
            ]
        );
        // An optional part requires nothing.
        assert_eq!(
            sets(r"Hebei(?:[ \t]+Province)?"),
            [vec!["hebei".to_owned()]]
        );
    }

    #[test]
    fn the_longest_required_piece_is_chosen() {
        assert_eq!(
            literals(r"(?i)the[ \t]+(?:eighteenth|18th)[ \t]+party[ \t]+of[ \t]+the[ \t]+party"),
            Some(vec!["party".to_owned()])
        );
        assert_eq!(
            literals(r"(?P<y>(?:1[89]|20)\d\d)[ \t]*年"),
            Some(vec!["年".to_owned()])
        );
        assert_eq!(
            literals(r"(?-u:\b)Beijing[ \t]+Hebei"),
            Some(vec!["beijing".to_owned()])
        );
        assert_eq!(literals(r"Xiong\b'an"), Some(vec!["xiong'an".to_owned()]));
    }

    #[test]
    fn common_words_are_no_filter() {
        assert_eq!(
            literals(r"(?i)the[ \t]+\d+[ \t]+big"),
            Some(vec!["big".to_owned()])
        );
        assert_eq!(literals(r"(?i)(?:the|and)[ \t]+\d+"), None);
    }

    #[test]
    fn alternations_need_a_literal_in_every_branch() {
        assert_eq!(
            literals(r"(?:Jing|Jin)[ \t]+Ji"),
            Some(vec!["jin".to_owned(), "jing".to_owned()])
        );
        assert_eq!(
            literals(r"(?:Jing|\d+)[ \t]+xy"),
            Some(vec!["xy".to_owned()])
        );
        assert_eq!(literals(r"(?:Jing|\d+)"), None);
    }

    #[test]
    fn optional_parts_and_multi_letter_classes_are_not_required() {
        assert_eq!(literals(r"(?:big)?[ \t]+\d+"), None);
        assert_eq!(literals(r"[ab]+"), None);
        // (?i)k also matches the Kelvin sign, so it cannot be the ASCII letter k.
        assert_eq!(literals(r"(?i)oak"), Some(vec!["oa".to_owned()]));
        assert_eq!(literals(r"(?i)ok"), None, "one letter is no filter");
        assert_eq!(literals(r""), None);
    }
}
