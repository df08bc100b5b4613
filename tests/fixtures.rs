//! Every fixture under `fixtures/` is fixed and checked with the built-in glossaries; the fixed text and the check
//! report are insta snapshots (`tests/snapshots/`). A snapshot is a claim: read it whole before accepting it.
//!
//! Report lines are `line:col rule [status] "found" -> "replacement"`, where status is `fix` (applied by
//! `mtfix fix`), `review` (applied by `mtfix fix --review`) or `flag` (reported only).

use std::fmt::Write as _;
use std::sync::LazyLock;

use mtfix::position::LineIndex;
use mtfix::{Engine, Safety, Status};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

fn report(text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for finding in ENGINE.check(text).expect("built-ins converge") {
        let rule = ENGINE.rule(finding.rule);
        let status = match finding.status(Safety::Safe) {
            Status::Applied => "fix",
            Status::Suggested => "review",
            Status::Flagged => "flag",
        };
        let (line, column) = index.line_col(finding.span.start);
        let _ = write!(
            out,
            "{line}:{column} {} [{status}] {:?}",
            rule.id, finding.found
        );
        if let Some(replacement) = finding.replacement() {
            let _ = write!(out, " -> {replacement:?}");
        }
        out.push('\n');
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("fixtures are UTF-8");
        let fixed = ENGINE.fix(&text, Safety::Safe).expect("built-ins converge");
        let reviewed = ENGINE
            .fix(&text, Safety::Review)
            .expect("built-ins converge");
        // The guarantees hold on every fixture, too.
        assert_eq!(
            ENGINE
                .fix(&fixed.text, Safety::Safe)
                .expect("converges")
                .text,
            fixed.text,
            "idempotent"
        );
        assert!(
            ENGINE
                .check(&fixed.text)
                .expect("converges")
                .iter()
                .all(|f| f.status(Safety::Safe) != Status::Applied),
            "check finds nothing to fix in fixed text"
        );
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("check", report(&text));
            insta::assert_snapshot!("fixed", fixed.text);
            insta::assert_snapshot!("fixed-review", reviewed.text);
        });
    });
}
