//! The TBX, CSV and TSV importers over arbitrary bytes (lossy UTF-8; every input is tried in all three formats).
//!
//! See `checks.rs` for what is asserted.

#![no_main]

mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::import(data));
