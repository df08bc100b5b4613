//! Every fixture under `fixtures/` is fixed and checked with the built-in glossaries; the check report and the
//! fixes (as unified diffs of the original → the fixed text, at `Safe` and at `Review` level) are insta snapshots
//! (`tests/snapshots/`). A snapshot is a claim: read it whole before accepting it.
//!
//! Report lines are `line:col rule [status] "found" -> "replacement"`, where status is `fix` (applied by
//! `mtfix fix`), `review` (applied by `mtfix fix --review`) or `flag` (reported only).
//!
//! A rule fixture (`fixtures/rules/*.txt`) states a second claim itself: everything below its
//! `--- unchanged ---` line is correct English that comes back untouched. No finding of any status starts there,
//! and fixing at `Safe` and at `Review` level keeps that section byte for byte.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use mtfix::position::LineIndex;
use mtfix::{Engine, Finding, RuleId, Safety, Status};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// The line that opens the section of a rule fixture that no rule may find anything in or change.
const UNCHANGED: &str = "--- unchanged ---\n";

/// Known breaches of the `--- unchanged ---` claim, as (fixture path, line, rule id), each with a comment saying
/// why it is tolerated. None today. The test fails if a breach not listed here appears, or if a listed one no longer
/// occurs (then delete its row).
const KNOWN_BREACHES: &[(&str, usize, &str)] = &[];

/// What `mtfix` does with a finding: `fix` (applied by `fix`), `review` (applied by `fix --review`) or `flag`
/// (reported only).
fn status(finding: &Finding) -> &'static str {
    fix_of(finding).0
}

/// A finding's status (see [`status`]) and its replacement, if any: the one place that reads how a finding fixes.
fn fix_of(finding: &Finding) -> (&'static str, Option<&str>) {
    let status = match finding.status(Safety::Safe) {
        Status::Applied => "fix",
        Status::Suggested => "review",
        Status::Flagged => "flag",
    };
    (status, finding.replacement())
}

fn report(text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for finding in ENGINE.check(text).expect("built-ins converge") {
        let rule = ENGINE.rule(finding.rule);
        let (line, column) = index.line_col(finding.span.start);
        let _ = write!(
            out,
            "{line}:{column} {} [{}] {:?}",
            rule.id,
            status(&finding),
            &text[finding.span.clone()]
        );
        if let Some(replacement) = fix_of(&finding).1 {
            let _ = write!(out, " -> {replacement:?}");
        }
        out.push('\n');
    }
    out
}

/// Where the `--- unchanged ---` section of `text` starts: the byte just after the marker line.
fn unchanged_start(text: &str) -> Option<usize> {
    if text.starts_with(UNCHANGED) {
        return Some(UNCHANGED.len());
    }
    text.find(&format!("\n{UNCHANGED}"))
        .map(|at| at + 1 + UNCHANGED.len())
}

/// One breach of the `--- unchanged ---` claim: the fixture, the line (1-based, in the original), the rule, and what
/// happened.
#[derive(Debug)]
struct Breach {
    fixture: String,
    line: usize,
    rule: String,
    what: String,
}

/// The breaches of the `--- unchanged ---` claim in `text`, the fixture `name`, whose section starts at byte
/// `start`: findings of any status that start there, and fixes (at `Safe` and at `Review` level) that change it.
fn breaches(name: &str, text: &str, start: usize) -> Vec<Breach> {
    let index = LineIndex::new(text);
    let breach = |at: usize, rule: RuleId, what: String| Breach {
        fixture: name.to_owned(),
        line: index.line_col(at).0,
        rule: ENGINE.rule(rule).id.to_string(),
        what,
    };
    let mut out = Vec::new();
    for finding in ENGINE.check(text).expect("built-ins converge") {
        if finding.span.start >= start {
            let what = format!(
                "[{}] finds {:?}",
                status(&finding),
                &text[finding.span.clone()]
            );
            out.push(breach(finding.span.start, finding.rule, what));
        }
    }
    let below = &text[start..];
    for safety in [Safety::Safe, Safety::Review] {
        let outcome = ENGINE.fix(text, safety).expect("built-ins converge");
        let kept = unchanged_start(&outcome.text).map(|at| &outcome.text[at..]);
        if kept == Some(below) {
            continue;
        }
        // Name every applied edit that reaches into the section (a finding may start above it and end inside).
        let mut named = false;
        for finding in &outcome.findings {
            if status(finding) == "fix" && finding.span.end > start {
                let what = format!(
                    "fix at {safety:?} level rewrites {:?}",
                    &text[finding.span.clone()]
                );
                out.push(breach(finding.span.start.max(start), finding.rule, what));
                named = true;
            }
        }
        assert!(
            named,
            "{name}: fixing at {safety:?} level changes the `--- unchanged ---` section, but no applied finding \
             reaches it:\n{}",
            common::fix_diff(below, kept.unwrap_or(""), "fixed")
        );
    }
    out
}

/// Fails naming every breach in `found` (those of fixture `name`) that [`KNOWN_BREACHES`] does not list, and every
/// row listed for `name` that no longer occurs.
fn assert_only_known_breaches(name: &str, found: &[Breach]) {
    let same =
        |b: &Breach, &(f, l, r): &(&str, usize, &str)| b.fixture == f && b.line == l && b.rule == r;
    let new: Vec<String> = found
        .iter()
        .filter(|b| !KNOWN_BREACHES.iter().any(|k| same(b, k)))
        .map(|b| format!("{}:{}: {}: {}", b.fixture, b.line, b.rule, b.what))
        .collect();
    assert!(
        new.is_empty(),
        "text below `--- unchanged ---` is found or changed:\n{}",
        new.join("\n")
    );
    let gone: Vec<_> = KNOWN_BREACHES
        .iter()
        .filter(|k| k.0 == name && !found.iter().any(|b| same(b, k)))
        .collect();
    assert!(
        gone.is_empty(),
        "known breaches that no longer occur (delete their rows from KNOWN_BREACHES): {gone:?}"
    );
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rule_fixtures = Vec::new();
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
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
            "{name}: idempotent"
        );
        assert!(
            ENGINE
                .check(&fixed.text)
                .expect("converges")
                .iter()
                .all(|f| status(f) != "fix"),
            "{name}: check finds nothing to fix in fixed text"
        );
        if path.parent().and_then(Path::file_name) == Some("rules".as_ref()) {
            let start = unchanged_start(&text)
                .unwrap_or_else(|| panic!("{name}: a rule fixture has a `--- unchanged ---` line"));
            assert_only_known_breaches(&name, &breaches(&name, &text, start));
            rule_fixtures.push(name);
        }
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("check", report(&text));
            insta::assert_snapshot!("fixed-diff", common::fix_diff(&text, &fixed.text, "fixed"));
            insta::assert_snapshot!(
                "fixed-review-diff",
                common::fix_diff(&text, &reviewed.text, "fixed --review")
            );
        });
    });
    for (fixture, ..) in KNOWN_BREACHES {
        assert!(
            rule_fixtures.iter().any(|f| f == fixture),
            "KNOWN_BREACHES names {fixture}, which is no rule fixture"
        );
    }
}
