//! Everything mtfix prints on stdout: one reporter per findings format, plus the listings of `rules`,
//! `explain`, `glossary test` and `glossary lint`, diffs and fixed text.
//!
//! All writes go through [`Stdout`], a locked handle whose errors are returned, never panicked on: a closed
//! pipe (`mtfix check | head`) surfaces as `ErrorKind::BrokenPipe`, which `main` turns into a quiet exit.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::term::{self, termcolor::Buffer};
use mtfix::glossary::{CaseMode, LineAction, RuleKind};
use mtfix::lint::{LintIssue, LintSeverity};
use mtfix::position::LineIndex;
use mtfix::selftest::SelfTest;
use mtfix::{Engine, Finding, Rule, Safety, Severity};
use serde::Serialize;
use serde_json::json;

use super::args::Format;
use super::excerpt::Excerpt;

/// The process's stdout, locked once, with fallible writes.
pub(crate) struct Stdout {
    /// The buffered, locked handle.
    pub(crate) out: io::BufWriter<io::StdoutLock<'static>>,
}

impl Stdout {
    /// Locks stdout.
    pub(crate) fn new() -> Stdout {
        Stdout {
            out: io::BufWriter::new(io::stdout().lock()),
        }
    }

    /// Writes `text` exactly (fixed documents, diffs).
    pub(crate) fn text(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    /// Flushes what is buffered.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Counts over all files of a run, for the summary line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Totals {
    /// Files read.
    pub(crate) files: usize,
    /// Files with at least one finding.
    pub(crate) files_with_findings: usize,
    /// Findings by severity.
    pub(crate) errors: usize,
    /// Findings by severity.
    pub(crate) warnings: usize,
    /// Findings by severity.
    pub(crate) infos: usize,
    /// Findings `fix` applies at the current level.
    pub(crate) fixable: usize,
    /// Review suggestions with a replacement, applied by `fix --review`.
    pub(crate) review_fixable: usize,
}

impl Totals {
    /// Adds one file's findings.
    pub(crate) fn add(&mut self, engine: &Engine, findings: &[Finding], level: Safety) {
        self.files += 1;
        if !findings.is_empty() {
            self.files_with_findings += 1;
        }
        for finding in findings {
            let rule = engine.rule(finding.rule);
            match rule.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match finding.status(level) {
                mtfix::Status::Applied => self.fixable += 1,
                mtfix::Status::Suggested => self.review_fixable += 1,
                mtfix::Status::Flagged => {}
            }
        }
    }

