//! The screens, one module each, and the phrases they share: positions,
//! error sentences and key names, all from the catalogues.

pub mod accounts;
pub mod applications;
pub mod apply;
pub mod casework;
pub mod choose;
pub mod desk;
pub mod employer;
pub mod figures;
pub mod filters;
pub mod help;
pub mod home;
pub mod job_detail;
pub mod jobs;
pub mod kiosk_search;
pub mod login;
pub mod porter;
pub mod profile;
pub mod recommend;
pub mod search_list;
pub mod settings;
pub mod staff;
pub mod training;
pub mod welcome;
pub mod whats_new;

use crate::domain::certificate::CertificateError;
use crate::domain::contact::MobileError;
use crate::domain::{Actor, FieldError, Id, Problem, StatusChange};
use crate::i18n::Lang;
use crate::keymap::{Key, KeyPress};
use crate::store::{Entity, StoreError};
use crate::tr;

/// "3 of 12: text" (docs/screen-reader.md rule 2).
pub fn position(lang: Lang, n: usize, total: &str, text: &str) -> String {
    tr!(lang, "common.position", n = n, total = total, text = text)
}

/// `text` without the "3 of 12: " that [`position`] put in front of it,
/// for linear mode, where each line's own number already says where it is.
/// Text without a position comes back whole.
pub fn without_position(lang: Lang, text: &str) -> &str {
    let template = lang.get("common.position");
    let (Some(n), Some(total), Some(body)) = (
        template.find("{n}"),
        template.find("{total}"),
        template.find("{text}"),
    ) else {
        return text;
    };
    if !(n < total && total < body && body + "{text}".len() == template.len()) {
        return text;
    }
    let (before, between, after) = (
        &template[..n],
        &template[n + "{n}".len()..total],
        &template[total + "{total}".len()..body],
    );
    let Some(rest) = text.strip_prefix(before) else {
        return text;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(rest) = rest[digits..].strip_prefix(between).filter(|_| digits > 0) else {
        return text;
    };
    match rest.find(after) {
        Some(i) if i > 0 => &rest[i + after.len()..],
        _ => text,
    }
}

/// A count that may be a lower bound: "248" or "more than 1000".
pub fn count_text(lang: Lang, total: u64, capped: bool) -> String {
    if capped {
        tr!(lang, "common.more_than", n = total)
    } else {
        total.to_string()
    }
}

/// Who made a change, as the reader would say it.
pub fn actor_name(lang: Lang, actor: Actor, me: Option<Id>) -> String {
    match actor {
        Actor::Jobseeker(id) if Some(id) == me => tr!(lang, "actor.you"),
        Actor::Jobseeker(_) => tr!(lang, "actor.jobseeker"),
        Actor::Counselor(_) => tr!(lang, "actor.counselor"),
        Actor::Staff(_) => tr!(lang, "actor.staff"),
        Actor::Employer(_) => tr!(lang, "actor.employer"),
        Actor::Admin(_) => tr!(lang, "actor.admin"),
        Actor::System => tr!(lang, "actor.system"),
    }
}

/// "History 2 of 3: 29 Nov 2026, Registered, by jobdesk, note: ..." as
/// `Label: value` pairs, for applications and enrollments alike.
pub fn history_lines<S: Copy>(
    lang: Lang,
    history: &[StatusChange<S>],
    status: impl Fn(S) -> &'static str,
    me: Option<Id>,
) -> Vec<(String, String)> {
    history_lines_named(lang, history, status, me, &HistoryNames::default())
}

/// The names a history is read with: of the counselors who made entries
/// and of the person it belongs to (when someone else reads it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryNames {
    pub counselors: std::collections::HashMap<Id, String>,
    /// The person's profile id and name, when the reader is not them.
    pub person: Option<(Id, String)>,
}

