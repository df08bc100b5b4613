//! Markdown prose, found with pulldown-cmark's source offsets.
//!
//! Prose is the text of headings, paragraphs, list items, table cells, block quotes, link text and image alt
//! text, with the soft and hard line breaks between its lines (so a term split across two lines of a paragraph
//! still matches). Everything else is protected: code spans, fenced and indented code, raw HTML, link and image
//! destinations and titles, autolinks, front matter, and the markup characters themselves.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The protected spans of Markdown `text`: the complement of its prose, sorted and disjoint.
pub fn markdown_protected(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut prose: Vec<Range<usize>> = Vec::new();
    // Depth of constructs whose text is not prose (code blocks, front matter, autolinks).
    let mut opaque = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => opaque += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                opaque = opaque.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type, .. }) if is_autolink(link_type) => opaque += 1,
            Event::End(TagEnd::Link) if opaque > 0 && autolink_end(text, &range) => {
                opaque = opaque.saturating_sub(1);
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak if opaque == 0 => {
                // A text event's source range can include escapes and entities; it is still the prose's source.
                match prose.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => prose.push(range),
                }
            }
            _ => {}
        }
    }
    super::complement(&prose, text.len())
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
    use super::markdown_protected;

    /// The prose of `text`, as the engine will see it (protected spans replaced by `|`).
    fn prose(text: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for range in markdown_protected(text) {
            out.push_str(&text[last..range.start]);
            out.push('|');
            last = range.end;
        }
        out.push_str(&text[last..]);
        out
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
    fn tables_lists_and_quotes_are_prose() {
        let text =
            "- Xiong an\n\n> Beijing Tianjin Hebei\n\n| a | b |\n|---|---|\n| Xiong an | c |\n";
        assert_eq!(
            prose(text),
            "|Xiong an|Beijing Tianjin Hebei|a|b|Xiong an|c|"
        );
    }
}
