//! The rule engine: built once from glossaries, then `check` and `fix` any number of texts from any number of
//! threads.
//!
//! Fixing runs the passes (punctuation, terms, patterns, lines) in order, each over the output of the one before,
//! and repeats the whole sequence until a round changes nothing. That last, unchanged round is what makes `fix`
//! idempotent by construction, and it is where review-only suggestions are collected. `check` is `fix` without
//! writing: the same function reports the same edits, so `check` ≡ `fix` holds by construction too. Every
//! finding's span is in the original text, whatever happened to the text in between (see `span_map.rs`).

mod case;
mod compile;
mod filter;
mod finding;
mod normalize;
mod probe;
mod protect;
mod restrict;
mod scan;
mod span_map;

use std::borrow::Cow;

use rayon::prelude::*;
use std::ops::Range;

use compile::{CompiledRule, PassMatchers};
pub use finding::{Applicability, Finding, Fix, RuleId, Status};
pub use probe::EngineProbe;
use restrict::Restrictions;
pub use restrict::{FixOptions, Suppression, rule_matches};
use scan::{Scan, resolve};
use span_map::SpanMap;

use crate::error::{Error, Result};
use crate::glossary::{Glossary, Rule, Safety};

/// How many rounds `fix` runs at most before it gives up with [`Error::NoConvergence`]. A glossary that passes
/// `mtfix glossary lint` needs two: one that edits and one that confirms.
pub const MAX_ROUNDS: usize = 8;

/// How much longer than the input the text may grow while fixing: eight times its length, plus 64 KiB for short
/// texts. Real fixes lengthen a text by a small factor at most (an abbreviation spelled out); rules that expand
/// each other's output (say `A` → `xAx`, found by the import fuzz target) would otherwise grow it exponentially
/// over the rounds, for minutes, before [`MAX_ROUNDS`] stops them.
fn growth_limit(input: usize) -> usize {
    input.saturating_mul(8).saturating_add(64 << 10)
}

/// How many texts an engine compiles regexes ahead for (see `Engine::compile_ahead`).
const AHEAD_TEXTS: usize = 4;

/// A compiled set of rules. Cheap to share between threads (`Engine: Send + Sync`).
#[derive(Debug)]
pub struct Engine {
    rules: Vec<CompiledRule>,
    passes: Vec<PassMatchers>,
    /// Texts `compile_ahead` may still look at: the first few only (it pays at start-up; on a stream of short
    /// records its extra prefilter scan would cost every record for regexes that are long compiled).
    ahead_budget: std::sync::atomic::AtomicUsize,
}

/// A last look at each batch of edits before the engine applies it ([`Engine::fix_reviewed`]), for a document
/// whose structure an edit can change although it only touches prose (Markdown: [`crate::markup::fix_markdown`]).
///
/// The engine calls it for every pass that has edits, with the text as it stands and the edits it is about to
/// apply together, then goes on as always: later passes and rounds see the reviewed text, and fixing stops after a
/// round that applies nothing. So `fix` stays idempotent (an edit withheld in the last round is proposed again on
/// the same text, and withheld again) and the findings carry what was written, provided the review depends on
/// nothing but its arguments.
pub trait EditReview {
    /// Reviews `edits`: sorted, disjoint ranges of `text`, each with its replacement. Setting a replacement to
    /// `None` (or to the text it replaces) withholds that edit; changing it writes the new text instead.
    fn review(&self, text: &str, edits: &mut [(Range<usize>, Option<String>)]);
}

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The fixed text.
    pub text: String,
    /// Every applied edit, every suggestion and every flag, sorted by span, then rule order (a suggestion before
    /// an applied edit of the same rule and span).
    pub findings: Vec<Finding>,
    /// For each of [`FixOptions::suppressions`], in order: whether it switched off at least one finding.
    pub suppressions_used: Vec<bool>,
    /// The level the text was fixed at ([`FixOptions::level`]): the findings' [`Finding::status`] is theirs at this
    /// level.
    pub level: Safety,
}

impl Outcome {
    /// The findings `fix` applied (status [`Status::Applied`] at [`Outcome::level`]), in order.
    pub fn applied(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.status(self.level) == Status::Applied)
    }
}

