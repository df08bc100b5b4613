//! The matching rules of ARCHITECTURE.md, one behaviour per test, through the public library API with small inline
//! glossaries.

use mtfix::glossary::parse;
use mtfix::{Engine, Safety, Status};

/// Builds an engine from glossary TOML rules (the `[glossary]` header is added).
fn engine(rules: &str) -> Engine {
    let glossary = parse(&format!("[glossary]\nname = \"t\"\n{rules}"), "t.toml")
        .expect("test glossary parses");
    Engine::new(&[glossary]).expect("test glossary compiles")
}

/// Builds an engine of plain terms, each `(id, match, replace)`, with that rewrite as its one example.
fn engine_of_terms(terms: &[(&str, &str, &str)]) -> Engine {
    engine_of_terms_and(terms, "")
}

/// Builds an engine of plain terms, as [`engine_of_terms`], followed by the glossary TOML `rules`.
fn engine_of_terms_and(terms: &[(&str, &str, &str)], rules: &str) -> Engine {
    let mut toml: String = terms
        .iter()
        .map(|(id, from, to)| {
            format!(
                "[[term]]\nid = \"{id}\"\nmatch = [\"{from}\"]\nreplace = \"{to}\"\n\
                 examples = [{{ input = \"{from}\", output = \"{to}\" }}]\n\n"
            )
        })
        .collect();
    toml.push_str(rules);
    engine(&toml)
}

fn fixed(engine: &Engine, text: &str) -> String {
    engine.fix(text, Safety::Safe).expect("converges").text
}

/// Asserts that `engine` fixes each `(input, output)` case's input into its output.
fn assert_fixed(engine: &Engine, cases: &[(&str, &str)]) {
    for (input, output) in cases {
        assert_eq!(fixed(engine, input), *output, "fixing {input:?}");
    }
}

/// `(rule id, original text of the span, replacement, applied)` for every finding.
fn findings(
    engine: &Engine,
    text: &str,
    level: Safety,
) -> Vec<(String, String, Option<String>, bool)> {
    engine
        .fix(text, level)
        .expect("converges")
        .findings
        .into_iter()
        .map(|f| {
            let applied = f.status(level) == Status::Applied;
            (
                engine.rule(f.rule).id.clone(),
                text[f.span].to_owned(),
                f.fix.map(|fix| fix.replacement),
                applied,
            )
        })
        .collect()
}

/// Asserts that `text` has one finding, `(rule id, found, replacement)`, and that it is a suggestion: `fix` leaves
/// the text as it is (`why` says why) and reports the finding as not applied, and `fix --review` applies it, giving
/// `reviewed`.
fn assert_suggested_until_review(
    engine: &Engine,
    text: &str,
    (rule, found, replacement): (&str, &str, &str),
    reviewed: &str,
    why: &str,
) {
    assert_eq!(fixed(engine, text), text, "{why}");
    assert_eq!(
        findings(engine, text, Safety::Safe),
        [(
            rule.to_owned(),
            found.to_owned(),
            Some(replacement.to_owned()),
            false
        )]
    );
    assert_eq!(
        engine.fix(text, Safety::Review).expect("converges").text,
        reviewed
    );
}

const XIONGAN: &str = r#"
[[term]]
id = "xiongan"
match = ["Xiong an", "Xiong 'an"]
replace = "Xiong'an"
examples = [{ input = "Xiong an", output = "Xiong'an" }]

[[term]]
id = "xiongan-new-area"
match = ["Xiong an new area", "Xiong 'an new area"]
replace = "Xiong'an New Area"
examples = [{ input = "Xiong an new area", output = "Xiong'an New Area" }]
"#;

#[test]
fn longest_variant_wins_and_spans_are_in_the_original() {
    let e = engine(XIONGAN);
    let text = "In Xiong an new area and Xiong 'an.";
    assert_eq!(fixed(&e, text), "In Xiong'an New Area and Xiong'an.");
    assert_eq!(
        findings(&e, text, Safety::Safe),
        [
            (
                "t/xiongan-new-area".into(),
                "Xiong an new area".into(),
                Some("Xiong'an New Area".into()),
                true
            ),
            (
                "t/xiongan".into(),
                "Xiong 'an".into(),
                Some("Xiong'an".into()),
                true
            ),
        ]
    );
}

