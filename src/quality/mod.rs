//! The quality layer: checks of glossaries themselves rather than of texts. [`lint`] finds rules that load fine
//! but break a guarantee when the glossaries are used together (duplicates, cycles, chains, shadowed rules, and
//! the like); [`selftest`] runs every rule's own examples and keeps. Both sit on top of the engine and are used by
//! `mtfix glossary lint|test` and the test suite.

pub mod lint;
pub mod selftest;
