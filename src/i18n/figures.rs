//! Figures in words: sentences in the reader's language, each read aloud
//! whole ("Caseload: 48 people."), never a table to be walked cell by
//! cell. The desk's figures screen and `jobdesk figures` both say them.

use super::Lang;
use crate::domain::casework::{
    EMPLOYMENT_RATE_TARGET_PERCENT, EMPLOYMENT_RATE_TARGET_YEAR, FigureScope, Figures, Retention,
    TargetKind, percent,
};

impl Lang {
    /// A count as the language writes it: "1,200" / "1200".
    pub fn number(self, n: u64) -> String {
        match u32::try_from(n) {
            Ok(n) => self.amount(n),
            Err(_) => n.to_string(),
        }
    }

    /// Whose figures: "counselor Li Na", "Shinan Center", "the whole
    /// city". `counselor_name` is the counselor's name when known.
    pub fn figure_scope(self, scope: &FigureScope, counselor_name: Option<&str>) -> String {
        match scope {
            FigureScope::Counselor(id) => match counselor_name {
                Some(name) => self.format("figures.scope_counselor", &[("name", &name)]),
                None => self.format("figures.scope_counselor_number", &[("id", id)]),
            },
            FigureScope::Center(name) => name.clone(),
            FigureScope::City => self.get("figures.scope_city").to_string(),
        }
    }

