//! `mtfix glossary fmt`: the canonical form of glossary files.

use mtfix::glossary::builtin;
use mtfix::quality::fmt::format;

/// The built-in glossaries are kept in canonical form, like typos keeps its word list sorted.
#[test]
fn builtin_glossaries_are_in_canonical_form() {
    for name in builtin::names() {
        let source = builtin::source(name).expect("listed");
        let file = format!("glossaries/{name}.toml");
        let formatted = format(source, &file).expect("formats");
        assert!(
            formatted == source,
            "{file} is not in canonical form: run `cargo run -- glossary fmt {file}`"
        );
    }
}

/// Formatting the built-ins works (no rule-order tie changes behaviour), and formatting twice changes nothing.
#[test]
fn builtin_glossaries_format_idempotently_without_changing_behaviour() {
    for name in builtin::names() {
        let source = builtin::source(name).expect("listed");
        let file = format!("glossaries/{name}.toml");
        let once = format(source, &file).unwrap_or_else(|e| panic!("{e}"));
        let twice = format(&once, &file).expect("formats again");
        assert_eq!(once, twice, "{file}: fmt is not idempotent");
        let before = mtfix::glossary::parse(source, &file).expect("parses");
        let after = mtfix::glossary::parse(&once, &file).expect("parses");
        assert_eq!(before.rules.len(), after.rules.len(), "{file}");
    }
}

const MESSY: &str = r#"# House glossary: terms of the Xinhua desk.
[glossary]
description = "House terms"
name = "house"

# Patterns come after terms in canonical form.
[[pattern]]
id = "years"
regex = '\((?P<a>\d{4})-(?P<b>\d{4}) years\)'
replace = "(${a}-${b})"
examples = [{ output = "(2018-2020)", input = "(2018-2020 years)" }]
keep = ["(2018-2020)"]

# The river chief system (河长制).
[[term]]
replace = "river chief system"   # China Daily
id = "river-chief"
match = [
  "river length system",  # the commonest garble
  "River head system",
  "river length system",
]
keep = ["river chief system"]
examples = [{ input = "the river length system", output = "the river chief system" }]
[[term]]
id = "belt-and-road"
match = ["One Belt One Road", "one belt one road"]
replace = "Belt and Road Initiative"
examples = [{ input = "One Belt One Road", output = "Belt and Road Initiative" }]
keep = ["Belt and Road Initiative"]
"#;

#[test]
fn formats_a_file_and_keeps_its_comments() {
    let out = format(MESSY, "house.toml").expect("formats");
    insta::assert_snapshot!(out);
    assert_eq!(format(&out, "house.toml").expect("formats"), out);
}

#[test]
fn invalid_glossaries_are_not_formatted() {
    let e =
        format("[glossary]\nname = \"x\"\n[[term]]\nid = \"a\"\n", "x.toml").expect_err("invalid");
    assert!(e.to_string().starts_with("x.toml:3:1: rule `x/a`"), "{e}");
}
