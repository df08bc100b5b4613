//! Real documents: the reference article as a Markdown page (front matter, code, links with garbled-looking URLs,
//! a table) and as an HTML page (script, style, attributes, comments, entities), checked and fixed through the
//! command line with the built-in glossaries.
//!
//! Snapshots show the check report and the fix (a unified diff of the original → the fixed file); the tests also
//! prove mechanically that only prose changed: every applied finding lies inside prose, and replaying the findings
//! on the original gives exactly what `fix` wrote, so every byte outside the prose spans is identical.

mod common;

use std::path::Path;
use std::process::Command;

use mtfix::markup::Syntax;

const ARTICLES: &[&str] = &[
    "fixtures/articles/beijing-hebei-2018.md",
    "fixtures/articles/beijing-hebei-2018.html",
];

fn mtfix(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(["--no-config", "--color", "never"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("mtfix runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
    )
}

fn snapshot_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .replace('.', "_")
}

#[test]
fn articles_check_reports_and_fixed_text() {
    for path in ARTICLES {
        let name = snapshot_name(path);
        let (code, report) = mtfix(&["check", path]);
        assert_eq!(code, 1, "{path}: garbles remain, so check fails");
        let (code, fixed) = mtfix(&["fix", "--stdout", "-q", path]);
        assert_eq!(code, 0, "{path}");
        let original = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("read article");
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("articles-check@{name}"), report);
            insta::assert_snapshot!(
                format!("articles-fixed-diff@{name}"),
                common::fix_diff(&original, &fixed, "fixed")
            );
        });
        // The fixed article is clean (only review suggestions left) and fixing it again changes nothing.
        let dir = tempfile::tempdir().expect("temp dir");
        let again = dir.path().join(Path::new(path).file_name().expect("name"));
        std::fs::write(&again, &fixed).expect("write");
        let again = again.to_str().expect("UTF-8 path");
        let (code, _) = mtfix(&["check", "-q", again]);
        assert_eq!(code, 0, "{path}: the fixed text passes check");
        let (_, twice) = mtfix(&["fix", "--stdout", "-q", again]);
        assert_eq!(twice, fixed, "{path}: fix is idempotent");
    }
}

#[test]
fn articles_only_prose_changes() {
    for path in ARTICLES {
        let original = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("read article");
        let protected = Syntax::of_path(Path::new(path)).protected(&original);
        assert!(!protected.is_empty(), "{path}: markup is protected");
        let (_, json) = mtfix(&["check", "--format", "json", path]);
        let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON report");
        let (_, fixed) = mtfix(&["fix", "--stdout", "-q", path]);
        assert_ne!(fixed, original, "{path}: something was fixed");

        // Every applied edit lies in prose, and the edits replayed on the original give exactly the fixed file.
        let mut replayed = String::new();
        let mut last = 0;
        for f in findings.iter().filter(|f| f["fixable"] == true) {
            let start = usize::try_from(f["start"].as_u64().expect("start")).expect("usize");
            let end = usize::try_from(f["end"].as_u64().expect("end")).expect("usize");
            for p in &protected {
                assert!(
                    end <= p.start || p.end <= start,
                    "{path}: edit {start}..{end} ({:?}) touches protected {p:?} ({:?})",
                    f["found"],
                    &original[p.clone()]
                );
            }
            assert!(start >= last, "{path}: edits are sorted and disjoint");
            replayed.push_str(&original[last..start]);
            replayed.push_str(f["replacement"].as_str().expect("replacement"));
            last = end;
        }
        replayed.push_str(&original[last..]);
        assert_eq!(replayed, fixed, "{path}: fix wrote only the reported edits");

        // And so every protected byte is in the fixed file, in order, unchanged.
        let mut at = 0;
        for p in &protected {
            let piece = &original[p.clone()];
            let found = fixed[at..].find(piece).unwrap_or_else(|| {
                panic!("{path}: protected text {piece:?} is missing from the fixed file")
            });
            at += found + piece.len();
        }
    }
}

#[test]
fn html_article_keeps_scripts_styles_attributes_comments_and_entities() {
    let (_, fixed) = mtfix(&[
        "fix",
        "--stdout",
        "-q",
        "fixtures/articles/beijing-hebei-2018.html",
    ]);
    for kept in [
        "content=\"Beijing and Beijing leaders: Xiong an new area (2018-2020 years)\"",
        "content: \"Xiong an new area (2018-2020 years)\"",
        "document.title = \"Xiong an new area (2018-2020 years)\"",
        "<!-- Xiong an new area: comments are kept as they are -->",
        "<h1 class=\"Xiong an new area\">",
        "href=\"https://example.com/news/Xiong an new area/2018-2020 years\"",
        "alt=\"Xiong an new area (2018-2020 years)\"",
        "<code>Xiong an new area (2018-2020 years)</code>",
        "<kbd>Xiong an new area</kbd>",
        "work in <b>Xiong an new area</b> (2018-2020 years) sped up。</pre>",
        "<textarea name=\"comment\">Xiong an new area (2018-2020 years)</textarea>",
        "Beijing&nbsp;Tianjin &amp; Hebei&#8217;s Xiong'an New Area",
        "Xiong&nbsp;an new area, is not matched",
        "&ldquo;framework agreement",
    ] {
        assert!(fixed.contains(kept), "{kept:?} is kept in:\n{fixed}");
    }
    assert!(fixed.contains("<h2>Xiong'an New Area</h2>"));
    assert!(fixed.contains("<td>Xiong'an New Area</td><td>(2018-2020)</td>"));
}

#[test]
fn markdown_article_keeps_front_matter_code_and_link_targets() {
    let (_, fixed) = mtfix(&[
        "fix",
        "--stdout",
        "-q",
        "fixtures/articles/beijing-hebei-2018.md",
    ]);
    for kept in [
        "tags: [Xiong an new area, Beijing Tianjin Hebei]",
        "(https://example.com/news/Xiong_an_new_area/2018-2020_years?ref=Beijing%20Tianjin%20Hebei \"Xiong an new area (2018-2020 years)\")",
        "<https://example.com/Xiong-an-new-area/WeChat-public-number>",
        "\"the eighteen Party of the party\")",
        "`Xiong an new area (2018-2020 years)`",
        "work in Xiong an new area (2018-2020 years) sped up。\n```",
        "<div class=\"note\" title=\"Xiong an new area\">Raw HTML is kept: Xiong an new area.</div>",
    ] {
        assert!(fixed.contains(kept), "{kept:?} is kept in:\n{fixed}");
    }
    assert!(fixed.contains("| Concentrated bearing land | Xiong'an New Area | (2018-2020) |"));
    assert!(fixed.contains("[the Xiong'an New Area plan]"));
}