impl HistoryNames {
    /// The counselors named in a history whose names are not known yet.
    pub fn unknown_counselors<S>(&self, history: &[StatusChange<S>]) -> Vec<Id> {
        let mut ids = Vec::new();
        for h in history {
            if let Actor::Counselor(id) = h.by
                && !self.counselors.contains_key(&id)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids
    }
}

/// Who made an entry: "your counselor Li Na" to the person, "counselor Li
/// Na for Wang Fang" to anyone else; "you", "the employer" as before.
pub fn entry_by(lang: Lang, by: Actor, me: Option<Id>, names: &HistoryNames) -> String {
    match by {
        Actor::Counselor(id) => match (names.counselors.get(&id), &names.person) {
            (Some(name), Some((_, person))) => {
                tr!(
                    lang,
                    "on_behalf.by_counselor_for",
                    name = name,
                    person = person
                )
            }
            (Some(name), None) => tr!(lang, "on_behalf.by_your_counselor", name = name),
            (None, _) => actor_name(lang, by, me),
        },
        Actor::Jobseeker(id) if Some(id) != me => match &names.person {
            Some((person_id, person)) if *person_id == id => person.clone(),
            _ => actor_name(lang, by, me),
        },
        _ => actor_name(lang, by, me),
    }
}

/// An employer side's entry, by whom it names: "Qingdao Central
/// Hospital", or "staff Wang for Qingdao Central Hospital".
pub fn named_by(lang: Lang, named: &crate::domain::ByName) -> String {
    match &named.for_whom {
        None => named.name.clone(),
        Some(employer) => tr!(
            lang,
            "employer_side.by_staff_for",
            name = named.name,
            employer = employer
        ),
    }
}

/// [`history_lines`], with counselors and the person named.
pub fn history_lines_named<S: Copy>(
    lang: Lang,
    history: &[StatusChange<S>],
    status: impl Fn(S) -> &'static str,
    me: Option<Id>,
    names: &HistoryNames,
) -> Vec<(String, String)> {
    let total = history.len();
    history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut value = tr!(
                lang,
                "application.history_entry",
                date = lang.day_of(h.at),
                status = status(h.status),
                who = match &h.named {
                    Some(named) => named_by(lang, named),
                    None => entry_by(lang, h.by, me, names),
                }
            );
            if !h.note.is_empty() {
                value.push_str(&tr!(
                    lang,
                    "application.history_note",
                    note = note_text(lang, &h.note)
                ));
            }
            (
                tr!(lang, "application.history", n = i + 1, total = total),
                value,
            )
        })
        .collect()
}

/// Looks up the names a history is read with, one store call at a time
/// (an answer does not say which call it answers): the person's, when the
/// reader is someone else, and each counselor's.
#[derive(Debug, Clone, Default)]
pub struct NameLookup {
    pub names: HistoryNames,
    asked: Vec<Id>,
    asked_person: bool,
    /// Calls out whose answers are names.
    waiting: u32,
}

impl NameLookup {
    /// Asks for the next name the history needs, if any.
    pub fn ask<S>(
        &mut self,
        cx: &mut crate::ui::Cx<'_>,
        profile_id: Id,
        history: &[StatusChange<S>],
    ) {
        if self.waiting > 0 {
            return;
        }
        if cx.user != Some(profile_id) && self.names.person.is_none() && !self.asked_person {
            self.asked_person = true;
            self.waiting += 1;
            cx.call(crate::ui::StoreCall::Profile(profile_id));
            return;
        }
        let next = self
            .names
            .unknown_counselors(history)
            .into_iter()
            .find(|id| !self.asked.contains(id));
        if let Some(id) = next {
            self.asked.push(id);
            self.waiting += 1;
            cx.call(crate::ui::StoreCall::Counselor(id));
        }
    }

    /// Takes an answer if it is a name (or a name that could not be
    /// read: the history then says "your counselor" as before). True when
    /// it was; the screen then asks for the next with [`NameLookup::ask`].
    pub fn take(&mut self, result: &Result<crate::ui::Done, StoreError>) -> bool {
        if self.waiting == 0 {
            return false;
        }
        match result {
            Ok(crate::ui::Done::Counselor(c)) => {
                self.names.counselors.insert(c.id, c.name.clone());
            }
            Ok(crate::ui::Done::Profile(p)) => {
                self.names.person = Some((p.id, p.name.clone()));
            }
            Err(e) => tracing::info!("a name in a history was not read: {e}"),
            Ok(_) => return false,
        }
        self.waiting -= 1;
        true
    }
}

/// A history note as the reader's language says it: notes the system
/// writes are stored as codes.
fn note_text(lang: Lang, note: &str) -> String {
    use crate::domain::staff;
    match note {
        crate::domain::rules::PROMOTION_NOTE => tr!(lang, "training.promoted_note"),
        staff::POSTING_CLOSED_NOTE => tr!(lang, "staff_desk.note_posting_closed"),
        staff::COURSE_CANCELLED_NOTE => tr!(lang, "staff_desk.note_course_cancelled"),
        staff::ATTENDED_NOTE => tr!(lang, "staff_desk.note_attended"),
        staff::EXAM_PASSED_NOTE => tr!(lang, "staff_desk.note_exam_passed"),
        _ => note.to_string(),
    }
}

