//! The glossary loader over arbitrary TOML text (lossy UTF-8), then the engine built from what it loads.
//!
//! See `checks.rs` for what is asserted.

#![no_main]

mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::glossary(data));
