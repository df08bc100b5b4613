//! `mtfix config show`: the effective settings and where each came from.

use anyhow::Result;

use crate::cli::exit::Status;
use crate::cli::report::{self, Stdout};
use crate::cli::settings::Ctx;

/// `mtfix config show`: one row per setting (or JSON), always exit 0.
pub(crate) fn show(ctx: &Ctx<'_>) -> Result<Status> {
    let mut out = Stdout::new();
    report::config(&mut out, &ctx.config_report(), ctx.format)?;
    out.flush()?;
    Ok(Status::Clean)
}
