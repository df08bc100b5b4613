//! Static checks of glossaries (`mtfix glossary lint`): mistakes that load fine but break a guarantee.
//!
//! The loader already rejects what cannot work (bad TOML, bad regex, duplicate id inside one file). Lint looks
//! at the glossaries *together*, the way the engine will use them:
//!
//! | check               | severity | why it matters                                                        |
//! |---------------------|----------|-----------------------------------------------------------------------|
//! | `duplicate-id`      | error    | the engine refuses two rules with one id                              |
//! | `duplicate-variant` | error    | two rules claim one variant: which wins depends on load order         |
//! | `cycle`             | error    | term rules rewrite each other's replacements in a loop: `fix` never settles |
//! | `chain`             | error    | another rule rewrites this rule's output: `fix` is not one step       |
//! | `self-match`        | error    | the rule fires on its own replacement (a variant inside it)           |
//! | `shadowed`          | warning  | a longer variant of another rule takes every one of its examples      |
//! | `example`           | error    | the rule fails its own examples or keeps                              |
//! | `no-keep`           | warning  | a safe rule with no `keep` texts has no guard against false positives |
//!
//! Errors break idempotence or determinism (DESIGN.md guarantees 3 and 4); warnings are advice. (A regex that
//! matches the empty string is rejected by the loader, so it never gets here.)
//!
//! Every check is linear in the number of rules and variants (literal containment goes through one Aho-Corasick
//! automaton), so a glossary at the loader's limits ([`crate::glossary::MAX_VARIANTS`]) lints in seconds.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::engine::Engine;
use crate::error::{Error, Place};
use crate::glossary::{CaseMode, Glossary, LineAction, Rule, RuleKind, Safety};

/// How serious a lint issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintSeverity {
    /// Breaks a guarantee: `mtfix glossary lint` exits 1.
    Error,
    /// Advice: reported, but does not fail.
    Warning,
}

impl fmt::Display for LintSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintSeverity::Error => "error",
            LintSeverity::Warning => "warning",
        })
    }
}

/// One problem found by [`lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    /// Error or warning.
    pub severity: LintSeverity,
    /// The check that found it (`duplicate-id`, `duplicate-variant`, `cycle`, `chain`, `self-match`, `shadowed`,
    /// `example`, `unicode-word-boundary`, `no-keep`, `compile`).
    pub check: &'static str,
    /// The full id of the rule at fault (empty when the problem is not inside one rule).
    pub rule: String,
    /// Where the rule is defined.
    pub place: Place,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Runs every static check over `glossaries`, taken together in load order. Issues come back sorted by
