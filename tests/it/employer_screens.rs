//! The employer side on screen, in both languages: an employer's jobs,
//! the applications to one, an applicant (opening marks it viewed) and an
//! invitation to a remote interview; staff reach the same from a job's
//! page and act for the employer; the jobseeker's application reads the
//! invitation. The row under the cursor is checked after each key, and the
//! screen-reader contract after every key.

use jobdesk::domain::employer_side::{Interview, InterviewMode, Step};
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::accounts::Role;
use jobdesk::store::*;
use jobdesk::ui::DeskStart;
use jobdesk::ui::screens::desk::Desk;
use ratatui::backend::TestBackend;

use crate::common::{self, Harness, today};

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn typed(h: &mut Harness<TestBackend>, text: &str) {
    for c in text.chars() {
        let spec = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        keys(h, &[&spec]);
    }
}

/// Moves down from the top to the first line containing `text`.
fn focus_on(h: &mut Harness<TestBackend>, text: &str) {
    keys(h, &["ctrl-home"]);
    for _ in 0..200 {
        if h.focused_text().contains(text) {
            return;
        }
        let before = h.app.display().view.focus;
        keys(h, &["down"]);
        if h.app.display().view.focus == before {
            break;
        }
    }
    panic!("no line with {text:?} on:\n{}", h.screen());
}

/// Every line of the screen, read by moving down from the top.
fn read_all(h: &mut Harness<TestBackend>) -> Vec<String> {
    keys(h, &["ctrl-home"]);
    let mut lines = vec![h.focused_text()];
    for _ in 0..300 {
        let before = h.app.display().view.focus;
        keys(h, &["down"]);
        if h.app.display().view.focus == before {
            break;
        }
        lines.push(h.focused_text());
    }
    lines
}

/// The first job of the job list nobody has applied to (the seed applies
/// to some), with where it is in the list.
pub fn unapplied_job(store: &SqliteStore) -> (usize, Job) {
    let page = store
        .search_jobs(&JobQuery {
            page_size: 40,
            ..Default::default()
        })
        .unwrap();
    page.items
        .iter()
        .enumerate()
        .map(|(i, j)| (i, store.job(j.id).unwrap()))
        .find(|(_, j)| {
            store
                .employer_jobs(Actor::Employer(j.employer_id), j.employer_id)
                .unwrap()
                .iter()
                .any(|row| row.id == j.id && row.applications == 0)
        })
        .unwrap()
}

struct Setup {
    h: Harness<TestBackend>,
    job: Job,
    /// Where the job is in the first page of the job list.
    index: usize,
    /// Applied and agreed to share, then the one who withdrew consent.
    sharing: Id,
    private: Id,
    staff: Id,
}

fn person(s: &SqliteStore, n: u16, name: &str) -> Id {
    let profile = Profile {
        name: name.into(),
        mobile: format!("137{:08}", 500 + u32::from(n)),
        certificate: jobdesk::domain::certificate::sample(
            "370202",
            chrono::NaiveDate::from_ymd_opt(1990, 3, 7).unwrap(),
            500 + n,
            DisabilityCategory::Visual,
            2,
        ),
        district: Some(District::Shinan),
        education: Some(Education::SeniorSecondary),
        formats: vec![Format::Braille],
        needs: "A screen reader on the front-desk computer".into(),
        consent_at: today().and_hms_opt(9, 0, 0).map(|t| t.and_utc()),
        ..Profile::default()
    };
    s.save_profile(Actor::System, profile).unwrap().id
}

/// A seeded store where two people applied to the newest job; the desk
/// logged in as `who` (None: the job's employer).
fn setup(lang: Lang, who: Option<&str>) -> Setup {
    let (dir, store, _report) = common::seeded(lang, 40);
    let (index, job) = unapplied_job(&store);
    let sharing = person(&store, 1, "Zhang Wei");
    let private = person(&store, 2, "Li Na");
    for p in [sharing, private] {
        store
            .apply(&ApplyRequest {
                request_id: new_request_id(),
                job_id: job.id,
                profile_id: p,
                note: String::new(),
                by: Actor::Jobseeker(p),
            })
            .unwrap();
    }
    let mut withdrawn = store.profile(private).unwrap();
    withdrawn.consent_at = None;
    store
        .save_profile(Actor::Jobseeker(private), withdrawn)
        .unwrap();
    let staff = store
        .add_account("wang", Role::Staff, "2468", None, None)
        .unwrap()
        .id;
    let actor = match who {
        Some("staff") => Actor::Staff(staff),
        _ => Actor::Employer(job.employer_id),
    };
    let mut h = Harness::on(
        TestBackend::new(80, 24),
        dir,
        store,
        None,
        common::settings(lang),
        Keymap::default_keys(),
    );
    h.begin(|app| {
        app.start_desk(
            Desk {
                people: Vec::new(),
                demo_pin: None,
            },
            DeskStart::LoggedIn(actor),
        )
    });
    Setup {
        h,
        job,
        index,
        sharing,
        private,
        staff,
    }
}

