//! Per-project configuration: `mtfix.toml`, found in the current folder or its nearest parent that has one.
//!
//! ```toml
//! builtin = true                          # load the built-in glossaries (default: true)
//! glossaries = ["house.toml", "terms.tbx"] # more glossaries: built-in names, or paths relative to this file
//! disable = ["cn-news/*"]                 # rule patterns: full ids, short ids, `*` globs
//! enable = ["cn-news/xiongan-new-area"]   # back on after a glob in `disable`
//! exclude = ["drafts/**", "*.notes.md"]   # path globs (relative to this file) skipped when folders are walked
//! format = "json"                         # default output format: human, json, jsonl, sarif, github, junit, gitlab
//!
//! [severity]                              # per-rule severity: error, warning, info
//! "cn-news/title-before-name" = "warning"
//!
//! [safety]                                # promote a review rule to safe for this project, or demote one
//! "cn-news/beijing-and-beijing" = "safe"
//! ```
//!
//! `glossaries` adds to the built-ins; with `builtin = false` it is the whole set (list built-in names in it to
//! keep some). Where several `[severity]`/`[safety]` patterns select one rule, the most specific wins: a full id,
//! then a short id, then the longest glob. A rule is off when some `disable` pattern selects it and no `enable`
//! pattern does. Unknown keys and bad values are errors with file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::engine::rule_matches;
use crate::error::{Error, Place, Result};
use crate::glossary::{Glossary, Safety, Severity};
use crate::position::LineIndex;

/// The name of the configuration file looked for.
pub const FILE_NAME: &str = "mtfix.toml";

/// A configuration value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it was set: `None` for a default.
    pub place: Option<Place>,
}

/// A parsed `mtfix.toml` (or the defaults, when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it was read from.
    pub file: Option<PathBuf>,
    /// Whether the built-in glossaries are loaded (`None`: not set, so yes).
    pub builtin: Option<Setting<bool>>,
    /// Glossaries to load: built-in names, or paths already resolved against the config file's folder.
    pub glossaries: Vec<Setting<String>>,
    /// Rule patterns switched off.
    pub disable: Vec<Setting<String>>,
    /// Rule patterns switched back on.
    pub enable: Vec<Setting<String>>,
    /// Severity overrides, by rule pattern.
    pub severity: Vec<(Setting<String>, Severity)>,
    /// Safety overrides, by rule pattern.
    pub safety: Vec<(Setting<String>, Safety)>,
    /// Path globs skipped when walking folders.
    pub exclude: Vec<Setting<String>>,
    /// Default output format (`human`, `json`, `jsonl`, `sarif`, `github`, `junit`, `gitlab`).
    pub format: Option<Setting<String>>,
}

/// Output formats a config file may name.
pub const FORMATS: &[&str] = &[
    "human", "json", "jsonl", "sarif", "github", "junit", "gitlab",
];

