//! TBX term bases (ISO 30042): v2 (`martif` › `termEntry` › `langSet` › `tig`/`ntig`) and v3 (`tbx` ›
//! `conceptEntry` › `langSec` › `termSec`), namespaced or not.
//!
//! Per concept: the target-language term whose `administrativeStatus` (or older `normativeAuthorization`) says
//! preferred is the replacement — an admitted or unmarked term stands in when none is preferred, and then must be
//! the only one; deprecated, superseded, not-recommended and forbidden target terms are the variants; the
//! source-language terms become `source`; definitions and notes (on the concept or on its target-language
//! section) become the message.

use roxmltree::{Document, Node, ParsingOptions};

use super::{Diagnostic, Entry, Options, place};
use crate::error::{Error, Result};

/// What a term's status says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Unmarked,
    Forbidden,
}

/// Reads every concept of TBX `text`. Ambiguous concepts go to `errors`.
///
/// # Errors
/// The text is not well-formed XML, or is not TBX (no `termEntry` or `conceptEntry`).
pub(crate) fn read(
    text: &str,
    file: &str,
    options: &Options,
    errors: &mut Vec<Diagnostic>,
) -> Result<Vec<Entry>> {
    let doc = Document::parse_with_options(
        text,
        ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| {
        let pos = e.pos();
        Error::Glossary {
            place: place(file, pos.row as usize, pos.col as usize),
            rule: None,
            message: format!("not well-formed XML: {e}"),
        }
    })?;
    let root_lang = lang(doc.root_element()).unwrap_or("");
    let concepts: Vec<Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "termEntry" | "conceptEntry"))
        .collect();
    if concepts.is_empty() {
        return Err(Error::Glossary {
            place: place(file, 1, 1),
            rule: None,
            message:
                "no <termEntry> (TBX v2) or <conceptEntry> (TBX v3) found: is this a TBX file?"
                    .to_owned(),
        });
    }
    let mut entries = Vec::new();
    for (n, concept) in concepts.into_iter().enumerate() {
        let pos = doc.text_pos_at(concept.range().start);
        let id = concept
            .attribute("id")
            .map_or_else(|| format!("#{}", n + 1), str::to_owned);
        let mut entry = Entry {
            concept: id,
            place: place(file, pos.row as usize, pos.col as usize),
            source: None,
            replacement: None,
            variants: Vec::new(),
            admitted: Vec::new(),
            notes: Vec::new(),
        };
        let terms = Terms::of(concept, root_lang, options, &mut entry);
        if !terms.sources.is_empty() {
            entry.source = Some(terms.sources.join(" / "));
        }
        match terms.replacement(&mut entry) {
            Ok(()) => entries.push(entry),
            Err(message) => errors.push(Diagnostic {
                place: entry.place.clone(),
                concept: Some(entry.concept.clone()),
                message,
            }),
        }
    }
    Ok(entries)
}

/// The terms of one concept, sorted by what they are.
#[derive(Default)]
struct Terms {
    /// Source-language terms, each once.
    sources: Vec<String>,
    /// Target-language terms marked preferred.
    preferred: Vec<String>,
    /// Target-language terms marked admitted, or not marked.
    admitted: Vec<String>,
}

impl Terms {
    /// Reads the terms and notes of `concept`: forbidden target terms and the notes that belong to the rule go
    /// straight to `entry`; the others come back, for [`Terms::replacement`] to choose from.
    fn of(concept: Node<'_, '_>, root_lang: &str, options: &Options, entry: &mut Entry) -> Terms {
        let mut terms = Terms::default();
        for node in concept.descendants().filter(Node::is_element) {
            let name = node.tag_name().name();
            let section_lang = section_lang(node, concept).unwrap_or(root_lang);
            let is_target = starts_lang(section_lang, &options.target_lang);
            let in_section = node
                .ancestors()
                .take_while(|a| *a != concept)
                .any(|a| matches!(a.tag_name().name(), "langSet" | "langSec"));
            match name {
                "descrip" | "note" => {
                    let kind = node.attribute("type").unwrap_or("note");
                    let wanted = name == "note" || matches!(kind, "definition" | "explanation");
                    // Notes on the concept, or on the target-language section: not on the source-language terms.
                    if wanted && (!in_section || is_target) && !inside_term_group(node, concept) {
                        let t = all_text(node);
                        if !t.is_empty() && !entry.notes.contains(&t) {
                            entry.notes.push(t);
                        }
                    }
                }
                "tig" | "ntig" | "termSec" => {
                    let Some(term) = node
                        .descendants()
                        .find(|d| d.is_element() && d.tag_name().name() == "term")
                        .map(all_text)
                        .filter(|t| !t.is_empty())
                    else {
                        continue;
                    };
                    if starts_lang(section_lang, &options.source_lang) {
                        if !terms.sources.contains(&term) {
                            terms.sources.push(term);
                        }
                    } else if is_target {
                        match status(node) {
                            Status::Preferred => terms.preferred.push(term),
                            Status::Admitted | Status::Unmarked => terms.admitted.push(term),
                            Status::Forbidden => entry.variants.push(term),
                        }
                    }
                }
                _ => {}
            }
        }
        terms
    }

