//! `mtfix fix --jsonl`: corpus mode, every input (files in the order given, or stdin) fixed as one JSON Lines
//! stream on stdout, with a count of records and fixes on stderr.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use mtfix::{Engine, Safety};

use super::shared::expand;
use crate::cli::exit::{Status, note, warn};
use crate::cli::files::Input;
use crate::cli::settings::Ctx;

/// `fix --jsonl`: every input (files in the order given, or stdin) as one JSON Lines stream to stdout.
pub(crate) fn run(
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