    /// "12 errors, 3 warnings in 1 file; 12 fixable with `mtfix fix`, 3 more with `--review`".
    pub(crate) fn summary(&self) -> String {
        let mut counts = Vec::new();
        for (n, what) in [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ] {
            if n > 0 {
                counts.push(plural(n, what));
            }
        }
        if counts.is_empty() {
            return format!("no issues in {}", plural(self.files, "file"));
        }
        let mut line = format!(
            "{} in {}",
            counts.join(", "),
            plural(self.files_with_findings, "file")
        );
        let mut fixes = Vec::new();
        if self.fixable > 0 {
            fixes.push(format!("{} fixable with `mtfix fix`", self.fixable));
        }
        if self.review_fixable > 0 {
            let more = if self.fixable > 0 { " more" } else { "" };
            fixes.push(format!(
                "{}{more} with `mtfix fix --review`",
                self.review_fixable
            ));
        }
        if !fixes.is_empty() {
            line.push_str("; ");
            line.push_str(&fixes.join(", "));
        }
        line
    }
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// One document's share of a findings report, rendered by [`Reporter::render`] on a worker thread so that the
/// printing thread only has bytes to copy.
#[derive(Debug, Default)]
pub(crate) struct Part {
    /// Printed when the document's turn comes: human diagnostics, JSON Lines, GitHub workflow commands (and, for
    /// `fix`, fixed text or a diff).
    pub(crate) now: Vec<u8>,
    /// Held back for [`Reporter::finish`], already rendered: this document's elements of a format that is one
    /// document for the whole run (JSON array items, SARIF results, GitLab issues, JUnit test cases).
    pub(crate) held: Vec<String>,
}

/// A findings format, in two halves so that the costly one runs on the worker threads: `render` once per
/// document, on any thread; `finish` once, on the printing thread, with every document's held elements in
/// input order and the run's totals.
pub(crate) trait Reporter: Sync {
    /// Renders the findings of one document.
    ///
    /// # Errors
    /// A diagnostic cannot be rendered or serialised.
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part>;
    /// Ends the report: the JSON array or XML document around the held elements, the human summary line.
    ///
    /// # Errors
    /// Writing to stdout fails.
    fn finish(&self, out: &mut Stdout, held: &[String], totals: &Totals) -> io::Result<()>;
}

/// The printing side of a report: writes each document's [`Part`] as its turn comes and keeps what the format
/// holds for its end.
pub(crate) struct Report<'r> {
    /// The format.
    reporter: &'r dyn Reporter,
    /// Every document's held elements so far, in input order.
    held: Vec<String>,
}

impl<'r> Report<'r> {
    /// A report in the format of `reporter`, nothing printed yet.
    pub(crate) fn new(reporter: &'r dyn Reporter) -> Report<'r> {
        Report {
            reporter,
            held: Vec::new(),
        }
    }

    /// Prints the part of the next document in input order.
    ///
    /// # Errors
    /// Writing to stdout fails.
    pub(crate) fn print(&mut self, out: &mut Stdout, part: Part) -> io::Result<()> {
        out.out.write_all(&part.now)?;
        self.held.extend(part.held);
        Ok(())
    }

    /// Ends the report ([`Reporter::finish`]).
    ///
    /// # Errors
    /// Writing to stdout fails.
    pub(crate) fn finish(self, out: &mut Stdout, totals: &Totals) -> io::Result<()> {
        self.reporter.finish(out, &self.held, totals)
    }
}

/// The reporter for `format`.
pub(crate) fn reporter<'e>(
    format: Format,
    engine: &'e Engine,
    color: bool,
    quiet: bool,
) -> Box<dyn Reporter + 'e> {
    match format {
        Format::Human => Box::new(Human {
            engine,
            color,
            quiet,
        }),
        Format::Json => Box::new(Json {
            engine,
            lines: false,
        }),
        Format::Jsonl => Box::new(Json {
            engine,
            lines: true,
        }),
        Format::Sarif => Box::new(super::formats::Sarif::new(engine)),
        Format::Github => Box::new(super::formats::Github::new(engine, quiet)),
        Format::Junit => Box::new(super::formats::Junit::new(engine)),
        Format::Gitlab => Box::new(super::formats::Gitlab::new(engine)),
    }
}

/// `value` as serde_json's pretty printer writes it `depth` levels down in an enclosing document: every line but
/// the first indented two more spaces per level. (Every newline of pretty JSON is structural: strings escape
/// theirs.) Lets workers render the elements of a run-wide JSON document ahead of [`pretty_array`].
///
/// # Errors
/// `value` cannot be serialised.
pub(crate) fn pretty_at(value: &impl Serialize, depth: usize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    if depth == 0 {
        return Ok(text);
    }
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}

/// Writes a JSON array of elements rendered by [`pretty_at`] at `depth + 1` exactly as serde_json's pretty
/// printer writes that array `depth` levels down: `[]` when empty, else one element per line.
///
/// # Errors
/// Writing fails.
pub(crate) fn pretty_array(out: &mut impl Write, items: &[String], depth: usize) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let inner = "  ".repeat(depth + 1);
    out.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        let separator = if i == 0 { "" } else { "," };
        write!(out, "{separator}\n{inner}{item}")?;
    }
    write!(out, "\n{}]", "  ".repeat(depth))
}

/// Compiler-style diagnostics rendered by codespan-reporting, then a summary line.
struct Human<'e> {
    engine: &'e Engine,
    color: bool,
    quiet: bool,
}

impl Reporter for Human<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let index = LineIndex::new(text);
        let config = term::Config::default();
        let mut buffer = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        for finding in findings {
            let (excerpt, range) = Excerpt::new(path, text, &index, finding.span.clone());
            let status = finding.status(level);
            let diagnostic =
                diagnostic(self.engine.rule(finding.rule), finding, status, text, range);
            term::emit_to_write_style(&mut buffer, &config, &excerpt, &diagnostic)
                .map_err(io::Error::other)?;
        }
        Ok(Part {
            now: buffer.into_inner(),
            held: Vec::new(),
        })
    }

    fn finish(&self, out: &mut Stdout, _held: &[String], totals: &Totals) -> io::Result<()> {
        if !self.quiet {
            writeln!(out.out, "{}", totals.summary())?;
        }
        Ok(())
    }
}