/// What to say when changes kept offline reached the server.
pub fn delivery_sentences(lang: Lang, deliveries: &[crate::store::outbox::Delivery]) -> String {
    use crate::store::outbox::Delivered;
    deliveries
        .iter()
        .map(|d| match &d.result {
            Ok(Delivered::Applied(a)) => tr!(
                lang,
                "outbox.applied",
                title = a.job_title,
                reference = a.reference
            ),
            Ok(Delivered::ApplicationChanged(a)) => tr!(
                lang,
                "outbox.application_changed",
                reference = a.reference,
                status = lang.application_status(a.status)
            ),
            Ok(Delivered::Registered(e)) => tr!(
                lang,
                "outbox.registered",
                title = e.course_title,
                status = training::enrollment_status_text(lang, e)
            ),
            Ok(Delivered::EnrollmentChanged(e)) => tr!(
                lang,
                "outbox.enrollment_changed",
                title = e.course_title,
                status = lang.enrollment_status(e.status)
            ),
            Ok(Delivered::ProfileSaved(_)) => tr!(lang, "outbox.profile_saved"),
            Err(e) => tr!(lang, "outbox.failed", reason = error_sentence(lang, e)),
        })
        .collect::<Vec<_>>()
        .join(lang.get("common.sentence_separator"))
}

/// One sentence for any store error.
pub fn error_sentence(lang: Lang, error: &StoreError) -> String {
    match error {
        StoreError::NotFound { what, .. } => {
            let what = match what {
                Entity::Job => "job",
                Entity::Employer => "employer",
                Entity::Application => "application",
                Entity::Course => "course",
                Entity::Enrollment => "enrollment",
                Entity::Profile => "profile",
                Entity::Counselor => "counselor",
                Entity::Step => "step",
                Entity::Placement => "placement",
                Entity::Account => "account",
            };
            tr!(
                lang,
                "error.not_found",
                what = lang.get(&format!("entity.{what}"))
            )
        }
        StoreError::Invalid { errors } => match errors.first() {
            Some(e) => field_error(lang, e),
            None => tr!(lang, "error.invalid"),
        },
        StoreError::ProfileIncomplete { missing } => tr!(
            lang,
            "error.profile_incomplete",
            fields = missing
                .iter()
                .map(|f| lang.field(*f))
                .collect::<Vec<_>>()
                .join(lang.get("common.list_separator"))
        ),
        StoreError::AlreadyApplied { reference } => {
            tr!(lang, "error.already_applied", reference = reference)
        }
        StoreError::AlreadyRegistered { status } => {
            tr!(
                lang,
                "error.already_registered",
                status = lang.enrollment_status(*status)
            )
        }
        StoreError::PostingClosed => tr!(lang, "error.posting_closed"),
        StoreError::Transition(_) => tr!(lang, "error.transition"),
        StoreError::DeadlinePassed { deadline } => {
            tr!(lang, "error.deadline_passed", date = lang.date(*deadline))
        }
        StoreError::CourseStarted { started } => {
            tr!(lang, "error.course_started", date = lang.date(*started))
        }
        StoreError::NotEligible { reasons } => tr!(
            lang,
            "error.not_eligible",
            reasons = reasons
                .iter()
                .map(|r| training::reason_sentence(lang, r))
                .collect::<Vec<_>>()
                .join(lang.get("common.sentence_separator"))
        ),
        StoreError::RequestIdReused => tr!(lang, "error.request_reused"),
        StoreError::CourseFull => tr!(lang, "error.course_full"),
        StoreError::CourseCancelled => tr!(lang, "staff_desk.error_course_cancelled"),
        StoreError::NoAgreement => tr!(lang, "error.no_agreement"),
        StoreError::Forbidden => tr!(lang, "error.forbidden"),
        StoreError::LoginFailed { attempts_left } => {
            tr!(lang, "error.login_failed", n = attempts_left)
        }
        StoreError::Locked { until } => tr!(
            lang,
            "error.locked",
            time = until.with_timezone(&chrono::Local).format("%H:%M")
        ),
        StoreError::LoginTaken => tr!(lang, "error.login_taken"),
        StoreError::AccountDisabled => tr!(lang, "error.account_disabled"),
        StoreError::SessionExpired => tr!(lang, "error.session_expired"),
        StoreError::Busy { retry_after } => tr!(lang, "error.busy", n = retry_after),
        StoreError::TooManyAttempts { retry_after } => {
            tr!(lang, "error.too_many_attempts", n = retry_after)
        }
        StoreError::Queued => tr!(lang, "error.queued"),
        StoreError::Unavailable { .. } => tr!(lang, "error.unavailable"),
        StoreError::Tls { problem } => match problem {
            crate::store::TlsProblem::Untrusted => tr!(lang, "error.tls_untrusted"),
            crate::store::TlsProblem::Expired => tr!(lang, "error.tls_expired"),
            crate::store::TlsProblem::WrongName => tr!(lang, "error.tls_wrong_name"),
            crate::store::TlsProblem::Other => tr!(lang, "error.tls_other"),
        },
        StoreError::Storage { fault } => match fault {
            crate::store::StorageFault::Full => tr!(lang, "error.storage_full"),
            crate::store::StorageFault::ReadOnly => tr!(lang, "error.storage_read_only"),
            crate::store::StorageFault::Damaged => tr!(lang, "error.storage_damaged"),
            crate::store::StorageFault::Io => tr!(lang, "error.storage_io"),
        },
        StoreError::Internal { .. } => tr!(lang, "error.internal"),
    }
}

