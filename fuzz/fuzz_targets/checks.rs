//! The assertions of the fuzz targets, one public function per target, each taking the raw input bytes and
//! panicking (so libFuzzer saves the input) when a guarantee of ARCHITECTURE.md does not hold.
//!
//! This file is shared: each target in `fuzz/fuzz_targets/` includes it as a module, and the main crate's
//! `tests/fuzz_regressions.rs` includes it too (`#[path]`), to replay every input under `fuzz/regressions/`
//! through exactly the checks that found it. It depends on nothing but `mtfix` and `std`.
//!
//! - [`engine`]: the built-in glossaries over any text, at both safety levels: fixing converges; every finding's
//!   span is in range and on character boundaries; the applied findings replayed over the original give exactly
//!   the fixed text (nothing outside an edit changes); only safe rules apply at the safe level; `check` reports
//!   exactly `fix`'s findings; `fix` is idempotent; a second engine built from the same glossaries gives the same
//!   outcome.
//! - [`markup`]: the Markdown and HTML front ends (each input read as both), fixed as the command line fixes a file
//!   (suppression comments and protected spans, then `Syntax::fix`, which keeps the structure and in HTML writes
//!   replacements encoded): protected spans well formed; no applied edit touches one; replay exact; the markup is
//!   the original's (in HTML, but for the references that encode a replacement); idempotent with the fixed file's
//!   structure parsed afresh.
//! - [`glossary`]: any TOML through the glossary loader, then the engine: no panic; where fixing a rule's examples,
//!   keeps or the TOML text itself converges, replay is exact and `check` equals `fix`; for a glossary that passes
//!   `lint`, fixing converges and is idempotent.
//! - [`import`]: any text through the TBX, CSV and TSV importers: no panic; an import with errors writes nothing;
//!   one without loads back as a glossary with the reported rule count, compiles, and is in `glossary fmt` form.

#![allow(dead_code)]

use std::ops::Range;
use std::sync::LazyLock;

use mtfix::engine::EngineProbe;
use mtfix::import::{Format, Options, import_str};
use mtfix::markup::Syntax;
use mtfix::quality::lint::{LintSeverity, lint};
use mtfix::suppress::Suppressions;
use mtfix::{Engine, FixOptions, Outcome, Safety};

/// The engine under test for [`engine`] and [`markup`]: the built-in glossaries, built once per process.
static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// A second engine from the same glossaries, for determinism across engines.
static SECOND: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

/// Both safety levels, in the order the checks try them.
const LEVELS: [Safety; 2] = [Safety::Safe, Safety::Review];

/// Builds the engines now, so that libFuzzer's per-input timeout does not count their compilation.
pub fn init() {
    LazyLock::force(&ENGINE);
    LazyLock::force(&SECOND);
}

// ---------------------------------------------------------------------------------------------------------------
// engine
// ---------------------------------------------------------------------------------------------------------------

