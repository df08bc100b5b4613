//! Building the engine's matchers from glossary rules, once.
//!
//! Every literal variant of every term rule of a pass goes into one Aho-Corasick automaton (leftmost-longest,
//! anchored and unanchored searches, lowercased variants) over the lowercased folded view of the text; pattern and
//! line rules keep their regexes (compiled on first use); templates are parsed here so scanning never parses
//! anything.
//!
//! What a rule adds to its pass's [`PassMatchers`] is up to its kind: `pass_matchers` hands each rule to its
//! kind's `register` (in `scan/<kind>.rs`, beside the kind's matching), one line per kind, then builds the
//! automata.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind, StartKind};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::{Regex, RegexSet, RegexSetBuilder};

use super::filter::{MatchFilter, Verdict};
use super::normalize::fold_variant;
use super::scan;
use crate::error::{Error, Result};
use crate::facts::RegexFacts;
use crate::glossary::template::{Groups, Template};
use crate::glossary::{Glossary, Matcher, Pass, Rule, RuleKind, Safety};

/// A rule ready to run.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub(crate) rule: Rule,
    /// The rule's regex (patterns and lines).
    pub(crate) regex: Option<LazyRegex>,
    /// Whether the regex always matches within one line (see `facts/locality.rs`).
    pub(crate) line_local: bool,
    /// Sets of literals such that every match of the regex holds one literal of each (see `facts/literals.rs`);
    /// empty: no filter.
    pub(crate) literals: Vec<Vec<Vec<u8>>>,
    /// The replacement template (patterns and lines); terms use `rule.replace` directly.
    pub(crate) template: Option<Template>,
    /// `not_before`, anchored at the start of the text after a match.
    pub(crate) not_before: Option<LazyGuard>,
    /// `not_after`, anchored at the end of the text before a match.
    pub(crate) not_after: Option<LazyGuard>,
    /// For rules that match literal strings (terms): the folded, lowercased replacement, to see whether it already
    /// stands around a match.
    pub(crate) folded_replacement: String,
}

impl CompiledRule {
    /// Whether `fix` at `level` applies this rule's edits (a rule without a replacement only flags, except line
    /// rules that delete).
    pub(crate) fn applies_at(&self, level: Safety) -> bool {
        let edits = self.rule.replace.is_some() || self.rule.kind.edits_without_replace();
        edits && self.rule.safety <= level
    }
}

/// A regex compiled on first use. A short document needs few of a glossary's regexes, and compiling all of them
/// (a few hundred, some with large Unicode classes) would cost far more than checking the document.
#[derive(Debug)]
pub(crate) struct Lazy<T> {
    source: String,
    /// What the regex is, for error messages: "" (the rule's regex), "not_before", "not_after".
    what: &'static str,
    compiled: OnceLock<std::result::Result<T, String>>,
    /// For a built-in regex: what rules out texts it cannot match, before it is compiled (see `filter.rs`).
    filter: Option<MatchFilter>,
}

/// A rule's own regex, compiled on first use.
pub(crate) type LazyRegex = Lazy<Regex>;

/// A guard, compiled on first use into a regex that only tells whether it matches (see
/// [`crate::glossary::compile_guard`]).
pub(crate) type LazyGuard = Lazy<regex_automata::meta::Regex>;

/// How a [`Lazy`] regex compiles, and answers whether it matches.
pub(crate) trait CompileLazily: Sized {
    /// Compiles `source`; `what` as in [`Lazy`].
    fn compile(source: &str, what: &str) -> std::result::Result<Self, String>;

    /// Whether the compiled regex matches `haystack`.
    fn is_match(&self, haystack: &str) -> bool;
}

impl CompileLazily for Regex {
    fn compile(source: &str, what: &str) -> std::result::Result<Self, String> {
        crate::glossary::compile_regex(source, what)
    }

    fn is_match(&self, haystack: &str) -> bool {
        Regex::is_match(self, haystack)
    }
}

impl CompileLazily for regex_automata::meta::Regex {
    fn compile(source: &str, what: &str) -> std::result::Result<Self, String> {
        crate::glossary::compile_guard(source, what)
    }