impl Engine {
    /// Compiles the rules of `glossaries`, in order (earlier rules win ties).
    ///
    /// # Errors
    /// A rule id defined twice, or a rule whose regex, guard or template does not compile.
    pub fn new(glossaries: &[Glossary]) -> Result<Engine> {
        let (rules, passes) = compile::compile(glossaries)?;
        Ok(Engine {
            rules,
            passes,
            ahead_budget: std::sync::atomic::AtomicUsize::new(AHEAD_TEXTS),
        })
    }

    /// An engine over the built-in glossaries.
    ///
    /// # Errors
    /// Only if a built-in glossary is broken, which the test suite guards against.
    pub fn builtin() -> Result<Engine> {
        Engine::new(&crate::glossary::builtin::all()?)
    }

    /// Compiles the regexes of the rules `which` selects now instead of on first use, and reports the first that
    /// cannot be compiled (its compiled form is over the size limit). A regex that cannot compile never matches,
    /// so `glossary lint` and the command line call this for glossaries that are not built in (the test suite
    /// compiles the built-ins).
    ///
    /// # Errors
    /// The first selected rule, in load order, with a regex or guard that does not compile.
    pub fn compile_rules(&self, which: impl Fn(&Rule) -> bool) -> Result<()> {
        for compiled in self.rules.iter().filter(|c| which(&c.rule)) {
            let regex = compiled.regex.iter().map(|r| r.compiled().map(|_| ()));
            let guards = [&compiled.not_before, &compiled.not_after]
                .into_iter()
                .flatten()
                .map(|g| g.compiled().map(|_| ()));
            for result in regex.chain(guards) {
                result.map_err(|message| Error::Glossary {
                    place: compiled.rule.place.clone(),
                    rule: Some(compiled.rule.id.clone()),
                    message: message.to_owned(),
                })?;
            }
        }
        Ok(())
    }

