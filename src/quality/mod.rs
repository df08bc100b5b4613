//! The quality layer: tools that judge glossaries themselves rather than texts, by running the engine on them.
//! [`lint`] finds rules that load fine but break a guarantee when the glossaries are used together (duplicates,
//! cycles, chains, shadowed rules, and the like); [`selftest`] runs every rule's own examples and keeps; [`fmt`]
//! rewrites a glossary file in canonical form and refuses when that would change what the rules do;
//! [`import_lint`] turns the lint findings of an imported term base into import warnings. They sit on top of the
//! engine and serve `mtfix glossary lint|test|fmt|import` and the test suite.

pub mod fmt;
pub mod import_lint;
pub mod lint;
pub mod selftest;
