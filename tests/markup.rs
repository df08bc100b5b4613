//! Markdown and HTML documents: rules edit prose only; code, links, raw HTML, tags and front matter keep every
//! byte; and no edit changes the document's structure (emphasis, links and images stay what they were; no
//! character reference is created or extended, in either syntax; HTML replacements are written encoded).

mod common;

use std::sync::LazyLock;

use common::{run_mtfix, write};
use mtfix::markup::Syntax;
use mtfix::{Engine, FixOptions, Outcome, Safety, Status};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// Fixes Markdown `text` at the safe level through the library, as the command line does: the front end's
/// protected spans, then `Syntax::fix`.
fn fix_outcome(text: &str) -> Outcome {
    fix_syntax(Syntax::Markdown, text)
}

/// Fixes `text` of `syntax` at the safe level as the command line does.
/// `(rule id, span, replacement, applied)` of every finding.
fn summary(outcome: &Outcome) -> Vec<(&'static str, std::ops::Range<usize>, Option<&str>, bool)> {
    outcome
        .findings
        .iter()
        .map(|f| {
            (
                ENGINE.rule(f.rule).id.as_str(),
                f.span.clone(),
                f.replacement(),
                f.status(outcome.level) == Status::Applied,
            )
        })
        .collect()
}

fn fix_syntax(syntax: Syntax, text: &str) -> Outcome {
    let options = FixOptions {
        protected: syntax.protected(text),
        ..FixOptions::new(Safety::Safe)
    };
    syntax.fix(&ENGINE, text, &options).expect("converges")
}

fn fix_markdown(text: &str) -> String {
    fix_outcome(text).text
}

/// Asserts that each input fixes to its expected output, and that fixing that output changes nothing.
fn assert_fixes(cases: &[(&str, &str)]) {
    for &(input, expected) in cases {
        assert_eq!(fix_markdown(input), expected, "fixing {input:?}");
        assert_eq!(
            fix_markdown(expected),
            expected,
            "fixing again {expected:?}"
        );
    }
}

#[test]
fn only_prose_changes_in_markdown() {
    let text = concat!(
        "---\n",
        "title: Xiong an new area (2018-2020 years)\n",
        "---\n\n",
        "# Work in Xiong an new area\n\n",
        "Since the eighteen Party of the party, see [Xiong an new area](https://example.com/Xiong-an-new-area).\n",
        "The plan ran in Xiong an\n",
        "new area (2018-2020 years).\n\n",
        "```text\n",
        "Xiong an new area (2018-2020 years)\n",
        "```\n\n",
        "Inline `Xiong an new area` stays; <span title=\"Xiong an new area\">raw</span> too.\n",
    );
    assert_eq!(
        fix_markdown(text),
        concat!(
            "---\n",
            "title: Xiong an new area (2018-2020 years)\n",
            "---\n\n",
            "# Work in Xiong'an New Area\n\n",
            "Since the 18th Party Congress, see [Xiong'an New Area](https://example.com/Xiong-an-new-area).\n",
            "The plan ran in Xiong'an New Area (2018-2020).\n\n",
            "```text\n",
            "Xiong an new area (2018-2020 years)\n",
            "```\n\n",
            "Inline `Xiong an new area` stays; <span title=\"Xiong an new area\">raw</span> too.\n",
        )
    );
}

#[test]
fn syntax_follows_the_file_extension() {
    use std::path::Path;
    assert_eq!(Syntax::of_path(Path::new("a/b.md")), Syntax::Markdown);
    assert_eq!(Syntax::of_path(Path::new("b.Markdown")), Syntax::Markdown);
    assert_eq!(Syntax::of_path(Path::new("b.txt")), Syntax::Plain);
    assert!(Syntax::Plain.protected("`code`").is_empty());
}

/// A rule that adds a space after a converted mark (`：` → `: `) or before one (`（` → ` (`) does not put it next to
/// an emphasis delimiter, where CommonMark would no longer read the delimiter as one: the delimiter's other side
/// already has the space.
#[test]
fn no_space_is_added_next_to_an_emphasis_delimiter() {
    assert_fixes(&[
        ("**Reporter：** Wang Wei\n", "**Reporter:** Wang Wei\n"),
        ("*Xinhua，* said\n", "*Xinhua,* said\n"),
        ("**（Xinhua）** text\n", "**(Xinhua)** text\n"),
        ("(*Xinhua，*)\n", "(*Xinhua,*)\n"),
        ("> *。，* ", "> *.,* "),
    ]);
}