    /// All rules, in load order.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> {
        self.rules.iter().map(|c| &c.rule)
    }

    /// The rule a finding refers to; its string id is `engine.rule(id).id`.
    ///
    /// # Panics
    /// If `id` does not come from this engine's findings (out of range).
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.0].rule
    }

    /// The rule with full id `id`, if loaded.
    pub fn find_rule(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.id == id)
    }

    /// Everything `fix` would change at the safe level, plus the suggestions of review and flag-only rules: the
    /// findings of [`Engine::fix`] at [`Safety::Safe`], so their [`Finding::status`] is at that level.
    ///
    /// # Errors
    /// [`Error::NoConvergence`] when rules keep rewriting each other.
    pub fn check(&self, text: &str) -> Result<Vec<Finding>> {
        Ok(self.fix(text, Safety::Safe)?.findings)
    }

    /// Fixes `text`, applying rules up to `level` (`Safety::Review` applies review rules too).
    ///
    /// # Errors
    /// [`Error::NoConvergence`] when rules keep rewriting each other's output for [`MAX_ROUNDS`] rounds.
    pub fn fix(&self, text: &str, level: Safety) -> Result<Outcome> {
        self.fix_with(text, &FixOptions::new(level))
    }

    /// Fixes `text` with per-document options: protected spans no rule may edit (code and markup of a Markdown or
    /// HTML file) and suppressed regions (`mtfix-disable` comments).
    ///
    /// # Errors
    /// [`Error::NoConvergence`] when rules keep rewriting each other's output for [`MAX_ROUNDS`] rounds.
    pub fn fix_with(&self, text: &str, options: &FixOptions) -> Result<Outcome> {
        self.fix_inner(text, options, None)
    }

    /// [`Engine::fix_with`], with every batch of edits shown to `review` before it is applied (see
    /// [`EditReview`]).
    ///
    /// # Errors
    /// [`Error::NoConvergence`] when rules keep rewriting each other's output for [`MAX_ROUNDS`] rounds.
    pub fn fix_reviewed(
        &self,
        text: &str,
        options: &FixOptions,
        review: &dyn EditReview,
    ) -> Result<Outcome> {
        self.fix_inner(text, options, Some(review))
    }

    fn fix_inner(
        &self,
        text: &str,
        options: &FixOptions,
        review: Option<&dyn EditReview>,
    ) -> Result<Outcome> {
        self.compile_ahead(text);
        let restrictions = Restrictions::new(options, &self.rules);
        let mut fixing = Fixing {
            current: Cow::Borrowed(text),
            map: SpanMap::default(),
            edits: Vec::new(),
        };
        // Rules that changed the text after the first round: the ones that keep rewriting each other.
        let mut late_changes: Vec<usize> = Vec::new();
        for round in 0..MAX_ROUNDS {
            let done = self.round(
                &mut fixing,
                &restrictions,
                options.level,
                review,
                growth_limit(text.len()),
            );
            if done.runaway {
                // Runaway expansion: the rules changing the text keep feeding each other.
                late_changes.extend(done.changed_by);
                return Err(self.no_convergence(round + 1, &late_changes));
            }
            if done.changed_by.is_empty() {
                let used = restrictions.used();
                return Ok(self.outcome(text, fixing, done.suggestions, options.level, used));
            }
            if round > 0 {
                late_changes.extend(done.changed_by);
            }
        }
        Err(self.no_convergence(MAX_ROUNDS, &late_changes))
    }

    /// One round: every pass once, in order, each over the output of the one before. Stops early when the text
    /// grows past `limit`.
    fn round(
        &self,
        fixing: &mut Fixing<'_>,
        restrictions: &Restrictions,
        level: Safety,
        review: Option<&dyn EditReview>,
        limit: usize,
    ) -> Round {
        let mut round = Round::default();
        let mut next_pass = 0;
        while next_pass < self.passes.len() {
            // One scan serves the passes up to the next one that edits the text (its caches stay valid).
            let edits = {
                let scan = Scan::new(&self.rules, &fixing.current, &fixing.map, restrictions);
                let mut edits = Vec::new();
                while edits.is_empty() && next_pass < self.passes.len() {
                    let matchers = &self.passes[next_pass];
                    next_pass += 1;
                    if matchers.is_empty() {
                        continue;
                    }
                    let candidates = scan.pass(matchers);
                    if candidates.is_empty() {
                        continue;
                    }
                    let (pass_edits, pass_suggestions) = resolve(candidates, &self.rules, level);
                    round.suggestions.extend(pass_suggestions);
                    edits = pass_edits;
                    if let Some(review) = review {
                        review_edits(review, &fixing.current, &mut edits);
                    }
                }
                edits
            };
            if edits.is_empty() {
                continue;
            }
            fixing.apply(edits, &mut round.changed_by);
            if fixing.current.len() > limit {
                round.runaway = true;
                break;
            }
        }
        round
    }

    /// The outcome of a finished fix. Its findings are the edits made (chains merged) and the suggestions and
    /// flags of the last round, which changed nothing, so they refer to the final text.
    fn outcome(
        &self,
        text: &str,
        fixing: Fixing<'_>,
        suggestions: Vec<scan::Candidate>,
        level: Safety,
        suppressions_used: Vec<bool>,
    ) -> Outcome {
        let Fixing {
            current,
            map,
            edits,
        } = fixing;
        let mut findings: Vec<Finding> = merge_chains(edits, &map, &current)
            .into_iter()
            .map(|edit| {
                let applicability = std::iter::once(edit.rule)
                    .chain(edit.chained.iter().copied())
                    .map(|r| Applicability::from(self.rules[r].rule.safety))
                    .max()
                    .unwrap_or(Applicability::Safe);
                Finding {
                    rule: RuleId(edit.rule),
                    found: text[edit.span.clone()].to_owned(),
                    span: edit.span,
                    fix: Some(Fix {
                        replacement: edit.replacement,
                        applicability,
                    }),
                    chained: edit.chained.into_iter().map(RuleId).collect(),
                }
            })
            .collect();
        findings.extend(suggestions.into_iter().map(|s| {
            let span = map.to_original(s.range);
            Finding {
                rule: RuleId(s.rule),
                found: text[span.clone()].to_owned(),
                span,
                fix: self.fix_of(s.rule, s.replacement),
                chained: Vec::new(),
            }
        }));
        // A stable sort by span, then rule, then a suggestion before an applied edit.
        findings.sort_by_key(|f| {
            let applied = f.status(level) == Status::Applied;
            (f.span.start, f.span.end, f.rule, applied)
        });
        Outcome {
            text: current.into_owned(),
            findings,
            suppressions_used,
            level,
        }
    }

    /// The fix of a candidate of rule `rule` that writes `replacement`.
    fn fix_of(&self, rule: usize, replacement: Option<String>) -> Option<Fix> {
        replacement.map(|replacement| Fix {
            replacement,
            applicability: self.rules[rule].rule.safety.into(),
        })
    }

    /// The error for rules that keep changing the text after `rounds` rounds: `changing` are their indices.
    fn no_convergence(&self, rounds: usize, changing: &[usize]) -> Error {
        let mut rules: Vec<String> = changing
            .iter()
            .map(|&i| self.rules[i].rule.id.clone())
            .collect();
        rules.sort();
        rules.dedup();
        Error::NoConvergence { rounds, rules }
    }
}

