//! Inputs and outputs on disk: which files to read, reading them as UTF-8 bytes-exactly, writing fixes
//! atomically, and the unified diff of `fix --diff`.
//!
//! Text is sacred: a file is read as bytes, checked to be UTF-8 and handed to the engine unchanged (BOM, line
//! endings and final newline included); what is written back is exactly the engine's output.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use super::settings::Exclude;

/// Extensions picked up when a folder is walked.
pub(crate) const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// One document to process.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    /// Standard input, reported as `<stdin>`.
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

impl Input {
    /// The name used in reports: the path as given, or `<stdin>`.
    pub(crate) fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// The document's syntax: Markdown for `.md`/`.markdown` files, plain text otherwise (and for stdin).
    pub(crate) fn syntax(&self) -> mtfix::markup::Syntax {
        match self {
            Input::Stdin => mtfix::markup::Syntax::Plain,
            Input::File(path) => mtfix::markup::Syntax::of_path(path),
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

/// Expands the command-line PATHs into documents: no PATH or `-` is stdin, a file is taken as named, a folder is
/// walked (honouring `.gitignore` and hidden files like ripgrep, and skipping the config's `exclude` globs) for
/// `.txt`/`.md`/`.markdown` files.
///
/// Files come back in sorted path order, without duplicates, stdin first; walk problems come back as errors.
pub(crate) fn collect_inputs(
    paths: &[PathBuf],
    exclude: Option<&Exclude>,
) -> (Vec<Input>, Vec<InputError>) {
    if paths.is_empty() {
        return (vec![Input::Stdin], Vec::new());
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, exclude, &mut inputs, &mut errors);
        } else {
            // Named explicitly: always read (a missing file is reported when it is read).
            inputs.push(Input::File(path.clone()));
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}

fn walk(
    root: &Path,
    exclude: Option<&Exclude>,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
) {
    let walker = ignore::WalkBuilder::new(root)
        // Honour .gitignore even outside a git repository: a folder of articles rarely is one.
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| {
                        TEXT_EXTENSIONS
                            .iter()
                            .any(|want| e.eq_ignore_ascii_case(want))
                    });
                let excluded = exclude.is_some_and(|x| x.excludes(entry.path()));
                if is_file && wanted && !excluded {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(err) => errors.push(InputError {
                path: root.display().to_string(),
                message: err.to_string(),
            }),
        }
    }
}

/// Reads a whole input as UTF-8, byte for byte.
///
/// # Errors
/// The input cannot be read, or is not UTF-8 (the message names the byte offset of the first invalid byte).
pub(crate) fn read(input: &Input) -> Result<String, InputError> {
    let fail = |message: String| InputError {
        path: input.display(),
        message,
    };
    let bytes = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| fail(e.to_string()))?;
            bytes
        }
        Input::File(path) => fs::read(path).map_err(|e| fail(e.to_string()))?,
    };
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "not valid UTF-8: invalid byte at offset {}; file left untouched",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Replaces the file at `path` with `contents` atomically: a temporary file in the same folder gets the
/// original's permissions and the new bytes, then is renamed over the original. A symlink is followed, so the
/// link stays a link. On any error the original is untouched.
///
/// # Errors
/// Any I/O error, with the path in the message.
pub(crate) fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let target = if fs::symlink_metadata(path)
        .with_context(|| format!("{}", path.display()))?
        .file_type()
        .is_symlink()
    {
        fs::canonicalize(path).with_context(|| format!("{}", path.display()))?
    } else {
        path.to_owned()
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let permissions = fs::metadata(&target)
        .with_context(|| format!("{}", target.display()))?
        .permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.as_file()
        .set_permissions(permissions)
        .with_context(|| format!("cannot set permissions on {}", tmp.path().display()))?;
    tmp.write_all(contents.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    tmp.persist(&target)
        .map_err(|e| anyhow!("cannot replace {}: {}", target.display(), e.error))?;
    Ok(())
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
    use super::unified_diff;

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
