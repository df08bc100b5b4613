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
    pub(crate) fn add(&mut self, engine: &Engine, findings: &[Finding]) {
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
            if finding.applied {
                self.fixable += 1;
            } else if finding.replacement.is_some() && rule.safety == Safety::Review {
                self.review_fixable += 1;
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

/// A findings printer: `file` once per document in order, then `finish` once.
pub(crate) trait Reporter {
    /// Reports the findings of one document.
    fn file(
        &mut self,
        out: &mut Stdout,
        path: &str,
        text: &str,
        findings: &[Finding],
    ) -> io::Result<()>;
    /// Ends the report (the JSON array's end, the human summary line).
    fn finish(&mut self, out: &mut Stdout, totals: &Totals) -> io::Result<()>;
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
            all: Vec::new(),
        }),
        Format::Jsonl => Box::new(Json {
            engine,
            lines: true,
            all: Vec::new(),
        }),
        Format::Sarif => Box::new(super::formats::Sarif::new(engine)),
        Format::Github => Box::new(super::formats::Github::new(engine, quiet)),
        Format::Junit => Box::new(super::formats::Junit::new(engine)),
        Format::Gitlab => Box::new(super::formats::Gitlab::new(engine)),
    }
}

/// Compiler-style diagnostics rendered by codespan-reporting, then a summary line.
struct Human<'e> {
    engine: &'e Engine,
    color: bool,
    quiet: bool,
}

impl Reporter for Human<'_> {
    fn file(
        &mut self,
        out: &mut Stdout,
        path: &str,
        text: &str,
        findings: &[Finding],
    ) -> io::Result<()> {
        let index = LineIndex::new(text);
        let config = term::Config::default();
        let mut buffer = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        for finding in findings {
            let (excerpt, range) = Excerpt::new(path, text, &index, finding.span.clone());
            let diagnostic = diagnostic(self.engine.rule(finding.rule), finding, text, range);
            term::emit_to_write_style(&mut buffer, &config, &excerpt, &diagnostic)
                .map_err(io::Error::other)?;
        }
        out.out.write_all(buffer.as_slice())
    }

    fn finish(&mut self, out: &mut Stdout, totals: &Totals) -> io::Result<()> {
        if !self.quiet {
            writeln!(out.out, "{}", totals.summary())?;
        }
        Ok(())
    }
}

fn diagnostic(rule: &Rule, finding: &Finding, text: &str, range: Range<usize>) -> Diagnostic<()> {
    let level = match rule.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let found = &text[finding.span.clone()];
    let message = if rule.message.is_empty() {
        match &finding.replacement {
            Some(r) => format!("{found:?} should be {r:?}"),
            None => format!("{found:?} needs a look"),
        }
    } else {
        rule.message.clone()
    };
    let marker = if finding.applied { "[*] " } else { "" };
    let label = match finding.replacement.as_deref() {
        Some("") => "delete this".to_owned(),
        Some(r) => format!("replace with {r:?}"),
        None => String::new(),
    };
    let mut notes = Vec::new();
    if !finding.applied {
        match (&finding.replacement, rule.safety) {
            (Some(_), Safety::Review) => notes.push(
                "help: a review suggestion: check it, then apply with `mtfix fix --review`"
                    .to_owned(),
            ),
            (None, _) => notes.push("help: flagged only: there is no automatic fix".to_owned()),
            (Some(_), Safety::Safe) => {}
        }
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
    all: Vec<JsonFinding<'e>>,
}

/// One finding as JSON (DESIGN.md's fields).
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: String,
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
    found: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement: Option<String>,
    fixable: bool,
    /// Rules that rewrote this finding's output afterwards (present only when rules chain).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    chained: Vec<&'a str>,
}

impl<'e> Reporter for Json<'e> {
    fn file(
        &mut self,
        out: &mut Stdout,
        path: &str,
        text: &str,
        findings: &[Finding],
    ) -> io::Result<()> {
        let index = LineIndex::new(text);
        for finding in findings {
            let rule: &'e Rule = self.engine.rule(finding.rule);
            let (line, column) = index.line_col(finding.span.start);
            let (end_line, end_column) = index.line_col(finding.span.end);
            let object = JsonFinding {
                path: path.to_owned(),
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
                found: text[finding.span.clone()].to_owned(),
                replacement: finding.replacement.clone(),
                fixable: finding.applied,
                chained: finding
                    .chained
                    .iter()
                    .map(|&r| self.engine.rule(r).id.as_str())
                    .collect(),
            };
            if self.lines {
                serde_json::to_writer(&mut out.out, &object)?;
                out.out.write_all(b"\n")?;
            } else {
                self.all.push(object);
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut Stdout, _totals: &Totals) -> io::Result<()> {
        if !self.lines {
            serde_json::to_writer_pretty(&mut out.out, &self.all)?;
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
