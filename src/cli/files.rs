//! Inputs on disk: which files to read, reading them as UTF-8 bytes-exactly (naming what they are when they are
//! not), and the unified diff of `fix --diff`. Fixes are written by [`mtfix::safe_write`].
//!
//! Text is sacred: a file is read as bytes, checked to be UTF-8 and handed to the engine unchanged (BOM, line
//! endings and final newline included); what is written back is exactly the engine's output.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::settings::Exclude;

/// Extensions picked up when a folder is walked (`.jsonl` only in corpus mode, `fix --jsonl`).
pub(crate) const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// One document to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// Standard input, reported as `<stdin>` or as its `--stdin-filename`.
    Stdin {
        /// `--stdin-filename`: the reported path, whose extension gives the syntax.
        name: Option<PathBuf>,
    },
    /// A file on disk.
    File {
        /// The path, as given or as found by walking.
        path: PathBuf,
        /// Found by walking a folder (not named on the command line): a binary or non-UTF-8 file is skipped with
        /// a warning instead of being an error.
        walked: bool,
    },
}

impl Input {
    /// The name used in reports: the path as given, the `--stdin-filename`, or `<stdin>`.
    pub(crate) fn display(&self) -> String {
        match self {
            Input::Stdin { name: None } => "<stdin>".to_owned(),
            Input::Stdin { name: Some(path) } | Input::File { path, .. } => {
                path.display().to_string()
            }
        }
    }

    /// The path on disk (or stdin's `--stdin-filename`), if any.
    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin { name } => name.as_deref(),
            Input::File { path, .. } => Some(path),
        }
    }

    /// The document's syntax, by the extension of its path or `--stdin-filename` (plain text otherwise).
    pub(crate) fn syntax(&self) -> mtfix::markup::Syntax {
        self.path()
            .map_or(mtfix::markup::Syntax::Plain, mtfix::markup::Syntax::of_path)
    }

    /// Sort key: stdin first, then files by path.
    fn key(&self) -> (bool, Option<&Path>) {
        match self {
            Input::Stdin { .. } => (false, None),
            Input::File { path, .. } => (true, Some(path)),
        }
    }
}

/// A problem with one input that does not stop the others (`mtfix: PATH: message`).
#[derive(Debug)]
pub(crate) struct InputError {
    /// The input's display name.
    pub(crate) path: String,
    /// What went wrong.
    pub(crate) message: String,
}

/// How folders are walked.
pub(crate) struct WalkOptions<'a> {
    /// The config's `exclude` globs.
    pub(crate) exclude: Option<&'a Exclude>,
    /// `--glob`s, ripgrep style (`!` excludes).
    pub(crate) globs: &'a [String],
    /// `--hidden`.
    pub(crate) hidden: bool,
    /// `--stdin-filename`.
    pub(crate) stdin_filename: Option<&'a Path>,
    /// The extensions to pick up.
    pub(crate) extensions: &'a [&'a str],
}

/// Expands the command-line PATHs into documents: no PATH or `-` is stdin, a file is taken as named, a folder is
/// walked like ripgrep does (honouring `.gitignore`, `.ignore` and hidden files, `--glob`s and the config's
/// `exclude` globs) for files with one of the wanted extensions.
///
/// Files come back in sorted path order, without duplicates, stdin first; walk problems come back as errors.
pub(crate) fn collect_inputs(
    paths: &[PathBuf],
    options: &WalkOptions<'_>,
) -> (Vec<Input>, Vec<InputError>) {
    let stdin = Input::Stdin {
        name: options.stdin_filename.map(Path::to_owned),
    };
    if paths.is_empty() {
        return (vec![stdin], Vec::new());
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(stdin.clone());
        } else if path.is_dir() {
            walk(path, options, &mut inputs, &mut errors);
        } else {
            // Named explicitly: always read (a missing file is reported when it is read).
            inputs.push(Input::File {
                path: path.clone(),
                walked: false,
            });
        }
    }
    inputs.sort_by(|a, b| a.key().cmp(&b.key()));
    // A file both named and found by walking counts as named.
    inputs.dedup_by(|later, earlier| {
        if later.key() != earlier.key() {
            return false;
        }
        if let (Input::File { walked: w1, .. }, Input::File { walked: w2, .. }) = (later, earlier) {
            *w2 = *w1 && *w2;
        }
        true
    });
    (inputs, errors)
}