impl Config {
    /// The nearest `mtfix.toml` in `start` or its parents.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_owned());
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and parses the configuration file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, or [`Config::parse`] fails.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("")).to_owned();
        let mut config = Config::parse(&text, &path.display().to_string(), &base)?;
        config.file = Some(path.to_owned());
        Ok(config)
    }

    /// Parses configuration `text`; `file` names it in messages, relative glossary paths are resolved against
    /// `base`.
    ///
    /// # Errors
    /// Invalid TOML, an unknown key, a bad severity, safety or format, with file, line and column.
    pub fn parse(text: &str, file: &str, base: &Path) -> Result<Config> {
        let index = LineIndex::new(text);
        let place = |offset: usize| {
            let (line, column) = index.line_col(offset);
            Place {
                file: file.to_owned(),
                line,
                column,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::Glossary {
            place: place(e.span().map_or(0, |s| s.start)),
            rule: None,
            message: format!("config: {}", e.message().trim_end()),
        })?;
        let setting = |s: Spanned<String>| Setting {
            place: Some(place(s.span().start)),
            value: s.into_inner(),
        };
        let list = |v: Option<Vec<Spanned<String>>>| -> Vec<Setting<String>> {
            v.unwrap_or_default().into_iter().map(setting).collect()
        };
        if let Some(f) = &raw.format
            && !FORMATS.contains(&f.get_ref().as_str())
        {
            return Err(Error::Glossary {
                place: place(f.span().start),
                rule: None,
                message: format!(
                    "config: unknown format `{}` (expected one of: {})",
                    f.get_ref(),
                    FORMATS.join(", ")
                ),
            });
        }
        let glossaries = list(raw.glossaries)
            .into_iter()
            .map(|mut g| {
                if crate::glossary::builtin::source(&g.value).is_none() {
                    g.value = base.join(&g.value).display().to_string();
                }
                g
            })
            .collect();
        Ok(Config {
            file: None,
            builtin: raw.builtin.map(|b| Setting {
                place: Some(place(b.span().start)),
                value: b.into_inner(),
            }),
            glossaries,
            disable: list(raw.disable),
            enable: list(raw.enable),
            severity: overrides(raw.severity, &place),
            safety: overrides(raw.safety, &place),
            exclude: list(raw.exclude),
            format: raw.format.map(setting),
        })
    }

    /// Whether rule `id` is switched off: some `disable` pattern selects it and no `enable` pattern does.
    pub fn is_disabled(&self, id: &str) -> bool {
        self.disable.iter().any(|p| rule_matches(&p.value, id))
            && !self.enable.iter().any(|p| rule_matches(&p.value, id))
    }

    /// Applies `disable`/`enable`, `[severity]` and `[safety]` to loaded glossaries: disabled rules are removed,
    /// overridden rules get their new severity or safety. Returns warnings about patterns that select no rule.
    pub fn apply(&self, glossaries: &mut [Glossary]) -> Vec<String> {
        let ids: Vec<String> = glossaries
            .iter()
            .flat_map(|g| g.rules.iter().map(|r| r.id.clone()))
            .collect();
        let mut warnings = Vec::new();
        let patterns = self
            .disable
            .iter()
            .map(|s| ("disable", s))
            .chain(self.enable.iter().map(|s| ("enable", s)))
            .chain(self.severity.iter().map(|(s, _)| ("severity", s)))
            .chain(self.safety.iter().map(|(s, _)| ("safety", s)));
        for (key, pattern) in patterns {
            if !ids.iter().any(|id| rule_matches(&pattern.value, id)) {
                let at = pattern
                    .place
                    .as_ref()
                    .map(|p| format!("{p}: "))
                    .unwrap_or_default();
                warnings.push(format!(
                    "{at}config: `{key}` pattern `{}` selects no loaded rule",
                    pattern.value
                ));
            }
        }
        for glossary in glossaries.iter_mut() {
            glossary.rules.retain(|r| !self.is_disabled(&r.id));
            for rule in &mut glossary.rules {
                if let Some(severity) = most_specific(&self.severity, &rule.id) {
                    rule.severity = severity;
                }
                if let Some(safety) = most_specific(&self.safety, &rule.id) {
                    rule.safety = safety;
                }
            }
        }
        warnings
    }

    /// The `exclude` globs as one matcher, for paths relative to the config file's folder.
    ///
    /// # Errors
    /// A glob that does not parse (with its place).
    pub fn exclude_set(&self) -> Result<globset::GlobSet> {
        let mut builder = globset::GlobSetBuilder::new();
        for g in &self.exclude {
            let glob = globset::Glob::new(&g.value).map_err(|e| Error::Glossary {
                place: g.place.clone().unwrap_or(Place {
                    file: FILE_NAME.to_owned(),
                    line: 1,
                    column: 1,
                }),
                rule: None,
                message: format!("config: bad `exclude` glob: {e}"),
            })?;
            builder.add(glob);
        }
        builder.build().map_err(|e| Error::Glossary {
            place: Place {
                file: FILE_NAME.to_owned(),
                line: 1,
                column: 1,
            },
            rule: None,
            message: format!("config: {e}"),
        })
    }

    /// The folder that relative `exclude` globs are matched from.
    pub fn base(&self) -> Option<&Path> {
        self.file.as_deref().and_then(Path::parent)
    }
}

