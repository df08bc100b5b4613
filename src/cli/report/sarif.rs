//! The `sarif` findings format: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, one log for the
//! run with every active rule in `tool.driver.rules` and one result per finding (spliced into the log by the
//! printing thread, rendered by the workers).

use std::io::{self, Write};

use mtfix::{Engine, Finding, Safety, Severity};
use serde_json::{Value, json};

use super::locate::{locate, message, relative_path};
use super::pretty::{pretty_array, pretty_at};
use super::reporter::{Part, Reporter, Totals};
use super::status::status;
use super::stdout::Stdout;

/// Where SARIF's `tool.driver.informationUri` points.
const INFORMATION_URI: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => uri,
    _ => "https://crates.io/crates/mtfix",
};

/// How deep SARIF results sit in the log: `{ "runs": [ { "results": [ RESULT ] } ] }`.
const SARIF_RESULT_DEPTH: usize = 4;

/// SARIF 2.1.0 for GitHub code scanning: every active rule in `tool.driver.rules`, one result per finding with
/// its region in Unicode code points and, when there is a replacement, a fix.
pub(crate) struct Sarif<'e> {
    engine: &'e Engine,
}

impl<'e> Sarif<'e> {
    /// The SARIF reporter.
    pub(crate) fn new(engine: &'e Engine) -> Sarif<'e> {
        Sarif { engine }
    }

    fn rules(&self) -> Vec<Value> {
        self.engine
            .rules()
            .map(|rule| {
                let short = if rule.message.is_empty() {
                    rule.id.clone()
                } else {
                    first_sentence(&rule.message)
                };
                let full = if rule.message.is_empty() {
                    format!("{} ({} rule)", rule.id, rule.kind.name())
                } else {
                    rule.message.clone()
                };
                let mut help = full.clone();
                match (&rule.replace, rule.safety) {
                    (Some(r), Safety::Safe) => {
                        help.push_str(&format!("\n\nFix: `mtfix fix` writes {r:?}."));
                    }
                    (Some(r), Safety::Review) => help.push_str(&format!(
                        "\n\nSuggestion: {r:?}; check it, then apply with `mtfix fix --review`."
                    )),
                    (None, _) => help.push_str("\n\nFlagged only: there is no automatic fix."),
                }
                for example in &rule.examples {
                    help.push_str(&format!(
                        "\nExample: {:?} → {:?}",
                        example.input, example.output
                    ));
                }
                let mut descriptor = json!({
                    "id": rule.id,
                    "name": rule.id.rsplit('/').next().unwrap_or(&rule.id),
                    "shortDescription": { "text": short },
                    "fullDescription": { "text": full },
                    "help": { "text": help },
                    "defaultConfiguration": { "level": sarif_level(rule.severity) },
                    "properties": {
                        "kind": rule.kind.name(),
                        "safety": rule.safety,
                        "tags": ["machine-translation", rule.kind.name()],
                    },
                });
                if let Some(source) = &rule.source
                    && let Some(props) = descriptor["properties"].as_object_mut()
                {
                    props.insert("source".to_owned(), json!(source));
                }
                descriptor
            })
            .collect()
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI reference for a relative path: every byte outside RFC 3986's unreserved and sub-delim characters (and
/// `/`, `:`, `@`) percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact_location(path: &str) -> Value {
    let relative = relative_path(path);
    if relative.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(&relative)) })
    } else {
        json!({ "uri": uri(&relative), "uriBaseId": "%SRCROOT%" })
    }
}

