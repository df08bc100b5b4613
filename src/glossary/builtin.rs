//! The built-in glossaries, compiled into the binary so that `mtfix` works with no configuration.
//!
//! They are the TOML files under `glossaries/`, embedded with `include_str!` and parsed at start-up like any
//! other glossary (`build.rs` precomputes what the engine would otherwise parse their regexes for).

use rayon::prelude::*;

use super::Glossary;
use super::parse::parse_trusted;
use crate::error::Result;

/// Name and source text of every built-in glossary, in the order they are loaded by default.
const BUILTINS: &[(&str, &str)] = &[
    (
        "punctuation",
        include_str!("../../glossaries/punctuation.toml"),
    ),
    ("cn-news", include_str!("../../glossaries/cn-news.toml")),
    ("cn-places", include_str!("../../glossaries/cn-places.toml")),
    ("cn-terms", include_str!("../../glossaries/cn-terms.toml")),
    (
        "cn-numbers",
        include_str!("../../glossaries/cn-numbers.toml"),
    ),
    (
        "mt-structure",
        include_str!("../../glossaries/mt-structure.toml"),
    ),
];

/// The names of the built-in glossaries, in default load order.
pub fn names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(name, _)| *name).collect()
}

/// The TOML source of built-in glossary `name`, if there is one.
pub fn source(name: &str) -> Option<&'static str> {
    BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Whether `file` is the name a built-in glossary reports as its file (`glossaries/NAME.toml`).
pub fn is_builtin_file(file: &str) -> bool {
    file.strip_prefix("glossaries/")
        .and_then(|f| f.strip_suffix(".toml"))
        .is_some_and(|name| source(name).is_some())
}

/// Parses built-in glossary `name`; `None` if there is no such built-in.
pub fn get(name: &str) -> Option<Result<Glossary>> {
    source(name).map(|text| parse_trusted(text, &format!("glossaries/{name}.toml")))
}

/// Parses every built-in glossary, in default load order.
///
/// # Errors
/// Only if a built-in glossary is broken, which `cargo test` guards against.
pub fn all() -> Result<Vec<Glossary>> {
    // Parsed on all cores, one job per glossary (the largest is half of them all); the error, if any, is the first
    // in load order.
    let parsed: Vec<Result<Glossary>> = BUILTINS
        .par_iter()
        .with_max_len(1)
        .map(|(name, text)| parse_trusted(text, &format!("glossaries/{name}.toml")))
        .collect();
    parsed.into_iter().collect()
}