fn submitted(lang: Lang) -> String {
    lang.date(today())
}

#[test]
fn an_employer_opens_an_applicant_and_invites_them_to_a_remote_interview() {
    for lang in [Lang::En, Lang::ZhCn] {
        let Setup {
            mut h,
            job,
            private,
            ..
        } = setup(lang, None);
        let zh = lang == Lang::ZhCn;
        let day = submitted(lang);
        let tomorrow = today().succ_opt().unwrap();
        // The employer's menu starts with its jobs.
        let first = if zh {
            "第1条，共5条：我的岗位和应聘申请"
        } else {
            "1 of 5: My jobs and their applications"
        };
        assert_eq!(h.at_cursor(), first, "{}", h.screen());
        keys(&mut h, &["enter"]);
        let heading = h.screen();
        assert!(
            heading.starts_with(if zh {
                "我的岗位，共"
            } else {
                "My jobs, "
            }),
            "{heading}"
        );
        let counted = if zh {
            format!("{}，2人申请", job.title)
        } else {
            format!("{}, 2 applied", job.title)
        };
        focus_on(&mut h, &counted);
        let row = h.focused_text();
        let counts = if zh {
            format!("{}，2人申请，2份未查看，", job.title)
        } else {
            format!("{}, 2 applied, 2 not viewed, closes ", job.title)
        };
        assert!(row.contains(&counts), "{row}");
        assert_eq!(h.at_cursor(), row);

        keys(&mut h, &["enter"]);
        let heading = if zh {
            format!("{}的应聘申请：共2份，2份未查看", job.title)
        } else {
            format!("Applications to {}: 2, 2 not viewed", job.title)
        };
        assert!(h.screen().starts_with(&heading), "{}", h.screen());
        let row = |n: u32, name: &str, status: &str| {
            if zh {
                format!("第{n}条，共2条：{name}，{day}提交，{status}")
            } else {
                format!("{n} of 2: {name}, submitted {day}, {status}")
            }
        };
        let not_viewed = if zh { "未查看" } else { "not viewed" };
        assert_eq!(h.at_cursor(), row(1, "Zhang Wei", not_viewed));
        keys(&mut h, &["down"]);
        assert_eq!(h.at_cursor(), row(2, "Li Na", not_viewed));

        // Li Na withdrew her consent: nothing of her disability is shown.
        keys(&mut h, &["enter"]);
        let name_line = if zh { "姓名：Li Na" } else { "Name: Li Na" };
        assert!(h.at_cursor().ends_with(name_line), "{}", h.at_cursor());
        let lines = read_all(&mut h).join("\n");
        let not_shared = if zh {
            "残疾信息：未提供；应聘人没有同意提供"
        } else {
            "Disability information: not shared; the applicant has not consented to share it"
        };
        assert!(lines.contains(not_shared), "{lines}");
        assert!(!lines.contains("front-desk computer"), "{lines}");
        // Opened: it is under review now.
        let status = if zh {
            "状态：审核中"
        } else {
            "Status: Under review"
        };
        assert!(
            lines.contains(status)
                || lines.contains(&format!(
                    "{}{}",
                    if zh { "状态：" } else { "Status: " },
                    lang.application_status(ApplicationStatus::UnderReview)
                )),
            "{lines}"
        );

        // Invite her to a remote interview.
        focus_on(
            &mut h,
            if zh {
                "邀请面试"
            } else {
                "Invite to an interview"
            },
        );
        keys(&mut h, &["enter"]);
        assert!(
            h.screen().starts_with(if zh {
                "邀请Li Na面试"
            } else {
                "Invite Li Na to an interview"
            }),
            "{}",
            h.screen()
        );
        let date = tomorrow.format("%Y-%m-%d").to_string();
        // The caret at the end of the date it offers: tomorrow.
        assert!(h.focused_text().ends_with(&date), "{}", h.focused_text());
        assert_eq!(h.at_cursor(), "");
        keys(&mut h, &["down"]);
        assert!(
            h.focused_text().contains(if zh {
                "时间，如 14:30"
            } else {
                "Time, as 14:30"
            }),
            "{}",
            h.focused_text()
        );
        typed(&mut h, "10:30");
        keys(&mut h, &["down"]);
        let remote = if zh { "线上面试" } else { "remote, online" };
        assert!(h.focused_text().contains(remote), "{}", h.focused_text());
        keys(&mut h, &["down"]);
        typed(&mut h, "Tencent Meeting 123 456");
        focus_on(&mut h, if zh { "发送" } else { "Send" });
        keys(&mut h, &["enter"]);
        let when = lang.date(tomorrow);
        let said = if zh {
            format!("已邀请Li Na于{when} 10:30面试。")
        } else {
            format!("Li Na is invited to an interview on {when} at 10:30.")
        };
        assert_eq!(h.app.announcement(), said);
        let lines = read_all(&mut h).join("\n");
        let interview = if zh {
            format!("面试：{when}，10:30，线上面试")
        } else {
            format!("Interview: {when}, 10:30, remote, online")
        };
        assert!(lines.contains(&interview), "{lines}");
        let join = if zh {
            "参加方式：Tencent Meeting 123 456"
        } else {
            "How to join: Tencent Meeting 123 456"
        };
        assert!(lines.contains(join), "{lines}");
        let by = if zh {
            format!("，操作人：{}", job.employer_name)
        } else {
            format!(", by {}", job.employer_name)
        };
        assert!(lines.contains(&by), "{lines}");

        // Kept on her application, for her to read.
        let hers = h.store.applications(private).unwrap();
        assert_eq!(
            hers[0].interview.as_deref().map(|i| i.details.as_str()),
            Some("Tencent Meeting 123 456")
        );
        assert_eq!(
            hers[0].history.last().map(|e| e.by),
            Some(Actor::Employer(job.employer_id))
        );
        // Back on the list: her row says so.
        keys(&mut h, &["esc"]);
        assert_eq!(
            h.at_cursor(),
            row(
                2,
                "Li Na",
                lang.application_status(ApplicationStatus::InterviewScheduled)
            )
        );
        keys(&mut h, &["up"]);
        assert_eq!(h.at_cursor(), row(1, "Zhang Wei", not_viewed));
        // Zhang Wei shares: category, level, needs and formats.
        keys(&mut h, &["enter"]);
        let lines = read_all(&mut h).join("\n");
        for shared in [
            lang.category(DisabilityCategory::Visual),
            lang.format_name(Format::Braille),
            "A screen reader on the front-desk computer",
        ] {
            assert!(lines.contains(shared), "{shared} not in {lines}");
        }
        assert!(!lines.contains("370202"), "{lines}");
    }
}

