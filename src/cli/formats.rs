//! The findings formats that CI systems read: SARIF 2.1.0 (GitHub code scanning), GitHub Actions workflow
//! commands (pull request annotations), JUnit XML and GitLab Code Quality JSON.
//!
//! Every format names files by their path relative to the current folder, with `/` separators (CI runs from the
//! repository root, and that is what these consumers resolve paths against). Fingerprints hash the path, the rule,
//! the text found and which occurrence of that text it is, never line numbers, so a finding keeps its identity
//! when lines are added above it.

use std::io::{self, Write};
use std::path::{Component, Path};

use mtfix::position::LineIndex;
use mtfix::{Engine, Finding, Rule, Safety, Severity};
use serde_json::{Value, json};

use super::report::{Part, Reporter, Stdout, Totals, pretty_array, pretty_at};

/// Where SARIF's `tool.driver.informationUri` points.
const INFORMATION_URI: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => uri,
    _ => "https://crates.io/crates/mtfix",
};

/// How many annotations of each level GitHub shows for one step.
const GITHUB_LIMIT: usize = 10;

/// One finding with everything the formats need, computed once.
struct Located<'a> {
    rule: &'a Rule,
    finding: &'a Finding,
    found: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    fingerprint: String,
}

/// The findings of one file, located, with stable fingerprints.
fn locate<'a>(
    engine: &'a Engine,
    path: &str,
    text: &'a str,
    findings: &'a [Finding],
) -> Vec<Located<'a>> {
    let index = LineIndex::new(text);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    findings
        .iter()
        .map(|finding| {
            let rule = engine.rule(finding.rule);
            let found = &text[finding.span.clone()];
            let occurrence = seen
                .iter()
                .filter(|(r, f)| *r == rule.id && *f == found)
                .count();
            seen.push((&rule.id, found));
            let (line, column) = index.line_col(finding.span.start);
            let (end_line, end_column) = index.line_col(finding.span.end);
            Located {
                rule,
                finding,
                found,
                line,
                column,
                end_line,
                end_column,
                fingerprint: fingerprint(&[path, &rule.id, found, &occurrence.to_string()]),
            }
        })
        .collect()
}

/// The message shown for a finding: the rule's message (or a generic one) and what to write instead.
fn message(l: &Located<'_>) -> String {
    let why = if l.rule.message.is_empty() {
        format!("{:?} needs a look.", l.found)
    } else {
        l.rule.message.clone()
    };
    match l.finding.replacement() {
        Some("") => format!("{why} Delete {:?}.", l.found),
        Some(r) => format!("{why} Replace {:?} with {r:?}.", l.found),
        None => why,
    }
}

/// A path as the consumers want it: relative to the current folder when it is inside it, `/`-separated, without
/// a leading `./`.
pub(crate) fn relative_path(path: &str) -> String {
    let p = Path::new(path);
    let p = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_owned))
            .unwrap_or_else(|| p.to_owned())
    } else {
        p.to_owned()
    };
    let parts: Vec<String> = p
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    let joined = parts.join("/");
    if p.is_absolute() && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A stable 128-bit hash (two FNV-1a 64 passes with different bases) in hex. Stable across builds and platforms,
/// unlike `std`'s hasher.
fn fingerprint(parts: &[&str]) -> String {
    let mut hashes = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    for hash in &mut hashes {
        for part in parts {
            for &byte in part.as_bytes().iter().chain(&[0xff]) {
                *hash ^= u64::from(byte);
                *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    format!("{:016x}{:016x}", hashes[0], hashes[1])
}

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
            let region = json!({
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
                "charOffset": text[..l.finding.span.start].chars().count(),
                "charLength": l.found.chars().count(),
                "snippet": { "text": l.found },
            });
            let fixable = l.finding.status(level) == mtfix::Status::Applied;
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
                "properties": { "safety": l.rule.safety, "fixable": fixable },
            });
            if let Some(replacement) = l.finding.replacement()
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

/// GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding, and a summary
/// notice when GitHub would not show them all.
pub(crate) struct Github<'e> {
    engine: &'e Engine,
    quiet: bool,
}

