//! How a run ends and what it says on stderr on the way: the run's [`Status`], which is its exit code, and the
//! `mtfix: message` warnings and plain notes every command prints.

use std::io::{self, Write};
use std::process::ExitCode;

/// How a run ended, in increasing order of gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    /// Nothing left to do.
    Clean,
    /// Findings remain.
    Findings,
    /// Something could not be done.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

/// Prints `mtfix: message` on stderr (ignoring a closed stderr: there is nowhere left to complain).
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "mtfix: {message}");
}

/// Prints a line on stderr, unless it is closed.
pub(crate) fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
