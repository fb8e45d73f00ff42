//! The command line: exit codes, plain one-sentence errors, seeding and
//! keymap checks.

use std::process::Command;

fn jobdesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobdesk"));
    cmd.env_remove("JOBDESK_DB")
        .env_remove("JOBDESK_LANG")
        .env_remove("JOBDESK_KEYMAP");
    cmd
}

#[test]
fn bad_arguments_exit_2() {
    let out = jobdesk().args(["--lang", "fr"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zh-CN or en"));
    let out = jobdesk().args(["seed", "--jobs", "lots"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn seed_writes_a_database_and_errors_are_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = jobdesk()
        .args([
            "seed",
            "--db",
            db.to_str().unwrap(),
            "--jobs",
            "25",
            "--lang",
            "zh-CN",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Wrote 25 jobs"));
    // A folder that does not exist: exit 1, one line.
    let out = jobdesk()
        .args(["seed", "--db", "/nonexistent/folder/x.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("jobdesk: "));
}

#[test]
fn check_keymaps_reports_file_and_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[global]\n\"f5\" = \"help\"\n").unwrap();
    let out = jobdesk()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--check-keymaps", "--keymap", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[global]\n\"f5\" = \"help\"\n\"f6\" = \"jump\"\n[list]\n\"ctrl-\" = \"next\"\n",
    )
    .unwrap();
    let out = jobdesk()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--check-keymaps", "--keymap", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let path = bad.display().to_string();
    assert!(
        err.contains(&format!("{path}:3: unknown command \"jump\"")),
        "{err}"
    );
    assert!(err.contains(&format!("{path}:5: ")), "{err}");
}
