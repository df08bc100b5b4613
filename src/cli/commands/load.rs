//! The glossaries a command works with and the engine built from them: the built-ins, the config's and `-g`'s
//! glossaries loaded (on all cores) with the config applied, or the files `glossary test|lint` names.

use anyhow::{Result, bail};
use mtfix::glossary::builtin;
use mtfix::{Engine, Glossary};
use rayon::prelude::*;

use super::shared::threads;
use crate::cli::exit::warn;
use crate::cli::settings::Ctx;

/// The active glossaries: the built-ins (unless `--no-builtin` or the config's `builtin = false`), then the
/// config's `glossaries`, then every `-g`, in order; the config's `disable`, `[severity]` and `[safety]` applied.
pub(crate) fn active_glossaries(ctx: &Ctx<'_>) -> Result<Vec<Glossary>> {
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
    let load = |n: &String| mtfix::load_glossary(n);
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
pub(crate) fn glossaries_for(ctx: &Ctx<'_>, files: &[String]) -> Result<Vec<Glossary>> {
    if files.is_empty() {
        return active_glossaries(ctx);
    }
    let mut names: Vec<&String> = Vec::new();
    for n in ctx.common.glossaries.iter().chain(files) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.iter().map(|n| Ok(mtfix::load_glossary(n)?)).collect()
}

/// The engine of the active glossaries, the user's own rules compiled up front.
pub(crate) fn engine(ctx: &Ctx<'_>) -> Result<Engine> {
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
