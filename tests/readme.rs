//! The README's examples that are code, checked against code that runs: the library example must be the crate's
//! documentation example (which `cargo test` runs as a doctest), line for line.

mod common;

use std::fs;
use std::path::Path;

/// The lines of the first fenced block opened by `fence` after the heading `heading` in `text`.
fn block_after<'t>(text: &'t str, heading: &str, fence: &str) -> Vec<&'t str> {
    let section = &text[text.find(heading).expect("the heading is in the README")..];
    let start = section.find(fence).expect("the section has the block") + fence.len();
    let body = &section[start..];
    let end = body.find("\n```").expect("the block is closed");
    body[..end].lines().filter(|l| !l.is_empty()).collect()
}

#[test]
fn the_library_example_is_the_crate_doc_example() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = fs::read_to_string(format!("{root}/README.md")).expect("README.md is readable");
    let lib = fs::read_to_string(format!("{root}/src/lib.rs")).expect("src/lib.rs is readable");
    let docs: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let in_readme = block_after(&readme, "\n## Library\n", "```rust\n");
    let in_docs: Vec<&str> = block_after(&docs, "", "```\n")
        .into_iter()
        .filter(|l| !l.starts_with("# "))
        .collect();
    assert!(
        !in_docs.is_empty(),
        "the crate documentation has an example"
    );
    assert_eq!(
        in_readme, in_docs,
        "README.md's library example differs from src/lib.rs's"
    );
}

/// The README's numbers paragraph quotes a command and what it writes: both are run here.
#[test]
fn the_numbers_example_does_what_the_readme_says() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = fs::read_to_string(format!("{root}/README.md")).expect("README.md is readable");
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let (input, claimed) = (
        "the nineteen 4th plenary session",
        "the Fourth Plenary Session of the 19th Central Committee",
    );
    assert!(
        readme.contains(&format!("`echo \"{input}\" | mtfix fix --stdout`")),
        "the README quotes the command"
    );
    assert!(readme.contains(claimed), "the README quotes the result");
    let out = common::run_mtfix(
        Path::new("."),
        &["fix", "--stdout", "-"],
        format!("{input}\n").as_bytes(),
    );
    assert_eq!(out.stdout, format!("{claimed}\n"));
}
