//! `mtfix glossary fmt`: one canonical form for glossary files, so that diffs show changes of substance and two
//! people adding rules do not fight over order.
//!
//! The canonical form:
//! - `[glossary]` first (`name`, then `description`), then the rules, section by section: a section starts at a
//!   banner comment (a comment block followed by a blank line, above a rule) and keeps its place in the file, so
//!   themed groups stay together and their headings stay above them;
//! - within each section, rules sorted by kind (`term`, `pattern`, `line`, `consistency`), then by `id` (byte order);
//! - within a rule, keys in the order of [`KEY_ORDER`] (the order of the README's table);
//! - `match` variants deduplicated (exact, case-sensitive duplicates only) and sorted (ignoring case first, then
//!   by case, so `Xiong an` and `xiong an` sit together);
//! - every rule table preceded by a blank line; `examples` inline tables as `{ input, output }`.
//!
//! Comments are kept with what they sit on (a comment above a rule moves with the rule; one above a key moves with
//! the key), because the file is edited with `toml_edit`, which keeps every comment and all other formatting.
//!
//! Sorting rules changes the order in which rules are listed, and rule order breaks ties between equally long
//! matches at the same place in the same pass. [`format()`] guards against that: it runs every rule's examples and
//! keeps through the glossary before and after, and refuses to format when any result differs.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use crate::error::{Error, Place, Result};
use crate::glossary::{Glossary, parse};
use crate::{Engine, Safety};

/// The order of keys within a rule.
pub const KEY_ORDER: &[&str] = &[
    "id",
    "match",
    "forms",
    "regex",
    "replace",
    "action",
    "source",
    "message",
    "safety",
    "severity",
    "case",
    "pass",
    "not_before",
    "not_after",
    "requires",
    "same",
    "distinct",
    "examples",
    "keep",
];

/// The rule tables, in canonical order (those of [`crate::glossary::RULE_KINDS`]).
pub const KINDS: &[&str] = &crate::glossary::RULE_KINDS;

/// Returns glossary `source` in canonical form (`file` names it in errors). Formatting is idempotent, and a
/// canonical file comes back unchanged.
///
/// # Errors
/// The source is not a valid glossary ([`crate::glossary::parse`]'s errors), or sorting its rules would change
/// what one of its examples or keeps gives.
pub fn format(source: &str, file: &str) -> Result<String> {
    let before = parse(source, file)?;
    let mut doc: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = crate::position::LineIndex::new(source).line_col(offset);
        Error::Glossary {
            place: Place {
                file: file.to_owned(),
                line,
                column,
            },
            rule: None,
            message: e.message().to_owned(),
        }
    })?;

    let mut position: isize = 0;
    if let Some(header) = doc.get_mut("glossary").and_then(Item::as_table_mut) {
        sort_keys(header, &["name", "description"]);
        header.set_position(Some(position));
        position += 1;
    }
    // Every rule with its kind and the section it belongs to, in file order.
    let mut rules: Vec<(usize, Table)> = Vec::new();
    for (rank, kind) in KINDS.iter().enumerate() {
        if let Some(tables) = doc.get_mut(kind).and_then(Item::as_array_of_tables_mut) {
            rules.extend(tables.iter().cloned().map(|t| (rank, t)));
            tables.clear();
        }
    }
    rules.sort_by_key(|(_, t)| t.position().unwrap_or(isize::MAX));
    let mut sections: Vec<(String, Vec<(usize, Table)>)> = Vec::new();
    for (rank, mut rule) in rules {
        let prefix = rule
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_owned();
        let (banner, own) = split_prefix(&prefix);
        rule.decor_mut().set_prefix(own);
        if banner.contains('#') || sections.is_empty() {
            sections.push((banner, Vec::new()));
        }
        if let Some((_, members)) = sections.last_mut() {
            members.push((rank, rule));
        }
    }
    for (banner, mut members) in sections {
        members.sort_by(|(ra, a), (rb, b)| (ra, id(a)).cmp(&(rb, id(b))));
        for (index, (rank, mut rule)) in members.into_iter().enumerate() {
            sort_keys(&mut rule, KEY_ORDER);
            if let Some(variants) = rule.get_mut("match").and_then(Item::as_array_mut) {
                sort_variants(variants);
            }
            if let Some(examples) = rule.get_mut("examples").and_then(Item::as_array_mut) {
                for example in examples.iter_mut() {
                    if let Value::InlineTable(t) = example {
                        t.sort_values_by(|a, _, b, _| {
                            rank_key(a.get(), &["input", "output"])
                                .cmp(&rank_key(b.get(), &["input", "output"]))
                        });
                        t.fmt();
                    }
                }
            }
            let own = rule
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            let section = if index == 0 {
                banner.trim_start_matches('\n')
            } else {
                ""
            };
            rule.decor_mut().set_prefix(format!("\n{section}{own}"));
            rule.set_position(Some(position));
            position += 1;
            if let Some(tables) = doc
                .entry(KINDS[rank])
                .or_insert(Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
                .as_array_of_tables_mut()
            {
                tables.push(rule);
            }
        }
    }
    let formatted = doc.to_string();

    let after = parse(&formatted, file)?;
    check_same_behaviour(&before, &after)?;
    Ok(formatted)
}

