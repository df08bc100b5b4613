//! Turning byte offsets into the 1-based line and column numbers that people and editors use.
//!
//! Columns count Unicode scalar values (characters), as ARCHITECTURE.md promises; a `\r\n` line ending belongs to the
//! line it ends, and a byte-order mark at the start of the text takes no column.

/// Finds 1-based line/column numbers for byte offsets of one text, in O(log lines) per lookup.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; always begins with 0.
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass over its bytes).
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { text, line_starts }
    }

    /// The 1-based (line, column) of byte `offset`. An offset past the end is clamped to the end; an offset inside
    /// a multi-byte character counts as that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let mut start = self.line_starts[line];
        // A byte-order mark is invisible in editors: columns on the first line count from after it.
        if start == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40) // count bytes that start a character
            .count();
        (line + 1, column + 1)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where 1-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line - 1]
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\r\n雄安 x\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(1), (1, 2));
        assert_eq!(index.line_col(4), (2, 1));
        // "雄安 " is 7 bytes, 3 characters: 'x' is column 4.
        assert_eq!(index.line_col(4 + 7), (2, 4));
        assert_eq!(index.line_col(text.len()), (3, 5));
        assert_eq!(index.line_text(1), "ab");
        assert_eq!(index.line_text(2), "雄安 x");
        assert_eq!(index.line_text(3), "last");
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let index = LineIndex::new("\u{feff}ab");
        assert_eq!(index.line_col(3), (1, 1));
        assert_eq!(index.line_col(4), (1, 2));
    }
}
