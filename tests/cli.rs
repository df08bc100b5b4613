//! End-to-end tests of the `mtfix` binary: exit codes, output formats, and that text is written back byte for
//! byte. Most tests use a small glossary written into a temporary folder (`--no-builtin -g g.toml`), so they do
//! not depend on the content of the built-in glossaries.

#[macro_use]
mod common;

use common::{Output, run_mtfix as run_with, write};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::json;
use tempfile::TempDir;

/// The test glossary: one safe term (severity error) and one review pattern (severity warning).
const GLOSSARY: &str = xiongan_glossary!(
    r#"
[[pattern]]
id = "beijing-and-beijing"
regex = 'Beijing and Beijing'
replace = "Beijing and Hebei"
safety = "review"
message = "京冀 is Beijing and Hebei."
examples = [{ input = "Beijing and Beijing", output = "Beijing and Hebei" }]
"#
);

/// A line with CJK text before the span, then a review-only suggestion.
const ARTICLE: &str = "雄安新区 is the Xiong an new area.\nBeijing and Beijing met.\n";

/// A temporary folder holding `g.toml`.
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "g.toml", GLOSSARY);
    dir
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).expect("read test file")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, b"")
}

/// `mtfix --no-builtin -g g.toml ARGS`.
fn run_t(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--no-builtin", "-g", "g.toml"];
    all.extend_from_slice(args);
    run(dir, &all)
}

#[test]
fn check_prints_compiler_style_diagnostics_and_exits_1_on_errors() {
    let dir = workspace();
    write(dir.path(), "a.txt", ARTICLE);
    let out = run_t(dir.path(), &["check", "a.txt"]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        r#"error[t/xiongan]: [*] Official name.
  ┌─ a.txt:1:13
  │
1 │ 雄安新区 is the Xiong an new area.
  │                 ^^^^^^^^^^^^^^^^^ replace with "Xiong'an New Area"

warning[t/beijing-and-beijing]: 京冀 is Beijing and Hebei.
  ┌─ a.txt:2:1
  │
2 │ Beijing and Beijing met.
  │ ^^^^^^^^^^^^^^^^^^^ replace with "Beijing and Hebei"
  │
  = help: a review suggestion: check it, then apply with `mtfix fix --review`

1 error, 1 warning in 1 file; 1 fixable with `mtfix fix`, 1 more with `mtfix fix --review`
"#
    );
    assert_eq!(out.code, 1);
}

#[test]
fn check_exit_codes_follow_fail_on() {
    let dir = workspace();
    write(dir.path(), "clean.txt", "The Xiong'an New Area.\n");
    write(dir.path(), "review.txt", "Beijing and Beijing met.\n");

    let clean = run_t(dir.path(), &["check", "clean.txt"]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, "no issues in 1 file\n")
    );

    // A review suggestion is a warning: printed, but only fails with --fail-on warning.
    let review = run_t(
        dir.path(),
        &["check", "--quiet", "--format", "jsonl", "review.txt"],
    );
    assert_eq!(review.code, 0);
    assert_eq!(review.stdout.lines().count(), 1);
    let failing = run_t(
        dir.path(),
        &["check", "--fail-on", "warning", "-q", "review.txt"],
    );
    assert_eq!(failing.code, 1);

    let usage = run_t(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(usage.code, 2);
    let config = run_t(dir.path(), &["--config", "mtfix.toml", "check"]);
    assert_eq!(
        (config.code, config.stderr.as_str()),
        (2, "mtfix: --config mtfix.toml: no such file\n")
    );
}

#[test]
fn check_json_has_character_columns_and_byte_offsets() {
    let dir = workspace();
    write(dir.path(), "a.txt", ARTICLE);
    let out = run_t(dir.path(), &["check", "--format", "json", "a.txt"]);
    assert_eq!(out.code, 1);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(
        value,
        json!([
            {
                "path": "a.txt",
                "rule": "t/xiongan",
                "severity": "error",
                "safety": "safe",
                "message": "Official name.",
                "line": 1,
                "column": 13,
                "end_line": 1,
                "end_column": 30,
                "start": 20,
                "end": 37,
                "found": "Xiong an new area",
                "replacement": "Xiong'an New Area",
                "fixable": true
            },
            {
                "path": "a.txt",
                "rule": "t/beijing-and-beijing",
                "severity": "warning",
                "safety": "review",
                "message": "京冀 is Beijing and Hebei.",
                "line": 2,
                "column": 1,
                "end_line": 2,
                "end_column": 20,
                "start": 39,
                "end": 58,
                "found": "Beijing and Beijing",
                "replacement": "Beijing and Hebei",
                "fixable": false
            }
        ])
    );

    let lines = run_t(dir.path(), &["check", "--format", "jsonl", "a.txt"]);
    let objects: Vec<serde_json::Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object per line"))
        .collect();
    assert_eq!(serde_json::Value::Array(objects), value);
}

