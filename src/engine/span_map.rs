//! Mapping positions in the current (partly fixed) text back to the original input.
//!
//! The engine rewrites the text in several passes and rounds; every finding must still point into the text the
//! user gave. A [`SpanMap`] records the regions that edits have changed so far, each with its extent in the current
//! text and in the original; everything between two regions is unchanged and maps by a constant shift. Edits are
//! sparse, so the map stays small and each lookup is a short scan.

use std::ops::Range;

/// A changed region: `cur` in the current text replaced `orig` of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    cur: Range<usize>,
    orig: Range<usize>,
}

/// Current-text positions → original-text positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanMap {
    /// Changed regions, sorted and disjoint in both texts.
    regions: Vec<Region>,
    /// `growth[i]`: how much longer the current text is than the original up to the end of region `i`.
    growth: Vec<isize>,
}

impl SpanMap {
    /// The original span of current span `range`. A boundary strictly inside a changed region widens to the whole
    /// region, so the original span always covers everything the current span came from.
    pub(crate) fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map_start(range.start);
        let end = self.map_end(range.end).max(start);
        start..end
    }

    fn map_start(&self, p: usize) -> usize {
        // Regions ending at or before `p` (a deletion at `p` lies before a start boundary at `p`).
        let before = self.regions.partition_point(|r| r.cur.end <= p);
        self.map(p, before, |r| r.orig.start)
    }

    fn map_end(&self, p: usize) -> usize {
        // A deletion exactly at `p` lies after an end boundary at `p`.
        let before = self
            .regions
            .partition_point(|r| r.cur.end < p || (r.cur.end == p && !r.cur.is_empty()));
        self.map(p, before, |r| r.orig.end)
    }

    fn map(&self, p: usize, before: usize, inside: impl Fn(&Region) -> usize) -> usize {
        if let Some(r) = self.regions.get(before)
            && r.cur.start < p
            && p < r.cur.end
        {
            return inside(r);
        }
        let shift = before.checked_sub(1).map_or(0, |i| self.growth[i]);
        (p as isize - shift) as usize
    }

    /// The changed regions, in order: (original range, current range).
    pub(crate) fn regions(&self) -> Vec<(Range<usize>, Range<usize>)> {
        self.regions
            .iter()
            .map(|r| (r.orig.clone(), r.cur.clone()))
            .collect()
    }

    /// Records a batch of edits on the current text (sorted, non-overlapping; each a current range and the length
    /// of its replacement) and returns the original span of each.
    pub(crate) fn apply(&mut self, edits: &[(Range<usize>, usize)]) -> Vec<Range<usize>> {
        let spans: Vec<Range<usize>> = edits
            .iter()
            .map(|(r, _)| self.to_original(r.clone()))
            .collect();
        let mut regions = Vec::with_capacity(self.regions.len() + edits.len());
        let mut old = self.regions.iter().peekable();
        let mut delta: isize = 0;
        let shifted = |r: &Region, delta: isize| Region {
            cur: (r.cur.start as isize + delta) as usize..(r.cur.end as isize + delta) as usize,
            orig: r.orig.clone(),
        };
        for ((range, new_len), orig) in edits.iter().zip(&spans) {
            // Regions wholly before the edit keep their place (shifted by earlier edits of this batch).
            while let Some(r) = old.next_if(|r| r.cur.end <= range.start) {
                regions.push(shifted(r, delta));
            }
            // Regions the edit overlaps are absorbed into one region covering both (`orig` already covers them).
            let (mut cur_start, mut cur_end) = (range.start, range.end);
            while let Some(r) = old.next_if(|r| r.cur.start < range.end) {
                cur_start = cur_start.min(r.cur.start);
                cur_end = cur_end.max(r.cur.end);
            }
            let growth = *new_len as isize - len(range) as isize;
            regions.push(Region {
                cur: (cur_start as isize + delta) as usize
                    ..(cur_end as isize + delta + growth) as usize,
                orig: orig.clone(),
            });
            delta += growth;
        }
        regions.extend(old.map(|r| shifted(r, delta)));
        let mut total = 0;
        self.growth = regions
            .iter()
            .map(|r| {
                total += len(&r.cur) as isize - len(&r.orig) as isize;
                total
            })
            .collect();
        self.regions = regions;
        spans
    }
}

fn len(r: &Range<usize>) -> usize {
    r.end - r.start
}

#[cfg(test)]
mod tests {
    use super::SpanMap;

    /// Applies edits to `text` and the map together, so tests can compare with the real strings.
    fn edit(
        text: &mut String,
        map: &mut SpanMap,
        edits: &[(std::ops::Range<usize>, &str)],
    ) -> Vec<std::ops::Range<usize>> {
        let batch: Vec<_> = edits.iter().map(|(r, s)| (r.clone(), s.len())).collect();
        let spans = map.apply(&batch);
        for (r, s) in edits.iter().rev() {
            text.replace_range(r.clone(), s);
        }
        spans
    }

    #[test]
    fn unchanged_text_maps_through_shifts() {
        let original = "aa bb cc dd";
        let mut text = original.to_owned();
        let mut map = SpanMap::default();
        let spans = edit(&mut text, &mut map, &[(3..5, "BBBB"), (9..11, "")]);
        assert_eq!(text, "aa BBBB cc ");
        assert_eq!(spans, [3..5, 9..11]);
        // "cc" moved from 6..8 to 8..10.
        assert_eq!(map.to_original(8..10), 6..8);
        assert_eq!(&original[map.to_original(8..10)], "cc");
        // A span covering the inserted text maps to the replaced original.
        assert_eq!(map.to_original(3..7), 3..5);
    }

    #[test]
    fn later_edits_inside_earlier_ones_widen_to_the_whole_region() {
        let original = "x one y";
        let mut text = original.to_owned();
        let mut map = SpanMap::default();
        edit(&mut text, &mut map, &[(2..5, "first second")]);
        assert_eq!(text, "x first second y");
        // Edit "second" (8..14), which lies inside the first edit's output.
        let spans = edit(&mut text, &mut map, &[(8..14, "2nd")]);
        assert_eq!(text, "x first 2nd y");
        assert_eq!(spans, vec![2..5]);
        // "y" still maps home.
        assert_eq!(map.to_original(12..13), 6..7);
    }

    #[test]
    fn deletions_stay_outside_neighbouring_spans() {
        let original = "ab XX cd";
        let mut text = original.to_owned();
        let mut map = SpanMap::default();
        edit(&mut text, &mut map, &[(2..5, "")]);
        assert_eq!(text, "ab cd");
        // "ab" ends where the deletion starts: it must not swallow it; nor must "cd" which starts there.
        assert_eq!(map.to_original(0..2), 0..2);
        assert_eq!(map.to_original(3..5), 6..8);
        assert_eq!(map.to_original(2..3), 5..6);
    }
}
