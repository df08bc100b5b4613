//! Corpus mode through the library: order, untouched bytes, malformed lines, strict mode, batching.

use mtfix::corpus::{CorpusError, fix_jsonl};
use mtfix::{Engine, FixOptions, Safety};

fn run(
    input: &str,
    path: &str,
    strict: bool,
) -> Result<(String, mtfix::corpus::CorpusStats), CorpusError> {
    let engine = Engine::builtin().expect("built-ins compile");
    let mut out = Vec::new();
    let stats = fix_jsonl(
        &engine,
        &FixOptions::new(Safety::Safe),
        path,
        strict,
        input.as_bytes(),
        &mut out,
    )?;
    Ok((String::from_utf8(out).expect("UTF-8 out"), stats))
}

#[test]
fn only_the_named_field_changes_and_order_is_kept() {
    let input = concat!(
        "{\"id\":1, \"text\": \"Work in Xiong an new area.\", \"score\": 1.50, \"note\": \"Xiong an \\u00e9\"}\n",
        "{\"id\":2,\"text\":\"Nothing to fix.\"}\r\n",
        "{\"text\":\"Plan (2018-2020 years)\",\"id\":3}"
    );
    let (out, stats) = run(input, "text", false).expect("runs");
    assert_eq!(
        out,
        concat!(
            "{\"id\":1, \"text\": \"Work in Xiong'an New Area.\", \"score\": 1.50, \"note\": \"Xiong an \\u00e9\"}\n",
            "{\"id\":2,\"text\":\"Nothing to fix.\"}\r\n",
            "{\"text\":\"Plan (2018-2020)\",\"id\":3}"
        )
    );
    assert_eq!(
        (stats.lines, stats.changed, stats.edits, stats.skipped),
        (3, 2, 2, 0)
    );
}

#[test]
fn nested_fields_and_escapes() {
    let input = "{\"doc\":{\"body\":\"\\\"Xiong an new area\\\"\\nnext\"},\"text\":\"Xiong an new area\"}\n";
    let (out, _) = run(input, "doc.body", false).expect("runs");
    assert_eq!(
        out,
        "{\"doc\":{\"body\":\"\\\"Xiong'an New Area\\\"\\nnext\"},\"text\":\"Xiong an new area\"}\n"
    );
}

#[test]
fn malformed_lines_pass_through_and_are_counted_or_stop_strict_mode() {
    let input = "{\"text\":\"Xiong an new area\"}\nnot json\n{\"other\":1}\n{\"text\":5}\n\n";
    let (out, stats) = run(input, "text", false).expect("runs");
    assert_eq!(
        out,
        "{\"text\":\"Xiong'an New Area\"}\nnot json\n{\"other\":1}\n{\"text\":5}\n\n"
    );
    assert_eq!(stats.skipped, 4);
    assert_eq!(stats.first_skipped, [2, 3, 4, 5]);
    let err = run(input, "text", true)
        .expect_err("strict mode stops")
        .to_string();
    assert_eq!(err, "line 2: not a JSON object with a string at `text`");
}

#[test]
fn invalid_utf8_lines_pass_through_byte_for_byte() {
    let engine = Engine::builtin().expect("built-ins compile");
    let mut input = b"{\"text\":\"Xiong an\"}\n".to_vec();
    input.extend_from_slice(b"{\"text\":\"\xff\"}\n");
    let mut out = Vec::new();
    let stats = fix_jsonl(
        &engine,
        &FixOptions::new(Safety::Safe),
        "text",
        false,
        input.as_slice(),
        &mut out,
    )
    .expect("runs");
    assert_eq!(out, b"{\"text\":\"Xiong'an\"}\n{\"text\":\"\xff\"}\n");
    assert_eq!(stats.skipped, 1);
}

#[test]
fn many_batches_keep_input_order() {
    // More than one batch (8 MB) of records, each numbered: the output keeps the order.
    let record = |i: usize| {
        format!(
            "{{\"n\":{i},\"text\":\"Xiong an new area {i}\",\"pad\":\"{}\"}}\n",
            "x".repeat(2_000)
        )
    };
    let input: String = (0..4_500).map(record).collect();
    assert!(input.len() > mtfix::corpus::BATCH_BYTES);
    let (out, stats) = run(&input, "text", false).expect("runs");
    assert_eq!(stats.lines, 4_500);
    assert_eq!(stats.changed, 4_500);
    for (i, line) in out.lines().enumerate().step_by(97) {
        assert!(
            line.starts_with(&format!("{{\"n\":{i},\"text\":\"Xiong'an New Area {i}\",")),
            "{line}"
        );
    }
}
