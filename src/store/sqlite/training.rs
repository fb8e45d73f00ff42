//! Courses and enrollments: registering, the waitlist and promotion.

use super::*;
use super::{casework::check_acting_for, people::*, requests::*};

pub(super) static COURSE_LISTING: LazyLock<Listing> = LazyLock::new(|| Listing {
    table: "courses c",
    id: "c.id",
    joins: "",
    columns: COURSE_COLUMNS.as_str(),
    index: search::COURSES,
    order: Some("c.starts_on, c.id"),
});

pub(super) static COURSE_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "c.id, c.title, c.track, c.level, c.provider, c.district, c.address,
    c.directions, c.starts_on, c.ends_on, c.enroll_by, c.hours, c.fee_yuan, c.subsidy, c.capacity,
    c.formats, c.assessment, c.leads_to, c.requires_previous_level, c.min_age, c.max_age,
    c.min_education, c.description,
    (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id
        AND n.status IN {holding}),
    (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id AND n.status = {waitlisted}),
    c.cancelled_on",
        holding = *HOLDING_SEAT,
        waitlisted = *WAITLISTED,
    )
});

pub(super) fn course_from_row(r: &Row<'_>) -> rusqlite::Result<Course> {
    Ok(Course {
        id: r.get(0)?,
        title: r.get(1)?,
        track: get_named(r, 2, Track::parse)?,
        level: get_opt_named(r, 3, MassageLevel::parse)?,
        provider: r.get(4)?,
        district: get_district(r, 5)?,
        address: r.get(6)?,
        directions: r.get(7)?,
        starts_on: get_date(r, 8)?,
        ends_on: get_date(r, 9)?,
        enroll_by: get_date(r, 10)?,
        hours: r.get(11)?,
        fee_yuan: r.get(12)?,
        subsidy: r.get(13)?,
        capacity: r.get(14)?,
        formats: get_formats(r, 15)?,
        assessment: r.get(16)?,
        leads_to: r.get(17)?,
        requires_previous_level: r.get(18)?,
        min_age: r.get(19)?,
        max_age: r.get(20)?,
        min_education: get_opt_named(r, 21, Education::parse)?,
        description: r.get(22)?,
        seats_taken: r.get(23)?,
        waiting: r.get(24)?,
        cancelled_on: get_opt_date(r, 25)?,
    })
}

pub(super) fn load_course(conn: &Connection, id: Id) -> StoreResult<Course> {
    conn.query_row(
        &format!("SELECT {} FROM courses c WHERE c.id = ?1", *COURSE_COLUMNS),
        [id],
        course_from_row,
    )
    .map_err(not_found(Entity::Course, id))
}

pub(super) fn load_enrollment(conn: &Connection, id: Id) -> StoreResult<Enrollment> {
    let mut enrollment = conn
        .query_row(
            &format!(
                "SELECT n.id, n.course_id, c.title, n.profile_id, n.status,
                CASE WHEN n.status = {w} THEN
                    (SELECT COUNT(*) FROM enrollments w WHERE w.course_id = n.course_id
                        AND w.status = {w} AND w.id <= n.id)
                END
             FROM enrollments n JOIN courses c ON c.id = n.course_id WHERE n.id = ?1",
                w = *WAITLISTED
            ),
            [id],
            |r| {
                Ok(Enrollment {
                    id: r.get(0)?,
                    course_id: r.get(1)?,
                    course_title: r.get(2)?,
                    profile_id: r.get(3)?,
                    status: get_named(r, 4, EnrollmentStatus::parse)?,
                    waitlist_position: r.get(5)?,
                    history: Vec::new(),
                })
            },
        )
        .map_err(not_found(Entity::Enrollment, id))?;
    enrollment.history = load_history(conn, ENROLLMENT_HISTORY, id, EnrollmentStatus::parse)?;
    Ok(enrollment)
}

pub(super) fn insert_course(tx: &Transaction<'_>, c: &NewCourse) -> StoreResult<Id> {
    tx.execute(
        "INSERT INTO courses (title, track, level, provider, district, address, directions,
            starts_on, ends_on, enroll_by, hours, fee_yuan, subsidy, capacity, formats, assessment,
            leads_to, requires_previous_level, min_age, max_age, min_education, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22)",
        params![
            c.title,
            c.track.as_str(),
            c.level.map(|l| l.as_str()),
            c.provider,
            c.district.code(),
            c.address,
            c.directions,
            date_text(c.starts_on),
            date_text(c.ends_on),
            date_text(c.enroll_by),
            c.hours,
            c.fee_yuan,
            c.subsidy,
            c.capacity,
            formats_text(&c.formats),
            c.assessment,
            c.leads_to,
            c.requires_previous_level,
            c.min_age,
            c.max_age,
            c.min_education.map(|e| e.as_str()),
            c.description,
        ],
    )?;
    let id = tx.last_insert_rowid();
    index_text(tx, search::COURSES, id, &course_search_body(c))?;
    Ok(id)
}

