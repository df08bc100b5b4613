//! One module per command, each turning its arguments into output and a [`Status`](crate::cli::exit::Status):
//! `check`, `fix` (and its corpus mode, `fix --jsonl`), `rules`, `explain`, `config show` and `glossary
//! fmt|import|test|lint`. What they share sits below them: `load` (glossaries and the engine) and `shared` (what
//! `check` and `fix` both do with inputs).

pub(crate) mod check;
pub(crate) mod config;
pub(crate) mod corpus;
pub(crate) mod explain;
pub(crate) mod fix;
pub(crate) mod glossary;
pub(crate) mod load;
pub(crate) mod rules;
pub(crate) mod shared;