#[test]
fn spaces_line_breaks_and_quotes_are_flexible_but_paragraph_breaks_are_not() {
    let e = engine(XIONGAN);
    assert_eq!(
        fixed(&e, "Xiong\t \u{2019}an new\r\narea"),
        "Xiong\u{2019}an New Area"
    );
    assert_eq!(fixed(&e, "Xiong an\n\nnew area"), "Xiong'an\n\nnew area");
}

#[test]
fn matches_are_whole_words_and_a_rejected_match_does_not_hide_a_shorter_one() {
    let e = engine(XIONGAN);
    // "Xiong an new areas": the longest variant ends inside a word; the shorter one still applies.
    assert_eq!(fixed(&e, "Xiong an new areas"), "Xiong'an new areas");
    assert_eq!(fixed(&e, "BigXiong an"), "BigXiong an");
    assert_eq!(fixed(&e, "Xiong analysis"), "Xiong analysis");
}

#[test]
fn smart_case_follows_the_match() {
    let e = engine(
        r#"
[[term]]
id = "targeted"
match = ["accurate poverty alleviation"]
replace = "targeted poverty alleviation"
examples = [{ input = "accurate poverty alleviation", output = "targeted poverty alleviation" }]
"#,
    );
    assert_fixed(
        &e,
        &[
            (
                "accurate poverty alleviation",
                "targeted poverty alleviation",
            ),
            (
                "Accurate poverty alleviation",
                "Targeted poverty alleviation",
            ),
            (
                "ACCURATE POVERTY ALLEVIATION",
                "TARGETED POVERTY ALLEVIATION",
            ),
        ],
    );
    let e = engine(XIONGAN);
    assert_eq!(
        fixed(&e, "xiong an"),
        "Xiong'an",
        "a proper noun stays as written"
    );
}

#[test]
fn exact_case_terms_match_only_as_written() {
    let e = engine(
        r#"
[[term]]
id = "pingchang"
match = ["Pingchang"]
replace = "PyeongChang"
case = "exact"
examples = [{ input = "Pingchang", output = "PyeongChang" }]
"#,
    );
    assert_eq!(
        fixed(&e, "Pingchang and pingchang"),
        "PyeongChang and pingchang"
    );
}

#[test]
fn a_rule_never_fires_where_its_replacement_already_stands() {
    let e = engine(
        r#"
[[term]]
id = "congress"
match = ["18th Party Congress", "eighteen Party of the party"]
replace = "the 18th Party Congress"
examples = [{ input = "since 18th Party Congress", output = "since the 18th Party Congress" }]
"#,
    );
    assert_fixed(
        &e,
        &[
            (
                "Since the 18th Party Congress,",
                "Since the 18th Party Congress,",
            ),
            (
                "Since 18th Party Congress,",
                "Since the 18th Party Congress,",
            ),
        ],
    );
}

#[test]
fn guards_keep_a_rule_silent() {
    let e = engine(
        r#"
[[term]]
id = "non-capital"
match = ["non capital"]
replace = "non-capital"
not_before = ' city'
not_after = 'the '
examples = [{ input = "non capital functions", output = "non-capital functions" }]
"#,
    );
    assert_eq!(fixed(&e, "non capital functions"), "non-capital functions");
    assert_eq!(fixed(&e, "non capital city"), "non capital city");
    assert_eq!(
        fixed(&e, "the non capital functions"),
        "the non capital functions"
    );
}

#[test]
fn requires_and_review_rules_are_suggestions_until_asked() {
    let e = engine(
        r#"
[[term]]
id = "beijing-and-hebei"
match = ["Beijing and Beijing"]
replace = "Beijing and Hebei"
safety = "review"
requires = ["Hebei"]
examples = [{ input = "Beijing and Beijing, Hebei", output = "Beijing and Hebei, Hebei" }]
"#,
    );
    assert_suggested_until_review(
        &e,
        "Beijing and Beijing leaders met in Hebei.",
        (
            "t/beijing-and-hebei",
            "Beijing and Beijing",
            "Beijing and Hebei",
        ),
        "Beijing and Hebei leaders met in Hebei.",
        "review rules are not applied by default",
    );
    assert!(findings(&e, "Beijing and Beijing leaders met.", Safety::Review).is_empty());
}

