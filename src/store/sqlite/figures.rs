//! Figures, the ledger and the yearly targets: SQL aggregates over the
//! casework tables and the profile columns kept for them. The definitions
//! (working age, placed, cleared, reached) are the domain's; this file
//! only counts.

use super::*;
use crate::domain::casework::{
    self, AbilityResult, DistrictFigures, FigureScope, Figures, LedgerRow, Retention, Sex, Target,
    TargetKind,
};
use crate::domain::{DisabilityCategory, Problem};
use chrono::Months;
use rusqlite::types::Value;
use std::collections::BTreeMap;

/// Years a figure or target may be asked for.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The largest target that can be set.
pub(crate) const MAX_TARGET: u64 = 10_000_000;

/// Who is in a scope, as SQL over `profiles p` and as a test of a
/// profile-id column of another table. The City needs no condition, so
/// its counts read the other tables without a join.
struct Scope {
    /// A condition on `profiles p`.
    people: &'static str,
    /// `{col}` is replaced by the column holding a profile id.
    of: &'static str,
    value: Option<Value>,
}

impl Scope {
    fn new(scope: &FigureScope) -> Self {
        match scope {
            FigureScope::Counselor(id) => Scope {
                people: "p.counselor_id = :scope",
                of: "{col} IN (SELECT id FROM profiles WHERE counselor_id = :scope)",
                value: Some(Value::Integer(*id)),
            },
            FigureScope::Center(name) => Scope {
                people: "p.counselor_id IN (SELECT id FROM counselors WHERE center = :scope)",
                of: "{col} IN (SELECT id FROM profiles WHERE counselor_id IN
                        (SELECT id FROM counselors WHERE center = :scope))",
                value: Some(Value::Text(name.clone())),
            },
            FigureScope::City => Scope {
                people: "1",
                of: "1",
                value: None,
            },
        }
    }

    /// Households with someone in the scope: found from the scope's
    /// people (a few dozen for a counselor), or for the city from each
    /// household's members by their index.
    fn households(&self) -> String {
        match self.value {
            None => "EXISTS (SELECT 1 FROM profiles p WHERE p.household_id = h.id)".into(),
            Some(_) => format!(
                "h.id IN (SELECT p.household_id FROM profiles p WHERE {} AND p.household_id IS NOT NULL)",
                self.people
            ),
        }
    }

    /// A date range on placements: for the city over their start index;
    /// for fewer people not (`+`), so the people lead and their
    /// placements are found by person.
    fn started(&self) -> &'static str {
        match self.value {
            None => "pl.started_on",
            Some(_) => "+pl.started_on",
        }
    }

    fn of(&self, col: &str) -> String {
        self.of.replace("{col}", col)
    }

    /// The named parameters a statement uses: the scope's (when it has
    /// one) and those given.
    fn params<'a>(&'a self, more: &[(&'a str, &'a dyn rusqlite::ToSql)]) -> Params<'a> {
        let mut all: Params<'a> = more.to_vec();
        if let Some(v) = &self.value {
            all.push((":scope", v as &dyn rusqlite::ToSql));
        }
        all
    }
}

type Params<'a> = Vec<(&'a str, &'a dyn rusqlite::ToSql)>;

/// Whether someone logged in at this desk may read these figures; a file
/// nobody has logged in to is its owner's.
fn check_session(store: &SqliteStore, conn: &Connection, scope: &FigureScope) -> StoreResult<()> {
    let Some(actor) = *store.session.lock().unwrap_or_else(|e| e.into_inner()) else {
        return Ok(());
    };
    let own_center = own_center(conn, actor)?;
    if casework::may_read_figures(actor, scope, own_center.as_deref()) {
        Ok(())
    } else {
        Err(StoreError::Forbidden)
    }
}

