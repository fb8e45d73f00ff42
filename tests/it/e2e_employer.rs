//! End to end, the employer side over a server, in both languages: the
//! jobseeker applies, the employer logs in to the real binary in a
//! pseudo-terminal, opens the application and invites them to a remote
//! interview; the jobseeker logs in and their application reads the
//! invitation.

use crate::common::pty::{self, Pty, keys};
use crate::common::server::{PIN, TestServer};
use jobdesk::domain::Actor;
use jobdesk::i18n::Lang;
use jobdesk::store::accounts::{Owner, Role};
use jobdesk::store::*;

fn log_in(home: &std::path::Path, url: &str, lang: Lang, login: &str, menu_first: &str) -> Pty {
    let log = home.join(format!("{login}.log"));
    let mut p = Pty::start(
        home,
        &[
            "--remote",
            url,
            "--lang",
            lang.code(),
            "--log",
            log.to_str().unwrap(),
        ],
        24,
        100,
        &[],
    );
    p.wait_for("the login screen", |p| p.cursor_on_focus());
    p.send(login);
    p.wait_for("the login name", |p| p.rows()[1].ends_with(login));
    p.send(keys::ENTER);
    p.wait_for("the PIN field", |p| {
        p.cursor_on_focus() && p.cursor().0 == 2
    });
    p.send(PIN);
    p.key_until(keys::ENTER, menu_first);
    p
}

fn send_text(p: &mut Pty, text: &str) {
    p.send(text);
    p.wait_for(&format!("{text:?} typed"), |p| {
        p.at_cursor_row().ends_with(text)
    });
}

