//! The glossary rows of the bad-input matrix (issue 7): every way a glossary file can be wrong, each through the
//! built binary with its exact message (the glossary file, the line and column, the rule id), its exit code, and
//! the text file untouched by `fix`.
//!
//! A glossary that cannot be loaded stops every command before any text file is read: `check`, `fix`, `glossary
//! lint` and `glossary test` all print `mtfix: FILE:LINE:COLUMN: rule `ID`: message` on stderr and exit 2.
//! Glossaries that load but break a guarantee (a cycle between rules, one id in two files) are `glossary lint`
//! errors (exit 1); `check` and `fix` then stop with exit 2 at the first text they cannot settle, naming the rules.
//!
//! Rows already covered elsewhere: `tests/cli.rs` (`glossary_errors_exit_2_naming_file_line_and_rule`, an invalid
//! regex under `check`; `glossary_lint_finds_duplicate_variants_and_chains`, chains within one file), and the
//! glossary reader's unit tests in `src/glossary/parse.rs` and `src/glossary/regex.rs`. The full-size
//! 1,000,000-variant and 1,000,000-rule glossaries run in release builds only (`cargo test --release --test
//! glossary_bad_input`): in a debug build, parsing them alone takes minutes.

mod common;

use std::path::Path;

use common::{Output, run_mtfix, write};
use tempfile::TempDir;

/// A text the built-in glossaries would change: `fix` writing it would show.
const TEXT: &str = "Work in the Xiong an new area began.\r\nSecond line, no newline at the end";

const HEADER: &str = "[glossary]\nname = \"t\"\n\n";

/// A folder with `a.txt` (the text) and the glossary `bad.toml`.
fn workspace(glossary: impl AsRef<[u8]>) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.txt", TEXT);
    write(dir.path(), "bad.toml", glossary);
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_mtfix(dir, args, b"")
}

fn text_is_untouched(dir: &Path) {
    let after = std::fs::read(dir.join("a.txt")).expect("a.txt is still there");
    assert_eq!(after, TEXT.as_bytes(), "a.txt was changed");
}

/// Runs `check`, `fix`, `glossary lint` and `glossary test` with the glossary `name` in `dir` (without the
/// built-ins, which only make a debug build slower: one test loads them too): each must exit 2 with exactly
/// `message` on stderr (after `mtfix: `), print nothing on stdout, and leave `a.txt` byte for byte as it was.
fn rejected_everywhere(dir: &Path, name: &str, message: &str) {
    rejected_by(
        dir,
        &[
            &["check", "--no-builtin", "--glossary", name, "a.txt"],
            &["fix", "--no-builtin", "--glossary", name, "a.txt"],
            &["glossary", "lint", name],
            &["glossary", "test", name],
        ],
        message,
    );
}

/// [`rejected_everywhere`] for `fix` only: for the further cases of a row.
fn rejected_by_fix(dir: &Path, name: &str, message: &str) {
    rejected_by(
        dir,
        &[&["fix", "--no-builtin", "--glossary", name, "a.txt"]],
        message,
    );
}

fn rejected_by(dir: &Path, runs: &[&[&str]], message: &str) {
    for &args in runs {
        let out = run(dir, args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (2, "", format!("mtfix: {message}\n").as_str()),
            "mtfix {}",
            args.join(" ")
        );
        text_is_untouched(dir);
    }
}

/// One `[[pattern]]` rule `t/p` whose regex is `regex` (TOML literal string), at line 6, column 9.
fn pattern(regex: &str, replace: &str) -> String {
    format!(
        "{HEADER}[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = \"{replace}\"\n\
         examples = [{{ input = \"a\", output = \"x\" }}]\n"
    )
}

/// One `[[term]]` rule.
fn term(id: &str, variant: &str, replace: &str) -> String {
    format!(
        "[[term]]\nid = \"{id}\"\nmatch = [\"{variant}\"]\nreplace = \"{replace}\"\n\
         examples = [{{ input = \"{variant}\", output = \"{replace}\" }}]\nkeep = [\"{replace}\"]\n\n"
    )
}

// ---- the file itself --------------------------------------------------------------------------------------------

#[test]
fn invalid_toml_names_the_line_and_column() {
    let dir = workspace(format!("{HEADER}[[term]\nid = \"a\"\n"));
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:4:8: unclosed array table, expected `]`",
    );
    // With the built-in glossaries loaded first, the same.
    rejected_by(
        dir.path(),
        &[&["check", "--glossary", "bad.toml", "a.txt"]],
        "bad.toml:4:8: unclosed array table, expected `]`",
    );
    let dir = workspace(format!("{HEADER}[[term]]\nid = \"a\"\nmatch = [\"x\",\n"));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:6:14: unclosed array, expected `]`",
    );
}

