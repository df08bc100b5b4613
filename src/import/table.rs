//! CSV and TSV term lists with a header row: plain spreadsheets and memoQ term base exports.
//!
//! Columns are recognised by their header, ignoring case, spaces, `-` and `_` (unknown columns are ignored):
//!
//! | role | headers |
//! |---|---|
//! | preferred term | `target`, `replace`, `replacement`, `preferred`, or the target language: `English`, `English_United_States`, `en`, `en-US`… |
//! | forbidden terms | `variants`, `match`, `forbidden`, `deprecated`, `English_Forbidden`… (several in a cell, split on `\|` or `;`) |
//! | source term | `source`, or the source language: `Chinese`, `Chinese_PRC`, `zh`, `zh-CN`… |
//! | note | `note`, `notes`, `message`, `definition`, `comment`, `Entry_Note`, `Term note`, `English_Def` |
//! | concept id | `id`, `Entry_ID`, `concept` |
//! | term flags | `Term_Info` after a language column (memoQ): a target term whose flags say `Forbidden` is a variant |
//!
//! memoQ exports one column per term, repeating the language column (and its `Term_Info`/`Term_Example`) for each
//! synonym: the first target term not flagged forbidden is the replacement, the other allowed ones go to `keep`.

use super::{Diagnostic, Entry, Options, place};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Id,
    Source,
    Target,
    Variants,
    Note,
    /// memoQ's `Term_Info` of the language column at this index.
    TermInfo(usize),
    Ignore,
}

/// Reads every row of `text`; the delimiter is `delimiter`, or detected from the header line (`,`, `;` or tab).
///
/// # Errors
/// The CSV is malformed, or no column holds a preferred term.
pub(crate) fn read(
    text: &str,
    file: &str,
    delimiter: Option<u8>,
    options: &Options,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Entry>> {
    let delimiter = delimiter.unwrap_or_else(|| detect(text.lines().next().unwrap_or("")));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        Error::Glossary {
            place: place(file, line, 1),
            rule: None,
            message: format!("malformed CSV: {e}"),
        }
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let roles = columns(&headers, file, options, warnings)?;
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        entries.push(entry(&record, &roles, file));
    }
    Ok(entries)
}

