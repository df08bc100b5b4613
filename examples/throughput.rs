//! Throughput of the engine against its floor and a naive baseline, for `benches/throughput.sh`.
//!
//! ```text
//! cargo run --release --example throughput -- CORPUS [GLOSSARY.toml[,MORE.toml...]|builtin] [MODE...]
//! ```
//! MODE is any of `fix`, `check`, `floor`, `naive` (default: all but `naive`). Each prints one line
//! `MODE MB/s SECONDS`, the best of three runs (one above 200 MB) over the whole corpus in memory (one thread):
//! - `fix`, `check`: the engine with the glossary;
//! - `floor`: a bare Aho-Corasick `replace_all` (leftmost-longest) with the same literal variants (the term
//!   rules' variants, first replacement wins), over the same text: the speed of the matcher alone;
//! - `naive`: one regex substitution per term rule, applied in sequence (what a sed script or a loop of
//!   `str.replace` does).

use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, MatchKind};
use mtfix::glossary::{Glossary, RuleKind, builtin};
use mtfix::{Engine, Safety};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus_path = args
        .next()
        .ok_or("usage: throughput CORPUS [GLOSSARY|builtin] [MODE...]")?;
    let glossary_arg = args.next().unwrap_or_else(|| "builtin".to_owned());
    let mut modes: Vec<String> = args.collect();
    if modes.is_empty() {
        modes = ["floor", "fix", "check"].map(str::to_owned).to_vec();
    }
    let text = std::fs::read_to_string(&corpus_path)?;
    let glossaries = if glossary_arg == "builtin" {
        builtin::all()?
    } else {
        glossary_arg
            .split(',')
            .map(mtfix::load_glossary)
            .collect::<Result<Vec<_>, _>>()?
    };
    let engine = Engine::new(&glossaries)?;
    let (variants, replacements) = literal_variants(&glossaries);
    let megabytes = text.len() as f64 / 1e6;
    // Best of three, but a corpus of hundreds of megabytes is timed once (each run takes minutes).
    let runs = if text.len() > 200_000_000 { 1 } else { 3 };
    for mode in &modes {
        let elapsed = match mode.as_str() {
            "fix" => best_of(runs, || {
                let outcome = engine.fix(&text, Safety::Safe).expect("converges");
                std::hint::black_box(outcome.text.len());
            }),
            "check" => best_of(runs, || {
                let findings = engine.check(&text).expect("converges");
                std::hint::black_box(findings.len());
            }),
            "floor" => {
                let automaton = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(&variants)?;
                best_of(runs, || {
                    let fixed = automaton.replace_all(&text, &replacements);
                    std::hint::black_box(fixed.len());
                })
            }
            "naive" => {
                let regexes: Vec<(regex::Regex, &str)> = variants
                    .iter()
                    .zip(&replacements)
                    .map(|(v, r)| {
                        let pattern = format!("(?i){}", regex::escape(v));
                        (
                            regex::Regex::new(&pattern).expect("escaped literal"),
                            r.as_str(),
                        )
                    })
                    .collect();
                best_of(1, || {
                    let mut current = text.clone();
                    for (regex, replacement) in &regexes {
                        current = regex
                            .replace_all(&current, regex::NoExpand(replacement))
                            .into_owned();
                    }
                    std::hint::black_box(current.len());
                })
            }
            other => return Err(format!("unknown mode {other}").into()),
        };
        let seconds = elapsed.as_secs_f64();
        println!("{mode} {:.2} {seconds:.4}", megabytes / seconds);
    }
    Ok(())
}

/// Every literal variant of every term rule with its rule's replacement (first rule wins a shared variant).
fn literal_variants(glossaries: &[Glossary]) -> (Vec<String>, Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut variants = Vec::new();
    let mut replacements = Vec::new();
    for rule in glossaries.iter().flat_map(|g| &g.rules) {
        if let (RuleKind::Term { variants: list }, Some(replace)) = (&rule.kind, &rule.replace) {
            for variant in list {
                if seen.insert(variant.to_lowercase()) {
                    variants.push(variant.clone());
                    replacements.push(replace.clone());
                }
            }
        }
    }
    (variants, replacements)
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