#[test]
fn a_glossary_that_is_not_utf8_names_the_line_column_and_byte_offset() {
    let mut bytes = format!("{HEADER}[[term]]\nid = \"caf").into_bytes();
    bytes.extend_from_slice(b"\xe9\"\n"); // Latin-1 é
    let dir = workspace(bytes);
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:5:10: the file is not valid UTF-8 (invalid byte at offset 41)",
    );
}

#[test]
fn an_empty_glossary_file_says_so() {
    let dir = workspace("");
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:1:1: the file is empty: a glossary starts with a `[glossary]` table with `name = \"...\"`, then its rules",
    );
    let dir = workspace("\n# only comments\n\n");
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:1:1: no `[glossary]` table: a glossary starts with `[glossary]` and `name = \"...\"`",
    );
}

#[test]
fn a_missing_glossary_path_or_a_folder_is_named_with_the_reason_once() {
    let dir = workspace(HEADER);
    rejected_everywhere(
        dir.path(),
        "missing.toml",
        "missing.toml: cannot read the glossary: No such file or directory (os error 2)",
    );
    std::fs::create_dir(dir.path().join("folder.toml")).expect("mkdir");
    rejected_by_fix(
        dir.path(),
        "folder.toml",
        "folder.toml: cannot read the glossary: Is a directory (os error 21)",
    );
}

#[test]
fn unknown_keys_name_the_rule_and_the_key() {
    let dir = workspace(format!(
        "{HEADER}{}[[term]]\nid = \"b\"\nmatchh = [\"x\"]\nreplace = \"y\"\n",
        term("a", "Xiong an", "Xiong'an")
    ));
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:13:1: rule `t/b`: unknown field `matchh`, expected one of `id`, `match`, `regex`, `forms`, \
         `replace`, `action`, `message`, `source`, `safety`, `severity`, `case`, `pass`, `not_before`, `not_after`, \
         `requires`, `same`, `distinct`, `examples`, `keep`",
    );

    let dir = workspace("[glossary]\nname = \"t\"\ntitle = \"T\"\n");
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:3:1: unknown field `title`, expected `name` or `description`",
    );

    let dir = workspace(format!("{HEADER}[[terms]]\nid = \"a\"\n"));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:4:3: unknown field `terms`, expected one of `glossary`, `term`, `pattern`, `line`, `consistency`",
    );
}

// ---- regexes and templates --------------------------------------------------------------------------------------

#[test]
fn an_invalid_regex_is_named_at_its_key() {
    let dir = workspace(pattern("a(b", "x"));
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:6:9: rule `t/p`: invalid regex: regex parse error:\n    a(b\n     ^\nerror: unclosed group",
    );
    let dir = workspace(format!(
        "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nnot_before = '[z-a]'\n\
         examples = [{{ input = \"a\", output = \"b\" }}]\n"
    ));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:8:14: rule `t/t`: invalid not_before: regex parse error:\n    [z-a]\n     ^^^\n\
         error: invalid character class range, the start must be <= the end",
    );
}

#[test]
fn a_regex_over_the_size_limit_is_rejected_at_load_at_its_key() {
    const TOO_BIG: &str = "it compiles to more than 8 MiB, the limit for one regex (a counted repetition such \
                           as `\\w{500}` is compiled as that many copies); split or simplify it";
    let message = format!("bad.toml:6:9: rule `t/p`: invalid regex: {TOO_BIG}");
    rejected_everywhere(
        workspace(pattern(r"(?:a{1000}){1000}", "x")).path(),
        "bad.toml",
        &message,
    );
    for regex in [r"\w{5000}", r"(?:\pL{100}){100}"] {
        rejected_by_fix(workspace(pattern(regex, "x")).path(), "bad.toml", &message);
    }
    // Guards too, at their own key.
    let dir = workspace(format!(
        "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nnot_after = '\\w{{5000}} '\n\
         examples = [{{ input = \"a\", output = \"b\" }}]\n"
    ));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        &format!("bad.toml:8:13: rule `t/t`: invalid not_after: {TOO_BIG}"),
    );
}