    /// The name of a yearly target: "new employment".
    pub fn target_kind(self, kind: TargetKind) -> &'static str {
        self.get(match kind {
            TargetKind::NewEmployment => "figures.target_name_new_employment",
            TargetKind::Training => "figures.target_name_training",
        })
    }

    /// The figures as sentences, one per line of the screen: who and
    /// when, the caseload, the two headline targets, the casework, new
    /// employment and retention, training, the targets set, then each
    /// district and each kind of work.
    pub fn figure_sentences(self, f: &Figures, scope_name: &str) -> Vec<String> {
        let n = |v: u64| self.number(v);
        let mut out = Vec::new();
        out.push(self.format(
            "figures.heading",
            &[
                ("scope", &scope_name),
                ("year", &f.year),
                ("date", &self.date(f.as_of)),
            ],
        ));
        out.push(self.plural(f.caseload, "figures.caseload_one", "figures.caseload_many"));
        out.push(self.plural(
            f.unemployed_working_age,
            "figures.unemployed_one",
            "figures.unemployed_many",
        ));
        let target = EMPLOYMENT_RATE_TARGET_PERCENT;
        let by = EMPLOYMENT_RATE_TARGET_YEAR;
        out.push(match f.employment_rate() {
            None => self.format("figures.rate_none", &[("target", &target), ("year", &by)]),
            Some(rate) if rate >= target => self.format(
                "figures.rate_met",
                &[("rate", &rate), ("target", &target), ("year", &by)],
            ),
            Some(rate) => {
                let points = target - rate;
                let key = if points == 1 {
                    "figures.rate_short_one"
                } else {
                    "figures.rate_short"
                };
                self.format(
                    key,
                    &[
                        ("rate", &rate),
                        ("target", &target),
                        ("year", &by),
                        ("points", &points),
                    ],
                )
            }
        });
        out.push(match f.households_cleared_rate() {
            None => self.get("figures.households_none").to_string(),
            Some(rate) => self.format(
                "figures.households",
                &[
                    ("registered", &n(f.zero_employment_households)),
                    ("cleared", &n(f.households_cleared)),
                    ("rate", &rate),
                ],
            ),
        });
        out.push(self.format(
            "figures.casework",
            &[
                ("needs", &n(f.needs_registered)),
                ("assessed", &n(f.assessed)),
                ("difficulty", &n(f.difficulty_recognised)),
            ],
        ));
        out.push(self.format(
            "figures.placements",
            &[
                ("year", &f.year),
                ("placed", &n(f.placed)),
                ("recorded", &n(f.placements_recorded)),
            ],
        ));
        out.push(self.retention(3, f.retention_3));
        out.push(self.retention(6, f.retention_6));
        out.push(self.format(
            "figures.training",
            &[
                ("year", &f.year),
                ("registrations", &n(f.training_registrations)),
                ("completions", &n(f.training_completions)),
            ],
        ));
        if f.targets.is_empty() {
            out.push(self.format("figures.no_targets", &[("year", &f.year)]));
        }
        for (t, reached) in &f.targets {
            let key = match t.kind {
                TargetKind::NewEmployment => "figures.target_new_employment",
                TargetKind::Training => "figures.target_training",
            };
            let pct = percent(*reached, t.value)
                .map(|p| p.to_string())
                .unwrap_or_else(|| "0".into());
            out.push(self.format(
                key,
                &[
                    ("year", &t.year),
                    ("reached", &n(*reached)),
                    ("value", &n(t.value)),
                    ("percent", &pct),
                ],
            ));
        }
        for d in &f.by_district {
            out.push(self.format(
                &Self::plural_key("figures.district", d.placements),
                &[
                    ("district", &self.district(d.district)),
                    ("caseload", &n(d.caseload)),
                    ("unemployed", &n(d.unemployed_working_age)),
                    ("placements", &n(d.placements)),
                ],
            ));
        }
        if f.by_kind.is_empty() {
            out.push(self.format("figures.no_placements", &[("year", &f.year)]));
        }
        for (kind, count) in &f.by_kind {
            let key = if *count == 1 {
                "figures.kind_one"
            } else {
                "figures.kind_many"
            };
            out.push(self.format(
                key,
                &[
                    ("kind", &self.work_kind(*kind)),
                    ("n", &n(*count)),
                    ("year", &f.year),
                ],
            ));
        }
        out
    }

    fn retention(self, months: u8, r: Retention) -> String {
        match percent(r.confirmed, r.due) {
            None => self.format("figures.retention_none", &[("months", &months)]),
            Some(rate) => self.format(
                "figures.retention",
                &[
                    ("months", &months),
                    ("confirmed", &self.number(r.confirmed)),
                    ("due", &self.number(r.due)),
                    ("rate", &rate),
                ],
            ),
        }
    }

    /// The first key for one, the second for other counts, with `{n}`.
    pub fn plural(self, n: u64, one: &str, many: &str) -> String {
        let key = if n == 1 { one } else { many };
        self.format(key, &[("n", &self.number(n))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::casework::{DistrictFigures, Target};
    use crate::domain::{District, WorkKind};
    use chrono::NaiveDate;

    pub(crate) fn sample() -> Figures {
        Figures {
            scope: FigureScope::Counselor(1),
            year: 2025,
            as_of: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
            caseload: 48,
            working_age: 50,
            working_age_employed: 29,
            unemployed_working_age: 31,
            needs_registered: 40,
            assessed: 35,
            difficulty_recognised: 12,
            placements_recorded: 230,
            placed: 212,
            retention_3: Retention {
                due: 45,
                confirmed: 40,
            },
            retention_6: Retention::default(),
            training_registrations: 30,
            training_completions: 12,
            zero_employment_households: 4,
            households_cleared: 3,
            by_district: vec![
                DistrictFigures {
                    district: District::Shinan,
                    caseload: 20,
                    unemployed_working_age: 8,
                    placements: 5,
                },
                DistrictFigures {
                    district: District::Shibei,
                    caseload: 3,
                    unemployed_working_age: 2,
                    placements: 1,
                },
            ],
            by_kind: vec![(WorkKind::HealthMassage, 5), (WorkKind::DataLabelling, 1)],
            targets: vec![(
                Target {
                    kind: TargetKind::NewEmployment,
                    year: 2025,
                    value: 300,
                },
                212,
            )],
        }
    }

    #[test]
    fn figures_are_said_as_sentences_in_english() {
        let lines = Lang::En.figure_sentences(&sample(), "counselor Li Na");
        let expected = [
            "Figures of counselor Li Na for 2025, counted on 15 Nov 2025.",
            "Caseload: 48 people.",
            "31 unemployed certificate holders of working age.",
            "Employment rate of working-age holders: 58%, the target is 60% by the end of 2025: 2 points short.",
            "Zero-employment households: 4 registered, 3 cleared, 75%; the target is all.",
            "New employment 2025: 212 of the 300 set, 70%.",
            "Shinan: 20 in the caseload, 8 unemployed of working age, 5 placements.",
            "Shibei: 3 in the caseload, 2 unemployed of working age, 1 placement.",
            "Health massage: 5 placements in 2025.",
            "Data labelling: 1 placement in 2025.",
            "Retention at 3 months: 40 of 45 confirmed, 88%.",
            "Retention at 6 months: none due yet.",
        ];
        for line in expected {
            assert!(
                lines.iter().any(|l| l == line),
                "{line:?} not in {lines:#?}"
            );
        }
        // Nothing a screen reader would read as a table: no tabs, no
        // column separators, every line a sentence.
        for line in &lines {
            assert!(!line.contains('\t') && !line.contains('|'), "{line}");
            assert!(line.ends_with('.'), "{line}");
        }
    }

    #[test]
    fn figures_are_said_as_sentences_in_chinese() {
        let lines = Lang::ZhCn.figure_sentences(&sample(), "全市");
        for line in [
            "全市2025年数据，统计至2025年11月15日。",
            "服务对象：48人。",
            "劳动年龄段未就业持证残疾人：31人。",
            "劳动年龄段持证残疾人就业率：58%，目标是2025年底达到60%：还差2个百分点。",
            "零就业家庭：登记4户，已清零3户，占75%；目标是全部清零。",
            "2025年新增就业：目标300人，已完成212人，占70%。",
        ] {
            assert!(
                lines.iter().any(|l| l == line),
                "{line:?} not in {lines:#?}"
            );
        }
        for line in &lines {
            assert!(line.ends_with('。'), "{line}");
        }
    }

    #[test]
    fn the_rate_target_is_said_met_short_or_not_yet_countable() {
        let mut f = sample();
        f.working_age_employed = 30;
        let lines = Lang::En.figure_sentences(&f, "x");
        assert!(lines.iter().any(|l| l == "Employment rate of working-age holders: 60%, the target of 60% by the end of 2025 is met."), "{lines:#?}");
        f.working_age_employed = 29;
        f.working_age = 49;
        let lines = Lang::En.figure_sentences(&f, "x");
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("59%, the target is 60% by the end of 2025: 1 point short.")),
            "{lines:#?}"
        );
        f.working_age = 0;
        f.zero_employment_households = 0;
        f.caseload = 1;
        let lines = Lang::En.figure_sentences(&f, "x");
        assert!(lines.iter().any(|l| l.contains("nobody of working age")));
        assert!(
            lines
                .iter()
                .any(|l| l == "Zero-employment households: none registered.")
        );
        assert!(lines.iter().any(|l| l == "Caseload: 1 person."));
    }
}
