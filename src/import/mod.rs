//! Importing term bases that translation teams already keep — TBX (v2 `martif` and v3 `tbx`) and CSV/TSV
//! exports of memoQ, Trados/MultiTerm or Phrase, or a plain spreadsheet — as mtfix glossaries.
//!
//! A term base lists, per concept, the preferred English term and the English terms that must not be used
//! (deprecated, superseded, forbidden). That is exactly a `[[term]]` rule: the forbidden terms are the variants,
//! the preferred term the replacement. Each reader ([`tbx`], [`table`]) turns its format into [`Entry`] values with
//! the place of each concept in the input file; [`build`] turns entries into a glossary TOML text that passes
//! `mtfix glossary lint`: every rule gets an example (its first variant, fixed by the rule itself) and a `keep`
//! (the preferred term), and rule ids are made from the preferred term.
//!
//! Import sits between the glossary and the engine: it writes glossaries but neither runs nor lints them. What a
//! rule makes of its first variant is asked of an [`ExampleProbe`], which the engine layer implements
//! (`EngineProbe`); linting the result, and loading a term base as a glossary for `-g terms.tbx`, are the jobs of
//! the layers above (the `glossary import` command, the loader).
//!
//! Problems that make a concept ambiguous (two preferred English terms) are errors naming the concept and its
//! line; concepts that give no rule (nothing forbidden, so nothing to fix) are warnings.

mod build;
pub mod table;
pub mod tbx;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

pub use build::build;

use crate::error::{Error, Place, Result};
use crate::glossary::Glossary;

/// The input formats [`import_file`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TermBase eXchange, v2 (`martif`, `termEntry`, `langSet`, `tig`) or v3 (`tbx`, `conceptEntry`, `langSec`,
    /// `termSec`).
    Tbx,
    /// Comma-separated values with a header row (a `;` or tab delimiter is detected from the header).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

impl Format {
    /// The format a file extension stands for (`tbx`, `csv`, `tsv`, any case).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::from_name(&ext)
    }

    /// The format called `name` (`tbx`, `csv` or `tsv`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "tbx" => Some(Format::Tbx),
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            _ => None,
        }
    }

    /// `tbx`, `csv` or `tsv`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tbx => "tbx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The glossary name (`None`: made from the file stem).
    pub name: Option<String>,
    /// Language code prefix of the source terms (`zh` matches `zh`, `zh-CN`, `zh-Hans`…).
    pub source_lang: String,
    /// Language code prefix of the terms mtfix writes (`en` matches `en`, `en-US`, `en-GB`…).
    pub target_lang: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            name: None,
            source_lang: "zh".to_owned(),
            target_lang: "en".to_owned(),
        }
    }
}

/// One concept of a term base, as read from the input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The concept's id in the term base (or a row number), for messages.
    pub concept: String,
    /// Where the concept starts in the input file.
    pub place: Place,
    /// The source-language term(s), joined with ` / `.
    pub source: Option<String>,
    /// The preferred target term; `None` when the concept has none.
    pub replacement: Option<String>,
    /// Terms to replace (deprecated, superseded, forbidden).
    pub variants: Vec<String>,
    /// Other admitted target terms: correct, so they go to `keep`.
    pub admitted: Vec<String>,
    /// Definitions and notes, for the rule's message.
    pub notes: Vec<String>,
}

