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
        // Where the last region pushed for an edit of this batch ends, in the text before the batch: a later edit
        // of the batch that starts inside it (it lies in a region that edit absorbed) joins that region.
        let mut open_end: Option<usize> = None;
        for ((range, new_len), orig) in edits.iter().zip(&spans) {
            // Regions wholly before the edit keep their place (shifted by earlier edits of this batch).
            while let Some(r) = old.next_if(|r| r.cur.end <= range.start) {
                regions.push(shifted(r, delta));
                open_end = None;
            }
            // Regions the edit overlaps are absorbed into one region covering both (`orig` already covers them).
            let (mut cur_start, mut cur_end) = (range.start, range.end);
            while let Some(r) = old.next_if(|r| r.cur.start < range.end) {
                cur_start = cur_start.min(r.cur.start);
                cur_end = cur_end.max(r.cur.end);
            }
            let growth = *new_len as isize - len(range) as isize;
            match (open_end, regions.last_mut()) {
                (Some(end), Some(last)) if range.start < end => {
                    let end = end.max(cur_end);
                    last.cur.end = (end as isize + delta + growth) as usize;
                    last.orig = last.orig.start.min(orig.start)..last.orig.end.max(orig.end);
                    open_end = Some(end);
                }
                _ => {
                    regions.push(Region {
                        cur: (cur_start as isize + delta) as usize
                            ..(cur_end as isize + delta + growth) as usize,
                        orig: orig.clone(),
                    });
                    open_end = Some(cur_end);
                }
            }
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
    fn several_edits_inside_one_earlier_region_stay_one_region() {
        // Found by the import fuzz target: one edit rewrote the whole text, then one batch edited two places
        // inside its output; the second edit of the batch lay in the region the first had absorbed.
        let original = "river length system; river head system";
        let mut text = original.to_owned();
        let mut map = SpanMap::default();
        edit(&mut text, &mut map, &[(0..38, "aaaa bbbb cccc dddd")]);
        let spans = edit(
            &mut text,
            &mut map,
            &[(0..4, "A"), (10..14, "CC"), (15..19, "")],
        );
        assert_eq!(text, "A bbbb CC ");
        assert_eq!(spans, [0..38, 0..38, 0..38]);
        assert_eq!(map.regions(), [(0..38, 0..10)]);
        assert_eq!(map.to_original(0..10), 0..38);
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

    /// Random batches of edits: the regions stay sorted, disjoint and inside both texts, and replaying each region's
    /// current text over its original range rebuilds the current text from the original.
    mod properties {
        use std::ops::Range;

        use proptest::prelude::*;

        use super::edit;
        use crate::engine::span_map::SpanMap;

        /// Raw edits scaled to a text of `len` bytes, sorted, without overlaps (ASCII text: every byte a boundary).
        fn batch(raw: &[(usize, usize, String)], len: usize) -> Vec<(Range<usize>, &str)> {
            let mut cuts: Vec<_> = raw
                .iter()
                .map(|(a, b, s)| {
                    let (a, b) = (a % (len + 1), b % (len + 1));
                    (a.min(b)..a.max(b), s.as_str())
                })
                .collect();
            cuts.sort_by_key(|(r, _)| (r.start, r.end));
            let mut out: Vec<(Range<usize>, &str)> = Vec::new();
            for (r, s) in cuts {
                let fits = out.last().is_none_or(|(last, _)| {
                    last.end <= r.start
                        && !(last.is_empty() && r.is_empty() && last.start == r.start)
                });
                if fits {
                    out.push((r, s));
                }
            }
            out
        }

        proptest! {
            #[test]
            fn regions_replay_the_current_text(
                original in "[a-z ]{0,30}",
                batches in proptest::collection::vec(
                    proptest::collection::vec((0..64usize, 0..64usize, "[a-z]{0,6}"), 0..5),
                    1..5,
                ),
            ) {
                let mut text = original.clone();
                let mut map = SpanMap::default();
                for raw in &batches {
                    let edits = batch(raw, text.len());
                    edit(&mut text, &mut map, &edits);
                    let regions = map.regions();
                    let mut rebuilt = String::new();
                    let (mut last, mut last_cur) = (0, 0);
                    for (orig, cur) in &regions {
                        prop_assert!(orig.start >= last && cur.start >= last_cur, "{regions:?}");
                        prop_assert!(orig.end <= original.len() && cur.end <= text.len(), "{regions:?}");
                        rebuilt.push_str(&original[last..orig.start]);
                        rebuilt.push_str(&text[cur.clone()]);
                        last = orig.end;
                        last_cur = cur.end;
                    }
                    rebuilt.push_str(&original[last..]);
                    prop_assert_eq!(&rebuilt, &text, "regions {:?}", regions);
                }
            }
        }
    }
}