    fn is_match(&self, haystack: &str) -> bool {
        regex_automata::meta::Regex::is_match(self, haystack)
    }
}

impl<T: CompileLazily> Lazy<T> {
    fn new(source: &str, what: &'static str) -> Lazy<T> {
        Lazy {
            source: source.to_owned(),
            what,
            compiled: OnceLock::new(),
            filter: MatchFilter::builtin(what, source),
        }
    }

    /// The compiled regex, unless it is not compiled yet and its filter rules out `haystack`: it cannot match
    /// there, so compiling it now would be waste. `None` also when it does not compile (see [`Lazy::get`]).
    pub(crate) fn unless_ruled_out(&self, haystack: &str) -> Option<&T> {
        if !self.is_compiled() && self.verdict(haystack) == Verdict::No {
            return None;
        }
        self.get()
    }

    /// Whether the regex matches `haystack`: by its filter alone where that can tell, else compiled (a regex that
    /// does not compile never matches).
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        match self.verdict(haystack) {
            Verdict::No => false,
            Verdict::Yes => true,
            Verdict::Maybe => self.get().is_some_and(|regex| regex.is_match(haystack)),
        }
    }

    /// Whether the regex may match `haystack`, as its filter sees it (`true` without a filter).
    pub(crate) fn may_match(&self, haystack: &str) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|filter| filter.verdict(haystack) != Verdict::No)
    }

    /// The filter's verdict; [`Verdict::Maybe`] without a filter, and once the regex is compiled unless the
    /// filter is exact (then the regex answers in one search, where an inexact filter would add a second).
    fn verdict(&self, haystack: &str) -> Verdict {
        match &self.filter {
            Some(filter) if filter.is_exact() || !self.is_compiled() => filter.verdict(haystack),
            _ => Verdict::Maybe,
        }
    }

    /// The compiled regex, or why it does not compile (over the size limit: the loader has checked the syntax).
    pub(crate) fn compiled(&self) -> std::result::Result<&T, &str> {
        self.compiled
            .get_or_init(|| T::compile(&self.source, self.what))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether the regex has been compiled (or found not to compile).
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The compiled regex; `None` only if it cannot compile, which [`crate::Engine::compile_rules`] reports up
    /// front (a rule whose regex cannot compile never matches).
    pub(crate) fn get(&self) -> Option<&T> {
        self.compiled().ok()
    }
}

/// The shared literal prefilter of a pass's pattern and line rules (see `facts/literals.rs`).
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// All literals of all filtered rules (ASCII case-insensitive, overlapping matches).
    pub(crate) automaton: AhoCorasick,
    /// Literal (automaton pattern id) → the filtered rules (positions in `rules`) that need it, each with the
    /// bit of the literal set it belongs to.
    pub(crate) owners: Vec<Vec<(usize, u8)>>,
    /// Per filtered rule, the bits of all its sets: the rule is worth running where every bit was seen.
    pub(crate) full: Vec<u8>,
    /// The filtered rules (engine indices), in glossary order.
    pub(crate) rules: Vec<usize>,
}

/// One automaton pattern: a folded variant and the term rules that list it, in glossary order.
#[derive(Debug)]
pub(crate) struct VariantEntry {
    /// Folded variant as written (for `case = "exact"`).
    pub(crate) folded: String,
    /// Rules (engine indices) that list this variant, with where the variant occurs inside each rule's folded
    /// replacement (case-insensitively): a match at such an offset may be part of the replacement itself.
    pub(crate) rules: Vec<(usize, Vec<usize>)>,
}

