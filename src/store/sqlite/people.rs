//! Profiles and counselors.

use super::*;
use crate::domain::casework;
use crate::domain::certificate::CertificateNumber;

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
    write_derived_columns(tx, id, &p.mobile, &p.certificate, today)?;
    load_profile(tx, id)
}

/// The birth date, sex, disability category and level a certificate
/// number gives, kept as columns for the caseload filters and the figures
/// (NULL without a readable certificate), and the numbers reversed for
/// finding them by their ending.
pub(super) fn write_derived_columns(
    tx: &Connection,
    id: Id,
    mobile: &str,
    certificate: &str,
    today: NaiveDate,
) -> StoreResult<()> {
    let number = if certificate.is_empty() {
        None
    } else {
        CertificateNumber::parse(certificate, today).ok()
    };
    let (birth, sex, category, level) = match &number {
        Some(n) => (
            Some(date_text(n.birth_date())),
            Some(casework::sex_of(n).as_str()),
            Some(n.category().digit()),
            Some(n.level().get()),
        ),
        None => (None, None, None, None),
    };
    tx.prepare_cached(
        "UPDATE profiles SET birth_date = ?1, sex = ?2, category = ?3, level = ?4,
            mobile_rev = ?5, certificate_rev = ?6 WHERE id = ?7",
    )?
    .execute(params![
        birth,
        sex,
        category,
        level,
        reversed(mobile),
        reversed(certificate),
        id
    ])?;
    Ok(())
}

/// A number written backwards (uppercase), for searching by its ending.
pub(super) fn reversed(number: &str) -> String {
    number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .rev()
        .collect::<String>()
        .to_uppercase()
}

/// Fills the derived columns of every profile (after migration 5, for
/// profiles written before it).
pub(super) fn backfill_derived_columns(tx: &Connection, today: NaiveDate) -> StoreResult<()> {
    let rows: Vec<(Id, String, String)> = tx
        .prepare("SELECT id, mobile, certificate FROM profiles")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, mobile, certificate) in rows {
        write_derived_columns(tx, id, &mobile, &certificate, today)?;
    }
    Ok(())
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
