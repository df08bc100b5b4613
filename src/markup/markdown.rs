//! Markdown prose, found with pulldown-cmark's source offsets, and the structure that fixing prose must keep.
//!
//! Prose is the text of headings, paragraphs, list items, table cells, block quotes, link text and image alt
//! text, with the soft and hard line breaks between its lines (so a term split across two lines of a paragraph
//! still matches), and the backslash of an escape in it (`\[`). Everything else is protected: code spans, fenced
//! and indented code, raw HTML, link and image destinations and titles, autolinks, front matter, and the markup
//! characters themselves.
//!
//! Protecting the markup characters is not enough to keep the structure: CommonMark reads an emphasis delimiter or
//! a bracket by the characters around it, which are prose, and an entity or numeric character reference (`&amp;`,
//! `&#59;`) by its semicolon, which is prose too. [`Structure`] is what fixing must not change; the `keep` module
//! holds fixes to it.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The protected spans of Markdown `text`: the complement of its prose, sorted and disjoint.
pub fn markdown_protected(text: &str) -> Vec<Range<usize>> {
    super::complement(&parse(text).prose, text.len())
}

/// The structure of a Markdown document, as fixing its prose must leave it: the text of its markup (the protected
/// spans, whitespace aside, as the property tests compare it), its elements (every parser event but text and
/// line breaks: emphasis, links with their destinations and titles, code, HTML, headings, lists, tables...) and
/// the source of every character reference in its prose (`&amp;`, `&#59;`, `&#x4e2d;`: what CommonMark decodes).
///
/// Comparing them catches an emphasis delimiter that turns into text (`**Reporter: **`), a bracket that ends a
/// link early (`[Xinhua]]`), an element that appears with no new markup text (`Great![link](u)`, an image), and a
/// reference that a fix creates or extends (`&amp；` → `&amp; `, which CommonMark reads as `&` and a space: the
/// semicolon is lost) or ends.
///
/// References that lie inside `written` (sorted, disjoint ranges: what the edits under review wrote, or will
/// replace) are left out: a fix may write a character as a numeric reference so that it does not extend the
/// reference before it (see the `keep` module), and an edit may replace a reference with what it decodes to.
#[derive(Debug, PartialEq)]
pub(crate) struct Structure<'a> {
    markup: String,
    elements: Vec<Event<'a>>,
    references: Vec<&'a str>,
}

impl Structure<'_> {
    /// The structure of `text`, leaving out the references inside `written`.
    pub(crate) fn of<'a>(text: &'a str, written: &[Range<usize>]) -> Structure<'a> {
        let Parsed {
            prose,
            elements,
            references,
        } = parse(text);
        let markup = super::complement(&prose, text.len())
            .into_iter()
            .flat_map(|r| text[r].chars().filter(|c| !c.is_whitespace()))
            .collect();
        let references = references
            .into_iter()
            .filter(|r| !super::within(written, r))
            .map(|r| &text[r])
            .collect();
        Structure {
            markup,
            elements,
            references,
        }
    }
}

/// One pass of the parser over a document.
struct Parsed<'a> {
    /// The prose, sorted and disjoint.
    prose: Vec<Range<usize>>,
    /// Every event but text and line breaks, in order.
    elements: Vec<Event<'a>>,
    /// The source of every character reference the parser decoded, in order.
    references: Vec<Range<usize>>,
}

/// CommonMark with tables, footnotes, strikethrough and front matter.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

