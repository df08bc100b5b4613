//! Fixing Markdown and HTML without changing their structure.
//!
//! The engine edits prose only, but in Markdown the prose decides what the markup around it is: CommonMark reads
//! `**` as a closing delimiter only when no space comes before it, and a `]` in link text ends the link text. So an
//! edit in prose can change the structure: `**Reporter：** Wang Wei` becomes `**Reporter: ** Wang Wei` (the colon
//! rule adds its space, and the asterisks turn into text), `[Xinhua】](https://example.com/x "t")` becomes
//! `[Xinhua]](https://example.com/x "t")` (no link: its title turns into prose, which a second fix would edit).
//!
//! Rather than teach each rule about Markdown, [`fix_markdown`] has the engine show it every batch of edits before
//! applying it ([`Engine::fix_reviewed`]). The review parses the text with the batch applied and compares its
//! [`Structure`] with the text's. When they differ it finds the first edit that changes it (a binary search over the
//! batch in text order: the first `k` edits keep the structure, the first `k + 1` do not) and, with the edits before it
//! applied, tries gentler forms of that edit's replacement ([`repairs`]): without the space it adds next to markup
//! (`**Reporter:** Wang Wei`), then with Markdown's punctuation backslash-escaped (`[Xinhua\]](…)`; the front end reads
//! the backslash as prose, so the markup is the same), then, just after what could begin a character reference, with
//! its first character escaped. If none keeps the structure, the edit is withheld. This repeats until the whole batch
//! keeps the structure. So the guarantee is general — fixing never changes the structure of a Markdown document, as
//! [`Structure`] sees it — and not tied to the rules and delimiters that showed the problem.
//!
//! Both syntaxes have the same problem at character references: `&amp` (no semicolon: CommonMark reads it as text,
//! browsers as `&`) then `；`, fixed to `; `, gives `&amp; `, where the semicolon is the reference's and the text loses
//! it. In Markdown the structure holds the references CommonMark decodes (but those inside what the batch writes or
//! replaces: a rule may replace `&#39;` with `'`), and the gentler form is the replacement with its first character
//! backslash-escaped (`&amp\; `) or, when it is no ASCII punctuation, a numeric reference: both render as the
//! character. [`fix_html`] runs the same review over HTML's structure (the text of every tag, comment, doctype and
//! reference: [`html::Structure`]). There the review first writes every replacement encoded (`&` as `&amp;`; references
//! a fix wrote before and the replacement carries over are kept as they are), so the text the engine goes on with is
//! the file as written and the findings are what `check` shows; the references inside what the batch writes are left
//! out of the comparison. The gentler form is the replacement with its first character as a numeric reference
//! (`&amp&#59; `), which cannot extend the reference before it.
//!
//! Reviewing inside the engine, rather than repairing its outcome afterwards, is what keeps the engine's own
//! guarantees: later passes and rounds see the text as reviewed (a guard reading `\]` after an escape decides on
//! what is written), fixing still stops after a round that applies nothing (so a withheld edit, proposed again on
//! the final text, is withheld again: `fix` is idempotent), and each finding carries the replacement actually
//! written (`check` reports exactly what `fix` changes). The review reads nothing but the text and the batch, so
//! fixing stays deterministic.

use std::ops::Range;

use super::html::{self, write_text};
use super::markdown::{self, markdown_protected};
use crate::engine::{EditReview, Engine, FixOptions, Outcome};
use crate::error::Result;

/// ASCII punctuation that can start or end Markdown markup inside a paragraph, escaped by [`repairs`].
const MARKDOWN_PUNCTUATION: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '#', '|', '~', '&',
];

/// Fixes Markdown `text` as [`Engine::fix_with`] does, except that no edit changes the document's structure: an
/// edit that would is written in a gentler form (without the space it adds next to an emphasis delimiter, with a
/// bracket escaped, or with a semicolon escaped after `&amp`: `&amp\; `) or withheld. `options` should protect the spans of [`super::markdown_protected`].
///
/// # Errors
/// [`crate::Error::NoConvergence`] when rules keep rewriting each other's output (as [`Engine::fix_with`]).
pub fn fix_markdown(engine: &Engine, text: &str, options: &FixOptions) -> Result<Outcome> {
    engine.fix_reviewed(text, options, &KeepStructure(Markdown))
}