#[test]
fn a_template_naming_a_missing_capture_is_named_at_replace() {
    let dir = workspace(pattern("(?P<n>a)b", "${m}"));
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        "bad.toml:7:11: rule `t/p`: template uses capture `m`, which the regex does not define (it has: n)",
    );
    let dir = workspace(pattern("(a)b", "${2|upper}"));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:7:11: rule `t/p`: template uses capture group 2, but the regex has only 1 group",
    );
}

#[test]
fn a_rule_that_matches_the_empty_string_is_rejected_at_load() {
    let message = |regex: &str| {
        format!(
            "bad.toml:6:9: rule `t/p`: regex {regex:?} can match the empty string, and an empty match can never \
             be a fix: make at least one character of it required"
        )
    };
    rejected_everywhere(
        workspace(pattern("a*", "x")).path(),
        "bad.toml",
        &message("a*"),
    );
    for regex in ["(?:)", "x?y?", r"\b", "(?m)^"] {
        rejected_by_fix(
            workspace(pattern(regex, "x")).path(),
            "bad.toml",
            &message(regex),
        );
    }
    // A line rule's regex too.
    let dir = workspace(format!(
        "{HEADER}[[line]]\nid = \"l\"\nregex = '^\\s*$'\naction = \"delete\"\n\
         examples = [{{ input = \"a\\n\\nb\", output = \"a\\nb\" }}]\n"
    ));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:6:9: rule `t/l`: regex \"^\\\\s*$\" can match the empty string, and an empty match can never be \
         a fix: make at least one character of it required",
    );
    // An empty term variant (or one of only spaces), and an empty consistency form.
    for variants in [r#"["x", ""]"#, r#"["x", "  "]"#] {
        let dir = workspace(format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = {variants}\nreplace = \"y\"\n\
             examples = [{{ input = \"x\", output = \"y\" }}]\n"
        ));
        rejected_by_fix(
            dir.path(),
            "bad.toml",
            "bad.toml:6:9: rule `t/t`: variant 2 of `match` is empty: an empty match can never be a fix",
        );
    }
    let dir = workspace(format!(
        "{HEADER}[[consistency]]\nid = \"c\"\nforms = [\"Xiongan\", \"\"]\n\
         examples = [{{ input = \"x\", output = \"x\" }}]\n"
    ));
    rejected_by_fix(
        dir.path(),
        "bad.toml",
        "bad.toml:6:9: rule `t/c`: `forms` needs at least two non-empty forms",
    );
}

// ---- size limits ------------------------------------------------------------------------------------------------

/// One term rule with `n` distinct variants: `v0`, `v1`, ... (`long`: `a long variant number 0000000`, ...).
fn many_variants(n: usize, long: bool) -> String {
    let mut out = format!("{HEADER}[[term]]\nid = \"many\"\nmatch = [\n");
    for i in 0..n {
        if long {
            out.push_str(&format!("  \"a long variant number {i:07}\",\n"));
        } else {
            out.push_str(&format!("  \"v{i}\",\n"));
        }
    }
    out.push_str("]\nreplace = \"x\"\nexamples = [{ input = \"v1\", output = \"x\" }]\n");
    out
}

/// `n` term rules of one variant each.
fn many_rules(n: usize) -> String {
    let mut out = HEADER.to_owned();
    for i in 0..n {
        out.push_str(&format!(
            "[[term]]\nid = \"r{i}\"\nmatch = [\"v{i}\"]\nreplace = \"x\"\nexamples = [{{ input = \"v{i}\", output = \"x\" }}]\n"
        ));
    }
    out
}

fn too_many_variants(line: usize) -> String {
    format!(
        "bad.toml:{line}:9: rule `t/many`: more than {} variants and forms in this glossary, the limit for one \
         glossary (the engine matches them all with one automaton, which grows with them)",
        mtfix::glossary::MAX_VARIANTS
    )
}

#[test]
fn one_variant_over_the_limit_is_a_clear_error() {
    let dir = workspace(many_variants(mtfix::glossary::MAX_VARIANTS + 1, false));
    rejected_everywhere(dir.path(), "bad.toml", &too_many_variants(6));
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "builds an automaton of 50,000 variants: slow in a debug build; run with --release"
)]
fn a_glossary_at_the_variant_limit_loads_and_works() {
    let dir = workspace(many_variants(mtfix::glossary::MAX_VARIANTS, false));
    let fixed = run_mtfix(
        dir.path(),
        &["fix", "--no-builtin", "-g", "bad.toml", "-q"],
        b"v7 and v49999, not v50000.",
    );
    assert_eq!((fixed.code, fixed.stderr.as_str()), (0, ""));
    assert_eq!(fixed.stdout, "x and x, not v50000.");
}