#[test]
fn urls_and_email_addresses_are_never_edited() {
    let e = engine(XIONGAN);
    let text = "See http://example.com/Xiong an or mail xiong an@example.com; Xiong an.";
    // The URL runs to the space; "an@example.com" is an address.
    assert_eq!(
        fixed(&e, "http://x.cn/Xiong 'an"),
        "http://x.cn/Xiong 'an",
        "a match that starts inside a URL"
    );
    assert_eq!(
        fixed(&e, text),
        "See http://example.com/Xiong an or mail xiong an@example.com; Xiong'an."
    );
}

#[test]
fn patterns_render_templates_with_transforms() {
    let e = engine(
        r#"
[[pattern]]
id = "congress"
regex = '(?i)\bthe (?P<n>\w+) Party of the party\b'
replace = "the ${n|ordinal} Party Congress"
examples = [{ input = "the eighteen Party of the party", output = "the 18th Party Congress" }]
"#,
    );
    assert_eq!(
        fixed(
            &e,
            "Since the eighteen Party of the party, the 19 Party of the party"
        ),
        "Since the 18th Party Congress, the 19th Party Congress"
    );
    assert_eq!(
        fixed(&e, "The twentieth Party of the party"),
        "The 20th Party Congress"
    );
    assert_eq!(
        fixed(&e, "the banana Party of the party"),
        "the banana Party of the party",
        "a transform that cannot apply leaves the text alone"
    );
}

#[test]
fn line_rules_delete_and_dedupe_and_keep_the_file_ending() {
    let e = engine(
        r#"
[[line]]
id = "footer"
regex = '^Waonews is a news media'
action = "delete"
examples = [{ input = "a\n\nWaonews is a news media from China", output = "a" }]

[[line]]
id = "doubled"
regex = '\S+(\s+\S+){4,}'
action = "dedupe"
examples = [{ input = "one two three four five\n\none two three four five\n", output = "one two three four five\n" }]
"#,
    );
    assert_fixed(
        &e,
        &[
            ("Text.\n\nWaonews is a news media from China", "Text."),
            ("Text.\n\nWaonews is a news media from China\n", "Text.\n"),
            (
                "Text.\r\n\r\nWaonews is a news media.\r\n\r\nMore.\r\n",
                "Text.\r\n\r\nMore.\r\n",
            ),
        ],
    );
    let doubled = "A headline of five words.\n\nA headline of five words.\n\nBody.";
    assert_eq!(fixed(&e, doubled), "A headline of five words.\n\nBody.");
    assert_eq!(
        findings(&e, doubled, Safety::Safe),
        [(
            "t/doubled".into(),
            "A headline of five words.\n\n".into(),
            Some(String::new()),
            true
        )],
        "the deleted span starts at the repeated line and takes the blank line after it"
    );
    assert_eq!(
        fixed(&e, "* * *\n\n* * *\n"),
        "* * *\n\n* * *\n",
        "short lines are not collapsed"
    );
}

#[test]
fn passes_run_in_order_and_fix_is_idempotent() {
    let e = engine(
        r#"
[[term]]
id = "stop"
pass = "punctuation"
match = ["。"]
replace = "."
examples = [{ input = "a。", output = "a." }]

[[pattern]]
id = "years"
regex = '\((?P<range>\d{4}-\d{4}) years\)'
replace = "(${range})"
examples = [{ input = "(2018-2020 years)", output = "(2018-2020)" }]
"#,
    );
    let text = "Plan (2018-2020 years)。 Next";
    let once = fixed(&e, text);
    assert_eq!(once, "Plan (2018-2020). Next");
    assert_eq!(fixed(&e, &once), once);
}

