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
pub mod glossary;
pub mod glossary_fmt;
pub mod import;
pub mod lint;
pub mod markup;
pub mod position;
pub mod safe_write;
pub mod selftest;
pub mod suppress;

pub use engine::{
    Applicability, Engine, Finding, Fix, FixOptions, Outcome, RuleId, Status, Suppression,
};
pub use error::{Error, Place, Result};
pub use glossary::{Glossary, Rule, Safety, Severity};
