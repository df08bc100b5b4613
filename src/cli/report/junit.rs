//! The `junit` findings format: JUnit XML with one test case per file (passing when it has no finding) and one
//! failure per finding, for CI systems that show test reports.

use std::io::{self, Write};

use mtfix::{Engine, Finding, Safety};

use super::locate::{locate, message, relative_path};
use super::reporter::{Part, Reporter, Totals};
use super::stdout::Stdout;

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
    fn render(
        &self,
        path: &str,
        text: &str,
        findings: &[Finding],
        _level: Safety,
    ) -> io::Result<Part> {
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

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes() {
        assert_eq!(
            xml("a<b>&\"'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;\u{fffd}"
        );
    }
}