#[test]
fn a_glossary_file_over_the_size_limit_is_refused_before_it_is_parsed() {
    // 1,000,000 variants of 34 bytes a line: 34 MB, over the 16 MiB limit; refused after reading 16 MiB,
    // whatever the file holds (the same goes for 1,000,000 term rules, and for `/dev/zero`).
    let too_big = "bad.toml:1:1: the file is larger than 16 MiB, the limit for one glossary; split it into several glossaries";
    let dir = workspace(many_variants(1_000_000, true));
    rejected_everywhere(dir.path(), "bad.toml", too_big);
    let dir = workspace(many_rules(1_000_000));
    rejected_by_fix(dir.path(), "bad.toml", too_big);
    if Path::new("/dev/zero").exists() {
        rejected_by_fix(
            dir.path(),
            "/dev/zero",
            "/dev/zero:1:1: the file is larger than 16 MiB, the limit for one glossary; split it into several \
             glossaries",
        );
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "parses 5-13 MB glossaries: slow in a debug build; run with --release"
)]
fn a_million_variants_or_rules_within_the_size_limit_fail_with_the_limit_message() {
    // Short variants ("v0".."v999999", 12 bytes a line): 1,000,000 fit in 12 MB, under the byte limit.
    let dir = workspace(many_variants(1_000_000, false));
    rejected_everywhere(dir.path(), "bad.toml", &too_many_variants(6));

    // One rule over the rule limit (5 MB).
    let max = mtfix::glossary::MAX_RULES;
    let dir = workspace(many_rules(max + 1));
    let line = 4 + 5 * max;
    rejected_everywhere(
        dir.path(),
        "bad.toml",
        &format!(
            "bad.toml:{line}:1: more than {max} rules, the limit for one glossary; split it into several glossaries"
        ),
    );
}

// ---- rules that do not fit together ----------------------------------------------------------------------------

#[test]
fn a_cycle_between_term_rules_is_a_lint_error_naming_both_rules_and_lines() {
    let dir = workspace(format!(
        "{HEADER}{}{}",
        term("a", "Xiong an", "Xiongan"),
        term("b", "Xiongan", "Xiong an")
    ));
    let lint = run(dir.path(), &["glossary", "lint", "bad.toml"]);
    assert_eq!(lint.code, 1, "{}", lint.stderr);
    let cycle = lint
        .stdout
        .lines()
        .next()
        .expect("lint prints the cycle first");
    assert_eq!(
        cycle,
        "bad.toml:4:1: error[cycle]: rule `t/a`: cycle t/a → t/b → t/a: `t/a` (bad.toml:4:1) writes \"Xiongan\"; \
         `t/b` (bad.toml:11:1) rewrites \"Xiongan\" to \"Xiong an\"; `t/a` rewrites \"Xiong an\" again; `fix` never \
         settles on any of these texts: drop a variant or change a replacement"
    );
    assert!(
        !lint.stdout.contains("error[chain]"),
        "the cycle is reported once:\n{}",
        lint.stdout
    );

    // Across two files, and three rules long.
    let dir = workspace(format!(
        "{HEADER}{}{}",
        term("a", "Jing Jin Ji", "Beijing Tianjin Hebei"),
        term("c", "Jingjinji", "Jing Jin Ji")
    ));
    write(
        dir.path(),
        "house.toml",
        format!(
            "[glossary]\nname = \"house\"\n\n{}",
            term("b", "Beijing Tianjin Hebei", "Jingjinji")
        ),
    );
    let lint = run(dir.path(), &["glossary", "lint", "bad.toml", "house.toml"]);
    assert_eq!(lint.code, 1);
    assert_eq!(
        lint.stdout.lines().next(),
        Some(
            "bad.toml:4:1: error[cycle]: rule `t/a`: cycle t/a → house/b → t/c → t/a: `t/a` (bad.toml:4:1) writes \
             \"Beijing Tianjin Hebei\"; `house/b` (house.toml:4:1) rewrites \"Beijing Tianjin Hebei\" to \"Jingjinji\"; \
             `t/c` (bad.toml:11:1) rewrites \"Jingjinji\" to \"Jing Jin Ji\"; `t/a` rewrites \"Jing Jin Ji\" again; \
             `fix` never settles on any of these texts: drop a variant or change a replacement"
        ),
        "{}",
        lint.stdout
    );
}

