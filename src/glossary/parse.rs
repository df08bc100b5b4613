//! Reading a glossary file: its bytes (size limit, UTF-8), its TOML syntax and unknown keys (into the raw
//! structs below), the glossary header, rule ids and the glossary-wide limits; each rule is then checked by
//! [`validate`](super::validate) before the engine sees it.
//!
//! All errors carry the file, line and column (from the TOML parser's spans, through [`Context`]) and the rule
//! id, because a translator editing a 2,000-entry glossary needs to be sent to the exact place.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::validate::{self, KINDS, Kind};
use super::{Glossary, Safety, Severity};
use crate::error::{Error, Place, Result};
use crate::position::LineIndex;

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
/// hold. Each is compiled (with [`REGEX_SIZE_LIMIT`](super::REGEX_SIZE_LIMIT)) when the glossary is loaded.
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
/// the empty string or compiles to more than [`REGEX_SIZE_LIMIT`](super::REGEX_SIZE_LIMIT), an empty variant, a duplicate rule id, a rule
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

    // Each kind's array of tables, with the kind (see `validate`).
    let tables = [
        (&validate::term::KIND, raw.term),
        (&validate::pattern::KIND, raw.pattern),
        (&validate::line::KIND, raw.line),
        (&validate::consistency::KIND, raw.consistency),
    ];
    let mut raws: Vec<(&'static Kind, Spanned<RawRule>)> = Vec::new();
    for (kind, rules) in tables {
        raws.extend(rules.into_iter().map(|r| (kind, r)));
    }
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
        rules.push(validate::rule(&ctx, kind, rule, id, start)?);
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
        let is_rule = KINDS.iter().any(|kind| kind.key == key.get_ref().as_ref());
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

/// A glossary file as TOML gives it, before any check: the header and each kind's array of tables.
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

/// The `[glossary]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
}

/// One rule's table, whatever its kind (which keys a kind allows is checked by `validate`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: Spanned<String>,
    #[serde(rename = "match")]
    pub(super) variants: Option<Spanned<Vec<String>>>,
    pub(super) regex: Option<Spanned<String>>,
    pub(super) forms: Option<Spanned<Vec<String>>>,
    pub(super) replace: Option<Spanned<String>>,
    pub(super) action: Option<Spanned<RawAction>>,
    pub(super) message: Option<String>,
    pub(super) source: Option<String>,
    pub(super) safety: Option<Safety>,
    pub(super) severity: Option<Severity>,
    pub(super) case: Option<RawCase>,
    pub(super) pass: Option<Spanned<RawPass>>,
    pub(super) not_before: Option<Spanned<String>>,
    pub(super) not_after: Option<Spanned<String>>,
    pub(super) requires: Option<Vec<String>>,
    pub(super) same: Option<Spanned<Vec<String>>>,
    pub(super) distinct: Option<Spanned<Vec<String>>>,
    pub(super) examples: Option<Spanned<Vec<RawExample>>>,
    pub(super) keep: Option<Vec<String>>,
}

/// One `examples` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExample {
    pub(super) input: String,
    pub(super) output: String,
}

/// `action` of a `[[line]]` rule.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawAction {
    Delete,
    Dedupe,
    Replace,
}

/// `case`.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawCase {
    Smart,
    Exact,
    Ignore,
}

/// `pass`.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawPass {
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

/// Where a glossary being parsed comes from, to place its errors.
pub(super) struct Context<'a> {
    file: &'a str,
    index: &'a LineIndex<'a>,
    /// A built-in glossary: its regexes are not compiled here (the engine compiles the few a document needs, and
    /// the test suite checks every built-in with the full checks of [`parse`]).
    pub(super) trusted: bool,
}

impl Context<'_> {
    /// The place of byte `offset` of the file.
    pub(super) fn place(&self, offset: usize) -> Place {
        let (line, column) = self.index.line_col(offset);
        Place {
            file: self.file.to_owned(),
            line,
            column,
        }
    }

    /// A glossary error at byte `offset`, in `rule` if given.
    pub(super) fn error(&self, offset: usize, rule: Option<&str>, message: String) -> Error {
        Error::Glossary {
            place: self.place(offset),
            rule: rule.map(str::to_owned),
            message,
        }
    }
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
        assert_eq!(g.rules[0].severity, crate::glossary::Severity::Error);
        assert_eq!(g.rules[1].severity, crate::glossary::Severity::Warning);
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