/// "Certificate number: the check character should be X, not 1."
pub fn field_error(lang: Lang, error: &FieldError) -> String {
    let problem = match &error.problem {
        Problem::Required => tr!(lang, "problem.required"),
        Problem::TooLong { max, found } => tr!(lang, "problem.too_long", max = max, found = found),
        Problem::ControlCharacter { position } => {
            tr!(lang, "problem.control_character", position = position)
        }
        Problem::Certificate { error } => certificate_problem(lang, error),
        Problem::Mobile { error } => match error {
            MobileError::Empty => tr!(lang, "problem.required"),
            MobileError::Length { found } => tr!(lang, "problem.mobile_length", found = found),
            MobileError::NotDigits => tr!(lang, "problem.mobile_digits"),
            MobileError::Prefix => tr!(lang, "problem.mobile_prefix"),
        },
        Problem::UnknownDistrict => tr!(lang, "problem.unknown_district"),
        Problem::NotANumber => tr!(lang, "problem.not_a_number"),
        Problem::OutOfRange { min, max } => tr!(lang, "problem.out_of_range", min = min, max = max),
        Problem::DateOrder => tr!(lang, "problem.date_order"),
        Problem::HeldByAnother => tr!(lang, "problem.held_by_another"),
        Problem::StackedMarks { position } => {
            tr!(lang, "problem.stacked_marks", position = position)
        }
    };
    tr!(
        lang,
        "problem.field",
        field = lang.field(error.field),
        problem = problem
    )
}

fn certificate_problem(lang: Lang, error: &CertificateError) -> String {
    match error {
        CertificateError::Empty => tr!(lang, "problem.required"),
        CertificateError::Length { found } => tr!(lang, "problem.cert_length", found = found),
        CertificateError::InvalidCharacter { position, found } => {
            tr!(
                lang,
                "problem.cert_character",
                position = position,
                found = found
            )
        }
        CertificateError::Region { code } => tr!(lang, "problem.cert_region", code = code),
        CertificateError::BirthDate { date } => tr!(lang, "problem.cert_birth_date", date = date),
        CertificateError::CheckCharacter { expected, found } => {
            tr!(
                lang,
                "problem.cert_check",
                expected = expected,
                found = found
            )
        }
        CertificateError::Category { found } => tr!(lang, "problem.cert_category", found = found),
        CertificateError::Level { found } => tr!(lang, "problem.cert_level", found = found),
        CertificateError::ReissueSuffix { suffix } => {
            tr!(lang, "problem.cert_suffix", suffix = suffix)
        }
    }
}