fn diagnostic(
    rule: &Rule,
    finding: &Finding,
    status: mtfix::Status,
    text: &str,
    range: Range<usize>,
) -> Diagnostic<()> {
    let level = match rule.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let found = &text[finding.span.clone()];
    let message = if rule.message.is_empty() {
        match finding.replacement() {
            Some(r) => format!("{found:?} should be {r:?}"),
            None => format!("{found:?} needs a look"),
        }
    } else {
        rule.message.clone()
    };
    let marker = if status == mtfix::Status::Applied {
        "[*] "
    } else {
        ""
    };
    let label = match finding.replacement() {
        Some("") => "delete this".to_owned(),
        Some(r) => format!("replace with {r:?}"),
        None => String::new(),
    };
    let mut notes = Vec::new();
    match status {
        mtfix::Status::Suggested => notes.push(
            "help: a review suggestion: check it, then apply with `mtfix fix --review`".to_owned(),
        ),
        mtfix::Status::Flagged => {
            notes.push("help: flagged only: there is no automatic fix".to_owned());
        }
        mtfix::Status::Applied => {}
    }
    Diagnostic::new(level)
        .with_code(rule.id.clone())
        .with_message(format!("{marker}{message}"))
        .with_label(Label::primary((), range).with_message(label))
        .with_notes(notes)
}

/// `json` (one array, printed at the end) and `jsonl` (one object per line, as found).
struct Json<'e> {
    engine: &'e Engine,
    lines: bool,
}

/// One finding as JSON (DESIGN.md's fields).
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    safety: Safety,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    found: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement: Option<&'a str>,
    fixable: bool,
    /// Rules that rewrote this finding's output afterwards (present only when rules chain).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    chained: Vec<&'a str>,
}