fn parse(text: &str) -> Parsed<'_> {
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut elements = Vec::new();
    let mut references = Vec::new();
    // Depth of constructs whose text is not prose (code blocks, front matter, autolinks).
    let mut opaque = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => opaque += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                opaque = opaque.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type, .. }) if is_autolink(*link_type) => opaque += 1,
            Event::End(TagEnd::Link) if opaque > 0 && autolink_end(text, &range) => {
                opaque = opaque.saturating_sub(1);
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak if opaque == 0 => {
                // A text event's source range can include entities; it is still the prose's source.
                let range = with_escape(text, range.clone(), prose.last());
                match prose.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => prose.push(range),
                }
            }
            _ => {}
        }
        match event {
            Event::Text(decoded) => {
                if is_reference(&text[range.clone()], &decoded) {
                    references.push(range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {}
            event => elements.push(event),
        }
    }
    Parsed {
        prose,
        elements,
        references,
    }
}

/// Whether a text event with source `source` and text `decoded` is a character reference: the parser gives each
/// reference it decodes (a known entity name, or 1 to 7 decimal or 1 to 6 hexadecimal digits, then `;`) its own
/// text event, whose source is the reference.
fn is_reference(source: &str, decoded: &str) -> bool {
    source.len() > 2
        && source.starts_with('&')
        && source.ends_with(';')
        && source[1..source.len() - 1]
            .bytes()
            .all(|b| b == b'#' || b.is_ascii_alphanumeric())
        && decoded != source
}

/// The source of a text event, with the backslash before it when the event starts with an escaped character
/// (`\[`: the parser leaves the backslash out). The escape is prose, so a fix that writes one (`[Xinhua\]]`, see
/// the `keep` module) leaves the markup as it was. A backslash that is prose already (`\\[`: an escaped
/// backslash, then a bracket) escapes nothing.
fn with_escape(text: &str, range: Range<usize>, last: Option<&Range<usize>>) -> Range<usize> {
    let bytes = text.as_bytes();
    let escaped = range.start > 0
        && bytes[range.start - 1] == b'\\'
        && bytes.get(range.start).is_some_and(u8::is_ascii_punctuation)
        && last.is_none_or(|l| l.end < range.start);
    if escaped {
        range.start - 1..range.end
    } else {
        range
    }
}

fn is_autolink(link_type: pulldown_cmark::LinkType) -> bool {
    matches!(
        link_type,
        pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
    )
}

/// An autolink's end event spans `<...>`.
fn autolink_end(text: &str, range: &Range<usize>) -> bool {
    text[range.clone()].starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::{Structure, markdown_protected};

    /// The prose of `text`, as the engine will see it (protected spans replaced by `|`).
    fn prose(text: &str) -> String {
        crate::markup::prose_view(text, &markdown_protected(text))
    }

    #[test]
    fn code_links_html_and_front_matter_are_protected() {
        let text = "---\ntitle: Xiong an\n---\n\n# Xiong an news\n\nSee `Xiong an` and [Xiong an](https://x.cn/Xiong_an \"Xiong an\") <b>x</b>.\n\n```\nXiong an\n```\n\n<https://xiong.an>\n";
        assert_eq!(prose(text), "|Xiong an news|See | and |Xiong an| |x|.|");
    }

    #[test]
    fn paragraph_lines_join_through_soft_breaks() {
        assert_eq!(
            prose("Work in Xiong an\nnew area began.\n"),
            "Work in Xiong an\nnew area began.|"
        );
    }

    #[test]
    fn escapes_are_prose() {
        // The backslash of `\[` is prose with the bracket; of `\\[`, the first escapes the second.
        assert_eq!(prose("a \\[b \\\\[c\n"), "a \\[b \\\\[c|");
        assert_eq!(prose("*a\\,* b\n"), "|a\\,| b|");
    }

    #[test]
    fn structure_sees_emphasis_links_and_images() {
        let same = |a: &str, b: &str| Structure::of(a, &[]) == Structure::of(b, &[]);
        assert!(same("**Reporter：** Wang\n", "**Reporter:** Wang\n"));
        assert!(!same("**Reporter：** Wang\n", "**Reporter: ** Wang\n"));
        assert!(same("[Xinhua】](u \"t\")\n", "[Xinhua\\]](u \"t\")\n"));
        assert!(!same("[Xinhua】](u \"t\")\n", "[Xinhua]](u \"t\")\n"));
        // An image appears with no new markup text: the parser's elements differ.
        assert!(!same("Great！[l](u)\n", "Great![l](u)\n"));
    }

    #[test]
    fn structure_sees_character_references_but_those_written() {
        // `written`: what the fix wrote into `b`.
        let same = |a: &str, b: &str, written: Option<std::ops::Range<usize>>| {
            Structure::of(a, &[]) == Structure::of(b, written.as_slice())
        };
        // `&amp` has no semicolon: CommonMark reads it as text, and `&amp;` as `&`.
        assert!(!same("&amp；The\n", "&amp; The\n", Some(4..6)));
        assert!(!same("&#38；x\n", "&#38;x\n", Some(4..5)));
        assert!(same("&amp；The\n", "&amp\\; The\n", Some(4..7)));
        assert!(same("&amp；The\n", "&amp&#59; The\n", Some(4..10)));
        // An unknown name is no reference; an existing one is kept.
        assert!(same("&xyz；x\n", "&xyz; x\n", Some(4..6)));
        assert!(same("&amp;；x\n", "&amp;; x\n", Some(5..7)));
        assert!(!same("&amp;x\n", "&amp x\n", Some(4..5)));
        // Code spans decode no reference.
        assert!(same("`&amp`；x\n", "`&amp`; x\n", Some(6..8)));
    }

    #[test]
    fn tables_lists_and_quotes_are_prose() {
        let text =
            "- Xiong an\n\n> Beijing Tianjin Hebei\n\n| a | b |\n|---|---|\n| Xiong an | c |\n";
        assert_eq!(
            prose(text),
            "|Xiong an|Beijing Tianjin Hebei|a|b|Xiong an|c|"
        );
    }
}
