//! A server that accepts and never answers: the real binary with
//! `--remote` in a pseudo-terminal. Store calls run off the interface's
//! thread, so every key is answered while a call waits, Esc stops the
//! wait and Ctrl+Q quits at once. The client's timeout is a minute, so
//! nothing here can pass by the call timing out.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::pty::{Pty, keys, said, wait_said};

/// Accepts connections on 127.0.0.1 and holds them open, reading nothing
/// and answering nothing. Returns its URL.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("http://127.0.0.1:{port}")
}

const WORKING: &str = "Working… Press Escape to stop waiting.";

#[test]
fn keys_esc_and_ctrl_q_answer_while_the_server_never_does() {
    let url = silent_server();
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("client.log");
    let spoken = home.path().join("said.txt");
    let speech = format!("file:{}", spoken.display());
    let mut p = Pty::start(
        home.path(),
        &[
            "--remote",
            &url,
            "--lang",
            "en",
            "--speech",
            &speech,
            "--log",
            log.to_str().unwrap(),
        ],
        24,
        100,
        &[("JOBDESK_REMOTE_TIMEOUT_SECONDS", "60")],
    );
    p.wait_for("the login screen", |p| {
        p.rows()[0].starts_with("Log in to the jobdesk server") && p.cursor_on_focus()
    });
    p.send("me");
    p.wait_for("the login name", |p| p.rows()[1].ends_with("me"));
    p.key_until_field(keys::ENTER, "PIN or password (required):");
    p.send("1234");
    p.wait_for("the stars", |p| p.rows()[2].ends_with("****"));

    // Log in: the server never answers; after a moment the line says so.
    p.send(keys::ENTER);
    p.wait_for("the working announcement", |p| p.screen().contains(WORKING));
    wait_said(&spoken, "the working announcement", |s| {
        s.iter().any(|l| l.contains(WORKING))
    });

    // Keys are answered meanwhile: help opens and closes, focus moves.
    let pressed = Instant::now();
    p.send(keys::F1);
    p.wait_for("help", |p| p.rows()[0].starts_with("Help for: Log in"));
    eprintln!(
        "F1 with a call waiting: help shown in {:?}",
        pressed.elapsed()
    );
    // Esc on help closes help: the wait is the login screen's.
    p.key_until_field(keys::ESC, "PIN or password (required):");
    assert!(p.rows()[0].starts_with("Log in to the jobdesk server"));
    p.key_until_field(keys::UP, "Login name");
    p.key_until_field(keys::DOWN, "PIN or password (required):");

    // Esc on the login screen stops the wait, and stays.
    p.send(keys::ESC);
    p.wait_for("the wait abandoned", |p| {
        p.screen()
            .contains("Stopped waiting. If the answer still comes, it will be ignored.")
    });
    assert!(p.rows()[0].starts_with("Log in to the jobdesk server"));
    let working_said = said(&spoken).iter().filter(|l| l.contains(WORKING)).count();
    assert_eq!(working_said, 1, "said once: {:?}", said(&spoken));
    // Typing still works: the field takes characters.
    p.send("5");
    p.wait_for("a star typed", |p| p.rows()[2].ends_with("*****"));

    // Log in again, and quit while it waits: at once, not after the
    // minute's timeout.
    p.send(keys::ENTER);
    p.wait_for("the second wait", |p| p.screen().contains(WORKING));
    let asked = Instant::now();
    p.send(keys::CTRL_Q);
    let status = loop {
        if let Some(status) = p.child.try_wait().expect("the child's status") {
            break status;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "jobdesk did not quit; the screen is:\n{}",
            p.screen()
        );
        std::thread::sleep(Duration::from_millis(1));
    };
    let took = asked.elapsed();
    eprintln!("Ctrl+Q with a call waiting: exited in {took:?}");
    assert!(status.success(), "{status:?}");
}
