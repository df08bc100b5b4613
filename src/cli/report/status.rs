//! What became of one finding (applied, suggested or flagged) at the level the run fixes at, with the text it
//! writes: the library's [`Finding::status`] joined to its replacement, so that the reporters, the totals,
//! `--statistics` and `fix`'s messages all ask one function.

use mtfix::{Finding, Safety};

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

/// What became of `finding` when fixing at `level` (`Safe`, or `Review` for `fix --review`).
pub(crate) fn status(finding: &Finding, level: Safety) -> Status<'_> {
    match (finding.status(level), finding.replacement()) {
        (mtfix::Status::Applied, Some(r)) => Status::Applied(r),
        (mtfix::Status::Suggested, Some(r)) => Status::Suggested(r),
        (_, _) => Status::Flagged,
    }
}
