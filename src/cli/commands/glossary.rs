//! `mtfix glossary fmt|import|test|lint`: the commands that work on glossary files rather than on text.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::load::glossaries_for;
use crate::cli::args::{Common, ImportFormat};
use crate::cli::exit::{Status, note, warn};
use crate::cli::interrupt;
use crate::cli::report::{self, Stdout, plural};
use crate::cli::settings::Ctx;

/// `mtfix glossary fmt [--check] FILE...`: rewrite each file in canonical form (only when it changes), or with
/// `--check` name the files that are not canonical and exit 1.
pub(crate) fn fmt(files: &[PathBuf], check: bool) -> Result<Status> {
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
        let formatted = match mtfix::quality::fmt::format(&source, &name) {
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
pub(crate) fn import(
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
    let mut import =
        mtfix::import::import_file(file, format, &options, &mtfix::engine::EngineProbe)?;
    let lint = mtfix::quality::import_lint::warnings(&import, &file.display().to_string());
    import.warnings.extend(lint);
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

/// `mtfix glossary test [FILE...]`: every rule's examples and keep texts checked; exit 1 when one fails.
pub(crate) fn test(ctx: &Ctx<'_>, files: &[String]) -> Result<Status> {
    let glossaries = glossaries_for(ctx, files)?;
    let report = mtfix::quality::selftest::run(&glossaries)?;
    let mut out = Stdout::new();
    report::selftest(&mut out, &report, ctx.common.quiet)?;
    out.flush()?;
    Ok(if report.failures.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

/// `mtfix glossary lint [FILE...]`: the glossaries' issues; exit 1 when one is an error.
pub(crate) fn lint(ctx: &Ctx<'_>, files: &[String]) -> Result<Status> {
    let glossaries = glossaries_for(ctx, files)?;
    let issues = mtfix::quality::lint::lint(&glossaries);
    let mut out = Stdout::new();
    report::lint(&mut out, &issues, ctx.format, ctx.common.quiet)?;
    out.flush()?;
    let failed = issues
        .iter()
        .any(|i| i.severity == mtfix::quality::lint::LintSeverity::Error);
    Ok(if failed {
        Status::Findings
    } else {
        Status::Clean
    })
}
