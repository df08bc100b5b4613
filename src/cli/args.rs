//! The command line, as clap derive types: what the user typed, before anything is loaded.
//!
//! Options that apply to every command are `global`, so they may come before or after the subcommand
//! (`mtfix -g x.toml check a.txt` and `mtfix check a.txt -g x.toml` are the same).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mtfix repairs machine-translated Chinese→English news with glossary rules.
///
/// Exit codes: 0 clean (or fixes written), 1 findings remain, 2 usage, input or glossary error.
#[derive(Debug, Parser)]
#[command(name = "mtfix", version, about, long_about = None)]
pub(crate) struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Options shared by every command.
    #[command(flatten)]
    pub(crate) common: Common,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Report what `fix` would change and what it suggests; PATH is a file or a folder ('-' or none: stdin).
    Check {
        /// Files or folders (folders are walked for .txt, .md, .markdown, .html and .htm files, honouring
        /// .gitignore).
        paths: Vec<PathBuf>,
    },
    /// Rewrite files in place (from stdin: write to stdout).
    Fix {
        /// Files or folders (folders are walked for .txt, .md, .markdown, .html and .htm files, honouring
        /// .gitignore; for .jsonl files with `--jsonl`).
        paths: Vec<PathBuf>,
        /// Print a unified diff of the changes and write nothing.
        #[arg(long, conflicts_with = "stdout")]
        diff: bool,
        /// Write the fixed text to stdout instead of in place.
        #[arg(long)]
        stdout: bool,
        /// Also apply fixes of rules marked `safety = "review"`.
        #[arg(long)]
        review: bool,
        /// Corpus mode: read JSON Lines (files or stdin), fix the string field named by `--field` in every record,
        /// and write all records to stdout in input order, every other byte untouched.
        #[arg(long, requires = "field", conflicts_with_all = ["diff", "stdout"])]
        jsonl: bool,
        /// With `--jsonl`: the field to fix, a dotted path for nested objects (`text`, `doc.body`).
        #[arg(long, value_name = "PATH")]
        field: Option<String>,
        /// With `--jsonl`: stop with exit 2 at the first line that is not a JSON object with that string field
        /// (default: pass it through unchanged and count it).
        #[arg(long, requires = "jsonl")]
        strict: bool,
    },
    /// List the active rules: id, kind, safety, severity, message.
    Rules {
        /// Only rules of these glossaries (names, e.g. `cn-news`).
        glossary: Vec<String>,
        /// Only rules of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindFilter>,
        /// Only rules of this safety.
        #[arg(long, value_enum)]
        safety: Option<SafetyFilter>,
    },
    /// Show everything about one rule: message, source, variants or regex, examples, where it is defined.
    Explain {
        /// The rule id: `GLOSSARY/RULE`, or just `RULE` when that is unambiguous.
        rule: String,
    },
    /// Test, lint, format and import glossary files.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Inspect the configuration (`mtfix.toml`).
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `mtfix config ...`
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Print the effective configuration and where each value comes from.
    Show,
}

/// `mtfix rules --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindFilter {
    /// `[[term]]` rules.
    Term,
    /// `[[pattern]]` rules.
    Pattern,
    /// `[[line]]` rules.
    Line,
    /// `[[consistency]]` rules.
    Consistency,
}

/// `mtfix rules --safety`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SafetyFilter {
    /// Applied by `fix`.
    Safe,
    /// Applied by `fix --review` only.
    Review,
}

/// A term base format for `glossary import --from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFormat {
    /// TBX v2 or v3.
    Tbx,
    /// CSV with a header row (`,`, `;` or tab detected).
    Csv,
    /// Tab-separated with a header row.
    Tsv,
}

