//! `cargo bench`: the engine on the reference article (about 1 MB of it) with the built-in glossaries, next to
//! the floor it is built on (a bare Aho-Corasick `replace_all` over the same literal variants). Divan prints
//! time per iteration and throughput; `benches/throughput.sh` prints MB/s and ratios over larger corpora.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use divan::counter::BytesCount;
use mtfix::glossary::{RuleKind, builtin};
use mtfix::{Engine, Safety};

static TEXT: LazyLock<String> = LazyLock::new(|| {
    let article = std::fs::read_to_string("fixtures/news/beijing-hebei-2018.txt").expect("fixture");
    article.repeat(1_000_000 / article.len() + 1)
});
static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-ins compile"));

fn main() {
    divan::main();
}

#[divan::bench]
fn fix(bencher: divan::Bencher<'_, '_>) {
    bencher.counter(BytesCount::of_str(&*TEXT)).bench(|| {
        ENGINE
            .fix(&TEXT, Safety::Safe)
            .expect("converges")
            .text
            .len()
    });
}

#[divan::bench]
fn check(bencher: divan::Bencher<'_, '_>) {
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| ENGINE.check(&TEXT).expect("converges").len());
}

#[divan::bench]
fn floor(bencher: divan::Bencher<'_, '_>) {
    let mut variants = Vec::new();
    let mut replacements = Vec::new();
    for rule in builtin::all()
        .expect("built-ins")
        .iter()
        .flat_map(|g| g.rules.clone())
    {
        if let (RuleKind::Term { variants: list }, Some(replace)) = (rule.kind, rule.replace) {
            for variant in list {
                variants.push(variant);
                replacements.push(replace.clone());
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&variants)
        .expect("automaton");
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| automaton.replace_all(&TEXT, &replacements).len());
}

#[divan::bench]
fn build_engine() -> Engine {
    Engine::builtin().expect("built-ins compile")
}
