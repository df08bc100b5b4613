//! Corpus mode: fixing one string field of every record of a JSON Lines stream, on all cores, in bounded memory.
//!
//! Data teams clean gigabytes of MT output stored as JSONL. Each record is a line; the field to fix is named by a
//! dotted path (`text`, `doc.body`). Everything else in the line is kept byte for byte: the field's value is found
//! by its position in the line (serde_json's borrowed `RawValue` points into the line) and only that value is
//! re-encoded, so key order, spacing, number formatting and escapes elsewhere never change. Lines are read in
//! batches of bounded size, fixed in parallel (rayon), and written in input order, so memory depends on the batch
//! size, not on the input.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde_json::value::RawValue;

use crate::engine::{Engine, FixOptions};

/// How much input (bytes) is read before a batch is fixed in parallel and written out.
pub const BATCH_BYTES: usize = 8 << 20;

/// What happened to a stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Lines read.
    pub lines: usize,
    /// Records whose field was changed.
    pub changed: usize,
    /// Edits applied, over all records.
    pub edits: usize,
    /// Lines passed through unchanged because they are not a JSON object with that string field (or not UTF-8,
    /// or empty).
    pub skipped: usize,
    /// The first skipped line numbers (at most 10), for the warning.
    pub first_skipped: Vec<usize>,
}

/// Why a corpus could not be processed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// In strict mode, a line is not a JSON object with the field.
    #[error("line {line}: {reason}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The engine failed on a record.
    #[error("line {line}: {source}")]
    Engine {
        /// 1-based line number.
        line: usize,
        /// The engine's error.
        source: crate::Error,
    },
}

/// Fixes field `path` (dotted) of every JSON Lines record from `input`, writing every line to `output` in input
/// order. A line that is not a JSON object holding a string at `path` is written unchanged and counted as skipped,
/// or, with `strict`, stops the run with [`CorpusError::BadLine`].
///
/// # Errors
/// I/O errors, a bad line in strict mode, or an engine error (rules that do not converge).
pub fn fix_jsonl(
    engine: &Engine,
    options: &FixOptions,
    path: &str,
    strict: bool,
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<CorpusStats, CorpusError> {
    let keys: Vec<&str> = path.split('.').collect();
    let mut stats = CorpusStats::default();
    loop {
        // Whole lines with their endings (`\n`, `\r\n`, or none at the end of the input), as bytes.
        let mut batch: Vec<Vec<u8>> = Vec::new();
        let mut bytes = 0;
        while bytes < BATCH_BYTES {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            bytes += line.len();
            batch.push(line);
        }
        if batch.is_empty() {
            break;
        }
        let first_line = stats.lines + 1;
        let results: Vec<Result<Record, CorpusError>> = batch
            .par_iter()
            .enumerate()
            .map(|(i, line)| fix_line(engine, options, &keys, line, first_line + i))
            .collect();
        for (i, result) in results.into_iter().enumerate() {
            let number = first_line + i;
            match result? {
                Record::Fixed {
                    line: Some(line),
                    edits,
                } => {
                    stats.changed += 1;
                    stats.edits += edits;
                    output.write_all(&line)?;
                }
                Record::Fixed { line: None, .. } => output.write_all(&batch[i])?,
                Record::Skipped(reason) => {
                    if strict {
                        return Err(CorpusError::BadLine {
                            line: number,
                            reason,
                        });
                    }
                    stats.skipped += 1;
                    if stats.first_skipped.len() < 10 {
                        stats.first_skipped.push(number);
                    }
                    output.write_all(&batch[i])?;
                }
            }
        }
        stats.lines += batch.len();
    }
    output.flush()?;
    Ok(stats)
}

enum Record {
    /// The line with the field fixed and its ending kept (`None`: unchanged), and how many edits were applied.
    Fixed { line: Option<Vec<u8>>, edits: usize },
    /// Why the line was passed through.
    Skipped(String),
}

fn fix_line(
    engine: &Engine,
    options: &FixOptions,
    keys: &[&str],
    bytes: &[u8],
    number: usize,
) -> Result<Record, CorpusError> {
    let Ok(line) = std::str::from_utf8(bytes) else {
        return Ok(Record::Skipped("not valid UTF-8".to_owned()));
    };
    let content = line.trim_end_matches(['\n', '\r']);
    if content.trim().is_empty() {
        return Ok(Record::Skipped("empty line".to_owned()));
    }
    let Some((start, raw)) = locate(content, keys) else {
        return Ok(Record::Skipped(format!(
            "not a JSON object with a string at `{}`",
            keys.join(".")
        )));
    };
    let Ok(text) = serde_json::from_str::<String>(raw) else {
        return Ok(Record::Skipped(format!(
            "`{}` is not a string",
            keys.join(".")
        )));
    };
    let outcome = engine
        .fix_with(&text, options)
        .map_err(|source| CorpusError::Engine {
            line: number,
            source,
        })?;
    let edits = outcome.applied().count();
    if outcome.text == text {
        return Ok(Record::Fixed {
            line: None,
            edits: 0,
        });
    }
    let encoded = serde_json::to_string(&outcome.text).map_err(io::Error::other)?;
    let mut fixed = Vec::with_capacity(bytes.len() + encoded.len());
    fixed.extend_from_slice(&bytes[..start]);
    fixed.extend_from_slice(encoded.as_bytes());
    fixed.extend_from_slice(&bytes[start + raw.len()..]);
    Ok(Record::Fixed {
        line: Some(fixed),
        edits,
    })
}

/// The byte offset and raw JSON text of the value at `keys` inside `line`.
fn locate<'a>(line: &'a str, keys: &[&str]) -> Option<(usize, &'a str)> {
    let mut raw: &'a str = line;
    for key in keys {
        let object: HashMap<std::borrow::Cow<'a, str>, &'a RawValue> =
            serde_json::from_str(raw).ok()?;
        raw = object.get(*key)?.get();
    }
    // `raw` borrows from `line`: its offset is the distance between the two.
    let start = raw.as_ptr() as usize - line.as_ptr() as usize;
    Some((start, raw))
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn values_are_located_in_the_line() {
        let line = r#"{"id": 1, "doc": {"text": "Xiong an", "n": 2.50}, "text": "top"}"#;
        let (start, raw) = locate(line, &["doc", "text"]).expect("nested field");
        assert_eq!(raw, r#""Xiong an""#);
        assert_eq!(&line[start..start + raw.len()], raw);
        assert_eq!(locate(line, &["text"]).map(|(_, r)| r), Some(r#""top""#));
        assert_eq!(locate(line, &["missing"]), None);
        assert_eq!(locate("not json", &["text"]), None);
        assert_eq!(locate("[1, 2]", &["text"]), None);
    }
}