#[test]
fn staff_reach_a_jobs_applications_from_its_page_and_decline_for_the_employer() {
    for lang in [Lang::En, Lang::ZhCn] {
        let Setup {
            mut h,
            job,
            index,
            sharing,
            staff,
            ..
        } = setup(lang, Some("staff"));
        let zh = lang == Lang::ZhCn;
        focus_on(&mut h, if zh { "找工作" } else { "Jobs" });
        keys(&mut h, &["enter"]);
        let n = index + 1;
        focus_on(
            &mut h,
            &if zh {
                format!("第{n}条，共40条：{}", job.title)
            } else {
                format!("{n} of 40: {}", job.title)
            },
        );
        keys(&mut h, &["enter"]);
        let action = if zh {
            "这个岗位的应聘申请"
        } else {
            "Applications to this job"
        };
        focus_on(&mut h, action);
        assert!(h.at_cursor().ends_with(action), "{}", h.at_cursor());
        keys(&mut h, &["enter"]);
        let heading = if zh {
            format!("{}的应聘申请，代{}处理", job.title, job.employer_name)
        } else {
            format!("Applications to {}, for {}", job.title, job.employer_name)
        };
        // The heading may wrap at 80 columns (it is no focusable row).
        let screen = h.screen().replace('\n', if zh { "" } else { " " });
        assert!(screen.starts_with(&heading), "{}", h.screen());
        keys(&mut h, &["enter"]);
        focus_on(
            &mut h,
            if zh {
                "不予录用"
            } else {
                "Decline, with a reason"
            },
        );
        keys(&mut h, &["enter"]);
        // No reason: the error is said and focus stays on the field.
        focus_on(&mut h, if zh { "发送" } else { "Send" });
        keys(&mut h, &["enter"]);
        assert!(
            h.app
                .announcement()
                .contains(if zh { "原因" } else { "Reason" }),
            "{}",
            h.app.announcement()
        );
        // The caret waits at the end of the empty reason.
        assert!(
            h.focused_text()
                .contains(if zh { "原因" } else { "Reason" }),
            "{}",
            h.focused_text()
        );
        assert_eq!(h.at_cursor(), "");
        typed(&mut h, "The post was filled");
        focus_on(&mut h, if zh { "发送" } else { "Send" });
        keys(&mut h, &["enter"]);
        assert_eq!(
            h.app.announcement(),
            if zh {
                "已告知Zhang Wei不予录用。"
            } else {
                "Zhang Wei was declined."
            }
        );
        let lines = read_all(&mut h).join("\n");
        let by = if zh {
            format!("操作人：工作人员wang代{}", job.employer_name)
        } else {
            format!("by staff wang for {}", job.employer_name)
        };
        assert!(lines.contains(&by), "{lines}");
        // Recorded in the person's history as staff, for the employer.
        let a = h.store.applications(sharing).unwrap();
        let last = a[0].history.last().unwrap();
        assert_eq!(last.by, Actor::Staff(staff));
        assert_eq!(last.status, ApplicationStatus::NotSelected);
    }
}