/// A key as the reader would say it: "Ctrl+R", "Down arrow", "下箭头".
pub fn key_label(lang: Lang, key: KeyPress) -> String {
    let mut out = String::new();
    for (on, name) in [
        (key.ctrl, "key.ctrl"),
        (key.alt, "key.alt"),
        (key.shift, "key.shift"),
    ] {
        if on {
            out.push_str(lang.get(name));
        }
    }
    let name = match key.key {
        Key::Char(' ') => lang.get("key.space").to_string(),
        Key::Char(c) if key.ctrl || key.alt => c.to_ascii_uppercase().to_string(),
        Key::Char(c) => c.to_string(),
        Key::F(n) => format!("F{n}"),
        other => lang
            .get(&format!("key.{}", KeyPress::plain(other).key_name()))
            .to_string(),
    };
    out.push_str(&name);
    out
}

/// Yes or no, in words.
pub fn yes_no(lang: Lang, value: bool) -> String {
    lang.get(if value { "common.yes" } else { "common.no" })
        .to_string()
}

/// `Label: value` lines to read, each marked with its label so a long
/// value is split behind it. [`with_positions`] numbers them.
pub fn numbered(lang: Lang, lines: Vec<(String, String)>) -> Vec<crate::ui::view::Item> {
    lines
        .into_iter()
        .map(|(label, value)| {
            let line = tr!(lang, "common.label_value", label = label, value = value);
            let lead = tr!(lang, "common.label_value", label = label, value = "");
            let value_start = lead.chars().count();
            crate::ui::view::Item::new(crate::ui::view::ItemKind::Text, line)
                .labelled(label, value_start)
        })
        .collect()
}

/// Puts "3 of 15: " in front of every line of a screen, the lines to act
/// on at the end included: "15 of 15: Apply for this job" says it is there
/// and the first line's "1 of 15" counts it.
pub fn with_positions(lang: Lang, items: Vec<crate::ui::view::Item>) -> Vec<crate::ui::view::Item> {
    let total = items.len().to_string();
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let text = position(lang, i + 1, &total, &item.text);
            let shift = text.chars().count() - item.text.chars().count();
            crate::ui::view::Item {
                label: item.label.map(|l| crate::ui::view::Label {
                    value_start: l.value_start + shift,
                    ..l
                }),
                caret: item.caret.map(|c| c + shift),
                text,
                ..item
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_names_the_counselor_and_the_person() {
        use crate::domain::ApplicationStatus;
        let at = chrono::DateTime::from_timestamp(1_780_000_000, 0).expect("a time");
        let entry = |by| StatusChange {
            status: ApplicationStatus::Submitted,
            at,
            by,
            note: String::new(),
            named: None,
        };
        let history = [entry(Actor::Counselor(3)), entry(Actor::Jobseeker(7))];
        let mut names = HistoryNames::default();
        assert_eq!(names.unknown_counselors(&history), vec![3]);
        names.counselors.insert(3, "Li Na".into());
        assert!(names.unknown_counselors(&history).is_empty());
        let status = |s: ApplicationStatus| Lang::En.application_status(s);
        // The person reads "your counselor Li Na".
        let own = history_lines_named(Lang::En, &history, status, Some(7), &names);
        assert!(own[0].1.ends_with("by your counselor Li Na"), "{own:?}");
        assert!(own[1].1.ends_with("by you"), "{own:?}");
        // Their counselor reads both names.
        names.person = Some((7, "Wang Fang".into()));
        let theirs = history_lines_named(Lang::En, &history, status, None, &names);
        assert!(
            theirs[0].1.ends_with("by counselor Li Na for Wang Fang"),
            "{theirs:?}"
        );
        assert!(theirs[1].1.ends_with("by Wang Fang"), "{theirs:?}");
        let zh = history_lines_named(
            Lang::ZhCn,
            &history,
            |s| Lang::ZhCn.application_status(s),
            None,
            &names,
        );
        assert!(
            zh[0].1.ends_with("就业辅导员Li Na代Wang Fang办理"),
            "{zh:?}"
        );
        // Without a name, as before.
        let plain = history_lines(Lang::En, &history, status, Some(7));
        assert!(plain[0].1.ends_with("by your counselor"), "{plain:?}");
    }

    #[test]
    fn positions_come_off_for_linear_mode() {
        for lang in [Lang::En, Lang::ZhCn] {
            for total in ["12", "1000", &count_text(lang, 1000, true)] {
                let line = position(lang, 3, total, "Shinan, 3 of 4 rooms");
                assert_eq!(without_position(lang, &line), "Shinan, 3 of 4 rooms");
            }
            // Lines without a position stay whole.
            for text in ["Next page, page 2 of 2", "", "3 of", "第2页"] {
                assert_eq!(without_position(lang, text), text);
            }
        }
    }
}