#[test]
fn an_employer_invites_a_jobseeker_who_applied_and_they_read_it() {
    for lang in [Lang::En, Lang::ZhCn] {
        let zh = lang == Lang::ZhCn;
        let server = TestServer::new(lang, 40);
        let direct = server.direct();
        let (_, job) = crate::employer_screens::unapplied_job(&direct);
        direct
            .add_account_owned("hr", Role::Employer, PIN, Owner::Employer(job.employer_id))
            .unwrap();
        // Where the job is in the employer's list (by closing date).
        let index = direct
            .employer_jobs(Actor::Employer(job.employer_id), job.employer_id)
            .unwrap()
            .iter()
            .position(|j| j.id == job.id)
            .unwrap();
        let name = direct.profile(server.me).unwrap().name;
        // The jobseeker applies over the server.
        let me = server.client_as("me");
        me.apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job.id,
            profile_id: server.me,
            note: String::new(),
            by: Actor::Jobseeker(server.me),
        })
        .unwrap();

        let home = tempfile::tempdir().unwrap();
        let url = server.url();
        let first = if zh {
            "第1条，共5条：我的岗位"
        } else {
            "1 of 5: My jobs"
        };
        let mut p = log_in(home.path(), &url, lang, "hr", first);
        p.key_until(keys::ENTER, if zh { "第1条，共" } else { "1 of " });
        for _ in 0..index {
            p.send(keys::DOWN);
        }
        p.wait_for("the job", |p| p.at_cursor().contains(&job.title));
        let row = if zh {
            format!("第1条，共1条：{name}，")
        } else {
            format!("1 of 1: {name}, submitted ")
        };
        p.key_until(keys::ENTER, &row);
        p.wait_for("not viewed", |p| {
            p.at_cursor()
                .ends_with(if zh { "未查看" } else { "not viewed" })
        });
        // Opening it marks it viewed.
        let name_line = if zh { "姓名：" } else { "Name: " };
        p.key_until_line(keys::ENTER, name_line);
        p.send(keys::CTRL_END);
        let decline = if zh {
            "不予录用"
        } else {
            "Decline, with a reason"
        };
        p.wait_for("the last action", |p| p.at_cursor().contains(decline));
        p.send(keys::UP);
        let invite = if zh {
            "邀请面试"
        } else {
            "Invite to an interview"
        };
        p.wait_for("invite", |p| p.at_cursor().contains(invite));
        p.send(keys::ENTER);
        p.wait_for("the invitation form", |p| {
            p.rows()[0].starts_with(if zh { "邀请" } else { "Invite " }) && p.cursor_on_focus()
        });
        p.key_until_field(keys::DOWN, if zh { "时间" } else { "Time" });
        send_text(&mut p, "10:30");
        p.send(keys::DOWN);
        p.wait_for("the mode", |p| {
            p.at_cursor_row()
                .contains(if zh { "线上面试" } else { "remote, online" })
        });
        p.key_until_field(keys::DOWN, if zh { "地点" } else { "Place" });
        send_text(&mut p, "Tencent Meeting 123 456");
        p.send(keys::DOWN);
        p.wait_for("send", |p| {
            p.at_cursor().contains(if zh { "发送" } else { "Send" })
        });
        p.send(keys::ENTER);
        p.wait_for("the invitation said", |p| {
            p.screen().contains(if zh {
                "面试。"
            } else {
                "is invited to an interview on"
            }) && p.cursor_on_focus()
        });
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());

        // The jobseeker logs in and reads it.
        let first = if zh { "第1条，共8条" } else { "1 of 8: " };
        let mut p = log_in(home.path(), &url, lang, "me", first);
        p.send(keys::DOWN);
        p.send(keys::DOWN);
        let mine = if zh {
            "我的求职申请"
        } else {
            "My applications"
        };
        p.wait_for("my applications", |p| p.at_cursor().contains(mine));
        p.key_until(keys::ENTER, if zh { "第1条，共1条" } else { "1 of 1: " });
        p.send(keys::ENTER);
        p.wait_for("the application", |p| {
            p.rows()[0].starts_with(if zh { "申请：" } else { "Application: " })
                && p.cursor_on_focus()
        });
        let join = if zh {
            "参加方式：Tencent Meeting 123 456"
        } else {
            "How to join: Tencent Meeting 123 456"
        };
        for _ in 0..12 {
            if p.screen().contains(join) {
                break;
            }
            p.send(keys::DOWN);
            p.wait_for("a line", |p| p.cursor_on_focus());
        }
        assert!(p.screen().contains(join), "{}", p.screen());
        let interview = if zh { "面试：" } else { "Interview: " };
        assert!(p.screen().contains(interview), "{}", p.screen());
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());
        let _ = pty::said;
    }
}

/// Moves down, a line at a time and each move seen on screen, until the
/// line under the cursor contains `text`.
fn down_until(p: &mut Pty, text: &str, limit: usize) {
    for _ in 0..limit {
        if p.at_cursor().contains(text) {
            return;
        }
        let before = p.at_cursor();
        p.send(keys::DOWN);
        p.wait_for("the next line", |p| {
            p.cursor_on_focus() && p.at_cursor() != before
        });
    }
    assert!(p.at_cursor().contains(text), "no {text:?}:\n{}", p.screen());
}

/// [`log_in`] with speech written to `said`.
fn log_in_heard(
    home: &std::path::Path,
    url: &str,
    lang: Lang,
    login: &str,
    said: &std::path::Path,
) -> Pty {
    let log = home.join(format!("{login}-heard.log"));
    let speech = format!("file:{}", said.display());
    let mut p = Pty::start(
        home,
        &[
            "--remote",
            url,
            "--lang",
            lang.code(),
            "--log",
            log.to_str().unwrap(),
            "--speech",
            &speech,
        ],
        24,
        100,
        &[],
    );
    p.wait_for("the login screen", |p| p.cursor_on_focus());
    p.send(login);
    p.wait_for("the login name", |p| p.rows()[1].ends_with(login));
    p.send(keys::ENTER);
    p.wait_for("the PIN field", |p| {
        p.cursor_on_focus() && p.cursor().0 == 2
    });
    p.send(PIN);
    p.send(keys::ENTER);
    p
}

