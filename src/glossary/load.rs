//! Reading a glossary file: TOML syntax, unknown keys, and every rule checked before the engine sees it.
//!
//! All errors carry the file, line and column (from the TOML parser's spans) and the rule id, because a
//! translator editing a 2,000-entry glossary needs to be sent to the exact place.

use std::collections::HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;
use toml::Spanned;

use super::template::{Groups, Template};
use super::{CaseMode, Example, Glossary, LineAction, Pass, Rule, RuleKind, Safety, Severity};
use crate::error::{Error, Place, Result};
use crate::position::LineIndex;

/// Regexes in glossaries are compiled with this size limit, so that a runaway pattern is a clear error rather
/// than a memory blow-up.
pub const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// The largest glossary file [`load_file`] reads: 16 MiB. A larger file (or an endless one, such as `/dev/zero`)
/// is an error before it is parsed, so loading stays within bounded memory (parsing takes up to about 40 bytes of
/// memory per byte of TOML).
pub const MAX_GLOSSARY_BYTES: u64 = 16 << 20;

/// The most rules one glossary may define.
pub const MAX_RULES: usize = 50_000;

/// The most literal strings (term variants and consistency forms, all rules together) one glossary may hold. The
/// engine matches all variants of a pass with one automaton, whose build time and memory grow with them. Measured
/// in release mode: 50,000 variants of about 20 characters take 1 s of CPU and 80 MB; 50,000 short ones that are
/// prefixes of each other (`v1`, `v10`, `v100`...) take 7 s, as one step of the automaton's construction is
/// quadratic there; 1,000,000 variants took 36 s and 1.3 GB.
pub const MAX_VARIANTS: usize = 50_000;

/// The most regexes (rule regexes and `not_before` / `not_after` guards, all rules together) one glossary may
/// hold. Each is compiled (with [`REGEX_SIZE_LIMIT`]) when the glossary is loaded.
pub const MAX_REGEXES: usize = 10_000;

