//! Jobs and employers.

use super::*;

pub(super) const JOB_COLUMNS: &str =
    "j.id, j.employer_id, e.name, j.title, j.kind, j.district, x.address,
    x.description, j.salary_min, j.salary_max, j.openings, j.suits_visual, j.remote,
    j.requires_practice_certificate, x.accommodations, x.how_to_apply, j.posted_on, j.closes_on,
    j.status";

pub(super) fn job_from_row(r: &Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        employer_id: r.get(1)?,
        employer_name: r.get(2)?,
        title: r.get(3)?,
        kind: get_named(r, 4, WorkKind::parse)?,
        district: get_district(r, 5)?,
        address: r.get(6)?,
        description: r.get(7)?,
        salary_min: r.get(8)?,
        salary_max: r.get(9)?,
        openings: r.get(10)?,
        suits_visual: r.get(11)?,
        remote: r.get(12)?,
        requires_practice_certificate: r.get(13)?,
        accommodations: r.get(14)?,
        how_to_apply: r.get(15)?,
        posted_on: get_date(r, 16)?,
        closes_on: get_date(r, 17)?,
        status: get_named(r, 18, crate::domain::PostingStatus::parse)?,
    })
}

pub(super) const JOB_SUMMARY_COLUMNS: &str =
    "j.id, j.title, e.name, j.kind, j.district, j.salary_min, j.salary_max, j.remote, j.closes_on";

pub(super) fn job_summary_from_row(r: &Row<'_>) -> rusqlite::Result<JobSummary> {
    Ok(JobSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        employer_name: r.get(2)?,
        kind: get_named(r, 3, WorkKind::parse)?,
        district: get_district(r, 4)?,
        salary_min: r.get(5)?,
        salary_max: r.get(6)?,
        remote: r.get(7)?,
        closes_on: get_date(r, 8)?,
    })
}

/// The words the search index holds for a job besides its own text: the
/// kind and district in both languages.
pub(super) fn job_search_body(tx: &Transaction<'_>, job: &NewJob) -> StoreResult<String> {
    let employer: String = tx
        .query_row(
            "SELECT name FROM employers WHERE id = ?1",
            [job.employer_id],
            |r| r.get(0),
        )
        .map_err(not_found(Entity::Employer, job.employer_id))?;
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}\n{} {} {}",
        job.title,
        employer,
        job.description,
        crate::i18n::work_kind_words(job.kind),
        job.address,
        job.district.name_zh(),
        job.district.name_en(),
        if job.remote {
            crate::i18n::REMOTE_WORDS
        } else {
            ""
        },
    ))
}

pub(super) fn insert_job(tx: &Transaction<'_>, job: &NewJob) -> StoreResult<Id> {
    let body = job_search_body(tx, job)?;
    tx.prepare_cached(
        "INSERT INTO jobs (employer_id, title, kind, district, salary_min, salary_max, openings,
            suits_visual, remote, requires_practice_certificate, posted_on, closes_on, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
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
        PostingStatus::Open.as_str(),
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO job_texts (job_id, address, description, accommodations, how_to_apply)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        job.address,
        job.description,
        job.accommodations,
        job.how_to_apply
    ])?;
    index_text(tx, search::JOBS, id, &body)?;
    Ok(id)
}

pub(super) const JOB_LISTING: Listing = Listing {
    table: "jobs j",
    id: "j.id",
    joins: "JOIN employers e ON e.id = j.employer_id",
    columns: JOB_SUMMARY_COLUMNS,
    index: search::JOBS,
    order: None,
};

pub(super) fn job_filter(query: &JobQuery, today: NaiveDate) -> StoreResult<Filter> {
    let text = validate::search(&query.text).map_err(|e| StoreError::invalid(vec![e]))?;
    let mut f = Filter {
        text: search::parse(&text),
        ..Filter::default()
    };
    f.any_of("j.district", query.districts.iter().map(|d| d.code()));
    f.any_of("j.kind", query.kinds.iter().map(|k| k.as_str().to_string()));
    if query.suits_visual {
        f.push("j.suits_visual = 1");
    }
    if query.remote_only {
        f.push("j.remote = 1");
    }
    if let Some(salary) = query.salary_from {
        let p = f.param(salary);
        f.push(format!("j.salary_max >= {p}"));
    }
    if let Some(days) = query.posted_within_days {
        // Bounded, so no date arithmetic can overflow.
        let since = today - chrono::Duration::days(i64::from(days.min(36_500)));
        let p = f.param(date_text(since));
        f.push(format!("j.posted_on >= {p}"));
    }
    if !query.include_closed {
        // A literal, not a parameter, so the planner can use the index.
        let p = f.param(date_text(today));
        f.push(format!(
            "j.status = '{}' AND j.closes_on >= {p}",
            PostingStatus::Open.as_str()
        ));
    }
    Ok(f)
}

pub(super) fn load_job(conn: &Connection, id: Id) -> StoreResult<Job> {
    conn.query_row(
        &format!(
            "SELECT {JOB_COLUMNS} FROM jobs j JOIN employers e ON e.id = j.employer_id
             JOIN job_texts x ON x.job_id = j.id WHERE j.id = ?1"
        ),
        [id],
        job_from_row,
    )
    .map_err(not_found(Entity::Job, id))
}

/// Posts a job inside a transaction.
pub(super) fn post_job_in(tx: &Transaction<'_>, job: NewJob) -> StoreResult<Job> {
    let job = validate::new_job(job).map_err(StoreError::invalid)?;
    let id = insert_job(tx, &job)?;
    load_job(tx, id)
}

pub(super) fn search_jobs(store: &SqliteStore, query: &JobQuery) -> StoreResult<Page<JobSummary>> {
    let f = job_filter(query, store.today())?;
    paged(
        &store.lock(),
        &JOB_LISTING,
        f,
        query.page,
        query.page_size,
        job_summary_from_row,
    )
}

pub(super) fn job(store: &SqliteStore, id: Id) -> StoreResult<Job> {
    load_job(&store.lock(), id)
}

pub(super) fn post_job(store: &SqliteStore, _by: Actor, job: NewJob) -> StoreResult<Job> {
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let job = post_job_in(&tx, job)?;
    tx.commit()?;
    Ok(job)
}

pub(super) fn employers(store: &SqliteStore) -> StoreResult<Vec<Employer>> {
    let conn = store.lock();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, district, medical_institution, contact FROM employers ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Employer {
            id: r.get(0)?,
            name: r.get(1)?,
            district: get_district(r, 2)?,
            medical_institution: r.get(3)?,
            contact: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