#[test]
fn the_jobseekers_application_reads_the_invitation() {
    for lang in [Lang::En, Lang::ZhCn] {
        let (dir, store, report) = common::seeded(lang, 40);
        let me = report.me.unwrap();
        let (_, job) = unapplied_job(&store);
        let a = store
            .apply(&ApplyRequest {
                request_id: new_request_id(),
                job_id: job.id,
                profile_id: me,
                note: String::new(),
                by: Actor::Jobseeker(me),
            })
            .unwrap();
        let on = today() + chrono::Duration::days(2);
        store
            .respond(&EmployerResponse {
                request_id: new_request_id(),
                application_id: a.id,
                step: Step::Invite {
                    interview: Interview {
                        on,
                        at: chrono::NaiveTime::from_hms_opt(9, 15, 0).unwrap(),
                        mode: InterviewMode::Remote,
                        details: "WeChat video call to 0532 8291 1234".into(),
                    },
                },
                by: Actor::Employer(job.employer_id),
            })
            .unwrap();
        let mut h = Harness::on(
            TestBackend::new(80, 24),
            dir,
            store,
            Some(me),
            common::settings(lang),
            Keymap::default_keys(),
        );
        let zh = lang == Lang::ZhCn;
        focus_on(
            &mut h,
            if zh {
                "我的求职申请"
            } else {
                "My applications"
            },
        );
        keys(&mut h, &["enter"]);
        let status = lang.application_status(ApplicationStatus::InterviewScheduled);
        focus_on(&mut h, &job.title);
        assert!(h.at_cursor().contains(status), "{}", h.at_cursor());
        keys(&mut h, &["enter"]);
        let lines = read_all(&mut h).join("\n");
        let when = lang.date(on);
        let interview = if zh {
            format!("面试：{when}，09:15，线上面试")
        } else {
            format!("Interview: {when}, 09:15, remote, online")
        };
        assert!(lines.contains(&interview), "{lines}");
        let join = if zh {
            "参加方式：WeChat video call to 0532 8291 1234"
        } else {
            "How to join: WeChat video call to 0532 8291 1234"
        };
        assert!(lines.contains(join), "{lines}");
        let by = if zh {
            format!("操作人：{}", job.employer_name)
        } else {
            format!("by {}", job.employer_name)
        };
        assert!(lines.contains(&by), "{lines}");
    }
}
