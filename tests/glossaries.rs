//! The built-in glossaries load, compile, and pass every rule's own examples and keeps.

use mtfix::glossary::builtin;

#[test]
fn builtin_glossaries_pass_their_examples_and_keeps() {
    let glossaries = builtin::all().expect("built-in glossaries parse");
    let report =
        mtfix::quality::selftest::run(&glossaries).expect("built-in glossaries compile together");
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{}: rule `{}`: {}", f.place, f.rule, f.message))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let rules: usize = glossaries.iter().map(|g| g.rules.len()).sum();
    assert!(
        report.checked >= rules,
        "every rule has at least one example"
    );
}

#[test]
fn each_builtin_glossary_also_passes_alone() {
    for name in builtin::names() {
        let glossary = builtin::get(name).expect("listed").expect("parses");
        let report =
            mtfix::quality::selftest::run(std::slice::from_ref(&glossary)).expect("compiles");
        assert!(report.failures.is_empty(), "{name}: {:?}", report.failures);
    }
}

/// Regexes compile on first use; every built-in one must compile within the size limit (a regex that cannot
/// compile would silently never match).
#[test]
fn every_builtin_regex_compiles() {
    let engine = mtfix::Engine::builtin().expect("built-ins load");
    engine
        .compile_rules(|_| true)
        .expect("every built-in regex and guard compiles");
}

/// Built-ins are parsed at start-up without compiling their regexes; here each one goes through every check a
/// user's glossary gets (syntax, empty matches, size limits, templates).
#[test]
fn every_builtin_passes_the_full_load_checks() {
    for name in mtfix::glossary::builtin::names() {
        let source = mtfix::glossary::builtin::source(name).expect("listed built-in");
        let glossary = mtfix::glossary::parse(source, &format!("glossaries/{name}.toml"))
            .unwrap_or_else(|e| panic!("built-in {name}: {e}"));
        assert!(!glossary.rules.is_empty(), "built-in {name} has rules");
    }
}
