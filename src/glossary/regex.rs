//! The regexes of glossaries: checked when a glossary is loaded (syntax, no empty match, the size limit), and
//! compiled for the engine — rule regexes with `regex`, guards with a lighter `regex-automata` configuration —
//! through caches, so that a regex checked at load time is not compiled twice.

use std::collections::HashMap;
use std::sync::Mutex;

use super::template::Groups;

/// Regexes in glossaries are compiled with this size limit, so that a runaway pattern is a clear error rather
/// than a memory blow-up.
pub const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// Checks a glossary regex and returns its capture groups. `what` names a guard (`not_before`, `not_after`) or is
/// empty for the rule's own regex. The regex is parsed (for a precise syntax error), checked not to match the
/// empty string when it is the rule's own (an empty match can never be a fix, and would fire everywhere), and
/// compiled with [`REGEX_SIZE_LIMIT`], so a regex too big to compile is an error here, at its place in the file,
/// rather than when the engine is built. The compiled regex is kept for the engine (see [`compile_regex`]).
pub(super) fn check_regex(source: &str, what: &str) -> Result<Groups, String> {
    let label = if what.is_empty() { "regex" } else { what };
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(|e| format!("invalid {label}: {e}"))?;
    if what.is_empty() && hir.properties().minimum_len() == Some(0) {
        return Err(format!(
            "regex {source:?} can match the empty string, and an empty match can never be a fix: make at least \
             one character of it required"
        ));
    }
    if what.is_empty() {
        compile_regex(source, what)?;
    } else {
        compile_guard(source, what)?;
    }
    Ok(Groups::of_hir(&hir))
}

/// A cache of compiled regexes by their anchored source: the loader compiles every regex to check it, and the
/// engine compiles the same ones again when it needs them, so the second compilation is a clone. Cleared when it
/// reaches [`COMPILED_CACHE_LIMIT`] entries, so it never grows without bound.
type Cache<T> = Mutex<Option<HashMap<String, T>>>;

/// Rule regexes compiled by [`compile_regex`].
static COMPILED: Cache<regex::Regex> = Mutex::new(None);

/// Guards compiled by [`compile_guard`].
static COMPILED_GUARDS: Cache<regex_automata::meta::Regex> = Mutex::new(None);

/// How many compiled regexes each cache keeps at most. A compiled regex can take megabytes (its lazy DFA's cache
/// grows with use), so the bound is small: the built-ins and a typical house glossary fit, and a glossary with
/// more regexes only compiles some of them twice. (At 20,000 entries the glossary fuzz target grew to 785 MB.)
const COMPILED_CACHE_LIMIT: usize = 1024;

/// Compiles a glossary regex with the size limit. `what` names a guard (`not_before`) or is empty for the rule's
/// own regex; guards are anchored at the match (start of the text after it, end of the text before it).
///
/// The engine compiles guards with [`compile_guard`] instead; this is for the rule's own regex, and for code that
/// wants a guard as a [`regex::Regex`].
pub(crate) fn compile_regex(source: &str, what: &str) -> Result<regex::Regex, String> {
    cached(&COMPILED, anchored(source, what), |anchored| {
        regex::RegexBuilder::new(anchored)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => too_big(what, limit),
                other => format!("invalid {}: {other}", label(what)),
            })
    })
}

/// Compiles a guard (`what` is `not_before` or `not_after`) as [`compile_regex`] would, with the same size limit
/// and the same errors, into a regex that is only ever asked whether it matches, in a window of at most a few
/// hundred bytes next to a match (`engine/scan/allowed.rs`).
///
/// Such a regex needs little of the machinery that makes searching large texts fast, and compiling is most of
/// what checking a short document costs: a guard is built without a literal prefilter (its window is tiny), and a
/// `not_before` guard, anchored at the start of its window, without the lazy DFA and the reverse program that
/// comes with it (a search anchored at the start ends as soon as the guard cannot match). A `not_after` guard
/// keeps the lazy DFA: it matches at the end of its window, which the lazy DFA finds by searching backwards from
/// there, where the other engines would scan the whole window. Measured on one short article with the built-ins
/// (27 guards compiled), compiling and running guards took 48.7 M instructions instead of 67.5 M with `regex`'s
/// configuration, and 67.5 M when `not_after` guards go without the lazy DFA too. Every engine of the crate finds
/// the same matches, so the guards' verdicts do not change.
pub(crate) fn compile_guard(
    source: &str,
    what: &str,
) -> Result<regex_automata::meta::Regex, String> {
    use regex_automata::{MatchKind, meta, util::syntax};
    cached(&COMPILED_GUARDS, anchored(source, what), |anchored| {
        // `regex::RegexBuilder`'s configuration (its defaults, `size_limit`, UTF-8 mode), less what a guard does
        // not need.
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(true)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .hybrid_cache_capacity(2 << 20)
                    .hybrid(what == "not_after")
                    .dfa(false)
                    .auto_prefilter(false),
            )
            .syntax(syntax::Config::new().utf8(true))
            .build(anchored)
            .map_err(|e| match (e.size_limit(), e.syntax_error()) {
                (Some(limit), _) => too_big(what, limit),
                (None, Some(syntax)) => format!("invalid {}: {syntax}", label(what)),
                (None, None) => format!("invalid {}: {e}", label(what)),
            })
    })
}

