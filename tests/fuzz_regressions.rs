//! Inputs the fuzz targets (`fuzz/`, see `fuzz/README.md`) found, replayed through exactly the checks that found
//! them: `fuzz/fuzz_targets/checks.rs` is included here as a module, so a regression fails the same assertion in
//! `cargo test` as in `cargo fuzz run`.
//!
//! Every file under `fuzz/regressions/<target>/` must pass its target's checks, and each target's test says whether
//! that folder holds inputs, so a missing or emptied folder fails instead of replaying nothing. Inputs of bugs that
//! are not fixed yet live under `fuzz/regressions/<target>/open/`; each has a named test below, marked `#[ignore]`
//! with the reason, that turns into a plain test once the bug is fixed (then move the file up out of `open/`).

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::Path;
use std::sync::LazyLock;

use mtfix::markup::Syntax;
use mtfix::suppress::Suppressions;
use mtfix::{Engine, FixOptions, Outcome, Safety};

/// The built-in engine, for the named regressions.
static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// What a target's regression folder holds, so that a replay cannot pass by replaying nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expected {
    /// Inputs: the folder exists and holds at least one file directly under it (a moved, renamed or emptied folder
    /// fails instead of passing vacuously).
    Inputs,
    /// No inputs yet: the target has found no bug worth keeping, so the folder is missing or holds no file directly
    /// under it. Once one is added, the test fails until it says [`Expected::Inputs`].
    NoneYet,
}

/// Runs `check` over every file directly under `fuzz/regressions/<target>/` (the inputs of `open/` bugs are not
/// replayed), fails naming every input that fails, and fails unless the folder holds what `expected` says.
fn replay_dir(target: &str, expected: Expected, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join("fuzz/fuzz_targets").join(format!("{target}.rs"));
    assert!(
        source.is_file(),
        "{target} is no fuzz target: {} is missing",
        source.display()
    );
    let dir = root.join("fuzz/regressions").join(target);
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.expect("readable directory entry").path())
            .filter(|p| p.is_file())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && expected == Expected::NoneYet => {
            Vec::new()
        }
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    paths.sort();
    match expected {
        Expected::Inputs => assert!(
            !paths.is_empty(),
            "{}: no regression inputs, but {target} has some",
            dir.display()
        ),
        Expected::NoneYet => assert!(
            paths.is_empty(),
            "{}: regression inputs {paths:?} appeared: replay_dir for {target} should expect Expected::Inputs",
            dir.display()
        ),
    }
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
    replay_dir("engine", Expected::NoneYet, checks::engine);
}

#[test]
fn markup_regressions_stay_fixed() {
    replay_dir("markup", Expected::Inputs, checks::markup);
}

#[test]
fn glossary_regressions_stay_fixed() {
    replay_dir("glossary", Expected::NoneYet, checks::glossary);
}

#[test]
fn import_regressions_stay_fixed() {
    replay_dir("import", Expected::Inputs, checks::import);
}

/// How the command line fixes a file of `syntax`: its suppression comments' options, plus the front end's protected
/// spans, passed as they come (`src/cli/process.rs`, `fix_options`), then `Syntax::fix`.
fn fix_like_the_cli(syntax: Syntax, text: &str) -> Outcome {
    let mut options = Suppressions::parse(text).options(Safety::Safe);
    options.protected.extend(syntax.protected(text));
    syntax
        .fix(&ENGINE, text, &options)
        .expect("built-ins converge")
}

/// Fixed bug, found by the `markup` target: a suppression comment inside a fenced code block gives a protected span
/// (the comment) inside another (the block). `Restrictions::allows` (`src/engine/restrict.rs`) binary-searches the
/// spans sorted by start as if they were disjoint, so it misses the block for any edit after the inner comment, and
/// the `。` in the code block was rewritten. Fixed by merging overlapping protected spans in `Restrictions::new`.
#[test]
fn suppression_comment_inside_a_code_block_keeps_the_block() {
    let text = "```\n<!-- mtfix-enable -->\nIt sped up。\n```\n";
    assert_eq!(fix_like_the_cli(Syntax::Markdown, text).text, text);
}

/// The same bug in HTML: a suppression comment inside `<pre>`.
#[test]
fn suppression_comment_inside_a_code_block_of_html_keeps_the_block() {
    let text = "<pre><!-- mtfix-enable -->It sped up。</pre>\n";
    assert_eq!(fix_like_the_cli(Syntax::Html, text).text, text);
}

/// The same bug through the engine alone: `FixOptions::protected` is documented as "in any order", but a span
/// nested in an earlier one hides it from every edit after the inner span.
#[test]
fn suppression_comment_inside_a_code_block_engine_alone() {
    let text = "It sped up。 Then it sped up。";
    let options = FixOptions {
        protected: vec![0..text.len(), 3..5],
        ..FixOptions::new(Safety::Safe)
    };
    let outcome = ENGINE.fix_with(text, &options).expect("converges");
    assert_eq!(outcome.text, text, "{:?}", outcome.findings);
}

/// Found by the `import` target: a TSV term base whose imported glossary, linted, runs its examples through `fix`.
/// One term rewrote a whole example, then two edits of one later pass fell inside that rewrite; the span map gave
/// the second its own region overlapping the first, and `merge_chains` sliced past the fixed text (a panic).
#[test]
fn chained_edits_in_an_imported_glossary_example_do_not_panic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/import/merge-chains-out-of-bounds.tsv");
    checks::import(&std::fs::read(path).expect("regression input"));
}

/// Found by the `import` target as a 10-second timeout: an imported term base whose terms expand each other's
/// output (`Sessions` → a string full of `�`, `�` → a string with `Sessions`); the lint's fix of each replacement
/// grew the text for seconds (minutes under the fuzzer's instrumentation) until the round limit. Fixing now stops
/// once the text is far longer than any real fix makes it.
#[test]
fn terms_that_expand_each_other_in_an_imported_glossary_stop_early() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/import/runaway-expansion.csv");
    checks::import(&std::fs::read(path).expect("regression input"));
}