/// A problem found while importing, with its place in the input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub place: Place,
    /// The concept involved, when there is one.
    pub concept: Option<String>,
    /// What is wrong or was done, in plain words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.concept {
            Some(c) => write!(f, "{}: concept `{c}`: {}", self.place, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// The result of an import: the glossary TOML text, and what went wrong or was left out.
#[derive(Debug, Clone)]
pub struct Import {
    /// The glossary's name.
    pub name: String,
    /// The glossary file's text (empty when there are errors).
    pub toml: String,
    /// How many rules it has.
    pub rules: usize,
    /// Problems that make the result unusable (e.g. a concept with two preferred terms). When not empty, write
    /// nothing.
    pub errors: Vec<Diagnostic>,
    /// Things left out or worth a look (a concept with nothing to fix, a variant claimed twice; `mtfix glossary
    /// import` adds the lint findings of the result).
    pub warnings: Vec<Diagnostic>,
    /// Full rule id → the place of its concept in the input file.
    pub places: HashMap<String, Place>,
}

/// What a rule does to a text, for the importer, which writes each rule's example as what the rule alone makes of
/// its first forbidden term but may not run rules itself (the engine is a layer above). The engine layer
/// implements it as the unit struct `EngineProbe`.
pub trait ExampleProbe {
    /// What the rules of `glossary` (one imported rule), applied alone at review level, make of `text`: `text`
    /// itself when none applies; `None` when the glossary cannot be compiled or fixing fails.
    fn fix_alone(&self, glossary: &Glossary, text: &str) -> Option<String>;
}

/// Reads `path` (format from `format`, else from its extension) and converts it, each rule's example computed
/// by `probe`.
///
/// # Errors
/// The file cannot be read, is not UTF-8, is not well-formed XML or CSV, or its format is unknown.
pub fn import_file(
    path: &Path,
    format: Option<Format>,
    options: &Options,
    probe: &dyn ExampleProbe,
) -> Result<Import> {
    let format = format
        .or_else(|| Format::from_extension(path))
        .ok_or_else(|| Error::Glossary {
            place: place(&path.display().to_string(), 1, 1),
            rule: None,
            message: "unknown term base format: name it .tbx, .csv or .tsv, or pass --format"
                .to_owned(),
        })?;
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| Error::Glossary {
        place: place(&file, 1, 1),
        rule: None,
        message: format!(
            "the file is not valid UTF-8 (invalid byte at offset {}); export it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("imported");
    import_str(&text, format, &file, stem, options, probe)
}

/// Converts term base `text` in `format`; `file` names it in messages, `stem` gives the default glossary name,
/// and `probe` computes each rule's example.
///
/// # Errors
/// The text is not well-formed XML or CSV.
pub fn import_str(
    text: &str,
    format: Format,
    file: &str,
    stem: &str,
    options: &Options,
    probe: &dyn ExampleProbe,
) -> Result<Import> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let entries = match format {
        Format::Tbx => tbx::read(text, file, options, &mut errors)?,
        Format::Csv => table::read(text, file, None, options, &mut warnings)?,
        Format::Tsv => table::read(text, file, Some(b'\t'), options, &mut warnings)?,
    };
    let name = options.name.clone().unwrap_or_else(|| glossary_name(stem));
    if !errors.is_empty() {
        return Ok(Import {
            name,
            toml: String::new(),
            rules: 0,
            errors,
            warnings,
            places: HashMap::new(),
        });
    }
    let description = format!(
        "Imported from {} ({}) by `mtfix glossary import`",
        Path::new(file)
            .file_name()
            .map_or(file.into(), |f| f.to_string_lossy()),
        format.name().to_uppercase()
    );
    Ok(build(&entries, &name, &description, file, warnings, probe))
}

/// A place in file `file`.
pub(crate) fn place(file: &str, line: usize, column: usize) -> Place {
    Place {
        file: file.to_owned(),
        line,
        column,
    }
}

/// A glossary name from a file stem: lowercase ASCII letters, digits and `-`.
fn glossary_name(stem: &str) -> String {
    let id = kebab(stem);
    if id.is_empty() {
        "imported".to_owned()
    } else {
        id
    }
}

/// `Xiong'an New Area` → `xiongan-new-area`: lowercase ASCII letters and digits, runs of anything else as one `-`
/// (apostrophes dropped, so the id reads as the word).
pub fn kebab(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            // Keep the word together.
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn ids_are_kebab_case() {
        assert_eq!(kebab("Xiong'an New Area"), "xiongan-new-area");
        assert_eq!(kebab("  Belt and Road (BRI) "), "belt-and-road-bri");
        assert_eq!(kebab("雄安"), "");
    }
}