impl Engine {
    /// Compiles the regexes that scanning the short `text` is about to compile one after the other, on all
    /// threads of the current thread pool at once. Compiling regexes is most of what checking a short document
    /// with a fresh engine costs, and the scan compiles them on first use, one at a time; compiled here, they take
    /// the wall time of about half of them on two cores. The regexes are those of the first round's prefiltered
    /// scan (see `Scan::patterns`), as the original text announces them: a later pass or round that needs one
    /// more compiles it as usual, and a regex compiled for nothing costs what it would have cost at start-up. A
    /// large text is scanned with regex sets, which tell which regexes it needs, so nothing is compiled ahead.
    fn compile_ahead(&self, text: &str) {
        use std::sync::atomic::Ordering;
        if text.len() >= scan::PATTERN_SET_MIN_TEXT || rayon::current_num_threads() < 2 {
            return;
        }
        let budget = self
            .ahead_budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        if budget.is_err() {
            return;
        }
        let mut needed = Vec::new();
        for matchers in &self.passes {
            matchers.regexes_for(&self.rules, text, &mut needed);
        }
        // A regex its match filter rules out for the whole text is not needed anywhere in it.
        needed.retain(|&i| {
            self.rules[i]
                .regex
                .as_ref()
                .is_some_and(|r| !r.is_compiled() && r.may_match(text))
        });
        if needed.len() < 2 {
            return;
        }
        // One job per regex: their costs differ a hundredfold, so even halves of the list would not be balanced.
        // (Guards are left to the scan: it needs a guard only where its rule matches, and compiling the guards of
        // all these rules ahead would cost more than all of the scan's work.)
        needed.par_iter().with_max_len(1).for_each(|&i| {
            if let Some(regex) = &self.rules[i].regex {
                // A regex that does not compile never matches; the scan finds out again (cheaply).
                let _ = regex.compiled();
            }
        });
    }
}

/// Fixing one text, between passes: the text as it stands, where its spans were in the original, and the edits
/// made so far.
struct Fixing<'t> {
    current: Cow<'t, str>,
    map: SpanMap,
    /// Every edit applied so far, in the order applied, with its span in the original text.
    edits: Vec<Applied>,
}

impl Fixing<'_> {
    /// Applies one batch of edits (sorted, disjoint ranges of the current text) and records each, and its rule in
    /// `changed_by`.
    fn apply(&mut self, edits: Vec<scan::Candidate>, changed_by: &mut Vec<usize>) {
        let batch: Vec<_> = edits
            .iter()
            .map(|e| {
                (
                    e.range.clone(),
                    e.replacement.as_ref().map_or(0, String::len),
                )
            })
            .collect();
        let spans = self.map.apply(&batch);
        self.current = Cow::Owned(apply_edits(&self.current, &edits));
        for (edit, span) in edits.into_iter().zip(spans) {
            changed_by.push(edit.rule);
            self.edits.push(Applied {
                rule: edit.rule,
                span,
                replacement: edit.replacement.unwrap_or_default(),
                chained: Vec::new(),
            });
        }
    }
}

/// An edit `fix` applied: its rule (an engine index), its span in the original text and what it wrote there; after
/// [`merge_chains`], the rules that rewrote it later.
struct Applied {
    rule: usize,
    span: Range<usize>,
    replacement: String,
    chained: Vec<usize>,
}

/// What one round of passes did.
#[derive(Default)]
struct Round {
    /// The rules whose edits changed the text, in the order they applied.
    changed_by: Vec<usize>,
    /// The suggestions and flags of its passes: the findings left, once a round changes nothing.
    suggestions: Vec<scan::Candidate>,
    /// Whether the text grew past its limit (see [`growth_limit`]).
    runaway: bool,
}

