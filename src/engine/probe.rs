//! The engine as the term base importer's [`ExampleProbe`]: the importer (a layer below the engine) writes each
//! rule's example as what the rule alone makes of its first forbidden term, and applying a rule is the engine's
//! job, so the importer asks through this trait rather than building an engine itself.

use crate::glossary::{Glossary, Safety};
use crate::import::ExampleProbe;

use super::Engine;

/// The engine's answer to [`ExampleProbe`]: builds an engine over the one glossary and fixes the text at review
/// level (every rule applies). Pass it to [`crate::import::import_file`], [`crate::import::import_str`],
/// [`crate::import::build`] or [`crate::loader::load`]; [`crate::load_glossary`] does so for you.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineProbe;

impl ExampleProbe for EngineProbe {
    fn fix_alone(&self, glossary: &Glossary, text: &str) -> Option<String> {
        let engine = Engine::new(std::slice::from_ref(glossary)).ok()?;
        let outcome = engine.fix(text, Safety::Review).ok()?;
        if outcome.applied().next().is_some() {
            Some(outcome.text)
        } else {
            Some(text.to_owned())
        }
    }
}