#[test]
fn check_reads_stdin_and_walks_folders_in_sorted_order() {
    let dir = workspace();
    let out = run_with(
        dir.path(),
        &[
            "--no-builtin",
            "-g",
            "g.toml",
            "check",
            "--format",
            "jsonl",
            "-",
        ],
        b"Xiong an new area",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .starts_with(r#"{"path":"<stdin>","rule":"t/xiongan","#),
        "{}",
        out.stdout
    );

    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).expect("mkdir");
    for name in ["b.md", "a.txt", "sub/c.markdown", "skip.rs", "ignored.txt"] {
        write(&docs, name, "Xiong an new area\n");
    }
    write(&docs, ".gitignore", "ignored.txt\n");
    let out = run_t(dir.path(), &["check", "--format", "jsonl", "docs"]);
    let paths: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            v["path"].as_str().expect("path").replace('\\', "/")
        })
        .collect();
    assert_eq!(paths, ["docs/a.txt", "docs/b.md", "docs/sub/c.markdown"]);
    // A file named explicitly is always read, whatever its extension or .gitignore.
    let out = run_t(
        dir.path(),
        &["check", "-q", "docs/skip.rs", "docs/ignored.txt"],
    );
    assert_eq!(out.code, 1);
}

#[test]
fn fix_diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = workspace();
    write(dir.path(), "a.txt", ARTICLE);
    let out = run_t(dir.path(), &["fix", "--diff", "a.txt"]);
    assert_eq!(
        out.stdout,
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n-雄安新区 is the Xiong an new area.\n+雄安新区 is the Xiong'an New Area.\n Beijing and Beijing met.\n"
    );
    assert_eq!(out.stderr, "would fix 1 issue in a.txt\n");
    assert_eq!(out.code, 1);
    assert_eq!(read(dir.path(), "a.txt"), ARTICLE.as_bytes());

    let review = run_t(dir.path(), &["fix", "--diff", "--review", "-q", "a.txt"]);
    assert!(
        review.stdout.contains("+Beijing and Hebei met.\n"),
        "{}",
        review.stdout
    );
    assert_eq!(review.stderr, "");
}

#[test]
fn fix_from_stdin_writes_stdout() {
    let dir = workspace();
    let out = run_with(
        dir.path(),
        &["--no-builtin", "-g", "g.toml", "fix"],
        "前 the Xiong an new area\r\n".as_bytes(),
    );
    assert_eq!(out.stdout, "前 the Xiong'an New Area\r\n");
    assert_eq!(out.stderr, "fixed 1 issue in <stdin>\n");
    assert_eq!(out.code, 0);
}

#[test]
fn fix_in_place_keeps_permissions_and_is_idempotent() {
    let dir = workspace();
    write(
        dir.path(),
        "a.txt",
        "the Xiong an new area and the Xiong an new area\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.path().join("a.txt"),
            std::fs::Permissions::from_mode(0o640),
        )
        .expect("chmod");
    }
    let out = run_t(dir.path(), &["fix", "a.txt"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "fixed 2 issues in a.txt\n")
    );
    assert_eq!(
        read(dir.path(), "a.txt"),
        b"the Xiong'an New Area and the Xiong'an New Area\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("a.txt"))
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let again = run_t(dir.path(), &["fix", "a.txt"]);
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (0, "", "")
    );
    // No stray temporary files are left behind.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "g.toml"]);
}