/// Fixes HTML `text` as [`Engine::fix_with`] does, except that every replacement is written encoded (`&`, `<` and
/// `>` as character references, [`super::encode_text`]) and no edit changes the document's structure: an edit
/// that would extend the character reference before it (`&amp；` fixed to `&amp; `) is written with its first
/// character as a numeric reference (`&amp&#59; `), or withheld. `options` should protect the spans of
/// [`super::html_protected`]. The outcome's text and findings are what to write: nothing is left to encode.
///
/// # Errors
/// [`crate::Error::NoConvergence`] when rules keep rewriting each other's output (as [`Engine::fix_with`]).
pub fn fix_html(engine: &Engine, text: &str, options: &FixOptions) -> Result<Outcome> {
    engine.fix_reviewed(text, options, &KeepStructure(Html))
}

/// What the review needs to know of a syntax.
trait FrontEnd {
    /// What fixing must not change.
    type Structure<'a>: PartialEq;

    /// The structure of `text`; `written` are the ranges the edits under review wrote (or will replace), sorted
    /// and disjoint.
    fn structure<'a>(&self, text: &'a str, written: &[Range<usize>]) -> Self::Structure<'a>;

    /// Whether `text`, with `written` as in [`FrontEnd::structure`], has the structure `want`.
    fn has(&self, want: &Self::Structure<'_>, text: &str, written: &[Range<usize>]) -> bool;

    /// `replacement` of `range` of `text` as it is written in this syntax.
    fn write(&self, text: &str, range: &Range<usize>, replacement: String) -> String;

    /// Gentler forms of `written`, the replacement of `range` of `text`, to try in order when it changes the
    /// structure.
    fn repairs(&self, text: &str, range: &Range<usize>, written: &str) -> Vec<String>;
}

struct Markdown;

impl FrontEnd for Markdown {
    type Structure<'a> = markdown::Structure<'a>;

    fn structure<'a>(&self, text: &'a str, written: &[Range<usize>]) -> Self::Structure<'a> {
        markdown::Structure::of(text, written)
    }

    fn has(&self, want: &Self::Structure<'_>, text: &str, written: &[Range<usize>]) -> bool {
        markdown::Structure::of(text, written) == *want
    }

    fn write(&self, _: &str, _: &Range<usize>, replacement: String) -> String {
        replacement
    }

    fn repairs(&self, text: &str, range: &Range<usize>, written: &str) -> Vec<String> {
        repairs(text, &markdown_protected(text), range, written)
    }
}

struct Html;

impl FrontEnd for Html {
    type Structure<'a> = html::Structure<'a>;

    fn structure<'a>(&self, text: &'a str, written: &[Range<usize>]) -> Self::Structure<'a> {
        html::Structure::of(text, written)
    }

    fn has(&self, want: &Self::Structure<'_>, text: &str, written: &[Range<usize>]) -> bool {
        html::Structure::of(text, written) == *want
    }

    fn write(&self, text: &str, range: &Range<usize>, replacement: String) -> String {
        write_text(text, range, &replacement)
    }

    fn repairs(&self, _: &str, _: &Range<usize>, written: &str) -> Vec<String> {
        html::repairs(written)
    }
}

/// The review of [`fix_markdown`] and [`fix_html`]: every batch of edits keeps the structure of the text it
/// applies to.
struct KeepStructure<F>(F);