#[test]
fn fix_on_a_cyclic_glossary_stops_at_the_round_limit_with_exit_2_and_the_file_untouched() {
    let dir = workspace(format!(
        "{HEADER}{}{}",
        term("a", "Xiong an new area", "Xiongan New Area"),
        term("b", "Xiongan", "Xiong an")
    ));
    let message = "a.txt: fixing did not converge after 8 rounds; rules still changing the text: t/a, t/b \
                   (a rule that fires on its own or another's output; `mtfix glossary lint` finds them)";
    let fix = run(
        dir.path(),
        &["fix", "--no-builtin", "-g", "bad.toml", "a.txt"],
    );
    assert_eq!(
        (fix.code, fix.stdout.as_str(), fix.stderr.as_str()),
        (2, "", format!("mtfix: {message}\n").as_str())
    );
    text_is_untouched(dir.path());

    let check = run(
        dir.path(),
        &["check", "--no-builtin", "-g", "bad.toml", "a.txt"],
    );
    assert_eq!(check.code, 2);
    assert_eq!(check.stderr, format!("mtfix: {message}\n"));

    // This cycle needs the text around the replacement ("Xiongan New Area" → "Xiong an New Area" → ...), so
    // lint finds it by running the rules, and names each with its place.
    let lint = run(dir.path(), &["glossary", "lint", "bad.toml"]);
    assert_eq!(lint.code, 1);
    assert!(
        lint.stdout.starts_with(
            "bad.toml:4:1: error[chain]: rule `t/a`: fixing its output never settles; rules still rewriting it: \
             `t/a` (bad.toml:4:1), `t/b` (bad.toml:11:1)\n"
        ),
        "{}",
        lint.stdout
    );

    // A cycle through patterns is found by running the rules: lint names every rule with its place.
    let dir = workspace(format!(
        "{HEADER}[[pattern]]\nid = \"p\"\nregex = 'x(\\d)'\nreplace = \"y${{1}}\"\n\
         examples = [{{ input = \"x1\", output = \"y1\" }}]\nkeep = [\"z\"]\n\n\
         [[pattern]]\nid = \"q\"\nregex = 'y(\\d)'\nreplace = \"x${{1}}\"\n\
         examples = [{{ input = \"y1\", output = \"x1\" }}]\nkeep = [\"z\"]\n"
    ));
    write(dir.path(), "a.txt", "x1\n");
    let fix = run(
        dir.path(),
        &["fix", "--no-builtin", "-g", "bad.toml", "a.txt"],
    );
    assert_eq!(fix.code, 2);
    assert_eq!(
        fix.stderr,
        "mtfix: a.txt: fixing did not converge after 8 rounds; rules still changing the text: t/p, t/q \
         (a rule that fires on its own or another's output; `mtfix glossary lint` finds them)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).expect("read"),
        "x1\n"
    );
    let lint = run(dir.path(), &["glossary", "lint", "bad.toml"]);
    assert_eq!(lint.code, 1);
    assert!(
        lint.stdout.starts_with(
            "bad.toml:4:1: error[chain]: rule `t/p`: fixing its output never settles; rules still rewriting it: \
             `t/p` (bad.toml:4:1), `t/q` (bad.toml:11:1)\n"
        ),
        "{}",
        lint.stdout
    );
}

#[test]
fn one_rule_id_in_two_glossary_files_is_an_error_naming_both_places() {
    let dir = workspace(format!("{HEADER}{}", term("x", "Xiong an", "Xiong'an")));
    write(
        dir.path(),
        "other.toml",
        format!(
            "{HEADER}{}",
            term("x", "Jing Jin Ji", "Beijing-Tianjin-Hebei")
        ),
    );
    let message =
        "mtfix: other.toml:4:1: rule `t/x`: duplicate rule id (first defined at bad.toml:4:1)\n";
    for args in [
        &["check", "-g", "bad.toml", "-g", "other.toml", "a.txt"][..],
        &[
            "fix",
            "--no-builtin",
            "-g",
            "bad.toml",
            "-g",
            "other.toml",
            "a.txt",
        ][..],
        &["glossary", "test", "bad.toml", "other.toml"][..],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (2, "", message),
            "mtfix {}",
            args.join(" ")
        );
        text_is_untouched(dir.path());
    }
    let lint = run(dir.path(), &["glossary", "lint", "bad.toml", "other.toml"]);
    assert_eq!(
        (lint.code, lint.stdout.as_str()),
        (
            1,
            "other.toml:4:1: error[duplicate-id]: rule `t/x`: rule id `t/x` is already defined at bad.toml:4:1\n\
             1 error, 0 warnings\n"
        )
    );
}
