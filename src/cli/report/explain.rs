//! `mtfix explain RULE`: everything about one rule, as `field: value` lines or as the JSON of `rules`.

use std::io::{self, Write};

use mtfix::Rule;
use mtfix::glossary::{CaseMode, Matcher};

use super::rules::rule_json;
use super::stdout::{Stdout, write_json};
use crate::cli::args::Format;

/// `mtfix explain RULE`.
pub(crate) fn explain(out: &mut Stdout, rule: &Rule, format: Format) -> io::Result<()> {
    if format != Format::Human {
        return write_json(out, format, &[rule_json(rule)]);
    }
    let mut lines = vec![rule.id.clone()];
    let mut field =
        |name: &str, value: String| lines.push(format!("  {:<11} {value}", format!("{name}:")));
    field("kind", rule.kind.name().to_owned());
    field("safety", rule.safety.to_string());
    field("severity", rule.severity.to_string());
    field("pass", rule.pass.name().to_owned());
    if !rule.message.is_empty() {
        field("message", rule.message.clone());
    }
    if let Some(source) = &rule.source {
        field("source", source.clone());
    }
    match rule.kind.matcher() {
        Matcher::Strings { key, values } => field(key, quoted(values)),
        Matcher::Regex(regex) => field("regex", regex.to_owned()),
    }
    if let Some(action) = rule.kind.action() {
        field("action", action.name().to_owned());
    }
    match &rule.replace {
        Some(r) => field("replace", format!("{r:?}")),
        None => field("replace", "(none: flag only)".to_owned()),
    }
    field(
        "case",
        match rule.case {
            CaseMode::Smart => "smart",
            CaseMode::Exact => "exact",
            CaseMode::Ignore => "ignore",
        }
        .to_owned(),
    );
    if let Some(g) = &rule.not_before {
        field("not_before", g.clone());
    }
    if let Some(g) = &rule.not_after {
        field("not_after", g.clone());
    }
    if !rule.requires.is_empty() {
        field("requires", quoted(&rule.requires));
    }
    field("defined at", rule.place.to_string());
    lines.push("  examples:".to_owned());
    for e in &rule.examples {
        lines.push(format!("    {:?} → {:?}", e.input, e.output));
    }
    if !rule.keep.is_empty() {
        lines.push("  keep:".to_owned());
        for k in &rule.keep {
            lines.push(format!("    {k:?}"));
        }
    }
    for line in lines {
        writeln!(out.out, "{line}")?;
    }
    Ok(())
}

/// Strings quoted and joined with commas: `"a", "b"`.
fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