/// Everything one pass runs.
#[derive(Debug, Default)]
pub(crate) struct PassMatchers {
    /// The literal automaton over all term variants of this pass (`None` when the pass has no terms).
    pub(crate) terms: Option<AhoCorasick>,
    /// Automaton pattern id → variant entry.
    pub(crate) variants: Vec<VariantEntry>,
    /// Short texts: pattern and line rules with required literals, prefiltered together: a rule whose literals
    /// do not occur is skipped, a line-local pattern scans only the lines where they do.
    pub(crate) prefilter: Option<Prefilter>,
    /// Short texts: the pattern rules without required literals, each scanned over the whole text.
    pub(crate) unfiltered: Vec<usize>,
    /// Large texts: the pattern rules of this pass (engine indices), in glossary order, that may match across a
    /// line break or look at the edges of the whole text.
    pub(crate) patterns: Vec<usize>,
    /// Large texts: the pattern rules that always match within one line (see `facts/locality.rs`).
    pub(crate) line_patterns: Vec<usize>,
    /// The regexes of `patterns` as one set, built on first use: one scan tells which of them match anywhere in
    /// a large text, so the others cost nothing. `None` inside when the set cannot be built.
    pattern_set: OnceLock<Option<RegexSet>>,
    /// The regexes of `line_patterns` as one set, built on first use: one scan of a line tells which of them
    /// match in that line, so each pattern scans only the lines where it matches.
    line_set: OnceLock<Option<RegexSet>>,
    /// Line rules (only in the lines pass), in glossary order.
    pub(crate) lines: Vec<usize>,
    /// One automaton over the forms of all consistency rules of this pass.
    pub(crate) consistency: Option<AhoCorasick>,
    /// Automaton pattern id → form.
    pub(crate) forms: Vec<FormEntry>,
}

/// One form of a consistency rule.
#[derive(Debug)]
pub(crate) struct FormEntry {
    /// The rule (engine index).
    pub(crate) rule: usize,
    /// Which of the rule's forms.
    pub(crate) form: usize,
    /// The folded form as written (for `case = "exact"`).
    pub(crate) folded: String,
}

impl PassMatchers {
    /// The set of `patterns` (see `pattern_set`), built on first call.
    pub(crate) fn pattern_set(&self, rules: &[CompiledRule]) -> Option<&RegexSet> {
        self.pattern_set
            .get_or_init(|| regex_set(&self.patterns, rules))
            .as_ref()
    }

    /// The set of `line_patterns` (see `line_set`), built on first call.
    pub(crate) fn line_set(&self, rules: &[CompiledRule]) -> Option<&RegexSet> {
        self.line_set
            .get_or_init(|| regex_set(&self.line_patterns, rules))
            .as_ref()
    }

