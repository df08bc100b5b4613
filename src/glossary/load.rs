//! Reading a glossary file: TOML syntax, unknown keys, and every rule checked before the engine sees it.
//!
//! All errors carry the file, line and column (from the TOML parser's spans) and the rule id, because a
//! translator editing a 2,000-entry glossary needs to be sent to the exact place.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::template::{Groups, Template};
use super::{CaseMode, Example, Glossary, LineAction, Pass, Rule, RuleKind, Safety, Severity};
use crate::error::{Error, Place, Result};
use crate::position::LineIndex;

/// Regexes in glossaries are compiled with this size limit, so that a runaway pattern is a clear error rather
/// than a memory blow-up.
pub const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// Reads and parses the glossary file at `path`.
///
/// # Errors
/// The file cannot be read or is not UTF-8 (the error names the byte offset), or [`parse`] fails.
pub fn load_file(path: &Path) -> Result<Glossary> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = LineIndex::new(&valid).line_col(offset);
        Error::Glossary {
            place: Place {
                file: file.clone(),
                line,
                column,
            },
            rule: None,
            message: format!("the file is not valid UTF-8 (invalid byte at offset {offset})"),
        }
    })?;
    parse(&text, &file)
}

/// Parses glossary `source`; `file` is the name used in error messages and in [`Glossary::file`].
///
/// # Errors
/// Invalid TOML, an unknown key, a missing or misplaced key, an invalid regex or template, a duplicate rule id, a
/// rule without examples: each with its file, line and column.
pub fn parse(source: &str, file: &str) -> Result<Glossary> {
    let index = LineIndex::new(source);
    let ctx = Context {
        file,
        index: &index,
    };
    let raw: RawFile = toml::from_str(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.error(span.start, None, e.message().trim_end().to_owned())
    })?;

    let name = raw.glossary.name.get_ref().trim().to_owned();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(ctx.error(
            raw.glossary.name.span().start,
            None,
            format!("glossary name `{name}` must be non-empty lowercase ASCII letters, digits, `-` or `_`"),
        ));
    }

    let mut raws: Vec<(RawKind, Spanned<RawRule>)> = Vec::new();
    raws.extend(raw.term.into_iter().map(|r| (RawKind::Term, r)));
    raws.extend(raw.pattern.into_iter().map(|r| (RawKind::Pattern, r)));
    raws.extend(raw.line.into_iter().map(|r| (RawKind::Line, r)));
    raws.extend(
        raw.consistency
            .into_iter()
            .map(|r| (RawKind::Consistency, r)),
    );
    // File order, whatever the kind: it breaks ties between equally long matches.
    raws.sort_by_key(|(_, r)| r.span().start);

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::with_capacity(raws.len());
    for (kind, spanned) in raws {
        let start = spanned.span().start;
        let rule = spanned.into_inner();
        let short_id = rule.id.get_ref().trim().to_owned();
        let id = format!("{name}/{short_id}");
        if short_id.is_empty() || short_id.contains(char::is_whitespace) || short_id.contains('/') {
            return Err(ctx.error(
                rule.id.span().start,
                Some(&id),
                "a rule id must be non-empty, without spaces or `/`".to_owned(),
            ));
        }
        if let Some(&first) = seen.get(&short_id) {
            let (line, _) = index.line_col(first);
            return Err(ctx.error(
                rule.id.span().start,
                Some(&id),
                format!("duplicate rule id (first defined at line {line})"),
            ));
        }
        seen.insert(short_id, rule.id.span().start);
        rules.push(ctx.rule(kind, rule, id, start)?);
    }

    Ok(Glossary {
        name,
        description: raw.glossary.description,
        file: file.to_owned(),
        rules,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Term,
    Pattern,
    Line,
    Consistency,
}

impl RawKind {
    fn table(self) -> &'static str {
        match self {
            RawKind::Term => "[[term]]",
            RawKind::Pattern => "[[pattern]]",
            RawKind::Line => "[[line]]",
            RawKind::Consistency => "[[consistency]]",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    glossary: RawHeader,
    #[serde(default)]
    term: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pattern: Vec<Spanned<RawRule>>,
    #[serde(default)]
    line: Vec<Spanned<RawRule>>,
    #[serde(default)]
    consistency: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    #[serde(rename = "match")]
    variants: Option<Spanned<Vec<String>>>,
    regex: Option<Spanned<String>>,
    forms: Option<Spanned<Vec<String>>>,
    replace: Option<Spanned<String>>,
    action: Option<Spanned<RawAction>>,
    message: Option<String>,
    source: Option<String>,
    safety: Option<Safety>,
    severity: Option<Severity>,
    case: Option<RawCase>,
    pass: Option<Spanned<RawPass>>,
    not_before: Option<Spanned<String>>,
    not_after: Option<Spanned<String>>,
    requires: Option<Vec<String>>,
    same: Option<Spanned<Vec<String>>>,
    distinct: Option<Spanned<Vec<String>>>,
    examples: Option<Spanned<Vec<RawExample>>>,
    keep: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    input: String,
    output: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawAction {
    Delete,
    Dedupe,
    Replace,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawCase {
    Smart,
    Exact,
    Ignore,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawPass {
    Punctuation,
    Terms,
    Patterns,
}

impl<'de> Deserialize<'de> for Safety {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum S {
            Safe,
            Review,
        }
        Ok(match S::deserialize(d)? {
            S::Safe => Safety::Safe,
            S::Review => Safety::Review,
        })
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum S {
            Error,
            Warning,
            Info,
        }
        Ok(match S::deserialize(d)? {
            S::Error => Severity::Error,
            S::Warning => Severity::Warning,
            S::Info => Severity::Info,
        })
    }
}

struct Context<'a> {
    file: &'a str,
    index: &'a LineIndex<'a>,
}

impl Context<'_> {
    fn place(&self, offset: usize) -> Place {
        let (line, column) = self.index.line_col(offset);
        Place {
            file: self.file.to_owned(),
            line,
            column,
        }
    }

    fn error(&self, offset: usize, rule: Option<&str>, message: String) -> Error {
        Error::Glossary {
            place: self.place(offset),
            rule: rule.map(str::to_owned),
            message,
        }
    }

    fn rule(&self, kind: RawKind, raw: RawRule, id: String, start: usize) -> Result<Rule> {
        let err = |offset: usize, message: String| self.error(offset, Some(&id), message);
        let misplaced = |key: &str, span: Range<usize>| {
            err(
                span.start,
                format!("`{key}` is not allowed in a {} rule", kind.table()),
            )
        };

        if kind != RawKind::Term
            && let Some(v) = &raw.variants
        {
            return Err(misplaced("match", v.span()));
        }
        if kind != RawKind::Consistency
            && let Some(f) = &raw.forms
        {
            return Err(misplaced("forms", f.span()));
        }
        if matches!(kind, RawKind::Term | RawKind::Consistency)
            && let Some(r) = &raw.regex
        {
            return Err(misplaced("regex", r.span()));
        }
        if kind == RawKind::Consistency {
            for (key, span) in [
                ("replace", raw.replace.as_ref().map(Spanned::span)),
                ("pass", raw.pass.as_ref().map(Spanned::span)),
                ("not_before", raw.not_before.as_ref().map(Spanned::span)),
                ("not_after", raw.not_after.as_ref().map(Spanned::span)),
            ] {
                if let Some(span) = span {
                    return Err(misplaced(key, span));
                }
            }
        }
        if kind != RawKind::Line
            && let Some(a) = &raw.action
        {
            return Err(misplaced("action", a.span()));
        }
        if kind == RawKind::Line
            && let Some(p) = &raw.pass
        {
            return Err(misplaced("pass", p.span()));
        }

        let compiled_regex = match &raw.regex {
            Some(r) => Some(check_regex(r.get_ref(), "").map_err(|m| err(r.span().start, m))?),
            None if matches!(kind, RawKind::Pattern | RawKind::Line) => {
                return Err(err(
                    start,
                    format!("a {} rule needs a `regex`", kind.table()),
                ));
            }
            None => None,
        };

        let rule_kind = match kind {
            RawKind::Term => {
                let Some(variants) = raw.variants.as_ref() else {
                    return Err(err(start, "a [[term]] rule needs `match = [...]`".into()));
                };
                if variants.get_ref().is_empty() {
                    return Err(err(variants.span().start, "`match` is empty".into()));
                }
                if variants.get_ref().iter().any(|v| v.trim().is_empty()) {
                    return Err(err(
                        variants.span().start,
                        "`match` has an empty variant".into(),
                    ));
                }
                if raw.replace.is_none() {
                    return Err(err(start, "a [[term]] rule needs `replace`".into()));
                }
                RuleKind::Term {
                    variants: variants.get_ref().clone(),
                }
            }
            RawKind::Consistency => {
                let Some(forms) = raw.forms.as_ref() else {
                    return Err(err(
                        start,
                        "a [[consistency]] rule needs `forms = [...]`".into(),
                    ));
                };
                if forms.get_ref().len() < 2 || forms.get_ref().iter().any(|f| f.trim().is_empty())
                {
                    return Err(err(
                        forms.span().start,
                        "`forms` needs at least two non-empty forms".into(),
                    ));
                }
                RuleKind::Consistency {
                    forms: forms.get_ref().clone(),
                }
            }
            RawKind::Pattern => RuleKind::Pattern {
                regex: raw
                    .regex
                    .as_ref()
                    .map(|r| r.get_ref().clone())
                    .unwrap_or_default(),
            },
            RawKind::Line => {
                let action = match (raw.action.as_ref().map(|a| *a.get_ref()), &raw.replace) {
                    (Some(RawAction::Replace) | None, Some(_)) => LineAction::Replace,
                    (Some(RawAction::Replace) | None, None) => {
                        return Err(err(
                            start,
                            "a [[line]] rule needs `action = \"delete\"`, `action = \"dedupe\"` or a `replace`"
                                .into(),
                        ));
                    }
                    (Some(RawAction::Delete), None) => LineAction::Delete,
                    (Some(RawAction::Dedupe), None) => LineAction::Dedupe,
                    (Some(_), Some(r)) => {
                        return Err(err(
                            r.span().start,
                            "`replace` cannot be combined with `action = \"delete\"` or `\"dedupe\"`".into(),
                        ));
                    }
                };
                RuleKind::Line {
                    regex: raw
                        .regex
                        .as_ref()
                        .map(|r| r.get_ref().clone())
                        .unwrap_or_default(),
                    action,
                }
            }
        };

        for (key, groups) in [("same", &raw.same), ("distinct", &raw.distinct)] {
            let Some(groups) = groups else {
                continue;
            };
            let Some(regex) = &compiled_regex else {
                return Err(misplaced(key, groups.span()));
            };
            if groups.get_ref().len() < 2 {
                return Err(err(
                    groups.span().start,
                    format!("`{key}` needs at least two capture groups"),
                ));
            }
            if let Some(group) = groups.get_ref().iter().find(|g| !regex.has(g)) {
                return Err(err(
                    groups.span().start,
                    format!("`{key}` names capture `{group}`, which the regex does not define"),
                ));
            }
        }
        if let (Some(regex), Some(replace)) = (&compiled_regex, &raw.replace) {
            Template::parse(replace.get_ref(), regex)
                .map_err(|e| err(replace.span().start, e.message))?;
        }
        for (key, guard) in [
            ("not_before", &raw.not_before),
            ("not_after", &raw.not_after),
        ] {
            if let Some(g) = guard {
                check_regex(g.get_ref(), key).map_err(|m| err(g.span().start, m))?;
            }
        }

        let examples = match raw.examples {
            Some(e) if !e.get_ref().is_empty() => e.into_inner(),
            Some(e) => return Err(err(e.span().start, "`examples` is empty".into())),
            None => {
                return Err(err(
                    start,
                    "rule has no examples: add `examples = [{ input = \"...\", output = \"...\" }]`".into(),
                ));
            }
        };

        // Which form is right depends on the document: consistency rules suggest by default.
        let safety = raw.safety.unwrap_or(if kind == RawKind::Consistency {
            Safety::Review
        } else {
            Safety::Safe
        });
        let edits = raw.replace.is_some()
            || matches!(
                rule_kind,
                RuleKind::Line {
                    action: LineAction::Delete | LineAction::Dedupe,
                    ..
                }
            );
        let severity = raw.severity.unwrap_or(if safety == Safety::Safe && edits {
            Severity::Error
        } else {
            Severity::Warning
        });
        let pass = match (kind, raw.pass.map(|p| *p.get_ref())) {
            (RawKind::Line, _) => Pass::Lines,
            (_, Some(RawPass::Punctuation)) => Pass::Punctuation,
            (_, Some(RawPass::Terms)) => Pass::Terms,
            (_, Some(RawPass::Patterns)) => Pass::Patterns,
            (RawKind::Term | RawKind::Consistency, None) => Pass::Terms,
            (RawKind::Pattern, None) => Pass::Patterns,
        };

        Ok(Rule {
            id,
            kind: rule_kind,
            replace: raw.replace.map(Spanned::into_inner),
            message: raw.message.unwrap_or_default(),
            source: raw.source,
            safety,
            severity,
            case: match raw.case.unwrap_or(RawCase::Smart) {
                RawCase::Smart => CaseMode::Smart,
                RawCase::Exact => CaseMode::Exact,
                RawCase::Ignore => CaseMode::Ignore,
            },
            not_before: raw.not_before.map(Spanned::into_inner),
            not_after: raw.not_after.map(Spanned::into_inner),
            requires: raw.requires.unwrap_or_default(),
            same: raw.same.map(Spanned::into_inner).unwrap_or_default(),
            distinct: raw.distinct.map(Spanned::into_inner).unwrap_or_default(),
            pass,
            examples: examples
                .into_iter()
                .map(|e| Example {
                    input: e.input,
                    output: e.output,
                })
                .collect(),
            keep: raw.keep.unwrap_or_default(),
            place: self.place(start),
        })
    }
}

/// Checks a glossary regex's syntax without compiling it (the engine compiles it once, with the size limit) and
/// returns its capture groups. `what` names a guard or is empty for the rule's own regex.
fn check_regex(source: &str, what: &str) -> Result<Groups, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map(|hir| Groups::of_hir(&hir))
        .map_err(|e| {
            let label = if what.is_empty() { "regex" } else { what };
            format!("invalid {label}: {e}")
        })
}

/// Compiles a glossary regex with the size limit. `what` names a guard (`not_before`) or is empty for the rule's
/// own regex; guards are anchored at the match (start of the text after it, end of the text before it).
pub(crate) fn compile_regex(source: &str, what: &str) -> Result<regex::Regex, String> {
    let anchored = match what {
        "not_before" => format!("^(?:{source})"),
        "not_after" => format!("(?:{source})$"),
        _ => source.to_owned(),
    };
    regex::RegexBuilder::new(&anchored)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let label = if what.is_empty() { "regex" } else { what };
            match e {
                regex::Error::CompiledTooBig(limit) => format!(
                    "invalid {label}: it compiles to more than the {limit}-byte limit; split or simplify it"
                ),
                other => format!("invalid {label}: {other}"),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn error(source: &str) -> String {
        parse(source, "g.toml")
            .expect_err("glossary must be rejected")
            .to_string()
    }

    const HEADER: &str = "[glossary]\nname = \"t\"\n";

    #[test]
    fn a_valid_glossary_keeps_file_order_and_defaults() {
        let g = parse(
            &format!(
                "{HEADER}[[pattern]]\nid = \"p\"\nregex = 'a(?P<x>b)'\nreplace = '${{x}}'\nexamples = [{{ input = \"ab\", output = \"b\" }}]\n\n[[term]]\nid = \"t\"\nmatch = [\"x y\"]\nreplace = \"x-y\"\nsafety = \"review\"\nexamples = [{{ input = \"x y\", output = \"x-y\" }}]\n"
            ),
            "g.toml",
        )
        .expect("valid");
        let ids: Vec<_> = g.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["t/p", "t/t"]);
        assert_eq!(g.rules[0].severity, super::Severity::Error);
        assert_eq!(g.rules[1].severity, super::Severity::Warning);
        assert_eq!(g.rules[1].place.line, 9);
    }

    #[test]
    fn errors_name_file_line_column_and_rule() {
        let bad_regex = format!(
            "{HEADER}[[pattern]]\nid = \"p\"\nregex = 'a(b'\nreplace = 'x'\nexamples = [{{ input = \"a\", output = \"a\" }}]\n"
        );
        let e = error(&bad_regex);
        assert!(
            e.starts_with("g.toml:5:9: rule `t/p`: invalid regex"),
            "{e}"
        );

        let unknown_key = format!("{HEADER}[[term]]\nid = \"t\"\nmatchh = [\"a\"]\n");
        let e = error(&unknown_key);
        assert!(e.starts_with("g.toml:5:1: unknown field `matchh`"), "{e}");

        let bad_transform = format!(
            "{HEADER}[[pattern]]\nid = \"p\"\nregex = '(?P<n>a)'\nreplace = '${{n|ordinall}}'\nexamples = [{{ input = \"a\", output = \"a\" }}]\n"
        );
        let e = error(&bad_transform);
        assert!(
            e.starts_with("g.toml:6:11: rule `t/p`: unknown transform `ordinall`"),
            "{e}"
        );

        let duplicate = format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nexamples = [{{ input = \"a\", output = \"b\" }}]\n[[term]]\nid = \"t\"\nmatch = [\"c\"]\nreplace = \"b\"\nexamples = [{{ input = \"c\", output = \"b\" }}]\n"
        );
        let e = error(&duplicate);
        assert!(
            e.starts_with("g.toml:9:6: rule `t/t`: duplicate rule id (first defined at line 4)"),
            "{e}"
        );

        let no_examples =
            format!("{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\n");
        let e = error(&no_examples);
        assert!(
            e.starts_with("g.toml:3:1: rule `t/t`: rule has no examples"),
            "{e}"
        );

        let misplaced = format!("{HEADER}[[term]]\nid = \"t\"\nregex = \"a\"\nreplace = \"b\"\n");
        assert!(error(&misplaced).contains("`regex` is not allowed in a [[term]] rule"));

        let consistency_with_replace = format!(
            "{HEADER}[[consistency]]\nid = \"c\"\nforms = [\"a\", \"b\"]\nreplace = \"a\"\n"
        );
        assert!(
            error(&consistency_with_replace)
                .contains("`replace` is not allowed in a [[consistency]] rule"),
            "{}",
            error(&consistency_with_replace)
        );
        let one_form = format!("{HEADER}[[consistency]]\nid = \"c\"\nforms = [\"a\"]\n");
        assert!(error(&one_form).contains("`forms` needs at least two"));

        let bad_safety = format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nsafety = \"maybe\"\n"
        );
        let e = error(&bad_safety);
        assert!(e.starts_with("g.toml:7:10: unknown variant `maybe`"), "{e}");
    }
}
