//! Term base import: every file under `fixtures/glossaries/` (TBX v2 and v3, a memoQ CSV export, a TSV list) is
//! converted, and the glossary TOML it gives is an insta snapshot. The result must load, pass `glossary lint`
//! with no issue at all, already be in `glossary fmt`'s canonical form, and load the same way with `-g FILE`.

use std::path::Path;

use mtfix::engine::EngineProbe;
use mtfix::import::{self, Format, Options};

#[test]
fn fixtures_import_to_clean_canonical_glossaries() {
    insta::glob!("../fixtures/glossaries", "*.{tbx,csv,tsv}", |path| {
        let imported =
            import::import_file(path, None, &Options::default(), &EngineProbe).expect("imports");
        assert!(imported.errors.is_empty(), "{:?}", imported.errors);
        let name = path
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let warnings: Vec<String> = imported
            .warnings
            .iter()
            .map(|w| w.to_string().replace(&path.display().to_string(), &name))
            .collect();
        insta::with_settings!({ omit_expression => true, description => warnings.join("\n") }, {
            insta::assert_snapshot!("import", imported.toml);
        });

        let glossary = mtfix::glossary::parse(&imported.toml, "imported.toml").expect("loads");
        let issues = mtfix::quality::lint::lint(std::slice::from_ref(&glossary));
        assert!(issues.is_empty(), "{name}: lint: {issues:#?}");
        assert_eq!(
            mtfix::quality::fmt::format(&imported.toml, "imported.toml").expect("formats"),
            imported.toml,
            "{name}: the import is in canonical form"
        );

        // `-g FILE` converts in memory, and places each rule at its concept in the term base.
        let loaded =
            mtfix::load_glossary(&path.display().to_string()).expect("-g loads a term base");
        assert_eq!(loaded.rules.len(), glossary.rules.len());
        for rule in &loaded.rules {
            assert_eq!(rule.place.file, path.display().to_string());
        }
    });
}

fn import_text(text: &str, format: Format) -> import::Import {
    import::import_str(
        text,
        format,
        "t.tbx",
        "t",
        &Options::default(),
        &EngineProbe,
    )
    .expect("well-formed")
}

const TBX_HEAD: &str =
    "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\"><text><body>\n";

#[test]
fn two_preferred_terms_are_an_error_naming_the_concept_and_its_line() {
    let tbx = format!(
        "{TBX_HEAD}<termEntry id=\"c7\">\n<langSet xml:lang=\"en\">\
         <tig><term>A one</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></tig>\
         <tig><term>A two</term><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></tig>\
         <tig><term>A three</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig>\
         </langSet></termEntry>\n</body></text></martif>\n"
    );
    let imported = import_text(&tbx, Format::Tbx);
    assert_eq!(imported.errors.len(), 1);
    assert_eq!(
        imported.errors[0].to_string(),
        "t.tbx:3:1: concept `c7`: two preferred English terms (\"A one\", \"A two\"): keep one \
         `preferredTerm-admn-sts`, mark the others admitted or deprecated"
    );
    assert_eq!(imported.toml, "");
}

#[test]
fn a_concept_without_forbidden_terms_gives_no_rule_and_a_warning() {
    let tbx = format!(
        "{TBX_HEAD}<termEntry id=\"c1\"><langSet xml:lang=\"en\"><tig><term>State Council</term></tig></langSet>\
         </termEntry>\n</body></text></martif>\n"
    );
    let imported = import_text(&tbx, Format::Tbx);
    assert_eq!(imported.rules, 0);
    assert!(imported.errors.is_empty());
    assert_eq!(imported.warnings.len(), 1);
    assert!(
        imported.warnings[0]
            .to_string()
            .starts_with("t.tbx:3:1: concept `c1`: no deprecated or forbidden English term"),
        "{}",
        imported.warnings[0]
    );
}

#[test]
fn csv_ids_are_deduplicated_and_shared_variants_kept_once() {
    let csv = "target,variants\nriver chief,river head\nRiver Chief,river length|river head\n";
    let imported = import_text(csv, Format::Csv);
    let glossary = mtfix::glossary::parse(&imported.toml, "t.toml").expect("loads");
    let ids: Vec<&str> = glossary.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["t/river-chief", "t/river-chief-2"]);
    assert!(
        imported.warnings.iter().any(|w| w
            .message
            .contains("\"river head\" is already a variant of concept `row 2`")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn malformed_inputs_are_errors_with_a_place() {
    let e = import::import_str(
        "<martif><text>",
        Format::Tbx,
        "t.tbx",
        "t",
        &Options::default(),
        &EngineProbe,
    )
    .expect_err("not XML");
    assert!(e.to_string().starts_with("t.tbx:1:"), "{e}");
    let e = import::import_str(
        "a,b\n1,2\n",
        Format::Csv,
        "t.csv",
        "t",
        &Options::default(),
        &EngineProbe,
    )
    .expect_err("no target column");
    assert!(
        e.to_string()
            .starts_with("t.csv:1:1: no column for the preferred term"),
        "{e}"
    );
    let e = import::import_file(
        Path::new("terms.xlsx"),
        None,
        &Options::default(),
        &EngineProbe,
    )
    .expect_err("unknown extension");
    assert!(e.to_string().contains("unknown term base format"), "{e}");
}
