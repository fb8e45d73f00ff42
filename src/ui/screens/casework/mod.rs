//! The counselor's desk: the caseload, a person's record (the
//! one-person-one-plan ledger, 一人一策就业服务台账) and the forms that
//! change it. Every line says itself whole (docs/screen-reader.md rule 2).

pub mod caseload;
pub mod forms;
pub mod record;

use chrono::NaiveDate;

use crate::domain::Actor;
use crate::domain::casework::{DueState, Stamp, due_state};
use crate::i18n::Lang;
use crate::tr;
use crate::ui::Cx;

/// Whether the one at the desk keeps casework (counselors, staff,
/// administrators).
pub fn keeps_cases(actor: Option<Actor>) -> bool {
    matches!(
        actor,
        Some(Actor::Counselor(_) | Actor::Staff(_) | Actor::Admin(_))
    )
}

/// After someone logs in: a counselor's desk opens on their caseload, over
/// the main menu (Esc goes to the menu).
pub fn open_desk(cx: &mut Cx<'_>) {
    if matches!(cx.actor, Some(Actor::Counselor(_))) {
        cx.push(caseload::Caseload::at_login());
    }
}

/// [`open_desk`] for a handler that has no screen of its own to run.
pub fn open_desk_on(_screen: Option<&mut Box<dyn crate::ui::Screen>>, cx: &mut Cx<'_>) {
    open_desk(cx);
}

/// A date as a form shows it, and as it is typed: 2026-12-05.
pub fn date_field(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A date typed as 2026-12-05, 2026/12/05, 2026.12.05 or 2026年12月5日.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let normal: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' | '－' | '／' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let mut parts = normal.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// "by Li Na on 3 Nov": who made a change and when.
pub fn stamp_text(lang: Lang, stamp: &Stamp, today: NaiveDate) -> String {
    let date = lang.short_date(stamp.at.with_timezone(&chrono::Local).date_naive(), today);
    let who = if stamp.by_name.is_empty() {
        super::actor_name(lang, stamp.by, None)
    } else {
        stamp.by_name.clone()
    };
    tr!(lang, "record.stamp", who = who, date = date)
}

/// "follow-up due 2 Dec" or "overdue since 28 Nov", or "" when nothing is
/// due.
pub fn due_text(lang: Lang, due: Option<NaiveDate>, today: NaiveDate) -> String {
    due_words(lang, due, today, "caseload.due_on")
}

/// "due 2 Dec" or "overdue since 28 Nov", for a line that already says
/// what is due (a step, a follow-up).
pub fn due_short(lang: Lang, due: NaiveDate, today: NaiveDate) -> String {
    due_words(lang, Some(due), today, "record.due_on")
}

fn due_words(lang: Lang, due: Option<NaiveDate>, today: NaiveDate, key: &str) -> String {
    match due {
        None => String::new(),
        Some(d) => match due_state(d, today) {
            Some(DueState::Overdue) => tr!(
                lang,
                "caseload.overdue_since",
                date = lang.short_date(d, today)
            ),
            _ => lang.format(key, &[("date", &lang.short_date(d, today))]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_typed_with_dashes_slashes_or_in_chinese() {
        let want = NaiveDate::from_ymd_opt(2026, 12, 5);
        for typed in [
            "2026-12-05",
            "2026/12/05",
            " 2026-12-5 ",
            "2026.12.05",
            "2026年12月5日",
        ] {
            assert_eq!(parse_date(typed), want, "{typed}");
        }
        for bad in [
            "",
            "2026-13-01",
            "5 Dec",
            "2026-12",
            "26-12-05",
            "2026-12-05-1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(date_field(want.unwrap()), "2026-12-05");
    }
}