    /// Sets `entry`'s replacement (the one preferred term, else the one admitted or unmarked term) and admitted
    /// terms.
    ///
    /// # Errors
    /// Why the concept is ambiguous: two preferred terms, or several admitted ones and variants to replace.
    fn replacement(self, entry: &mut Entry) -> std::result::Result<(), String> {
        let (mut preferred, mut admitted) = (self.preferred, self.admitted);
        match (preferred.len(), admitted.len()) {
            (1, _) => {
                entry.replacement = preferred.pop();
                entry.admitted = admitted;
            }
            (0, 1) => entry.replacement = admitted.pop(),
            (0, 0) => {}
            (0, _) if entry.variants.is_empty() => entry.admitted = admitted,
            (0, _) => {
                return Err(format!(
                    "{} English terms ({}) and none marked preferred: mark one `preferredTerm-admn-sts`",
                    admitted.len(),
                    quoted(&admitted)
                ));
            }
            (_, _) => {
                return Err(format!(
                    "two preferred English terms ({}): keep one `preferredTerm-admn-sts`, mark the others \
                     admitted or deprecated",
                    quoted(&preferred)
                ));
            }
        }
        Ok(())
    }
}

/// The terms, quoted and comma-separated, for messages.
fn quoted(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("{t:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `xml:lang` (or a plain `lang`) of an element.
fn lang<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((roxmltree::NS_XML_URI, "lang"))
        .or_else(|| node.attribute("lang"))
}

/// The language of the nearest `langSet`/`langSec` at or above `node`, within `concept`.
fn section_lang<'a>(node: Node<'a, '_>, concept: Node<'a, '_>) -> Option<&'a str> {
    node.ancestors()
        .take_while(|a| *a != concept)
        .find(|a| matches!(a.tag_name().name(), "langSet" | "langSec"))
        .and_then(lang)
}

fn inside_term_group(node: Node<'_, '_>, concept: Node<'_, '_>) -> bool {
    node.ancestors()
        .take_while(|a| *a != concept)
        .any(|a| matches!(a.tag_name().name(), "tig" | "ntig" | "termSec"))
}

/// Whether language tag `tag` is `want` or a variety of it (`en-US` for `en`), ignoring case.
fn starts_lang(tag: &str, want: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let want = want.to_ascii_lowercase();
    tag == want
        || tag
            .strip_prefix(&want)
            .is_some_and(|r| r.starts_with(['-', '_']))
}

/// A term group's status, from its `termNote type="administrativeStatus"` (TBX v2/v3) or
/// `type="normativeAuthorization"` (older TBX).
fn status(group: Node<'_, '_>) -> Status {
    let note = group.descendants().find(|d| {
        d.is_element()
            && d.tag_name().name() == "termNote"
            && matches!(
                d.attribute("type"),
                Some("administrativeStatus" | "normativeAuthorization")
            )
    });
    let Some(value) = note.map(all_text) else {
        return Status::Unmarked;
    };
    let v = value.to_ascii_lowercase();
    if v.starts_with("preferred") {
        Status::Preferred
    } else if v.starts_with("admitted") || v.starts_with("standardized") {
        Status::Admitted
    } else if v.starts_with("deprecated")
        || v.starts_with("superseded")
        || v.starts_with("notrecommended")
        || v.starts_with("not recommended")
        || v.starts_with("forbidden")
        || v.starts_with("obsolete")
    {
        Status::Forbidden
    } else {
        Status::Unmarked
    }
}

/// All text inside `node`, whitespace runs folded.
fn all_text(node: Node<'_, '_>) -> String {
    let raw: String = node
        .descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}
