//! The `cycle` check: term rules whose literal replacements rewrite each other in a loop, found from their texts
//! alone. A graph links each rule to the rules its replacement would set off; each of its strongly connected
//! components is reported once, with its shortest cycle, every rule named with its place and the text it rewrites.

use std::collections::{HashMap, HashSet, VecDeque};

use aho_corasick::{AhoCorasick, MatchKind};

use super::{LintIssue, LintSeverity, issue, variant_key};
use crate::glossary::{CaseMode, Rule, RuleKind};

/// One edge of the literal graph: a term rule's replacement holds, as whole words, a variant of rule `to`, which
/// `to` would rewrite.
struct LiteralLink {
    to: usize,
    /// The variant's text as it stands in the replacement (spacing and quotes folded).
    found: String,
}

/// A rule's compiled guard (`None` where it has none, or it does not compile).
type Guard = Option<regex_automata::meta::Regex>;

/// Finds cycles among term rules from their literal texts alone: rule A's replacement contains a variant of rule
/// B (as whole words, in B's case mode, where B's guards allow it and B's own replacement does not already stand
/// there), B's replacement one of C's, and so on back to A. `fix` on any text with one of those variants never
/// settles. Reports each cycle once, at its first rule, naming every rule of it with its place; returns the
/// engine indices of the rules in cycles. (Cycles through pattern rules are found by
/// [`chains`](super::chain::chains).)
pub(super) fn literal_cycles(rules: &[&Rule], issues: &mut Vec<LintIssue>) -> HashSet<usize> {
    let Some(edges) = literal_edges(rules) else {
        return HashSet::new();
    };
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
        issues.push(cycle_issue(rules, &edges, first, &cycle));
    }
    in_cycles
}

/// The literal graph: per rule (engine index), the rules that would rewrite a variant in its replacement; `None`
/// when the variants do not build one automaton.
fn literal_edges(rules: &[&Rule]) -> Option<Vec<Vec<LiteralLink>>> {
    let mut entries: Vec<(usize, String)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if let RuleKind::Term { variants } = &rule.kind {
            entries.extend(variants.iter().map(|v| (index, variant_key(v, false))));
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(entries.iter().map(|(_, key)| key.as_str()))
        .ok()?;
    let guards = compiled_guards(rules);

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
    Some(edges)
}

/// Each rule's `not_before` and `not_after` guards, compiled.
fn compiled_guards(rules: &[&Rule]) -> Vec<(Guard, Guard)> {
    let guard = |source: &Option<String>, what: &str| {
        source
            .as_deref()
            .and_then(|s| crate::glossary::compile_guard(s, what).ok())
    };
    rules
        .iter()
        .map(|r| {
            (
                guard(&r.not_before, "not_before"),
                guard(&r.not_after, "not_after"),
            )
        })
        .collect()
}

/// The `cycle` issue, at rule `first`, for `cycle` (the rules in order from `first`, which closes it): every rule
/// with its place and the text it rewrites.
fn cycle_issue(
    rules: &[&Rule],
    edges: &[Vec<LiteralLink>],
    first: usize,
    cycle: &[usize],
) -> LintIssue {
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
    issue(
        rules[first],
        LintSeverity::Error,
        "cycle",
        format!(
            "cycle {}: {}; `fix` never settles on any of these texts: drop a variant or change a replacement",
            names.join(" → "),
            steps.join("; ")
        ),
    )
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
pub(super) fn replacement_stands(text: &str, span: std::ops::Range<usize>, rule: &Rule) -> bool {
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
