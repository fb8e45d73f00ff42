//! The figures' counts, kept as the data changes (issue 14: a counselor's,
//! a center's and the city's figures in a few milliseconds at 100,000
//! people, where one pass over the people alone takes longer).
//!
//! Each `tally_*` table holds counts keyed by who they belong to (`who`: a
//! counselor's id, or [`CITY`]) and by what a figure selects on (district,
//! birth year, the year a placement started, a follow-up's due date...).
//! A figure is then a sum over a few hundred rows. SQLite triggers on the
//! base tables keep the counts, in the same transaction as the change, so
//! every write path is caught: casework, applications and training,
//! waitlist promotion, staff edits, bulk seeding, reassignment.
//!
//! Every count is the contribution of a *unit* (a person, a placement, a
//! follow-up, an enrollment, a household), written as one SELECT over the
//! base tables. A trigger takes the units a change touches out before the
//! change (`BEFORE`, sign -1) and puts them back after it (`AFTER`, sign
//! +1), so a count is always what the SELECT gives for the data as it is.
//! Where a unit is the inserted row itself, an `AFTER INSERT` alone adds it
//! (and an upsert that updates instead fires only the update triggers).
//!
//! The rules stay the domain's: the SQL here only sorts rows into keys;
//! working age (a birth-date range on the day counted) and the year asked
//! are applied when the figures are read. The constants the triggers use
//! (the follow-up that makes a person placed) come from the domain, and
//! the triggers are built again, with the counts, when their text changes.

use super::*;
use crate::domain::casework::PLACED_AFTER_MONTHS;

/// `who` for the city's counts; a counselor's are under their id.
pub(super) const CITY: i64 = -1;

/// The settings key holding a hash of the installed triggers' text.
const INSTALLED: &str = "tally_triggers";

struct Tally {
    table: &'static str,
    keys: &'static [&'static str],
    values: &'static [&'static str],
}

/// The units, each with the table its counts go to.
#[derive(Clone, Copy)]
enum Unit {
    /// A person: caseload, working age and in work, difficulty.
    People,
    /// A person's needs registration.
    Needs,
    /// A person assessed at least once.
    Assessed,
    /// A placement, by the year it started, and whether it was confirmed.
    Placements,
    /// A 3- or 6-month follow-up, by its due date.
    Retention,
    /// An enrollment: the year it was registered and the years it was
    /// completed in.
    Training,
    /// A zero-employment household with members, and whether cleared.
    Households,
}

const UNITS: [Unit; 7] = [
    Unit::People,
    Unit::Needs,
    Unit::Assessed,
    Unit::Placements,
    Unit::Retention,
    Unit::Training,
    Unit::Households,
];

impl Unit {
    fn tally(self) -> Tally {
        match self {
            Unit::People => Tally {
                table: "tally_people",
                keys: &["who", "district", "sex", "birth_year", "employed"],
                values: &["n", "difficulty"],
            },
            Unit::Needs => Tally {
                table: "tally_needs",
                keys: &["who"],
                values: &["n"],
            },
            Unit::Assessed => Tally {
                table: "tally_assessed",
                keys: &["who"],
                values: &["n"],
            },
            Unit::Placements => Tally {
                table: "tally_placements",
                keys: &["who", "year", "kind", "district"],
                values: &["recorded", "placed"],
            },
            Unit::Retention => Tally {
                table: "tally_retention",
                keys: &["who", "months", "due_on"],
                values: &["due", "confirmed"],
            },
            Unit::Training => Tally {
                table: "tally_training",
                keys: &["who", "year"],
                values: &["registrations", "completions"],
            },
            Unit::Households => Tally {
                table: "tally_households",
                keys: &["scope"],
                values: &["zero", "cleared"],
            },
        }
    }

