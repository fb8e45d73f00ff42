//! The application and enrollment state machines. Only the transitions listed
//! here are allowed; every change is recorded with who, when and a note.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::named_enum;

use super::actor::Actor;

named_enum! {
    /// Where a job application stands.
    pub enum ApplicationStatus {
        Submitted => "submitted",
        UnderReview => "under_review",
        Referred => "referred",
        InterviewScheduled => "interview_scheduled",
        Offered => "offered",
        Hired => "hired",
        NotSelected => "not_selected",
        Withdrawn => "withdrawn",
        PostingClosed => "posting_closed",
    }
}

impl Lifecycle for ApplicationStatus {
    fn allowed_next(self) -> &'static [Self] {
        ApplicationStatus::allowed_next(self)
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl ApplicationStatus {
    /// An open application still counts against "one open application per
    /// person and job".
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::Hired | Self::NotSelected | Self::Withdrawn | Self::PostingClosed
        )
    }

    /// The open statuses, in declaration order (stores list them in SQL).
    pub fn open() -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(|s| s.is_open())
    }

    pub fn allowed_next(self) -> &'static [Self] {
        use ApplicationStatus::*;
        match self {
            Submitted => &[UnderReview, NotSelected, Withdrawn, PostingClosed],
            // An employer may invite straight after reading (employer side).
            UnderReview => &[
                Referred,
                InterviewScheduled,
                NotSelected,
                Withdrawn,
                PostingClosed,
            ],
            Referred => &[InterviewScheduled, NotSelected, Withdrawn, PostingClosed],
            InterviewScheduled => &[Offered, NotSelected, Withdrawn, PostingClosed],
            Offered => &[Hired, NotSelected, Withdrawn],
            Hired | NotSelected | Withdrawn | PostingClosed => &[],
        }
    }
}

named_enum! {
    /// Where a course registration stands.
    pub enum EnrollmentStatus {
        Registered => "registered",
        Waitlisted => "waitlisted",
        Enrolled => "enrolled",
        Completed => "completed",
        Failed => "failed",
        Cancelled => "cancelled",
        Rejected => "rejected",
    }
}

impl Lifecycle for EnrollmentStatus {
    fn allowed_next(self) -> &'static [Self] {
        EnrollmentStatus::allowed_next(self)
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl EnrollmentStatus {
    /// Holds one of the course's seats.
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            Self::Registered | Self::Enrolled | Self::Completed | Self::Failed
        )
    }

    /// Still active: counts against "one registration per person and course".
    pub fn is_open(self) -> bool {
        matches!(self, Self::Registered | Self::Waitlisted | Self::Enrolled)
    }

    /// The statuses that hold a seat, in declaration order.
    pub fn holding_seats() -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(|s| s.holds_seat())
    }

    /// The open statuses, in declaration order.
    pub fn open() -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(|s| s.is_open())
    }

    /// A waitlisted person moves to `Registered` when a seat frees up
    /// (promotion); nobody goes from the waitlist straight into a class.
    pub fn allowed_next(self) -> &'static [Self] {
        use EnrollmentStatus::*;
        match self {
            Registered => &[Enrolled, Cancelled, Rejected],
            Waitlisted => &[Registered, Cancelled, Rejected],
            Enrolled => &[Completed, Failed, Cancelled],
            Completed | Failed | Cancelled | Rejected => &[],
        }
    }
}

/// A status with a fixed set of allowed next statuses.
pub trait Lifecycle: Copy + PartialEq + 'static {
    fn allowed_next(self) -> &'static [Self];
    fn name(self) -> &'static str;

    fn check_transition(self, next: Self) -> Result<(), TransitionError> {
        if self.allowed_next().contains(&next) {
            Ok(())
        } else {
            Err(TransitionError {
                from: self.name().to_string(),
                to: next.name().to_string(),
            })
        }
    }
}

/// A refused change of status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("a status cannot change from {from} to {to}")]
pub struct TransitionError {
    pub from: String,
    pub to: String,
}

/// One entry of a status history: what it became, when, who did it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange<S> {
    pub status: S,
    pub at: DateTime<Utc>,
    pub by: Actor,
    pub note: String,
    /// Who made it, named as records showed them then: set on the
    /// employer side's steps (the employer, or staff for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named: Option<ByName>,
}

/// The name of who made a history entry, and of whom they acted for:
/// "Qingdao Central Hospital", or "Wang" for "Qingdao Central Hospital".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByName {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_whom: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::Lifecycle;

    #[test]
    fn application_transitions_table() {
        use ApplicationStatus::*;
        let allowed = [
            (Submitted, UnderReview),
            (Submitted, Withdrawn),
            (UnderReview, Referred),
            (Referred, InterviewScheduled),
            (InterviewScheduled, Offered),
            (Offered, Hired),
            (Offered, Withdrawn),
            (InterviewScheduled, PostingClosed),
        ];
        let refused = [
            (Submitted, Hired),
            (Submitted, Offered),
            (Hired, Withdrawn),
            (Withdrawn, Submitted),
            (NotSelected, UnderReview),
            (Offered, PostingClosed),
            (Submitted, Submitted),
        ];
        for (from, to) in allowed {
            assert_eq!(from.check_transition(to), Ok(()), "{from:?} -> {to:?}");
        }
        for (from, to) in refused {
            assert!(from.check_transition(to).is_err(), "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn enrollment_transitions_table() {
        use EnrollmentStatus::*;
        for (from, to) in [
            (Registered, Enrolled),
            (Waitlisted, Registered),
            (Enrolled, Completed),
            (Enrolled, Failed),
            (Registered, Cancelled),
            (Waitlisted, Cancelled),
        ] {
            assert_eq!(from.check_transition(to), Ok(()), "{from:?} -> {to:?}");
        }
        for (from, to) in [
            (Waitlisted, Enrolled),
            (Cancelled, Registered),
            (Completed, Cancelled),
            (Registered, Completed),
            (Rejected, Waitlisted),
        ] {
            assert!(from.check_transition(to).is_err(), "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn names_round_trip() {
        for &s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(s));
        }
        for &s in EnrollmentStatus::ALL {
            assert_eq!(EnrollmentStatus::parse(s.as_str()), Some(s));
        }
    }
}
