//! The staff desk: employers, editing, closing and reopening postings,
//! editing and cancelling courses, and rosters. The rules are in
//! `domain::staff`; each change here is one transaction, and every
//! application or enrollment it ends gets a dated history entry.

use super::casework::audit_in;
use super::jobs::{job_search_body, load_job};
use super::people::load_profile;
use super::requests::{done_request, remember_request};
use super::training::{load_course, load_enrollment, update_course};
use super::*;
use crate::domain::Problem;
use crate::domain::staff::{
    self, CourseCancel, CourseCancelled, EmployerRecord, EmployerSave, PostingChange,
    PostingChanged, Roster, RosterEntry, RosterMarkRequest,
};

/// Only staff and administrators (and the system, for tools) keep
/// employers, postings, courses and rosters.
fn check_staff(by: Actor) -> StoreResult<()> {
    if by == Actor::System || by.sees_everyone() {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

const EMPLOYER_COLUMNS: &str =
    "id, name, district, medical_institution, contact_person, contact, address, accessibility";

fn employer_from_row(r: &Row<'_>) -> rusqlite::Result<EmployerRecord> {
    Ok(EmployerRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        district: get_district(r, 2)?,
        medical_institution: r.get(3)?,
        contact_person: r.get(4)?,
        phone: r.get(5)?,
        address: r.get(6)?,
        accessibility: r.get(7)?,
    })
}

fn load_employer(conn: &Connection, id: Id) -> StoreResult<EmployerRecord> {
    conn.query_row(
        &format!("SELECT {EMPLOYER_COLUMNS} FROM employers WHERE id = ?1"),
        [id],
        employer_from_row,
    )
    .map_err(not_found(Entity::Employer, id))
}

pub(super) fn employer_records(store: &SqliteStore, by: Actor) -> StoreResult<Vec<EmployerRecord>> {
    check_staff(by)?;
    let conn = store.lock();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EMPLOYER_COLUMNS} FROM employers ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([], employer_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn save_employer(
    store: &SqliteStore,
    save: &EmployerSave,
) -> StoreResult<EmployerRecord> {
    check_staff(save.by)?;
    let e = staff::employer(save.record.clone()).map_err(StoreError::invalid)?;
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A retried add answers the employer it added.
    let earlier: Option<(String, Id)> = tx
        .query_row(
            "SELECT kind, target_id FROM done_requests WHERE request_id = ?1",
            [&save.request_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match earlier {
        Some((kind, id)) if kind == "employer" && (e.id == 0 || e.id == id) => {
            drop(tx);
            return load_employer(&conn, id);
        }
        Some(_) => return Err(StoreError::RequestIdReused),
        None => {}
    }
    let id = if e.id == 0 {
        tx.execute(
            "INSERT INTO employers (name, district, medical_institution, contact_person, contact,
                address, accessibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                e.name,
                e.district.code(),
                e.medical_institution,
                e.contact_person,
                e.phone,
                e.address,
                e.accessibility
            ],
        )?;
        tx.last_insert_rowid()
    } else {
        let changed = tx.execute(
            "UPDATE employers SET name = ?2, district = ?3, medical_institution = ?4,
                contact_person = ?5, contact = ?6, address = ?7, accessibility = ?8
             WHERE id = ?1",
            params![
                e.id,
                e.name,
                e.district.code(),
                e.medical_institution,
                e.contact_person,
                e.phone,
                e.address,
                e.accessibility
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: Entity::Employer,
                id: e.id,
            });
        }
        // Jobs are found by their employer's name: their search text follows.
        let jobs: Vec<Id> = tx
            .prepare_cached("SELECT id FROM jobs WHERE employer_id = ?1")?
            .query_map([e.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for job in jobs {
            reindex_job(&tx, job)?;
        }
        e.id
    };
    remember_request(&tx, &save.request_id, "employer", id)?;
    let saved = load_employer(&tx, id)?;
    tx.commit()?;
    Ok(saved)
}

/// Writes a job's search text again from what it holds now.
fn reindex_job(tx: &Transaction<'_>, id: Id) -> StoreResult<()> {
    let job = load_job(tx, id)?;
    let new = NewJob {
        employer_id: job.employer_id,
        title: job.title,
        kind: job.kind,
        district: job.district,
        address: job.address,
        description: job.description,
        salary_min: job.salary_min,
        salary_max: job.salary_max,
        openings: job.openings,
        suits_visual: job.suits_visual,
        remote: job.remote,
        requires_practice_certificate: job.requires_practice_certificate,
        accommodations: job.accommodations,
        how_to_apply: job.how_to_apply,
        posted_on: job.posted_on,
        closes_on: job.closes_on,
    };
    for index in [search::JOBS.trigram, search::JOBS.words] {
        tx.prepare_cached(&format!("DELETE FROM {index} WHERE rowid = ?1"))?
            .execute([id])?;
    }
    let body = job_search_body(tx, &new)?;
    index_text(tx, search::JOBS, id, &body)
}

pub(super) fn edit_job(store: &SqliteStore, by: Actor, id: Id, job: NewJob) -> StoreResult<Job> {
    check_staff(by)?;
    let job = validate::new_job(job).map_err(StoreError::invalid)?;
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    load_job(&tx, id)?;
    let employer_known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM employers WHERE id = ?1)",
        [job.employer_id],
        |r| r.get(0),
    )?;
    if !employer_known {
        return Err(StoreError::NotFound {
            what: Entity::Employer,
            id: job.employer_id,
        });
    }
    tx.execute(
        "UPDATE jobs SET employer_id = ?2, title = ?3, kind = ?4, district = ?5,
            salary_min = ?6, salary_max = ?7, openings = ?8, suits_visual = ?9, remote = ?10,
            requires_practice_certificate = ?11, posted_on = ?12, closes_on = ?13
         WHERE id = ?1",
        params![
            id,
            job.employer_id,
            job.title,
            job.kind.as_str(),
            job.district.code(),
            job.salary_min,
            job.salary_max,
            job.openings,
            job.suits_visual,
            job.remote,
            job.requires_practice_certificate,
            date_text(job.posted_on),
            date_text(job.closes_on),
        ],
    )?;
    tx.execute(
        "UPDATE job_texts SET address = ?2, description = ?3, accommodations = ?4,
            how_to_apply = ?5 WHERE job_id = ?1",
        params![
            id,
            job.address,
            job.description,
            job.accommodations,
            job.how_to_apply
        ],
    )?;
    reindex_job(&tx, id)?;
    let saved = load_job(&tx, id)?;
    tx.commit()?;
    Ok(saved)
}

pub(super) fn change_posting(
    store: &SqliteStore,
    change: &PostingChange,
) -> StoreResult<PostingChanged> {
    check_staff(change.by)?;
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if done_request(&tx, &change.request_id, "posting", change.job_id)? {
        drop(tx);
        return Ok(PostingChanged {
            job: load_job(&conn, change.job_id)?,
            ended: Vec::new(),
        });
    }
    let job = load_job(&tx, change.job_id)?;
    staff::change_posting(job.status, change.to)?;
    tx.execute(
        "UPDATE jobs SET status = ?2 WHERE id = ?1",
        params![change.job_id, change.to.as_str()],
    )?;
    let mut ended = Vec::new();
    if change.to == PostingStatus::Closed {
        let open: Vec<(Id, String)> = tx
            .prepare_cached(&format!(
                "SELECT id, status FROM applications WHERE job_id = ?1 AND status IN {}
                 ORDER BY id",
                *OPEN_APPLICATION
            ))?
            .query_map([change.job_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, status) in open {
            let ends = ApplicationStatus::parse(&status).is_some_and(staff::closing_ends);
            if !ends {
                continue;
            }
            let to = ApplicationStatus::PostingClosed;
            tx.execute(
                "UPDATE applications SET status = ?2 WHERE id = ?1",
                params![id, to.as_str()],
            )?;
            record_history(
                &tx,
                APPLICATION_HISTORY,
                id,
                to.as_str(),
                now,
                change.by,
                staff::POSTING_CLOSED_NOTE,
            )?;
            ended.push(id);
        }
    }
    remember_request(&tx, &change.request_id, "posting", change.job_id)?;
    let job = load_job(&tx, change.job_id)?;
    tx.commit()?;
    Ok(PostingChanged { job, ended })
}

pub(super) fn edit_course(
    store: &SqliteStore,
    by: Actor,
    id: Id,
    course: NewCourse,
) -> StoreResult<Course> {
    check_staff(by)?;
    let c = validate::new_course(course).map_err(StoreError::invalid)?;
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = load_course(&tx, id)?;
    // Fewer seats than people holding one would push someone out.
    if c.capacity < before.seats_taken {
        return Err(StoreError::invalid(vec![FieldError::new(
            Field::Capacity,
            Problem::OutOfRange {
                min: i64::from(before.seats_taken),
                max: 10_000,
            },
        )]));
    }
    update_course(&tx, id, &c)?;
    // More seats: those waiting move up into them, first come first served.
    let after = load_course(&tx, id)?;
    let free = after.capacity.saturating_sub(after.seats_taken);
    if free > 0 && after.cancelled_on.is_none() {
        let waiting: Vec<Id> = tx
            .prepare_cached(&format!(
                "SELECT id FROM enrollments WHERE course_id = ?1 AND status = {}
                 ORDER BY id LIMIT ?2",
                *WAITLISTED
            ))?
            .query_map(params![id, free], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let now = store.now();
        for enrollment in waiting {
            let p = rules::promotion(enrollment);
            tx.execute(
                "UPDATE enrollments SET status = ?2 WHERE id = ?1",
                params![enrollment, p.to.as_str()],
            )?;
            record_history(
                &tx,
                ENROLLMENT_HISTORY,
                enrollment,
                p.to.as_str(),
                now,
                p.by,
                p.note,
            )?;
        }
    }
    let saved = load_course(&tx, id)?;
    tx.commit()?;
    Ok(saved)
}

pub(super) fn cancel_course(
    store: &SqliteStore,
    cancel: &CourseCancel,
) -> StoreResult<CourseCancelled> {
    check_staff(cancel.by)?;
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if done_request(&tx, &cancel.request_id, "course_cancel", cancel.course_id)? {
        drop(tx);
        return Ok(CourseCancelled {
            course: load_course(&conn, cancel.course_id)?,
            ended: Vec::new(),
        });
    }
    let course = load_course(&tx, cancel.course_id)?;
    staff::cancel_course(&course)?;
    tx.execute(
        "UPDATE courses SET cancelled_on = ?2 WHERE id = ?1",
        params![cancel.course_id, date_text(now.date_naive())],
    )?;
    let open: Vec<(Id, String)> = tx
        .prepare_cached(&format!(
            "SELECT id, status FROM enrollments WHERE course_id = ?1 AND status IN {}
             ORDER BY id",
            *OPEN_ENROLLMENT
        ))?
        .query_map([cancel.course_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut ended = Vec::new();
    for (id, status) in open {
        if !EnrollmentStatus::parse(&status).is_some_and(staff::cancelling_ends) {
            continue;
        }
        let to = EnrollmentStatus::Cancelled;
        tx.execute(
            "UPDATE enrollments SET status = ?2 WHERE id = ?1",
            params![id, to.as_str()],
        )?;
        record_history(
            &tx,
            ENROLLMENT_HISTORY,
            id,
            to.as_str(),
            now,
            cancel.by,
            staff::COURSE_CANCELLED_NOTE,
        )?;
        ended.push(id);
    }
    remember_request(&tx, &cancel.request_id, "course_cancel", cancel.course_id)?;
    let course = load_course(&tx, cancel.course_id)?;
    tx.commit()?;
    Ok(CourseCancelled { course, ended })
}

pub(super) fn roster(store: &SqliteStore, by: Actor, course_id: Id) -> StoreResult<Roster> {
    check_staff(by)?;
    let conn = store.lock();
    let course = load_course(&conn, course_id)?;
    let statuses = sql_list(
        EnrollmentStatus::holding_seats().chain([EnrollmentStatus::Waitlisted]),
        EnrollmentStatus::as_str,
    );
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT n.id, n.profile_id, p.name, n.status,
            EXISTS (SELECT 1 FROM enrollment_history h WHERE h.enrollment_id = n.id
                AND h.note = ?2)
         FROM enrollments n JOIN profiles p ON p.id = n.profile_id
         WHERE n.course_id = ?1 AND n.status IN {statuses}
         ORDER BY n.status = {w}, n.id",
        w = *WAITLISTED
    ))?;
    let rows = stmt.query_map(params![course_id, staff::EXAM_PASSED_NOTE], |r| {
        Ok(RosterEntry {
            enrollment_id: r.get(0)?,
            profile_id: r.get(1)?,
            name: r.get(2)?,
            status: get_named(r, 3, EnrollmentStatus::parse)?,
            waitlist_position: None,
            exam_passed: r.get(4)?,
        })
    })?;
    let mut entries: Vec<RosterEntry> = rows.collect::<rusqlite::Result<_>>()?;
    let mut position = 0;
    for e in &mut entries {
        if e.status == EnrollmentStatus::Waitlisted {
            position += 1;
            e.waitlist_position = Some(position);
        }
    }
    Ok(Roster { course, entries })
}

pub(super) fn mark_roster(
    store: &SqliteStore,
    request: &RosterMarkRequest,
) -> StoreResult<Enrollment> {
    check_staff(request.by)?;
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if done_request(&tx, &request.request_id, "roster", request.enrollment_id)? {
        drop(tx);
        return load_enrollment(&conn, request.enrollment_id);
    }
    let current = load_enrollment(&tx, request.enrollment_id)?;
    let course = load_course(&tx, current.course_id)?;
    let mut profile = load_profile(&tx, current.profile_id)?;
    let outcome = staff::mark(&course, current.status, request.mark, &profile)?;
    tx.execute(
        "UPDATE enrollments SET status = ?2 WHERE id = ?1",
        params![request.enrollment_id, outcome.status.as_str()],
    )?;
    record_history(
        &tx,
        ENROLLMENT_HISTORY,
        request.enrollment_id,
        outcome.status.as_str(),
        now,
        request.by,
        outcome.note,
    )?;
    if let Some(q) = outcome.qualification {
        q.apply(&mut profile);
        tx.execute(
            "UPDATE profiles SET massage_level = ?2, practice_certificate = ?3 WHERE id = ?1",
            params![
                profile.id,
                profile.massage_level.map(|l| l.as_str()),
                profile.practice_certificate
            ],
        )?;
        audit_in(&tx, request.by, profile.id, &q.audit_action(course.id), now)?;
    }
    remember_request(&tx, &request.request_id, "roster", request.enrollment_id)?;
    tx.commit()?;
    load_enrollment(&conn, request.enrollment_id)
}
