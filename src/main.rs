//! The `mtfix` binary: a thin layer over the `mtfix` library (see `cli`).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
