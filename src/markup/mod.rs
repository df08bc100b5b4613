//! Markup awareness: which bytes of a Markdown (or, later, HTML) file are prose that rules may edit.
//!
//! A front end reads the document's structure and returns the *protected* spans: everything that is not prose
//! (code spans and blocks, link and image destinations, raw HTML, front matter, markup characters). The engine
//! then runs on the whole file with those spans out of reach ([`crate::engine::FixOptions::protected`]), so
//! positions stay those of the file and every byte outside prose is kept exactly.

mod markdown;

use std::ops::Range;
use std::path::Path;

pub use markdown::markdown_protected;

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// Plain text: everything is prose (URLs and e-mail addresses are still protected by the engine).
    Plain,
    /// CommonMark with tables, footnotes, strikethrough and front matter.
    Markdown,
}

impl Syntax {
    /// The syntax of a file, by its extension (`.md`, `.markdown` → Markdown; anything else plain).
    pub fn of_path(path: &Path) -> Syntax {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => Syntax::Markdown,
            _ => Syntax::Plain,
        }
    }

    /// The spans of `text` that rules must not edit.
    pub fn protected(self, text: &str) -> Vec<Range<usize>> {
        match self {
            Syntax::Plain => Vec::new(),
            Syntax::Markdown => markdown_protected(text),
        }
    }
}