impl Reporter for Sarif<'_> {
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        level: Safety,
    ) -> io::Result<Part> {
        let mut part = Part::default();
        for l in locate(self.engine, path, text, findings) {
            let status = status(l.finding, level);
            let region = json!({
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
                "charOffset": text[..l.finding.span.start].chars().count(),
                "charLength": l.found.chars().count(),
                "snippet": { "text": l.found },
            });
            let mut result = json!({
                "ruleId": l.rule.id,
                "ruleIndex": l.finding.rule.index(),
                "level": sarif_level(l.rule.severity),
                "kind": "fail",
                "message": { "text": message(&l) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(path),
                        "region": region,
                    }
                }],
                "partialFingerprints": { "mtfixFindingHash/v1": l.fingerprint },
                "properties": { "safety": l.rule.safety, "fixable": status.is_applied() },
            });
            if let Some(replacement) = status.replacement()
                && let Some(object) = result.as_object_mut()
            {
                let description = if replacement.is_empty() {
                    format!("Delete {:?}", l.found)
                } else {
                    format!("Replace {:?} with {replacement:?}", l.found)
                };
                object.insert(
                    "fixes".to_owned(),
                    json!([{
                        "description": { "text": description },
                        "artifactChanges": [{
                            "artifactLocation": artifact_location(path),
                            "replacements": [{
                                "deletedRegion": {
                                    "startLine": l.line,
                                    "startColumn": l.column,
                                    "endLine": l.end_line,
                                    "endColumn": l.end_column,
                                },
                                "insertedContent": { "text": replacement },
                            }],
                        }],
                    }]),
                );
            }
            part.held.push(pretty_at(&result, SARIF_RESULT_DEPTH)?);
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, held: &[String], _totals: &Totals) -> io::Result<()> {
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "mtfix",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "informationUri": INFORMATION_URI,
                        "rules": self.rules(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [],
            }],
        });
        write_spliced(
            &mut out.out,
            &log,
            RESULTS_KEY,
            held,
            SARIF_RESULT_DEPTH - 1,
        )?;
        out.out.write_all(b"\n")
    }
}

/// The results array's key as the pretty printer writes it, with the empty array that [`write_spliced`] fills.
const RESULTS_KEY: &str = "\"results\": []";

/// Writes `document` pretty-printed with the empty array after `key` (`"key": []`, which must occur once) replaced
/// by `items` (rendered by [`pretty_at`] at `depth + 1`): the bytes serde_json would write had the items been in
/// `document`, without the printing thread serialising them.
///
/// A `"key": []` found in the text is `key` itself: inside a JSON string every `"` is escaped, so `"key"` followed
/// by `:` can only be an object key, and SARIF's keys other than `results` are mtfix's own.
fn write_spliced(
    out: &mut impl Write,
    document: &Value,
    key: &str,
    items: &[String],
    depth: usize,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(document)?;
    let Some((before, after)) = text.split_once(key) else {
        return Err(io::Error::other(format!("no `{key}` in the document")));
    };
    let name = key.strip_suffix("[]").unwrap_or(key);
    write!(out, "{before}{name}")?;
    pretty_array(out, items, depth)?;
    out.write_all(after.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{RESULTS_KEY, SARIF_RESULT_DEPTH, uri, write_spliced};
    use crate::cli::report::pretty::pretty_at;
    use serde_json::{Value, json};

    /// A SARIF-shaped log holding `results`, with keys on both sides of `results` and decoys in strings before and
    /// after it.
    fn log(results: Vec<Value>) -> Value {
        json!({
            "$schema": "s",
            "runs": [{
                "columnKind": "\"results\": []",
                "results": results,
                "tool": { "driver": { "rules": [{ "help": "\"results\": [] \n" }] } },
            }],
            "version": "2.1.0",
        })
    }

    #[test]
    fn spliced_results_are_what_serde_json_writes() {
        let all = [
            json!({"ruleId": "a", "locations": [{"region": {"startLine": 1}}], "fixes": []}),
            json!({"ruleId": "b\nc", "properties": {}}),
        ];
        for n in 0..=all.len() {
            let held: Vec<String> = all[..n]
                .iter()
                .map(|r| pretty_at(r, SARIF_RESULT_DEPTH).expect("serialises"))
                .collect();
            let mut spliced = Vec::new();
            write_spliced(
                &mut spliced,
                &log(Vec::new()),
                RESULTS_KEY,
                &held,
                SARIF_RESULT_DEPTH - 1,
            )
            .expect("the key is there");
            let expected =
                serde_json::to_string_pretty(&log(all[..n].to_vec())).expect("serialises");
            assert_eq!(
                String::from_utf8(spliced).expect("UTF-8"),
                expected,
                "{n} results"
            );
        }
    }

    #[test]
    fn uris() {
        assert_eq!(uri("docs/a b 雄.md"), "docs/a%20b%20%E9%9B%84.md");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