/// Away from a delimiter the rules write their spaces as always.
#[test]
fn spaces_away_from_delimiters_are_written_as_always() {
    assert_fixes(&[
        ("**Reporter**：Wang Wei\n", "**Reporter**: Wang Wei\n"),
        ("Reporter：Wang Wei\n", "Reporter: Wang Wei\n"),
        ("the plan（draft）was\n", "the plan (draft) was\n"),
    ]);
}

/// A bracket a rule writes into link text or image alt text would end it early (or open a new one), so it is
/// written escaped; the link, its destination and its title stay as they were.
#[test]
fn a_bracket_written_into_link_text_is_escaped() {
    assert_fixes(&[
        (
            "A ![【](https://example.com/a.png).\n",
            "A ![\\[](https://example.com/a.png).\n",
        ),
        (
            "[Xinhua】](https://example.com/x \"Xiong an new area\")\n",
            "[Xinhua\\]](https://example.com/x \"Xiong an new area\")\n",
        ),
        // In plain prose a converted bracket makes no link, so it needs no escape.
        ("【Xinhua】 reports\n", "[Xinhua] reports\n"),
    ]);
}

/// Later passes read the text as reviewed: here the colon rule is silent before `】` (a closing mark) but not
/// before the escaped `\]` that replaces it, so the colon is converted in the next round, and fixing the result
/// again changes nothing.
#[test]
fn later_rules_see_an_escaped_bracket() {
    assert_fixes(&[(
        "[Xinhua：】](https://example.com/x)\n",
        "[Xinhua: \\]](https://example.com/x)\n",
    )]);
}

/// An edit that would change the structure in every form is withheld: `1、` → `1. ` would make the paragraph an
/// ordered list (in plain text it is converted).
#[test]
fn an_edit_that_would_change_the_structure_in_every_form_is_withheld() {
    let text = "1、Xinhua reports\n";
    let outcome = fix_outcome(text);
    assert_eq!(outcome.text, text);
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    let plain = ENGINE.fix(text, Safety::Safe).expect("converges");
    assert_eq!(plain.text, "1. Xinhua reports\n");
}

/// The findings report the replacement actually written, so `check` shows what `fix` changes.
#[test]
fn findings_carry_the_replacement_written() {
    let outcome = fix_outcome("**Reporter：** Wang Wei\n");
    assert_eq!(
        summary(&outcome),
        [("punctuation/fullwidth-colon", 10..13, Some(":"), true)]
    );
}

/// The command line fixes Markdown files the same way, and `check` reports the replacement it writes.
#[test]
fn the_command_line_keeps_the_structure() {
    assert_command_line_fixes(
        "a.md",
        concat!(
            "**Reporter：** Wang Wei\n\n",
            "*Xinhua，* said\n\n",
            "**（Xinhua）** text\n\n",
            "(*Xinhua，*)\n\n",
            "A ![【](https://example.com/a.png).\n\n",
            "[Xinhua】](https://example.com/x \"Xiong an new area\")\n",
        ),
        "replace with \":\"",
        concat!(
            "**Reporter:** Wang Wei\n\n",
            "*Xinhua,* said\n\n",
            "**(Xinhua)** text\n\n",
            "(*Xinhua,*)\n\n",
            "A ![\\[](https://example.com/a.png).\n\n",
            "[Xinhua\\]](https://example.com/x \"Xiong an new area\")\n",
        ),
    );
}

/// Runs the command line on a file `name` holding `original`: `check` exits 1 and its report contains `reported`,
/// `fix` exits 0 having written `written`, and `check` of the fixed file finds nothing left (exits 0).
fn assert_command_line_fixes(name: &str, original: &str, reported: &str, written: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), name, original);
    let check = run_mtfix(dir.path(), &["check", name], b"");
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stdout.contains(reported), "{}", check.stdout);
    let fixed = run_mtfix(dir.path(), &["fix", "-q", name], b"");
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let read = std::fs::read_to_string(dir.path().join(name)).expect("read the fixed file");
    assert_eq!(read, written);
    let again = run_mtfix(dir.path(), &["check", name], b"");
    assert_eq!(
        again.code, 0,
        "fixed file has nothing left: {}",
        again.stdout
    );
}

/// Asserts that each HTML input fixes to its expected output, that the findings replayed on the input give it, and
/// that fixing that output changes nothing.
fn assert_fixes_html(cases: &[(&str, &str)]) {
    assert_fixes_in(Syntax::Html, cases);
}

