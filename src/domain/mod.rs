//! The types of the whole system and their rules. Nothing in here does I/O:
//! every function takes what it needs (including "today") as arguments.

pub mod actor;
pub mod casework;
pub mod certificate;
pub mod contact;
pub mod eligibility;
pub mod employer_side;
pub mod model;
mod named;
pub mod rules;
pub mod staff;
pub mod status;
pub mod text;
pub mod validate;
pub mod whats_new;

pub use actor::{Actor, Id, Role};
pub use certificate::{CertificateError, CertificateNumber, DisabilityCategory, DisabilityLevel};
pub use contact::{District, MobileNumber};
pub use model::*;
pub use status::{
    ApplicationStatus, ByName, EnrollmentStatus, Lifecycle, StatusChange, TransitionError,
};
pub use validate::{Field, FieldError, Problem};
