//! `mtfix explain RULE`: find one rule by id (or the end of its id, or a suggestion by edit distance) and print
//! everything about it.

use anyhow::{Result, bail};

use super::load;
use crate::cli::exit::Status;
use crate::cli::report::{self, Stdout};
use crate::cli::settings::Ctx;

/// `mtfix explain RULE`: the rule with id RULE, or the one whose id ends in `/RULE`, else a close match suggested.
pub(crate) fn run(ctx: &Ctx<'_>, id: &str) -> Result<Status> {
    let engine = load::engine(ctx)?;
    let rule = match engine.find_rule(id) {
        Some(rule) => rule,
        None => {
            let suffix = format!("/{id}");
            let matches: Vec<_> = engine.rules().filter(|r| r.id.ends_with(&suffix)).collect();
            match matches.as_slice() {
                [one] => *one,
                [] => {
                    let hint = closest(id, engine.rules().map(|r| r.id.as_str()))
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                    bail!("unknown rule `{id}`{hint} (`mtfix rules` lists them all)");
                }
                many => {
                    let ids: Vec<_> = many.iter().map(|r| format!("`{}`", r.id)).collect();
                    bail!("rule `{id}` is ambiguous: {}", ids.join(", "));
                }
            }
        }
    };
    let mut out = Stdout::new();
    report::explain(&mut out, rule, ctx.format)?;
    out.flush()?;
    Ok(Status::Clean)
}

/// The candidate closest to `wanted` by edit distance (comparing full ids and the part after `/`), if close.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            let short = c.rsplit('/').next().unwrap_or(c);
            (levenshtein(wanted, c).min(levenshtein(wanted, short)), c)
        })
        .filter(|(d, _)| *d <= (wanted.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// The edit distance between `a` and `b`, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, levenshtein};

    #[test]
    fn suggestions_use_edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        let ids = [
            "cn-news/xiongan-new-area",
            "punctuation/fullwidth-full-stop",
        ];
        assert_eq!(
            closest("xiongan-new-aera", ids.into_iter()),
            Some("cn-news/xiongan-new-area")
        );
        assert_eq!(closest("zzz", ids.into_iter()), None);
    }
}