/// Folds applied edits whose spans overlap (a later edit rewrote an earlier one's output) into one finding per
/// changed region, so that the edits, applied to the original, give exactly the fixed text. The edit that
/// covers the whole region speaks for it (the earliest, if several do); the others are listed in `chained`.
fn merge_chains(findings: Vec<Applied>, map: &SpanMap, fixed: &str) -> Vec<Applied> {
    let regions = map.regions();
    // Visit findings by position, keeping the order they applied in within a position.
    let mut sorted: Vec<(usize, Applied)> = findings.into_iter().enumerate().collect();
    sorted.sort_by_key(|(order, f)| (f.span.start, *order));
    // (the region that holds the group, if any; the findings with the order they applied in)
    type Group = (Option<usize>, Vec<(usize, Applied)>);
    let mut groups: Vec<Group> = Vec::new();
    let mut region = 0;
    for (order, finding) in sorted {
        let contains =
            |r: &Range<usize>| r.start <= finding.span.start && finding.span.end <= r.end;
        while region < regions.len()
            && !contains(&regions[region].0)
            && regions[region].0.start <= finding.span.start
        {
            region += 1;
        }
        let home = (region < regions.len() && contains(&regions[region].0)).then_some(region);
        match groups.last_mut() {
            Some((Some(r), group)) if home == Some(*r) => group.push((order, finding)),
            _ => groups.push((home, vec![(order, finding)])),
        }
    }
    let mut out = Vec::new();
    for (home, mut group) in groups {
        let Some(region) = home.filter(|_| group.len() > 1) else {
            out.extend(group.into_iter().map(|(_, f)| f));
            continue;
        };
        group.sort_by_key(|(order, _)| *order);
        let (orig, cur) = &regions[region];
        let lead = group.iter().position(|(_, f)| f.span == *orig).unwrap_or(0);
        let (_, mut finding) = group.remove(lead);
        finding.span = orig.clone();
        finding.replacement = fixed[cur.clone()].to_owned();
        finding.chained = group.into_iter().map(|(_, f)| f.rule).collect();
        out.push(finding);
    }
    out
}

/// Lets `review` change or withhold the edits of one batch on `text` (see [`EditReview`]).
fn review_edits(review: &dyn EditReview, text: &str, edits: &mut Vec<scan::Candidate>) {
    let mut batch: Vec<(Range<usize>, Option<String>)> = edits
        .iter()
        .map(|e| {
            let replacement = e.replacement.clone().unwrap_or_default();
            (e.range.clone(), Some(replacement))
        })
        .collect();
    review.review(text, &mut batch);
    let mut reviewed = batch.into_iter().map(|(_, r)| r);
    edits.retain_mut(|edit| match reviewed.next().flatten() {
        // Rewriting a span with its own text is no edit (and would be proposed, and made, in every round).
        Some(r) if text.get(edit.range.clone()) == Some(r.as_str()) => false,
        Some(r) if r != edit.replacement.as_deref().unwrap_or_default() => {
            edit.replacement = Some(r);
            true
        }
        Some(_) => true,
        None => false,
    });
}

