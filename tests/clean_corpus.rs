//! Correct official English comes back untouched: `mtfix fix` on `../shared/corpora/clean-official-en.txt`
//! (paragraphs from People's Daily Online and Xinhua, kept outside the project and read from there) changes no
//! byte, and `check` reports nothing at any level — no safe fix, no review suggestion, no flag.
//!
//! `MTFIX_CLEAN_CORPUS` names another copy. Where the checkout has no `../shared` folder at all (a clone on its
//! own), the test says so on stderr and checks nothing; a `../shared` without the corpus is a failure.

mod common;

use std::path::{Path, PathBuf};

use common::run_mtfix;

/// Where the corpus is, or `None` when this checkout has no shared folder beside it.
fn corpus() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MTFIX_CLEAN_CORPUS") {
        return Some(PathBuf::from(path));
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !shared.is_dir() {
        eprintln!(
            "clean_corpus: no {} beside this checkout: the clean-corpus check did not run",
            shared.display()
        );
        return None;
    }
    Some(shared.join("corpora/clean-official-en.txt"))
}

fn read_corpus() -> Option<(PathBuf, String)> {
    let path = corpus()?;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the clean corpus {} cannot be read ({e}); set MTFIX_CLEAN_CORPUS to its path",
            path.display()
        )
    });
    assert!(
        text.len() > 10_000,
        "{} holds only {} bytes",
        path.display(),
        text.len()
    );
    Some((path, text))
}

#[test]
fn fix_changes_no_byte_of_correct_official_english() {
    let Some((path, text)) = read_corpus() else {
        return;
    };
    let out = run_mtfix(Path::new("."), &["fix", "--stdout", "-"], text.as_bytes());
    assert_eq!(out.code, 0, "{}", out.stderr);
    if out.stdout != text {
        let diff = common::fix_diff(&text, &out.stdout, "fixed");
        panic!("mtfix fix changed {}:\n{diff}", path.display());
    }
}

#[test]
fn check_reports_nothing_at_any_level_in_correct_official_english() {
    let Some((path, _)) = read_corpus() else {
        return;
    };
    let path = path.to_string_lossy().into_owned();
    let out = run_mtfix(Path::new("."), &["check", "--format", "jsonl", &path], b"");
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, ""),
        "findings (any level) in correct official English {path}:\n{}",
        out.stderr
    );
}
