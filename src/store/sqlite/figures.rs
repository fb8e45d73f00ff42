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
use chrono::Datelike;
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
    #[cfg_attr(not(test), allow(dead_code))]
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

    #[cfg(test)]
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

    #[cfg(test)]
    /// A date range on placements: for the city over their start index;
    /// for fewer people not (`+`), so the people lead and their
    /// placements are found by person.
    fn started(&self) -> &'static str {
        match self.value {
            None => "pl.started_on",
            Some(_) => "+pl.started_on",
        }
    }

    #[cfg(test)]
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

/// Who a scope's counts are under: the tallies' `who` column.
struct Tallied {
    who: &'static str,
    households: String,
}

impl Tallied {
    fn new(scope: &FigureScope) -> Self {
        match scope {
            FigureScope::Counselor(id) => Tallied {
                who: "who = :scope",
                households: format!("counselor:{id}"),
            },
            FigureScope::Center(name) => Tallied {
                who: "who IN (SELECT id FROM counselors WHERE center = :scope)",
                households: format!("center:{name}"),
            },
            FigureScope::City => Tallied {
                who: WHO_CITY,
                households: "city".into(),
            },
        }
    }
}

/// The city's counts (tally::CITY).
const WHO_CITY: &str = "who = -1";

/// The figures from the counts the triggers keep (sqlite/tally.rs): sums
/// over a few hundred rows for a counselor, a center or the city. Working
/// age is counted by birth year, and on the edge years of the range by
/// birth date from the people themselves.
fn figures_in(
    conn: &Connection,
    scope: &FigureScope,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Figures> {
    debug_assert_eq!(WHO_CITY, format!("who = {}", super::tally::CITY));
    let (first, as_of) = as_of(year, today)?;
    let s = Scope::new(scope);
    let t = Tallied::new(scope);
    let year_start = date_text(first);
    let as_of_text = date_text(as_of);
    let mut f = empty(scope.clone(), year, as_of);

    // People by district: caseload, difficulty, and working age (a
    // birth-date range for each sex on the day counted, the domain's):
    // whole birth years inside the range from the counts, ...
    let (male, female) = (Sex::Male.as_str(), Sex::Female.as_str());
    let (m0, m1) = casework::working_age_births(Sex::Male, as_of);
    let (f0, f1) = casework::working_age_births(Sex::Female, as_of);
    let (my0, my1, fy0, fy1) = (m0.year(), m1.year(), f0.year(), f1.year());
    let inside = "((sex = :male AND birth_year > :my0 AND birth_year < :my1)
        OR (sex = :female AND birth_year > :fy0 AND birth_year < :fy1))";
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT NULLIF(district, 0), TOTAL(n), TOTAL(difficulty),
             TOTAL(CASE WHEN {inside} THEN n ELSE 0 END),
             TOTAL(CASE WHEN employed AND {inside} THEN n ELSE 0 END)
         FROM tally_people WHERE {} GROUP BY district HAVING TOTAL(n) > 0 ORDER BY district",
        t.who
    ))?;
    let rows = stmt.query_map(
        &*s.params(&[
            (":male", &male),
            (":female", &female),
            (":my0", &my0),
            (":my1", &my1),
            (":fy0", &fy0),
            (":fy1", &fy1),
        ]),
        |r| {
            Ok((
                get_opt_district(r, 0)?,
                r.get::<_, f64>(1)? as u64,
                r.get::<_, f64>(2)? as u64,
                r.get::<_, f64>(3)? as u64,
                r.get::<_, f64>(4)? as u64,
            ))
        },
    )?;
    // (district, caseload, working age, of them in work)
    let mut people: Vec<(Option<District>, u64, u64, u64)> = Vec::new();
    for row in rows {
        let (district, caseload, difficulty, working_age, employed) = row?;
        f.difficulty_recognised += difficulty;
        people.push((district, caseload, working_age, employed));
    }
    drop(stmt);
    // ... and the edge years' people by birth date, from their index.
    let edges = [
        (male, m0, end_of_year(m0)?),
        (male, start_of_year(m1)?, m1),
        (female, f0, end_of_year(f0)?),
        (female, start_of_year(f1)?, f1),
    ];
    let dates: Vec<(String, String)> = edges
        .iter()
        .map(|(_, a, b)| (date_text(*a), date_text(*b)))
        .collect();
    let arm = |i: usize| {
        format!(
            "SELECT p.district, p.employed FROM profiles p WHERE {} AND p.sex = :s{i}
             AND p.birth_date BETWEEN :a{i} AND :b{i}",
            s.people
        )
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT district, COUNT(*), TOTAL(employed <> 0) FROM ({} UNION ALL {} UNION ALL {}
             UNION ALL {}) GROUP BY district",
        arm(0),
        arm(1),
        arm(2),
        arm(3)
    ))?;
    let names = [
        [":s0", ":a0", ":b0"],
        [":s1", ":a1", ":b1"],
        [":s2", ":a2", ":b2"],
        [":s3", ":a3", ":b3"],
    ];
    let mut params: Params<'_> = Vec::new();
    for (i, (sex, _, _)) in edges.iter().enumerate() {
        params.push((names[i][0], sex as &dyn rusqlite::ToSql));
        params.push((names[i][1], &dates[i].0 as &dyn rusqlite::ToSql));
        params.push((names[i][2], &dates[i].1 as &dyn rusqlite::ToSql));
    }
    let rows = stmt.query_map(&*s.params(&params), |r| {
        Ok((
            get_opt_district(r, 0)?,
            r.get::<_, i64>(1)? as u64,
            r.get::<_, f64>(2)? as u64,
        ))
    })?;
    for row in rows {
        let (district, working_age, employed) = row?;
        if let Some(p) = people.iter_mut().find(|p| p.0 == district) {
            p.2 += working_age;
            p.3 += employed;
        }
    }
    drop(stmt);
    let mut districts: BTreeMap<u32, DistrictFigures> = BTreeMap::new();
    for (district, caseload, working_age, employed) in people {
        f.caseload += caseload;
        f.working_age += working_age;
        f.working_age_employed += employed;
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
    f.unemployed_working_age = f.working_age.saturating_sub(f.working_age_employed);

    let sum = |sql: &str| -> StoreResult<u64> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row(&*s.params(&[]), |r| r.get::<_, f64>(0))?
            .max(0.0) as u64)
    };
    f.needs_registered = sum(&format!("SELECT TOTAL(n) FROM tally_needs WHERE {}", t.who))?;
    f.assessed = sum(&format!(
        "SELECT TOTAL(n) FROM tally_assessed WHERE {}",
        t.who
    ))?;

    // Placements starting in the year, by kind and district.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, NULLIF(district, 0), TOTAL(recorded), TOTAL(placed) FROM tally_placements
         WHERE {} AND year = :year GROUP BY kind, district HAVING TOTAL(recorded) > 0",
        t.who
    ))?;
    let rows = stmt.query_map(&*s.params(&[(":year", &year)]), |r| {
        Ok((
            get_named(r, 0, WorkKind::parse)?,
            get_opt_district(r, 1)?,
            r.get::<_, f64>(2)? as u64,
            r.get::<_, f64>(3)? as u64,
        ))
    })?;
    let placements = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);

    // Retention: the 3- and 6-month follow-ups due in the year by the day
    // counted, and those done confirming work.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT months, TOTAL(due), TOTAL(confirmed) FROM tally_retention
         WHERE {} AND months IN (3, 6) AND due_on BETWEEN :year_start AND :as_of
         GROUP BY months",
        t.who
    ))?;
    let rows = stmt.query_map(
        &*s.params(&[(":year_start", &year_start), (":as_of", &as_of_text)]),
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Retention {
                    due: r.get::<_, f64>(1)? as u64,
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

    // Training: registrations made in the year, courses completed in it.
    let (registrations, completions) = conn
        .prepare_cached(&format!(
            "SELECT TOTAL(registrations), TOTAL(completions) FROM tally_training
             WHERE {} AND year = :year",
            t.who
        ))?
        .query_row(&*s.params(&[(":year", &year)]), |r| {
            Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?))
        })?;
    f.training_registrations = registrations.max(0.0) as u64;
    f.training_completions = completions.max(0.0) as u64;

    // Zero-employment households with someone in the scope, and cleared.
    let (registered, cleared) = conn
        .prepare_cached("SELECT zero, cleared FROM tally_households WHERE scope = ?1")?
        .query_row([&t.households], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
        .unwrap_or((0, 0));
    f.zero_employment_households = registered.max(0) as u64;
    f.households_cleared = cleared.max(0) as u64;

    finish(conn, f, districts, placements)
}