/// `mtfix glossary ...`
#[derive(Debug, Subcommand)]
pub(crate) enum GlossaryCommand {
    /// Run every rule's examples and keeps (no FILE: the active glossaries).
    Test {
        /// Glossary files (or built-in names) to test, together with any `-g` glossaries.
        files: Vec<String>,
    },
    /// Static checks: duplicate ids and variants, chains, empty-matching regexes, failing examples.
    Lint {
        /// Glossary files (or built-in names) to lint, together with any `-g` glossaries.
        files: Vec<String>,
    },
    /// Rewrite glossary files in canonical form (key order, rules sorted by id, variants sorted), keeping comments.
    Fmt {
        /// Write nothing; exit 1 and name the files that are not in canonical form.
        #[arg(long)]
        check: bool,
        /// Glossary TOML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Convert a term base (TBX, or CSV/TSV with a header row) into a glossary TOML file.
    Import {
        /// The term base file.
        file: PathBuf,
        /// Its format (default: from the extension .tbx, .csv or .tsv).
        #[arg(long = "from", value_enum, value_name = "FORMAT")]
        from: Option<ImportFormat>,
        /// Write the glossary here instead of stdout.
        #[arg(short, long, value_name = "OUT.toml")]
        output: Option<PathBuf>,
        /// The glossary name (default: from the file name).
        #[arg(long)]
        name: Option<String>,
        /// Language code of source terms.
        #[arg(long, default_value = "zh", value_name = "CODE")]
        source_lang: String,
        /// Language code of the terms mtfix writes.
        #[arg(long, default_value = "en", value_name = "CODE")]
        target_lang: String,
    },
}

/// Options accepted by every command.
#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Load a glossary: a built-in NAME or a PATH to a TOML file (repeatable).
    #[arg(
        short = 'g',
        long = "glossary",
        value_name = "NAME|PATH",
        global = true
    )]
    pub(crate) glossaries: Vec<String>,
    /// Do not load the built-in glossaries.
    #[arg(long, global = true)]
    pub(crate) no_builtin: bool,
    /// Do not look for `mtfix.toml`.
    #[arg(long, global = true, conflicts_with = "config")]
    pub(crate) no_config: bool,
    /// A configuration file (default: `mtfix.toml` in the current folder or the nearest parent that has one).
    #[arg(long, value_name = "FILE", global = true)]
    pub(crate) config: Option<PathBuf>,
    /// Output format of findings (check, fix --diff, rules, explain, glossary lint) [default: human, or the
    /// config file's `format`].
    #[arg(long, value_enum, global = true)]
    pub(crate) format: Option<Format>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", global = true)]
    pub(crate) color: ColorWhen,
    /// Print findings only: no summary line, no "fixed N issues" messages.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    /// The least severe finding that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY", global = true)]
    pub(crate) fail_on: FailOn,
    /// After the report, print a table of findings per rule on stderr.
    #[arg(long, global = true)]
    pub(crate) statistics: bool,
    /// How folders are walked and files read.
    #[command(flatten)]
    pub(crate) walk: WalkArgs,
}

/// Which files are read, and how many at a time.
#[derive(Debug, Args)]
pub(crate) struct WalkArgs {
    /// Walk hidden files and folders too (names starting with `.`).
    #[arg(long, global = true)]
    pub(crate) hidden: bool,
    /// Only walk files matching GLOB; `!GLOB` excludes (repeatable, ripgrep syntax, relative to each folder).
    #[arg(long = "glob", value_name = "GLOB", global = true)]
    pub(crate) globs: Vec<String>,
    /// Files processed at once [default: the number of cores]. Output is the same whatever the number.
    #[arg(short = 'j', long, value_name = "N", global = true)]
    pub(crate) threads: Option<usize>,
    /// The name of standard input: its extension picks the syntax (`.md`, `.html`) and reports show it.
    #[arg(long, value_name = "NAME", global = true)]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Only report (and fix) lines changed since the git revision REF (`git diff REF`); files git does not track
    /// count as wholly changed.
    #[arg(long, value_name = "REF", global = true)]
    pub(crate) changed_since: Option<String>,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Compiler-style diagnostics with the source line and a summary.
    Human,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`): annotations on a pull request.
    Github,
    /// JUnit XML: one test case per file, one failure per finding.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl Format {
    /// The name used on the command line and in `mtfix.toml`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
        }
    }

    /// The format named `name` (as in `mtfix.toml`).
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        <Format as ValueEnum>::value_variants()
            .iter()
            .copied()
            .find(|f| f.name() == name)
    }
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The severity threshold for exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Only errors fail (the default).
    Error,
    /// Errors and warnings fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Findings never fail (exit 0 unless something could not be done).
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` makes the run fail.
    pub(crate) fn fails(self, severity: mtfix::Severity) -> bool {
        let threshold = match self {
            FailOn::Error => mtfix::Severity::Error,
            FailOn::Warning => mtfix::Severity::Warning,
            FailOn::Info => mtfix::Severity::Info,
            FailOn::Never => return false,
        };
        severity <= threshold
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_app() {
        super::Cli::command().debug_assert();
    }
}
