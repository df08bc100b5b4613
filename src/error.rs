//! The library's error type: every mistake a user can make, in plain words, with the place it was made.
//!
//! Glossary errors always carry the file, the 1-based line and column and (when the error is inside a rule) the
//! rule's full id, so that `mtfix` can print `glossaries/x.toml:12:9: rule `x/foo`: ...` and an editor can jump
//! there.

use std::fmt;
use std::path::PathBuf;

/// Where in a glossary (or any text file) something is: a display name for the file plus a 1-based line and
/// column (columns count Unicode characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file as the user named it (a path, or `builtin:NAME` for an embedded glossary).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters.
    pub column: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A glossary file is malformed or one of its rules is invalid.
    #[error("{place}: {}{message}", rule_prefix(.rule))]
    Glossary {
        /// Where the problem is.
        place: Place,
        /// The full id of the rule at fault, when the problem is inside a rule.
        rule: Option<String>,
        /// What is wrong, in plain words.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A glossary file could not be read: it is missing, a folder, or not readable. (Unlike [`Error::Io`], the
    /// reason is part of the message only, so a report that prints the cause chain shows it once.)
    #[error("{}: cannot read the glossary: {reason}", .path.display())]
    GlossaryRead {
        /// The path as given.
        path: PathBuf,
        /// Why it could not be read.
        reason: std::io::Error,
    },
    /// A named built-in glossary does not exist.
    #[error("no built-in glossary named `{name}` (built-ins: {available})")]
    UnknownBuiltin {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        available: String,
    },
    /// Fixing did not reach a stable text: some rules keep rewriting each other's output.
    #[error(
        "fixing did not converge after {rounds} rounds; rules still changing the text: {} \
         (a rule that fires on its own or another's output; `mtfix glossary lint` finds them)",
        .rules.join(", ")
    )]
    NoConvergence {
        /// How many rounds were run.
        rounds: usize,
        /// The rules that still made changes in the last round.
        rules: Vec<String>,
    },
}

fn rule_prefix(rule: &Option<String>) -> String {
    match rule {
        Some(id) => format!("rule `{id}`: "),
        None => String::new(),
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
