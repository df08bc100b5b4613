//! Inputs the fuzz targets (`fuzz/`, see `fuzz/README.md`) found, replayed through exactly the checks that found
//! them: `fuzz/fuzz_targets/checks.rs` is included here as a module, so a regression fails the same assertion in
//! `cargo test` as in `cargo fuzz run`.
//!
//! Every file under `fuzz/regressions/<target>/` must pass its target's checks. Inputs of bugs that are not fixed
//! yet live under `fuzz/regressions/<target>/open/`; each has a named test below, marked `#[ignore]` with the
//! reason, that turns into a plain test once the bug is fixed (then move the file up out of `open/`).

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` over every file directly under `fuzz/regressions/<target>/`, and fails naming every input that
/// fails.
fn replay_dir(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut failed = Vec::new();
    for path in paths {
        let data = std::fs::read(&path).expect("readable regression input");
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "regressions fail again: {failed:#?}");
}

#[test]
fn engine_regressions_stay_fixed() {
    replay_dir("engine", checks::engine);
}

#[test]
fn markup_regressions_stay_fixed() {
    replay_dir("markup", checks::markup);
}

#[test]
fn glossary_regressions_stay_fixed() {
    replay_dir("glossary", checks::glossary);
}

#[test]
fn import_regressions_stay_fixed() {
    replay_dir("import", checks::import);
}
