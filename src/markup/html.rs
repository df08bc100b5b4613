//! HTML prose, found with html5gum's source spans.
//!
//! Prose is the text between tags, outside elements whose content is not prose: `script`, `style`, `code`, `pre`,
//! `textarea`, `kbd`, `samp`, `svg`, `math`, `noscript` and `template`. Everything else is protected: tags with
//! their attribute values, comments, the doctype, and character references (`&nbsp;`, `&#8217;`, `&amp;`).
//!
//! Character references are protected rather than decoded: a rule edits the prose between them and never one of
//! them, so the file keeps every reference exactly as written. The price is that a term written with a reference
//! inside it (`Xiong&nbsp;an`) does not match. A replacement that contains `<`, `>` or `&` is written back
//! encoded ([`write_text`]), and one that would extend the reference before it is written with its first
//! character as a numeric reference ([`repairs`]); the `keep` module applies both ([`super::fix_html`]).

use std::ops::Range;
use std::sync::LazyLock;

use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;

/// Elements whose content is never prose.
const OPAQUE: &[&str] = &[
    "script", "style", "code", "pre", "textarea", "kbd", "samp", "svg", "math", "noscript",
    "template",
];

/// Elements that cannot have content (no end tag), so they never open an opaque region.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
        .expect("the character reference regex is valid")
});

/// The protected spans of HTML `text`: the complement of its prose, sorted and disjoint.
pub fn html_protected(text: &str) -> Vec<Range<usize>> {
    super::complement(&parse(text).prose, text.len())
}

/// The structure of an HTML document, as fixing its prose must leave it: the text of each tag, comment, doctype
/// and character reference, and of each run of text in an opaque element, in order. Comparing them catches a tag
/// or comment that appears or disappears, and a reference that a fix extends (`&amp；` → `&amp;`) or ends
/// (a letter written just after `&copy`).
///
/// References that lie inside `written` (sorted, disjoint ranges: what the edits under review wrote, or will
/// replace) are left out: they are how a fix writes its replacement encoded (`&amp;` for `&`, [`write_text`]),
/// not markup of the document.
#[derive(Debug, PartialEq)]
pub(crate) struct Structure<'a>(Vec<&'a str>);

impl Structure<'_> {
    /// The structure of `text`, leaving out the references inside `written`.
    pub(crate) fn of<'a>(text: &'a str, written: &[Range<usize>]) -> Structure<'a> {
        let Parsed { markup, .. } = parse(text);
        Structure(
            markup
                .into_iter()
                .filter(|(r, reference)| !(*reference && super::within(written, r)))
                .map(|(r, _)| text.get(r).unwrap_or_default())
                .collect(),
        )
    }
}

/// One pass of the tokenizer over a document.
struct Parsed {
    /// The prose, sorted and disjoint.
    prose: Vec<Range<usize>>,
    /// Tags, comments, doctypes, runs of text in opaque elements and character references in prose, in order,
    /// each with whether it is a character reference.
    markup: Vec<(Range<usize>, bool)>,
}

fn parse(text: &str) -> Parsed {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switch to raw text after <script>, <style>, <textarea>, <title> as a browser does, so `<` inside a script
    // is not taken for a tag.
    emitter.naively_switch_states(true);
    let mut markup: Vec<(Range<usize>, bool)> = Vec::new();
    // The open opaque elements, innermost last; text is prose only when this is empty.
    let mut opaque: Vec<String> = Vec::new();
    // Where the current run of text began (just after the last markup token).
    let mut text_start = 0;
    let mut prose: Vec<Range<usize>> = Vec::new();
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        let (span, opens, closes) = match &token {
            Token::StartTag(tag) => {
                let name = lower(&tag.name);
                let opens = !tag.self_closing
                    && OPAQUE.contains(&name.as_str())
                    && !VOID.contains(&name.as_str());
                (tag.span, opens.then_some(name), None)
            }
            Token::EndTag(tag) => (tag.span, None, Some(lower(&tag.name))),
            Token::Comment(c) => (c.span, None, None),
            Token::Doctype(d) => (d.span, None, None),
            Token::String(_) | Token::Error(_) => continue,
        };
        let span = span.start.min(text.len())..span.end.min(text.len());
        if span.start > text_start {
            if opaque.is_empty() {
                prose.push(text_start..span.start);
            } else {
                markup.push((text_start..span.start, false));
            }
        }
        markup.push((span.clone(), false));
        text_start = text_start.max(span.end);
        if let Some(name) = opens {
            opaque.push(name);
        }
        if let Some(name) = closes
            && let Some(i) = opaque.iter().rposition(|open| *open == name)
        {
            opaque.truncate(i);
        }
    }
    if text_start < text.len() {
        if opaque.is_empty() {
            prose.push(text_start..text.len());
        } else {
            markup.push((text_start..text.len(), false));
        }
    }
    // Character references inside prose are protected too.
    let mut pieces = Vec::with_capacity(prose.len());
    for range in prose {
        let mut start = range.start;
        for m in REFERENCE.find_iter(&text[range.clone()]) {
            let (ms, me) = (range.start + m.start(), range.start + m.end());
            if ms > start {
                pieces.push(start..ms);
            }
            markup.push((ms..me, true));
            start = me;
        }
        if start < range.end {
            pieces.push(start..range.end);
        }
    }
    markup.sort_by_key(|(r, _)| (r.start, r.end));
    Parsed {
        prose: pieces,
        markup,
    }
}