impl<'e> Github<'e> {
    /// The GitHub reporter (`quiet`: no summary notice).
    pub(crate) fn new(engine: &'e Engine, quiet: bool) -> Github<'e> {
        Github { engine, quiet }
    }
}

/// Escapes workflow command data (the message).
pub(crate) fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value (`file=`, `title=`).
pub(crate) fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github<'_> {
    fn render(&self, path: &str, text: &str, findings: &[Finding], _: Safety) -> io::Result<Part> {
        let mut part = Part::default();
        let file = github_property(&relative_path(path));
        for l in locate(self.engine, path, text, findings) {
            let command = match l.rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                part.now,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                github_property(&l.rule.id),
                github_data(&message(&l)),
            )?;
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, _held: &[String], totals: &Totals) -> io::Result<()> {
        // One annotation per finding, each level from one severity.
        let levels = [totals.errors, totals.warnings, totals.infos];
        if self.quiet || levels.iter().all(|&n| n <= GITHUB_LIMIT) {
            return Ok(());
        }
        let summary = format!(
            "mtfix found {}. GitHub shows at most {GITHUB_LIMIT} annotations of each level per step: run `mtfix check` for all of them.",
            totals.summary()
        );
        writeln!(
            out.out,
            "::notice title=mtfix summary::{}",
            github_data(&summary)
        )
    }
}

/// JUnit XML: one `testcase` per file (passing when it has no finding), one `failure` per finding.
pub(crate) struct Junit<'e> {
    engine: &'e Engine,
}

impl<'e> Junit<'e> {
    /// The JUnit reporter.
    pub(crate) fn new(engine: &'e Engine) -> Junit<'e> {
        Junit { engine }
    }
}

/// Escapes text for an XML attribute or element.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for Junit<'_> {
    fn render(&self, path: &str, text: &str, findings: &[Finding], _: Safety) -> io::Result<Part> {
        let name = xml(&relative_path(path));
        if findings.is_empty() {
            let case =
                format!("    <testcase classname=\"mtfix\" name=\"{name}\" file=\"{name}\"/>\n");
            return Ok(Part {
                now: Vec::new(),
                held: vec![case],
            });
        }
        let mut case =
            format!("    <testcase classname=\"mtfix\" name=\"{name}\" file=\"{name}\">\n");
        for l in locate(self.engine, path, text, findings) {
            let body = format!(
                "{}:{}:{}: {}[{}] {}",
                relative_path(path),
                l.line,
                l.column,
                l.rule.severity,
                l.rule.id,
                message(&l)
            );
            case.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}:{}: {}\">{}</failure>\n",
                xml(&l.rule.id),
                l.line,
                l.column,
                xml(&message(&l)),
                xml(&body)
            ));
        }
        case.push_str("    </testcase>\n");
        Ok(Part {
            now: Vec::new(),
            held: vec![case],
        })
    }

    fn finish(&self, out: &mut Stdout, held: &[String], totals: &Totals) -> io::Result<()> {
        // One test case per file, failing when it has findings.
        write!(
            out.out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"mtfix\" tests=\"{files}\" failures=\"{failing}\" errors=\"0\">\n  \
             <testsuite name=\"mtfix\" tests=\"{files}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">\n",
            files = totals.files,
            failing = totals.files_with_findings,
        )?;
        for case in held {
            out.out.write_all(case.as_bytes())?;
        }
        out.out.write_all(b"  </testsuite>\n</testsuites>\n")
    }
}

/// GitLab Code Quality: a JSON array of issues.
pub(crate) struct Gitlab<'e> {
    engine: &'e Engine,
}

impl<'e> Gitlab<'e> {
    /// The GitLab reporter.
    pub(crate) fn new(engine: &'e Engine) -> Gitlab<'e> {
        Gitlab { engine }
    }
}

fn gitlab_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

impl Reporter for Gitlab<'_> {
    fn render(&self, path: &str, text: &str, findings: &[Finding], _: Safety) -> io::Result<Part> {
        let mut part = Part::default();
        let relative = relative_path(path);
        for l in locate(self.engine, path, text, findings) {
            let issue = json!({
                "type": "issue",
                "description": message(&l),
                "check_name": l.rule.id,
                "fingerprint": l.fingerprint,
                "severity": gitlab_severity(l.rule.severity),
                "categories": ["Style"],
                "location": {
                    "path": relative,
                    "lines": { "begin": l.line, "end": l.end_line },
                },
            });
            part.held.push(pretty_at(&issue, 1)?);
        }
        Ok(part)
    }

    fn finish(&self, out: &mut Stdout, held: &[String], _totals: &Totals) -> io::Result<()> {
        pretty_array(&mut out.out, held, 0)?;
        out.out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::{
        RESULTS_KEY, SARIF_RESULT_DEPTH, fingerprint, github_data, github_property, relative_path,
        uri, write_spliced, xml,
    };
    use crate::cli::report::pretty_at;
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
    fn github_escapes() {
        assert_eq!(github_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn paths_and_uris() {
        assert_eq!(relative_path("./docs/a b.md"), "docs/a b.md");
        assert_eq!(uri("docs/a b 雄.md"), "docs/a%20b%20%E9%9B%84.md");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&["a"]).len(), 32);
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(
            xml("a<b>&\"'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;\u{fffd}"
        );
    }
}
