//! Writing many people's records at once (benchmarks and large seeds):
//! one transaction per batch, prepared statements, the derived profile
//! columns computed here instead of after every change.

use super::casework::{
    write_assessment, write_contact, write_difficulty, write_household, write_needs,
    write_placement, write_step,
};
use super::people::write_derived_columns;
use super::*;
use crate::domain::casework::{
    self as rules_case, Assessment, Difficulty, FollowUp, Household, Needs, NewContact,
    NewPlacement, NewStep, Recommended,
};

/// One person and their record as a counselor would have built it.
#[derive(Debug, Clone, Default)]
pub struct BulkCase {
    /// Written as is (not validated): build it valid.
    pub profile: Profile,
    pub seeking: bool,
    /// The person agreed that their counselor may act for them.
    pub agreed: bool,
    pub needs: Option<Needs>,
    pub assessment: Option<Assessment>,
    pub difficulty: Option<Difficulty>,
    /// Steps with their done date and outcome.
    pub steps: Vec<(NewStep, Option<NaiveDate>, String)>,
    pub contacts: Vec<NewContact>,
    pub household: Option<Household>,
    /// A placement with its follow-ups (some done).
    pub placement: Option<(NewPlacement, Vec<FollowUp>)>,
    pub recommendations: Vec<Recommended>,
}

impl SqliteStore {
    /// Adds counselors in one transaction; their ids in order.
    pub fn add_counselors(&self, counselors: &[Counselor]) -> StoreResult<Vec<Id>> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(counselors.len());
        for c in counselors {
            tx.prepare_cached(
                "INSERT INTO counselors (name, center, district) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![c.name, c.center, c.district.code()])?;
            ids.push(tx.last_insert_rowid());
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Writes people with their records in one transaction; each change
    /// is stamped by the person's counselor (or the system) at the store's
    /// time. Gives the new profile ids in order.
    pub fn add_cases(&self, cases: &[BulkCase]) -> StoreResult<Vec<Id>> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The figures' counts once for everyone written, not row by row.
        let ids = super::tally::counting_new_people(&tx, || self.write_cases(&tx, cases))?;
        tx.commit()?;
        Ok(ids)
    }

    fn write_cases(&self, tx: &Connection, cases: &[BulkCase]) -> StoreResult<Vec<Id>> {
        let now = self.now();
        let today = now.date_naive();
        let at = time_text(now);
        let mut ids = Vec::with_capacity(cases.len());
        for c in cases {
            let p = &c.profile;
            let by_actor = p.counselor_id.map_or(Actor::System, Actor::Counselor);
            let by = by_actor.to_code();
            let next_due = rules_case::next_due(
                c.steps
                    .iter()
                    .map(|(s, done, _)| (s.due_on, done.is_some())),
                c.placement
                    .iter()
                    .flat_map(|(_, f)| f.iter())
                    .map(|f| (f.due_on, f.done_on.is_some())),
            );
            let last_contact = c.contacts.iter().map(|x| x.on).max();
            let agreed = c.agreed.then(|| (by.clone(), at.clone()));
            tx.prepare_cached(
                "INSERT INTO profiles (name, mobile, certificate, district, education,
                    braille_reader, formats, desired_work, needs, consent_at, massage_level,
                    practice_certificate, visual_component_confirmed, certificate_valid_until,
                    counselor_id, employed, plan, seeking, next_due_on, last_contact_on,
                    agreed_by, agreed_at, goal_by, goal_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )?
            .execute(params![
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
                c.seeking,
                next_due.map(date_text),
                last_contact.map(date_text),
                agreed.as_ref().map(|a| &a.0),
                agreed.as_ref().map(|a| &a.1),
                (!p.plan.is_empty()).then_some(&by),
                (!p.plan.is_empty()).then_some(&at),
            ])?;
            let id = tx.last_insert_rowid();
            ids.push(id);
            write_derived_columns(tx, id, &p.mobile, &p.certificate, today)?;
            if let Some(n) = &c.needs {
                write_needs(tx, id, n, &by, &at)?;
            }
            if let Some(a) = &c.assessment {
                write_assessment(tx, id, a, &by, &at)?;
            }
            if let Some(d) = &c.difficulty {
                write_difficulty(tx, id, d, &by, &at)?;
            }
            for (s, done, outcome) in &c.steps {
                write_step(tx, id, s, *done, outcome, &by, &at)?;
            }
            for contact in &c.contacts {
                write_contact(tx, id, p.counselor_id, by_actor, contact, &at)?;
            }
            if let Some(h) = &c.household {
                write_household(tx, id, h, &by, &at)?;
            }
            if let Some((job, follow_ups)) = &c.placement {
                write_placement(tx, id, job, follow_ups, &by, &at)?;
            }
            for r in &c.recommendations {
                let (what, target) = match r {
                    Recommended::Job(t) => ("job", t),
                    Recommended::Course(t) => ("course", t),
                };
                tx.prepare_cached(
                    "INSERT INTO recommendations (profile_id, what, target_id, note, by, at)
                     VALUES (?1, ?2, ?3, '', ?4, ?5)",
                )?
                .execute(params![id, what, target, by, at])?;
            }
        }
        Ok(ids)
    }
}
