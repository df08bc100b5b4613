//! Stopping cleanly on Ctrl-C (`SIGINT`) or `SIGTERM` while files are being rewritten.
//!
//! The commands that rewrite files in place (`fix` on files, `glossary fmt`) call [`install`] first. From then on
//! a first signal only sets a flag: no new file is started, the files being fixed are finished (their atomic
//! writes complete, or fail and remove their temporary files), and mtfix exits with 128 + the signal number (130
//! for Ctrl-C). So no file is ever half-written and no temporary file is left behind.
//!
//! A second signal ends mtfix at once, with the same exit code, for when the files in progress take too long.
//! Then, as after `kill -9`, a temporary file (`.mtfix-*.tmp`) can be left beside a file being written; the file
//! itself is still whole, old or new, as the rename over it is atomic.
//!
//! Other commands keep the default behaviour: they end at once (they write no file in place). So does `fix`
//! reading stdin, which may be waiting for a terminal.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};

/// The number of the signal received, 0 for none.
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// Set by the first signal; a second one then ends the process.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Routes `SIGINT` and `SIGTERM` to the flag read by [`received`] (and a second one to an immediate exit).
///
/// # Errors
/// The handler cannot be installed.
pub(crate) fn install() -> std::io::Result<()> {
    for signal in [SIGINT, SIGTERM] {
        // Actions run in the order registered: the exit only if an earlier signal set the flag.
        signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, &STOPPING)?;
        signal_hook::flag::register(signal, &STOPPING)?;
        // `SIGINT` and `SIGTERM` are small positive numbers.
        signal_hook::flag::register_usize(signal, &SIGNAL, signal.unsigned_abs() as usize)?;
    }
    Ok(())
}

/// The signal received since [`install`], if any.
pub(crate) fn received() -> Option<u8> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        n => Some(u8::try_from(n).unwrap_or(u8::MAX)),
    }
}

/// The exit code for a run ended by `signal`: 128 + its number, as a shell reports it.
pub(crate) fn exit_code(signal: u8) -> u8 {
    128u8.saturating_add(signal)
}

/// How the end is reported: `interrupted (SIGINT)`, `terminated (SIGTERM)`.
pub(crate) fn describe(signal: u8) -> String {
    match i32::from(signal) {
        SIGINT => "interrupted (SIGINT)".to_owned(),
        SIGTERM => "terminated (SIGTERM)".to_owned(),
        n => format!("stopped by signal {n}"),
    }
}