    /// The unit's rows, one per `who` it counts for, for the units `cond`
    /// selects. Its aliases: `p` the person (People, Needs: `r` the needs
    /// row), `profile_id` of assessments (Assessed), `pl` the placement
    /// (Placements, Retention), `f` the follow-up (Retention), `e` the
    /// enrollment (Training); for Households `$H` stands for a column
    /// holding a household id.
    fn rows(self, cond: &str) -> String {
        // Each row counts for the city and, when the person has one, for
        // their counselor. Where a figure counts rows without their person
        // (needs, assessments, follow-ups and enrollments of the city), the
        // person is a LEFT JOIN.
        let who = format!("CASE x.column1 WHEN 0 THEN {CITY} ELSE p.counselor_id END AS who");
        let whos = "JOIN (VALUES (0), (1)) AS x ON x.column1 = 0 OR p.counselor_id IS NOT NULL";
        match self {
            Unit::People => format!(
                "SELECT {who}, COALESCE(p.district, 0) AS district, COALESCE(p.sex, '') AS sex,
                    COALESCE(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS birth_year,
                    (p.employed <> 0) AS employed, 1 AS n, p.difficulty AS difficulty
                 FROM profiles p {whos} WHERE {cond}"
            ),
            Unit::Needs => format!(
                "SELECT {who}, 1 AS n
                 FROM needs r LEFT JOIN profiles p ON p.id = r.profile_id {whos} WHERE {cond}"
            ),
            Unit::Assessed => format!(
                "SELECT {who}, 1 AS n
                 FROM (SELECT DISTINCT profile_id FROM assessments WHERE {cond}) r
                 LEFT JOIN profiles p ON p.id = r.profile_id {whos}"
            ),
            Unit::Placements => format!(
                "SELECT {who}, CAST(substr(pl.started_on, 1, 4) AS INTEGER) AS year,
                    pl.kind AS kind, COALESCE(p.district, 0) AS district, 1 AS recorded,
                    EXISTS (SELECT 1 FROM follow_ups f WHERE f.placement_id = pl.id
                        AND f.months = {PLACED_AFTER_MONTHS} AND f.done_on IS NOT NULL
                        AND f.still_working = 1) AS placed
                 FROM placements pl JOIN profiles p ON p.id = pl.profile_id {whos}
                 WHERE {cond}"
            ),
            Unit::Retention => format!(
                "SELECT {who}, f.months AS months, f.due_on AS due_on, 1 AS due,
                    (f.done_on IS NOT NULL AND f.still_working = 1) AS confirmed
                 FROM follow_ups f JOIN placements pl ON pl.id = f.placement_id
                 LEFT JOIN profiles p ON p.id = pl.profile_id {whos}
                 WHERE f.months IN (3, 6) AND {cond}"
            ),
            Unit::Training => {
                let completed = EnrollmentStatus::Completed.as_str();
                format!(
                    "SELECT {who}, r.year AS year, r.reg AS registrations, r.comp AS completions
                     FROM (
                        SELECT * FROM (SELECT e.profile_id AS pid,
                                CAST(substr(MIN(h.at), 1, 4) AS INTEGER) AS year,
                                1 AS reg, 0 AS comp
                            FROM enrollments e JOIN enrollment_history h ON h.enrollment_id = e.id
                            WHERE {cond} GROUP BY e.id)
                        UNION ALL
                        SELECT pid, year, 0, 1 FROM (SELECT DISTINCT e.id, e.profile_id AS pid,
                                CAST(substr(h.at, 1, 4) AS INTEGER) AS year
                            FROM enrollments e JOIN enrollment_history h ON h.enrollment_id = e.id
                            WHERE e.status = '{completed}' AND h.status = '{completed}'
                                AND {cond})
                     ) r
                     LEFT JOIN profiles p ON p.id = r.pid {whos}"
                )
            }
            Unit::Households => {
                let hc = |col: &str| cond.replace("$H", col);
                format!(
                    "SELECT s.scope AS scope, 1 AS zero,
                        (h.others_in_work > 0 OR EXISTS (SELECT 1 FROM profiles m
                            WHERE m.household_id = h.id AND m.employed = 1)) AS cleared
                     FROM (SELECT 'city' AS scope, p.household_id AS hid FROM profiles p
                            WHERE {a}
                        UNION SELECT 'counselor:' || p.counselor_id, p.household_id
                            FROM profiles p WHERE p.counselor_id IS NOT NULL AND {a}
                        UNION SELECT 'center:' || c.center, p.household_id
                            FROM profiles p JOIN counselors c ON c.id = p.counselor_id WHERE {a}
                     ) s JOIN households h ON h.id = s.hid
                     WHERE h.zero_employment = 1",
                    a = hc("p.household_id")
                )
            }
        }
    }

    /// Adds (`sign` 1) or takes out (-1) the units `cond` selects.
    fn apply(self, cond: &str, sign: i64) -> String {
        let t = self.tally();
        let keys = t.keys.join(", ");
        let values = t.values.join(", ");
        let sums: Vec<String> = t
            .values
            .iter()
            .map(|v| format!("CAST({sign} * TOTAL({v}) AS INTEGER)"))
            .collect();
        let set: Vec<String> = t
            .values
            .iter()
            .map(|v| format!("{v} = {v} + excluded.{v}"))
            .collect();
        format!(
            "INSERT INTO {table} ({keys}, {values})
             SELECT {keys}, {sums} FROM ({rows}) WHERE true GROUP BY {keys}
             ON CONFLICT ({keys}) DO UPDATE SET {set};\n",
            table = t.table,
            sums = sums.join(", "),
            rows = self.rows(cond),
            set = set.join(", "),
        )
    }
}

/// One trigger: before a change it takes units out, after it puts them
/// back (the same conditions, read before and after).
struct Trigger {
    name: &'static str,
    /// "INSERT ON profiles", "UPDATE OF a, b ON t"...
    event: &'static str,
    when: Option<&'static str>,
    /// Units taken out before the change.
    before: Vec<(Unit, String)>,
    /// Units added after it.
    after: Vec<(Unit, String)>,
}

impl Trigger {
    fn sql(&self) -> String {
        let mut out = String::new();
        let when = self.when.map(|w| format!(" WHEN {w}")).unwrap_or_default();
        for (timing, units, sign) in [("BEFORE", &self.before, -1), ("AFTER", &self.after, 1)] {
            if units.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "CREATE TRIGGER tally_{}_{} {timing} {}{when} BEGIN\n",
                self.name,
                timing.to_lowercase(),
                self.event
            ));
            for (unit, cond) in units {
                out.push_str(&unit.apply(cond, sign));
            }
            out.push_str("END;\n");
        }
        out
    }
}

