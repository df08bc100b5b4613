//! The guarantees of DESIGN.md as properties over generated documents: texts mixing the built-in glossaries' own
//! variants, examples and keeps with random Unicode (CJK, emoji, combining marks, right-to-left), CRLF and LF line
//! endings, a BOM, and a final newline or none.

use std::sync::LazyLock;

use mtfix::glossary::{RuleKind, builtin};
use mtfix::{Engine, Outcome, Safety};
use proptest::prelude::*;

const BOM: char = '\u{feff}';

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// A second engine built from the same glossaries, for determinism.
static SECOND_ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// Every literal the built-in rules know: variants, example inputs and outputs, keeps.
static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces = Vec::new();
    for glossary in builtin::all().expect("built-ins parse") {
        for rule in glossary.rules {
            if let RuleKind::Term { variants } = rule.kind {
                pieces.extend(variants);
            }
            for example in rule.examples {
                pieces.push(example.input);
                pieces.push(example.output);
            }
            pieces.extend(rule.keep);
        }
    }
    pieces
});

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..PIECES.len()).prop_map(|i| PIECES[i].clone()),
        1 => "[a-zA-Z ,.'’()-]{0,12}",
        1 => "[北京雄安新区。，、（）]{1,4}",
        1 => prop_oneof![Just("😀".to_owned()), Just("e\u{301}".to_owned()), Just("שלום".to_owned()), Just("مرحبا".to_owned())],
        1 => prop_oneof![Just("http://example.com/Xiong an".to_owned()), Just("xiong.an@example.com".to_owned())],
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(" "),
        1 => Just("\n"),
        1 => Just("\r\n"),
        1 => Just("\n\n"),
        1 => Just("\r\n\r\n"),
        1 => Just("\t"),
        1 => Just(""),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec((piece(), separator()), 0..24),
        prop_oneof![Just(""), Just("\n"), Just("\r\n")],
    )
        .prop_map(|(bom, parts, ending)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            for (piece, separator) in parts {
                text.push_str(&piece);
                text.push_str(separator);
            }
            text.push_str(ending);
            text
        })
}

/// Rebuilds the fixed text from the original and the applied findings alone.
fn replay(original: &str, outcome: &Outcome) -> String {
    let mut out = String::new();
    let mut last = 0;
    for finding in outcome.findings.iter().filter(|f| f.applied) {
        assert!(
            finding.span.start >= last,
            "applied findings overlap: {:?}",
            outcome.findings
        );
        out.push_str(&original[last..finding.span.start]);
        out.push_str(finding.replacement.as_deref().unwrap_or_default());
        last = finding.span.end;
    }
    out.push_str(&original[last..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Nothing lost outside an edit, and check ≡ fix: the reported edits, applied to the original, give exactly
    /// the fixed text.
    #[test]
    fn reported_edits_reproduce_the_fixed_text(text in document()) {
        for level in [Safety::Safe, Safety::Review] {
            let outcome = ENGINE.fix(&text, level).expect("built-ins converge");
            prop_assert_eq!(replay(&text, &outcome), outcome.text.clone());
            let checked = ENGINE.check(&text).expect("built-ins converge");
            if level == Safety::Safe {
                prop_assert_eq!(&checked, &outcome.findings);
            }
            for f in &outcome.findings {
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            }
        }
    }

    /// fix(fix(x)) == fix(x), at both levels.
    #[test]
    fn fix_is_idempotent(text in document()) {
        for level in [Safety::Safe, Safety::Review] {
            let once = ENGINE.fix(&text, level).expect("built-ins converge").text;
            let twice = ENGINE.fix(&once, level).expect("built-ins converge");
            prop_assert_eq!(&twice.text, &once);
            prop_assert!(twice.findings.iter().all(|f| !f.applied), "{:?}", twice.findings);
        }
    }

    /// The BOM, the line-ending style and the final newline survive wherever no edit touches them.
    #[test]
    fn bom_line_endings_and_final_newline_survive(text in document()) {
        let outcome = ENGINE.fix(&text, Safety::Safe).expect("built-ins converge");
        let touched = |at: usize| outcome.findings.iter().any(|f| f.applied && f.span.start <= at && at < f.span.end.max(f.span.start + 1));
        if text.starts_with(BOM) && !touched(0) {
            prop_assert!(outcome.text.starts_with(BOM), "BOM lost");
        }
        if !text.is_empty() && !touched(text.len() - 1) {
            prop_assert_eq!(text.ends_with('\n'), outcome.text.ends_with('\n'));
            prop_assert_eq!(text.ends_with("\r\n"), outcome.text.ends_with("\r\n"));
        }
    }

    /// Same input, same output and report, from a separately built engine too.
    #[test]
    fn output_is_deterministic(text in document()) {
        prop_assert_eq!(ENGINE.fix(&text, Safety::Review).ok(), SECOND_ENGINE.fix(&text, Safety::Review).ok());
    }
}

/// Many threads share one engine and get the results one thread gets.
#[test]
fn one_engine_serves_many_threads() {
    let text = std::fs::read_to_string("fixtures/news/beijing-hebei-2018.txt").expect("fixture");
    let expected = ENGINE.fix(&text, Safety::Safe).expect("converges");
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| ENGINE.fix(&text, Safety::Safe).expect("converges")))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().expect("no panic"), expected);
        }
    });
}