fn empty(scope: FigureScope, year: i32, as_of: NaiveDate) -> Figures {
    Figures {
        scope,
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
    }
}

fn start_of_year(d: NaiveDate) -> StoreResult<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), 1, 1).ok_or_else(|| StoreError::Internal {
        detail: format!("no first day of {}", d.year()),
    })
}

fn end_of_year(d: NaiveDate) -> StoreResult<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), 12, 31).ok_or_else(|| StoreError::Internal {
        detail: format!("no last day of {}", d.year()),
    })
}

/// Placements by kind and district into the figures, the kinds in order,
/// the targets of the year with what has been reached.
fn finish(
    conn: &Connection,
    mut f: Figures,
    mut districts: BTreeMap<u32, DistrictFigures>,
    placements: Vec<(WorkKind, Option<District>, u64, u64)>,
) -> StoreResult<Figures> {
    let mut kinds: BTreeMap<&'static str, (WorkKind, u64)> = BTreeMap::new();
    for (kind, district, recorded, placed) in placements {
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
    f.by_district = districts.into_values().collect();
    f.by_kind = kinds.into_values().collect();
    // Most first; equal counts in the kinds' own order.
    f.by_kind.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            let pos = |k: WorkKind| WorkKind::ALL.iter().position(|x| *x == k);
            pos(a.0).cmp(&pos(b.0))
        })
    });

    let year = f.year;
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