/// The units of the people whose id passes `id` ("= NEW.id", "BETWEEN 1
/// AND 9"), and of the households whose id passes `household`.
fn person_units(id: &str, household: &str) -> Vec<(Unit, String)> {
    vec![
        (Unit::People, format!("p.id {id}")),
        (Unit::Needs, format!("r.profile_id {id}")),
        (Unit::Assessed, format!("profile_id {id}")),
        (Unit::Placements, format!("pl.profile_id {id}")),
        (Unit::Retention, format!("pl.profile_id {id}")),
        (Unit::Training, format!("e.profile_id {id}")),
        (Unit::Households, format!("$H {household}")),
    ]
}

fn triggers() -> Vec<Trigger> {
    let placed = PLACED_AFTER_MONTHS;
    let both = |units: Vec<(Unit, String)>| (units.clone(), units);
    let mut all = Vec::new();
    let mut pair = |name, event, when, (before, after): (Vec<_>, Vec<_>)| {
        all.push(Trigger {
            name,
            event,
            when,
            before,
            after,
        })
    };

    // People. A new person's needs, assessments, follow-ups and
    // enrollments (rows written before the person, counted for the city
    // only) now count for their counselor too.
    let new = person_units("= NEW.id", "= NEW.household_id");
    pair(
        "profile_insert",
        "INSERT ON profiles",
        None,
        (new[1..].to_vec(), new.clone()),
    );
    let old = person_units("= OLD.id", "= OLD.household_id");
    pair(
        "profile_delete",
        "DELETE ON profiles",
        None,
        (old.clone(), old[1..].to_vec()),
    );
    pair(
        "profile_people",
        "UPDATE OF id, counselor_id, district, sex, birth_date, employed, difficulty ON profiles",
        Some(
            "OLD.id IS NOT NEW.id OR OLD.counselor_id IS NOT NEW.counselor_id
             OR OLD.district IS NOT NEW.district OR OLD.sex IS NOT NEW.sex
             OR OLD.birth_date IS NOT NEW.birth_date OR OLD.employed IS NOT NEW.employed
             OR OLD.difficulty IS NOT NEW.difficulty",
        ),
        (
            vec![(Unit::People, "p.id = OLD.id".into())],
            vec![(Unit::People, "p.id = NEW.id".into())],
        ),
    );
    let moved = |id: &str| {
        vec![
            (Unit::Needs, format!("r.profile_id = {id}")),
            (Unit::Assessed, format!("profile_id = {id}")),
            (Unit::Retention, format!("pl.profile_id = {id}")),
            (Unit::Training, format!("e.profile_id = {id}")),
        ]
    };
    pair(
        "profile_counselor",
        "UPDATE OF counselor_id ON profiles",
        Some("OLD.counselor_id IS NOT NEW.counselor_id"),
        (moved("OLD.id"), moved("NEW.id")),
    );
    pair(
        "profile_placements",
        "UPDATE OF counselor_id, district ON profiles",
        Some("OLD.counselor_id IS NOT NEW.counselor_id OR OLD.district IS NOT NEW.district"),
        (
            vec![(Unit::Placements, "pl.profile_id = OLD.id".into())],
            vec![(Unit::Placements, "pl.profile_id = NEW.id".into())],
        ),
    );
    pair(
        "profile_household",
        "UPDATE OF counselor_id, household_id, employed ON profiles",
        Some(
            "OLD.counselor_id IS NOT NEW.counselor_id OR OLD.household_id IS NOT NEW.household_id
             OR OLD.employed IS NOT NEW.employed",
        ),
        both(vec![(
            Unit::Households,
            "$H IN (OLD.household_id, NEW.household_id)".into(),
        )]),
    );

    // Needs: one row per person, written by upsert.
    pair(
        "needs_insert",
        "INSERT ON needs",
        None,
        (
            vec![],
            vec![(Unit::Needs, "r.profile_id = NEW.profile_id".into())],
        ),
    );
    pair(
        "needs_delete",
        "DELETE ON needs",
        None,
        (
            vec![(Unit::Needs, "r.profile_id = OLD.profile_id".into())],
            vec![],
        ),
    );
    pair(
        "needs_update",
        "UPDATE OF profile_id ON needs",
        Some("OLD.profile_id IS NOT NEW.profile_id"),
        (
            vec![(Unit::Needs, "r.profile_id = OLD.profile_id".into())],
            vec![(Unit::Needs, "r.profile_id = NEW.profile_id".into())],
        ),
    );

    // Assessments: a person counts once however many they have.
    pair(
        "assessment_insert",
        "INSERT ON assessments",
        None,
        both(vec![(Unit::Assessed, "profile_id = NEW.profile_id".into())]),
    );
    pair(
        "assessment_delete",
        "DELETE ON assessments",
        None,
        both(vec![(Unit::Assessed, "profile_id = OLD.profile_id".into())]),
    );
    pair(
        "assessment_update",
        "UPDATE OF profile_id ON assessments",
        Some("OLD.profile_id IS NOT NEW.profile_id"),
        both(vec![(
            Unit::Assessed,
            "profile_id IN (OLD.profile_id, NEW.profile_id)".into(),
        )]),
    );

    // Placements and their follow-ups.
    let placement = |id: &str| {
        vec![
            (Unit::Placements, format!("pl.id = {id}")),
            (Unit::Retention, format!("pl.id = {id}")),
        ]
    };
    pair(
        "placement_insert",
        "INSERT ON placements",
        None,
        (vec![], placement("NEW.id")),
    );
    pair(
        "placement_delete",
        "DELETE ON placements",
        None,
        (placement("OLD.id"), vec![]),
    );
    pair(
        "placement_update",
        "UPDATE OF id, profile_id, started_on, kind ON placements",
        None,
        (placement("OLD.id"), placement("NEW.id")),
    );
    let follow_up = |row: &str| {
        (
            Unit::Retention,
            format!("f.placement_id = {row}.placement_id AND f.months = {row}.months"),
        )
    };
    // Only the follow-up that makes a person placed changes a placement.
    let placed_by = |rows: &[&str]| {
        let ids: Vec<String> = rows.iter().map(|r| format!("{r}.placement_id")).collect();
        let months: Vec<String> = rows
            .iter()
            .map(|r| format!("{r}.months = {placed}"))
            .collect();
        (
            Unit::Placements,
            format!(
                "pl.id IN ({}) AND ({})",
                ids.join(", "),
                months.join(" OR ")
            ),
        )
    };
    pair(
        "follow_up_insert",
        "INSERT ON follow_ups",
        None,
        (
            vec![placed_by(&["NEW"])],
            vec![follow_up("NEW"), placed_by(&["NEW"])],
        ),
    );
    pair(
        "follow_up_delete",
        "DELETE ON follow_ups",
        None,
        (
            vec![follow_up("OLD"), placed_by(&["OLD"])],
            vec![placed_by(&["OLD"])],
        ),
    );
    pair(
        "follow_up_update",
        "UPDATE OF placement_id, months, due_on, done_on, still_working ON follow_ups",
        None,
        (
            vec![follow_up("OLD"), placed_by(&["OLD", "NEW"])],
            vec![follow_up("NEW"), placed_by(&["OLD", "NEW"])],
        ),
    );

    // Enrollments and their history.
    pair(
        "enrollment_insert",
        "INSERT ON enrollments",
        None,
        (vec![], vec![(Unit::Training, "e.id = NEW.id".into())]),
    );
    pair(
        "enrollment_delete",
        "DELETE ON enrollments",
        None,
        (vec![(Unit::Training, "e.id = OLD.id".into())], vec![]),
    );
    pair(
        "enrollment_update",
        "UPDATE OF id, status, profile_id ON enrollments",
        None,
        (
            vec![(Unit::Training, "e.id = OLD.id".into())],
            vec![(Unit::Training, "e.id = NEW.id".into())],
        ),
    );
    pair(
        "enrollment_history_insert",
        "INSERT ON enrollment_history",
        None,
        both(vec![(Unit::Training, "e.id = NEW.enrollment_id".into())]),
    );
    pair(
        "enrollment_history_delete",
        "DELETE ON enrollment_history",
        None,
        both(vec![(Unit::Training, "e.id = OLD.enrollment_id".into())]),
    );
    pair(
        "enrollment_history_update",
        "UPDATE OF enrollment_id, status, at ON enrollment_history",
        None,
        both(vec![(
            Unit::Training,
            "e.id IN (OLD.enrollment_id, NEW.enrollment_id)".into(),
        )]),
    );

    // Households, and the centers their members' counselors belong to.
    pair(
        "household_insert",
        "INSERT ON households",
        None,
        (vec![], vec![(Unit::Households, "$H = NEW.id".into())]),
    );
    pair(
        "household_delete",
        "DELETE ON households",
        None,
        (vec![(Unit::Households, "$H = OLD.id".into())], vec![]),
    );
    pair(
        "household_update",
        "UPDATE OF id, others_in_work, zero_employment ON households",
        None,
        (
            vec![(Unit::Households, "$H = OLD.id".into())],
            vec![(Unit::Households, "$H = NEW.id".into())],
        ),
    );
    let members = |ids: &str| {
        vec![(
            Unit::Households,
            format!("$H IN (SELECT household_id FROM profiles WHERE counselor_id IN ({ids}))"),
        )]
    };
    pair(
        "counselor_insert",
        "INSERT ON counselors",
        None,
        both(members("NEW.id")),
    );
    pair(
        "counselor_delete",
        "DELETE ON counselors",
        None,
        both(members("OLD.id")),
    );
    pair(
        "counselor_update",
        "UPDATE OF id, center ON counselors",
        None,
        both(members("OLD.id, NEW.id")),
    );
    all
}