/// glossary, then line, then column, then check.
///
/// # Example
/// ```
/// let g = mtfix::glossary::parse(
///     "[glossary]\nname = \"t\"\n[[term]]\nid = \"a\"\nmatch = [\"x y\"]\nreplace = \"x-y\"\n\
///      examples = [{ input = \"x y\", output = \"x-y\" }]\nkeep = [\"x-y\"]\n",
///     "t.toml",
/// )?;
/// assert!(mtfix::lint::lint(&[g]).is_empty());
/// # Ok::<(), mtfix::Error>(())
/// ```
pub fn lint(glossaries: &[Glossary]) -> Vec<LintIssue> {
    let mut issues = Vec::new();
    let rules: Vec<&Rule> = glossaries.iter().flat_map(|g| &g.rules).collect();

    let unique = duplicate_ids(&rules, &mut issues);
    duplicate_variants(&rules, &mut issues);
    for rule in &rules {
        unicode_word_boundary(rule, &mut issues);
        no_keep(rule, &mut issues);
    }

    // The engine checks need one rule per id: later duplicates (already reported) are dropped.
    let deduped: Vec<Glossary> = glossaries
        .iter()
        .map(|g| Glossary {
            rules: g
                .rules
                .iter()
                .filter(|r| unique.contains(&std::ptr::from_ref(r)))
                .cloned()
                .collect(),
            ..g.clone()
        })
        .collect();
    match Engine::new(&deduped).and_then(|engine| engine.compile_rules(|_| true).map(|()| engine)) {
        Ok(engine) => {
            let engine_rules: Vec<&Rule> = engine.rules().collect();
            let in_cycles = literal_cycles(&engine_rules, &mut issues);
            chains(&engine, &in_cycles, &mut issues);
            shadowed(&engine, &mut issues);
            examples(&deduped, &engine, &mut issues);
        }
        Err(e) => issues.push(compile_error(e, glossaries)),
    }

    let order: HashMap<&str, usize> = glossaries
        .iter()
        .enumerate()
        .map(|(i, g)| (g.file.as_str(), i))
        .collect();
    issues.sort_by(|a, b| {
        let key = |i: &LintIssue| {
            (
                order
                    .get(i.place.file.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                i.place.line,
                i.place.column,
                i.check,
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
    issues.dedup();
    issues
}

fn issue(rule: &Rule, severity: LintSeverity, check: &'static str, message: String) -> LintIssue {
    LintIssue {
        severity,
        check,
        rule: rule.id.clone(),
        place: rule.place.clone(),
        message,
    }
}

/// Reports ids defined more than once (across files); returns the first definition of every id.
fn duplicate_ids(rules: &[&Rule], issues: &mut Vec<LintIssue>) -> BTreeSet<*const Rule> {
    let mut first: HashMap<&str, &Rule> = HashMap::new();
    let mut unique = BTreeSet::new();
    for &rule in rules {
        match first.get(rule.id.as_str()) {
            Some(earlier) => issues.push(issue(
                rule,
                LintSeverity::Error,
                "duplicate-id",
                format!(
                    "rule id `{}` is already defined at {}",
                    rule.id, earlier.place
                ),
            )),
            None => {
                first.insert(&rule.id, rule);
                unique.insert(std::ptr::from_ref(rule));
            }
        }
    }
    unique
}

/// The form two variants are compared in: case-insensitive, whitespace runs folded, typographic quotes
/// straightened (the engine matches them all alike).
fn variant_key(variant: &str, ignore_case: bool) -> String {
    let straight: String = variant
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect();
    let folded = straight.split_whitespace().collect::<Vec<_>>().join(" ");
    if ignore_case {
        folded.to_lowercase()
    } else {
        folded
    }
}

fn duplicate_variants(rules: &[&Rule], issues: &mut Vec<LintIssue>) {
    let mut claimed: HashMap<String, &Rule> = HashMap::new();
    for &rule in rules {
        let RuleKind::Term { variants } = &rule.kind else {
            continue;
        };
        for variant in variants {
            // Variants of `case = "exact"` rules differ when their case differs.
            let key = if rule.case == CaseMode::Exact {
                format!("exact:{}", variant_key(variant, false))
            } else {
                variant_key(variant, true)
            };
            match claimed.get(&key) {
                Some(owner) if owner.id == rule.id && std::ptr::eq(*owner, rule) => issues.push(issue(
                    rule,
                    LintSeverity::Warning,
                    "duplicate-variant",
                    format!("variant {variant:?} is listed twice (compared ignoring case and spacing)"),
                )),
                Some(owner) => issues.push(issue(
                    rule,
                    LintSeverity::Error,
                    "duplicate-variant",
                    format!(
                        "variant {variant:?} is also claimed by `{}` ({}); keep it in one rule",
                        owner.id, owner.place
                    ),
                )),
                None => {
                    claimed.insert(key, rule);
                }
            }
        }
    }
}

/// A Unicode `\b` makes the regex engine leave its fast DFA at the first non-ASCII byte of a text (measured: a set
/// of 16 glossary patterns ran 80 times slower on the reference article). The engine already keeps matches to
/// whole words at their edges, so `\b` is rarely needed; inside a pattern, `(?-u:\b)` is fast.
fn unicode_word_boundary(rule: &Rule, issues: &mut Vec<LintIssue>) {
    let sources = [
        match &rule.kind {
            RuleKind::Pattern { regex } | RuleKind::Line { regex, .. } => Some(regex.as_str()),
            RuleKind::Term { .. } | RuleKind::Consistency { .. } => None,
        },
        rule.not_before.as_deref(),
        rule.not_after.as_deref(),
    ];
    for source in sources.into_iter().flatten() {
        let Ok(hir) = regex_syntax::parse(source) else {
            continue;
        };
        if has_unicode_word_boundary(&hir) {
            issues.push(issue(
                rule,
                LintSeverity::Warning,
                "unicode-word-boundary",
                format!(
                    "regex {source:?} uses a Unicode `\\b`, which makes it slow on non-ASCII text; matches are whole words \
                     at their edges already, and `(?-u:\\b)` is fast inside a pattern"
                ),
            ));
        }
    }
}

fn has_unicode_word_boundary(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Look(look) => crate::engine::facts::is_unicode_word_look(*look),
        HirKind::Capture(capture) => has_unicode_word_boundary(&capture.sub),
        HirKind::Repetition(repetition) => has_unicode_word_boundary(&repetition.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(has_unicode_word_boundary)
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}

fn edits(rule: &Rule) -> bool {
    rule.replace.is_some()
        || matches!(
            rule.kind,
            RuleKind::Line {
                action: LineAction::Delete | LineAction::Dedupe,
                ..
            }
        )
}

fn no_keep(rule: &Rule, issues: &mut Vec<LintIssue>) {
    if rule.safety == Safety::Safe && edits(rule) && rule.keep.is_empty() {
        issues.push(issue(
            rule,
            LintSeverity::Warning,
            "no-keep",
            "a safe rule without `keep` texts: add texts it must leave alone (false-positive guards)"
                .to_owned(),
        ));
    }
}

/// One edge of the literal graph: a term rule's replacement holds, as whole words, a variant of rule `to`, which
/// `to` would rewrite.
struct LiteralLink {
    to: usize,
    /// The variant's text as it stands in the replacement (spacing and quotes folded).
    found: String,
}

/// Finds cycles among term rules from their literal texts alone: rule A's replacement contains a variant of rule
/// B (as whole words, in B's case mode, where B's guards allow it and B's own replacement does not already stand
/// there), B's replacement one of C's, and so on back to A. `fix` on any text with one of those variants never
/// settles. Reports each cycle once, at its first rule, naming every rule of it with its place; returns the
/// engine indices of the rules in cycles. (Cycles through pattern rules are found by [`chains`].)
fn literal_cycles(rules: &[&Rule], issues: &mut Vec<LintIssue>) -> HashSet<usize> {
    let mut entries: Vec<(usize, String)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if let RuleKind::Term { variants } = &rule.kind {
            entries.extend(variants.iter().map(|v| (index, variant_key(v, false))));
        }
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(entries.iter().map(|(_, key)| key.as_str()))
    else {
        return HashSet::new();
    };
    let guard = |source: &Option<String>, what: &str| {
        source
            .as_deref()
            .and_then(|s| crate::glossary::compile_guard(s, what).ok())
    };
    type Guard = Option<regex_automata::meta::Regex>;
    let guards: Vec<(Guard, Guard)> = rules
        .iter()
        .map(|r| {
            (
                guard(&r.not_before, "not_before"),
                guard(&r.not_after, "not_after"),
            )
        })
        .collect();

    let mut edges: Vec<Vec<LiteralLink>> = (0..rules.len()).map(|_| Vec::new()).collect();
    for (from, rule) in rules.iter().enumerate() {
        let (RuleKind::Term { .. }, Some(replace)) = (&rule.kind, &rule.replace) else {
            continue;
        };
        let text = variant_key(replace, false);
        for m in automaton.find_overlapping_iter(text.as_str()) {
            let (to, key) = &entries[m.pattern().as_usize()];
            let (to, span) = (*to, m.range());
            let target = rules[to];
            let found = &text[span.clone()];
            let fires = from != to
                && whole_words(&text, span.clone())
                && (target.case != CaseMode::Exact || found == key)
                && !replacement_stands(&text, span.clone(), target)
                && !guards[to]
                    .0
                    .as_ref()
                    .is_some_and(|g| g.is_match(&text[span.end..]))
                && !guards[to]
                    .1
                    .as_ref()
                    .is_some_and(|g| g.is_match(&text[..span.start]));
            if fires && !edges[from].iter().any(|l| l.to == to) {
                edges[from].push(LiteralLink {
                    to,
                    found: found.to_owned(),
                });
            }
        }
    }

    let mut in_cycles = HashSet::new();
    for component in strongly_connected(&edges) {
        if component.len() < 2 {
            continue;
        }
        let members: HashSet<usize> = component.iter().copied().collect();
        let Some(&first) = component.iter().min() else {
            continue;
        };
        let Some(cycle) = shortest_cycle(first, &edges, &members) else {
            continue;
        };
        in_cycles.extend(component.iter().copied());
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&first))
            .map(|&i| rules[i].id.as_str())
            .collect();
        let mut steps = Vec::new();
        for (n, pair) in cycle
            .windows(2)
            .chain(std::iter::once([cycle[cycle.len() - 1], first].as_slice()))
            .enumerate()
        {
            let (from, to) = (pair[0], pair[1]);
            let Some(link) = edges[from].iter().find(|l| l.to == to) else {
                continue;
            };
            let writes = rules[from].replace.as_deref().unwrap_or_default();
            if n == 0 {
                steps.push(format!(
                    "`{}` ({}) writes {writes:?}",
                    rules[from].id, rules[from].place
                ));
            }
            let to_rule = rules[to];
            steps.push(if to == first {
                format!("`{}` rewrites {:?} again", to_rule.id, link.found)
            } else {
                format!(
                    "`{}` ({}) rewrites {:?} to {:?}",
                    to_rule.id,
                    to_rule.place,
                    link.found,
                    to_rule.replace.as_deref().unwrap_or_default()
                )
            });
        }
        issues.push(issue(
            rules[first],
            LintSeverity::Error,
            "cycle",
            format!(
                "cycle {}: {}; `fix` never settles on any of these texts: drop a variant or change a replacement",
                names.join(" → "),
                steps.join("; ")
            ),
        ));
    }
    in_cycles
}

/// Whether a match at `span` of `text` starts and ends at word edges (a variant's letter or digit edge never
/// touches another letter or digit).
fn whole_words(text: &str, span: std::ops::Range<usize>) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let found = &text[span.clone()];
    let starts_word = word(found.chars().next()) && word(text[..span.start].chars().next_back());
    let ends_word = word(found.chars().next_back()) && word(text[span.end..].chars().next());
    !starts_word && !ends_word
}

/// Whether `rule` leaves a match at `span` of `text` alone because its replacement is already there: exactly,
/// or (ignoring ASCII case, as the engine does) around a match that is only part of it.
fn replacement_stands(text: &str, span: std::ops::Range<usize>, rule: &Rule) -> bool {
    let Some(replace) = &rule.replace else {
        return false;
    };
    let needle = variant_key(replace, false);
    if text[span.clone()] == needle {
        return true;
    }
    let (needle, hay) = (needle.to_ascii_lowercase(), text.to_ascii_lowercase());
    !needle.is_empty()
        && hay.match_indices(needle.as_str()).any(|(at, _)| {
            let end = at + needle.len();
            at <= span.start && span.end <= end && (at, end) != (span.start, span.end)
        })
}

/// Tarjan's strongly connected components of the literal graph, iteratively (no recursion limit on large
/// glossaries).
fn strongly_connected(edges: &[Vec<LiteralLink>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut components, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != UNSEEN || edges[root].is_empty() {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if let Some(link) = edges[node].get(*pos) {
                *pos += 1;
                let to = link.to;
                if index[to] == UNSEEN {
                    index[to] = next;
                    low[to] = next;
                    next += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// The shortest cycle from `start` back to it inside `members` (breadth-first), as the rules in order, `start`
/// first.
fn shortest_cycle(
    start: usize,
    edges: &[Vec<LiteralLink>],
    members: &HashSet<usize>,
) -> Option<Vec<usize>> {
    let mut previous: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for link in &edges[node] {
            if link.to == start {
                let mut cycle = vec![node];
                let mut at = node;
                while let Some(&before) = previous.get(&at) {
                    cycle.push(before);
                    at = before;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if members.contains(&link.to) && !previous.contains_key(&link.to) {
                previous.insert(link.to, node);
                queue.push_back(link.to);
            }
        }
    }
    None
}

/// One step of a chain: rule `from`'s output is rewritten by rule `to`.
struct Link {
    to: usize,
    found: String,
    replacement: String,
}

/// Runs the engine over every rule's replacement (when it is literal) or, for templates, its example outputs,
/// and reports any rule that would rewrite them, naming the whole chain (or cycle).
/// Rules in `in_cycles` are skipped: [`literal_cycles`] has reported them, with the texts that loop.
fn chains(engine: &Engine, in_cycles: &HashSet<usize>, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let mut links: HashMap<usize, Link> = HashMap::new();
    let mut diverging: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if in_cycles.contains(&index) {
            continue;
        }
        let texts: Vec<&str> = match &rule.replace {
            Some(r) if matches!(rule.kind, RuleKind::Term { .. }) || !r.contains('$') => {
                vec![r.as_str()]
            }
            _ => rule.examples.iter().map(|e| e.output.as_str()).collect(),
        };
        for text in texts.into_iter().filter(|t| !t.is_empty()) {
            match engine.fix(text, Safety::Review) {
                Ok(outcome) => {
                    let link = outcome.findings.iter().find_map(|f| {
                        let found = &text[f.span.clone()];
                        let replacement = f.replacement()?;
                        let applied = f.status(outcome.level) == crate::engine::Status::Applied;
                        (applied && replacement != found).then(|| Link {
                            to: f.rule.index(),
                            found: found.to_owned(),
                            replacement: replacement.to_owned(),
                        })
                    });
                    if let Some(link) = link {
                        links.entry(index).or_insert(link);
                        break;
                    }
                }
                Err(Error::NoConvergence { rules, .. }) => {
                    diverging.push((index, rules));
                    break;
                }
                Err(_) => {}
            }
        }
    }
    for (index, link) in &links {
        if link.to == *index {
            issues.push(issue(
                rules[*index],
                LintSeverity::Error,
                "self-match",
                format!(
                    "the rule fires on its own replacement ({:?} → {:?}), so `fix` would rewrite correct text: \
                     drop the variant or add a guard",
                    link.found, link.replacement
                ),
            ));
            continue;
        }
        let mut path = vec![*index];
        let mut at = link.to;
        let ending = loop {
            if let Some(pos) = path.iter().position(|&p| p == at) {
                path.push(at);
                break if pos == 0 {
                    "cycle"
                } else {
                    "chain into a cycle"
                };
            }
            path.push(at);
            match links.get(&at) {
                Some(next) => at = next.to,
                None => break "chain",
            }
        };
        let names: Vec<&str> = path.iter().map(|&i| rules[i].id.as_str()).collect();
        let rule = rules[*index];
        let by = if link.to == *index {
            "by the rule itself".to_owned()
        } else {
            format!("by `{}`", rules[link.to].id)
        };
        issues.push(issue(
            rule,
            LintSeverity::Error,
            "chain",
            format!(
                "its output is rewritten {by} ({:?} → {:?}); {ending}: {}",
                link.found,
                link.replacement,
                names.join(" → ")
            ),
        ));
    }
    for (index, involved) in diverging {
        if involved == [rules[index].id.clone()] {
            issues.push(issue(
                rules[index],
                LintSeverity::Error,
                "self-match",
                "the rule fires on its own replacement, again and again: fixing its output never settles"
                    .to_owned(),
            ));
            continue;
        }
        issues.push(issue(
            rules[index],
            LintSeverity::Error,
            "chain",
            format!(
                "fixing its output never settles; rules still rewriting it: {}",
                involved
                    .iter()
                    .map(|id| match engine.find_rule(id) {
                        Some(r) => format!("`{id}` ({})", r.place),
                        None => format!("`{id}`"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
}

/// A term rule with a variant that is a strict part of another rule's longer variant, where that longer rule
/// takes every one of the shorter rule's examples (so, by leftmost-longest, the shorter rule never gets to fire
/// where its examples say it should).
fn shadowed(engine: &Engine, issues: &mut Vec<LintIssue>) {
    let rules: Vec<&Rule> = engine.rules().collect();
    let variants = |rule: &Rule| -> Vec<String> {
        match &rule.kind {
            RuleKind::Term { variants } => variants.iter().map(|v| variant_key(v, true)).collect(),
            _ => Vec::new(),
        }
    };
    let keyed: Vec<Vec<String>> = rules.iter().map(|r| variants(r)).collect();
    // For each rule, the other rules with a variant that strictly contains one of its variants: every variant is
    // searched once for all the (shorter) variants inside it.
    let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, keys) in keyed.iter().enumerate() {
        for key in keys {
            owners.entry(key.as_str()).or_default().push(index);
        }
    }
    let patterns: Vec<&str> = owners.keys().copied().collect();
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    else {
        return;
    };
    let mut longer_than: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for (long, keys) in keyed.iter().enumerate() {
        for key in keys {
            for m in automaton.find_overlapping_iter(key.as_str()) {
                let inner = patterns[m.pattern().as_usize()];
                if inner.len() >= key.len() {
                    continue;
                }
                for &short in &owners[inner] {
                    if short != long {
                        longer_than.entry(short).or_default().insert(long);
                    }
                }
            }
        }
    }
    for (short, rule) in rules.iter().enumerate() {
        let Some(longer) = longer_than.get(&short) else {
            continue;
        };
        if rule.examples.is_empty() {
            continue;
        }
        let mut takers: Vec<usize> = Vec::new();
        let all_taken = rule.examples.iter().all(|example| {
            let Ok(outcome) = engine.fix(&example.input, Safety::Review) else {
                return false;
            };
            if outcome.findings.iter().any(|f| f.rule.index() == short) {
                return false;
            }
            match outcome
                .findings
                .iter()
                .find(|f| longer.contains(&f.rule.index()))
            {
                Some(f) => {
                    takers.push(f.rule.index());
                    true
                }
                None => false,
            }
        });
        if all_taken {
            takers.sort_unstable();
            takers.dedup();
            let names: Vec<String> = takers
                .iter()
                .map(|&t| format!("`{}`", rules[t].id))
                .collect();
            issues.push(issue(
                rule,
                LintSeverity::Warning,
                "shadowed",
                format!(
                    "shadowed by {}: a longer variant there takes every example of this rule, so it may never fire",
                    names.join(", ")
                ),
            ));
        }
    }
}

fn examples(glossaries: &[Glossary], engine: &Engine, issues: &mut Vec<LintIssue>) {
    match crate::selftest::run(glossaries) {
        Ok(report) => {
            for failure in report.failures {
                if let Some(rule) = engine.find_rule(&failure.rule) {
                    issues.push(issue(rule, LintSeverity::Error, "example", failure.message));
                }
            }
        }
        Err(e) => issues.push(compile_error(e, glossaries)),
    }
}

fn compile_error(error: Error, glossaries: &[Glossary]) -> LintIssue {
    let (place, rule, message) = match error {
        Error::Glossary {
            place,
            rule,
            message,
        } => (place, rule.unwrap_or_default(), message),
        other => (
            Place {
                file: glossaries
                    .first()
                    .map(|g| g.file.clone())
                    .unwrap_or_default(),
                line: 1,
                column: 1,
            },
            String::new(),
            other.to_string(),
        ),
    };
    LintIssue {
        severity: LintSeverity::Error,
        check: "compile",
        rule,
        place,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::{LintSeverity, lint, variant_key};
    use crate::glossary::parse;

    fn glossary(body: &str, file: &str) -> crate::Glossary {
        parse(&format!("[glossary]\nname = \"t\"\n{body}"), file).expect("test glossary loads")
    }

    fn checks(issues: &[super::LintIssue]) -> Vec<(LintSeverity, &str, &str)> {
        issues
            .iter()
            .map(|i| (i.severity, i.check, i.rule.as_str()))
            .collect()
    }

    #[test]
    fn variants_compare_ignoring_case_spacing_and_quote_style() {
        assert_eq!(variant_key("Xiong  \u{2019}an\tNew", true), "xiong 'an new");
        assert_eq!(variant_key("Xiong  an", false), "Xiong an");
    }

    #[test]
    fn a_clean_glossary_has_no_issues() {
        let g = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"Xiong an\"]\nreplace = \"Xiong'an\"\nexamples = [{ input = \"Xiong an\", output = \"Xiong'an\" }]\nkeep = [\"Xiong'an\"]\n",
            "a.toml",
        );
        assert_eq!(lint(&[g]), []);
    }

    #[test]
    fn finds_duplicate_ids_variants_and_chains() {
        let a = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"foo bar\"]\nreplace = \"baz\"\nexamples = [{ input = \"foo bar\", output = \"qux\" }]\nkeep = [\"x\"]\n\
             [[term]]\nid = \"b\"\nmatch = [\"baz\"]\nreplace = \"qux\"\nexamples = [{ input = \"baz\", output = \"qux\" }]\nkeep = [\"x\"]\n",
            "a.toml",
        );
        let b = glossary(
            "[[term]]\nid = \"a\"\nmatch = [\"FOO  bar\"]\nreplace = \"x\"\nexamples = [{ input = \"FOO bar\", output = \"x\" }]\n",
            "b.toml",
        );
        let issues = lint(&[a, b]);
        assert_eq!(
            checks(&issues),
            [
                (LintSeverity::Error, "chain", "t/a"),
                (LintSeverity::Error, "duplicate-id", "t/a"),
                (LintSeverity::Error, "duplicate-variant", "t/a"),
                (LintSeverity::Warning, "no-keep", "t/a"),
            ]
        );
        assert_eq!(
            issues[0].message,
            "its output is rewritten by `t/b` (\"baz\" → \"qux\"); chain: t/a → t/b"
        );
        assert_eq!(issues[1].place.to_string(), "b.toml:3:1");
        assert_eq!(
            issues[1].message,
            "rule id `t/a` is already defined at a.toml:3:1"
        );
    }

    #[test]
    fn warns_about_unicode_word_boundaries_but_not_ascii_ones() {
        let body = |regex: &str| {
            format!(
                "[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{{ input = \"ab x\", output = \"y x\" }}]\n"
            )
        };
        let checks_of = |regex: &str| -> Vec<&'static str> {
            lint(&[glossary(&body(regex), "w.toml")])
                .iter()
                .map(|i| i.check)
                .collect()
        };
        assert!(checks_of(r"\bab\b").contains(&"unicode-word-boundary"));
        assert!(!checks_of(r"(?-u:\b)ab(?-u:\b)").contains(&"unicode-word-boundary"));
        assert!(!checks_of("ab").contains(&"unicode-word-boundary"));
    }

    #[test]
    fn finds_failing_examples() {
        let g = glossary(
            "[[pattern]]\nid = \"p\"\nregex = 'x+'\nreplace = \"y\"\nsafety = \"review\"\nexamples = [{ input = \"x\", output = \"z\" }]\n",
            "p.toml",
        );
        let issues = lint(&[g]);
        let found: Vec<_> = issues.iter().map(|i| i.check).collect();
        assert_eq!(found, ["example"], "{issues:#?}");
    }

    fn term(id: &str, variant: &str, replace: &str, extra: &str) -> String {
        format!(
            "[[term]]\nid = \"{id}\"\nmatch = [\"{variant}\"]\nreplace = \"{replace}\"\n{extra}examples = [{{ input = \"{variant}\", output = \"{replace}\" }}]\nkeep = [\"zz\"]\n"
        )
    }

    #[test]
    fn finds_literal_cycles_once_naming_every_rule_and_place() {
        let g = glossary(
            &[
                term("a", "one two", "three", ""),
                term("b", "three", "the four", ""),
                term("c", "FOUR", "one two", ""),
            ]
            .concat(),
            "c.toml",
        );
        let issues = lint(&[g]);
        let cycles: Vec<_> = issues.iter().filter(|i| i.check == "cycle").collect();
        assert_eq!(cycles.len(), 1, "{issues:#?}");
        assert_eq!(cycles[0].rule, "t/a");
        assert_eq!(
            cycles[0].message,
            "cycle t/a → t/b → t/c → t/a: `t/a` (c.toml:3:1) writes \"three\"; `t/b` (c.toml:9:1) rewrites \"three\" \
             to \"the four\"; `t/c` (c.toml:15:1) rewrites \"four\" to \"one two\"; `t/a` rewrites \"one two\" again; \
             `fix` never settles on any of these texts: drop a variant or change a replacement"
        );
        // The engine-based chain check does not repeat it.
        assert!(!issues.iter().any(|i| i.check == "chain"), "{issues:#?}");
    }

    #[test]
    fn no_literal_cycle_inside_a_word_against_case_or_guards_or_where_the_replacement_stands() {
        for (b, expect_cycle) in [
            (term("b", "bar", "foo", ""), true),
            (term("b", "bar", "foo", "case = \"exact\"\n"), true),
            (term("b", "BAR", "foo", "case = \"exact\"\n"), false),
            (term("b", "ba", "foo", ""), false),
            (term("b", "bar", "foo", "not_after = 'x '\n"), true),
            (term("b", "bar", "foo", "not_after = '^'\n"), false),
        ] {
            let g = glossary(&[term("a", "foo", "bar", ""), b.clone()].concat(), "n.toml");
            let issues = lint(&[g]);
            assert_eq!(
                issues.iter().any(|i| i.check == "cycle"),
                expect_cycle,
                "{b}\n{issues:#?}"
            );
        }
        // A term never fires where its own replacement already stands around the match.
        let g = glossary(&term("b", "new area", "New Area", ""), "s.toml");
        let rule = &g.rules[0];
        assert!(super::replacement_stands("Xiong'an New Area", 9..17, rule));
        assert!(!super::replacement_stands("Xiong'an new area", 9..17, rule));
        let g = glossary(&term("b", "area", "New Area", ""), "s.toml");
        assert!(super::replacement_stands(
            "the new area",
            8..12,
            &g.rules[0]
        ));
        assert!(!super::replacement_stands(
            "the old area",
            8..12,
            &g.rules[0]
        ));
    }
}