/// Reads and parses the glossary file at `path`.
///
/// # Errors
/// [`Error::GlossaryRead`] when the file cannot be read (missing, a folder, no permission); [`Error::Glossary`]
/// when it is larger than [`MAX_GLOSSARY_BYTES`] or not UTF-8 (naming the line, column and byte offset), or when
/// [`parse`] fails.
pub fn load_file(path: &Path) -> Result<Glossary> {
    let unreadable = |reason| Error::GlossaryRead {
        path: path.to_owned(),
        reason,
    };
    let file = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_GLOSSARY_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_GLOSSARY_BYTES {
        return Err(Error::Glossary {
            place: Place {
                file,
                line: 1,
                column: 1,
            },
            rule: None,
            message: format!(
                "the file is larger than {} MiB, the limit for one glossary; split it into several glossaries",
                MAX_GLOSSARY_BYTES >> 20
            ),
        });
    }
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
/// Invalid TOML, an unknown key, a missing or misplaced key, an invalid regex or template, a regex that can match
/// the empty string or compiles to more than [`REGEX_SIZE_LIMIT`], an empty variant, a duplicate rule id, a rule
/// without examples, more than [`MAX_RULES`] rules, [`MAX_VARIANTS`] variants and forms or [`MAX_REGEXES`]
/// regexes: each with its file, line and column, and the rule id when it is inside a rule.
pub fn parse(source: &str, file: &str) -> Result<Glossary> {
    parse_with(source, file, false)
}

/// [`parse`] for a built-in glossary, without compiling its regexes: compiling every regex of the built-ins would
/// cost far more than checking a short document. `cargo test` parses each built-in with [`parse`] too.
pub(crate) fn parse_trusted(source: &str, file: &str) -> Result<Glossary> {
    parse_with(source, file, true)
}

fn parse_with(source: &str, file: &str, trusted: bool) -> Result<Glossary> {
    let index = LineIndex::new(source);
    let ctx = Context {
        file,
        index: &index,
        trusted,
    };
    let raw: RawFile = toml::from_str(source).map_err(|e| {
        let offset = e.span().unwrap_or(0..0).start;
        let rule = rule_at(source, offset).map(|short| format!("{}/{short}", header_name(source)));
        ctx.error(offset, rule.as_deref(), e.message().trim_end().to_owned())
    })?;
    let Some(header) = raw.glossary else {
        let message = if source.trim_start_matches('\u{feff}').trim().is_empty() {
            "the file is empty: a glossary starts with a `[glossary]` table with `name = \"...\"`, then its rules"
        } else {
            "no `[glossary]` table: a glossary starts with `[glossary]` and `name = \"...\"`"
        };
        return Err(ctx.error(0, None, message.to_owned()));
    };

    let name = header.name.get_ref().trim().to_owned();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(ctx.error(
            header.name.span().start,
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

    if let Some((_, extra)) = raws.get(MAX_RULES) {
        return Err(ctx.error(
            extra.span().start,
            None,
            format!("more than {MAX_RULES} rules, the limit for one glossary; split it into several glossaries"),
        ));
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rules = Vec::with_capacity(raws.len());
    let mut counts = Counts::default();
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
        counts
            .add(&rule)
            .map_err(|(offset, message)| ctx.error(offset, Some(&id), message))?;
        rules.push(ctx.rule(kind, rule, id, start)?);
    }

    Ok(Glossary {
        name,
        description: header.description,
        file: file.to_owned(),
        rules,
    })
}

/// Running totals of a glossary's literal strings and regexes, checked against [`MAX_VARIANTS`] and
/// [`MAX_REGEXES`] before each rule is compiled.
#[derive(Default)]
struct Counts {
    variants: usize,
    regexes: usize,
}

impl Counts {
    /// Adds one rule; on going over a limit, the offset of the key that did it and the message.
    fn add(&mut self, rule: &RawRule) -> Result<(), (usize, String)> {
        for list in [&rule.variants, &rule.forms].into_iter().flatten() {
            self.variants += list.get_ref().len();
            if self.variants > MAX_VARIANTS {
                return Err((
                    list.span().start,
                    format!(
                        "more than {MAX_VARIANTS} variants and forms in this glossary, the limit for one glossary \
                         (the engine matches them all with one automaton, which grows with them)"
                    ),
                ));
            }
        }
        for regex in [&rule.regex, &rule.not_before, &rule.not_after]
            .into_iter()
            .flatten()
        {
            self.regexes += 1;
            if self.regexes > MAX_REGEXES {
                return Err((
                    regex.span().start,
                    format!(
                        "more than {MAX_REGEXES} regexes (rule regexes and guards) in this glossary, the limit for \
                         one glossary; split it into several glossaries"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The short id of the rule whose table holds byte `offset` of `source`, if any: a TOML error inside a rule (an
/// unknown key, a value of the wrong type) is reported with the rule's id. Best effort: the table is the last rule
/// table that starts before `offset`, provided no other table starts in between.
fn rule_at(source: &str, offset: usize) -> Option<String> {
    let document = toml::de::DeTable::parse(source).ok()?;
    // (start of a table, the rule's id if it is a rule table)
    let mut tables: Vec<(usize, Option<String>)> = Vec::new();
    for (key, value) in document.get_ref() {
        let is_rule = matches!(
            key.get_ref().as_ref(),
            "term" | "pattern" | "line" | "consistency"
        );
        match value.get_ref() {
            toml::de::DeValue::Array(items) if is_rule => {
                for item in items {
                    let id = match item.get_ref() {
                        toml::de::DeValue::Table(table) => table.iter().find_map(|(k, v)| {
                            match (k.get_ref().as_ref(), v.get_ref()) {
                                ("id", toml::de::DeValue::String(id)) => Some(id.to_string()),
                                _ => None,
                            }
                        }),
                        _ => None,
                    };
                    tables.push((item.span().start, id));
                }
            }
            _ => tables.push((key.span().start, None)),
        }
    }
    tables
        .into_iter()
        .filter(|(start, _)| *start <= offset)
        .max_by_key(|(start, _)| *start)
        .and_then(|(_, id)| id)
}

/// The glossary's name as written (for rule ids in TOML errors), or `?` when it cannot be read.
fn header_name(source: &str) -> String {
    #[derive(Deserialize)]
    struct Header {
        glossary: Name,
    }
    #[derive(Deserialize)]
    struct Name {
        name: String,
    }
    // Only the header: every other key is ignored, so this parses wherever the full glossary did not.
    toml::from_str::<Header>(source)
        .map_or_else(|_| "?".to_owned(), |h| h.glossary.name.trim().to_owned())
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
    glossary: Option<RawHeader>,
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
    /// A built-in glossary: its regexes are not compiled here (the engine compiles the few a document needs, and
    /// the test suite checks every built-in with the full checks of [`parse`]).
    trusted: bool,
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
            Some(_) if self.trusted => None,
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
                if let Some(n) = variants.get_ref().iter().position(|v| v.trim().is_empty()) {
                    return Err(err(
                        variants.span().start,
                        format!(
                            "variant {} of `match` is empty: an empty match can never be a fix",
                            n + 1
                        ),
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
            if raw.regex.is_none() {
                return Err(misplaced(key, groups.span()));
            }
            if groups.get_ref().len() < 2 {
                return Err(err(
                    groups.span().start,
                    format!("`{key}` needs at least two capture groups"),
                ));
            }
            // (A trusted built-in's regex is not parsed here; `cargo test` checks it with the full parse.)
            let Some(regex) = &compiled_regex else {
                continue;
            };
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
            if let Some(g) = guard.as_ref().filter(|_| !self.trusted) {
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

/// Checks a glossary regex and returns its capture groups. `what` names a guard (`not_before`, `not_after`) or is
/// empty for the rule's own regex. The regex is parsed (for a precise syntax error), checked not to match the
/// empty string when it is the rule's own (an empty match can never be a fix, and would fire everywhere), and
/// compiled with [`REGEX_SIZE_LIMIT`], so a regex too big to compile is an error here, at its place in the file,
/// rather than when the engine is built. The compiled regex is kept for the engine (see [`compile_regex`]).
fn check_regex(source: &str, what: &str) -> Result<Groups, String> {
    let label = if what.is_empty() { "regex" } else { what };
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(|e| format!("invalid {label}: {e}"))?;
    if what.is_empty() && hir.properties().minimum_len() == Some(0) {
        return Err(format!(
            "regex {source:?} can match the empty string, and an empty match can never be a fix: make at least \
             one character of it required"
        ));
    }
    if what.is_empty() {
        compile_regex(source, what)?;
    } else {
        compile_guard(source, what)?;
    }
    Ok(Groups::of_hir(&hir))
}

/// A cache of compiled regexes by their anchored source: the loader compiles every regex to check it, and the
/// engine compiles the same ones again when it needs them, so the second compilation is a clone. Cleared when it
/// reaches [`COMPILED_CACHE_LIMIT`] entries, so it never grows without bound.
type Cache<T> = Mutex<Option<HashMap<String, T>>>;

/// Rule regexes compiled by [`compile_regex`].
static COMPILED: Cache<regex::Regex> = Mutex::new(None);

/// Guards compiled by [`compile_guard`].
static COMPILED_GUARDS: Cache<regex_automata::meta::Regex> = Mutex::new(None);

/// How many compiled regexes each cache keeps at most. A compiled regex can take megabytes (its lazy DFA's cache
/// grows with use), so the bound is small: the built-ins and a typical house glossary fit, and a glossary with
/// more regexes only compiles some of them twice. (At 20,000 entries the glossary fuzz target grew to 785 MB.)
const COMPILED_CACHE_LIMIT: usize = 1024;

/// Compiles a glossary regex with the size limit. `what` names a guard (`not_before`) or is empty for the rule's
/// own regex; guards are anchored at the match (start of the text after it, end of the text before it).
///
/// The engine compiles guards with [`compile_guard`] instead; this is for the rule's own regex, and for code that
/// wants a guard as a [`regex::Regex`].
pub(crate) fn compile_regex(source: &str, what: &str) -> Result<regex::Regex, String> {
    cached(&COMPILED, anchored(source, what), |anchored| {
        regex::RegexBuilder::new(anchored)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => too_big(what, limit),
                other => format!("invalid {}: {other}", label(what)),
            })
    })
}

/// Compiles a guard (`what` is `not_before` or `not_after`) as [`compile_regex`] would, with the same size limit
/// and the same errors, into a regex that is only ever asked whether it matches, in a window of at most a few
/// hundred bytes next to a match (`scan.rs`).
///
/// Such a regex needs little of the machinery that makes searching large texts fast, and compiling is most of
/// what checking a short document costs: a guard is built without a literal prefilter (its window is tiny), and a
/// `not_before` guard, anchored at the start of its window, without the lazy DFA and the reverse program that
/// comes with it (a search anchored at the start ends as soon as the guard cannot match). A `not_after` guard
/// keeps the lazy DFA: it matches at the end of its window, which the lazy DFA finds by searching backwards from
/// there, where the other engines would scan the whole window. Measured on one short article with the built-ins
/// (27 guards compiled), compiling and running guards took 48.7 M instructions instead of 67.5 M with `regex`'s
/// configuration, and 67.5 M when `not_after` guards go without the lazy DFA too. Every engine of the crate finds
/// the same matches, so the guards' verdicts do not change.
pub(crate) fn compile_guard(
    source: &str,
    what: &str,
) -> Result<regex_automata::meta::Regex, String> {
    use regex_automata::{MatchKind, meta, util::syntax};
    cached(&COMPILED_GUARDS, anchored(source, what), |anchored| {
        // `regex::RegexBuilder`'s configuration (its defaults, `size_limit`, UTF-8 mode), less what a guard does
        // not need.
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(true)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .hybrid_cache_capacity(2 << 20)
                    .hybrid(what == "not_after")
                    .dfa(false)
                    .auto_prefilter(false),
            )
            .syntax(syntax::Config::new().utf8(true))
            .build(anchored)
            .map_err(|e| match (e.size_limit(), e.syntax_error()) {
                (Some(limit), _) => too_big(what, limit),
                (None, Some(syntax)) => format!("invalid {}: {syntax}", label(what)),
                (None, None) => format!("invalid {}: {e}", label(what)),
            })
    })
}

/// How error messages name a regex: `regex` for the rule's own, else the guard's key.
fn label(what: &str) -> &str {
    if what.is_empty() { "regex" } else { what }
}

/// The error for a regex whose compiled form is over `limit` bytes.
fn too_big(what: &str, limit: usize) -> String {
    format!(
        "invalid {}: it compiles to more than {} MiB, the limit for one regex (a counted repetition such as \
         `\\w{{500}}` is compiled as that many copies); split or simplify it",
        label(what),
        limit >> 20
    )
}

/// The source a regex is compiled from: guards are anchored at the match.
fn anchored(source: &str, what: &str) -> String {
    match what {
        "not_before" => format!("^(?:{source})"),
        "not_after" => format!("(?:{source})$"),
        _ => source.to_owned(),
    }
}

/// The regex compiled from `anchored`, from `cache` or built by `build` (and then cached).
fn cached<T: Clone>(
    cache: &Cache<T>,
    anchored: String,
    build: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, String> {
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(regex) = lock().as_ref().and_then(|c| c.get(&anchored).cloned()) {
        return Ok(regex);
    }
    // Built without the lock held, so that threads compile different regexes at once.
    let regex = build(&anchored)?;
    let mut guard = lock();
    let map = guard.get_or_insert_with(HashMap::new);
    if map.len() >= COMPILED_CACHE_LIMIT {
        map.clear();
    }
    map.insert(anchored, regex.clone());
    Ok(regex)
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
        assert!(
            e.starts_with("g.toml:5:1: rule `t/t`: unknown field `matchh`"),
            "{e}"
        );

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
        assert!(
            e.starts_with("g.toml:7:10: rule `t/t`: unknown variant `maybe`"),
            "{e}"
        );

        let header_key = format!("{HEADER}title = \"x\"\n");
        let e = error(&header_key);
        assert!(e.starts_with("g.toml:3:1: unknown field `title`"), "{e}");
    }

    #[test]
    fn regexes_that_match_nothing_or_are_too_big_fail_at_their_key() {
        let pattern = |regex: &str| {
            format!(
                "{HEADER}[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = 'x'\nexamples = [{{ input = \"a\", output = \"x\" }}]\n"
            )
        };
        for empty in ["a*", "(?:)", "x?", r"\b", "(?m)^"] {
            let e = error(&pattern(empty));
            assert!(
                e.starts_with("g.toml:5:9: rule `t/p`: regex ")
                    && e.contains(
                        "can match the empty string, and an empty match can never be a fix"
                    ),
                "{empty}: {e}"
            );
        }
        for big in [r"(?:a{1000}){1000}", r"\w{5000}"] {
            let e = error(&pattern(big));
            assert!(
                e.starts_with(
                    "g.toml:5:9: rule `t/p`: invalid regex: it compiles to more than 8 MiB"
                ),
                "{big}: {e}"
            );
        }
        // A guard is compiled too (it may match the empty string: it only silences the rule).
        let guard = format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nnot_before = '\\w{{5000}}'\nexamples = [{{ input = \"a\", output = \"b\" }}]\n"
        );
        let e = error(&guard);
        assert!(
            e.starts_with(
                "g.toml:7:14: rule `t/t`: invalid not_before: it compiles to more than 8 MiB"
            ),
            "{e}"
        );
    }

    /// The engine's lighter guards (`compile_guard`) fail with the same errors as, and match wherever, the same
    /// guards compiled with `regex`: every built-in guard, at every split of its rule's examples and keep texts.
    #[test]
    fn guards_fail_and_match_as_regex_does() {
        use super::{compile_guard, compile_regex};
        for what in ["not_before", "not_after"] {
            for bad in [r"\w{5000}", "a(b", r"\p{Nope}", "(?P<x>a)(?P<x>b)"] {
                let error = compile_guard(bad, what).expect_err(bad);
                assert_eq!(
                    Err(error),
                    compile_regex(bad, what).map(|_| ()),
                    "{what} {bad}"
                );
            }
        }
        let mut checked = 0;
        for glossary in crate::glossary::builtin::all().expect("built-ins") {
            for rule in &glossary.rules {
                let texts: Vec<&str> = rule.own_texts().collect();
                for (what, source) in [
                    ("not_before", &rule.not_before),
                    ("not_after", &rule.not_after),
                ] {
                    let Some(source) = source else { continue };
                    let light = compile_guard(source, what).expect("a built-in guard compiles");
                    let full = compile_regex(source, what).expect("a built-in guard compiles");
                    for text in &texts {
                        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                            let window = if what == "not_before" {
                                &text[i..]
                            } else {
                                &text[..i]
                            };
                            assert_eq!(
                                light.is_match(window),
                                full.is_match(window),
                                "{} {what} {window:?}",
                                rule.id
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} windows");
    }

    #[test]
    fn empty_files_and_limits_are_clear_errors() {
        assert_eq!(
            error(""),
            "g.toml:1:1: the file is empty: a glossary starts with a `[glossary]` table with `name = \"...\"`, then its rules"
        );
        assert!(error("# only a comment\n").starts_with("g.toml:1:1: no `[glossary]` table"));

        let variants: Vec<String> = (0..=super::MAX_VARIANTS)
            .map(|i| format!("\"v{i}\""))
            .collect();
        let many = format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = [{}]\nreplace = \"b\"\nexamples = [{{ input = \"v1\", output = \"b\" }}]\n",
            variants.join(",")
        );
        assert_eq!(
            error(&many),
            format!(
                "g.toml:5:9: rule `t/t`: more than {} variants and forms in this glossary, the limit for one glossary \
                 (the engine matches them all with one automaton, which grows with them)",
                super::MAX_VARIANTS
            )
        );
    }
}
