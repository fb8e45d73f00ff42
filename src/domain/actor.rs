//! Who acts: the roles of jobdesk and the stable text form histories and
//! logs store. Its own module so `model` and `status` both use it without
//! importing each other.

use serde::{Deserialize, Serialize};

use crate::named_enum;

pub type Id = i64;

named_enum! {
    /// What an account may do.
    pub enum Role {
        Jobseeker => "jobseeker",
        Counselor => "counselor",
        Staff => "staff",
        Employer => "employer",
        Admin => "admin",
    }
}

/// Who made a change: recorded in every status history entry and log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A jobseeker, by profile id.
    Jobseeker(Id),
    /// A job coach, by counselor id.
    Counselor(Id),
    /// A member of staff of the service centre, by account id.
    Staff(Id),
    /// An employer's representative, by employer id.
    Employer(Id),
    /// An administrator, by account id.
    Admin(Id),
    System,
}

impl Actor {
    /// Stable text form for storage: `jobseeker:3`, `counselor:1`,
    /// `staff:4`, `employer:2`, `admin:1`, `system`.
    pub fn to_code(self) -> String {
        match self {
            Actor::Jobseeker(id) => format!("jobseeker:{id}"),
            Actor::Counselor(id) => format!("counselor:{id}"),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::Employer(id) => format!("employer:{id}"),
            Actor::Admin(id) => format!("admin:{id}"),
            Actor::System => "system".to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        if code == "system" {
            return Some(Actor::System);
        }
        let (role, id) = code.split_once(':')?;
        let id: Id = id.parse().ok()?;
        match role {
            "jobseeker" => Some(Actor::Jobseeker(id)),
            "counselor" => Some(Actor::Counselor(id)),
            "staff" => Some(Actor::Staff(id)),
            "employer" => Some(Actor::Employer(id)),
            "admin" => Some(Actor::Admin(id)),
            _ => None,
        }
    }

    /// Staff and administrators read and change everyone's records.
    pub fn sees_everyone(self) -> bool {
        matches!(self, Actor::Staff(_) | Actor::Admin(_))
    }

    /// The role an actor acts in (None for the system).
    pub fn role(self) -> Option<Role> {
        match self {
            Actor::Jobseeker(_) => Some(Role::Jobseeker),
            Actor::Counselor(_) => Some(Role::Counselor),
            Actor::Staff(_) => Some(Role::Staff),
            Actor::Employer(_) => Some(Role::Employer),
            Actor::Admin(_) => Some(Role::Admin),
            Actor::System => None,
        }
    }

    /// May this actor add, reset, unlock or disable accounts of `role`?
    /// Staff keep the accounts of the people they serve (jobseekers,
    /// counselors, employers); only an administrator keeps staff and
    /// administrator accounts, so staff cannot raise or lock out their own
    /// kind.
    pub fn may_keep_accounts_of(self, role: Role) -> bool {
        match self {
            Actor::Admin(_) => true,
            Actor::Staff(_) => matches!(role, Role::Jobseeker | Role::Counselor | Role::Employer),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_round_trip() {
        for actor in [
            Actor::Jobseeker(3),
            Actor::Counselor(1),
            Actor::Staff(4),
            Actor::Employer(2),
            Actor::Admin(1),
            Actor::System,
        ] {
            assert_eq!(Actor::from_code(&actor.to_code()), Some(actor));
        }
        assert_eq!(Actor::Staff(7).to_code(), "staff:7");
        assert_eq!(Actor::Employer(9).to_code(), "employer:9");
        assert_eq!(Actor::from_code("boss:1"), None);
        assert_eq!(Actor::from_code("staff:x"), None);
    }

    #[test]
    fn only_staff_and_administrators_keep_accounts_and_staff_not_their_own_kind() {
        for role in Role::ALL {
            assert!(Actor::Admin(1).may_keep_accounts_of(*role));
            assert!(!Actor::Counselor(1).may_keep_accounts_of(*role));
            assert!(!Actor::Jobseeker(1).may_keep_accounts_of(*role));
            assert!(!Actor::Employer(1).may_keep_accounts_of(*role));
            assert!(!Actor::System.may_keep_accounts_of(*role));
        }
        assert!(Actor::Staff(2).may_keep_accounts_of(Role::Jobseeker));
        assert!(Actor::Staff(2).may_keep_accounts_of(Role::Counselor));
        assert!(Actor::Staff(2).may_keep_accounts_of(Role::Employer));
        assert!(!Actor::Staff(2).may_keep_accounts_of(Role::Staff));
        assert!(!Actor::Staff(2).may_keep_accounts_of(Role::Admin));
        assert_eq!(Actor::Counselor(4).role(), Some(Role::Counselor));
        assert_eq!(Actor::System.role(), None);
    }
}