/// Applies sorted, non-overlapping edits in one pass over the text.
fn apply_edits(text: &str, edits: &[scan::Candidate]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in edits {
        out.push_str(&text[last..edit.range.start]);
        out.push_str(edit.replacement.as_deref().unwrap_or_default());
        last = edit.range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::restrict::Restrictions;
    use super::scan::{Scan, Strategy as Scanning};
    use super::span_map::SpanMap;
    use super::{Engine, FixOptions};
    use crate::glossary::{RuleKind, Safety};

    static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins"));

    /// Pieces that make the built-in patterns match: their examples' inputs and outputs, and their keeps.
    static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut pieces = Vec::new();
        for rule in ENGINE.rules() {
            if matches!(rule.kind, RuleKind::Pattern { .. } | RuleKind::Term { .. }) {
                for example in &rule.examples {
                    pieces.push(example.input.clone());
                    pieces.push(example.output.clone());
                }
                pieces.extend(rule.keep.iter().cloned());
            }
        }
        pieces
    });

    fn document() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => (0..PIECES.len()).prop_map(|i| PIECES[i].clone()),
            1 => "[a-zA-Z ,.'’()-]{0,12}",
            1 => "[北京雄安新区。，（）]{1,3}",
        ];
        let separator = prop_oneof![
            3 => Just(" "),
            2 => Just("\n"),
            1 => Just("\r\n"),
            1 => Just("\n\n"),
            1 => Just(""),
        ];
        prop::collection::vec((piece, separator), 0..40).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(piece, separator)| piece + separator)
                .collect()
        })
    }

    /// On a short article, the regexes compiled ahead are those the scan then needs: the scan compiles none of its
    /// own (so they all compiled in parallel), but for regexes that only the fixed text can match (their match
    /// filters rule out the original).
    #[test]
    fn compiled_ahead_are_the_regexes_the_scan_needs() {
        let text = include_str!("../../fixtures/news/beijing-hebei-2018.txt");
        let engine = Engine::builtin().expect("built-ins");
        let compiled = |engine: &Engine| -> Vec<usize> {
            (0..engine.rules.len())
                .filter(|&i| {
                    engine.rules[i]
                        .regex
                        .as_ref()
                        .is_some_and(|r| r.is_compiled())
                })
                .collect()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a thread pool");
        pool.install(|| engine.compile_ahead(text));
        let ahead = compiled(&engine);
        assert!(ahead.len() > 10, "{} regexes compiled ahead", ahead.len());
        engine.check(text).expect("converges");
        let after = compiled(&engine);
        assert!(ahead.iter().all(|i| after.contains(i)));
        for &i in after.iter().filter(|i| !ahead.contains(i)) {
            let regex = engine.rules[i].regex.as_ref().expect("a regex");
            assert!(
                !regex.may_match(text),
                "{}: compiled by the scan, not ahead, though the original text may need it",
                engine.rules[i].rule.id
            );
        }
        assert!(after.len() < ahead.len() + 3, "{ahead:?} {after:?}");
        // The match filters at work: the article holds the required literals of several times more regexes than
        // it needs (they matched 92 against 21 when this was written).
        let mut by_literals = Vec::new();
        for matchers in &engine.passes {
            matchers.regexes_for(&engine.rules, text, &mut by_literals);
        }
        by_literals.sort_unstable();
        by_literals.dedup();
        assert!(
            2 * after.len() < by_literals.len(),
            "{} regexes compiled, {} hold their literals",
            after.len(),
            by_literals.len()
        );
    }

    /// Only the first texts an engine sees are looked at ahead: on a stream of records the regexes are compiled
    /// long since, and the extra prefilter scan would be waste.
    #[test]
    fn only_the_first_texts_are_compiled_ahead() {
        let text = include_str!("../../fixtures/news/beijing-hebei-2018.txt");
        let engine = Engine::builtin().expect("built-ins");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a thread pool");
        let compiled = |engine: &Engine| {
            engine
                .rules
                .iter()
                .filter(|r| r.regex.as_ref().is_some_and(|r| r.is_compiled()))
                .count()
        };
        for _ in 0..super::AHEAD_TEXTS {
            pool.install(|| engine.compile_ahead("A short record."));
        }
        let before = compiled(&engine);
        pool.install(|| engine.compile_ahead(text));
        assert_eq!(compiled(&engine), before);
        // A fresh engine does compile ahead for the article.
        let fresh = Engine::builtin().expect("built-ins");
        pool.install(|| fresh.compile_ahead(text));
        assert!(compiled(&fresh) > before + 10);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Prefiltering patterns by their literals and with sets, and testing line-local patterns line by line,
        /// finds exactly the candidates that scanning each pattern over the whole text finds.
        #[test]
        fn prefilters_and_line_scans_find_what_whole_text_scans_find(text in document()) {
            let options = FixOptions::new(Safety::Review);
            let restrictions = Restrictions::new(&options, &ENGINE.rules);
            let map = SpanMap::default();
            for matchers in &ENGINE.passes {
                let scan = |strategy| {
                    let mut candidates = Scan::new(&ENGINE.rules, &text, &map, &restrictions)
                        .with_strategy(strategy)
                        .pass(matchers);
                    candidates.sort_by(|a, b| {
                        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
                    });
                    candidates
                };
                let plain = scan(Scanning::Plain);
                prop_assert_eq!(&scan(Scanning::Sets), &plain);
                prop_assert_eq!(&scan(Scanning::Prefilter), &plain);
            }
        }
    }
}