/// Writes a course's new details over course `id` and indexes its text
/// again (an edit at the staff desk, an import that changed it).
pub(super) fn update_course(tx: &Transaction<'_>, id: Id, c: &NewCourse) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE courses SET title = ?2, track = ?3, level = ?4, provider = ?5, district = ?6,
            address = ?7, directions = ?8, starts_on = ?9, ends_on = ?10, enroll_by = ?11,
            hours = ?12, fee_yuan = ?13, subsidy = ?14, capacity = ?15, formats = ?16,
            assessment = ?17, leads_to = ?18, requires_previous_level = ?19, min_age = ?20,
            max_age = ?21, min_education = ?22, description = ?23
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        c.title,
        c.track.as_str(),
        c.level.map(|l| l.as_str()),
        c.provider,
        c.district.code(),
        c.address,
        c.directions,
        date_text(c.starts_on),
        date_text(c.ends_on),
        date_text(c.enroll_by),
        c.hours,
        c.fee_yuan,
        c.subsidy,
        c.capacity,
        formats_text(&c.formats),
        c.assessment,
        c.leads_to,
        c.requires_previous_level,
        c.min_age,
        c.max_age,
        c.min_education.map(|e| e.as_str()),
        c.description,
    ])?;
    for index in [search::COURSES.trigram, search::COURSES.words] {
        tx.prepare_cached(&format!("DELETE FROM {index} WHERE rowid = ?1"))?
            .execute([id])?;
    }
    index_text(tx, search::COURSES, id, &course_search_body(c))
}

/// The text the search index holds for a course.
pub(super) fn course_search_body(c: &NewCourse) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{} {}\n{}",
        c.title,
        c.provider,
        c.description,
        crate::i18n::track_words(c.track),
        c.district.name_zh(),
        c.district.name_en(),
        c.leads_to
    )
}

/// Posts a course inside a transaction.
pub(super) fn post_course_in(tx: &Transaction<'_>, course: NewCourse) -> StoreResult<Course> {
    let course = validate::new_course(course).map_err(StoreError::invalid)?;
    let id = insert_course(tx, &course)?;
    load_course(tx, id)
}

pub(super) fn search_courses(
    store: &SqliteStore,
    query: &CourseQuery,
) -> StoreResult<Page<Course>> {
    let text = validate::search(&query.text).map_err(|e| StoreError::invalid(vec![e]))?;
    let today = store.today();
    let mut f = Filter {
        text: search::parse(&text),
        ..Filter::default()
    };
    f.any_of(
        "c.track",
        query.tracks.iter().map(|t| t.as_str().to_string()),
    );
    f.any_of("c.district", query.districts.iter().map(|d| d.code()));
    if let Some(days) = query.starts_within_days {
        let until = today + chrono::Duration::days(i64::from(days.min(36_500)));
        let p = f.param(date_text(until));
        f.push(format!("c.starts_on <= {p}"));
    }
    if !query.include_started {
        let p = f.param(date_text(today));
        f.push(format!("c.starts_on > {p}"));
    }
    if !query.include_cancelled {
        f.push("c.cancelled_on IS NULL");
    }
    for format in &query.formats {
        let p = f.param(format!("%{}%", format.as_str()));
        f.push(format!("c.formats LIKE {p}"));
    }
    if query.free_seats_only {
        f.push(format!(
            "c.capacity > (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id
                AND n.status IN {})",
            *HOLDING_SEAT
        ));
    }
    paged(
        &store.lock(),
        &COURSE_LISTING,
        f,
        query.page,
        query.page_size,
        course_from_row,
    )
}

pub(super) fn course(store: &SqliteStore, id: Id) -> StoreResult<Course> {
    load_course(&store.lock(), id)
}

pub(super) fn post_course(
    store: &SqliteStore,
    _by: Actor,
    course: NewCourse,
) -> StoreResult<Course> {
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let course = post_course_in(&tx, course)?;
    tx.commit()?;
    Ok(course)
}

