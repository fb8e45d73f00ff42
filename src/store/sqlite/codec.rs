//! Row <-> value helpers: reading columns into domain values (bad data is
//! reported, never unwrapped), writing values as text, and status histories.

use super::*;

pub(super) fn conversion_error(col: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        Type::Text,
        format!("bad {what} in the database: {value:?}").into(),
    )
}

pub(super) fn get_date(row: &Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(col)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| conversion_error(col, "date", &s))
}

pub(super) fn get_opt_date(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| conversion_error(col, "date", &s))
    })
    .transpose()
}

pub(super) fn get_time(row: &Row<'_>, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(col)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| conversion_error(col, "time", &s))
}

pub(super) fn get_opt_time(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(col)?;
    match s {
        None => Ok(None),
        Some(_) => get_time(row, col).map(Some),
    }
}

pub(super) fn get_district(row: &Row<'_>, col: usize) -> rusqlite::Result<District> {
    let code: u32 = row.get(col)?;
    District::from_code(code).ok_or_else(|| conversion_error(col, "district", &code.to_string()))
}

pub(super) fn get_opt_district(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<District>> {
    let code: Option<u32> = row.get(col)?;
    code.map(|c| {
        District::from_code(c).ok_or_else(|| conversion_error(col, "district", &c.to_string()))
    })
    .transpose()
}

/// Reads a `named_enum!` value stored as its name.
pub(super) fn get_named<T>(
    row: &Row<'_>,
    col: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    parse(&s).ok_or_else(|| conversion_error(col, "name", &s))
}

pub(super) fn get_opt_named<T>(
    row: &Row<'_>,
    col: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| parse(&s).ok_or_else(|| conversion_error(col, "name", &s)))
        .transpose()
}

pub(super) fn get_formats(row: &Row<'_>, col: usize) -> rusqlite::Result<Vec<Format>> {
    let s: String = row.get(col)?;
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| Format::parse(p).ok_or_else(|| conversion_error(col, "format", p)))
        .collect()
}

pub(super) fn formats_text(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub(super) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(super) fn not_found(what: Entity, id: Id) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { what, id },
        other => other.into(),
    }
}

/// A status history table and the column naming what it is the history of.
#[derive(Clone, Copy)]
pub(super) struct HistoryTable {
    pub(super) table: &'static str,
    pub(super) key: &'static str,
}

pub(super) const APPLICATION_HISTORY: HistoryTable = HistoryTable {
    table: "application_history",
    key: "application_id",
};

pub(super) const ENROLLMENT_HISTORY: HistoryTable = HistoryTable {
    table: "enrollment_history",
    key: "enrollment_id",
};

pub(super) fn load_history<S>(
    conn: &Connection,
    HistoryTable { table, key }: HistoryTable,
    id: Id,
    parse: fn(&str) -> Option<S>,
) -> StoreResult<Vec<StatusChange<S>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT status, at, by, note FROM {table} WHERE {key} = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let by: String = r.get(2)?;
        Ok(StatusChange {
            status: get_named(r, 0, parse)?,
            at: get_time(r, 1)?,
            by: Actor::from_code(&by).ok_or_else(|| conversion_error(2, "actor", &by))?,
            note: r.get(3)?,
            named: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn record_history(
    tx: &Transaction<'_>,
    HistoryTable { table, key }: HistoryTable,
    id: Id,
    status: &str,
    at: DateTime<Utc>,
    by: Actor,
    note: &str,
) -> StoreResult<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, status, at, by, note) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![id, status, time_text(at), by.to_code(), note])?;
    Ok(())
}
