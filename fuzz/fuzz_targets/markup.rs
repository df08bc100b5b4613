//! The Markdown and HTML front ends over arbitrary bytes (lossy UTF-8), each input read as both, at both levels, and
//! fixed the way the command line fixes a file: the front end's protected spans plus the suppression comments'
//! options, and in HTML every replacement written with `&`, `<` and `>` encoded.
//!
//! See `checks.rs` for what is asserted.

#![no_main]

mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    // Build the engines before libFuzzer's per-input timeout starts counting.
    init: checks::init(),
    |data: &[u8]| checks::markup(data)
);