impl<'e> Reporter for Json<'e> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let index = LineIndex::new(text);
        let mut part = Part::default();
        for finding in findings {
            let rule: &'e Rule = self.engine.rule(finding.rule);
            let (line, column) = index.line_col(finding.span.start);
            let (end_line, end_column) = index.line_col(finding.span.end);
            let object = JsonFinding {
                path,
                rule: &rule.id,
                severity: rule.severity,
                safety: rule.safety,
                message: &rule.message,
                line,
                column,
                end_line,
                end_column,
                start: finding.span.start,
                end: finding.span.end,
                found: &text[finding.span.clone()],
                replacement: finding.replacement(),
                fixable: finding.status(level) == mtfix::Status::Applied,
                chained: finding
                    .chained
                    .iter()
                    .map(|&r| self.engine.rule(r).id.as_str())
                    .collect(),
            };
            if self.lines {
                serde_json::to_writer(&mut part.now, &object)?;
                part.now.push(b'\n');
            } else {
                part.held.push(pretty_at(&object, 1)?);
            }
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, held: &[String], _totals: &Totals) -> io::Result<()> {
        if !self.lines {
            pretty_array(&mut out.out, held, 0)?;
            out.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

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

fn rule_json(rule: &Rule) -> serde_json::Value {
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
            "match",
            match &rule.kind {
                RuleKind::Term { variants } => Some(variants.clone().into()),
                _ => None,
            },
        ),
        (
            "forms",
            match &rule.kind {
                RuleKind::Consistency { forms } => Some(forms.clone().into()),
                _ => None,
            },
        ),
        (
            "regex",
            match &rule.kind {
                RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => {
                    Some(regex.clone().into())
                }
                RuleKind::Term { .. } | RuleKind::Consistency { .. } => None,
            },
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

fn write_json<T: Serialize>(out: &mut Stdout, format: Format, items: &[T]) -> io::Result<()> {
    if format == Format::Jsonl {
        for item in items {
            serde_json::to_writer(&mut out.out, item)?;
            out.out.write_all(b"\n")?;
        }
    } else {
        serde_json::to_writer_pretty(&mut out.out, items)?;
        out.out.write_all(b"\n")?;
    }
    Ok(())
}

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
    match &rule.kind {
        RuleKind::Term { variants } => field(
            "match",
            variants
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        RuleKind::Consistency { forms } => field(
            "forms",
            forms
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        RuleKind::Pattern { regex } => field("regex", regex.clone()),
        RuleKind::Line { regex, action } => {
            field("regex", regex.clone());
            field(
                "action",
                match action {
                    LineAction::Delete => "delete",
                    LineAction::Dedupe => "dedupe",
                    LineAction::Replace => "replace",
                }
                .to_owned(),
            );
        }
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
        field(
            "requires",
            rule.requires
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
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

/// `mtfix glossary test`: one line per failure, then a summary (unless quiet).
pub(crate) fn selftest(out: &mut Stdout, report: &SelfTest, quiet: bool) -> io::Result<()> {
    for f in &report.failures {
        writeln!(out.out, "{}: rule `{}`: {}", f.place, f.rule, f.message)?;
    }
    if !quiet {
        writeln!(
            out.out,
            "{} checked, {} failed",
            plural(report.checked, "example"),
            report.failures.len()
        )?;
    }
    Ok(())
}

/// `mtfix glossary lint`: `FILE:LINE:COL: error[check]: rule `id`: message`, then a summary (unless quiet).
pub(crate) fn lint(
    out: &mut Stdout,
    issues: &[LintIssue],
    format: Format,
    quiet: bool,
) -> io::Result<()> {
    if format != Format::Human {
        let all: Vec<_> = issues
            .iter()
            .map(|i| {
                json!({
                    "severity": i.severity,
                    "check": i.check,
                    "rule": i.rule,
                    "file": i.place.file,
                    "line": i.place.line,
                    "column": i.place.column,
                    "message": i.message,
                })
            })
            .collect();
        return write_json(out, format, &all);
    }
    for i in issues {
        let rule = if i.rule.is_empty() {
            String::new()
        } else {
            format!("rule `{}`: ", i.rule)
        };
        writeln!(
            out.out,
            "{}: {}[{}]: {rule}{}",
            i.place, i.severity, i.check, i.message
        )?;
    }
    if !quiet {
        let errors = issues
            .iter()
            .filter(|i| i.severity == LintSeverity::Error)
            .count();
        let warnings = issues.len() - errors;
        writeln!(
            out.out,
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )?;
    }
    Ok(())
}

/// `mtfix config show`: `KEY  VALUE  ORIGIN` rows (or a JSON array of `{key, value, origin}`).
pub(crate) fn config(
    out: &mut Stdout,
    rows: &[super::settings::ConfigRow],
    format: Format,
) -> io::Result<()> {
    if format != Format::Human {
        return write_json(out, format, rows);
    }
    let width = rows
        .iter()
        .map(|r| r.value.chars().count())
        .max()
        .unwrap_or(0);
    for row in rows {
        writeln!(
            out.out,
            "{:9} {:width$}  ({})",
            row.key, row.value, row.origin
        )?;
    }
    Ok(())
}

/// Writes import or format diagnostics on stderr (`mtfix: error: …` / `mtfix: warning: …`).
pub(crate) fn diagnostics(errors: &[impl std::fmt::Display], warnings: &[impl std::fmt::Display]) {
    let mut err = io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "mtfix: error: {e}");
    }
    for w in warnings {
        let _ = writeln!(err, "mtfix: warning: {w}");
    }
}

#[cfg(test)]
mod tests {
    use super::{pretty_array, pretty_at};
    use serde_json::{Value, json};

    /// Nested objects and arrays, empty ones, and a string with a newline (escaped, so not re-indented).
    fn items() -> Vec<Value> {
        vec![
            json!({"a": [1, {"b": "x\ny"}], "c": {}, "d": [], "e": [[]]}),
            json!([]),
            json!("s"),
            json!({"f": {"g": {"h": [true, null]}}}),
        ]
    }

    #[test]
    fn pretty_arrays_are_what_serde_json_writes() {
        let all = items();
        for n in 0..=all.len() {
            let items = &all[..n];
            for depth in 0..4 {
                // The same items `depth` levels down: inside `depth` one-element arrays.
                let mut whole = Value::Array(items.to_vec());
                for _ in 0..depth {
                    whole = Value::Array(vec![whole]);
                }
                let rendered: Vec<String> = items
                    .iter()
                    .map(|item| pretty_at(item, depth + 1).expect("serialises"))
                    .collect();
                let mut array = Vec::new();
                pretty_array(&mut array, &rendered, depth).expect("writes");
                let mut expected = serde_json::to_string_pretty(&whole).expect("serialises");
                for level in 0..depth {
                    // Strip the enclosing `[\n<indent>` and `\n<indent>]`.
                    let indent = "  ".repeat(level + 1);
                    expected = expected
                        .strip_prefix(&format!("[\n{indent}"))
                        .and_then(|e| e.strip_suffix(&format!("\n{}]", "  ".repeat(level))))
                        .expect("one-element array")
                        .to_owned();
                }
                assert_eq!(
                    String::from_utf8(array).expect("UTF-8"),
                    expected,
                    "{n} items at depth {depth}"
                );
            }
        }
    }
}
