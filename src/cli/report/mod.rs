//! Everything mtfix prints on stdout: one reporter per findings format behind the [`Reporter`] trait, built by
//! [`reporter`] from the `--format`, plus the listings of `rules`, `explain`, `config show`, `glossary test` and
//! `glossary lint`, diffs and fixed text.
//!
//! All writes go through [`Stdout`], a locked handle whose errors are returned, never panicked on: a closed
//! pipe (`mtfix check | head`) surfaces as `ErrorKind::BrokenPipe`, which `main` turns into a quiet exit.
//!
//! Layering inside: `stdout`, `status` and `pretty` import nothing of the CLI but `args`; `reporter` (the trait and
//! what every format shares) and `locate` (what the CI formats share) sit on them; one file per format on those;
//! this file, which builds the reporter for a format, on top. No module here imports one that imports it.

mod config;
mod explain;
mod github;
mod gitlab;
mod glossary;
mod human;
mod json;
mod jsonl;
mod junit;
mod locate;
mod pretty;
mod reporter;
mod rules;
mod sarif;
mod status;
mod stdout;

pub(crate) use config::config;
pub(crate) use explain::explain;
pub(crate) use glossary::{diagnostics, lint, selftest};
pub(crate) use reporter::{Part, Report, Reporter, Totals, plural};
pub(crate) use rules::rules;
pub(crate) use status::status;
pub(crate) use stdout::Stdout;

use mtfix::Engine;

use crate::cli::args::Format;

/// The reporter for `format` (`color`: ANSI colours in `human`; `quiet`: no summary line or notice).
pub(crate) fn reporter<'e>(
    format: Format,
    engine: &'e Engine,
    color: bool,
    quiet: bool,
) -> Box<dyn Reporter + 'e> {
    match format {
        Format::Human => Box::new(human::Human::new(engine, color, quiet)),
        Format::Json => Box::new(json::Json::new(engine)),
        Format::Jsonl => Box::new(jsonl::Jsonl::new(engine)),
        Format::Sarif => Box::new(sarif::Sarif::new(engine)),
        Format::Github => Box::new(github::Github::new(engine, quiet)),
        Format::Junit => Box::new(junit::Junit::new(engine)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(engine)),
    }
}