/// The center of a counselor (the only actors who have one).
pub(super) fn own_center(conn: &Connection, actor: Actor) -> StoreResult<Option<String>> {
    let Actor::Counselor(id) = actor else {
        return Ok(None);
    };
    Ok(conn
        .query_row("SELECT center FROM counselors WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The day figures of `year` are counted on: today, or the last day of a
/// year gone by.
fn as_of(year: i32, today: NaiveDate) -> StoreResult<(NaiveDate, NaiveDate)> {
    let bad = || {
        StoreError::invalid(vec![FieldError::new(
            Field::Dates,
            Problem::OutOfRange {
                min: i64::from(*YEARS.start()),
                max: i64::from(*YEARS.end()),
            },
        )])
    };
    if !YEARS.contains(&year) {
        return Err(bad());
    }
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?;
    Ok((first, today.min(last)))
}

pub(super) fn figures(store: &SqliteStore, scope: &FigureScope, year: i32) -> StoreResult<Figures> {
    let today = store.today();
    let conn = store.lock();
    check_session(store, &conn, scope)?;
    figures_in(&conn, scope, year, today)
}

fn figures_in(
    conn: &Connection,
    scope: &FigureScope,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Figures> {
    let (first, as_of) = as_of(year, today)?;
    let s = Scope::new(scope);
    let year_start = date_text(first);
    let as_of_text = date_text(as_of);
    let next_year = format!("{:04}-01-01", year + 1);
    let year_end = format!("{year:04}-12-31");

    // People: one pass over the index made for it, grouped by district.
    // Working age is a birth-date range for each sex (the domain's), on
    // the day counted; birth date and sex come from the certificate
    // number, so only certificate holders have them.
    let (m0, m1) = casework::working_age_births(Sex::Male, as_of);
    let (f0, f1) = casework::working_age_births(Sex::Female, as_of);
    let (m0, m1, f0, f1) = (date_text(m0), date_text(m1), date_text(f0), date_text(f1));
    let (male, female) = (Sex::Male.as_str(), Sex::Female.as_str());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT district, COUNT(*), TOTAL(wa), TOTAL(wa AND employed), TOTAL(difficulty)
         FROM (SELECT p.district, p.employed, p.difficulty,
                 (p.sex = :male AND p.birth_date BETWEEN :m0 AND :m1)
                     OR (p.sex = :female AND p.birth_date BETWEEN :f0 AND :f1) AS wa
               FROM profiles p WHERE {})
         GROUP BY district ORDER BY district",
        s.people
    ))?;
    let people = stmt.query_map(
        &*s.params(&[
            (":male", &male),
            (":female", &female),
            (":m0", &m0),
            (":m1", &m1),
            (":f0", &f0),
            (":f1", &f1),
        ]),
        |r| {
            Ok((
                get_opt_district(r, 0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, f64>(2)? as u64,
                r.get::<_, f64>(3)? as u64,
                r.get::<_, f64>(4)? as u64,
            ))
        },
    )?;
    let mut f = Figures {
        scope: scope.clone(),
        year,
        as_of,
        caseload: 0,
        working_age: 0,
        working_age_employed: 0,
        unemployed_working_age: 0,
        needs_registered: 0,
        assessed: 0,
        difficulty_recognised: 0,
        placements_recorded: 0,
        placed: 0,
        retention_3: Retention::default(),
        retention_6: Retention::default(),
        training_registrations: 0,
        training_completions: 0,
        zero_employment_households: 0,
        households_cleared: 0,
        by_district: Vec::new(),
        by_kind: Vec::new(),
        targets: Vec::new(),
    };
    let mut districts: BTreeMap<u32, DistrictFigures> = BTreeMap::new();
    for row in people {
        let (district, caseload, working_age, employed, difficulty) = row?;
        f.caseload += caseload;
        f.working_age += working_age;
        f.working_age_employed += employed;
        f.difficulty_recognised += difficulty;
        if let Some(d) = district {
            districts.insert(
                d.code(),
                DistrictFigures {
                    district: d,
                    caseload,
                    unemployed_working_age: working_age.saturating_sub(employed),
                    placements: 0,
                },
            );
        }
    }
    drop(stmt);
    f.unemployed_working_age = f.working_age.saturating_sub(f.working_age_employed);

    f.needs_registered = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM needs n WHERE {}",
            s.of("n.profile_id")
        ),
        &s.params(&[]),
    )?;
    f.assessed = count(
        conn,
        &format!(
            "SELECT COUNT(DISTINCT a.profile_id) FROM assessments a WHERE {}",
            s.of("a.profile_id")
        ),
        &s.params(&[]),
    )?;

    // Placements starting in the year, by kind and district; placed when
    // the 3-month follow-up confirmed work.
    let placed_after = i64::from(casework::PLACED_AFTER_MONTHS);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT pl.kind, p.district, COUNT(*),
             TOTAL(EXISTS (SELECT 1 FROM follow_ups f WHERE f.placement_id = pl.id
                 AND f.months = :placed_after AND f.done_on IS NOT NULL AND f.still_working = 1))
         FROM placements pl JOIN profiles p ON p.id = pl.profile_id
         WHERE {} BETWEEN :year_start AND :year_end AND {}
         GROUP BY pl.kind, p.district",
        s.started(),
        s.people
    ))?;
    let placements = stmt.query_map(
        &*s.params(&[
            (":placed_after", &placed_after),
            (":year_start", &year_start),
            (":year_end", &year_end),
        ]),
        |r| {
            Ok((
                get_named(r, 0, WorkKind::parse)?,
                get_opt_district(r, 1)?,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, f64>(3)? as u64,
            ))
        },
    )?;
    let mut kinds: BTreeMap<&'static str, (WorkKind, u64)> = BTreeMap::new();
    for row in placements {
        let (kind, district, recorded, placed) = row?;
        f.placements_recorded += recorded;
        f.placed += placed;
        kinds.entry(kind.as_str()).or_insert((kind, 0)).1 += recorded;
        if let Some(d) = district {
            districts
                .entry(d.code())
                .or_insert(DistrictFigures {
                    district: d,
                    caseload: 0,
                    unemployed_working_age: 0,
                    placements: 0,
                })
                .placements += recorded;
        }
    }
    drop(stmt);
    f.by_district = districts.into_values().collect();
    f.by_kind = kinds.into_values().collect();
    // Most first; equal counts in the kinds' own order.
    f.by_kind.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            let pos = |k: WorkKind| WorkKind::ALL.iter().position(|x| *x == k);
            pos(a.0).cmp(&pos(b.0))
        })
    });

    // Retention: the 3- and 6-month follow-ups due in the year by the day
    // counted, and those done confirming work. Their placements started
    // at most six months (and a day for short months) before the year.
    let earliest_start = first
        .checked_sub_months(Months::new(7))
        .map(date_text)
        .unwrap_or_else(|| year_start.clone());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.months, COUNT(*), TOTAL(f.done_on IS NOT NULL AND f.still_working = 1)
         FROM placements pl JOIN follow_ups f ON f.placement_id = pl.id
         WHERE {} BETWEEN :earliest AND :as_of AND f.months IN (3, 6)
             AND f.due_on BETWEEN :year_start AND :as_of AND {}
         GROUP BY f.months",
        s.started(),
        s.of("pl.profile_id")
    ))?;
    let rows = stmt.query_map(
        &*s.params(&[
            (":earliest", &earliest_start),
            (":as_of", &as_of_text),
            (":year_start", &year_start),
        ]),
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Retention {
                    due: r.get::<_, i64>(1)? as u64,
                    confirmed: r.get::<_, f64>(2)? as u64,
                },
            ))
        },
    )?;
    for row in rows {
        match row? {
            (3, r) => f.retention_3 = r,
            (6, r) => f.retention_6 = r,
            _ => {}
        }
    }
    drop(stmt);

    // Training: registrations made in the year (an enrollment's first
    // history entry), and courses completed in it.
    f.training_registrations = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM enrollments e
             WHERE {} AND (SELECT MIN(h.at) FROM enrollment_history h
                 WHERE h.enrollment_id = e.id) >= :year_start
             AND (SELECT MIN(h.at) FROM enrollment_history h
                 WHERE h.enrollment_id = e.id) < :next_year",
            s.of("e.profile_id")
        ),
        &s.params(&[(":year_start", &year_start), (":next_year", &next_year)]),
    )?;
    let completed = EnrollmentStatus::Completed.as_str();
    f.training_completions = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM enrollments e
             WHERE e.status = :completed AND {} AND EXISTS (SELECT 1 FROM enrollment_history h
                 WHERE h.enrollment_id = e.id AND h.status = :completed
                 AND h.at >= :year_start AND h.at < :next_year)",
            s.of("e.profile_id")
        ),
        &s.params(&[
            (":completed", &completed),
            (":year_start", &year_start),
            (":next_year", &next_year),
        ]),
    )?;

    // Zero-employment households with someone in the scope; cleared when
    // someone in them works (casework::household_cleared).
    let (registered, cleared) = conn.query_row(
        &format!(
            "SELECT COUNT(*), TOTAL(h.others_in_work > 0 OR EXISTS (SELECT 1 FROM profiles m
                 WHERE m.household_id = h.id AND m.employed = 1))
             FROM households h WHERE h.zero_employment = 1 AND {}",
            s.households()
        ),
        &*s.params(&[]),
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, f64>(1)? as u64)),
    )?;
    f.zero_employment_households = registered;
    f.households_cleared = cleared;

    let mut stmt =
        conn.prepare_cached("SELECT kind, value FROM targets WHERE year = ?1 ORDER BY kind")?;
    let targets = stmt.query_map([year], |r| {
        Ok(Target {
            kind: get_named(r, 0, TargetKind::parse)?,
            year,
            value: r.get::<_, i64>(1)?.max(0) as u64,
        })
    })?;
    let targets: Vec<Target> = targets.collect::<rusqlite::Result<_>>()?;
    f.targets = targets
        .into_iter()
        .map(|t| {
            let reached = f.reached(t.kind);
            (t, reached)
        })
        .collect();
    Ok(f)
}

