//! mtfix in CI: walking trees (ignore files, hidden files, `--glob`, binary and non-UTF-8 files), HTML input,
//! `--stdin-filename`, `--changed-since`, `--fail-on never`, `--statistics`, and the SARIF, GitHub, JUnit and
//! GitLab formats, each checked against what its consumer requires. Output must not depend on `--threads`.

#[macro_use]
mod common;

use common::{Output, run_mtfix as run_in, write};

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// One safe term (error), one review pattern (warning) and one flag-only info rule whose message needs escaping.
const GLOSSARY: &str = xiongan_glossary!(
    r#"
[[term]]
id = "rnd"
match = ["research and development centre"]
replace = "R&D <Centre>"
message = "House style."
examples = [{ input = "research and development centre", output = "R&D <Centre>" }]

[[pattern]]
id = "beijing-and-beijing"
regex = 'Beijing and Beijing'
replace = "Beijing and Hebei"
safety = "review"
message = "京冀 is Beijing and Hebei."
examples = [{ input = "Beijing and Beijing", output = "Beijing and Hebei" }]

[[pattern]]
id = "percent"
regex = 'per cent'
severity = "info"
message = "100% sure:\nsay 'percent', not 'per cent'."
examples = [{ input = "per cent", output = "per cent" }]
"#
);

fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "g.toml", GLOSSARY);
    dir
}

/// `mtfix --no-config --no-builtin -g g.toml ARGS` in `dir`.
fn run_t(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--no-config", "--no-builtin", "-g", "g.toml"];
    all.extend_from_slice(args);
    run_in(dir, &all, b"")
}

/// `mtfix --no-config ARGS` in the repository (built-in glossaries).
fn run_repo(args: &[&str]) -> Output {
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &all, b"")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn sarif_passes_the_official_schema_and_has_what_github_reads() {
    let schema = json(include_str!("sarif-schema-2.1.0.json"));
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let out = run_repo(&["check", "--format", "sarif", "fixtures"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log = json(&out.stdout);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mtfix");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = driver["rules"].as_array().expect("rules");
    for rule in rules {
        for field in [
            "/id",
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
        ] {
            assert!(
                rule.pointer(field)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty()),
                "rule {field}: {rule}"
            );
        }
        assert!(
            ["error", "warning", "note"].contains(
                &rule["defaultConfiguration"]["level"]
                    .as_str()
                    .expect("level")
            )
        );
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 100);
    let mut uris = Vec::new();
    for result in results {
        let index =
            usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("usize");
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at ruleId"
        );
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(uri.starts_with("fixtures/") && !uri.contains('\\'), "{uri}");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[field].as_u64().is_some_and(|n| n >= 1),
                "{field}: {region}"
            );
        }
        assert!(
            result["partialFingerprints"]["mtfixFindingHash/v1"]
                .as_str()
                .is_some_and(|s| s.len() == 32)
        );
        if let Some(fixes) = result.get("fixes") {
            let replacement = &fixes[0]["artifactChanges"][0]["replacements"][0];
            assert_eq!(
                replacement["deletedRegion"]["startLine"],
                region["startLine"]
            );
            assert!(replacement["insertedContent"]["text"].is_string());
        }
        uris.push(uri.to_owned());
    }
    // Sorted path order.
    let mut sorted = uris.clone();
    sorted.sort();
    assert_eq!(uris, sorted);
    assert!(uris.iter().any(|u| u.ends_with(".html")) && uris.iter().any(|u| u.ends_with(".md")));
}

#[test]
fn sarif_columns_are_code_points_and_odd_names_are_valid_uris() {
    let dir = workspace();
    write(
        dir.path(),
        "docs/雄安 news.txt",
        "雄安新区 is the Xiong an new area.\n",
    );
    let out = run_t(dir.path(), &["check", "--format", "sarif", "docs"]);
    let log = json(&out.stdout);
    let result = &log["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "docs/%E9%9B%84%E5%AE%89%20news.txt"
    );
    assert_eq!(location["region"]["startColumn"], 13);
    assert_eq!(location["region"]["endColumn"], 30);
    let schema = json(include_str!("sarif-schema-2.1.0.json"));
    assert!(jsonschema::is_valid(&schema, &log));
}

