//! What the CI formats (SARIF, GitHub, JUnit, GitLab) share: findings located once, with line and column, and
//! a stable fingerprint; the message shown for each; and paths as CI consumers want them.
//!
//! Every format names files by their path relative to the current folder, with `/` separators (CI runs from the
//! repository root, and that is what these consumers resolve paths against). Fingerprints hash the path, the rule,
//! the text found and which occurrence of that text it is, never line numbers, so a finding keeps its identity
//! when lines are added above it.

use std::path::{Component, Path};

use mtfix::position::LineIndex;
use mtfix::{Engine, Finding, Rule};

/// One finding with everything the formats need, computed once.
pub(crate) struct Located<'a> {
    pub(crate) rule: &'a Rule,
    pub(crate) finding: &'a Finding,
    pub(crate) found: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    pub(crate) fingerprint: String,
}

/// The findings of one file, located, with stable fingerprints.
pub(crate) fn locate<'a>(
    engine: &'a Engine,
    path: &str,
    text: &'a str,
    findings: &'a [Finding],
) -> Vec<Located<'a>> {
    let index = LineIndex::new(text);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    findings
        .iter()
        .map(|finding| {
            let rule = engine.rule(finding.rule);
            let found = &text[finding.span.clone()];
            let occurrence = seen
                .iter()
                .filter(|(r, f)| *r == rule.id && *f == found)
                .count();
            seen.push((&rule.id, found));
            let (line, column) = index.line_col(finding.span.start);
            let (end_line, end_column) = index.line_col(finding.span.end);
            Located {
                rule,
                finding,
                found,
                line,
                column,
                end_line,
                end_column,
                fingerprint: fingerprint(&[path, &rule.id, found, &occurrence.to_string()]),
            }
        })
        .collect()
}

/// The message shown for a finding: the rule's message (or a generic one) and what to write instead.
pub(crate) fn message(l: &Located<'_>) -> String {
    let why = if l.rule.message.is_empty() {
        format!("{:?} needs a look.", l.found)
    } else {
        l.rule.message.clone()
    };
    match l.finding.replacement() {
        Some("") => format!("{why} Delete {:?}.", l.found),
        Some(r) => format!("{why} Replace {:?} with {r:?}.", l.found),
        None => why,
    }
}

/// A path as the consumers want it: relative to the current folder when it is inside it, `/`-separated, without
/// a leading `./`.
pub(crate) fn relative_path(path: &str) -> String {
    let p = Path::new(path);
    let p = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or_else(|| p.to_owned())
    } else {
        p.to_owned()
    };
    let parts: Vec<String> = p
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    let joined = parts.join("/");
    if p.is_absolute() && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A stable 128-bit hash (two FNV-1a 64 passes with different bases) in hex. Stable across builds and platforms,
/// unlike `std`'s hasher.
fn fingerprint(parts: &[&str]) -> String {
    let mut hashes = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    for hash in &mut hashes {
        for part in parts {
            for &byte in part.as_bytes().iter().chain(&[0xff]) {
                *hash ^= u64::from(byte);
                *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    format!("{:016x}{:016x}", hashes[0], hashes[1])
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, relative_path};

    #[test]
    fn paths() {
        assert_eq!(relative_path("./docs/a b.md"), "docs/a b.md");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&["a"]).len(), 32);
    }
}
