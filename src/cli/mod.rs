//! The `mtfix` command line: parse arguments, load glossaries, build one engine, run the command, and map the
//! result to an exit code. This is the only place that uses `anyhow`; the library's errors are typed.
//!
//! Exit codes (DESIGN.md): 0 clean, or fixes written with nothing at `--fail-on` severity left; 1 findings remain
//! (for `check`, any finding at `--fail-on` severity or above, errors by default; for `fix --diff`, any change);
//! 2 usage, input or glossary error. A problem with one file is printed as `mtfix: PATH: message` and the run
//! goes on with the other files, ending with exit 2. Interrupted (Ctrl-C, `SIGTERM`) while rewriting files:
//! 128 + the signal number, after the files in progress are finished (see `interrupt`).

mod args;
mod excerpt;
mod files;
mod formats;
mod interrupt;
mod process;
mod report;
mod settings;

use settings::Ctx;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use mtfix::glossary::builtin;
use mtfix::{Engine, Glossary, Safety};
use rayon::prelude::*;

use args::{
    Cli, ColorWhen, Command, Common, ConfigCommand, Format, GlossaryCommand, ImportFormat,
    KindFilter, SafetyFilter,
};
use files::{Input, InputError};
use mtfix::suppress::Suppressions;
use process::{Doc, Step};
use report::{Part, Report, Stdout, Totals, plural};

/// How a run ended, in increasing order of gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Nothing left to do.
    Clean,
    /// Findings remain.
    Findings,
    /// Something could not be done.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