#[test]
fn every_format_is_byte_identical_whatever_the_thread_count() {
    let dir = workspace();
    // More files than the workers may run ahead of the printing at one thread (32 per thread).
    for i in 0..120 {
        let body = match i % 4 {
            0 => "Work in the Xiong an new area.\nBeijing and Beijing met.\n".to_owned(),
            1 => format!("<p>{i} per cent of the Xiong an new area</p>\n"),
            2 => "# Title\n\n`Xiong an new area` and Xiong an new area.\n".to_owned(),
            _ => "clean text\n".to_owned(),
        };
        let ext = ["txt", "html", "md", "txt"][i % 4];
        write(dir.path(), &format!("tree/d{}/f{i:03}.{ext}", i % 7), body);
    }
    // Warnings on stderr: unused suppression comments (worked out on the workers), a skipped binary file.
    write(
        dir.path(),
        "tree/d3/suppressed.md",
        "<!-- mtfix-disable-next-line percent -->\nthe Xiong an new area\n<!-- mtfix-enable -->\n",
    );
    write(dir.path(), "tree/d5/binary.txt", b"bin\0ary");
    for format in [
        "human", "json", "jsonl", "sarif", "github", "junit", "gitlab",
    ] {
        let mut commands = vec![
            vec!["check", "--statistics", "--format", format, "tree"],
            vec!["check", "-q", "--format", format, "tree"],
            vec!["fix", "--diff", "--format", format, "tree"],
        ];
        if format == "human" {
            commands.push(vec!["check", "--color", "always", "tree"]);
        }
        for base in commands {
            let one = run_t(dir.path(), &[&base[..], &["--threads", "1"]].concat());
            let many = run_t(dir.path(), &[&base[..], &["--threads", "4"]].concat());
            let default = run_t(dir.path(), &base);
            assert_eq!(one.code, 1, "{base:?}: {}", one.stderr);
            assert!(!one.stdout.is_empty(), "{base:?}");
            if base[0] == "check" {
                assert!(
                    one.stderr.contains("unused suppression"),
                    "{base:?}: {}",
                    one.stderr
                );
            }
            assert!(
                one.stderr.contains("binary.txt"),
                "{base:?}: {}",
                one.stderr
            );
            for other in [&many, &default] {
                assert_eq!(one.stdout, other.stdout, "{base:?}: stdout differs");
                assert_eq!(one.stderr, other.stderr, "{base:?}: stderr differs");
                assert_eq!(one.code, other.code, "{base:?}");
            }
        }
    }
}

#[test]
fn github_annotations_are_escaped_and_summarised_past_ten() {
    let dir = workspace();
    write(
        dir.path(),
        "a,b:c.txt",
        "It rose 5 per cent in the Xiong an new area.\n",
    );
    let out = run_t(dir.path(), &["check", "--format", "github", "a,b:c.txt"]);
    assert_eq!(
        out.stdout,
        concat!(
            "::notice file=a%2Cb%3Ac.txt,line=1,col=11,endLine=1,endColumn=19,title=t/percent::",
            "100%25 sure:%0Asay 'percent', not 'per cent'.\n",
            "::error file=a%2Cb%3Ac.txt,line=1,col=27,endLine=1,endColumn=44,title=t/xiongan::",
            "Official name. Replace \"Xiong an new area\" with \"Xiong'an New Area\".\n",
        )
    );
    // Past GitHub's ten annotations of a level per step, a summary notice gives the totals.
    write(dir.path(), "many.txt", "Xiong an new area.\n".repeat(12));
    let out = run_t(dir.path(), &["check", "--format", "github", "many.txt"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(
        lines[12],
        "::notice title=mtfix summary::mtfix found 12 errors in 1 file; 12 fixable with `mtfix fix`. GitHub shows at most 10 annotations of each level per step: run `mtfix check` for all of them."
    );
}

#[test]
fn junit_is_one_testcase_per_file_and_one_failure_per_finding() {
    let dir = workspace();
    write(
        dir.path(),
        "docs/a.txt",
        "Xiong an new area & per cent <x>\n",
    );
    write(dir.path(), "docs/b.txt", "clean\n");
    write(dir.path(), "docs/c.md", "Beijing and Beijing\n");
    let out = run_t(dir.path(), &["check", "--format", "junit", "docs"]);
    assert_eq!(out.code, 1);
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = root
        .children()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a testsuite");
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    assert_eq!(suite.attribute("tests"), Some("3"));
    let failing = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(
        suite.attribute("failures"),
        Some(failing.to_string().as_str())
    );
    assert_eq!(root.attribute("failures"), Some("2"));
    let names: Vec<_> = cases
        .iter()
        .map(|c| c.attribute("name").expect("name"))
        .collect();
    assert_eq!(names, ["docs/a.txt", "docs/b.txt", "docs/c.md"]);
    for case in &cases {
        assert_eq!(case.attribute("classname"), Some("mtfix"));
    }
    let failures: Vec<_> = cases[0]
        .children()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].attribute("type"), Some("t/xiongan"));
    assert!(
        failures[0]
            .attribute("message")
            .expect("message")
            .starts_with("1:1: Official name.")
    );
    assert!(
        failures[1]
            .text()
            .expect("text")
            .contains("100% sure:\nsay")
    );
}