#[test]
fn fix_preserves_crlf_bom_and_missing_final_newline() {
    let dir = workspace();
    let original = "\u{feff}Xiong an new area\r\nplain\nXiong an new area";
    write(dir.path(), "a.txt", original);
    let out = run_t(dir.path(), &["fix", "a.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "a.txt"),
        "\u{feff}Xiong'an New Area\r\nplain\nXiong'an New Area".as_bytes()
    );
    let stdout = run_t(dir.path(), &["fix", "--stdout", "-q", "a.txt"]);
    assert_eq!(
        stdout.stdout,
        "\u{feff}Xiong'an New Area\r\nplain\nXiong'an New Area"
    );
}

#[test]
fn glossary_errors_exit_2_naming_file_line_and_rule() {
    let dir = workspace();
    write(
        dir.path(),
        "bad.toml",
        "[glossary]\nname = \"t\"\n\n[[pattern]]\nid = \"p\"\nregex = 'a(b'\nreplace = \"x\"\nexamples = [{ input = \"a\", output = \"a\" }]\n",
    );
    write(dir.path(), "a.txt", ARTICLE);
    let out = run(
        dir.path(),
        &["--no-builtin", "-g", "bad.toml", "check", "a.txt"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("mtfix: bad.toml:6:9: rule `t/p`: invalid regex: regex parse error:"),
        "{}",
        out.stderr
    );

    let unknown = run(dir.path(), &["-g", "no-such-builtin", "rules"]);
    unknown.assert_stderr_starts_with(2, "mtfix: no built-in glossary named `no-such-builtin`");
}

#[test]
fn unreadable_and_non_utf8_files_exit_2_and_stay_untouched() {
    let dir = workspace();
    let bytes = b"Xiong an new area \xff\xfe tail\n";
    std::fs::write(dir.path().join("bin.txt"), bytes).expect("write");
    write(dir.path(), "good.txt", "Xiong an new area\n");

    let out = run_t(dir.path(), &["fix", "missing.txt", "bin.txt", "good.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: bin.txt: not valid UTF-8: invalid byte at offset 18; file left untouched\n\
         fixed 1 issue in good.txt\n\
         mtfix: missing.txt: No such file or directory (os error 2)\n"
    );
    assert_eq!(read(dir.path(), "bin.txt"), bytes);
    // The other files were still processed.
    assert_eq!(read(dir.path(), "good.txt"), b"Xiong'an New Area\n");

    let check = run_t(dir.path(), &["check", "-q", "bin.txt"]);
    assert_eq!(check.code, 2);
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = workspace();
    let input = "the Xiong an new area.\n".repeat(20_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(["--no-builtin", "-g", "g.toml", "check", "--format", "jsonl"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtfix runs");
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn reference_article_fails_check_and_its_fixed_text_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = "fixtures/news/beijing-hebei-2018.txt";
    let check = run(root, &["check", "-q", "--format", "jsonl", article]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains(r#""rule":"cn-news/xiongan-new-area","severity":"error""#)
    );
    let fixed = run(root, &["fix", "--stdout", "-q", article]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    // What is left are review-level suggestions only: warnings, which do not fail the check.
    let recheck = run_with(
        root,
        &["check", "-q", "--format", "jsonl"],
        fixed.stdout.as_bytes(),
    );
    assert_eq!(recheck.code, 0, "{}", recheck.stdout);
    assert!(!recheck.stdout.is_empty());
    for line in recheck.stdout.lines() {
        assert!(
            line.contains(r#""severity":"warning","safety":"review""#)
                && line.contains(r#""fixable":false"#),
            "{line}"
        );
    }
}

fn lint_glossary(body: &str) -> String {
    format!("[glossary]\nname = \"t\"\n{body}")
}

#[test]
fn glossary_lint_finds_duplicate_variants_and_chains() {
    let dir = workspace();
    write(
        dir.path(),
        "dup.toml",
        lint_glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"Xiong an\"]\nreplace = \"Xiong'an\"\nexamples = [{ input = \"Xiong an\", output = \"Xiong'an\" }]\nkeep = [\"x\"]\n\
             [[term]]\nid = \"b\"\nmatch = [\"xiong  AN\"]\nreplace = \"Xiongan\"\nexamples = [{ input = \"Xiong an\", output = \"Xiong'an\" }]\nkeep = [\"x\"]\n",
        ),
    );
    let out = run(dir.path(), &["glossary", "lint", "dup.toml"]);
    assert_eq!(
        out.stdout,
        "dup.toml:9:1: error[duplicate-variant]: rule `t/b`: variant \"xiong  AN\" is also claimed by `t/a` (dup.toml:3:1); keep it in one rule\n\
         dup.toml:9:1: error[example]: rule `t/b`: example \"Xiong an\": the rule itself did not fire\n\
         2 errors, 0 warnings\n"
    );
    assert_eq!(out.code, 1);

    write(
        dir.path(),
        "chain.toml",
        lint_glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"Xiong an new area\"]\nreplace = \"Xiongan new area\"\nexamples = [{ input = \"Xiong an new area\", output = \"Xiong'an New Area\" }]\nkeep = [\"x\"]\n\
             [[term]]\nid = \"b\"\nmatch = [\"Xiongan new area\"]\nreplace = \"Xiong'an New Area\"\nexamples = [{ input = \"Xiongan new area\", output = \"Xiong'an New Area\" }]\nkeep = [\"x\"]\n",
        ),
    );
    let out = run(dir.path(), &["glossary", "lint", "chain.toml"]);
    assert_eq!(
        out.stdout,
        "chain.toml:3:1: error[chain]: rule `t/a`: its output is rewritten by `t/b` (\"Xiongan new area\" → \"Xiong'an New Area\"); chain: t/a → t/b\n\
         1 error, 0 warnings\n"
    );
    assert_eq!(out.code, 1);

    let clean = run(dir.path(), &["glossary", "lint", "g.toml"]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, "0 errors, 0 warnings\n")
    );
}

#[test]
fn glossary_test_reports_failing_examples() {
    let dir = workspace();
    write(
        dir.path(),
        "fail.toml",
        lint_glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"Xiong an\"]\nreplace = \"Xiong'an\"\nexamples = [{ input = \"Xiong an\", output = \"Xiongan\" }]\nkeep = [\"Xiong an\"]\n",
        ),
    );
    let out = run(dir.path(), &["glossary", "test", "fail.toml"]);
    assert_eq!(
        out.stdout,
        "fail.toml:3:1: rule `t/a`: example \"Xiong an\": expected \"Xiongan\", got \"Xiong'an\"\n\
         fail.toml:3:1: rule `t/a`: keep \"Xiong an\": the rule fired on \"Xiong an\" (→ \"Xiong'an\")\n\
         2 examples checked, 2 failed\n"
    );
    assert_eq!(out.code, 1);

    let ok = run(dir.path(), &["glossary", "test", "g.toml"]);
    assert_eq!(
        (ok.code, ok.stdout.as_str()),
        (0, "3 examples checked, 0 failed\n")
    );
}

#[test]
fn rules_and_explain() {
    let dir = workspace();
    let rules = run_t(dir.path(), &["rules"]);
    assert_eq!(
        rules.stdout,
        "t/xiongan              term     safe    error    Official name.\n\
         t/beijing-and-beijing  pattern  review  warning  京冀 is Beijing and Hebei.\n"
    );
    let json = run_t(dir.path(), &["rules", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(value[1]["id"], "t/beijing-and-beijing");
    assert_eq!(value[1]["regex"], "Beijing and Beijing");

    let explain = run_t(dir.path(), &["explain", "xiongan"]);
    assert_eq!(
        explain.stdout,
        "t/xiongan\n  kind:       term\n  safety:     safe\n  severity:   error\n  pass:       terms\n  message:    Official name.\n  match:      \"Xiong an new area\"\n  replace:    \"Xiong'an New Area\"\n  case:       smart\n  defined at: g.toml:4:1\n  examples:\n    \"the Xiong an new area\" → \"the Xiong'an New Area\"\n  keep:\n    \"Xiong'an New Area\"\n"
    );
    assert_eq!(explain.code, 0);

    let unknown = run_t(dir.path(), &["explain", "t/xiongann"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "mtfix: unknown rule `t/xiongann`; did you mean `t/xiongan`? (`mtfix rules` lists them all)\n"
    );
}

#[test]
fn builtin_xiongan_term_is_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_with(
        dir.path(),
        &["fix"],
        b"Work in the Xiong an new area began.\n",
    );
    assert_eq!(out.stdout, "Work in the Xiong'an New Area began.\n");
    assert_eq!(out.code, 0);
}

#[test]
fn flag_only_findings_have_no_replacement_and_colour_is_opt_in() {
    let dir = workspace();
    write(
        dir.path(),
        "f.toml",
        lint_glossary(
            "[[pattern]]\nid = \"flag\"\nregex = 'Noodles'\nmessage = \"Probably a garbled 面.\"\nexamples = [{ input = \"Noodles\", output = \"Noodles\" }]\n",
        ),
    );
    write(dir.path(), "f.txt", "Noodles here.\n");
    let args = ["--no-builtin", "-g", "f.toml", "check", "f.txt"];
    let json = run(dir.path(), &[&args[..], &["--format", "json"]].concat());
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(value[0]["found"], "Noodles");
    assert_eq!(value[0].get("replacement"), None);
    assert_eq!(value[0]["fixable"], false);
    // A flag-only rule is a warning: it does not fail the run by default.
    assert_eq!(json.code, 0);

    let plain = run(dir.path(), &args);
    assert_eq!(
        plain.stdout,
        "warning[t/flag]: Probably a garbled 面.\n  ┌─ f.txt:1:1\n  │\n1 │ Noodles here.\n  │ ^^^^^^^\n  │\n  = help: flagged only: there is no automatic fix\n\n1 warning in 1 file\n"
    );
    let colour = run(dir.path(), &[&args[..], &["--color", "always"]].concat());
    assert!(colour.stdout.contains("\u{1b}["), "{}", colour.stdout);
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_rewrites_the_target_and_keeps_the_link() {
    let dir = workspace();
    write(dir.path(), "real.txt", "Xiong an new area\n");
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).expect("symlink");
    let out = run_t(dir.path(), &["fix", "-q", "link.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(dir.path(), "real.txt"), b"Xiong'an New Area\n");
    let meta = std::fs::symlink_metadata(dir.path().join("link.txt")).expect("lstat");
    assert!(meta.file_type().is_symlink());
}

#[test]
fn markdown_files_are_fixed_in_prose_only() {
    let dir = workspace();
    let text = "# Xiong an new area\n\nSee `Xiong an new area` and [Xiong an](https://x.cn/Xiong-an).\n\n```\nXiong an new area\n```\n";
    write(dir.path(), "a.md", text);
    write(dir.path(), "a.txt", text);
    let fixed = run(dir.path(), &["fix", "-q", "a.md", "a.txt"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(
        String::from_utf8(read(dir.path(), "a.md")).expect("UTF-8"),
        "# Xiong'an New Area\n\nSee `Xiong an new area` and [Xiong'an](https://x.cn/Xiong-an).\n\n```\nXiong an new area\n```\n"
    );
    assert_eq!(
        String::from_utf8(read(dir.path(), "a.txt")).expect("UTF-8"),
        "# Xiong'an New Area\n\nSee `Xiong'an New Area` and [Xiong'an](https://x.cn/Xiong-an).\n\n```\nXiong'an New Area\n```\n",
        "a .txt file is all prose"
    );
}

#[test]
fn fix_jsonl_fixes_one_field_per_record_and_passes_bad_lines_through() {
    let dir = workspace();
    let input = "{\"id\":1,\"text\":\"Xiong an new area\",\"n\":1.50}\nbroken\n{\"id\":3,\"text\":\"ok\"}\n";
    let out = run_with(
        dir.path(),
        &["fix", "--jsonl", "--field", "text"],
        input.as_bytes(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "{\"id\":1,\"text\":\"Xiong'an New Area\",\"n\":1.50}\nbroken\n{\"id\":3,\"text\":\"ok\"}\n"
    );
    assert!(
        out.stderr
            .contains("<stdin>: 1 line(s) passed through unchanged"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("fixed 1 issue(s) in 1 of 3 record(s)"),
        "{}",
        out.stderr
    );
    let strict = run_with(
        dir.path(),
        &["fix", "--jsonl", "--field", "text", "--strict"],
        input.as_bytes(),
    );
    strict.assert_stderr_contains(
        2,
        "<stdin>: line 2: not a JSON object with a string at `text`",
    );
}
