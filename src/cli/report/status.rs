//! What became of one finding (applied, suggested or flagged): the one place the CLI reads a finding's
//! `applied` and `replacement` fields, so that the reporters, the totals, `--statistics` and `fix`'s messages all
//! agree and a change to the library's `Finding` is one change here.

use mtfix::Finding;

/// What became of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status<'f> {
    /// `fix` at the requested level applies it: the text that replaces the span.
    Applied(&'f str),
    /// A replacement `fix` does not apply at the requested level (a review rule below `--review`, or one that
    /// lost to an overlapping edit).
    Suggested(&'f str),
    /// The rule only flags: there is no replacement.
    Flagged,
}

impl<'f> Status<'f> {
    /// The text that replaces the span, applied or suggested; `None` when the finding is only flagged.
    pub(crate) fn replacement(self) -> Option<&'f str> {
        match self {
            Status::Applied(r) | Status::Suggested(r) => Some(r),
            Status::Flagged => None,
        }
    }

    /// Whether `fix` applies the finding at the requested level.
    pub(crate) fn is_applied(self) -> bool {
        matches!(self, Status::Applied(_))
    }
}

/// What became of `finding`. (The engine applies only findings with a replacement.)
pub(crate) fn status(finding: &Finding) -> Status<'_> {
    match (finding.replacement.as_deref(), finding.applied) {
        (Some(r), true) => Status::Applied(r),
        (Some(r), false) => Status::Suggested(r),
        (None, _) => Status::Flagged,
    }
}