/// Whether `source` is already in canonical form.
///
/// # Errors
/// As [`format()`].
pub fn is_canonical(source: &str, file: &str) -> Result<bool> {
    Ok(format(source, file)? == source)
}

fn id(table: &Table) -> &str {
    table.get("id").and_then(Item::as_str).unwrap_or("")
}

/// Splits the text above a rule into its section banner (everything up to the last blank line that follows a
/// comment: a heading that belongs to the group of rules below it) and the rule's own comment (the comment lines
/// directly above the rule, with no blank line between them and the table).
fn split_prefix(prefix: &str) -> (String, String) {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    let own_start = lines
        .iter()
        .rposition(|l| l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let banner: String = lines[..own_start].concat();
    let own: String = lines[own_start..].concat();
    if banner.contains('#') {
        (banner, own)
    } else {
        (String::new(), own)
    }
}

fn rank_key(key: &str, order: &[&str]) -> (usize, String) {
    (
        order.iter().position(|k| *k == key).unwrap_or(order.len()),
        key.to_owned(),
    )
}

fn sort_keys(table: &mut Table, order: &[&str]) {
    table.sort_values_by(|a, _, b, _| rank_key(a.get(), order).cmp(&rank_key(b.get(), order)));
}

/// Dedupes (exactly) and sorts the variants of a `match` array, keeping each item's comments with it.
///
/// In a multi-line array, a comment at the end of an item's line is stored by `toml_edit` in the *next* item's
/// prefix (or the array's trailing text, for the last item); it is moved back to its own item before sorting.
fn sort_variants(array: &mut Array) {
    let raw =
        |d: Option<&toml_edit::RawString>| d.and_then(|r| r.as_str()).unwrap_or("").to_owned();
    let multiline = array.iter().any(|v| raw(v.decor().prefix()).contains('\n'))
        || raw(Some(array.trailing())).contains('\n');
    // (value, own leading text, comment at the end of its line)
    let mut items: Vec<(Value, String, String)> = Vec::new();
    let mut head = String::new();
    let values: Vec<Value> = array.iter().cloned().collect();
    let mut prefixes: Vec<String> = values.iter().map(|v| raw(v.decor().prefix())).collect();
    prefixes.push(raw(Some(array.trailing())));
    let split = |p: &str| -> (String, String) {
        match p.find('\n') {
            Some(n) if multiline => (p[..n].to_owned(), p[n..].to_owned()),
            _ => (String::new(), p.to_owned()),
        }
    };
    let mut tail_of_last = String::new();
    for (i, value) in values.into_iter().enumerate() {
        let (before, lead) = split(&prefixes[i]);
        if i == 0 {
            head = before;
        } else if let Some(last) = items.last_mut() {
            last.2 = before;
        }
        let (next_before, _) = split(&prefixes[i + 1]);
        tail_of_last = next_before;
        items.push((value, lead, String::new()));
    }
    if let Some(last) = items.last_mut() {
        last.2 = tail_of_last;
    }
    let (_, trailing_rest) = split(&prefixes[prefixes.len() - 1]);

    let mut unique: Vec<(Value, String, String)> = Vec::new();
    for item in items {
        let text = item.0.as_str().map(str::to_owned);
        match unique
            .iter_mut()
            .find(|seen| text.is_some() && seen.0.as_str() == text.as_deref())
        {
            // A duplicate's line comment is kept, on the copy that stays.
            Some(seen) if seen.2.trim().is_empty() => seen.2 = item.2,
            Some(_) => {}
            None => unique.push(item),
        }
    }
    unique.sort_by(|a, b| {
        let (a, b) = (a.0.as_str().unwrap_or(""), b.0.as_str().unwrap_or(""));
        a.to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b))
    });
    array.clear();
    let mut carry = head;
    let mut last_tail = String::new();
    for (i, (mut value, lead, tail)) in unique.into_iter().enumerate() {
        let decor = value.decor_mut();
        if multiline {
            decor.set_prefix(format!("{carry}{lead}"));
        } else {
            decor.set_prefix(if i == 0 { "" } else { " " });
            decor.set_suffix("");
        }
        carry = tail.clone();
        last_tail = tail;
        array.push_formatted(value);
    }
    if multiline {
        array.set_trailing(format!("{last_tail}{trailing_rest}"));
    }
}