/// Issue 15 from end to end, over a server, in the real binary: staff
/// import a job from the desk; the jobseeker (who has visited before)
/// applies; the employer opens the application and invites them to a
/// remote interview; at the jobseeker's next login jobdesk says what is
/// new, on screen and aloud, and What's new reads the invitation.
#[test]
fn staff_import_a_job_an_employer_invites_who_applied_and_they_hear_it() {
    for lang in [Lang::En, Lang::ZhCn] {
        let zh = lang == Lang::ZhCn;
        let server = TestServer::new(lang, 40);
        let direct = server.direct();
        let employer = direct.employers().unwrap()[0].clone();
        direct
            .add_account_owned("hr", Role::Employer, PIN, Owner::Employer(employer.id))
            .unwrap();
        direct
            .add_account_owned("desk", Role::Staff, PIN, Owner::Nobody)
            .unwrap();
        let home = tempfile::tempdir().unwrap();
        let url = server.url();
        let title = if zh {
            "导入的客服专员"
        } else {
            "Imported hotline agent"
        };
        let file = home.path().join("jobs.csv");
        std::fs::write(
            &file,
            format!(
                "external_id,title,employer,kind,district,salary_min,salary_max,closes_on\n\
                 E2E-1,{title},{},customer_service,Shinan,3000,4000,2099-12-31\n",
                employer.name
            ),
        )
        .unwrap();

        // The jobseeker's earlier visit: what's new counts from it.
        let mut p = log_in(
            home.path(),
            &url,
            lang,
            "me",
            if zh { "第1条，共" } else { "1 of " },
        );
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());

        // Staff import the job from the desk: checked, asked, written.
        let mut p = log_in(
            home.path(),
            &url,
            lang,
            "desk",
            if zh { "第1条，共" } else { "1 of " },
        );
        let import = lang.get("porter.menu");
        if !p.screen().contains(import) {
            p.send(keys::ESC);
            p.wait_for("the staff menu", |p| p.screen().contains(import));
        }
        down_until(&mut p, import, 14);
        p.key_until_line(keys::ENTER, lang.get("porter.kind"));
        p.key_until_field(keys::DOWN, lang.get("porter.file"));
        send_text(&mut p, file.to_str().unwrap());
        let would = if zh {
            "将新增岗位 1 个"
        } else {
            "1 job would be added"
        };
        p.send(keys::ENTER);
        p.wait_for("the check's outcome", |p| {
            p.cursor_on_focus() && p.at_cursor().starts_with(would)
        });
        let write = lang.get("porter.write");
        down_until(&mut p, write, 6);
        p.send(keys::ENTER);
        p.wait_for("the question", |p| {
            p.rows()[0].starts_with(lang.get("porter.confirm_heading"))
        });
        let added = if zh {
            "已新增岗位 1 个"
        } else {
            "1 job added"
        };
        p.send("y");
        p.wait_for("the import's outcome", |p| {
            p.cursor_on_focus() && p.at_cursor().starts_with(added)
        });
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());
        let job = direct
            .search_jobs(&JobQuery {
                text: title.into(),
                page_size: 5,
                ..JobQuery::default()
            })
            .unwrap()
            .items
            .into_iter()
            .find(|j| j.title == title)
            .expect("the imported job");

        // The jobseeker applies.
        server
            .client_as("me")
            .apply(&ApplyRequest {
                request_id: new_request_id(),
                job_id: job.id,
                profile_id: server.me,
                note: String::new(),
                by: Actor::Jobseeker(server.me),
            })
            .unwrap();

        // The employer invites them to a remote interview.
        let mut p = log_in(
            home.path(),
            &url,
            lang,
            "hr",
            if zh {
                "第1条，共5条：我的岗位"
            } else {
                "1 of 5: My jobs"
            },
        );
        p.key_until(keys::ENTER, if zh { "第1条，共" } else { "1 of " });
        down_until(&mut p, title, 10);
        let name = direct.profile(server.me).unwrap().name;
        let row = if zh {
            format!("第1条，共1条：{name}，")
        } else {
            format!("1 of 1: {name}, submitted ")
        };
        p.key_until(keys::ENTER, &row);
        p.key_until_line(keys::ENTER, if zh { "姓名：" } else { "Name: " });
        p.send(keys::CTRL_END);
        p.wait_for("the last action", |p| {
            p.at_cursor().contains(if zh {
                "不予录用"
            } else {
                "Decline, with a reason"
            })
        });
        p.send(keys::UP);
        p.wait_for("invite", |p| {
            p.at_cursor().contains(if zh {
                "邀请面试"
            } else {
                "Invite to an interview"
            })
        });
        p.send(keys::ENTER);
        p.wait_for("the invitation form", |p| {
            p.rows()[0].starts_with(if zh { "邀请" } else { "Invite " }) && p.cursor_on_focus()
        });
        p.key_until_field(keys::DOWN, if zh { "时间" } else { "Time" });
        send_text(&mut p, "10:30");
        p.send(keys::DOWN);
        p.wait_for("the mode", |p| {
            p.at_cursor_row()
                .contains(if zh { "线上面试" } else { "remote, online" })
        });
        p.key_until_field(keys::DOWN, if zh { "地点" } else { "Place" });
        send_text(&mut p, "Tencent Meeting 123 456");
        p.send(keys::DOWN);
        p.wait_for("send", |p| {
            p.at_cursor().contains(if zh { "发送" } else { "Send" })
        });
        p.send(keys::ENTER);
        p.wait_for("the invitation said", |p| {
            p.screen().contains(if zh {
                "面试。"
            } else {
                "is invited to an interview on"
            }) && p.cursor_on_focus()
        });
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());

        // The jobseeker logs in and hears it.
        let said = home.path().join("said.txt");
        let mut p = log_in_heard(home.path(), &url, lang, "me", &said);
        let sentence = if zh {
            "新动态：1份申请有变化，1个面试邀请。"
        } else {
            "What's new: 1 application changed, 1 interview invitation."
        };
        p.wait_for("the login sentence", |p| {
            p.screen().contains(sentence) && p.cursor_on_focus()
        });
        pty::wait_said(&said, "what's new", |said| {
            said.iter().any(|s| s.contains(sentence))
        });
        let first = if zh { "第1条，共" } else { "1 of " };
        let news = if zh {
            "新动态，2条"
        } else {
            "What's new, 2"
        };
        assert!(
            p.at_cursor().starts_with(first) && p.at_cursor().contains(news),
            "{}",
            p.screen()
        );
        let invitation = if zh {
            "面试邀请"
        } else {
            "Interview invitation"
        };
        p.send(keys::ENTER);
        p.wait_for("the invitation first", |p| {
            p.cursor_on_focus()
                && p.at_cursor().contains(invitation)
                && p.at_cursor().contains(title)
                && p.at_cursor().contains("10:30")
        });
        // It opens the application, which says how to join.
        p.send(keys::ENTER);
        p.wait_for("the application", |p| {
            p.rows()[0].starts_with(if zh { "申请：" } else { "Application: " })
                && p.cursor_on_focus()
        });
        let join = if zh {
            "参加方式：Tencent Meeting 123 456"
        } else {
            "How to join: Tencent Meeting 123 456"
        };
        for _ in 0..12 {
            if p.screen().contains(join) {
                break;
            }
            let before = p.at_cursor();
            p.send(keys::DOWN);
            p.wait_for("a line", |p| p.cursor_on_focus() && p.at_cursor() != before);
        }
        assert!(p.screen().contains(join), "{}", p.screen());
        p.send(keys::CTRL_Q);
        assert!(p.child.wait().unwrap().success());
    }
}