fn walk(
    root: &Path,
    options: &WalkOptions<'_>,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
) {
    let mut builder = ignore::WalkBuilder::new(root);
    // Honour .gitignore even outside a git repository: a folder of articles rarely is one.
    builder.require_git(false).hidden(!options.hidden);
    if !options.globs.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(root);
        for glob in options.globs {
            if let Err(err) = overrides.add(glob) {
                errors.push(InputError {
                    path: format!("--glob {glob}"),
                    message: err.to_string(),
                });
                return;
            }
        }
        match overrides.build() {
            Ok(overrides) => {
                builder.overrides(overrides);
            }
            Err(err) => {
                errors.push(InputError {
                    path: "--glob".to_owned(),
                    message: err.to_string(),
                });
                return;
            }
        }
    }
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| {
                        options
                            .extensions
                            .iter()
                            .any(|want| e.eq_ignore_ascii_case(want))
                    });
                let excluded = options.exclude.is_some_and(|x| x.excludes(entry.path()));
                if is_file && wanted && !excluded {
                    inputs.push(Input::File {
                        path: entry.into_path(),
                        walked: true,
                    });
                }
            }
            Err(err) => errors.push(InputError {
                path: root.display().to_string(),
                message: err.to_string(),
            }),
        }
    }
}

/// What reading an input gave.
#[derive(Debug)]
pub(crate) enum Loaded {
    /// The text, byte for byte.
    Text(String),
    /// A walked file that is binary or not UTF-8: skipped, with this warning.
    Skipped(InputError),
}

/// Reads a whole input as UTF-8, byte for byte.
///
/// A file found by walking that is UTF-16 or UTF-32 (by its byte-order mark), holds a NUL byte (binary) or is
/// not UTF-8 is skipped with a warning; named on the command line (or stdin), the same file is an error: the user
/// asked for it and it cannot be done. A UTF-8 byte-order mark is fine (and kept).
///
/// # Errors
/// The input cannot be read, or a named input is not UTF-8 text (the message names the encoding found or the
/// offset of the first offending byte).
pub(crate) fn read(input: &Input) -> Result<Loaded, InputError> {
    let fail = |message: String| InputError {
        path: input.display(),
        message,
    };
    let bytes = match input {
        Input::Stdin { .. } => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| fail(e.to_string()))?;
            bytes
        }
        Input::File { path, .. } => fs::read(path).map_err(|e| fail(e.to_string()))?,
    };
    match decode(bytes) {
        Ok(text) => Ok(Loaded::Text(text)),
        Err(problem) if matches!(input, Input::File { walked: true, .. }) => Ok(Loaded::Skipped(
            fail(format!("{}: skipped", problem.short())),
        )),
        Err(problem) => Err(fail(format!("{}; file left untouched", problem.long()))),
    }
}

/// Why bytes are not UTF-8 text mtfix can work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotUtf8 {
    /// A UTF-16 or UTF-32 byte-order mark: the name of the encoding and the mark's bytes.
    Unicode(&'static str, &'static str),
    /// A NUL byte at this offset: binary (or text with a NUL in it, which no text tool should pass on).
    Nul(usize),
    /// An invalid UTF-8 sequence at this offset.
    Invalid(usize),
}

impl NotUtf8 {
    /// The warning for a skipped (walked) file.
    fn short(self) -> String {
        match self {
            NotUtf8::Unicode(name, bom) => format!(
                "{name} text (byte-order mark {bom}), not UTF-8; convert it with `iconv -f {} -t UTF-8`",
                iconv_name(name)
            ),
            NotUtf8::Nul(offset) => format!("binary file (NUL byte at offset {offset})"),
            NotUtf8::Invalid(offset) => {
                format!("not valid UTF-8 (invalid byte at offset {offset})")
            }
        }
    }

