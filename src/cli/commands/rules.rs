//! `mtfix rules`: list the loaded rules, narrowed to some glossaries, a kind or a safety level.

use anyhow::{Result, bail};
use clap::ValueEnum as _;
use mtfix::Safety;

use super::load;
use crate::cli::args::{KindFilter, SafetyFilter};
use crate::cli::exit::Status;
use crate::cli::report::{self, Stdout};
use crate::cli::settings::Ctx;

/// `mtfix rules [--glossary NAME]... [--kind KIND] [--safety SAFETY]`: the rules that pass every filter, in the
/// engine's order; an error when a `--glossary` names no loaded glossary.
pub(crate) fn run(
    ctx: &Ctx<'_>,
    glossary: &[String],
    kind: Option<KindFilter>,
    safety: Option<SafetyFilter>,
) -> Result<Status> {
    let engine = load::engine(ctx)?;
    for name in glossary {
        if !engine
            .rules()
            .any(|r| r.id.split('/').next() == Some(name.as_str()))
        {
            bail!("no loaded glossary named `{name}` (`mtfix rules` lists the loaded rules)");
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
            // The filter's name on the command line is the kind's name.
            kind.is_none_or(|k| {
                k.to_possible_value()
                    .is_some_and(|v| v.get_name() == r.kind.name())
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