impl<F: FrontEnd> EditReview for KeepStructure<F> {
    fn review(&self, text: &str, edits: &mut [(Range<usize>, Option<String>)]) {
        let front = &self.0;
        for (range, replacement) in edits.iter_mut() {
            *replacement = replacement.take().map(|r| front.write(text, range, r));
        }
        let ranges: Vec<Range<usize>> = edits.iter().map(|(r, _)| r.clone()).collect();
        let want = front.structure(text, &ranges);
        // How many edits, in text order, are known to keep the structure together.
        let mut good = 0;
        loop {
            let batch = Batch { front, text, edits };
            if batch.keeps(batch.len(), None, &want) {
                return;
            }
            let first_bad = batch.first_change(good, &want);
            let (index, range, replacement) = batch.nth(first_bad);
            let repaired = front
                .repairs(text, range, replacement)
                .into_iter()
                .find(|r| batch.keeps(first_bad + 1, Some(r), &want));
            good = first_bad + usize::from(repaired.is_some());
            edits[index].1 = repaired;
        }
    }
}

/// The edits of one batch not withheld so far, in text order.
struct Batch<'a, F> {
    front: &'a F,
    text: &'a str,
    edits: &'a [(Range<usize>, Option<String>)],
}

impl<F: FrontEnd> Batch<'_, F> {
    /// How many edits are not withheld.
    fn len(&self) -> usize {
        self.edits.iter().filter(|(_, r)| r.is_some()).count()
    }

    /// Edit `n` (counting those not withheld): its index in the batch, its range and its replacement.
    fn nth(&self, n: usize) -> (usize, &Range<usize>, &str) {
        self.edits
            .iter()
            .enumerate()
            .filter_map(|(i, (range, r))| Some((i, range, r.as_deref()?)))
            .nth(n)
            .expect("n counts edits not withheld")
    }

    /// Whether the text with the first `count` edits applied, the last of them with `last` as its replacement if
    /// given, has the structure `want`.
    fn keeps(&self, count: usize, last: Option<&str>, want: &F::Structure<'_>) -> bool {
        let mut out = String::with_capacity(self.text.len());
        // Where each edit of the batch is in `out`: what it wrote, or what it would replace.
        let mut written = Vec::with_capacity(self.edits.len());
        let mut end = 0;
        let mut applied = 0;
        for (range, replacement) in self.edits {
            out.push_str(&self.text[end..range.start]);
            let start = out.len();
            match replacement {
                Some(r) if applied < count => {
                    applied += 1;
                    out.push_str(match last {
                        Some(last) if applied == count => last,
                        _ => r,
                    });
                }
                _ => out.push_str(&self.text[range.clone()]),
            }
            written.push(start..out.len());
            end = range.end;
        }
        out.push_str(&self.text[end..]);
        self.front.has(want, &out, &written)
    }

    /// The edit that first changes the structure: with the first `n` edits applied the text has the structure
    /// `want`, with the first `n + 1` it has not. The first `good` are known to keep it, and all of them do not.
    fn first_change(&self, good: usize, want: &F::Structure<'_>) -> usize {
        let (mut keeps, mut changes) = (good, self.len());
        while changes - keeps > 1 {
            let mid = keeps + (changes - keeps) / 2;
            if self.keeps(mid, None, want) {
                keeps = mid;
            } else {
                changes = mid;
            }
        }
        keeps
    }
}

