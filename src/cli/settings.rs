//! The effective settings of one run: command-line options over the configuration file over defaults, and
//! where each value came from (for `mtfix config show`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use mtfix::config::Config;
use mtfix::glossary::builtin;

use super::args::{Common, Format};

/// Where a value came from.
pub(crate) const DEFAULT: &str = "default";
/// Where a value came from.
pub(crate) const COMMAND_LINE: &str = "command line";

/// Everything a command needs besides its own arguments.
pub(crate) struct Ctx<'a> {
    /// The command-line options.
    pub(crate) common: &'a Common,
    /// The configuration file's settings (defaults when there is none).
    pub(crate) config: Config,
    /// The output format: `--format`, else the config's `format`, else human.
    pub(crate) format: Format,
    /// The config's `exclude` globs, for walking folders.
    pub(crate) exclude: Option<Exclude>,
}

/// Path globs skipped when folders are walked, relative to `base`.
pub(crate) struct Exclude {
    /// The globs.
    pub(crate) set: globset::GlobSet,
    /// The config file's folder (absolute).
    pub(crate) base: PathBuf,
}

impl Exclude {
    /// Whether `path` (as walked) is excluded.
    pub(crate) fn excludes(&self, path: &Path) -> bool {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        match absolute.strip_prefix(&self.base) {
            Ok(relative) => self.set.is_match(relative),
            Err(_) => self.set.is_match(path),
        }
    }
}

/// One line of `mtfix config show`.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ConfigRow {
    /// The setting.
    pub(crate) key: &'static str,
    /// Its value.
    pub(crate) value: String,
    /// `default`, `command line`, or `FILE:LINE:COL`.
    pub(crate) origin: String,
}

impl<'a> Ctx<'a> {
    /// Finds and reads the configuration (`--config FILE`, else `mtfix.toml` here or above, unless `--no-config`).
    ///
    /// # Errors
    /// A configuration file that cannot be read or is invalid (exit 2, with file:line:col).
    pub(crate) fn new(common: &'a Common) -> Result<Ctx<'a>> {
        let path = match &common.config {
            Some(path) => {
                if !path.is_file() {
                    bail!("--config {}: no such file", path.display());
                }
                Some(path.clone())
            }
            None if common.no_config => None,
            None => Config::find(Path::new(".")),
        };
        let config = match &path {
            Some(path) => Config::load(path).context("invalid configuration")?,
            None => Config::default(),
        };
        let format = common
            .format
            .or_else(|| {
                config
                    .format
                    .as_ref()
                    .and_then(|f| Format::from_name(&f.value))
            })
            .unwrap_or(Format::Human);
        let exclude = if config.exclude.is_empty() {
            None
        } else {
            let base = config.base().unwrap_or(Path::new("."));
            Some(Exclude {
                set: config.exclude_set()?,
                base: std::path::absolute(base).unwrap_or_else(|_| base.to_owned()),
            })
        };
        Ok(Ctx {
            common,
            config,
            format,
            exclude,
        })
    }

    /// Whether the built-in glossaries are loaded.
    pub(crate) fn builtin(&self) -> bool {
        !self.common.no_builtin && self.config.builtin.as_ref().is_none_or(|b| b.value)
    }

    /// The effective configuration, one row per value, with where it came from.
    pub(crate) fn config_report(&self) -> Vec<ConfigRow> {
        let mut rows = Vec::new();
        let origin = |place: &Option<mtfix::Place>| {
            place
                .as_ref()
                .map_or_else(|| DEFAULT.to_owned(), ToString::to_string)
        };
        rows.push(ConfigRow {
            key: "config",
            value: self
                .config
                .file
                .as_ref()
                .map_or_else(|| "(none)".to_owned(), |f| f.display().to_string()),
            origin: if self.common.config.is_some() {
                COMMAND_LINE.to_owned()
            } else if self.config.file.is_some() {
                "found from the current folder".to_owned()
            } else {
                DEFAULT.to_owned()
            },
        });
        rows.push(ConfigRow {
            key: "builtin",
            value: self.builtin().to_string(),
            origin: if self.common.no_builtin {
                COMMAND_LINE.to_owned()
            } else {
                origin(&self.config.builtin.as_ref().and_then(|b| b.place.clone()))
            },
        });
        if self.builtin() {
            for name in builtin::names() {
                rows.push(ConfigRow {
                    key: "glossary",
                    value: name.to_owned(),
                    origin: DEFAULT.to_owned(),
                });
            }
        }
        for g in &self.config.glossaries {
            rows.push(ConfigRow {
                key: "glossary",
                value: g.value.clone(),
                origin: origin(&g.place),
            });
        }
        for g in &self.common.glossaries {
            rows.push(ConfigRow {
                key: "glossary",
                value: g.clone(),
                origin: COMMAND_LINE.to_owned(),
            });
        }
        for (key, list) in [
            ("disable", &self.config.disable),
            ("enable", &self.config.enable),
            ("exclude", &self.config.exclude),
        ] {
            for item in list {
                rows.push(ConfigRow {
                    key,
                    value: item.value.clone(),
                    origin: origin(&item.place),
                });
            }
        }
        for (pattern, severity) in &self.config.severity {
            rows.push(ConfigRow {
                key: "severity",
                value: format!("{} = {severity}", pattern.value),
                origin: origin(&pattern.place),
            });
        }
        for (pattern, safety) in &self.config.safety {
            rows.push(ConfigRow {
                key: "safety",
                value: format!("{} = {safety}", pattern.value),
                origin: origin(&pattern.place),
            });
        }
        rows.push(ConfigRow {
            key: "format",
            value: self.format.name().to_owned(),
            origin: if self.common.format.is_some() {
                COMMAND_LINE.to_owned()
            } else {
                origin(&self.config.format.as_ref().and_then(|f| f.place.clone()))
            },
        });
        rows
    }
}