/// The value of the most specific pattern selecting `id`: a full id, then a short id, then the longest glob.
fn most_specific<T: Copy>(overrides: &[(Setting<String>, T)], id: &str) -> Option<T> {
    overrides
        .iter()
        .filter(|(p, _)| rule_matches(&p.value, id))
        .max_by_key(|(p, _)| {
            let pattern = &p.value;
            let rank = if pattern == id {
                2
            } else if !pattern.contains('*') {
                1
            } else {
                0
            };
            (rank, pattern.len())
        })
        .map(|(_, v)| *v)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    builtin: Option<Spanned<bool>>,
    glossaries: Option<Vec<Spanned<String>>>,
    disable: Option<Vec<Spanned<String>>>,
    enable: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    format: Option<Spanned<String>>,
    severity: Option<BTreeMap<String, Spanned<Severity>>>,
    safety: Option<BTreeMap<String, Spanned<Safety>>>,
}

/// A `[severity]` or `[safety]` table as (rule pattern with its place, value) pairs.
fn overrides<T: Copy>(
    table: Option<BTreeMap<String, Spanned<T>>>,
    place: &impl Fn(usize) -> Place,
) -> Vec<(Setting<String>, T)> {
    table
        .unwrap_or_default()
        .into_iter()
        .map(|(pattern, value)| {
            (
                Setting {
                    place: Some(place(value.span().start)),
                    value: pattern,
                },
                *value.get_ref(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Config;
    use crate::glossary::{Safety, Severity, parse};

    const G: &str = "[glossary]\nname = \"g\"\n\
        [[term]]\nid = \"aa\"\nmatch = [\"a a\"]\nreplace = \"aa\"\nexamples = [{ input = \"a a\", output = \"aa\" }]\n\
        [[term]]\nid = \"bb\"\nmatch = [\"b b\"]\nreplace = \"bb\"\nsafety = \"review\"\nexamples = [{ input = \"b b\", output = \"bb\" }]\n";

    #[test]
    fn disable_enable_and_overrides() {
        let config = Config::parse(
            "disable = [\"g/*\"]\nenable = [\"bb\"]\n[severity]\n\"g/*\" = \"info\"\n\"g/bb\" = \"error\"\n[safety]\nbb = \"safe\"\n",
            "mtfix.toml",
            Path::new("/p"),
        )
        .expect("parses");
        let mut glossaries = vec![parse(G, "g.toml").expect("glossary")];
        assert!(config.apply(&mut glossaries).is_empty());
        let rules = &glossaries[0].rules;
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].id, "g/bb");
        assert_eq!(rules[0].severity, Severity::Error);
        assert_eq!(rules[0].safety, Safety::Safe);
    }

    #[test]
    fn unknown_keys_and_values_name_the_place() {
        let e = Config::parse(
            "disable = []\ndisabel = [\"x\"]\n",
            "mtfix.toml",
            Path::new(""),
        )
        .expect_err("unknown key");
        assert!(
            e.to_string()
                .starts_with("mtfix.toml:2:1: config: unknown field `disabel`"),
            "{e}"
        );
        let e = Config::parse("[severity]\nx = \"fatal\"\n", "mtfix.toml", Path::new(""))
            .expect_err("bad severity");
        assert!(
            e.to_string()
                .starts_with("mtfix.toml:2:5: config: unknown variant `fatal`"),
            "{e}"
        );
    }

    #[test]
    fn relative_glossaries_resolve_against_the_config_folder() {
        let c = Config::parse(
            "glossaries = [\"cn-news\", \"house.toml\"]\n",
            "c",
            Path::new("/p"),
        )
        .expect("parses");
        let values: Vec<_> = c.glossaries.iter().map(|g| g.value.as_str()).collect();
        assert_eq!(values, ["cn-news", "/p/house.toml"]);
    }
}