#[test]
fn gitlab_code_quality_has_required_fields_and_line_independent_fingerprints() {
    let dir = workspace();
    let body = "Xiong an new area and Xiong an new area.\nper cent\n";
    write(dir.path(), "a.md", body);
    let out = run_t(dir.path(), &["check", "--format", "gitlab", "a.md"]);
    let issues = json(&out.stdout);
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 3);
    let mut fingerprints = Vec::new();
    for issue in issues {
        assert!(issue["description"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(
            issue["check_name"]
                .as_str()
                .is_some_and(|s| s.starts_with("t/"))
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().expect("severity"))
        );
        assert_eq!(issue["location"]["path"], "a.md");
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|n| n >= 1)
        );
        fingerprints.push(
            issue["fingerprint"]
                .as_str()
                .expect("fingerprint")
                .to_owned(),
        );
    }
    let mut unique = fingerprints.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        3,
        "two occurrences of one text get distinct fingerprints"
    );
    // Lines added above a finding change its line, not its fingerprint.
    write(
        dir.path(),
        "a.md",
        format!("# New heading\n\nIntro.\n\n{body}"),
    );
    let moved = json(&run_t(dir.path(), &["check", "--format", "gitlab", "a.md"]).stdout);
    let moved: Vec<&str> = moved
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    assert_eq!(moved, fingerprints);
}

#[test]
fn walking_honours_ignore_files_hidden_files_and_globs_and_skips_binary_and_non_utf8() {
    let dir = workspace();
    let garble = "Xiong an new area\n";
    for name in [
        "t/a.txt",
        "t/b.html",
        "t/c.htm",
        "t/d.md",
        "t/e.rs",
        "t/f.jsonl",
        "t/.hidden.txt",
        "t/.dot/g.txt",
        "t/ignored/h.txt",
        "t/drafts/i.txt",
        "t/skip.txt",
    ] {
        write(dir.path(), name, garble);
    }
    write(dir.path(), "t/.ignore", "ignored/\n");
    write(dir.path(), "t/.gitignore", "skip.txt\n");
    write(dir.path(), "t/bin.txt", b"Xiong an new area\0\x01\x02");
    write(dir.path(), "t/latin1.md", b"Xiong an new area caf\xe9\n");
    let paths = |out: &Output| -> Vec<String> {
        out.stdout
            .lines()
            .map(|l| json(l)["path"].as_str().expect("path").to_owned())
            .collect()
    };
    let out = run_t(dir.path(), &["check", "--format", "jsonl", "t"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        paths(&out),
        ["t/a.txt", "t/b.html", "t/c.htm", "t/d.md", "t/drafts/i.txt"]
    );
    assert_eq!(
        out.stderr,
        "mtfix: warning: t/bin.txt: binary file (NUL byte at offset 17): skipped\n\
         mtfix: warning: t/latin1.md: not valid UTF-8 (invalid byte at offset 21): skipped\n"
    );

    let out = run_t(dir.path(), &["check", "--format", "jsonl", "--hidden", "t"]);
    assert_eq!(
        paths(&out),
        [
            "t/.dot/g.txt",
            "t/.hidden.txt",
            "t/a.txt",
            "t/b.html",
            "t/c.htm",
            "t/d.md",
            "t/drafts/i.txt"
        ]
    );
    let out = run_t(
        dir.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--glob",
            "*.txt",
            "--glob",
            "!drafts/**",
            "t",
        ],
    );
    // As in ripgrep, a file a --glob selects is taken even if hidden or ignored (ignored folders stay unwalked).
    assert_eq!(paths(&out), ["t/.hidden.txt", "t/a.txt", "t/skip.txt"]);
    let out = run_t(
        dir.path(),
        &["check", "--format", "jsonl", "--glob", "!*.md", "t"],
    );
    assert_eq!(
        paths(&out),
        ["t/a.txt", "t/b.html", "t/c.htm", "t/drafts/i.txt"]
    );

    // fix never touches skipped files, and exits 0 once the rest is fixed.
    let out = run_t(dir.path(), &["fix", "-q", "t"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("t/bin.txt")).expect("read"),
        b"Xiong an new area\0\x01\x02"
    );
    assert_eq!(
        std::fs::read(dir.path().join("t/latin1.md")).expect("read"),
        b"Xiong an new area caf\xe9\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t/a.txt")).expect("read"),
        "Xiong'an New Area\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t/e.rs")).expect("read"),
        garble
    );

    // Named explicitly, a binary or non-UTF-8 file is an error (exit 2), and the others are still checked.
    let out = run_t(
        dir.path(),
        &["check", "-q", "t/latin1.md", "t/bin.txt", "t/skip.txt"],
    );
    out.assert_stderr_contains(
        2,
        "mtfix: t/latin1.md: not valid UTF-8: invalid byte at offset 21; file left untouched",
    );
    assert!(
        out.stderr
            .contains("mtfix: t/bin.txt: binary file (NUL byte at offset 17); file left untouched")
    );
    assert!(out.stdout.contains("t/skip.txt:1:1"));
}