/// Rules that expand each other's output (found by the import fuzz target) would grow the text tenfold a round,
/// for minutes; fixing stops as soon as the text is far longer than any real fix makes it.
#[test]
fn rules_that_expand_each_other_stop_before_the_text_explodes() {
    let e = engine_of_terms(&[
        ("foo", "foo", "bar bar bar bar bar bar bar bar bar bar"),
        ("bar", "bar", "foo foo foo foo foo foo foo foo foo foo"),
    ]);
    match e.fix("foo", Safety::Safe) {
        Err(mtfix::Error::NoConvergence { rounds, rules }) => {
            assert!(
                rounds < mtfix::engine::MAX_ROUNDS,
                "stopped by growth, not by rounds: {rounds}"
            );
            assert_eq!(rules, ["t/bar", "t/foo"]);
        }
        other => panic!("expected no convergence, got {other:?}"),
    }
}

#[test]
fn rules_that_rewrite_each_other_forever_are_an_error_naming_them() {
    let e = engine_of_terms(&[("a-to-b", "alpha", "beta"), ("b-to-a", "beta", "alpha")]);
    let err = e
        .fix("alpha", Safety::Safe)
        .expect_err("a cycle cannot converge")
        .to_string();
    assert!(err.contains("did not converge"), "{err}");
    assert!(
        err.contains("t/a-to-b") && err.contains("t/b-to-a"),
        "{err}"
    );
}

#[test]
fn duplicate_rule_ids_across_glossaries_are_rejected() {
    let g = parse(&format!("[glossary]\nname = \"t\"\n{XIONGAN}"), "a.toml").expect("parses");
    let err = Engine::new(&[g.clone(), g])
        .expect_err("duplicate ids")
        .to_string();
    assert!(
        err.starts_with(
            "a.toml:4:1: rule `t/xiongan`: duplicate rule id (first defined at a.toml:4:1)"
        ),
        "{err}"
    );
}

#[test]
fn the_writers_apostrophe_glyph_is_kept() {
    let e = engine(XIONGAN);
    assert_eq!(fixed(&e, "Xiong \u{2019}an"), "Xiong\u{2019}an");
    assert_eq!(fixed(&e, "Xiong 'an"), "Xiong'an");
    assert_eq!(
        fixed(&e, "Xiong an"),
        "Xiong'an",
        "no apostrophe written: the canonical glyph"
    );
}

#[test]
fn same_captures_stand_in_for_back_references() {
    let e = engine(
        r#"
[[pattern]]
id = "doubled-word"
regex = '(?i)(?P<a>[a-z]+) (?P<b>[a-z]+)'
same = ["a", "b"]
replace = "${a}"
not_before = '\s*(?:-|that)'
examples = [{ input = "the the plan", output = "the plan" }]
"#,
    );
    assert_fixed(
        &e,
        &[
            (
                "We saw the the plan and The the end.",
                "We saw the plan and The end.",
            ),
            ("the plan was good", "the plan was good"),
        ],
    );
    let bad = parse(
        "[glossary]\nname = \"t\"\n[[pattern]]\nid = \"p\"\nregex = '(?P<a>x)'\nsame = [\"a\", \"z\"]\nreplace = \"\"\nexamples = [{ input = \"x\", output = \"\" }]\n",
        "t.toml",
    )
    .expect_err("unknown capture in same");
    assert!(
        bad.to_string().contains("`same` names capture `z`"),
        "{bad}"
    );
}

/// A line rule that drops a sentence-length (5+ words) one-line paragraph repeated as the next paragraph.
const DEDUPE_SENTENCES: &str = r#"
[[line]]
id = "doubled"
regex = '\S+(\s+\S+){4,}'
action = "dedupe"
examples = [{ input = "a b c d e\n\na b c d e\n", output = "a b c d e\n" }]
"#;

