//! End to end against a server: the real binary with `--remote` in a
//! pseudo-terminal, a server in this process. Log in, apply, lose the
//! server, apply offline, get the server back, hear the delivery.

use crate::common::pty;

use crate::common::server::{PIN, TestServer};
use jobdesk::i18n::Lang;
use jobdesk::store::Store;
use pty::{Pty, keys};

#[test]
fn log_in_apply_offline_and_hear_the_delivery() {
    let mut server = TestServer::new(Lang::En, 40);
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("client.log");
    let url = server.url();
    let mut p = Pty::start(
        home.path(),
        &[
            "--remote",
            &url,
            "--lang",
            "en",
            "--log",
            log.to_str().unwrap(),
        ],
        24,
        100,
        &[("JOBDESK_OUTBOX_RETRY_MS", "200")],
    );
    // The login screen keeps the contract: heading, cursor on the field.
    p.wait_for("the login screen", |p| {
        p.rows()[0].starts_with("Log in to the jobdesk server") && p.cursor_on_focus()
    });
    p.send("me");
    p.wait_for("the login name", |p| p.rows()[1].ends_with("me"));
    p.key_until_field(keys::ENTER, "PIN or password (required):");
    p.send("9999");
    p.wait_for("the stars", |p| {
        p.rows()[2].ends_with("****") && !p.screen().contains("9999")
    });
    // A wrong PIN says how many tries are left and clears the field.
    p.send(keys::ENTER);
    p.wait_for("the wrong-PIN message", |p| {
        p.screen().contains("4 more tries")
    });
    assert!(p.rows()[2].ends_with("(required):"), "{}", p.screen());
    p.send(PIN);
    p.key_until(keys::ENTER, "1 of 8: Jobs");
    assert!(p.screen().contains("Logged in."));

    // Apply for the first job while the server is there.
    p.key_until(keys::ENTER, "1 of 40: ");
    p.key_until(keys::ENTER, "1 of 15: Title: ");
    p.key_until(keys::CTRL_END, "15 of 15: Apply for this job");
    p.key_until_field(keys::ENTER, "Note to the employer");
    p.key_until(keys::ENTER, "Part 1 of 2: Send your application");
    p.key_until("y", "15 of 15: Apply for this job");
    p.wait_for("the reference", |p| p.screen().contains("JD-"));

    // Open the next job; then the server goes away before it is sent.
    p.key_until(keys::ESC, "1 of 40: ");
    p.key_until(keys::DOWN, "2 of 40: ");
    p.key_until(keys::ENTER, "1 of 15: Title: ");
    p.key_until(keys::CTRL_END, "15 of 15: Apply for this job");
    p.key_until_field(keys::ENTER, "Note to the employer");
    p.key_until(keys::ENTER, "Part 1 of 2: Send your application");
    server.stop();
    p.key_until("y", "15 of 15: Apply for this job");
    p.wait_for("the offline message", |p| {
        p.screen()
            .contains("Saved on this computer; it will be sent when the connection returns.")
    });

    // It comes back: the delivery is announced without a key press.
    server.restart();
    // A frame may arrive in several reads: wait for the whole of it, the
    // message and the cursor back on the focused line.
    p.wait_for("the delivery, with the cursor on the focused line", |p| {
        p.screen()
            .contains("Sent from this computer: your application for")
            && p.cursor_on_focus()
    });
    assert_eq!(server.direct().applications(server.me).unwrap().len(), 2);
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().unwrap().success());
}