fn count(conn: &Connection, sql: &str, params: &Params<'_>) -> StoreResult<u64> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(&**params, |r| r.get::<_, i64>(0))?
        .max(0) as u64)
}

pub(super) fn ledger(store: &SqliteStore, scope: &FigureScope) -> StoreResult<Vec<LedgerRow>> {
    let conn = store.lock();
    check_session(store, &conn, scope)?;
    let s = Scope::new(scope);
    // The latest placement and its follow-ups; the latest assessment.
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.name, p.certificate, p.district, p.category, p.level, p.employed,
             p.seeking, COALESCE(c.name, ''),
             EXISTS (SELECT 1 FROM needs n WHERE n.profile_id = p.id),
             (SELECT a.result FROM assessments a WHERE a.profile_id = p.id
                 ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),
             p.difficulty, p.plan, p.next_due_on, p.last_contact_on,
             pl.employer, pl.started_on,
             (SELECT f.still_working FROM follow_ups f WHERE f.placement_id = pl.id
                 AND f.months = 3 AND f.done_on IS NOT NULL),
             (SELECT f.still_working FROM follow_ups f WHERE f.placement_id = pl.id
                 AND f.months = 6 AND f.done_on IS NOT NULL)
         FROM profiles p
         LEFT JOIN counselors c ON c.id = p.counselor_id
         LEFT JOIN placements pl ON pl.id = (SELECT x.id FROM placements x
             WHERE x.profile_id = p.id ORDER BY x.started_on DESC, x.id DESC LIMIT 1)
         WHERE {}
         ORDER BY p.name, p.id",
        s.people
    ))?;
    let rows = stmt.query_map(&*s.params(&[]), |r| {
        let category: Option<u8> = r.get(4)?;
        Ok(LedgerRow {
            id: r.get(0)?,
            name: r.get(1)?,
            certificate: r.get(2)?,
            district: get_opt_district(r, 3)?,
            category: category.and_then(DisabilityCategory::from_digit),
            level: r.get(5)?,
            status: casework::case_status(r.get(6)?, r.get(7)?),
            counselor: r.get(8)?,
            needs_registered: r.get(9)?,
            assessment: get_opt_named(r, 10, AbilityResult::parse)?,
            difficulty: r.get(11)?,
            goal: r.get(12)?,
            next_due: get_opt_date(r, 13)?,
            last_contact: get_opt_date(r, 14)?,
            placed_with: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
            placed_on: get_opt_date(r, 16)?,
            retained_3: r.get(17)?,
            retained_6: r.get(18)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn set_target(store: &SqliteStore, by: Actor, target: &Target) -> StoreResult<()> {
    // Staff and administrators; jobdesk itself for the owner of a local
    // file (the command line without a login). A server never passes
    // System: its actor comes from the session.
    if !(by.sees_everyone() || by == Actor::System) {
        return Err(StoreError::Forbidden);
    }
    let mut errors = Vec::new();
    if !YEARS.contains(&target.year) {
        errors.push(FieldError::new(
            Field::Dates,
            Problem::OutOfRange {
                min: i64::from(*YEARS.start()),
                max: i64::from(*YEARS.end()),
            },
        ));
    }
    if target.value > MAX_TARGET {
        errors.push(FieldError::new(
            Field::Openings,
            Problem::OutOfRange {
                min: 0,
                max: MAX_TARGET as i64,
            },
        ));
    }
    if !errors.is_empty() {
        return Err(StoreError::invalid(errors));
    }
    let now = store.now();
    // Not in the audit log: it is about people, and a target is nobody's
    // record; the row itself says who set it and when.
    store.lock().execute(
        "INSERT INTO targets (kind, year, value, by, at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, year) DO UPDATE SET value = excluded.value, by = excluded.by,
             at = excluded.at",
        params![
            target.kind.as_str(),
            target.year,
            target.value as i64,
            by.to_code(),
            time_text(now)
        ],
    )?;
    Ok(())
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
