//! The engine with the built-in glossaries over arbitrary bytes (decoded as lossy UTF-8), at both safety levels.
//!
//! See `checks.rs` for what is asserted.

#![no_main]

mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    // Build the engines before libFuzzer's per-input timeout starts counting.
    init: checks::init(),
    |data: &[u8]| checks::engine(data)
);