/// Asserts that each input of `syntax` fixes to its expected output, that the findings replayed on the input give
/// it, and that fixing that output changes nothing.
fn assert_fixes_in(syntax: Syntax, cases: &[(&str, &str)]) {
    for &(input, expected) in cases {
        let outcome = fix_syntax(syntax, input);
        assert_eq!(outcome.text, expected, "fixing {input:?}");
        let mut replayed = String::new();
        let mut last = 0;
        for f in outcome.applied() {
            replayed.push_str(&input[last..f.span.start]);
            replayed.push_str(f.replacement().unwrap_or_default());
            last = f.span.end;
        }
        replayed.push_str(&input[last..]);
        assert_eq!(replayed, expected, "replaying the findings of {input:?}");
        let again = fix_syntax(syntax, expected);
        assert_eq!(again.text, expected, "fixing again {expected:?}");
        assert!(again.applied().next().is_none(), "{again:?}");
    }
}

/// In HTML a semicolon written just after a reference without one (`&amp`, `&copy`, `&#38`: browsers read them
/// all) would become the reference's own (`&amp;`), so the text would lose it: it is written as a numeric
/// reference instead. Elsewhere the rules write as always (the space before `</p>` is the rule's: a tag is not
/// the end of a line).
#[test]
fn a_semicolon_after_a_character_reference_is_written_encoded() {
    assert_fixes_html(&[
        (
            "<p>&amp；The city opened</p>\n",
            "<p>&amp&#59; The city opened</p>\n",
        ),
        ("<p>&copy；</p>\n", "<p>&copy&#59; </p>\n"),
        ("<p>&#38；x &amp;；y</p>\n", "<p>&#38&#59; x &amp;; y</p>\n"),
        ("<p>Reporter：Wang Wei</p>\n", "<p>Reporter: Wang Wei</p>\n"),
    ]);
}

/// The findings carry the replacement written into the HTML file, so `check` shows what `fix` changes.
#[test]
fn html_findings_carry_the_replacement_written() {
    let outcome = fix_syntax(Syntax::Html, "<p>&amp；The</p>");
    assert_eq!(
        summary(&outcome),
        [(
            "punctuation/fullwidth-semicolon",
            7..10,
            Some("&#59; "),
            true
        )]
    );
}

/// The command line fixes HTML files the same way: `check` reports the encoded replacement, `fix` writes it, and
/// the fixed file has nothing left to fix.
#[test]
fn the_command_line_keeps_the_html_structure() {
    assert_command_line_fixes(
        "a.html",
        "<p>&amp；The city opened &copy；</p>\n<p title=\"a；b\">Reporter：Wang Wei</p>\n",
        "replace with \"&#59; \"",
        "<p>&amp&#59; The city opened &copy&#59; </p>\n<p title=\"a；b\">Reporter: Wang Wei</p>\n",
    );
}

/// In Markdown too a semicolon written just after `&amp`, `&copy` or `&#38` would end a character reference that
/// CommonMark decodes (`&amp;` is `&`), so the text would lose the semicolon: it is written backslash-escaped
/// (`\;`, which CommonMark renders as `;`). A reference already ended, a name CommonMark does not know (`&xyz`) and
/// a code span need nothing.
#[test]
fn a_semicolon_after_a_character_reference_is_escaped_in_markdown() {
    assert_fixes_in(
        Syntax::Markdown,
        &[
            ("&amp；The city opened\n", "&amp\\; The city opened\n"),
            ("Rights &copy；\n", "Rights &copy\\;\n"),
            ("&#38；x &amp;；y\n", "&#38\\; x &amp;; y\n"),
            ("**&amp；**\n", "**&amp\\;**\n"),
            (
                "[&amp；](https://example.com/x)\n",
                "[&amp\\;](https://example.com/x)\n",
            ),
            ("&xyz；x `&amp`；y\n", "&xyz; x `&amp`; y\n"),
        ],
    );
}

/// The findings of a Markdown fix carry the escaped semicolon, so `check` shows what `fix` changes.
#[test]
fn markdown_findings_carry_the_escaped_semicolon() {
    let outcome = fix_outcome("&amp；The\n");
    assert_eq!(
        summary(&outcome),
        [("punctuation/fullwidth-semicolon", 4..7, Some("\\; "), true)]
    );
}

/// The command line fixes Markdown files the same way: `check` reports the escaped semicolon, `fix` writes it, and
/// the fixed file has nothing left to fix.
#[test]
fn the_command_line_keeps_markdown_character_references() {
    assert_command_line_fixes(
        "a.md",
        "&amp；The city opened &copy；\n\n**&#38；** Reporter：Wang Wei\n",
        "replace with \"\\\\; \"",
        "&amp\\; The city opened &copy\\;\n\n**&#38\\;** Reporter: Wang Wei\n",
    );
}
