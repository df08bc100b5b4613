//! Markup awareness: which bytes of a Markdown or HTML file are prose that rules may edit.
//!
//! A front end reads the document's structure and returns the *protected* spans: everything that is not prose
//! (code spans and blocks, link and image destinations, raw HTML, front matter, markup characters). The engine
//! then runs on the whole file with those spans out of reach ([`crate::engine::FixOptions::protected`]), so
//! positions stay those of the file and every byte outside prose is kept exactly.
//!
//! That is not enough to keep the markup: in Markdown the prose around a delimiter or a bracket decides what it
//! is, and in both a character written just after a character reference can extend it (`&amp` then `;`). So
//! [`Syntax::fix`] also checks that each batch of edits leaves the document's structure as it was (see
//! [`fix_markdown`] and [`fix_html`]), and in HTML writes every replacement encoded.

mod html;
mod keep;
mod markdown;

use std::ops::Range;
use std::path::Path;

pub use html::{encode_text, html_protected};
pub use keep::{fix_html, fix_markdown};
pub use markdown::markdown_protected;

use crate::engine::{Engine, FixOptions, Outcome};
use crate::error::Result;

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// Plain text: everything is prose (URLs and e-mail addresses are still protected by the engine).
    Plain,
    /// CommonMark with tables, footnotes, strikethrough and front matter.
    Markdown,
    /// HTML: text nodes outside `script`, `style`, `code`, `pre`, `textarea` and the like; tags, attribute values,
    /// comments and character references are protected.
    Html,
}

impl Syntax {
    /// The syntax of a file, by its extension (`.md`, `.markdown` → Markdown; `.html`, `.htm`, `.xhtml` → HTML;
    /// anything else plain).
    pub fn of_path(path: &Path) -> Syntax {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => Syntax::Markdown,
            Some("html" | "htm" | "xhtml") => Syntax::Html,
            _ => Syntax::Plain,
        }
    }

    /// The spans of `text` that rules must not edit.
    pub fn protected(self, text: &str) -> Vec<Range<usize>> {
        match self {
            Syntax::Plain => Vec::new(),
            Syntax::Markdown => markdown_protected(text),
            Syntax::Html => html_protected(text),
        }
    }

    /// Fixes a document of this syntax with `options`, which should protect [`Syntax::protected`]: in Markdown
    /// with [`fix_markdown`] and in HTML with [`fix_html`], so no edit changes the document's structure (and in
    /// HTML every replacement is written encoded); plain text with [`Engine::fix_with`]. The outcome is what to
    /// write: its findings, replayed on `text`, give its text.
    ///
    /// # Errors
    /// [`crate::Error::NoConvergence`] when rules keep rewriting each other's output.
    pub fn fix(self, engine: &Engine, text: &str, options: &FixOptions) -> Result<Outcome> {
        match self {
            Syntax::Markdown => fix_markdown(engine, text, options),
            Syntax::Html => fix_html(engine, text, options),
            Syntax::Plain => engine.fix_with(text, options),
        }
    }
}

/// Whether `range` lies inside one of the sorted, disjoint `written` ranges.
fn within(written: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = written.partition_point(|w| w.end < range.end);
    written
        .get(i)
        .is_some_and(|w| w.start <= range.start && range.end <= w.end)
}

/// The complement of sorted `prose` ranges in `0..len`.
fn complement(prose: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut protected = Vec::new();
    let mut last = 0;
    for range in prose {
        if range.start > last {
            protected.push(last..range.start);
        }
        last = last.max(range.end);
    }
    if last < len {
        protected.push(last..len);
    }
    protected
}

/// The prose of `text` as the engine sees it, with each of the `protected` spans (sorted, disjoint) replaced by
/// `|`: what the front ends' unit tests compare.
#[cfg(test)]
fn prose_view(text: &str, protected: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for range in protected {
        out.push_str(&text[last..range.start]);
        out.push('|');
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}