#[test]
fn chained_edits_are_reported_once_with_the_final_text() {
    let e = engine_of_terms_and(&[("fiv", "fiv", "five")], DEDUPE_SENTENCES);
    let text = "one two three four five\n\none two three four fiv\n\nend\n";
    let outcome = e.fix(text, Safety::Safe).expect("converges");
    assert_eq!(outcome.text, "one two three four five\n\nend\n");
    let [finding] = outcome.findings.as_slice() else {
        panic!("one finding expected: {:?}", outcome.findings);
    };
    assert_eq!(e.rule(finding.rule).id, "t/doubled");
    assert_eq!(&text[finding.span.clone()], "one two three four fiv\n\n");
    assert_eq!(finding.replacement(), Some(""));
    let chained: Vec<&str> = finding
        .chained
        .iter()
        .map(|&r| e.rule(r).id.as_str())
        .collect();
    assert_eq!(chained, ["t/fiv"]);
}

#[test]
fn protected_spans_and_suppressions_limit_rules_per_document() {
    use mtfix::engine::{FixOptions, Suppression};
    let e = engine(XIONGAN);
    let text = "Xiong an one. `Xiong an` two. Xiong an three. Xiong an new area four.";
    let code = text.find('`').expect("code span");
    let three = text.find("Xiong an three").expect("three");
    let code_span = code..code + "`Xiong an`".len();
    let options = FixOptions {
        level: Safety::Safe,
        protected: std::iter::once(code_span).collect(),
        suppressions: vec![
            Suppression {
                span: three..three + 14,
                rules: vec!["xiongan".into()],
            },
            Suppression {
                span: 0..0,
                rules: vec!["t/*".into()],
            },
        ],
    };
    let outcome = e.fix_with(text, &options).expect("converges");
    assert_eq!(
        outcome.text,
        "Xiong'an one. `Xiong an` two. Xiong an three. Xiong'an New Area four."
    );
    assert_eq!(
        outcome.suppressions_used,
        [true, false],
        "the empty region suppressed nothing"
    );
    // Without options, everything is fixed.
    assert_eq!(
        fixed(&e, text),
        "Xiong'an one. `Xiong'an` two. Xiong'an three. Xiong'an New Area four."
    );
}

#[test]
fn consistency_rules_suggest_the_documents_majority_form() {
    let e = engine(
        r#"
[[consistency]]
id = "xiongan-spelling"
forms = ["Xiong'an", "Xiongan"]
examples = [{ input = "Xiongan, Xiongan and Xiong'an", output = "Xiongan, Xiongan and Xiongan" }]
"#,
    );
    assert_suggested_until_review(
        &e,
        "Xiongan grew. Xiong'an Xiongan.",
        ("t/xiongan-spelling", "Xiong'an", "Xiongan"),
        "Xiongan grew. Xiongan Xiongan.",
        "consistency rules are review-level by default",
    );
    // A tie goes to the form listed first.
    assert_eq!(
        e.fix("Xiongan and Xiong'an", Safety::Review)
            .expect("converges")
            .text,
        "Xiong'an and Xiong'an"
    );
    assert!(findings(&e, "Xiong'an alone.", Safety::Review).is_empty());
}

#[test]
fn distinct_captures_keep_a_rule_from_pairing_a_name_with_itself() {
    let e = engine(
        r#"
[[pattern]]
id = "pair"
regex = '(?P<a>Beijing|Chengdu|Chongqing) (?P<b>Beijing|Chengdu|Chongqing) cooperation'
distinct = ["a", "b"]
replace = "${a}-${b} cooperation"
examples = [{ input = "Chengdu Chongqing cooperation", output = "Chengdu-Chongqing cooperation" }]
"#,
    );
    assert_fixed(
        &e,
        &[
            (
                "Chengdu Chongqing cooperation",
                "Chengdu-Chongqing cooperation",
            ),
            ("Beijing beijing cooperation", "Beijing beijing cooperation"),
        ],
    );
}