    /// The error for a named file.
    fn long(self) -> String {
        match self {
            NotUtf8::Unicode(name, bom) => format!(
                "{name} text (byte-order mark {bom}): mtfix reads UTF-8 only; convert it first, e.g. `iconv -f {} -t UTF-8 FILE > FILE.utf8`",
                iconv_name(name)
            ),
            NotUtf8::Nul(offset) => format!("binary file (NUL byte at offset {offset})"),
            NotUtf8::Invalid(offset) => {
                format!("not valid UTF-8: invalid byte at offset {offset}")
            }
        }
    }
}

/// The name iconv knows an encoding by (the byte-order mark tells it the byte order).
fn iconv_name(name: &str) -> &'static str {
    if name.starts_with("UTF-32") {
        "UTF-32"
    } else {
        "UTF-16"
    }
}

/// `bytes` as UTF-8 text mtfix can work on, or what they are instead. Byte-order marks are tested first (UTF-32
/// LE before UTF-16 LE, whose mark is a prefix of it), so UTF-16 text is named as such rather than called binary
/// for the NUL bytes of its ASCII characters.
fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    const MARKS: &[(&[u8], &str, &str)] = &[
        (&[0xFF, 0xFE, 0, 0], "UTF-32 (little-endian)", "FF FE 00 00"),
        (&[0, 0, 0xFE, 0xFF], "UTF-32 (big-endian)", "00 00 FE FF"),
        (&[0xFF, 0xFE], "UTF-16 (little-endian)", "FF FE"),
        (&[0xFE, 0xFF], "UTF-16 (big-endian)", "FE FF"),
    ];
    if let Some((_, name, bom)) = MARKS.iter().find(|(mark, ..)| bytes.starts_with(mark)) {
        return Err(NotUtf8::Unicode(name, bom));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(NotUtf8::Nul(offset));
    }
    String::from_utf8(bytes).map_err(|e| NotUtf8::Invalid(e.utf8_error().valid_up_to()))
}

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, 3 lines of context) of `old` → `new`; empty when they are equal.
/// An absolute path keeps its own name (`--- /tmp/x.txt`), as `git diff --no-index` does.
pub(crate) fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let (a, b) = if Path::new(path).is_absolute() {
        (path.to_owned(), path.to_owned())
    } else {
        (format!("a/{path}"), format!("b/{path}"))
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{NotUtf8, decode, unified_diff};

    fn not_utf8(bytes: &[u8]) -> Option<NotUtf8> {
        decode(bytes.to_vec()).err()
    }

    #[test]
    fn byte_order_marks_name_the_encoding() {
        assert_eq!(not_utf8("\u{feff}a UTF-8 BOM is fine".as_bytes()), None);
        assert_eq!(not_utf8(b""), None);
        let le = not_utf8(&[0xFF, 0xFE, b'a', 0]);
        assert_eq!(
            le,
            Some(NotUtf8::Unicode("UTF-16 (little-endian)", "FF FE"))
        );
        let be = not_utf8(&[0xFE, 0xFF, 0, b'a']);
        assert_eq!(be, Some(NotUtf8::Unicode("UTF-16 (big-endian)", "FE FF")));
        let le32 = not_utf8(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]);
        assert_eq!(
            le32,
            Some(NotUtf8::Unicode("UTF-32 (little-endian)", "FF FE 00 00"))
        );
        assert_eq!(not_utf8(b"ab\0c"), Some(NotUtf8::Nul(2)));
        assert_eq!(not_utf8(b"abc\xE9d"), Some(NotUtf8::Invalid(3)));
        assert!(le.is_some_and(|p| p.long().contains("iconv -f UTF-16 -t UTF-8")));
    }

    #[test]
    fn diff_has_git_style_headers_and_marks_a_missing_final_newline() {
        let diff = unified_diff("x.txt", "a\nb", "a\nc");
        assert_eq!(
            diff,
            "--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("x.txt", "same", "same"), "");
    }
}
