//! Loading a glossary by any name or path: a built-in name (`cn-news`), a glossary TOML file, or a term base
//! (`.tbx`, `.csv`, `.tsv`) converted in memory as `mtfix glossary import` would write it.
//!
//! The loader sits above the glossary and import layers, which it joins, and below the engine. Converting a term
//! base computes each rule's example by running the rule, which only the engine can do, so [`load`] takes the
//! [`ExampleProbe`] to ask: the engine layer's `EngineProbe`, which `mtfix::load_glossary` passes for you. Taking
//! the probe as an argument, rather than calling the engine, is what keeps the loader (and import) below the
//! engine, so that the engine may depend on them and never the other way round.

use std::path::Path;

use crate::error::{Error, Result};
use crate::glossary::{Glossary, builtin, load_file, parse};
use crate::import::{self, ExampleProbe, Options};

/// Loads one glossary: a built-in name (see [`builtin::names`]), a path to a TOML file, or a path to a term base
/// (`.tbx`, `.csv`, `.tsv`, converted by [`crate::import`] with `probe` computing its examples). A name that is
/// neither a built-in nor an existing file, and looks like no path (no `/`, `\` or `.`), is an unknown built-in.
///
/// Most callers want `mtfix::load_glossary`, which passes the engine's probe.
///
/// # Errors
/// An unknown built-in name, an unreadable file ([`crate::Error::GlossaryRead`]), or any glossary or term base
/// error (with file, line and column).
pub fn load(name_or_path: &str, probe: &dyn ExampleProbe) -> Result<Glossary> {
    if let Some(glossary) = builtin::get(name_or_path) {
        return glossary;
    }
    let path = Path::new(name_or_path);
    // A term base (TBX, CSV, TSV) is converted in memory, as `mtfix glossary import` would write it.
    if import::Format::from_extension(path).is_some() {
        return term_base(path, probe);
    }
    if path.exists() || name_or_path.contains(['/', '\\', '.']) {
        load_file(path)
    } else {
        Err(Error::UnknownBuiltin {
            name: name_or_path.to_owned(),
            available: builtin::names().join(", "),
        })
    }
}

/// Reads a term base file as a glossary, for `-g terms.tbx`: converted in memory, rules placed at their concepts.
///
/// # Errors
/// As [`import::import_file`], and the first import error (two preferred terms…) if there is one.
fn term_base(path: &Path, probe: &dyn ExampleProbe) -> Result<Glossary> {
    let import = import::import_file(path, None, &Options::default(), probe)?;
    if let Some(first) = import.errors.first() {
        let more = import.errors.len() - 1;
        return Err(Error::Glossary {
            place: first.place.clone(),
            rule: None,
            message: format!(
                "{}{}{}",
                first
                    .concept
                    .as_ref()
                    .map(|c| format!("concept `{c}`: "))
                    .unwrap_or_default(),
                first.message,
                if more > 0 {
                    format!(" (and {more} more problems: run `mtfix glossary import` to see them)")
                } else {
                    String::new()
                }
            ),
        });
    }
    let file = path.display().to_string();
    let mut glossary = parse(&import.toml, &file)?;
    for rule in &mut glossary.rules {
        if let Some(p) = import.places.get(&rule.id) {
            rule.place = p.clone();
        }
    }
    Ok(glossary)
}