/// How error messages name a regex: `regex` for the rule's own, else the guard's key.
fn label(what: &str) -> &str {
    if what.is_empty() { "regex" } else { what }
}

/// The error for a regex whose compiled form is over `limit` bytes.
fn too_big(what: &str, limit: usize) -> String {
    format!(
        "invalid {}: it compiles to more than {} MiB, the limit for one regex (a counted repetition such as \
         `\\w{{500}}` is compiled as that many copies); split or simplify it",
        label(what),
        limit >> 20
    )
}

/// The source a regex is compiled from: guards are anchored at the match.
fn anchored(source: &str, what: &str) -> String {
    match what {
        "not_before" => format!("^(?:{source})"),
        "not_after" => format!("(?:{source})$"),
        _ => source.to_owned(),
    }
}

/// The regex compiled from `anchored`, from `cache` or built by `build` (and then cached).
fn cached<T: Clone>(
    cache: &Cache<T>,
    anchored: String,
    build: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, String> {
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(regex) = lock().as_ref().and_then(|c| c.get(&anchored).cloned()) {
        return Ok(regex);
    }
    // Built without the lock held, so that threads compile different regexes at once.
    let regex = build(&anchored)?;
    let mut guard = lock();
    let map = guard.get_or_insert_with(HashMap::new);
    if map.len() >= COMPILED_CACHE_LIMIT {
        map.clear();
    }
    map.insert(anchored, regex.clone());
    Ok(regex)
}

#[cfg(test)]
mod tests {
    use crate::glossary::parse;

    fn error(source: &str) -> String {
        parse(source, "g.toml")
            .expect_err("glossary must be rejected")
            .to_string()
    }

    const HEADER: &str = "[glossary]\nname = \"t\"\n";

    #[test]
    fn regexes_that_match_nothing_or_are_too_big_fail_at_their_key() {
        let pattern = |regex: &str| {
            format!(
                "{HEADER}[[pattern]]\nid = \"p\"\nregex = '{regex}'\nreplace = 'x'\nexamples = [{{ input = \"a\", output = \"x\" }}]\n"
            )
        };
        for empty in ["a*", "(?:)", "x?", r"\b", "(?m)^"] {
            let e = error(&pattern(empty));
            assert!(
                e.starts_with("g.toml:5:9: rule `t/p`: regex ")
                    && e.contains(
                        "can match the empty string, and an empty match can never be a fix"
                    ),
                "{empty}: {e}"
            );
        }
        for big in [r"(?:a{1000}){1000}", r"\w{5000}"] {
            let e = error(&pattern(big));
            assert!(
                e.starts_with(
                    "g.toml:5:9: rule `t/p`: invalid regex: it compiles to more than 8 MiB"
                ),
                "{big}: {e}"
            );
        }
        // A guard is compiled too (it may match the empty string: it only silences the rule).
        let guard = format!(
            "{HEADER}[[term]]\nid = \"t\"\nmatch = [\"a\"]\nreplace = \"b\"\nnot_before = '\\w{{5000}}'\nexamples = [{{ input = \"a\", output = \"b\" }}]\n"
        );
        let e = error(&guard);
        assert!(
            e.starts_with(
                "g.toml:7:14: rule `t/t`: invalid not_before: it compiles to more than 8 MiB"
            ),
            "{e}"
        );
    }

    /// The engine's lighter guards (`compile_guard`) fail with the same errors as, and match wherever, the same
    /// guards compiled with `regex`: every built-in guard, at every split of its rule's examples and keep texts.
    #[test]
    fn guards_fail_and_match_as_regex_does() {
        use super::{compile_guard, compile_regex};
        for what in ["not_before", "not_after"] {
            for bad in [r"\w{5000}", "a(b", r"\p{Nope}", "(?P<x>a)(?P<x>b)"] {
                let error = compile_guard(bad, what).expect_err(bad);
                assert_eq!(
                    Err(error),
                    compile_regex(bad, what).map(|_| ()),
                    "{what} {bad}"
                );
            }
        }
        let mut checked = 0;
        for glossary in crate::glossary::builtin::all().expect("built-ins") {
            for rule in &glossary.rules {
                let texts: Vec<&str> = rule.own_texts().collect();
                for (what, source) in [
                    ("not_before", &rule.not_before),
                    ("not_after", &rule.not_after),
                ] {
                    let Some(source) = source else { continue };
                    let light = compile_guard(source, what).expect("a built-in guard compiles");
                    let full = compile_regex(source, what).expect("a built-in guard compiles");
                    for text in &texts {
                        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                            let window = if what == "not_before" {
                                &text[i..]
                            } else {
                                &text[..i]
                            };
                            assert_eq!(
                                light.is_match(window),
                                full.is_match(window),
                                "{} {what} {window:?}",
                                rule.id
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} windows");
    }
}
