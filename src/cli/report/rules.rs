//! `mtfix rules`: the loaded rules, one per line in aligned columns, or as JSON (each rule's definition, also
//! what `explain` prints as JSON).

use std::io::{self, Write};

use mtfix::Rule;
use mtfix::glossary::Matcher;
use serde_json::json;

use super::stdout::{Stdout, write_json};
use crate::cli::args::Format;

/// `mtfix rules`: one rule per line, aligned columns (or a JSON array).
pub(crate) fn rules(out: &mut Stdout, rules: &[&Rule], format: Format) -> io::Result<()> {
    if format != Format::Human {
        let all: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
        return write_json(out, format, &all);
    }
    let width = rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0);
    for rule in rules {
        let line = format!(
            "{:width$}  {:7}  {:6}  {:7}  {}",
            rule.id,
            rule.kind.name(),
            rule.safety.to_string(),
            rule.severity.to_string(),
            rule.message
        );
        writeln!(out.out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A rule as the JSON of `rules` and `explain`: its definition, the fields it leaves unset left out.
pub(crate) fn rule_json(rule: &Rule) -> serde_json::Value {
    let mut value = json!({
        "id": rule.id,
        "kind": rule.kind.name(),
        "safety": rule.safety,
        "severity": rule.severity,
        "pass": rule.pass.name(),
        "message": rule.message,
        "file": rule.place.file,
        "line": rule.place.line,
        "column": rule.place.column,
        "examples": rule.examples.iter().map(|e| json!({"input": e.input, "output": e.output})).collect::<Vec<_>>(),
        "keep": rule.keep,
    });
    let fields = [
        ("source", rule.source.clone().map(Into::into)),
        ("replace", rule.replace.clone().map(Into::into)),
        ("not_before", rule.not_before.clone().map(Into::into)),
        ("not_after", rule.not_after.clone().map(Into::into)),
        (
            "requires",
            (!rule.requires.is_empty()).then(|| rule.requires.clone().into()),
        ),
        (
            rule.kind.matcher().key(),
            Some(match rule.kind.matcher() {
                Matcher::Strings { values, .. } => values.into(),
                Matcher::Regex(regex) => regex.into(),
            }),
        ),
    ];
    if let Some(map) = value.as_object_mut() {
        for (key, field) in fields {
            if let Some(field) = field {
                map.insert(key.to_owned(), field);
            }
        }
    }
    value
}