/// The `engine` target: `data` as lossy UTF-8 through the built-in glossaries.
pub fn engine(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    for level in LEVELS {
        let outcome = ENGINE.fix(text, level).unwrap_or_else(|e| {
            panic!("built-ins do not converge at {level}: {e}\ntext: {text:?}")
        });
        assert_outcome(&ENGINE, text, &outcome, level);
        if level == Safety::Safe {
            let checked = ENGINE.check(text).expect("check converges where fix does");
            assert_eq!(
                checked, outcome.findings,
                "check and fix disagree\ntext: {text:?}"
            );
        }
        assert_idempotent(
            &ENGINE,
            Syntax::Plain,
            text,
            &outcome.text,
            &FixOptions::new(level),
            "engine",
        );
        // `check` above already ran the same engine a second time; determinism across engines costs one more fix.
        if level == Safety::Review {
            assert_eq!(
                SECOND.fix(text, level).ok().as_ref(),
                Some(&outcome),
                "a second engine gives a different outcome"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// markup
// ---------------------------------------------------------------------------------------------------------------

/// The `markup` target: `data` as lossy UTF-8, read as Markdown and as HTML, at both levels.
pub fn markup(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for syntax in [Syntax::Markdown, Syntax::Html] {
        for level in LEVELS {
            markup_one(syntax, &text, level);
        }
    }
}

/// The command line's options for a file of `syntax`: suppression comments, then the front end's protected spans,
/// as they come (a suppression comment inside a code block or `<pre>` overlaps the block's span; the engine merges
/// them, see `suppression_comment_inside_a_code_block_*` in `tests/fuzz_regressions.rs`).
fn options(syntax: Syntax, text: &str, level: Safety) -> FixOptions {
    let mut options = Suppressions::parse(text).options(level);
    options.protected.extend(syntax.protected(text));
    options
}

/// One syntax at one level: the guarantees for the first fix, then idempotence on the written file.
fn markup_one(syntax: Syntax, text: &str, level: Safety) {
    let what = format!("{syntax:?} at {level}");
    let protected = syntax.protected(text);
    let mut last = 0;
    for p in &protected {
        assert!(
            last <= p.start && p.start < p.end && p.end <= text.len(),
            "{what}: protected spans not sorted, disjoint, non-empty and in range: {protected:?}"
        );
        assert!(
            text.is_char_boundary(p.start) && text.is_char_boundary(p.end),
            "{what}: protected span {p:?} not on character boundaries"
        );
        last = p.end;
    }
    let opts = options(syntax, text, level);
    let outcome = syntax
        .fix(&ENGINE, text, &opts)
        .unwrap_or_else(|e| panic!("{what}: built-ins do not converge: {e}\ntext: {text:?}"));
    assert_outcome(&ENGINE, text, &outcome, level);
    assert_outside(text, &outcome, &normalise(opts.protected.clone()), &what);
    assert_markup_kept(syntax, text, &outcome, &what);
    let again = options(syntax, &outcome.text, level);
    assert_idempotent(&ENGINE, syntax, text, &outcome.text, &again, &what);
}

/// The markup of a document: the text of its protected spans, whitespace aside, in order, leaving out what lies
/// in `written` (sorted ranges of `text`). (`tests/properties_markup.rs` compares documents by it too.)
pub fn markup_text(syntax: Syntax, text: &str, written: &[Range<usize>]) -> String {
    let mut out = String::new();
    for r in syntax.protected(text) {
        for (i, c) in text[r.clone()].char_indices() {
            let at = r.start + i;
            if !c.is_whitespace() && !written.iter().any(|w| w.contains(&at)) {
                out.push(c);
            }
        }
    }
    out
}

/// `Syntax::fix` keeps the structure: the fixed text's markup is the original's. In HTML a fix writes its
/// replacement encoded, so the references inside what it wrote are left out, and must be all the markup it wrote:
/// `&amp;`, `&lt;`, `&gt;` or a numeric reference.
fn assert_markup_kept(syntax: Syntax, text: &str, outcome: &Outcome, what: &str) {
    let fixed = &outcome.text;
    let mut written = Vec::new();
    if syntax == Syntax::Html {
        let mut shift = 0isize;
        for f in outcome.applied() {
            let len = f.replacement().map_or(0, str::len);
            let start = f.span.start.checked_add_signed(shift).expect("in range");
            written.push(start..start + len);
            shift += len as isize - f.span.len() as isize;
        }
    }
    assert_eq!(
        markup_text(syntax, fixed, &written),
        markup_text(syntax, text, &[]),
        "{what}: the fix changed the markup\ntext: {text:?}\nfixed: {fixed:?}"
    );
    for w in &written {
        for p in syntax.protected(fixed) {
            let Some(inside) = fixed.get(p.start.max(w.start)..p.end.min(w.end)) else {
                continue;
            };
            let mut rest = inside.trim();
            while let Some(tail) = rest.strip_prefix('&') {
                let end = tail.find(';').map_or(0, |i| i + 1);
                let name = &tail[..end.saturating_sub(1)];
                let encoded = matches!(name, "amp" | "lt" | "gt")
                    || name
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                assert!(
                    encoded,
                    "{what}: the fix wrote markup {inside:?}\ntext: {text:?}\nfixed: {fixed:?}"
                );
                rest = &tail[end..];
            }
            assert!(
                rest.is_empty(),
                "{what}: the fix wrote markup {inside:?}\ntext: {text:?}\nfixed: {fixed:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// glossary
// ---------------------------------------------------------------------------------------------------------------

/// The `glossary` target: `data` as lossy UTF-8 through the glossary loader, then the engine.
pub fn glossary(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let Ok(glossary) = mtfix::glossary::parse(&source, "fuzz.toml") else {
        return;
    };
    let glossaries = std::slice::from_ref(&glossary);
    let Ok(engine) = Engine::new(glossaries) else {
        return;
    };
    let clean = lint(glossaries)
        .iter()
        .all(|issue| issue.severity != LintSeverity::Error);
    let mut texts: Vec<&str> = vec![&source];
    for rule in &glossary.rules {
        for example in &rule.examples {
            texts.push(&example.input);
            texts.push(&example.output);
        }
        texts.extend(rule.keep.iter().map(String::as_str));
    }
    for text in texts {
        for level in LEVELS {
            let outcome = match engine.fix(text, level) {
                Ok(outcome) => outcome,
                Err(e) => {
                    assert!(
                        !clean,
                        "a glossary that passes lint does not converge on {text:?}: {e}\nglossary:\n{source}"
                    );
                    continue;
                }
            };
            assert_outcome(&engine, text, &outcome, level);
            if level == Safety::Safe {
                let checked = engine.check(text).expect("check converges where fix does");
                assert_eq!(
                    checked, outcome.findings,
                    "check and fix disagree on {text:?}"
                );
            }
            if clean {
                assert_idempotent(
                    &engine,
                    Syntax::Plain,
                    text,
                    &outcome.text,
                    &FixOptions::new(level),
                    "lint-clean glossary",
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------------------------------

/// The `import` target: `data` as lossy UTF-8 through the TBX, CSV and TSV importers.
pub fn import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Tbx, Format::Csv, Format::Tsv] {
        let Ok(import) = import_str(
            &text,
            format,
            "fuzz.tbx",
            "fuzz",
            &Options::default(),
            &EngineProbe,
        ) else {
            continue;
        };
        if !import.errors.is_empty() {
            assert!(
                import.toml.is_empty() && import.rules == 0,
                "{format:?}: errors, yet a glossary was written"
            );
            continue;
        }
        let glossary = mtfix::glossary::parse(&import.toml, "imported.toml").unwrap_or_else(|e| {
            panic!(
                "{format:?}: the imported glossary does not load: {e}\ninput: {text:?}\ntoml:\n{}",
                import.toml
            )
        });
        assert_eq!(
            glossary.rules.len(),
            import.rules,
            "{format:?}: rule count\ntoml:\n{}",
            import.toml
        );
        if let Err(e) = Engine::new(std::slice::from_ref(&glossary)) {
            panic!(
                "{format:?}: the imported glossary does not compile: {e}\ntoml:\n{}",
                import.toml
            );
        }
        let formatted =
            mtfix::quality::fmt::format(&import.toml, "imported.toml").unwrap_or_else(|e| {
                panic!(
                    "{format:?}: glossary fmt fails on the import: {e}\ntoml:\n{}",
                    import.toml
                )
            });
        assert_eq!(
            formatted, import.toml,
            "{format:?}: the import is not in canonical form\ninput: {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// shared assertions
// ---------------------------------------------------------------------------------------------------------------

/// Rebuilds the fixed text from the original and the applied findings alone, asserting that the applied findings
/// are sorted, disjoint, in range and on character boundaries.
fn replay(original: &str, outcome: &Outcome) -> String {
    let mut out = String::with_capacity(original.len());
    let mut last = 0;
    for finding in outcome.applied() {
        assert!(
            finding.span.start >= last,
            "applied findings overlap or are out of order: {:?}",
            outcome.findings
        );
        assert!(
            finding.span.start <= finding.span.end && finding.span.end <= original.len(),
            "finding span {:?} outside the text (len {})",
            finding.span,
            original.len()
        );
        out.push_str(&original[last..finding.span.start]);
        out.push_str(finding.replacement().unwrap_or_default());
        last = finding.span.end;
    }
    out.push_str(&original[last..]);
    out
}

/// Every finding's span (applied or not) lies inside `text` and on character boundaries.
fn assert_spans_valid(text: &str, outcome: &Outcome) {
    for f in &outcome.findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "finding span {:?} outside the text (len {}): {f:?}",
            f.span,
            text.len()
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "finding span {:?} is not on character boundaries: {f:?}",
            f.span
        );
    }
}

/// Guarantees 1 and 2 for one outcome: spans valid, and the applied findings replayed over the original give
/// exactly the fixed text (so every byte outside an edit is kept). At the safe level, only safe rules apply.
fn assert_outcome(engine: &Engine, text: &str, outcome: &Outcome, level: Safety) {
    assert_spans_valid(text, outcome);
    let replayed = replay(text, outcome);
    assert_eq!(
        replayed, outcome.text,
        "the applied findings, replayed over the original, do not give the fixed text\n\
         original: {text:?}\nfindings: {:#?}",
        outcome.findings
    );
    if level == Safety::Safe {
        for f in outcome.applied() {
            let rule = engine.rule(f.rule);
            assert_eq!(
                rule.safety,
                Safety::Safe,
                "review rule {} applied at the safe level: {f:?}",
                rule.id
            );
        }
    }
}

/// Guarantee 3: fixing the fixed text `once` again as a document of `syntax` (with `options`, made for `once`)
/// changes nothing and applies no finding.
fn assert_idempotent(
    engine: &Engine,
    syntax: Syntax,
    original: &str,
    once: &str,
    options: &FixOptions,
    what: &str,
) {
    let twice = syntax.fix(engine, once, options).unwrap_or_else(|e| {
        panic!("{what}: fixing the fixed text failed: {e}\noriginal: {original:?}\nonce: {once:?}")
    });
    assert_eq!(
        twice.text, once,
        "{what}: fix is not idempotent\noriginal: {original:?}\nfindings of the second fix: {:#?}",
        twice.findings
    );
    assert!(
        twice.applied().next().is_none(),
        "{what}: the second fix applied findings without changing the text: {:#?}",
        twice.findings
    );
}

/// The sorted, disjoint union of `spans`.
fn normalise(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// No applied finding edits a byte of a protected span (an insertion at a span's edge edits none of its bytes).
fn assert_outside(text: &str, outcome: &Outcome, protected: &[Range<usize>], what: &str) {
    for f in outcome.applied() {
        for p in protected {
            let touches = if f.span.is_empty() {
                p.start < f.span.start && f.span.start < p.end
            } else {
                f.span.start < p.end && p.start < f.span.end
            };
            assert!(
                !touches,
                "{what}: edit {:?} ({:?} -> {:?}) touches protected span {p:?} ({:?})\ntext: {text:?}",
                f.span,
                &text[f.span.clone()],
                f.replacement(),
                &text[p.clone()]
            );
        }
    }
}
