//! The filter and paging builder of the searchable listings, the full-text
//! index writer, and the status lists SQL uses, generated from the domain.

use super::*;

/// `('a', 'b')`: a status list for SQL, from the domain's own lists, so
/// the rules and the queries cannot drift apart.
pub(super) fn sql_list<S>(
    statuses: impl Iterator<Item = S>,
    name: fn(S) -> &'static str,
) -> String {
    let names: Vec<String> = statuses.map(|s| format!("'{}'", name(s))).collect();
    format!("({})", names.join(", "))
}

/// Applications that count against "one open application per job".
pub(super) static OPEN_APPLICATION: LazyLock<String> =
    LazyLock::new(|| sql_list(ApplicationStatus::open(), ApplicationStatus::as_str));

/// Enrollments that hold a seat.
pub(super) static HOLDING_SEAT: LazyLock<String> =
    LazyLock::new(|| sql_list(EnrollmentStatus::holding_seats(), EnrollmentStatus::as_str));

/// Enrollments that count against "one registration per course".
pub(super) static OPEN_ENROLLMENT: LazyLock<String> =
    LazyLock::new(|| sql_list(EnrollmentStatus::open(), EnrollmentStatus::as_str));

/// `'waitlisted'`.
pub(super) static WAITLISTED: LazyLock<String> =
    LazyLock::new(|| format!("'{}'", EnrollmentStatus::Waitlisted.as_str()));

pub(super) fn index_text(
    tx: &Transaction<'_>,
    index: search::TextIndex,
    id: Id,
    body: &str,
) -> StoreResult<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO {} (rowid, body) VALUES (?1, ?2)",
        index.trigram
    ))?
    .execute(params![id, body])?;
    tx.prepare_cached(&format!(
        "INSERT INTO {} (rowid, body) VALUES (?1, ?2)",
        index.words
    ))?
    .execute(params![id, search::words_body(body)])?;
    Ok(())
}

/// Builds `WHERE` conditions and their parameters piece by piece.
#[derive(Default)]
pub(super) struct Filter {
    pub(super) text: search::TextQuery,
    pub(super) conditions: Vec<String>,
    pub(super) params: Vec<rusqlite::types::Value>,
}

impl Filter {
    pub(super) fn push(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    pub(super) fn param(&mut self, value: impl Into<rusqlite::types::Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    /// `column IN (...)` over a non-empty set of values.
    pub(super) fn any_of<V: Into<rusqlite::types::Value>>(
        &mut self,
        column: &str,
        values: impl IntoIterator<Item = V>,
    ) {
        let placeholders: Vec<String> = values.into_iter().map(|v| self.param(v)).collect();
        if !placeholders.is_empty() {
            self.push(format!("{column} IN ({})", placeholders.join(", ")));
        }
    }

    pub(super) fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        }
    }
}

pub(super) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// How a searchable table is listed.
pub(super) struct Listing {
    /// The table with its alias, e.g. `jobs j`.
    pub(super) table: &'static str,
    /// Its id column, e.g. `j.id`.
    pub(super) id: &'static str,
    /// Joins the listed columns need (not the count).
    pub(super) joins: &'static str,
    pub(super) columns: &'static str,
    pub(super) index: search::TextIndex,
    /// None: newest first, the order every index streams in.
    pub(super) order: Option<&'static str>,
}

/// Counting stops here: "more than 1000" is as useful to a listener as the
/// exact figure, and a broad search over 100,000 jobs stays fast.
pub(super) const COUNT_CAP: i64 = 1000;

/// One page of a listing plus its total. With a text query the FTS index
/// drives the query in rowid order, so the page and the capped count stream
/// without sorting every match.
pub(super) fn paged<T>(
    conn: &Connection,
    listing: &Listing,
    mut f: Filter,
    page: u32,
    page_size: u32,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<Page<T>> {
    let size = page_size.clamp(1, 500);
    // Deeper than this nobody pages; the bound keeps counting cheap.
    let page = page.min(10_000);
    let offset = i64::from(page) * i64::from(size);
    let search::TextIndex { trigram, words } = listing.index;
    let Listing { table, id, .. } = *listing;
    let text = std::mem::take(&mut f.text);
    let (from, newest_first) = match (&text.long, &text.short) {
        (Some(long), short) => {
            let p = f.param(long.clone());
            f.push(format!("{trigram} MATCH {p}"));
            if let Some(short) = short {
                let p = f.param(short.clone());
                f.push(format!(
                    "{id} IN (SELECT rowid FROM {words} WHERE {words} MATCH {p})"
                ));
            }
            (
                format!("{trigram} JOIN {table} ON {id} = {trigram}.rowid"),
                format!("{trigram}.rowid DESC"),
            )
        }
        (None, Some(short)) => {
            let p = f.param(short.clone());
            f.push(format!("{words} MATCH {p}"));
            (
                format!("{words} JOIN {table} ON {id} = {words}.rowid"),
                format!("{words}.rowid DESC"),
            )
        }
        (None, None) => (table.to_string(), format!("{id} DESC")),
    };
    let order = listing.order.map_or(newest_first, str::to_string);
    let cap = COUNT_CAP.max(offset + i64::from(size)) + 1;
    let counted: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from} {} LIMIT {cap})",
            f.sql()
        ),
        rusqlite::params_from_iter(f.params.iter()),
        |r| r.get(0),
    )?;
    let sql = format!(
        "SELECT {} FROM {from} {} {} ORDER BY {order} LIMIT {size} OFFSET {offset}",
        listing.columns,
        listing.joins,
        f.sql()
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(f.params.iter()), map)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let capped = counted >= cap;
    Ok(Page {
        items,
        total: (if capped { cap - 1 } else { counted }).max(0) as u64,
        total_capped: capped,
        page,
        page_size: size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_come_from_the_domain_and_match_the_schema_indexes() {
        assert_eq!(
            *OPEN_APPLICATION,
            "('submitted', 'under_review', 'referred', 'interview_scheduled', 'offered')"
        );
        assert_eq!(
            *HOLDING_SEAT,
            "('registered', 'enrolled', 'completed', 'failed')"
        );
        assert_eq!(*OPEN_ENROLLMENT, "('registered', 'waitlisted', 'enrolled')");
        // The partial unique indexes that keep one open application and
        // one open registration are written with the same lists.
        let schema = MIGRATIONS.concat();
        for list in [&*OPEN_APPLICATION, &*OPEN_ENROLLMENT] {
            assert!(
                schema.contains(&format!("WHERE status IN {list}")),
                "{list}"
            );
        }
    }
}
