//! Determinism across `--threads` through the command line (ARCHITECTURE.md, guarantee 4), and check ≡ fix for whole
//! folders: a generated folder of plain-text, Markdown and HTML documents (`tests/generators/mod.rs`), in
//! subfolders, more of them than one batch at `--threads 1`, is checked with `check --format json` and fixed with
//! `fix --stdout` and with `fix` in place (on copies), each with `--threads 1`, `--threads 4` and the default.
//!
//! Properties: every run of one command gives byte-identical stdout and stderr and the same exit code whatever
//! the thread count, and in-place fixing leaves identical files; the JSON findings replayed on each original give
//! exactly the file `fix` wrote; `fix --stdout` prints exactly the fixed files, in sorted path order.
//!
//! Each case spawns nine processes, and a debug build of `mtfix` spends about three CPU seconds building its
//! engine, so the default is a single case (a folder of 24 to 79 documents; about 20 s on two idle cores). Each
//! run draws a new folder; set `PROPTEST_CASES` for more in one run (it applies to the other property files too,
//! where cases are far cheaper), e.g. `PROPTEST_CASES=20 cargo test --release --test properties_cli`.

mod common;
mod generators;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Output, run_mtfix, write};
use generators::{config, html_document, markdown_document, plain_document};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

/// The thread counts compared: one, four, and the default (all cores).
const THREADS: [Option<&str>; 3] = [Some("1"), Some("4"), None];

/// A folder of documents as `(relative path, contents)`: 24 to 79 of them, spread over three folders. The command
/// line's workers run at most 32 documents per thread ahead of the first one not yet printed, so one thread
/// usually has to wait for the printing to catch up, and four threads never do.
fn folder() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        prop_oneof![
            3 => plain_document().prop_map(|t| ("txt", t)),
            1 => markdown_document().prop_map(|t| ("md", t)),
            1 => markdown_document().prop_map(|t| ("markdown", t)),
            1 => html_document().prop_map(|t| ("html", t)),
            1 => html_document().prop_map(|t| ("htm", t)),
        ],
        24..80,
    )
    .prop_map(|docs| {
        docs.into_iter()
            .enumerate()
            .map(|(i, (ext, text))| {
                let dir = ["", "news/", "news/2018/"][i % 3];
                (format!("{dir}doc{i:02}.{ext}"), text)
            })
            .collect()
    })
}

/// Runs `mtfix ARGS [--threads N] docs` in `dir`.
fn run(dir: &Path, args: &[&str], paths: &[String], threads: Option<&str>) -> Output {
    let mut all = vec!["--no-config", "--color", "never"];
    all.extend_from_slice(args);
    if let Some(n) = threads {
        all.extend(["--threads", n]);
    }
    all.extend(paths.iter().map(String::as_str));
    run_mtfix(dir, &all, b"")
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                out.insert(path.strip_prefix(dir).expect("inside").to_owned(), bytes);
            }
        }
    }
    out
}

/// What one thread count gave: `check --format json`, `fix --stdout`, `fix` in place and the files it left.
struct Runs {
    check: Output,
    stdout: Output,
    in_place: Output,
    fixed: BTreeMap<PathBuf, Vec<u8>>,
}

fn runs(docs: &[(String, String)], threads: Option<&str>) -> Runs {
    let work = tempfile::tempdir().expect("temp dir");
    let copy = tempfile::tempdir().expect("temp dir");
    for (name, text) in docs {
        write(&work.path().join("docs"), name, text);
        write(&copy.path().join("docs"), name, text);
    }
    let folder = ["docs".to_owned()];
    // `fix --stdout` takes files, not a folder: every document, named in an order mtfix must sort.
    let mut named: Vec<String> = docs
        .iter()
        .map(|(name, _)| format!("docs/{name}"))
        .collect();
    named.reverse();
    let check = run(
        work.path(),
        &["check", "--format", "json"],
        &folder,
        threads,
    );
    let stdout = run(work.path(), &["fix", "--stdout"], &named, threads);
    let in_place = run(copy.path(), &["fix"], &folder, threads);
    Runs {
        check,
        stdout,
        in_place,
        fixed: files(&copy.path().join("docs")),
    }
}

fn same(a: &Output, b: &Output, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.code, b.code, "{}: exit code", what);
    prop_assert_eq!(&a.stdout, &b.stdout, "{}: stdout", what);
    prop_assert_eq!(&a.stderr, &b.stderr, "{}: stderr", what);
    Ok(())
}

fn offset(finding: &Value, key: &str) -> usize {
    usize::try_from(finding[key].as_u64().expect("byte offset")).expect("usize")
}

proptest! {
    #![proptest_config(ProptestConfig { max_shrink_iters: 8, ..config(1) })]

    /// Same folder, same bytes out, whatever `--threads` says; and the report replays to the fixed files.
    #[test]
    fn output_is_identical_whatever_the_thread_count(docs in folder()) {
        // The three thread counts run side by side.
        let results: Vec<Runs> = std::thread::scope(|scope| {
            let handles: Vec<_> = THREADS
                .iter()
                .map(|&t| {
                    let docs = &docs;
                    scope.spawn(move || runs(docs, t))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("no panic")).collect()
        });
        let first = &results[0];
        prop_assert!(matches!(first.check.code, 0 | 1), "check failed: {}", first.check.stderr);
        prop_assert!(matches!(first.stdout.code, 0 | 1), "fix --stdout failed: {}", first.stdout.stderr);
        prop_assert!(matches!(first.in_place.code, 0 | 1), "fix failed: {}", first.in_place.stderr);
        for (threads, other) in THREADS.iter().zip(&results).skip(1) {
            let t = threads.unwrap_or("default");
            same(&first.check, &other.check, &format!("check --threads {t}"))?;
            same(&first.stdout, &other.stdout, &format!("fix --stdout --threads {t}"))?;
            same(&first.in_place, &other.in_place, &format!("fix --threads {t}"))?;
            prop_assert!(first.fixed == other.fixed, "fix --threads {}: different files", t);
        }

        // check ≡ fix: the fixable findings of the JSON report, replayed on each original, give the fixed file.
        let findings: Vec<Value> = serde_json::from_str(&first.check.stdout).expect("JSON report");
        prop_assert!(findings.iter().any(|f| f["fixable"] == true), "the folder has something to fix");
        let mut by_path: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for f in &findings {
            by_path.entry(f["path"].as_str().expect("path")).or_default().push(f);
        }
        let mut expected_stdout = String::new();
        let mut sorted: Vec<&(String, String)> = docs.iter().collect();
        sorted.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
        for (name, text) in sorted {
            let path = format!("docs/{name}");
            let mut replayed = String::new();
            let mut last = 0;
            for f in by_path.remove(path.as_str()).unwrap_or_default().into_iter().filter(|f| f["fixable"] == true) {
                let (start, end) = (offset(f, "start"), offset(f, "end"));
                prop_assert!(start >= last, "{}: findings overlap", path);
                replayed.push_str(&text[last..start]);
                replayed.push_str(f["replacement"].as_str().expect("replacement"));
                last = end;
            }
            replayed.push_str(&text[last..]);
            let written = first.fixed.get(Path::new(name.as_str())).expect("file kept");
            prop_assert_eq!(replayed.as_bytes(), written.as_slice(), "{}: the report does not replay to the fixed file", path);
            expected_stdout.push_str(&replayed);
        }
        prop_assert!(by_path.is_empty(), "findings for unknown paths: {:?}", by_path.keys());
        prop_assert_eq!(&first.stdout.stdout, &expected_stdout, "fix --stdout prints the fixed files in path order");
    }
}
