//! Which regexes stay inside one line.
//!
//! A pattern that can never consume a line break (`\n` or `\r`) and never asks for the start or end of the whole
//! text (`^`/`$` outside multi-line mode, `\A`, `\z`) finds exactly the same matches whether it scans the whole
//! text or each line on its own: every look-around the regex crate has (`\b`, multi-line `^`/`$`, in either
//! Unicode or ASCII mode) sees a line break, or the edge of the haystack, which it treats the same way, at a
//! line's ends. The engine uses this to test such patterns line by line in large texts: a set scan of one line
//! tells which few patterns can match there, so no pattern rescans the whole text for a handful of hits.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Whether a regex can only match within one line (see the module docs).
pub(crate) fn within_a_line(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(literal) => !literal.0.iter().any(|&b| is_break(b)),
        HirKind::Class(Class::Unicode(class)) => !class
            .ranges()
            .iter()
            .any(|r| r.start() <= '\r' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => !class
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\r' && b'\n' <= r.end()),
        HirKind::Look(look) => !matches!(look, Look::Start | Look::End),
        HirKind::Repetition(repetition) => within_a_line(&repetition.sub),
        HirKind::Capture(capture) => within_a_line(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(within_a_line),
    }
}

/// `\n`, `\r` and the bytes between them (vertical tab, form feed), which a class range test cannot tell apart
/// cheaply and which no line-local pattern needs.
fn is_break(byte: u8) -> bool {
    (b'\n'..=b'\r').contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::within_a_line;

    fn stays_within_a_line(source: &str) -> bool {
        regex_syntax::parse(source).is_ok_and(|hir| within_a_line(&hir))
    }

    #[test]
    fn patterns_that_cannot_cross_a_line_break_are_line_local() {
        for local in [
            r"(?i)(?-u:\b)high[ \t]+quality(?-u:\b)",
            r"(?m:^)(?P<i>[ \t]*)编辑[ \t]*[:：]",
            r"[^\s|+]\S*(?:[ \t]+\S+){4,}[ \t]*(?m:$)",
            r"\bXiong'an\b",
        ] {
            assert!(stays_within_a_line(local), "{local}");
        }
    }

    #[test]
    fn patterns_that_can_cross_a_line_break_or_see_the_text_edges_are_not() {
        for global in [
            r"Xiong\s+an",
            r"a[^x]b",
            r"(?s)a.b",
            "a\nb",
            r"^Editor",
            r"end$",
            r"\Astart",
            r"a[\x0b]b",
        ] {
            assert!(!stays_within_a_line(global), "{global}");
        }
    }
}
