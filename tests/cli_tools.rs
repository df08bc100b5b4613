//! End-to-end tests of the translator-facing tools: `glossary import|fmt|lint`, `mtfix.toml`, suppression
//! comments, `config show` and `rules` filters. Each test works in a temporary folder.

#[macro_use]
mod common;

use common::{Output, run_mtfix, write};
use std::path::Path;

use tempfile::TempDir;

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

fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "g.toml", GLOSSARY);
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("read test file")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_mtfix(dir, args, b"")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/glossaries")
        .join(name)
        .display()
        .to_string()
}

// ---- glossary import ----------------------------------------------------------------------------------------

#[test]
fn import_writes_a_glossary_that_check_uses() {
    let dir = workspace();
    let tbx = fixture("house-v2.tbx");
    let out = run_in(
        dir.path(),
        &[
            "glossary",
            "import",
            &tbx,
            "-o",
            "house.toml",
            "--name",
            "house",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("concept `state-council`: no deprecated or forbidden English term"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with("wrote house (4 rules) to house.toml\n"),
        "{}",
        out.stderr
    );
    assert!(read(dir.path(), "house.toml").contains("name = \"house\""));

    let lint = run_in(dir.path(), &["glossary", "lint", "house.toml"]);
    assert_eq!(
        (lint.code, lint.stdout.as_str()),
        (0, "0 errors, 0 warnings\n")
    );

    write(
        dir.path(),
        "draft.txt",
        "Delegates to the two sessions praised One Belt One Road.\n",
    );
    let check = run_in(
        dir.path(),
        &[
            "check",
            "--no-builtin",
            "-g",
            "house.toml",
            "--format",
            "jsonl",
            "draft.txt",
        ],
    );
    assert_eq!(check.code, 1);
    let rules: Vec<&str> = check
        .stdout
        .lines()
        .map(|l| {
            l.split("\"rule\":\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        rules,
        ["house/two-sessions-case", "house/belt-and-road-initiative"]
    );

    // The term base itself works with -g, converted in memory.
    let direct = run_in(
        dir.path(),
        &["fix", "--stdout", "--no-builtin", "-g", &tbx, "draft.txt"],
    );
    assert_eq!(
        direct.stdout,
        "Delegates to the Two Sessions praised Belt and Road Initiative.\n"
    );
}

#[test]
fn import_prints_to_stdout_and_reports_ambiguous_concepts_with_exit_2() {
    let dir = workspace();
    let out = run_in(dir.path(), &["glossary", "import", &fixture("desk.tsv")]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("id = \"river-chief-system\""),
        "{}",
        out.stdout
    );

    write(
        dir.path(),
        "bad.tbx",
        "<?xml version=\"1.0\"?>\n<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\" xml:lang=\"en\"><text><body>\n\
         <conceptEntry id=\"c9\"><langSec xml:lang=\"en\">\
         <termSec><term>A</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></termSec>\
         <termSec><term>B</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></termSec>\
         </langSec></conceptEntry>\n</body></text></tbx>\n",
    );
    let bad = run_in(
        dir.path(),
        &["glossary", "import", "bad.tbx", "-o", "bad.toml"],
    );
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stdout, "");
    assert_eq!(
        bad.stderr,
        "mtfix: error: bad.tbx:3:1: concept `c9`: two preferred English terms (\"A\", \"B\"): keep one \
         `preferredTerm-admn-sts`, mark the others admitted or deprecated\n\
         mtfix: bad.tbx: 1 problem not imported; nothing written\n"
    );
    assert!(!dir.path().join("bad.toml").exists());
    let with_g = run_in(dir.path(), &["check", "-g", "bad.tbx", "-"]);
    with_g.assert_stderr_starts_with(2, "mtfix: bad.tbx:3:1: concept `c9`: two preferred");
}

// ---- glossary fmt -------------------------------------------------------------------------------------------

#[test]
fn fmt_check_names_files_and_fmt_rewrites_them() {
    let dir = workspace();
    write(
        dir.path(),
        "messy.toml",
        "[glossary]\nname = \"m\"\n\n[[term]]\nid = \"b\"\nmatch = [\"b b\"]\nreplace = \"bb\" # why\nexamples = [{ input = \"b b\", output = \"bb\" }]\n\n# A first.\n[[term]]\nid = \"a\"\nmatch = [\"a a\"]\nreplace = \"aa\"\nexamples = [{ input = \"a a\", output = \"aa\" }]\n",
    );
    let check = run_in(dir.path(), &["glossary", "fmt", "--check", "messy.toml"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stderr,
        "messy.toml: not in canonical form (run `mtfix glossary fmt messy.toml`)\n"
    );
    let fmt = run_in(dir.path(), &["glossary", "fmt", "messy.toml"]);
    assert_eq!(
        (fmt.code, fmt.stderr.as_str()),
        (0, "formatted messy.toml\n")
    );
    let text = read(dir.path(), "messy.toml");
    assert!(
        text.find("# A first.\n[[term]]\nid = \"a\"") < text.find("id = \"b\""),
        "{text}"
    );
    assert!(text.contains("replace = \"bb\" # why"), "{text}");
    assert_eq!(
        run_in(dir.path(), &["glossary", "fmt", "--check", "messy.toml"]).code,
        0
    );

    write(
        dir.path(),
        "broken.toml",
        "[glossary]\nname = \"b\"\n[[term]]\nid = \"x\"\n",
    );
    let broken = run_in(dir.path(), &["glossary", "fmt", "broken.toml"]);
    broken.assert_stderr_starts_with(2, "mtfix: broken.toml:3:1: rule `b/x`");
}

// ---- glossary lint ------------------------------------------------------------------------------------------

fn lint(body: &str) -> Output {
    let dir = workspace();
    write(
        dir.path(),
        "l.toml",
        format!("[glossary]\nname = \"l\"\n{body}"),
    );
    run_in(dir.path(), &["glossary", "lint", "l.toml"])
}

#[test]
fn lint_reports_a_rule_that_fires_on_its_own_replacement() {
    // Terms never fire where their replacement already stands; a pattern whose output still matches does.
    let out = lint(
        "[[pattern]]\nid = \"hebei\"\nregex = 'Hebei'\nreplace = \"Hebei Province\"\nsafety = \"review\"\n\
         examples = [{ input = \"in Hebei\", output = \"in Hebei Province\" }]\n",
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "l.toml:3:1: error[self-match]: rule `l/hebei`: the rule fires on its own replacement"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn lint_reports_shadowed_rules_as_warnings() {
    let out = lint(
        "[[term]]\nid = \"long\"\nmatch = [\"river length system\"]\nreplace = \"river chief system\"\nexamples = [{ input = \"river length system\", output = \"river chief system\" }]\nkeep = [\"x\"]\n\
         [[term]]\nid = \"short\"\nmatch = [\"length system\"]\nreplace = \"chief system\"\nexamples = [{ input = \"river length system\", output = \"river chief system\" }]\nkeep = [\"x\"]\n",
    );
    assert!(
        out.stdout
            .contains("l.toml:9:1: warning[shadowed]: rule `l/short`: shadowed by `l/long`"),
        "{}",
        out.stdout
    );
}

#[test]
fn lint_reports_failing_keeps_and_missing_keeps_with_places() {
    // (A regex that matches the empty string is a load error now: tests/glossary_bad_input.rs.)
    let out = lint(
        "[[pattern]]\nid = \"p\"\nregex = 'x+'\nreplace = \"y\"\nexamples = [{ input = \"x\", output = \"y\" }]\nkeep = [\"z x\"]\n\
         [[term]]\nid = \"t\"\nmatch = [\"a b\"]\nreplace = \"ab\"\nexamples = [{ input = \"a b\", output = \"ab\" }]\n",
    );
    assert_eq!(out.code, 1);
    for expected in [
        "l.toml:3:1: error[example]: rule `l/p`: keep \"z x\"",
        "l.toml:9:1: warning[no-keep]: rule `l/t`",
    ] {
        assert!(out.stdout.contains(expected), "{expected}\n{}", out.stdout);
    }
}

// ---- mtfix.toml ---------------------------------------------------------------------------------------------

const ARTICLE: &str = "Work in the Xiong an new area.\nBeijing and Beijing met.\n";

#[test]
fn config_disables_overrides_and_is_found_in_parent_folders() {
    let dir = workspace();
    write(
        dir.path(),
        "mtfix.toml",
        "builtin = false\nglossaries = [\"g.toml\"]\ndisable = [\"t/*\"]\nenable = [\"beijing-and-beijing\"]\n\n[safety]\n\"t/beijing-and-beijing\" = \"safe\"\n[severity]\n\"t/beijing-and-beijing\" = \"info\"\n",
    );
    write(dir.path(), "sub/a.txt", ARTICLE);
    let out = run_in(&dir.path().join("sub"), &["fix", "--stdout", "a.txt"]);
    assert_eq!(
        out.stdout, "Work in the Xiong an new area.\nBeijing and Hebei met.\n",
        "{}",
        out.stderr
    );
    let rules = run_in(&dir.path().join("sub"), &["rules"]);
    assert_eq!(
        rules.stdout,
        "t/beijing-and-beijing  pattern  safe    info     京冀 is Beijing and Hebei.\n"
    );
    // --no-config ignores it.
    let plain = run_in(
        &dir.path().join("sub"),
        &["--no-config", "--no-builtin", "-g", "../g.toml", "rules"],
    );
    assert_eq!(plain.stdout.lines().count(), 2);
}

#[test]
fn config_errors_exit_2_with_file_line_and_column() {
    let dir = workspace();
    write(
        dir.path(),
        "mtfix.toml",
        "disable = [\"x\"]\nexclude_paths = [\"drafts\"]\n",
    );
    let out = run_in(dir.path(), &["check", "-"]);
    out.assert_stderr_starts_with(2, "mtfix: invalid configuration: ");
    assert!(
        out.stderr
            .contains("mtfix.toml:2:1: config: unknown field `exclude_paths`"),
        "{}",
        out.stderr
    );

    write(
        dir.path(),
        "other.toml",
        "[severity]\n\"t/xiongan\" = \"fatal\"\n",
    );
    let bad = run_in(dir.path(), &["--config", "other.toml", "rules"]);
    bad.assert_stderr_contains(2, "other.toml:2:15: config: unknown variant `fatal`");

    write(dir.path(), "missing.toml", "glossaries = [\"nope.toml\"]\n");
    let missing = run_in(dir.path(), &["--config", "missing.toml", "rules"]);
    missing.assert_stderr_starts_with(
        2,
        "mtfix: missing.toml:1:15: glossary listed in the config file: ",
    );
}

#[test]
fn config_excludes_paths_and_sets_the_format() {
    let dir = workspace();
    write(
        dir.path(),
        "mtfix.toml",
        "builtin = false\nglossaries = [\"g.toml\"]\nexclude = [\"drafts/**\"]\nformat = \"jsonl\"\n",
    );
    write(dir.path(), "articles/a.txt", ARTICLE);
    write(dir.path(), "drafts/b.txt", ARTICLE);
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    assert!(
        out.stdout.lines().all(|l| l.contains("articles")),
        "{}",
        out.stdout
    );
    let human = run_in(dir.path(), &["check", "--format", "human", "-q", "."]);
    assert!(
        human.stdout.starts_with("error[t/xiongan]"),
        "{}",
        human.stdout
    );
}

#[test]
fn config_show_prints_each_value_and_its_origin() {
    let dir = workspace();
    write(
        dir.path(),
        "mtfix.toml",
        "builtin = false\nglossaries = [\"g.toml\"]\ndisable = [\"t/*\"]\n[severity]\nxiongan = \"warning\"\n",
    );
    let out = run_in(
        dir.path(),
        &["config", "show", "-g", "cn-news", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = dir.path().display().to_string();
    let canonical = std::fs::canonicalize(dir.path())
        .expect("canonical")
        .display()
        .to_string();
    let shown = out
        .stdout
        .replace(&canonical, "ROOT")
        .replace(&root, "ROOT");
    insta::assert_snapshot!(shown);
}

// ---- suppression comments -----------------------------------------------------------------------------------

#[test]
fn suppression_comments_switch_rules_off_and_unused_ones_are_reported() {
    let dir = workspace();
    let text = "<!-- mtfix-disable-next-line xiongan -->\nthe Xiong an new area\n\
                <!-- mtfix-disable -->\nthe Xiong an new area\n<!-- mtfix-enable -->\n\
                mtfix: disable-next-line beijing-and-beijing\nnothing here\nthe Xiong an new area\n";
    write(dir.path(), "a.md", text);
    let out = run_in(
        dir.path(),
        &[
            "--no-builtin",
            "-g",
            "g.toml",
            "check",
            "--format",
            "jsonl",
            "a.md",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stdout.contains("\"line\":8"), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "mtfix: warning: a.md:6:1: unused suppression `mtfix: disable-next-line beijing-and-beijing`: no finding to switch off\n"
    );
    let fixed = run_in(
        dir.path(),
        &["--no-builtin", "-g", "g.toml", "fix", "--stdout", "a.md"],
    );
    assert_eq!(
        fixed.stdout,
        text.replacen(
            "nothing here\nthe Xiong an new area",
            "nothing here\nthe Xiong'an New Area",
            1
        )
    );
}

// ---- rules and explain --------------------------------------------------------------------------------------

#[test]
fn rules_filter_by_glossary_kind_and_safety() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &[
            "-g", "g.toml", "rules", "t", "--kind", "pattern", "--safety", "review", "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0);
    let rules: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let ids: Vec<&str> = rules
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["t/beijing-and-beijing"]);
    let unknown = run_in(dir.path(), &["rules", "no-such-glossary"]);
    assert_eq!(unknown.code, 2);
    let explain = run_in(dir.path(), &["-g", "g.toml", "explain", "xiongan"]);
    assert!(
        explain.stdout.contains("defined at: g.toml:4:1"),
        "{}",
        explain.stdout
    );
}

#[test]
fn import_of_a_missing_file_names_it_and_gives_the_reason_once() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &["glossary", "import", "missing.tbx", "-o", "out.toml"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: missing.tbx: No such file or directory (os error 2)\n"
    );
    assert!(!dir.path().join("out.toml").exists());
}