/// Gentler forms of the replacement of `range` of `text`, to try in order: without the spaces or tabs it has at
/// its end, at its start, at both; then with [`MARKDOWN_PUNCTUATION`] backslash-escaped, with and without those
/// spaces; then, just after what could be the start of a character reference (`&amp`, `&#38`), with its first
/// character escaped ([`escape_first`]: `&amp` then `; ` is written `&amp\; `), with and without those spaces. Spaces are left out only next to markup (an edit just before `**`, just after `**` or `> `), where the
/// markup's other side already has the space English needs, or must not have one; elsewhere leaving them out would
/// glue words together (`1、Xinhua` must not become `1.Xinhua`). A form that is the replacement itself, or the
/// text it replaces (no edit at all), is left out.
fn repairs(
    text: &str,
    markup: &[Range<usize>],
    range: &Range<usize>,
    replacement: &str,
) -> Vec<String> {
    let blank: &[char] = &[' ', '\t'];
    let before_markup = is_markup(markup, range.end);
    let after_markup = range.start > 0 && is_markup(markup, range.start - 1);
    let mut trimmed = replacement;
    if before_markup {
        trimmed = trimmed.trim_end_matches(blank);
    }
    if after_markup {
        trimmed = trimmed.trim_start_matches(blank);
    }
    let forms = [
        before_markup.then(|| replacement.trim_end_matches(blank).to_owned()),
        after_markup.then(|| replacement.trim_start_matches(blank).to_owned()),
        Some(trimmed.to_owned()),
        Some(escape(replacement)),
        Some(escape(trimmed)),
        after_reference_start(text, range.start)
            .then(|| escape_first(replacement))
            .flatten(),
        after_reference_start(text, range.start)
            .then(|| escape_first(trimmed))
            .flatten(),
    ];
    let original = text.get(range.clone()).unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    for form in forms.into_iter().flatten() {
        if form != replacement && form != original && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// Whether byte `at` lies in one of the sorted, disjoint `markup` spans.
fn is_markup(markup: &[Range<usize>], at: usize) -> bool {
    let first = markup.partition_point(|p| p.end <= at);
    markup.get(first).is_some_and(|p| p.start <= at)
}

/// `text` with every character of [`MARKDOWN_PUNCTUATION`] backslash-escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if MARKDOWN_PUNCTUATION.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether byte `at` of `text` follows what could begin a character reference: `&`, then ASCII letters, digits
/// or `#`.
fn after_reference_start(text: &str, at: usize) -> bool {
    let before = text.as_bytes().get(..at).unwrap_or_default();
    let name = before
        .iter()
        .rev()
        .take_while(|b| **b == b'#' || b.is_ascii_alphanumeric())
        .count();
    before.len() > name && before[before.len() - name - 1] == b'&'
}

/// `text` with its first character written so that it cannot extend a character reference before it: an ASCII
/// punctuation character backslash-escaped (`\;`), any other as a numeric reference (`&#8217;`), both of which
/// CommonMark renders as the character itself. `None` when `text` is empty or starts with whitespace (which ends
/// a reference anyway).
fn escape_first(text: &str) -> Option<String> {
    let c = text.chars().next().filter(|c| !c.is_whitespace())?;
    let rest = &text[c.len_utf8()..];
    Some(if c.is_ascii_punctuation() {
        format!("\\{c}{rest}")
    } else {
        format!("&#{};{rest}", u32::from(c))
    })
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_first, repairs};
    use crate::markup::markdown_protected;

    fn forms(text: &str, range: std::ops::Range<usize>, replacement: &str) -> Vec<String> {
        repairs(text, &markdown_protected(text), &range, replacement)
    }

    #[test]
    fn spaces_are_left_out_only_next_to_markup() {
        // `：` before `**`: the space at the end goes.
        assert_eq!(forms("**Reporter：** Wang", 10..13, ": "), [":"]);
        // `（` after `**`: the space at the start goes.
        assert_eq!(forms("**（Xinhua）**", 2..5, " ("), ["(", " \\(", "\\("]);
        // Between words, no space goes; `1. ` has nothing to escape either.
        assert!(forms("1、Xinhua", 0..4, "1. ").is_empty());
        // Just after what could begin a reference, the first character is escaped.
        assert_eq!(forms("&amp；The", 4..7, "; "), ["\\; "]);
        assert_eq!(forms("R&D。x", 3..6, "t"), ["&#116;"]);
        assert!(forms("R & D；x", 5..8, "; ").is_empty());
    }

    #[test]
    fn the_first_character_is_escaped_as_commonmark_renders_it() {
        assert_eq!(escape_first("; ").as_deref(), Some("\\; "));
        assert_eq!(escape_first("’s").as_deref(), Some("&#8217;s"));
        assert_eq!(escape_first(" x"), None);
        assert_eq!(escape_first(""), None);
    }

    #[test]
    fn markdown_punctuation_is_escaped() {
        assert_eq!(escape("] ("), "\\] \\(");
        assert_eq!(escape("R&D: *x*"), "R\\&D: \\*x\\*");
        assert_eq!(escape("a, b."), "a, b.");
    }
}