/// Runs mtfix with the process's arguments and returns its exit code.
pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are "errors" that go to stdout with code 0.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let result = run(&cli);
    if let Some(signal) = interrupt::received() {
        warn(&format!(
            "{}: stopped early; files not reached are untouched, and no file was half-written",
            interrupt::describe(signal)
        ));
        return ExitCode::from(interrupt::exit_code(signal));
    }
    match result {
        Ok(status) => status.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            warn(&describe(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, `outer: inner: ...`, leaving out a cause whose text the message already holds
/// (library errors such as `PATH: reason` carry their cause both in the text and as the source).
fn describe(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Prints `mtfix: message` on stderr (ignoring a closed stderr: there is nowhere left to complain).
fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "mtfix: {message}");
}

/// Prints a line on stderr, unless it is closed.
fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: &Cli) -> Result<Status> {
    let common = &cli.common;
    let ctx = &Ctx::new(common)?;
    match &cli.command {
        Command::Check { paths } => {
            let engine = engine(ctx)?;
            check(ctx, &engine, paths)
        }
        Command::Fix {
            paths,
            diff,
            stdout,
            review,
            jsonl,
            field,
            strict,
        } => {
            let engine = engine(ctx)?;
            let level = if *review {
                Safety::Review
            } else {
                Safety::Safe
            };
            if *jsonl {
                let field = field.as_deref().unwrap_or("text");
                return corpus(ctx, &engine, paths, field, level, *strict);
            }
            let mode = match (diff, stdout) {
                (true, _) => Mode::Diff,
                (false, true) => Mode::Stdout,
                (false, false) => Mode::InPlace,
            };
            fix(ctx, &engine, paths, level, mode)
        }
        Command::Rules {
            glossary,
            kind,
            safety,
        } => {
            let engine = engine(ctx)?;
            for name in glossary {
                if !engine
                    .rules()
                    .any(|r| r.id.split('/').next() == Some(name.as_str()))
                {
                    bail!(
                        "no loaded glossary named `{name}` (`mtfix rules` lists the loaded rules)"
                    );
                }
            }
            let selected: Vec<&mtfix::Rule> = engine
                .rules()
                .filter(|r| {
                    glossary.is_empty()
                        || glossary
                            .iter()
                            .any(|g| r.id.split('/').next() == Some(g.as_str()))
                })
                .filter(|r| {
                    kind.is_none_or(|k| {
                        r.kind.name()
                            == match k {
                                KindFilter::Term => "term",
                                KindFilter::Pattern => "pattern",
                                KindFilter::Line => "line",
                                KindFilter::Consistency => "consistency",
                            }
                    })
                })
                .filter(|r| {
                    safety.is_none_or(|s| {
                        r.safety
                            == match s {
                                SafetyFilter::Safe => Safety::Safe,
                                SafetyFilter::Review => Safety::Review,
                            }
                    })
                })
                .collect();
            let mut out = Stdout::new();
            report::rules(&mut out, &selected, ctx.format)?;
            out.flush()?;
            Ok(Status::Clean)
        }
        Command::Explain { rule } => explain(ctx, rule),
        Command::Config(ConfigCommand::Show) => {
            let mut out = Stdout::new();
            report::config(&mut out, &ctx.config_report(), ctx.format)?;
            out.flush()?;
            Ok(Status::Clean)
        }
        Command::Glossary(GlossaryCommand::Fmt { files, check }) => fmt(files, *check),
        Command::Glossary(GlossaryCommand::Import {
            file,
            from,
            output,
            name,
            source_lang,
            target_lang,
        }) => import(
            common,
            file,
            *from,
            output.as_deref(),
            mtfix::import::Options {
                name: name.clone(),
                source_lang: source_lang.clone(),
                target_lang: target_lang.clone(),
            },
        ),
        Command::Glossary(GlossaryCommand::Test { files }) => {
            let glossaries = glossaries_for(ctx, files)?;
            let report = mtfix::selftest::run(&glossaries)?;
            let mut out = Stdout::new();
            report::selftest(&mut out, &report, common.quiet)?;
            out.flush()?;
            Ok(if report.failures.is_empty() {
                Status::Clean
            } else {
                Status::Findings
            })
        }
        Command::Glossary(GlossaryCommand::Lint { files }) => {
            let glossaries = glossaries_for(ctx, files)?;
            let issues = mtfix::lint::lint(&glossaries);
            let mut out = Stdout::new();
            report::lint(&mut out, &issues, ctx.format, common.quiet)?;
            out.flush()?;
            let failed = issues
                .iter()
                .any(|i| i.severity == mtfix::lint::LintSeverity::Error);
            Ok(if failed {
                Status::Findings
            } else {
                Status::Clean
            })
        }
    }
}

/// The active glossaries: the built-ins (unless `--no-builtin` or the config's `builtin = false`), then the
/// config's `glossaries`, then every `-g`, in order; the config's `disable`, `[severity]` and `[safety]` applied.
fn active_glossaries(ctx: &Ctx<'_>) -> Result<Vec<Glossary>> {
    let common = ctx.common;
    let mut names: Vec<String> = Vec::new();
    if ctx.builtin() {
        names.extend(builtin::names().into_iter().map(str::to_owned));
    }
    for g in ctx
        .config
        .glossaries
        .iter()
        .map(|g| &g.value)
        .chain(&common.glossaries)
    {
        // `-g cn-news` on top of the default built-ins is not a duplicate.
        if !names.contains(g) {
            names.push(g.clone());
        }
    }
    // Loaded on all cores (unless `--threads 1`): parsing the built-ins' half a megabyte of TOML is a good part of
    // what checking one short file costs. Errors are still those of the first glossary in order that fails.
    let load = |n: &String| Glossary::load(n);
    let loaded: Vec<_> = if threads(ctx) == 1 {
        names.iter().map(load).collect()
    } else {
        names.par_iter().with_max_len(1).map(load).collect()
    };
    let mut glossaries = names
        .iter()
        .zip(loaded)
        .map(|(n, loaded)| {
            loaded.map_err(|e| match config_context(ctx, n) {
                Some(context) => anyhow::Error::new(e).context(context),
                None => e.into(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for warning in ctx.config.apply(&mut glossaries) {
        warn(&format!("warning: {warning}"));
    }
    Ok(glossaries)
}

/// Names the config file when a glossary it lists fails to load.
fn config_context(ctx: &Ctx<'_>, name: &str) -> Option<String> {
    let listed = ctx.config.glossaries.iter().find(|g| g.value == name)?;
    Some(match &listed.place {
        Some(place) => format!("{place}: glossary listed in the config file"),
        None => "glossary listed in the config file".to_owned(),
    })
}

/// `glossary test|lint FILE...`: the `-g` glossaries and FILEs (no built-ins unless named, no config); with no
/// FILE, the active glossaries.
fn glossaries_for(ctx: &Ctx<'_>, files: &[String]) -> Result<Vec<Glossary>> {
    if files.is_empty() {
        return active_glossaries(ctx);
    }
    let mut names: Vec<&String> = Vec::new();
    for n in ctx.common.glossaries.iter().chain(files) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.iter().map(|n| Ok(Glossary::load(n)?)).collect()
}

fn engine(ctx: &Ctx<'_>) -> Result<Engine> {
    let glossaries = active_glossaries(ctx)?;
    if glossaries.is_empty() {
        bail!("no glossary loaded: --no-builtin needs at least one -g NAME|PATH");
    }
    let engine = Engine::new(&glossaries)?;
    // Regexes compile on first use; those of the user's own glossaries compile now, so that one over the size
    // limit is an error up front rather than a rule that never matches.
    let own: Vec<&str> = glossaries
        .iter()
        .filter(|g| !mtfix::glossary::builtin::is_builtin_file(&g.file))
        .map(|g| g.file.as_str())
        .collect();
    if !own.is_empty() {
        engine.compile_rules(|rule| own.contains(&rule.place.file.as_str()))?;
    }
    Ok(engine)
}

fn color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn input_error(err: &InputError) {
    warn(&format!("{}: {}", err.path, err.message));
}

/// Expands PATHs into inputs (folders walked for files with one of `extensions`), reporting walk errors (which
/// make the run end with exit 2).
fn expand(
    ctx: &Ctx<'_>,
    paths: &[PathBuf],
    extensions: &[&str],
    status: &mut Status,
) -> Vec<Input> {
    let walk = &ctx.common.walk;
    let options = files::WalkOptions {
        exclude: ctx.exclude.as_ref(),
        globs: &walk.globs,
        hidden: walk.hidden,
        stdin_filename: walk.stdin_filename.as_deref(),
        extensions,
    };
    let (inputs, errors) = files::collect_inputs(paths, &options);
    for err in &errors {
        input_error(err);
        *status = Status::Error;
    }
    inputs
}

/// Handles what every command does with a step that is not a processed document: a skipped file is a warning,
/// a failed one an error (exit 2). Returns the rendered document, if any.
fn document<T>(step: Step<T>, status: &mut Status) -> Option<T> {
    match step {
        Step::Done(doc) => Some(doc),
        Step::Skipped(skip) => {
            warn(&format!("warning: {}: {}", skip.path, skip.message));
            None
        }
        Step::Failed(err) => {
            input_error(&err);
            *status = Status::Error;
            None
        }
        Step::Interrupted => None,
    }
}

/// `--threads`, 0 meaning all cores.
fn threads(ctx: &Ctx<'_>) -> usize {
    ctx.common.walk.threads.unwrap_or(0)
}

/// `fix --jsonl`: every input (files in the order given, or stdin) as one JSON Lines stream to stdout.
fn corpus(
    ctx: &Ctx<'_>,
    engine: &Engine,
    paths: &[PathBuf],
    field: &str,
    level: Safety,
    strict: bool,
) -> Result<Status> {
    let options = mtfix::FixOptions::new(level);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut totals = mtfix::corpus::CorpusStats::default();
    let mut status = Status::Clean;
    let files: Vec<PathBuf> = expand(ctx, paths, &["jsonl"], &mut status)
        .into_iter()
        .filter_map(|input| match input {
            Input::File { path, .. } => Some(path),
            Input::Stdin { .. } => None,
        })
        .collect();
    let stdin_only = paths.is_empty() || paths.iter().all(|p| p.as_os_str() == "-");
    let sources: Vec<Option<&PathBuf>> = if stdin_only {
        vec![None]
    } else {
        files.iter().map(Some).collect()
    };
    for source in sources {
        let name = source.map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string());
        let result = match source {
            None => mtfix::corpus::fix_jsonl(
                engine,
                &options,
                field,
                strict,
                io::stdin().lock(),
                &mut out,
            ),
            Some(path) => {
                let file = std::fs::File::open(path).with_context(|| name.clone())?;
                mtfix::corpus::fix_jsonl(
                    engine,
                    &options,
                    field,
                    strict,
                    io::BufReader::new(file),
                    &mut out,
                )
            }
        };
        let stats = match result {
            Ok(stats) => stats,
            Err(mtfix::corpus::CorpusError::Io(err)) => {
                return Err(anyhow::Error::new(err).context(name));
            }
            Err(err) => {
                warn(&format!("{name}: {err}"));
                return Ok(Status::Error);
            }
        };
        if stats.skipped > 0 && !ctx.common.quiet {
            warn(&format!(
                "{name}: {} line(s) passed through unchanged (not a JSON object with a string at `{field}`), first at line(s) {}",
                stats.skipped,
                stats
                    .first_skipped
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        totals.lines += stats.lines;
        totals.changed += stats.changed;
        totals.edits += stats.edits;
    }
    out.flush()?;
    if !ctx.common.quiet {
        note(&format!(
            "fixed {} issue(s) in {} of {} record(s)",
            totals.edits, totals.changed, totals.lines
        ));
    }
    Ok(status)
}

/// What `check` prints about one document, rendered on a worker thread.
struct Checked {
    /// Its findings, for the totals, `--statistics` and the exit code.
    findings: Vec<mtfix::Finding>,
    /// Its report.
    part: io::Result<Part>,
    /// Warnings about its suppression comments, for stderr.
    warnings: Vec<String>,
}

fn check(ctx: &Ctx<'_>, engine: &Engine, paths: &[PathBuf]) -> Result<Status> {
    let common = ctx.common;
    let mut status = Status::Clean;
    let mut out = Stdout::new();
    let reporter = report::reporter(ctx.format, engine, color(common.color), common.quiet);
    let mut report = Report::new(&*reporter);
    let mut totals = Totals::default();
    let mut stats = Statistics::default();
    let inputs = expand(ctx, paths, files::TEXT_EXTENSIONS, &mut status);
    let job = process::Job {
        engine,
        level: Safety::Safe,
        write: false,
        changed_since: common.walk.changed_since.as_deref(),
    };
    let render = |doc: Doc| Checked {
        warnings: unused_suppressions(
            &doc.path,
            &doc.text,
            &doc.suppressions,
            &doc.outcome.suppressions_used,
        ),
        part: reporter.render(
            &doc.path,
            &doc.text,
            &doc.outcome.findings,
            doc.outcome.level,
        ),
        findings: doc.outcome.findings,
    };
    process::run(&job, inputs, threads(ctx), render, |step| {
        let Some(checked) = document(step, &mut status) else {
            return Ok(());
        };
        for warning in &checked.warnings {
            warn(warning);
        }
        let findings = &checked.findings;
        totals.add(engine, findings, job.level);
        stats.add(engine, findings, job.level);
        if findings
            .iter()
            .any(|f| common.fail_on.fails(engine.rule(f.rule).severity))
        {
            status = status.max(Status::Findings);
        }
        report.print(&mut out, checked.part?)?;
        Ok(())
    })?;
    report.finish(&mut out, &totals)?;
    out.flush()?;
    if common.statistics {
        stats.print();
    }
    Ok(status)
}

/// Findings per rule, for `--statistics`.
#[derive(Debug, Default)]
struct Statistics {
    /// (rule id, severity) → (findings, fixable).
    counts: std::collections::BTreeMap<String, (mtfix::Severity, usize, usize)>,
}

impl Statistics {
    fn add(&mut self, engine: &Engine, findings: &[mtfix::Finding], level: Safety) {
        for finding in findings {
            let rule = engine.rule(finding.rule);
            let entry = self
                .counts
                .entry(rule.id.clone())
                .or_insert((rule.severity, 0, 0));
            entry.1 += 1;
            entry.2 += usize::from(finding.status(level) == mtfix::Status::Applied);
        }
    }

    /// The table on stderr, most frequent rule first (ties by id), and a total line.
    fn print(&self) {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(b.0)));
        note(&format!(
            "{:>6}  {:>7}  {:8}  rule",
            "count", "fixable", "severity"
        ));
        let (mut all, mut fixable) = (0, 0);
        for (id, (severity, n, f)) in rows {
            note(&format!("{n:>6}  {f:>7}  {:8}  {id}", severity.to_string()));
            all += n;
            fixable += f;
        }
        note(&format!("{all:>6}  {fixable:>7}  {:8}  (total)", ""));
    }
}

/// Warnings about suppression comments that switched nothing off, and `enable` comments that closed nothing
/// (`warning: PATH:LINE:COL: unused suppression `...``), in the order of the text.
fn unused_suppressions(
    path: &str,
    text: &str,
    suppressions: &Suppressions,
    used: &[bool],
) -> Vec<String> {
    let mut notes: Vec<(usize, String)> = suppressions
        .unused(used)
        .into_iter()
        .map(|d| {
            (
                d.span.start,
                format!("unused suppression `{}`: no finding to switch off", d.text),
            )
        })
        .collect();
    notes.extend(suppressions.stray_enables.iter().map(|&i| {
        let d = &suppressions.directives[i];
        (
            d.span.start,
            format!("`{}` ends no `mtfix-disable` region", d.text),
        )
    }));
    if notes.is_empty() {
        return Vec::new(); // the usual case: no need to index the lines
    }
    notes.sort();
    let index = mtfix::position::LineIndex::new(text);
    notes
        .into_iter()
        .map(|(offset, message)| {
            let (line, column) = index.line_col(offset);
            format!("warning: {path}:{line}:{column}: {message}")
        })
        .collect()
}

/// `mtfix glossary fmt [--check] FILE...`: rewrite each file in canonical form (only when it changes), or with
/// `--check` name the files that are not canonical and exit 1.
fn fmt(files: &[PathBuf], check: bool) -> Result<Status> {
    let mut status = Status::Clean;
    interrupt::install().context("cannot install the Ctrl-C handler")?;
    for path in files {
        if interrupt::received().is_some() {
            break;
        }
        let name = path.display().to_string();
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(err) => {
                warn(&format!("{name}: {err}"));
                status = Status::Error;
                continue;
            }
        };
        let formatted = match mtfix::glossary_fmt::format(&source, &name) {
            Ok(formatted) => formatted,
            Err(err) => {
                warn(&format!("{err}"));
                status = Status::Error;
                continue;
            }
        };
        if formatted == source {
            continue;
        }
        if check {
            note(&format!(
                "{name}: not in canonical form (run `mtfix glossary fmt {name}`)"
            ));
            status = status.max(Status::Findings);
        } else {
            if let Err(err) =
                mtfix::safe_write::replace(path, source.as_bytes(), formatted.as_bytes())
            {
                warn(&format!("{name}: not formatted: {err}"));
                status = Status::Error;
                continue;
            }
            note(&format!("formatted {name}"));
        }
    }
    Ok(status)
}

/// `mtfix glossary import FILE [--from FORMAT] [-o OUT]`: errors and warnings on stderr; the glossary on stdout
/// or in OUT (nothing written when there are errors: exit 2).
fn import(
    common: &Common,
    file: &std::path::Path,
    from: Option<ImportFormat>,
    output: Option<&std::path::Path>,
    options: mtfix::import::Options,
) -> Result<Status> {
    let format = from.map(|f| match f {
        ImportFormat::Tbx => mtfix::import::Format::Tbx,
        ImportFormat::Csv => mtfix::import::Format::Csv,
        ImportFormat::Tsv => mtfix::import::Format::Tsv,
    });
    let import = mtfix::import::import_file(file, format, &options)?;
    report::diagnostics(&import.errors, &import.warnings);
    if !import.errors.is_empty() {
        bail!(
            "{}: {} not imported; nothing written",
            file.display(),
            plural(import.errors.len(), "problem")
        );
    }
    match output {
        Some(out) => {
            mtfix::safe_write::create(out, import.toml.as_bytes())
                .with_context(|| format!("{}", out.display()))?;
            if !common.quiet {
                note(&format!(
                    "wrote {} ({}) to {}",
                    import.name,
                    plural(import.rules, "rule"),
                    out.display()
                ));
            }
        }
        None => {
            let mut out = Stdout::new();
            out.text(&import.toml)?;
            out.flush()?;
        }
    }
    Ok(Status::Clean)
}

/// What `fix` prints about one document, rendered on a worker thread.
struct Fixed {
    /// Its name in messages.
    path: String,
    /// Whether it was read from stdin.
    stdin: bool,
    /// Whether fixing changed it.
    changed: bool,
    /// Whether it was written in place.
    written: bool,
    /// Its findings, for the totals, `--statistics` and the exit code.
    findings: Vec<mtfix::Finding>,
    /// What goes to stdout: the diff or report (`--diff`), or the fixed text (`--stdout`, stdin).
    part: io::Result<Part>,
}

/// Where `fix` puts its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Rewrite files (stdin goes to stdout).
    InPlace,
    /// Fixed text on stdout.
    Stdout,
    /// A unified diff (or the findings, with `--format json|jsonl`) on stdout; nothing written.
    Diff,
}

fn fix(
    ctx: &Ctx<'_>,
    engine: &Engine,
    paths: &[PathBuf],
    level: Safety,
    mode: Mode,
) -> Result<Status> {
    let common = ctx.common;
    let mut status = Status::Clean;
    let mut out = Stdout::new();
    let reporter = report::reporter(ctx.format, engine, color(common.color), true);
    let mut report = Report::new(&*reporter);
    let mut totals = Totals::default();
    let mut stats = Statistics::default();
    // The fixed text of several documents on stdout cannot be told apart: `--stdout` takes files, not folders.
    let (folders, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|p| mode == Mode::Stdout && p.is_dir());
    for folder in &folders {
        warn(&format!(
            "{}: is a folder: `fix --stdout` prints fixed text without file names, so it takes files; fix a folder in place with `mtfix fix DIR`, or preview it with `mtfix fix --diff DIR`",
            folder.display()
        ));
        status = Status::Error;
    }
    if paths.is_empty() && !folders.is_empty() {
        return Ok(status); // not stdin: the user named only folders
    }
    let inputs = expand(ctx, &paths, files::TEXT_EXTENSIONS, &mut status);
    let job = process::Job {
        engine,
        level,
        write: mode == Mode::InPlace,
        changed_since: common.walk.changed_since.as_deref(),
    };
    // Rewriting files: Ctrl-C lets the writes in progress finish. (Not when reading stdin, which may be a terminal
    // that Ctrl-C must still end.)
    if job.write && inputs.iter().all(|i| matches!(i, Input::File { .. })) {
        interrupt::install().context("cannot install the Ctrl-C handler")?;
    }
    let human = ctx.format == Format::Human;
    let render = |doc: Doc| {
        let stdin = matches!(doc.input, Input::Stdin { .. });
        let changed = doc.outcome.text != doc.text;
        let part = match (mode, stdin) {
            (Mode::Diff, _) if human => Ok(Part {
                now: files::unified_diff(&doc.path, &doc.text, &doc.outcome.text).into_bytes(),
                held: Vec::new(),
            }),
            (Mode::Diff, _) => reporter.render(&doc.path, &doc.text, &doc.outcome.findings, level),
            (Mode::Stdout, _) | (Mode::InPlace, true) => Ok(Part {
                now: doc.outcome.text.into_bytes(),
                held: Vec::new(),
            }),
            (Mode::InPlace, false) => Ok(Part::default()), // written by the worker: nothing to print
        };
        Fixed {
            path: doc.path,
            stdin,
            changed,
            written: doc.written,
            findings: doc.outcome.findings,
            part,
        }
    };
    process::run(&job, inputs, threads(ctx), render, |step| {
        let Some(fixed) = document(step, &mut status) else {
            return Ok(());
        };
        let (path, findings, changed) = (&fixed.path, &fixed.findings, fixed.changed);
        let applied = findings
            .iter()
            .filter(|f| f.status(level) == mtfix::Status::Applied)
            .count();
        stats.add(engine, findings, level);
        if mode == Mode::Diff && !human {
            totals.add(engine, findings, level);
        }
        report.print(&mut out, fixed.part?)?;
        match (mode, fixed.stdin) {
            (Mode::Diff, _) => {
                if changed {
                    if common.fail_on != args::FailOn::Never {
                        status = status.max(Status::Findings);
                    }
                    if !common.quiet {
                        note(&format!("would fix {} in {path}", plural(applied, "issue")));
                    }
                }
            }
            (Mode::Stdout, _) | (Mode::InPlace, true) => {
                if changed && !common.quiet {
                    note(&format!("fixed {} in {path}", plural(applied, "issue")));
                }
            }
            (Mode::InPlace, false) => {
                if fixed.written && !common.quiet {
                    note(&format!("fixed {} in {path}", plural(applied, "issue")));
                }
            }
        }
        let left = findings
            .iter()
            .filter(|f| {
                f.status(level) != mtfix::Status::Applied
                    && common.fail_on.fails(engine.rule(f.rule).severity)
            })
            .count();
        if left > 0 {
            status = status.max(Status::Findings);
            if !common.quiet && mode != Mode::Diff {
                note(&format!(
                    "{} left in {path} that `fix` does not apply: see `mtfix check`",
                    plural(left, "issue")
                ));
            }
        }
        Ok(())
    })?;
    if mode == Mode::Diff {
        report.finish(&mut out, &totals)?;
    }
    out.flush()?;
    if common.statistics {
        stats.print();
    }
    Ok(status)
}

fn explain(ctx: &Ctx<'_>, id: &str) -> Result<Status> {
    let engine = engine(ctx)?;
    let rule = match engine.find_rule(id) {
        Some(rule) => rule,
        None => {
            let suffix = format!("/{id}");
            let matches: Vec<_> = engine.rules().filter(|r| r.id.ends_with(&suffix)).collect();
            match matches.as_slice() {
                [one] => *one,
                [] => {
                    let hint = closest(id, engine.rules().map(|r| r.id.as_str()))
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                    bail!("unknown rule `{id}`{hint} (`mtfix rules` lists them all)");
                }
                many => {
                    let ids: Vec<_> = many.iter().map(|r| format!("`{}`", r.id)).collect();
                    bail!("rule `{id}` is ambiguous: {}", ids.join(", "));
                }
            }
        }
    };
    let mut out = Stdout::new();
    report::explain(&mut out, rule, ctx.format)?;
    out.flush()?;
    Ok(Status::Clean)
}

/// The candidate closest to `wanted` by edit distance (comparing full ids and the part after `/`), if close.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            let short = c.rsplit('/').next().unwrap_or(c);
            (levenshtein(wanted, c).min(levenshtein(wanted, short)), c)
        })
        .filter(|(d, _)| *d <= (wanted.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, levenshtein};

    #[test]
    fn suggestions_use_edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        let ids = [
            "cn-news/xiongan-new-area",
            "punctuation/fullwidth-full-stop",
        ];
        assert_eq!(
            closest("xiongan-new-aera", ids.into_iter()),
            Some("cn-news/xiongan-new-area")
        );
        assert_eq!(closest("zzz", ids.into_iter()), None);
    }
}
