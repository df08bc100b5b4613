//! The `mtfix` command line: parse arguments, load glossaries, build one engine, run the command, and map the
//! result to an exit code. This is the only place that uses `anyhow`; the library's errors are typed.
//!
//! Exit codes (the README's "Exit codes"): 0 clean, or fixes written with nothing at `--fail-on` severity left; 1 findings remain
//! (for `check`, any finding at `--fail-on` severity or above, errors by default; for `fix --diff`, any change);
//! 2 usage, input or glossary error. A problem with one file is printed as `mtfix: PATH: message` and the run
//! goes on with the other files, ending with exit 2. Interrupted (Ctrl-C, `SIGTERM`) while rewriting files:
//! 128 + the signal number, after the files in progress are finished (see `interrupt`).
//!
//! This file only parses the arguments and hands them to the command's module in `commands/`; what the commands
//! print is in `report/`. Layering, bottom to top: `args`, `exit`, `settings`, `excerpt`, `interrupt`, `files`,
//! `process`, `report`, `commands`, this file; no module imports one that imports it.

mod args;
mod commands;
mod excerpt;
mod exit;
mod files;
mod interrupt;
mod process;
mod report;
mod settings;

use settings::Ctx;

use std::io;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use mtfix::Safety;

use args::{Cli, Command, ConfigCommand, GlossaryCommand};
use commands::fix::Mode;
use commands::{check, config, corpus, explain, fix, glossary, load, rules};
use exit::{Status, warn};

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

/// Whether the error is a closed pipe (`mtfix check | head`): the run then ends quietly, with exit 0.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Runs the command `cli` names.
fn run(cli: &Cli) -> Result<Status> {
    let common = &cli.common;
    let ctx = &Ctx::new(common)?;
    match &cli.command {
        Command::Check { paths } => {
            let engine = load::engine(ctx)?;
            check::run(ctx, &engine, paths)
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
            let engine = load::engine(ctx)?;
            let level = if *review {
                Safety::Review
            } else {
                Safety::Safe
            };
            if *jsonl {
                let field = field.as_deref().unwrap_or("text");
                return corpus::run(ctx, &engine, paths, field, level, *strict);
            }
            let mode = match (diff, stdout) {
                (true, _) => Mode::Diff,
                (false, true) => Mode::Stdout,
                (false, false) => Mode::InPlace,
            };
            fix::run(ctx, &engine, paths, level, mode)
        }
        Command::Rules {
            glossary,
            kind,
            safety,
        } => rules::run(ctx, glossary, *kind, *safety),
        Command::Explain { rule } => explain::run(ctx, rule),
        Command::Config(ConfigCommand::Show) => config::show(ctx),
        Command::Glossary(GlossaryCommand::Fmt { files, check }) => glossary::fmt(files, *check),
        Command::Glossary(GlossaryCommand::Import {
            file,
            from,
            output,
            name,
            source_lang,
            target_lang,
        }) => glossary::import(
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
        Command::Glossary(GlossaryCommand::Test { files }) => glossary::test(ctx, files),
        Command::Glossary(GlossaryCommand::Lint { files }) => glossary::lint(ctx, files),
    }
}