    /// The rules (engine indices) whose regex a prefiltered scan of `text` (see `Scan::patterns`) compiles: the
    /// patterns without required literals, the line rules without them, and the rules one of whose literals
    /// occurs in `text`.
    pub(crate) fn regexes_for(&self, rules: &[CompiledRule], text: &str, out: &mut Vec<usize>) {
        out.extend(&self.unfiltered);
        out.extend(self.lines.iter().filter(|&&i| rules[i].literals.is_empty()));
        if let Some(prefilter) = &self.prefilter {
            let mut seen = vec![0u8; prefilter.rules.len()];
            for hit in prefilter.automaton.find_overlapping_iter(text) {
                for &(owner, bit) in &prefilter.owners[hit.pattern().as_usize()] {
                    seen[owner] |= bit;
                }
            }
            out.extend(
                prefilter
                    .rules
                    .iter()
                    .zip(seen.iter().zip(&prefilter.full))
                    .filter_map(|(&index, (seen, full))| (seen == full).then_some(index)),
            );
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_none()
            && self.prefilter.is_none()
            && self.patterns.is_empty()
            && self.line_patterns.is_empty()
            && self.lines.is_empty()
            && self.consistency.is_none()
    }
}

/// One set over the regexes of the pattern rules `indices`; `None` when it cannot be built (too big), in which
/// case the patterns are scanned one by one.
fn regex_set(indices: &[usize], rules: &[CompiledRule]) -> Option<RegexSet> {
    let sources = indices
        .iter()
        .map(|&i| rules[i].rule.kind.regex().unwrap_or_default());
    RegexSetBuilder::new(sources)
        .size_limit(4 * crate::glossary::REGEX_SIZE_LIMIT)
        .dfa_size_limit(4 * crate::glossary::REGEX_SIZE_LIMIT)
        .build()
        .ok()
}

/// Compiles all rules of `glossaries`, in order.
pub(crate) fn compile(glossaries: &[Glossary]) -> Result<(Vec<CompiledRule>, Vec<PassMatchers>)> {
    let mut seen: HashMap<&str, &Rule> = HashMap::new();
    for rule in glossaries.iter().flat_map(|g| &g.rules) {
        if let Some(first) = seen.insert(&rule.id, rule) {
            return Err(Error::Glossary {
                place: rule.place.clone(),
                rule: Some(rule.id.clone()),
                message: format!("duplicate rule id (first defined at {})", first.place),
            });
        }
    }

    let rules: Vec<CompiledRule> = glossaries
        .iter()
        .flat_map(|g| &g.rules)
        .map(compile_rule)
        .collect::<Result<_>>()?;

    // The passes' automata are independent, and building them is most of what building an engine costs: on
    // several cores they are built at once.
    // (Collected before the errors are looked at, so that the first failing pass is the one reported.)
    let passes: Vec<Result<PassMatchers>> = Pass::ALL
        .par_iter()
        .map(|&pass| pass_matchers(pass, &rules))
        .collect();
    let passes = passes.into_iter().collect::<Result<Vec<_>>>()?;
    Ok((rules, passes))
}

/// A pass's matchers being built: what each kind's `register` (in `scan/<kind>.rs`) adds its rules to.
#[derive(Default)]
pub(crate) struct PassBuilder {
    /// The matchers so far.
    pub(crate) matchers: PassMatchers,
    /// Each folded, lowercased term variant in `matchers.variants`, with its automaton pattern id.
    pub(crate) variant_ids: HashMap<String, usize>,
    /// The rules with required literals (engine indices), in glossary order, for the prefilter.
    pub(crate) filtered: Vec<usize>,
}

/// The matchers of the rules of `pass`: each rule registered by its kind, then the automata built.
fn pass_matchers(pass: Pass, rules: &[CompiledRule]) -> Result<PassMatchers> {
    let mut builder = PassBuilder::default();
    let b = &mut builder;
    for (index, compiled) in rules.iter().enumerate() {
        if compiled.rule.pass != pass {
            continue;
        }
        match &compiled.rule.kind {
            RuleKind::Term { variants } => scan::term::register(b, index, compiled, variants),
            RuleKind::Consistency { forms } => scan::consistency::register(b, index, forms),
            RuleKind::Pattern { .. } => scan::pattern::register(b, index, compiled),
            RuleKind::Line { .. } => scan::line::register(b, index, compiled),
        }
    }
    let PassBuilder {
        mut matchers,
        filtered,
        ..
    } = builder;
    matchers.prefilter = prefilter(rules, filtered)?;
    if !matchers.variants.is_empty() {
        // Lowercased variants, matched case-sensitively in the lowercased view of the text (see
        // `FoldedText::lowercase` for why).
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(
                matchers
                    .variants
                    .iter()
                    .map(|v| v.folded.to_ascii_lowercase()),
            )
            .map_err(|e| Error::Glossary {
                place: rules[matchers.variants[0].rules[0].0].rule.place.clone(),
                rule: None,
                message: format!("cannot build the term automaton: {e}"),
            })?;
        matchers.terms = Some(automaton);
    }
    if !matchers.forms.is_empty() {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(matchers.forms.iter().map(|f| f.folded.as_str()))
            .map_err(|e| Error::Glossary {
                place: rules[matchers.forms[0].rule].rule.place.clone(),
                rule: None,
                message: format!("cannot build the consistency automaton: {e}"),
            })?;
        matchers.consistency = Some(automaton);
    }
    Ok(matchers)
}

/// The prefilter over the required literals of the rules `filtered` (`None` when there are none).
fn prefilter(rules: &[CompiledRule], filtered: Vec<usize>) -> Result<Option<Prefilter>> {
    if filtered.is_empty() {
        return Ok(None);
    }
    let mut ids: HashMap<&[u8], usize> = HashMap::new();
    let mut literals: Vec<&[u8]> = Vec::new();
    let mut owners: Vec<Vec<(usize, u8)>> = Vec::new();
    let mut full = Vec::with_capacity(filtered.len());
    for (position, &index) in filtered.iter().enumerate() {
        let sets = &rules[index].literals;
        full.push(((1u16 << sets.len()) - 1) as u8);
        for (set, bit) in sets
            .iter()
            .zip((0..crate::facts::literals::MAX_SETS).map(|i| 1u8 << i))
        {
            for literal in set {
                let id = *ids.entry(literal).or_insert_with(|| {
                    literals.push(literal);
                    owners.push(Vec::new());
                    literals.len() - 1
                });
                match owners[id].last_mut() {
                    Some((owner, bits)) if *owner == position => *bits |= bit,
                    _ => owners[id].push((position, bit)),
                }
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&literals)
        .map_err(|e| Error::Glossary {
            place: rules[filtered[0]].rule.place.clone(),
            rule: None,
            message: format!("cannot build the literal prefilter: {e}"),
        })?;
    Ok(Some(Prefilter {
        automaton,
        owners,
        full,
        rules: filtered,
    }))
}

fn compile_rule(rule: &Rule) -> Result<CompiledRule> {
    let fail = |message: String| Error::Glossary {
        place: rule.place.clone(),
        rule: Some(rule.id.clone()),
        message,
    };
    let regex_source = rule.kind.regex();
    // What the engine needs of a regex's syntax tree: a built-in regex's facts come from the table `build.rs`
    // wrote (see `precomputed`), any other regex is parsed (the loader has checked its syntax). The regexes
    // themselves compile on first use.
    let facts = regex_source
        .map(|source| {
            precomputed(source).map_or_else(
                || {
                    regex_syntax::parse(source)
                        .map(|hir| RegexFacts::of_hir(&hir))
                        .map_err(|e| fail(format!("invalid regex: {e}")))
                },
                Ok,
            )
        })
        .transpose()?;
    let (line_local, literals, groups) = match facts {
        Some(f) => (f.line_local, f.literals, Some(Groups::from_names(f.groups))),
        None => (false, Vec::new(), None),
    };
    let template = match (&groups, &rule.replace) {
        (Some(groups), Some(replace)) => {
            Some(Template::parse(replace, groups).map_err(|e| fail(e.message))?)
        }
        _ => None,
    };
    let folded_replacement = match (rule.kind.matcher(), &rule.replace) {
        (Matcher::Strings { .. }, Some(replace)) => fold_variant(replace).to_ascii_lowercase(),
        _ => String::new(),
    };
    Ok(CompiledRule {
        rule: rule.clone(),
        regex: regex_source.map(|source| LazyRegex::new(source, "")),
        line_local,
        literals,
        template,
        not_before: rule
            .not_before
            .as_deref()
            .map(|s| LazyGuard::new(s, "not_before")),
        not_after: rule
            .not_after
            .as_deref()
            .map(|s| LazyGuard::new(s, "not_after")),
        folded_replacement,
    })
}

/// The facts of a built-in regex as `build.rs` computed them (see there for why), in static form.
struct Precomputed {
    line_local: bool,
    literals: &'static [&'static [&'static [u8]]],
    groups: &'static [Option<&'static str>],
}

/// Every built-in pattern and line regex with its facts, sorted by source (generated by `build.rs`).
static PRECOMPUTED: &[(&str, Precomputed)] = include!(concat!(env!("OUT_DIR"), "/regex_facts.rs"));

/// The facts of regex `source` if `build.rs` computed them (it is a regex of a built-in glossary), without
/// parsing it; they equal [`RegexFacts::of_hir`] of its syntax tree (a test checks every built-in regex).
pub(crate) fn precomputed(source: &str) -> Option<RegexFacts> {
    let index = PRECOMPUTED
        .binary_search_by(|(s, _)| (*s).cmp(source))
        .ok()?;
    let facts = &PRECOMPUTED[index].1;
    Some(RegexFacts {
        line_local: facts.line_local,
        literals: facts
            .literals
            .iter()
            .map(|set| set.iter().map(|l| l.to_vec()).collect())
            .collect(),
        groups: facts.groups.iter().map(|g| g.map(str::to_owned)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::{CompileLazily, Lazy, LazyGuard, LazyRegex, PRECOMPUTED, RegexFacts, precomputed};
    use crate::engine::filter::Verdict;
    use crate::glossary::Rule;

    fn analysed(source: &str) -> RegexFacts {
        RegexFacts::of_hir(&regex_syntax::parse(source).expect("a built-in regex parses"))
    }

    /// The table `build.rs` wrote holds every built-in regex, with the facts the run-time analysis finds: a
    /// table computed by other code, or from other glossaries, cannot pass.
    #[test]
    fn precomputed_facts_are_those_of_the_run_time_analysis() {
        let glossaries = crate::glossary::builtin::all().expect("built-ins");
        let mut checked = 0;
        for rule in glossaries.iter().flat_map(|g| &g.rules) {
            if let Some(regex) = rule.kind.regex() {
                assert_eq!(
                    precomputed(regex),
                    Some(analysed(regex)),
                    "{}: the precomputed facts of {regex:?} differ from its analysis",
                    rule.id
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} built-in regexes");
        for (source, _) in PRECOMPUTED {
            assert_eq!(precomputed(source), Some(analysed(source)), "{source:?}");
        }
        assert!(
            PRECOMPUTED.windows(2).all(|w| w[0].0 < w[1].0),
            "the table is sorted by source, each once (it is binary-searched)"
        );
        assert_eq!(precomputed(r"not (?P<a>a) built-in regex"), None);
    }

    /// The texts the match-filter tests search: every example (before and after) and `keep` text of the
    /// built-ins, and every line of the fixtures.
    fn texts(rules: &[&Rule]) -> Vec<String> {
        let mut texts: Vec<String> = rules
            .iter()
            .flat_map(|r| r.own_texts().map(str::to_owned))
            .collect();
        for folder in ["fixtures/news", "fixtures/rules", "fixtures/articles"] {
            for entry in std::fs::read_dir(folder).expect("fixtures are readable") {
                let text = std::fs::read_to_string(entry.expect("a fixture").path())
                    .expect("a fixture is UTF-8");
                texts.extend(text.lines().map(str::to_owned));
            }
        }
        texts.sort();
        texts.dedup();
        texts
    }

    /// Checks `lazy`'s filter on `haystack` against the compiled regex: it never says "no match" where the
    /// regex matches, nor "match" where it does not. Returns the verdict.
    fn check_filter<T: CompileLazily>(lazy: &Lazy<T>, haystack: &str) -> Verdict {
        // The filter itself: `Lazy::verdict` stops asking an inexact filter once the regex is compiled.
        let verdict = lazy
            .filter
            .as_ref()
            .expect("a filtered regex")
            .verdict(haystack);
        let truth = lazy
            .compiled()
            .expect("a built-in regex compiles")
            .is_match(haystack);
        match verdict {
            Verdict::No => assert!(
                !truth,
                "{:?} matches {haystack:?}, its filter says no",
                lazy.source
            ),
            Verdict::Yes => assert!(
                truth,
                "{:?} does not match {haystack:?}, its filter says yes",
                lazy.source
            ),
            Verdict::Maybe => {}
        }
        verdict
    }

    /// The match filters `build.rs` made agree with the regexes and guards they stand for, on every built-in
    /// text: a filter that ruled out a text its regex matches would make the engine miss an edit. They also do
    /// their job: most regexes have one, and they rule out most texts.
    #[test]
    fn match_filters_never_contradict_their_regexes() {
        let glossaries = crate::glossary::builtin::all().expect("built-ins");
        let rules: Vec<&Rule> = glossaries.iter().flat_map(|g| &g.rules).collect();
        let texts = texts(&rules);
        let (mut filtered, mut unfiltered, mut ruled_out, mut answered) = (0, 0, 0, 0);
        for rule in &rules {
            if let Some(regex) = rule.kind.regex() {
                let lazy = LazyRegex::new(regex, "");
                if lazy.filter.is_none() {
                    unfiltered += 1;
                    continue;
                }
                filtered += 1;
                for text in &texts {
                    match check_filter(&lazy, text) {
                        Verdict::No => ruled_out += 1,
                        Verdict::Yes => answered += 1,
                        Verdict::Maybe => {}
                    }
                }
            }
            // A guard searches the text right after a match (`not_before`) or right before it (`not_after`): every
            // suffix or prefix of the rule's own texts, at character boundaries.
            let own: Vec<&str> = rule.own_texts().collect();
            for (what, guard) in [
                ("not_before", &rule.not_before),
                ("not_after", &rule.not_after),
            ] {
                let Some(guard) = guard else {
                    continue;
                };
                let lazy = LazyGuard::new(guard, what);
                if lazy.filter.is_none() {
                    unfiltered += 1;
                    continue;
                }
                filtered += 1;
                for text in &own {
                    for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                        let window = if what == "not_before" {
                            &text[i..]
                        } else {
                            &text[..i]
                        };
                        match check_filter(&lazy, window) {
                            Verdict::No => ruled_out += 1,
                            Verdict::Yes => answered += 1,
                            Verdict::Maybe => {}
                        }
                    }
                }
            }
        }
        assert!(
            filtered > 4 * unfiltered,
            "{filtered} regexes and guards have a filter, {unfiltered} do not"
        );
        assert!(
            ruled_out > 0 && answered > 0,
            "ruled out {ruled_out}, answered {answered}"
        );
    }

    /// A regex outside the built-ins has no filter, whatever it looks like.
    #[test]
    fn only_built_in_regexes_have_filters() {
        assert!(
            LazyRegex::new(r"not a built-in (?P<x>regex)", "")
                .filter
                .is_none()
        );
        let glossaries = crate::glossary::builtin::all().expect("built-ins");
        let guard = glossaries
            .iter()
            .flat_map(|g| &g.rules)
            .find_map(|r| r.not_before.as_deref())
            .expect("a built-in not_before guard");
        assert!(LazyGuard::new(guard, "not_before").filter.is_some());
        // The same source as another kind of regex is anchored differently: not the same filter.
        assert!(LazyGuard::new(guard, "not_after").filter.is_none() || guard.is_empty());
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::LazyRegex;
        use super::check_filter;

        /// The built-in rule regexes that have a filter, with pieces of their own examples to build texts from.
        fn filtered_regexes() -> Vec<(LazyRegex, Vec<String>)> {
            let glossaries = crate::glossary::builtin::all().expect("built-ins");
            glossaries
                .iter()
                .flat_map(|g| &g.rules)
                .filter_map(|rule| {
                    let regex = rule.kind.regex()?;
                    let lazy = LazyRegex::new(regex, "");
                    lazy.filter.as_ref()?;
                    let pieces = rule
                        .examples
                        .iter()
                        .flat_map(|e| e.input.split_inclusive(' ').map(str::to_owned))
                        .collect();
                    Some((lazy, pieces))
                })
                .filter(|(_, pieces): &(LazyRegex, Vec<String>)| !pieces.is_empty())
                .collect()
        }

        proptest! {
            /// Texts made of shuffled words of a rule's own examples (which its regex nearly matches), with
            /// random characters between them: the filter never contradicts the regex.
            #[test]
            fn filters_never_contradict_their_regexes_on_near_misses(
                rule in any::<prop::sample::Index>(),
                picks in prop::collection::vec((any::<prop::sample::Index>(), "[ a-zA-Z0-9,.\n\t（）。年-]{0,2}"), 1..12),
            ) {
                thread_local! {
                    static REGEXES: Vec<(LazyRegex, Vec<String>)> = filtered_regexes();
                }
                REGEXES.with(|regexes| {
                    let (lazy, pieces) = &regexes[rule.index(regexes.len())];
                    let text: String = picks
                        .iter()
                        .map(|(i, glue)| format!("{}{glue}", pieces[i.index(pieces.len())]))
                        .collect();
                    // Panics, failing the case, where the filter contradicts the regex.
                    check_filter(lazy, &text);
                });
            }
        }
    }
}
