//! mtfix repairs machine-translated English and normalises its terminology.
//!
//! Rules live in glossaries (TOML files; see `glossaries/README.md`). Load them, build an [`Engine`] once, then
//! [`Engine::check`] and [`Engine::fix`] any number of texts, from any number of threads:
//!
//! ```
//! use mtfix::{Engine, Safety, Status};
//!
//! let engine = Engine::builtin()?;
//! let fixed = engine.fix("Work in the Xiong an new area began.", Safety::Safe)?;
//! assert_eq!(fixed.text, "Work in the Xiong'an New Area began.");
//! let finding = &fixed.findings[0];
//! assert_eq!(engine.rule(finding.rule).id, "cn-news/xiongan-new-area");
//! assert_eq!(finding.found, "Xiong an new area");
//! assert_eq!(finding.replacement(), Some("Xiong'an New Area"));
//! assert_eq!(finding.status(fixed.level), Status::Applied);
//! # Ok::<(), mtfix::Error>(())
//! ```
//!
//! Guarantees (kept true by the test suite): bytes outside an edit are never changed; `check` reports exactly the
//! edits `fix` makes, with spans in the original text; `fix` is idempotent; output is deterministic.

#![deny(missing_docs)]

pub mod config;
pub mod corpus;
pub mod engine;
pub mod error;
mod facts;
pub mod glossary;
pub mod import;
pub mod loader;
pub mod markup;
pub mod position;
pub mod quality;
pub mod safe_write;
pub mod suppress;

pub use engine::{
    Applicability, Engine, Finding, Fix, FixOptions, Outcome, RuleId, Status, Suppression,
};
pub use error::{Error, Place, Result};
pub use glossary::{Glossary, Rule, Safety, Severity};

/// Loads one glossary by built-in name (`cn-news`) or path: a glossary TOML file, or a term base (`.tbx`,
/// `.csv`, `.tsv`) converted in memory. The one-call form of [`loader::load`], with the engine computing the
/// examples of a term base's rules ([`engine::EngineProbe`]).
///
/// It lives at the crate root because it joins two layers: the loader sits below the engine (so that the engine
/// may use glossaries and never the other way round) and takes the engine's probe as an argument; this passes it.
///
/// ```
/// let glossary = mtfix::load_glossary("cn-news")?;
/// assert_eq!(glossary.name, "cn-news");
/// # Ok::<(), mtfix::Error>(())
/// ```
///
/// # Errors
/// As [`loader::load`]: an unknown built-in name, an unreadable file, or any glossary or term base error.
pub fn load_glossary(name_or_path: &str) -> Result<Glossary> {
    loader::load(name_or_path, &engine::EngineProbe)
}
