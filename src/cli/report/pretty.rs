//! Pretty JSON rendered piecewise: workers render the elements of a run-wide JSON document ([`pretty_at`]) and
//! the printing thread writes the array around them ([`pretty_array`]), byte for byte what serde_json's pretty
//! printer writes for the whole document.

use std::io::{self, Write};

use serde::Serialize;

/// `value` as serde_json's pretty printer writes it `depth` levels down in an enclosing document: every line but
/// the first indented two more spaces per level. (Every newline of pretty JSON is structural: strings escape
/// theirs.) Lets workers render the elements of a run-wide JSON document ahead of [`pretty_array`].
///
/// # Errors
/// `value` cannot be serialised.
pub(crate) fn pretty_at(value: &impl Serialize, depth: usize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    if depth == 0 {
        return Ok(text);
    }
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}

/// Writes a JSON array of elements rendered by [`pretty_at`] at `depth + 1` exactly as serde_json's pretty
/// printer writes that array `depth` levels down: `[]` when empty, else one element per line.
///
/// # Errors
/// Writing fails.
pub(crate) fn pretty_array(out: &mut impl Write, items: &[String], depth: usize) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let inner = "  ".repeat(depth + 1);
    out.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        let separator = if i == 0 { "" } else { "," };
        write!(out, "{separator}\n{inner}{item}")?;
    }
    write!(out, "\n{}]", "  ".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::{pretty_array, pretty_at};
    use serde_json::{Value, json};

    /// Nested objects and arrays, empty ones, and a string with a newline (escaped, so not re-indented).
    fn items() -> Vec<Value> {
        vec![
            json!({"a": [1, {"b": "x\ny"}], "c": {}, "d": [], "e": [[]]}),
            json!([]),
            json!("s"),
            json!({"f": {"g": {"h": [true, null]}}}),
        ]
    }

    #[test]
    fn pretty_arrays_are_what_serde_json_writes() {
        let all = items();
        for n in 0..=all.len() {
            let items = &all[..n];
            for depth in 0..4 {
                // The same items `depth` levels down: inside `depth` one-element arrays.
                let mut whole = Value::Array(items.to_vec());
                for _ in 0..depth {
                    whole = Value::Array(vec![whole]);
                }
                let rendered: Vec<String> = items
                    .iter()
                    .map(|item| pretty_at(item, depth + 1).expect("serialises"))
                    .collect();
                let mut array = Vec::new();
                pretty_array(&mut array, &rendered, depth).expect("writes");
                let mut expected = serde_json::to_string_pretty(&whole).expect("serialises");
                for level in 0..depth {
                    // Strip the enclosing `[\n<indent>` and `\n<indent>]`.
                    let indent = "  ".repeat(level + 1);
                    expected = expected
                        .strip_prefix(&format!("[\n{indent}"))
                        .and_then(|e| e.strip_suffix(&format!("\n{}]", "  ".repeat(level))))
                        .expect("one-element array")
                        .to_owned();
                }
                assert_eq!(
                    String::from_utf8(array).expect("UTF-8"),
                    expected,
                    "{n} items at depth {depth}"
                );
            }
        }
    }
}