/// Runs every rule's examples and keeps through `before` and `after` (each alone, at the review level) and fails
/// when a text comes out differently or is changed by different rules.
fn check_same_behaviour(before: &Glossary, after: &Glossary) -> Result<()> {
    let (Ok(old), Ok(new)) = (
        Engine::new(std::slice::from_ref(before)),
        Engine::new(std::slice::from_ref(after)),
    ) else {
        return Ok(());
    };
    for rule in &before.rules {
        let texts = rule
            .examples
            .iter()
            .map(|e| e.input.as_str())
            .chain(rule.keep.iter().map(String::as_str));
        for text in texts {
            let (Ok(a), Ok(b)) = (old.fix(text, Safety::Review), new.fix(text, Safety::Review))
            else {
                continue;
            };
            let rules = |engine: &Engine, o: &crate::Outcome| -> Vec<String> {
                o.findings
                    .iter()
                    .map(|f| engine.rule(f.rule).id.clone())
                    .collect()
            };
            if a.text != b.text || rules(&old, &a) != rules(&new, &b) {
                return Err(Error::Glossary {
                    place: rule.place.clone(),
                    rule: Some(rule.id.clone()),
                    message: format!(
                        "sorting the rules by id would change what {text:?} gives ({:?} by {} → {:?} by {}): rule \
                         order breaks a tie here; make the rules not compete (a guard, or a longer variant) first",
                        a.text,
                        rules(&old, &a).join(", "),
                        b.text,
                        rules(&new, &b).join(", ")
                    ),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn sorts_rules_keys_and_variants_and_keeps_comments() {
        let source = "# House terms.\n[glossary]\ndescription = \"d\"\nname = \"h\"\n\n\
            # The B rule.\n[[term]]\nreplace = \"bb\" # canonical\nid = \"b\"\nmatch = [\"b  b\", \"B b\", \"b  b\"]\n\
            examples = [{ output = \"bb\", input = \"b  b\" }]\n\
            [[term]]\n# first by id\nid = \"a\"\nmatch = [\"a a\"]\nreplace = \"aa\"\nexamples = [{ input = \"a a\", output = \"aa\" }]\n";
        let out = format(source, "h.toml").expect("formats");
        assert_eq!(
            out,
            "# House terms.\n[glossary]\nname = \"h\"\ndescription = \"d\"\n\n\
             [[term]]\n# first by id\nid = \"a\"\nmatch = [\"a a\"]\nreplace = \"aa\"\nexamples = [{ input = \"a a\", output = \"aa\" }]\n\n\
             # The B rule.\n[[term]]\nid = \"b\"\nmatch = [\"b  b\", \"B b\"]\nreplace = \"bb\" # canonical\n\
             examples = [{ input = \"b  b\", output = \"bb\" }]\n"
        );
        assert_eq!(format(&out, "h.toml").expect("formats"), out);
    }
}
