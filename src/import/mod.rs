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
//! Problems that make a concept ambiguous (two preferred English terms) are errors naming the concept and its
//! line; concepts that give no rule (nothing forbidden, so nothing to fix) are warnings.

pub mod table;
pub mod tbx;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::error::{Error, Place, Result};
use crate::glossary::{Glossary, parse};
use crate::{Engine, Safety};

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
    /// Things left out or worth a look (a concept with nothing to fix, a variant claimed twice, lint findings).
    pub warnings: Vec<Diagnostic>,
    /// Full rule id → the place of its concept in the input file.
    pub places: HashMap<String, Place>,
}

/// Reads `path` (format from `format`, else from its extension) and converts it.
///
/// # Errors
/// The file cannot be read, is not UTF-8, is not well-formed XML or CSV, or its format is unknown.
pub fn import_file(path: &Path, format: Option<Format>, options: &Options) -> Result<Import> {
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
    import_str(&text, format, &file, stem, options)
}

/// Converts term base `text` in `format`; `file` names it in messages, `stem` gives the default glossary name.
///
/// # Errors
/// The text is not well-formed XML or CSV.
pub fn import_str(
    text: &str,
    format: Format,
    file: &str,
    stem: &str,
    options: &Options,
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
    Ok(build(&entries, &name, &description, file, warnings))
}

/// Reads a term base file as a glossary, for `-g terms.tbx`: converted in memory, rules placed at their concepts.
///
/// # Errors
/// As [`import_file`], and the first import error (two preferred terms…) if there is one.
pub fn load(path: &Path) -> Result<Glossary> {
    let import = import_file(path, None, &Options::default())?;
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

/// The form in which two variants are the same to the engine: case, spacing and quote style ignored.
fn variant_key(variant: &str) -> String {
    variant
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One rule to write.
struct Planned {
    id: String,
    variants: Vec<String>,
    replacement: String,
    exact: bool,
    source: Option<String>,
    message: String,
    keep: Vec<String>,
    place: Place,
    concept: String,
}

/// Turns entries into a glossary: one `[[term]]` rule per concept with something to fix (plus a `case = "exact"`
/// rule for variants that differ from the preferred term only in letter case), each with an example computed by
/// the engine and `keep = [preferred term]`. Lint findings of the result come back as warnings.
pub fn build(
    entries: &[Entry],
    name: &str,
    description: &str,
    file: &str,
    mut warnings: Vec<Diagnostic>,
) -> Import {
    let warn = |warnings: &mut Vec<Diagnostic>, e: &Entry, message: String| {
        warnings.push(Diagnostic {
            place: e.place.clone(),
            concept: Some(e.concept.clone()),
            message,
        });
    };
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut planned: Vec<Planned> = Vec::new();
    for e in entries {
        let Some(replacement) = e
            .replacement
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        else {
            if !e.variants.is_empty() {
                warn(
                    &mut warnings,
                    e,
                    format!(
                        "no preferred English term, so the {} forbidden term(s) have no replacement: no rule",
                        e.variants.len()
                    ),
                );
            }
            continue;
        };
        let mut smart: Vec<String> = Vec::new();
        let mut exact: Vec<String> = Vec::new();
        for v in &e.variants {
            let v = v.trim();
            if v.is_empty() || smart.iter().chain(&exact).any(|s| s == v) {
                continue;
            }
            if v == replacement {
                warn(
                    &mut warnings,
                    e,
                    format!("{v:?} is both preferred and forbidden: left out"),
                );
                continue;
            }
            let key = variant_key(v);
            let case_only = key == variant_key(replacement);
            let claim_key = if case_only { format!("exact:{v}") } else { key };
            if let Some(owner) = claimed.get(&claim_key) {
                warn(
                    &mut warnings,
                    e,
                    format!(
                        "forbidden term {v:?} is already a variant of concept `{owner}`: left out"
                    ),
                );
                continue;
            }
            claimed.insert(claim_key, e.concept.clone());
            if case_only {
                exact.push(v.to_owned());
            } else {
                smart.push(v.to_owned());
            }
        }
        if smart.is_empty() && exact.is_empty() {
            warn(
                &mut warnings,
                e,
                format!(
                    "no deprecated or forbidden English term, so nothing to fix: no rule for {replacement:?}"
                ),
            );
            continue;
        }
        let mut base = kebab(replacement);
        if base.is_empty() {
            base = kebab(&e.concept);
        }
        if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("term-{base}").trim_end_matches('-').to_owned();
        }
        let message = if e.notes.is_empty() {
            format!(
                "Use the term base's preferred term {replacement:?} (concept {}).",
                e.concept
            )
        } else {
            let mut m = e.notes.join(" ");
            m = m.split_whitespace().collect::<Vec<_>>().join(" ");
            if !m.ends_with(['.', '!', '?', ')']) {
                m.push('.');
            }
            format!("{m} Use {replacement:?} (term base concept {}).", e.concept)
        };
        let mut keep = vec![replacement.to_owned()];
        keep.extend(
            e.admitted
                .iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty() && a != replacement),
        );
        keep.dedup();
        // The order `mtfix glossary fmt` gives them.
        for list in [&mut smart, &mut exact] {
            list.sort_by(|a, b| {
                a.to_lowercase()
                    .cmp(&b.to_lowercase())
                    .then_with(|| a.cmp(b))
            });
        }
        for (variants, is_exact) in [(smart, false), (exact, true)] {
            if variants.is_empty() {
                continue;
            }
            let wanted = if is_exact {
                format!("{base}-case")
            } else {
                base.clone()
            };
            let mut id = wanted.clone();
            let mut n = 2;
            while !ids.insert(id.clone()) {
                id = format!("{wanted}-{n}");
                n += 1;
            }
            planned.push(Planned {
                id,
                variants,
                replacement: replacement.to_owned(),
                exact: is_exact,
                source: e.source.clone(),
                message: message.clone(),
                keep: keep.clone(),
                place: e.place.clone(),
                concept: e.concept.clone(),
            });
        }
    }

    let header = format!(
        "# Generated by `mtfix glossary import` from {}. Edit freely: `mtfix glossary lint` checks it.\n\n\
         [glossary]\nname = {}\ndescription = {}\n",
        Path::new(file)
            .file_name()
            .map_or(file.into(), |f| f.to_string_lossy()),
        quote(name),
        quote(description)
    );
    // Rules sorted by id, as `mtfix glossary fmt` writes them.
    planned.sort_by(|a, b| a.id.cmp(&b.id));
    let mut toml = header.clone();
    let mut places = HashMap::new();
    let mut rules = 0;
    for p in &planned {
        match example(&header, p, file) {
            Some(ex) => {
                toml.push('\n');
                toml.push_str(&render(p, Some(&ex)));
                places.insert(format!("{name}/{}", p.id), p.place.clone());
                rules += 1;
            }
            None => warnings.push(Diagnostic {
                place: p.place.clone(),
                concept: Some(p.concept.clone()),
                message: format!(
                    "the rule for {:?} does not change any of its own forbidden terms ({}): no rule",
                    p.replacement,
                    p.variants.join(", ")
                ),
            }),
        }
    }
    if let Ok(glossary) = parse(&toml, file) {
        for issue in crate::lint::lint(std::slice::from_ref(&glossary)) {
            let place = places
                .get(&issue.rule)
                .cloned()
                .unwrap_or_else(|| issue.place.clone());
            warnings.push(Diagnostic {
                place,
                concept: None,
                message: format!(
                    "lint {}[{}]: rule `{}`: {}",
                    issue.severity, issue.check, issue.rule, issue.message
                ),
            });
        }
    }
    Import {
        name: name.to_owned(),
        toml,
        rules,
        errors: Vec::new(),
        warnings,
        places,
    }
}

