//! Profiles, counselors and the service log.

use super::*;

pub(super) const PROFILE_COLUMNS: &str =
    "id, name, mobile, certificate, district, education, braille_reader,
    formats, desired_work, needs, consent_at, massage_level, practice_certificate,
    visual_component_confirmed, certificate_valid_until, counselor_id, employed, plan";

pub(super) fn profile_from_row(r: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: r.get(0)?,
        name: r.get(1)?,
        mobile: r.get(2)?,
        certificate: r.get(3)?,
        district: get_opt_district(r, 4)?,
        education: get_opt_named(r, 5, Education::parse)?,
        braille_reader: r.get(6)?,
        formats: get_formats(r, 7)?,
        desired_work: r.get(8)?,
        needs: r.get(9)?,
        consent_at: get_opt_time(r, 10)?,
        massage_level: get_opt_named(r, 11, MassageLevel::parse)?,
        practice_certificate: r.get(12)?,
        visual_component_confirmed: r.get(13)?,
        certificate_valid_until: get_opt_date(r, 14)?,
        counselor_id: r.get(15)?,
        employed: r.get(16)?,
        plan: r.get(17)?,
    })
}

pub(super) fn load_profile(conn: &Connection, id: Id) -> StoreResult<Profile> {
    conn.query_row(
        &format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = ?1"),
        [id],
        profile_from_row,
    )
    .map_err(not_found(Entity::Profile, id))
}

/// Saves a profile inside a transaction; id 0 creates one.
pub(super) fn save_profile_in(
    tx: &Transaction<'_>,
    profile: Profile,
    today: NaiveDate,
) -> StoreResult<Profile> {
    let p = validate::profile(profile, today).map_err(StoreError::invalid)?;
    let values = params![
        p.name,
        p.mobile,
        p.certificate,
        p.district.map(District::code),
        p.education.map(|e| e.as_str()),
        p.braille_reader,
        formats_text(&p.formats),
        p.desired_work,
        p.needs,
        p.consent_at.map(time_text),
        p.massage_level.map(|l| l.as_str()),
        p.practice_certificate,
        p.visual_component_confirmed,
        p.certificate_valid_until.map(date_text),
        p.counselor_id,
        p.employed,
        p.plan,
    ];
    let id = if p.id == 0 {
        tx.execute(
            &format!(
                "INSERT INTO profiles ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                    ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                PROFILE_COLUMNS.trim_start_matches("id,")
            ),
            values,
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('current_profile', ?1)
             ON CONFLICT (key) DO NOTHING",
            [id.to_string()],
        )?;
        id
    } else {
        let changed = tx.execute(
            "UPDATE profiles SET name = ?1, mobile = ?2, certificate = ?3, district = ?4,
                education = ?5, braille_reader = ?6, formats = ?7, desired_work = ?8,
                needs = ?9, consent_at = ?10, massage_level = ?11, practice_certificate = ?12,
                visual_component_confirmed = ?13, certificate_valid_until = ?14,
                counselor_id = ?15, employed = ?16, plan = ?17
             WHERE id = ?18",
            rusqlite::params_from_iter(
                values
                    .iter()
                    .copied()
                    .chain([&p.id as &dyn rusqlite::ToSql]),
            ),
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: Entity::Profile,
                id: p.id,
            });
        }
        p.id
    };
    load_profile(tx, id)
}

/// Adds a service log entry inside a transaction.
pub(super) fn add_service_log_in(
    tx: &Transaction<'_>,
    by: Actor,
    profile_id: Id,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<ServiceLogEntry> {
    let Actor::Counselor(counselor_id) = by else {
        return Err(StoreError::Forbidden);
    };
    let note = crate::domain::text::required(note, validate::limits::LONG, true)
        .map_err(|e| StoreError::invalid(vec![FieldError::from_text(Field::Note, e)]))?;
    tx.execute(
        "INSERT INTO service_log (profile_id, counselor_id, at, note) VALUES (?1, ?2, ?3, ?4)",
        params![profile_id, counselor_id, time_text(now), note],
    )?;
    Ok(ServiceLogEntry {
        id: tx.last_insert_rowid(),
        profile_id,
        counselor_id,
        at: now,
        note,
    })
}

pub(super) fn profile(store: &SqliteStore, id: Id) -> StoreResult<Profile> {
    load_profile(&store.lock(), id)
}

pub(super) fn save_profile(
    store: &SqliteStore,
    _by: Actor,
    profile: Profile,
) -> StoreResult<Profile> {
    let today = store.today();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let saved = save_profile_in(&tx, profile, today)?;
    tx.commit()?;
    Ok(saved)
}

pub(super) fn caseload(
    store: &SqliteStore,
    counselor_id: Id,
    text: &str,
) -> StoreResult<Vec<ProfileSummary>> {
    let text = validate::search(text).map_err(|e| StoreError::invalid(vec![e]))?;
    let conn = store.lock();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.name, p.district, p.employed,
            (SELECT COUNT(*) FROM applications a WHERE a.profile_id = p.id
                AND a.status IN {open})
         FROM profiles p WHERE p.counselor_id = ?1 AND (?2 = '' OR p.name LIKE ?3 ESCAPE '\\')
         ORDER BY p.name, p.id",
        open = *OPEN_APPLICATION
    ))?;
    let rows = stmt.query_map(
        params![counselor_id, text, format!("%{}%", escape_like(&text))],
        |r| {
            Ok(ProfileSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                district: get_opt_district(r, 2)?,
                employed: r.get(3)?,
                open_applications: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn counselor(store: &SqliteStore, id: Id) -> StoreResult<Counselor> {
    store
        .lock()
        .query_row(
            "SELECT id, name, center, district FROM counselors WHERE id = ?1",
            [id],
            |r| {
                Ok(Counselor {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    center: r.get(2)?,
                    district: get_district(r, 3)?,
                })
            },
        )
        .map_err(not_found(Entity::Counselor, id))
}

pub(super) fn service_log(
    store: &SqliteStore,
    profile_id: Id,
) -> StoreResult<Vec<ServiceLogEntry>> {
    let conn = store.lock();
    let mut stmt = conn.prepare_cached(
        "SELECT id, profile_id, counselor_id, at, note FROM service_log
         WHERE profile_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([profile_id], |r| {
        Ok(ServiceLogEntry {
            id: r.get(0)?,
            profile_id: r.get(1)?,
            counselor_id: r.get(2)?,
            at: get_time(r, 3)?,
            note: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn add_service_log(
    store: &SqliteStore,
    by: Actor,
    profile_id: Id,
    note: &str,
) -> StoreResult<ServiceLogEntry> {
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction()?;
    let entry = add_service_log_in(&tx, by, profile_id, note, now)?;
    tx.commit()?;
    Ok(entry)
}