/// A finding's status at a level, through the public API: a safe fix is applied at both levels, a review fix is a
/// suggestion at the safe level and applied at the review level, and a rule without a replacement only flags. The
/// outcome's text holds exactly the applied fixes, and every finding names its rule and the original text.
#[test]
fn status_follows_the_fix_and_the_level() {
    use mtfix::{Applicability, Fix};
    let e = engine(
        r#"
[[term]]
id = "safe"
match = ["Xiong an"]
replace = "Xiong'an"
examples = [{ input = "Xiong an", output = "Xiong'an" }]

[[term]]
id = "review"
match = ["Beijing and Beijing"]
replace = "Beijing and Hebei"
safety = "review"
examples = [{ input = "Beijing and Beijing", output = "Beijing and Hebei" }]

[[pattern]]
id = "flag"
regex = 'Lu-Yu border'
safety = "review"
examples = [{ input = "the Lu-Yu border", output = "the Lu-Yu border" }]
"#,
    );
    let text = "Xiong an, Beijing and Beijing, the Lu-Yu border.";
    let expected = [
        ("t/safe", "Xiong an", Some(Applicability::Safe)),
        (
            "t/review",
            "Beijing and Beijing",
            Some(Applicability::Review),
        ),
        ("t/flag", "Lu-Yu border", None),
    ];
    for (level, statuses, fixed) in [
        (
            Safety::Safe,
            [Status::Applied, Status::Suggested, Status::Flagged],
            "Xiong'an, Beijing and Beijing, the Lu-Yu border.",
        ),
        (
            Safety::Review,
            [Status::Applied, Status::Applied, Status::Flagged],
            "Xiong'an, Beijing and Hebei, the Lu-Yu border.",
        ),
    ] {
        let outcome = e.fix(text, level).expect("converges");
        assert_eq!(outcome.level, level);
        assert_eq!(outcome.text, fixed);
        assert_eq!(outcome.findings.len(), 3, "{:?}", outcome.findings);
        for ((finding, (id, found, applicability)), status) in
            outcome.findings.iter().zip(expected).zip(statuses)
        {
            assert_eq!(e.rule(finding.rule).id, id);
            assert_eq!(finding.found, found);
            assert_eq!(&text[finding.span.clone()], found);
            assert_eq!(finding.fix.as_ref().map(|f| f.applicability), applicability);
            assert_eq!(finding.status(level), status, "{id} at {level:?}");
        }
        let applied: Vec<_> = outcome.applied().map(|f| f.rule).collect();
        let expected_applied: Vec<_> = outcome
            .findings
            .iter()
            .filter(|f| f.status(level) == Status::Applied)
            .map(|f| f.rule)
            .collect();
        assert_eq!(applied, expected_applied);
    }
    // `check` is the safe level; rule ids are ordered like the rules and resolve to them.
    let checked = e.check(text).expect("converges");
    assert_eq!(
        checked[1].fix,
        Some(Fix {
            replacement: "Beijing and Hebei".to_owned(),
            applicability: Applicability::Review,
        })
    );
    assert_eq!(checked[1].status(Safety::Safe), Status::Suggested);
    assert!(checked[0].rule < checked[1].rule && checked[1].rule < checked[2].rule);
    assert_eq!(checked[2].rule.index(), 2);
    assert_eq!(
        e.rules().nth(checked[2].rule.index()).map(|r| &r.id),
        Some(&e.rule(checked[2].rule).id)
    );
    assert_eq!(
        Safety::from(Applicability::from(Safety::Review)),
        Safety::Review
    );
}

#[test]
fn dedupe_takes_a_doubled_paragraph_but_not_a_refrain_inside_a_stanza() {
    let e = engine_of_terms_and(&[], DEDUPE_SENTENCES);
    let fixed = |text: &str| e.fix(text, Safety::Safe).expect("converges").text;
    // A headline doubled as two paragraphs, at the start or in the middle, with CRLF too.
    assert_eq!(
        fixed("the leaders sign a deal\n\nthe leaders sign a deal\n\nBody.\n"),
        "the leaders sign a deal\n\nBody.\n"
    );
    assert_eq!(
        fixed("Intro.\n\nthe leaders sign a deal\r\n\r\nthe leaders sign a deal\r\n"),
        "Intro.\n\nthe leaders sign a deal\r\n"
    );
    // A refrain: the same line twice inside a stanza, or a paragraph followed by its first line opening a stanza.
    for kept in [
        "we sing the same line again\nwe sing the same line again\n\nand on\n",
        "row the boat along the river\n\nrow the boat along the river\nand down the stream\n",
        "first line of the verse here\nrow the boat along the river\n\nrow the boat along the river\n",
    ] {
        assert_eq!(fixed(kept), kept);
    }
}