pub(super) fn register(store: &SqliteStore, request: &RegisterRequest) -> StoreResult<Enrollment> {
    let now = store.now();
    let today = now.date_naive();
    let mut conn = store.lock();
    // IMMEDIATE takes the write lock before counting seats, so no other
    // desk can take the last seat between our count and our insert.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(id) = earlier_request(
        &tx,
        "enrollments",
        "course_id",
        &request.request_id,
        (request.course_id, request.profile_id),
    )? {
        drop(tx);
        return load_enrollment(&conn, id);
    }
    // On someone's behalf: their counselor, with their agreement.
    check_acting_for(&tx, request.by, request.profile_id)?;
    let course = load_course(&tx, request.course_id)?;
    let profile = match load_profile(&tx, request.profile_id) {
        Ok(p) => Some(p),
        Err(StoreError::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let open: Option<String> = tx
        .query_row(
            &format!(
                "SELECT status FROM enrollments WHERE course_id = ?1 AND profile_id = ?2
                 AND status IN {}",
                *OPEN_ENROLLMENT
            ),
            [request.course_id, request.profile_id],
            |r| r.get(0),
        )
        .optional()?;
    let status = rules::register(&RegisterFacts {
        course: &course,
        profile_id: request.profile_id,
        profile: profile.as_ref(),
        open_registration: open
            .map(|s| EnrollmentStatus::parse(&s).unwrap_or(EnrollmentStatus::Registered)),
        today,
    })?;
    tx.execute(
        "INSERT INTO enrollments (course_id, profile_id, status, request_id) VALUES (?1, ?2, ?3, ?4)",
        params![request.course_id, request.profile_id, status.as_str(), request.request_id],
    )?;
    let id = tx.last_insert_rowid();
    record_history(
        &tx,
        ENROLLMENT_HISTORY,
        id,
        status.as_str(),
        now,
        request.by,
        "",
    )?;
    tx.commit()?;
    load_enrollment(&conn, id)
}

pub(super) fn enrollments(store: &SqliteStore, profile_id: Id) -> StoreResult<Vec<Enrollment>> {
    let conn = store.lock();
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM enrollments WHERE profile_id = ?1 ORDER BY id DESC")?
        .query_map([profile_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| load_enrollment(&conn, id))
        .collect()
}

pub(super) fn enrollment(store: &SqliteStore, id: Id) -> StoreResult<Enrollment> {
    load_enrollment(&store.lock(), id)
}

pub(super) fn change_enrollment(
    store: &SqliteStore,
    change: &EnrollmentChange,
) -> StoreResult<Enrollment> {
    let note = validate::note(&change.note).map_err(|e| StoreError::invalid(vec![e]))?;
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if done_request(&tx, &change.request_id, "enrollment", change.enrollment_id)? {
        drop(tx);
        return load_enrollment(&conn, change.enrollment_id);
    }
    let current = load_enrollment(&tx, change.enrollment_id)?;
    let course = load_course(&tx, current.course_id)?;
    let first_waiting: Option<Id> = tx
        .query_row(
            &format!(
                "SELECT id FROM enrollments WHERE course_id = ?1 AND status = {}
                 ORDER BY id LIMIT 1",
                *WAITLISTED
            ),
            [current.course_id],
            |r| r.get(0),
        )
        .optional()?;
    let outcome = rules::change_enrollment(&EnrollmentChangeFacts {
        current: current.status,
        to: change.to,
        seats_taken: course.seats_taken,
        capacity: course.capacity,
        first_waiting,
    })?;
    tx.execute(
        "UPDATE enrollments SET status = ?1 WHERE id = ?2",
        params![outcome.status.as_str(), change.enrollment_id],
    )?;
    record_history(
        &tx,
        ENROLLMENT_HISTORY,
        change.enrollment_id,
        outcome.status.as_str(),
        now,
        change.by,
        &note,
    )?;
    if let Some(promotion) = outcome.promotion {
        tx.execute(
            "UPDATE enrollments SET status = ?1 WHERE id = ?2",
            params![promotion.to.as_str(), promotion.enrollment_id],
        )?;
        record_history(
            &tx,
            ENROLLMENT_HISTORY,
            promotion.enrollment_id,
            promotion.to.as_str(),
            now,
            promotion.by,
            promotion.note,
        )?;
    }
    remember_request(&tx, &change.request_id, "enrollment", change.enrollment_id)?;
    tx.commit()?;
    load_enrollment(&conn, change.enrollment_id)
}
