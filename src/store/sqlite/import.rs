//! Imports: every record of a file written in one transaction, or none.
//! A record whose external id the store already has is updated, and left
//! alone when nothing in it changed, so importing a file twice is harmless.

use std::collections::HashSet;

use super::jobs::job_search_body;
use super::*;
use crate::store::import::{
    ImportBatch, ImportCounts, ImportJob, ImportOutcome, ImportPerson, Imported, LineError,
    LineProblem,
};

impl SqliteStore {
    /// Checks and writes a batch; on a dry run, or when any line is bad,
    /// the transaction is rolled back and nothing is written.
    pub fn import_batch(
        &self,
        by: Actor,
        batch: &ImportBatch,
        dry_run: bool,
    ) -> StoreResult<ImportOutcome> {
        let today = self.today();
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut counts = ImportCounts::default();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        let mut first_time = |line: usize, id: &str, errors: &mut Vec<LineError>| {
            if id.is_empty() || seen.insert(id.to_string()) {
                return true;
            }
            errors.push(LineError {
                line,
                column: "external_id".into(),
                problem: LineProblem::DuplicateId { value: id.into() },
            });
            false
        };
        match batch {
            ImportBatch::Employers(rows) => {
                for row in rows {
                    if first_time(row.line, &row.external_id, &mut errors) {
                        write_employer(&tx, row, &mut counts)?;
                    }
                }
            }
            ImportBatch::Jobs(rows) => {
                for row in rows {
                    if !first_time(row.line, &row.external_id, &mut errors) {
                        continue;
                    }
                    match find_employer(&tx, &row.record.employer)? {
                        Some(employer_id) => write_job(&tx, row, employer_id, today, &mut counts)?,
                        None => errors.push(LineError {
                            line: row.line,
                            column: "employer".into(),
                            problem: LineProblem::UnknownEmployer {
                                value: row.record.employer.clone(),
                            },
                        }),
                    }
                }
            }
            ImportBatch::Courses(rows) => {
                for row in rows {
                    if first_time(row.line, &row.external_id, &mut errors) {
                        write_course(&tx, row, &mut counts)?;
                    }
                }
            }
            ImportBatch::People(rows) => {
                // An import never makes anyone the local file's owner.
                let had_owner = owner_set(&tx)?;
                for row in rows {
                    if first_time(row.line, &row.external_id, &mut errors) {
                        write_person(&tx, row, (by, today, now), &mut counts, &mut errors)?;
                    }
                }
                if !had_owner {
                    tx.execute("DELETE FROM settings WHERE key = 'current_profile'", [])?;
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Ok(Err(errors));
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok(Ok(counts))
    }
}

fn external(id: &str) -> Option<&str> {
    (!id.is_empty()).then_some(id)
}

fn existing(tx: &Transaction<'_>, table: &str, external_id: &str) -> StoreResult<Option<Id>> {
    if external_id.is_empty() {
        return Ok(None);
    }
    Ok(tx
        .prepare_cached(&format!("SELECT id FROM {table} WHERE external_id = ?1"))?
        .query_row([external_id], |r| r.get(0))
        .optional()?)
}

/// An employer by external id, else by name (the oldest of that name).
fn find_employer(tx: &Transaction<'_>, key: &str) -> StoreResult<Option<Id>> {
    let key = key.trim();
    if let Some(id) = existing(tx, "employers", key)? {
        return Ok(Some(id));
    }
    Ok(tx
        .prepare_cached("SELECT min(id) FROM employers WHERE name = ?1")?
        .query_row([key], |r| r.get::<_, Option<Id>>(0))?)
}

fn write_employer(
    tx: &Transaction<'_>,
    row: &Imported<Employer>,
    counts: &mut ImportCounts,
) -> StoreResult<()> {
    let e = &row.record;
    match existing(tx, "employers", &row.external_id)? {
        Some(id) => {
            let changed = tx
                .prepare_cached(
                    "UPDATE employers SET name = ?2, district = ?3, medical_institution = ?4,
                        contact = ?5
                     WHERE id = ?1 AND (name IS NOT ?2 OR district IS NOT ?3
                        OR medical_institution IS NOT ?4 OR contact IS NOT ?5)",
                )?
                .execute(params![
                    id,
                    e.name,
                    e.district.code(),
                    e.medical_institution,
                    e.contact
                ])?;
            bump(counts, changed > 0);
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO employers (name, district, medical_institution, contact, external_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                e.name,
                e.district.code(),
                e.medical_institution,
                e.contact,
                external(&row.external_id)
            ])?;
            counts.added += 1;
        }
    }
    Ok(())
}

fn bump(counts: &mut ImportCounts, changed: bool) {
    if changed {
        counts.updated += 1;
    } else {
        counts.unchanged += 1;
    }
}

fn write_job(
    tx: &Transaction<'_>,
    row: &Imported<ImportJob>,
    employer_id: Id,
    today: NaiveDate,
    counts: &mut ImportCounts,
) -> StoreResult<()> {
    let mut job = row.record.job.clone();
    job.employer_id = employer_id;
    let Some(id) = existing(tx, "jobs", &row.external_id)? else {
        if !row.record.posted_on_given {
            job.posted_on = today;
        }
        let id = super::jobs::insert_job(tx, &job)?;
        tx.prepare_cached("UPDATE jobs SET external_id = ?2 WHERE id = ?1")?
            .execute(params![id, external(&row.external_id)])?;
        counts.added += 1;
        return Ok(());
    };
    if !row.record.posted_on_given {
        let posted: String = tx
            .prepare_cached("SELECT posted_on FROM jobs WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        if let Ok(d) = NaiveDate::parse_from_str(&posted, "%Y-%m-%d") {
            job.posted_on = d;
        }
    }
    let changed = tx
        .prepare_cached(
            "UPDATE jobs SET employer_id = ?2, title = ?3, kind = ?4, district = ?5,
                salary_min = ?6, salary_max = ?7, openings = ?8, suits_visual = ?9, remote = ?10,
                requires_practice_certificate = ?11, posted_on = ?12, closes_on = ?13
             WHERE id = ?1 AND (employer_id IS NOT ?2 OR title IS NOT ?3 OR kind IS NOT ?4
                OR district IS NOT ?5 OR salary_min IS NOT ?6 OR salary_max IS NOT ?7
                OR openings IS NOT ?8 OR suits_visual IS NOT ?9 OR remote IS NOT ?10
                OR requires_practice_certificate IS NOT ?11 OR posted_on IS NOT ?12
                OR closes_on IS NOT ?13)",
        )?
        .execute(params![
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
        ])?
        + tx.prepare_cached(
            "UPDATE job_texts SET address = ?2, description = ?3, accommodations = ?4,
                how_to_apply = ?5
             WHERE job_id = ?1 AND (address IS NOT ?2 OR description IS NOT ?3
                OR accommodations IS NOT ?4 OR how_to_apply IS NOT ?5)",
        )?
        .execute(params![
            id,
            job.address,
            job.description,
            job.accommodations,
            job.how_to_apply
        ])?;
    if changed > 0 {
        // The search text follows the posting.
        for index in [search::JOBS.trigram, search::JOBS.words] {
            tx.prepare_cached(&format!("DELETE FROM {index} WHERE rowid = ?1"))?
                .execute([id])?;
        }
        let body = job_search_body(tx, &job)?;
        index_text(tx, search::JOBS, id, &body)?;
    }
    bump(counts, changed > 0);
    Ok(())
}

/// A course as a file gives it, from what the store holds.
fn as_new_course(c: Course) -> NewCourse {
    NewCourse {
        title: c.title,
        track: c.track,
        level: c.level,
        provider: c.provider,
        district: c.district,
        address: c.address,
        directions: c.directions,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        enroll_by: c.enroll_by,
        hours: c.hours,
        fee_yuan: c.fee_yuan,
        subsidy: c.subsidy,
        capacity: c.capacity,
        formats: c.formats,
        assessment: c.assessment,
        leads_to: c.leads_to,
        requires_previous_level: c.requires_previous_level,
        min_age: c.min_age,
        max_age: c.max_age,
        min_education: c.min_education,
        description: c.description,
    }
}

fn write_course(
    tx: &Transaction<'_>,
    row: &Imported<NewCourse>,
    counts: &mut ImportCounts,
) -> StoreResult<()> {
    let c = &row.record;
    let Some(id) = existing(tx, "courses", &row.external_id)? else {
        let id = super::training::insert_course(tx, c)?;
        tx.prepare_cached("UPDATE courses SET external_id = ?2 WHERE id = ?1")?
            .execute(params![id, external(&row.external_id)])?;
        counts.added += 1;
        return Ok(());
    };
    let held = as_new_course(super::training::load_course(tx, id)?);
    if held == *c {
        counts.unchanged += 1;
        return Ok(());
    }
    super::training::update_course(tx, id, c)?;
    counts.updated += 1;
    Ok(())
}

fn owner_set(tx: &Transaction<'_>) -> StoreResult<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM settings WHERE key = 'current_profile'")?
        .exists([])?)
}

/// A counselor by name (the oldest of that name).
fn find_counselor(tx: &Transaction<'_>, name: &str) -> StoreResult<Option<Id>> {
    Ok(tx
        .prepare_cached("SELECT min(id) FROM counselors WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get::<_, Option<Id>>(0))?)
}

/// The fields of a profile a file gives (its id and plan are the store's).
fn same_person(a: &Profile, b: &Profile) -> bool {
    let day = |p: &Profile| p.consent_at.map(|t| t.date_naive());
    Profile {
        id: 0,
        plan: String::new(),
        consent_at: None,
        ..a.clone()
    } == Profile {
        id: 0,
        plan: String::new(),
        consent_at: None,
        ..b.clone()
    } && day(a) == day(b)
}

fn write_person(
    tx: &Transaction<'_>,
    row: &Imported<ImportPerson>,
    (by, today, now): (Actor, NaiveDate, DateTime<Utc>),
    counts: &mut ImportCounts,
    errors: &mut Vec<LineError>,
) -> StoreResult<()> {
    let mut person = row.record.profile.clone();
    let name = row.record.counselor.trim();
    if !name.is_empty() {
        match find_counselor(tx, name)? {
            Some(id) => person.counselor_id = Some(id),
            None => {
                errors.push(LineError {
                    line: row.line,
                    column: "counselor".into(),
                    problem: LineProblem::UnknownCounselor { value: name.into() },
                });
                return Ok(());
            }
        }
    }
    let held = match existing(tx, "profiles", &row.external_id)? {
        Some(id) => Some(super::people::load_profile(tx, id)?),
        None => None,
    };
    // A certificate number belongs to one person (it is their keypad login).
    if !person.certificate.is_empty() {
        let other: Option<Id> = tx
            .prepare_cached("SELECT id FROM profiles WHERE certificate = ?1 AND id IS NOT ?2")?
            .query_row(
                params![person.certificate, held.as_ref().map(|p| p.id)],
                |r| r.get(0),
            )
            .optional()?;
        if other.is_some() {
            errors.push(LineError {
                line: row.line,
                column: "certificate".into(),
                problem: LineProblem::Field {
                    error: FieldError::new(
                        Field::Certificate,
                        crate::domain::Problem::HeldByAnother,
                    ),
                },
            });
            return Ok(());
        }
    }
    match held {
        Some(old) => {
            if same_person(&old, &person) {
                counts.unchanged += 1;
                return Ok(());
            }
            person.id = old.id;
            person.plan = old.plan;
            if person.consent_at.map(|t| t.date_naive()) == old.consent_at.map(|t| t.date_naive()) {
                person.consent_at = old.consent_at;
            }
            let saved = super::people::save_profile_in(tx, person, today)?;
            super::casework::audit_in(tx, by, saved.id, "import", now)?;
            counts.updated += 1;
        }
        None => {
            let saved = super::people::save_profile_in(tx, person, today)?;
            tx.prepare_cached("UPDATE profiles SET external_id = ?2 WHERE id = ?1")?
                .execute(params![saved.id, external(&row.external_id)])?;
            super::casework::audit_in(tx, by, saved.id, "import", now)?;
            counts.added += 1;
        }
    }
    Ok(())
}