/// The text of every tally trigger.
fn triggers_sql() -> String {
    triggers().iter().map(Trigger::sql).collect()
}

/// FNV-1a: a stable hash of the triggers' text (std's hasher may change
/// between Rust releases).
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Installs the triggers when they are missing or were built from other
/// rules, and then counts everything again. Gives whether it did.
pub(super) fn install(tx: &Connection) -> StoreResult<bool> {
    let sql = triggers_sql();
    let hash = fnv(&sql);
    let stored: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [INSTALLED],
            |r| r.get(0),
        )
        .optional()?;
    if stored.as_deref() == Some(hash.as_str()) {
        return Ok(false);
    }
    drop_triggers(tx)?;
    tx.execute_batch(&sql)?;
    rebuild(tx)?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![INSTALLED, hash],
    )?;
    Ok(true)
}

fn drop_triggers(tx: &Connection) -> StoreResult<()> {
    let names: Vec<String> = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tally\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(())
}

/// Counts everything again from the base tables.
pub(super) fn rebuild(tx: &Connection) -> StoreResult<()> {
    for unit in UNITS {
        tx.execute_batch(&format!("DELETE FROM {};", unit.tally().table))?;
        let all = match unit {
            Unit::Households => "$H IS NOT NULL",
            _ => "1",
        };
        tx.execute_batch(&unit.apply(all, 1))?;
    }
    Ok(())
}

/// Writes new people with their records (bulk seeding) without the
/// triggers, which would count each row as it changes, and then counts the
/// new people once. `write` must write only the people whose ids it gives,
/// all above every id before, and rows of theirs and of new households.
pub(super) fn counting_new_people(
    tx: &Connection,
    write: impl FnOnce() -> StoreResult<Vec<Id>>,
) -> StoreResult<Vec<Id>> {
    drop_triggers(tx)?;
    let ids = write()?;
    tx.execute_batch(&triggers_sql())?;
    if let (Some(first), Some(last)) = (ids.iter().min(), ids.iter().max()) {
        let range = format!("BETWEEN {first} AND {last}");
        let households = format!("IN (SELECT household_id FROM profiles WHERE id {range})");
        for (unit, cond) in person_units(&range, &households) {
            tx.execute_batch(&unit.apply(&cond, 1))?;
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_and_count_is_valid_sql() {
        let conn = Connection::open_in_memory().unwrap();
        let mut conn = conn;
        migrate(&mut conn).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tally%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 30, "{n} triggers");
        // Installed once: opening again changes nothing.
        assert!(!install(&conn).unwrap());
    }
}
