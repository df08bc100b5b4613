//! The source shown under a human diagnostic: the lines a finding touches, cut down to a window around the
//! span when a line is long (machine-translated news often has a whole paragraph on one line).
//!
//! codespan-reporting renders whatever [`Files`] gives it, so an [`Excerpt`] is a tiny one-file database whose
//! text is the window and whose line and column numbers are those of the real file.

use std::ops::Range;

use codespan_reporting::files::{Error, Files, column_index};
use mtfix::position::LineIndex;

/// Characters of context kept on each side of a span on a long line.
const WINDOW: usize = 40;
/// A cut is made only when it removes at least this many characters.
const SLACK: usize = 10;
const ELLIPSIS: &str = "…";

/// A window of a document around one span, with the real file's name and numbering.
#[derive(Debug)]
pub(crate) struct Excerpt<'a> {
    name: &'a str,
    text: String,
    line_starts: Vec<usize>,
    /// 1-based line number of the excerpt's first line in the file.
    first_line: usize,
    /// Characters dropped from the start of the first line, and whether "…" stands in for them.
    dropped: usize,
    ellipsis: bool,
}

impl<'a> Excerpt<'a> {
    /// The excerpt of `text` around `span`, and the span's range inside it.
    pub(crate) fn new(
        name: &'a str,
        text: &str,
        index: &LineIndex<'_>,
        span: Range<usize>,
    ) -> (Self, Range<usize>) {
        let (first_line, _) = index.line_col(span.start);
        let (last_line, _) = index.line_col(span.end);
        let from = index.line_start(first_line);
        let to = (index.line_start(last_line) + index.line_text(last_line).len()).max(span.end);

        let before = &text[from..span.start];
        let before_chars = before.chars().count();
        let (start, dropped) = if before_chars > WINDOW + SLACK {
            let keep_from = before
                .char_indices()
                .nth(before_chars - WINDOW)
                .map_or(0, |(i, _)| i);
            (from + keep_from, before_chars - WINDOW)
        } else {
            (from, 0)
        };
        let after = &text[span.end..to];
        let end = if after.chars().count() > WINDOW + SLACK {
            span.end
                + after
                    .char_indices()
                    .nth(WINDOW)
                    .map_or(after.len(), |(i, _)| i)
        } else {
            to
        };

        let mut excerpt = String::new();
        if dropped > 0 {
            excerpt.push_str(ELLIPSIS);
        }
        let shift = excerpt.len();
        excerpt.push_str(&text[start..end]);
        if end < to {
            excerpt.push_str(ELLIPSIS);
        }
        let line_starts = std::iter::once(0)
            .chain(excerpt.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let range = shift + span.start - start..shift + span.end - start;
        (
            Excerpt {
                name,
                text: excerpt,
                line_starts,
                first_line,
                dropped,
                ellipsis: dropped > 0,
            },
            range,
        )
    }
}

impl<'f> Files<'f> for Excerpt<'_> {
    type FileId = ();
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, (): ()) -> Result<&'f str, Error> {
        Ok(self.name)
    }

    fn source(&'f self, (): ()) -> Result<&'f str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'f self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self.line_starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_number(&'f self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.first_line + line_index)
    }

    fn column_number(
        &'f self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let column = column_index(&self.text, self.line_range((), line_index)?, byte_index) + 1;
        Ok(if line_index == 0 && self.ellipsis {
            column - 1 + self.dropped
        } else {
            column
        })
    }

    fn line_range(&'f self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        let start = *self
            .line_starts
            .get(line_index)
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: self.line_starts.len() - 1,
            })?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use codespan_reporting::files::Files;
    use mtfix::position::LineIndex;

    use super::Excerpt;

    #[test]
    fn long_lines_are_cut_around_the_span_keeping_real_positions() {
        let text = format!(
            "first\n{}雄 target {}\nlast\n",
            "a".repeat(100),
            "b".repeat(100)
        );
        let start = text.find("target").expect("present");
        let span = start..start + "target".len();
        let index = LineIndex::new(&text);
        let (excerpt, range) = Excerpt::new("f.txt", &text, &index, span.clone());
        assert_eq!(
            excerpt.text,
            format!("…{}雄 target {}…", "a".repeat(38), "b".repeat(39))
        );
        assert_eq!(&excerpt.text[range.clone()], "target");
        let location = excerpt.location((), range.start).expect("in range");
        assert_eq!(
            (location.line_number, location.column_number),
            index.line_col(span.start)
        );
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "one\ntwo Xiong an three\r\n";
        let index = LineIndex::new(text);
        let (excerpt, range) = Excerpt::new("f.txt", text, &index, 8..16);
        assert_eq!(excerpt.text, "two Xiong an three");
        assert_eq!(range, 4..12);
        let location = excerpt.location((), range.start).expect("in range");
        assert_eq!((location.line_number, location.column_number), (2, 5));
    }
}