/// The example of a planned rule: its first variant that the rule, alone, changes, and what it changes it to.
fn example(header: &str, p: &Planned, file: &str) -> Option<(String, String)> {
    for variant in &p.variants {
        let probe = format!(
            "{header}\n{}",
            render(p, Some(&(variant.clone(), p.replacement.clone())))
        );
        let glossary = parse(&probe, file).ok()?;
        let engine = Engine::new(std::slice::from_ref(&glossary)).ok()?;
        let outcome = engine.fix(variant, Safety::Review).ok()?;
        if outcome.applied().next().is_some() && outcome.text != *variant {
            return Some((variant.clone(), outcome.text));
        }
    }
    None
}

fn render(p: &Planned, example: Option<&(String, String)>) -> String {
    let mut out = String::from("[[term]]\n");
    out.push_str(&format!("id = {}\n", quote(&p.id)));
    out.push_str(&format!("match = {}\n", array(&p.variants)));
    out.push_str(&format!("replace = {}\n", quote(&p.replacement)));
    if let Some(source) = &p.source {
        out.push_str(&format!("source = {}\n", quote(source)));
    }
    out.push_str(&format!("message = {}\n", quote(&p.message)));
    if p.exact {
        out.push_str("case = \"exact\"\n");
    }
    if let Some((input, output)) = example {
        out.push_str(&format!(
            "examples = [{{ input = {}, output = {} }}]\n",
            quote(input),
            quote(output)
        ));
    }
    out.push_str(&format!("keep = {}\n", array(&p.keep)));
    out
}

/// A TOML basic string (`"..."` with escapes), whatever the text holds.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn array(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", parts.join(", "))
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
