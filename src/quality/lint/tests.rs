//! Tests of the lint checks, on small glossaries written for each.

use super::{LintSeverity, lint, variant_key};
use crate::glossary::parse;

fn glossary(body: &str, file: &str) -> crate::Glossary {
    parse(&format!("[glossary]\nname = \"t\"\n{body}"), file).expect("test glossary loads")
}

fn checks(issues: &[super::LintIssue]) -> Vec<(LintSeverity, &str, &str)> {
    issues
        .iter()
        .map(|i| (i.severity, i.check, i.rule.as_str()))
        .collect()
}

#[test]
fn variants_compare_ignoring_case_spacing_and_quote_style() {
    assert_eq!(variant_key("Xiong  \u{2019}an\tNew", true), "xiong 'an new");
    assert_eq!(variant_key("Xiong  an", false), "Xiong an");
}

#[test]
fn a_clean_glossary_has_no_issues() {
    let g = glossary(
        "[[term]]\nid = \"a\"\nmatch = [\"Xiong an\"]\nreplace = \"Xiong'an\"\nexamples = [{ input = \"Xiong an\", output = \"Xiong'an\" }]\nkeep = [\"Xiong'an\"]\n",
        "a.toml",
    );
    assert_eq!(lint(&[g]), []);
}

#[test]
fn finds_duplicate_ids_variants_and_chains() {
    let a = glossary(
        "[[term]]\nid = \"a\"\nmatch = [\"foo bar\"]\nreplace = \"baz\"\nexamples = [{ input = \"foo bar\", output = \"qux\" }]\nkeep = [\"x\"]\n\
         [[term]]\nid = \"b\"\nmatch = [\"baz\"]\nreplace = \"qux\"\nexamples = [{ input = \"baz\", output = \"qux\" }]\nkeep = [\"x\"]\n",
        "a.toml",
    );
    let b = glossary(
        "[[term]]\nid = \"a\"\nmatch = [\"FOO  bar\"]\nreplace = \"x\"\nexamples = [{ input = \"FOO bar\", output = \"x\" }]\n",
        "b.toml",
    );
    let issues = lint(&[a, b]);
    assert_eq!(
        checks(&issues),
        [
            (LintSeverity::Error, "chain", "t/a"),
            (LintSeverity::Error, "duplicate-id", "t/a"),
            (LintSeverity::Error, "duplicate-variant", "t/a"),
            (LintSeverity::Warning, "no-keep", "t/a"),
        ]
    );
    assert_eq!(
        issues[0].message,
        "its output is rewritten by `t/b` (\"baz\" → \"qux\"); chain: t/a → t/b"
    );
    assert_eq!(issues[1].place.to_string(), "b.toml:3:1");
    assert_eq!(
        issues[1].message,
        "rule id `t/a` is already defined at a.toml:3:1"
    );
}

#[test]
fn warns_about_unicode_word_boundaries_but_not_ascii_ones() {
    let body = |regex: &str| {
        format!(
            "[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{{ input = \"ab x\", output = \"y x\" }}]\n"
        )
    };
    let checks_of = |regex: &str| -> Vec<&'static str> {
        lint(&[glossary(&body(regex), "w.toml")])
            .iter()
            .map(|i| i.check)
            .collect()
    };
    assert!(checks_of(r"\bab\b").contains(&"unicode-word-boundary"));
    assert!(!checks_of(r"(?-u:\b)ab(?-u:\b)").contains(&"unicode-word-boundary"));
    assert!(!checks_of("ab").contains(&"unicode-word-boundary"));
}

#[test]
fn finds_failing_examples() {
    let g = glossary(
        "[[pattern]]\nid = \"p\"\nregex = 'x+'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{ input = \"x\", output = \"z\" }]\n",
        "p.toml",
    );
    let issues = lint(&[g]);
    let found: Vec<_> = issues.iter().map(|i| i.check).collect();
    assert_eq!(found, ["example"], "{issues:#?}");
}

fn term(id: &str, variant: &str, replace: &str, extra: &str) -> String {
    format!(
        "[[term]]\nid = \"{id}\"\nmatch = [\"{variant}\"]\nreplace = \"{replace}\"\n{extra}examples = [{{ input = \"{variant}\", output = \"{replace}\" }}]\nkeep = [\"zz\"]\n"
    )
}

#[test]
fn finds_literal_cycles_once_naming_every_rule_and_place() {
    let g = glossary(
        &[
            term("a", "one two", "three", ""),
            term("b", "three", "the four", ""),
            term("c", "FOUR", "one two", ""),
        ]
        .concat(),
        "c.toml",
    );
    let issues = lint(&[g]);
    let cycles: Vec<_> = issues.iter().filter(|i| i.check == "cycle").collect();
    assert_eq!(cycles.len(), 1, "{issues:#?}");
    assert_eq!(cycles[0].rule, "t/a");
    assert_eq!(
        cycles[0].message,
        "cycle t/a → t/b → t/c → t/a: `t/a` (c.toml:3:1) writes \"three\"; `t/b` (c.toml:9:1) rewrites \"three\" \
         to \"the four\"; `t/c` (c.toml:15:1) rewrites \"four\" to \"one two\"; `t/a` rewrites \"one two\" again; \
         `fix` never settles on any of these texts: drop a variant or change a replacement"
    );
    // The engine-based chain check does not repeat it.
    assert!(!issues.iter().any(|i| i.check == "chain"), "{issues:#?}");
}

#[test]
fn no_literal_cycle_inside_a_word_against_case_or_guards_or_where_the_replacement_stands() {
    for (b, expect_cycle) in [
        (term("b", "bar", "foo", ""), true),
        (term("b", "bar", "foo", "case = \"exact\"\n"), true),
        (term("b", "BAR", "foo", "case = \"exact\"\n"), false),
        (term("b", "ba", "foo", ""), false),
        (term("b", "bar", "foo", "not_after = 'x '\n"), true),
        (term("b", "bar", "foo", "not_after = '^'\n"), false),
    ] {
        let g = glossary(&[term("a", "foo", "bar", ""), b.clone()].concat(), "n.toml");
        let issues = lint(&[g]);
        assert_eq!(
            issues.iter().any(|i| i.check == "cycle"),
            expect_cycle,
            "{b}\n{issues:#?}"
        );
    }
    // A term never fires where its own replacement already stands around the match.
    let g = glossary(&term("b", "new area", "New Area", ""), "s.toml");
    let rule = &g.rules[0];
    assert!(super::cycle::replacement_stands(
        "Xiong'an New Area",
        9..17,
        rule
    ));
    assert!(!super::cycle::replacement_stands(
        "Xiong'an new area",
        9..17,
        rule
    ));
    let g = glossary(&term("b", "area", "New Area", ""), "s.toml");
    assert!(super::cycle::replacement_stands(
        "the new area",
        8..12,
        &g.rules[0]
    ));
    assert!(!super::cycle::replacement_stands(
        "the old area",
        8..12,
        &g.rules[0]
    ));
}
