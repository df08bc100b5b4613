//! `mtfix config show`: the effective settings with where each came from, as aligned rows or JSON.

use std::io::{self, Write};

use super::stdout::{Stdout, write_json};
use crate::cli::args::Format;
use crate::cli::settings::ConfigRow;

/// `mtfix config show`: `KEY  VALUE  ORIGIN` rows (or a JSON array of `{key, value, origin}`).
pub(crate) fn config(out: &mut Stdout, rows: &[ConfigRow], format: Format) -> io::Result<()> {
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
