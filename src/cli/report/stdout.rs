//! The process's stdout as every command writes to it: [`Stdout`], a locked handle whose errors are returned,
//! never panicked on (a closed pipe, `mtfix check | head`, surfaces as `ErrorKind::BrokenPipe`, which `main` turns
//! into a quiet exit), and [`write_json`] for the listings that print a JSON array or JSON Lines.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::args::Format;

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

/// Writes `items` as one pretty JSON array (`json` and the other non-human formats) or one object per line
/// (`jsonl`).
///
/// # Errors
/// An item cannot be serialised, or writing fails.
pub(crate) fn write_json<T: Serialize>(
    out: &mut Stdout,
    format: Format,
    items: &[T],
) -> io::Result<()> {
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