/// The role of each column, from the header row: a `Term_Info` column belongs to the language column before it.
/// A table without forbidden terms gets a warning.
///
/// # Errors
/// No column holds a preferred term.
fn columns(
    headers: &csv::StringRecord,
    file: &str,
    options: &Options,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Role>> {
    let mut roles: Vec<Role> = Vec::with_capacity(headers.len());
    let mut last_lang: Option<usize> = None;
    for (i, h) in headers.iter().enumerate() {
        let role = role(h, options);
        match role {
            Role::Target | Role::Source => last_lang = Some(i),
            Role::TermInfo(_) => {}
            _ => {}
        }
        roles.push(match role {
            Role::TermInfo(_) => last_lang.map_or(Role::Ignore, Role::TermInfo),
            r => r,
        });
    }
    if !roles.contains(&Role::Target) {
        return Err(Error::Glossary {
            place: place(file, 1, 1),
            rule: None,
            message: format!(
                "no column for the preferred term: name one `target`, `replace` or `English` (headers: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    if !roles.contains(&Role::Variants) && !roles.iter().any(|r| matches!(r, Role::TermInfo(_))) {
        warnings.push(Diagnostic {
            place: place(file, 1, 1),
            concept: None,
            message: "no column of forbidden terms (`variants`, `forbidden`, `English_Forbidden` or memoQ's \
                      `Term_Info`): every row will have nothing to fix"
                .to_owned(),
        });
    }
    Ok(roles)
}

/// The concept of one (non-blank) row, its columns read by `roles`.
fn entry(record: &csv::StringRecord, roles: &[Role], file: &str) -> Entry {
    let line = record.position().map_or(0, |p| p.line() as usize);
    let cell = |i: usize| record.get(i).map(str::trim).unwrap_or("");
    let forbidden = |i: usize| {
        roles.iter().enumerate().any(|(j, r)| {
            *r == Role::TermInfo(i) && cell(j).to_ascii_lowercase().contains("forbidden")
        })
    };
    let mut entry = Entry {
        concept: format!("row {line}"),
        place: place(file, line, 1),
        source: None,
        replacement: None,
        variants: Vec::new(),
        admitted: Vec::new(),
        notes: Vec::new(),
    };
    let mut sources = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let value = cell(i);
        if value.is_empty() {
            continue;
        }
        match role {
            Role::Id => entry.concept = value.to_owned(),
            Role::Source => sources.push(value.to_owned()),
            Role::Target if forbidden(i) => entry.variants.push(value.to_owned()),
            Role::Target if entry.replacement.is_none() => {
                entry.replacement = Some(value.to_owned());
            }
            Role::Target => entry.admitted.push(value.to_owned()),
            Role::Variants => entry.variants.extend(
                value
                    .split(['|', ';'])
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
            ),
            Role::Note => {
                if !entry.notes.iter().any(|n| n == value) {
                    entry.notes.push(value.to_owned());
                }
            }
            Role::TermInfo(_) | Role::Ignore => {}
        }
    }
    if !sources.is_empty() {
        entry.source = Some(sources.join(" / "));
    }
    entry
}

/// The most frequent of `,`, `;` and tab in the header line (`,` on a tie).
fn detect(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    let (comma, semicolon, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// What a column holds, from its header.
fn role(header: &str, options: &Options) -> Role {
    let h: String = header
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let target = language(&h, &options.target_lang);
    let source = language(&h, &options.source_lang);
    let suffix = |s: &str| h.rsplit_once('_').is_some_and(|(_, tail)| tail == s);
    match h.as_str() {
        "id" | "entry_id" | "concept" | "concept_id" => return Role::Id,
        "target" | "replace" | "replacement" | "preferred" | "preferred_term" | "target_term" => {
            return Role::Target;
        }
        "variants" | "variant" | "match" | "forbidden" | "deprecated" | "do_not_use"
        | "forbidden_terms" => return Role::Variants,
        "source" | "source_term" => return Role::Source,
        "note" | "notes" | "message" | "definition" | "comment" | "comments" | "entry_note"
        | "term_note" | "description" => return Role::Note,
        "term_info" => return Role::TermInfo(0),
        _ => {}
    }
    if target && (suffix("forbidden") || suffix("deprecated") || suffix("variants")) {
        Role::Variants
    } else if (suffix("def") || suffix("definition") || suffix("note")) && !source {
        Role::Note
    } else if suffix("def") || suffix("definition") || suffix("note") || suffix("example") {
        Role::Ignore
    } else if target {
        Role::Target
    } else if source {
        Role::Source
    } else {
        Role::Ignore
    }
}

/// Whether normalised header `h` names language `code` (`en`, `en_us`, `english`, `english_united_states`).
fn language(h: &str, code: &str) -> bool {
    let code = code.to_ascii_lowercase().replace('-', "_");
    let name = match code.as_str() {
        "en" => "english",
        "zh" => "chinese",
        "de" => "german",
        "fr" => "french",
        "ja" => "japanese",
        "es" => "spanish",
        _ => "",
    };
    let is = |prefix: &str| {
        !prefix.is_empty()
            && (h == prefix || h.strip_prefix(prefix).is_some_and(|r| r.starts_with('_')))
    };
    is(&code) || is(name)
}

#[cfg(test)]
mod tests {
    use super::{Role, role};
    use crate::import::Options;

    #[test]
    fn headers() {
        let o = Options::default();
        assert_eq!(role("English", &o), Role::Target);
        assert_eq!(role("English_United_States", &o), Role::Target);
        assert_eq!(role("en-US", &o), Role::Target);
        assert_eq!(role("English_Def", &o), Role::Note);
        assert_eq!(role("Chinese_PRC_Def", &o), Role::Ignore);
        assert_eq!(role("English_Forbidden", &o), Role::Variants);
        assert_eq!(role("Chinese_PRC", &o), Role::Source);
        assert_eq!(role("zh-CN", &o), Role::Source);
        assert_eq!(role("Term note", &o), Role::Note);
        assert_eq!(role("Entry_Subject", &o), Role::Ignore);
        assert_eq!(role("Term_Example", &o), Role::Ignore);
    }
}
