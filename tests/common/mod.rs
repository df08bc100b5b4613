//! Helpers shared by the test crates: run the `mtfix` binary in a folder, write test files, check its exits, and
//! write a fix as the unified diff that a snapshot holds.

#![allow(dead_code)] // each test crate uses its own subset

/// A test glossary named `t` with one safe term, "Xiong an new area" → "Xiong'an New Area" (`t/xiongan`),
/// followed by the rules given as one string literal, if any.
#[allow(unused_macros)] // each test crate uses its own subset
macro_rules! xiongan_glossary {
    ($($rest:literal)?) => {
        concat!(
            r#"[glossary]
name = "t"

[[term]]
id = "xiongan"
match = ["Xiong an new area"]
replace = "Xiong'an New Area"
message = "Official name."
examples = [{ input = "the Xiong an new area", output = "the Xiong'an New Area" }]
keep = ["Xiong'an New Area"]
"#
            $(, $rest)?
        )
    };
}

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of `mtfix` produced.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `mtfix ARGS` in `dir`, feeding `stdin` (with `NO_COLOR` removed, so colour tests are deterministic).
pub fn run_mtfix(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtfix runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("mtfix finishes");
    Output {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Writes a test file, creating its folder.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, contents).expect("write test file");
}

/// How a fix changed `original`, for a snapshot: the unified diff (no context lines, so it shows exactly the edited
/// lines, each with its line number) from `original` to `fixed`, headed `--- original` / `+++ {label}`; or
/// `(no change)` when the fix changed nothing.
pub fn fix_diff(original: &str, fixed: &str, label: &str) -> String {
    let diff = similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(0)
        .header("original", label)
        .to_string();
    if diff.is_empty() {
        "(no change)\n".to_owned()
    } else {
        diff
    }
}

impl Output {
    /// Asserts that the run exited with `code` and that its stderr starts with `prefix` (showing stderr if not).
    #[track_caller]
    pub fn assert_stderr_starts_with(&self, code: i32, prefix: &str) {
        assert_eq!(self.code, code, "{}", self.stderr);
        assert!(self.stderr.starts_with(prefix), "{}", self.stderr);
    }

    /// Asserts that the run exited with `code` and that its stderr contains `part` (showing stderr if not).
    #[track_caller]
    pub fn assert_stderr_contains(&self, code: i32, part: &str) {
        assert_eq!(self.code, code, "{}", self.stderr);
        assert!(self.stderr.contains(part), "{}", self.stderr);
    }
}