#[test]
fn stdin_filename_gives_syntax_and_path_and_html_replacements_are_encoded() {
    let dir = workspace();
    let html = "<p title=\"Xiong an new area\">Our research and development centre in the <code>Xiong an new area</code> Xiong an new area</p>\n";
    let out = run_in(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "-g",
            "g.toml",
            "check",
            "--format",
            "jsonl",
            "--stdin-filename",
            "news/page.html",
        ],
        html.as_bytes(),
    );
    let findings: Vec<Value> = out.stdout.lines().map(json).collect();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["path"], "news/page.html");
    assert_eq!(findings[0]["replacement"], "R&amp;D &lt;Centre&gt;");
    let out = run_in(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "-g",
            "g.toml",
            "fix",
            "-q",
            "--stdin-filename",
            "page.html",
        ],
        html.as_bytes(),
    );
    assert_eq!(
        out.stdout,
        "<p title=\"Xiong an new area\">Our R&amp;D &lt;Centre&gt; in the <code>Xiong an new area</code> Xiong'an New Area</p>\n"
    );
    // Without a name, stdin is plain text: everything is prose.
    let out = run_in(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "-g",
            "g.toml",
            "check",
            "-q",
            "--format",
            "jsonl",
        ],
        html.as_bytes(),
    );
    assert_eq!(out.stdout.lines().count(), 4);
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changed_since_reports_and_fixes_only_lines_changed_since_a_revision() {
    let dir = workspace();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).expect("mkdir");
    git(&repo, &["init", "-q"]);
    write(
        &repo,
        "docs/a.txt",
        "Old Xiong an new area.\nKept.\nOld Xiong an new area again.\n",
    );
    write(&repo, "docs/same.txt", "Xiong an new area, untouched.\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    // The pull request adds a line in the middle and a new file.
    write(
        &repo,
        "docs/a.txt",
        "Old Xiong an new area.\nKept.\nNew Xiong an new area.\nOld Xiong an new area again.\n",
    );
    write(&repo, "docs/new.txt", "Xiong an new area.\n");
    let g = dir.path().join("g.toml");
    let g = g.to_str().expect("UTF-8");
    let run = |args: &[&str]| {
        let mut all = vec!["--no-config", "--no-builtin", "-g", g];
        all.extend_from_slice(args);
        run_in(&repo, &all, b"")
    };
    let out = run(&[
        "check",
        "--format",
        "jsonl",
        "--changed-since",
        "HEAD",
        "docs",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let found: Vec<(String, u64)> = out
        .stdout
        .lines()
        .map(|l| {
            let v = json(l);
            (
                v["path"].as_str().expect("path").to_owned(),
                v["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("docs/a.txt".to_owned(), 3), ("docs/new.txt".to_owned(), 1)]
    );
    let out = run(&["check", "-q", "--changed-since", "HEAD", "docs/same.txt"]);
    assert_eq!(out.code, 0);

    let out = run(&["fix", "-q", "--changed-since", "HEAD", "docs"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(repo.join("docs/a.txt")).expect("read"),
        "Old Xiong an new area.\nKept.\nNew Xiong'an New Area.\nOld Xiong an new area again.\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("docs/same.txt")).expect("read"),
        "Xiong an new area, untouched.\n"
    );

    // A bad revision, or a file outside any repository, is an error naming the option.
    let out = run(&["check", "--changed-since", "no-such-ref", "docs/a.txt"]);
    out.assert_stderr_contains(2, "--changed-since no-such-ref");
}

#[test]
fn fail_on_never_exits_0_and_statistics_count_per_rule_on_stderr() {
    let dir = workspace();
    write(
        dir.path(),
        "a.txt",
        "Xiong an new area, Xiong an new area, per cent, Beijing and Beijing\n",
    );
    let out = run_t(
        dir.path(),
        &["check", "-q", "--fail-on", "never", "--statistics", "a.txt"],
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr,
        " count  fixable  severity  rule\n     \
         2        2  error     t/xiongan\n     \
         1        0  warning   t/beijing-and-beijing\n     \
         1        0  info      t/percent\n     \
         4        2            (total)\n"
    );
    let out = run_t(
        dir.path(),
        &["fix", "--diff", "-q", "--fail-on", "never", "a.txt"],
    );
    assert_eq!(out.code, 0);
    let out = run_t(dir.path(), &["check", "-q", "--fail-on", "info", "a.txt"]);
    assert_eq!(out.code, 1);
}