/// `text` with `&`, `<` and `>` written as character references, for writing a replacement into HTML prose.
pub fn encode_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `replacement` as a fix writes it into the prose of HTML `text` in place of `range`: with `&`, `<` and `>` as
/// character references ([`encode_text`]), except a reference that the replaced text holds already, which is
/// kept as it is (one a fix wrote encoded before: a rule that rewrites `R&amp;D` must not write `R&amp;amp;D`).
pub(crate) fn write_text(text: &str, range: &Range<usize>, replacement: &str) -> String {
    let replaced = text.get(range.clone()).unwrap_or_default();
    let mut out = String::with_capacity(replacement.len() + 8);
    let mut rest = replacement;
    while let Some(i) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let kept = REFERENCE.find(rest).filter(|m| {
            m.start() == 0 && m.as_str().ends_with(';') && replaced.contains(m.as_str())
        });
        let (written, len) = match (kept, rest.as_bytes()[0]) {
            (Some(m), _) => (m.as_str(), m.end()),
            (None, b'&') => ("&amp;", 1),
            (None, b'<') => ("&lt;", 1),
            (None, _) => ("&gt;", 1),
        };
        out.push_str(written);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// Gentler forms of a replacement `written` into HTML prose, to try when it changes the structure: its first
/// character as a numeric character reference, so it cannot extend the reference or tag before it (`&amp` then
/// `; ` is written `&amp&#59; `, not `&amp; `, which would turn `&amp` into `&amp;` and lose the semicolon).
pub(crate) fn repairs(written: &str) -> Vec<String> {
    match written.chars().next() {
        Some(c) if c != '&' => vec![format!("&#{};{}", u32::from(c), &written[c.len_utf8()..])],
        _ => Vec::new(),
    }
}

fn lower(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{Structure, encode_text, html_protected, repairs, write_text};

    /// The prose of `text`, as the engine will see it (protected spans replaced by `|`).
    fn prose(text: &str) -> String {
        crate::markup::prose_view(text, &html_protected(text))
    }

    #[test]
    fn only_text_outside_code_and_scripts_is_prose() {
        let text = concat!(
            "<!DOCTYPE html><html><head><title>Xiong an</title>",
            "<style>p { content: \"Xiong an\" }</style>",
            "<script>if (a < b) { x = \"</p>Xiong an\"; }</script></head>",
            "<body><p class=\"Xiong an\" title='Xiong an'>Work in <b>Xiong an</b> new area",
            "<!-- Xiong an --> <code>Xiong an</code> <pre>Xiong <i>an</i></pre> ",
            "<textarea>Xiong an</textarea><img alt=\"Xiong an\"> done.</p></body></html>\n",
        );
        assert_eq!(
            prose(text),
            "|Xiong an|Work in |Xiong an| new area| | | | done.|\n"
        );
    }

    #[test]
    fn character_references_are_protected() {
        assert_eq!(
            prose("<p>Beijing&nbsp;Tianjin &amp; Hebei&#8217;s &#x4e2d;</p>"),
            "|Beijing|Tianjin | Hebei|s |"
        );
    }

    #[test]
    fn unclosed_and_nested_opaque_elements() {
        assert_eq!(prose("a<code>b<code>c</code>d</code>e"), "a|e");
        assert_eq!(prose("a<br/>b<img src=x>c"), "a|b|c");
        assert_eq!(prose("a<pre>never closed"), "a|");
    }

    #[test]
    fn replacements_are_encoded() {
        assert_eq!(encode_text("R&D <x>"), "R&amp;D &lt;x&gt;");
        assert_eq!(encode_text("plain"), "plain");
    }

    #[test]
    fn replacements_are_written_encoded_but_carried_references_are_kept() {
        let text = "R&amp;D x";
        assert_eq!(
            write_text(text, &(0..9), "(R&amp;D) <x>"),
            "(R&amp;D) &lt;x&gt;"
        );
        assert_eq!(write_text(text, &(8..9), "&amp;"), "&amp;amp;");
        assert_eq!(write_text(text, &(8..9), "R&D"), "R&amp;D");
    }

    #[test]
    fn the_first_character_can_be_a_numeric_reference() {
        assert_eq!(repairs("; "), ["&#59; "]);
        assert_eq!(repairs("’s"), ["&#8217;s"]);
        assert!(repairs("&amp;").is_empty() && repairs("").is_empty());
    }

    #[test]
    fn structure_sees_references_but_those_written() {
        // `written`: what the fix wrote into `b`.
        let same = |a: &str, b: &str, written: Option<std::ops::Range<usize>>| {
            Structure::of(a, &[]) == Structure::of(b, written.as_slice())
        };
        assert!(!same("<p>&amp；x", "<p>&amp; x", None));
        assert!(same("<p>&amp；x", "<p>&amp&#59; x", Some(7..13)));
        assert!(same("<p>a；x</p>", "<p>a; x</p>", Some(4..6)));
        assert!(!same("<p>a &lt b", "<p>a &lt; b", Some(8..10)));
        assert!(!same("<p>a</p>", "<p><b>a</p>", None));
    }
}
