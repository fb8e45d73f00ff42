//! The real binary in a pseudo-terminal, read through a terminal emulator
//! (vt100): keys in, screen and cursor out.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::text;
pub use text::without_position;

pub struct Pty {
    pub parser: vt100::Parser,
    /// Every byte the program wrote, for checks on the raw stream.
    pub raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// How long to wait for the program to show something. A generous bound
/// for slow machines, not a speed test: the wait ends as soon as it shows.
const PATIENCE: Duration = Duration::from_secs(30);

impl Pty {
    /// Starts jobdesk with `args`, its files kept under `home`.
    pub fn start(home: &Path, args: &[&str], rows: u16, cols: u16, env: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jobdesk"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TMPDIR", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("JOBDESK_LANG");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn jobdesk");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Pty {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(rows).expect("rows"),
                std::num::NonZeroU16::new(cols).expect("cols"),
                0,
            ),
            raw: Vec::new(),
            output,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn pump(&mut self, wait: Duration) -> bool {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    /// Waits until the screen satisfies `ready`; panics with the screen if
    /// it never does.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&Pty) -> bool) {
        let started = Instant::now();
        while !ready(self) {
            if started.elapsed() > PATIENCE {
                panic!("waited for {what}; the screen is:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(50));
        }
        // Take in whatever else is already there.
        while self.pump(Duration::from_millis(0)) {}
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    pub fn rows(&self) -> Vec<String> {
        let (_, cols) = self.parser.screen().size();
        self.parser
            .screen()
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    pub fn screen(&self) -> String {
        self.rows().join("\n")
    }

    /// (row, column) of the hardware cursor.
    pub fn cursor(&self) -> (u16, u16) {
        self.parser.screen().cursor_position()
    }

    /// The text of the row under the cursor, from the cursor on.
    pub fn at_cursor(&self) -> String {
        let (row, col) = self.cursor();
        let (_, cols) = self.parser.screen().size();
        self.parser
            .screen()
            .rows(col, cols.get().saturating_sub(col))
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// The whole row the cursor is on.
    pub fn at_cursor_row(&self) -> String {
        let row = usize::from(self.cursor().0);
        self.rows().get(row).cloned().unwrap_or_default()
    }

    /// The focused line (the marked one) starts where the cursor is.
    pub fn cursor_on_focus(&self) -> bool {
        let (row, col) = self.cursor();
        let rows = self.rows();
        !self.parser.screen().hide_cursor()
            && rows
                .get(usize::from(row))
                .is_some_and(|r| r.starts_with("> "))
            && col >= 2
    }

    /// Presses a key and waits until the line under the cursor starts with
    /// `expected`, with the cursor on its first character.
    pub fn key_until(&mut self, key: &str, expected: &str) {
        self.send(key);
        self.wait_for(
            &format!("{expected:?} under the cursor after {key:?}"),
            |p| p.cursor_on_focus() && p.cursor().1 == 2 && p.at_cursor().starts_with(expected),
        );
    }

    /// Presses a key and waits until the line under the cursor, after its
    /// position ("15 of 15: ", "第15条，共15条："), starts with `expected`.
    pub fn key_until_line(&mut self, key: &str, expected: &str) {
        self.send(key);
        self.wait_for(
            &format!("{expected:?} after a position under the cursor after {key:?}"),
            |p| {
                p.cursor_on_focus()
                    && p.cursor().1 == 2
                    && without_position(&p.at_cursor()).starts_with(expected)
            },
        );
    }

    /// Presses a key and waits until the focused line is a field starting
    /// with `label`, with the cursor at the end of its value.
    pub fn key_until_field(&mut self, key: &str, label: &str) {
        self.send(key);
        self.wait_for(&format!("the field {label:?} after {key:?}"), |p| {
            let (row, _) = p.cursor();
            let line = p.rows()[usize::from(row)].clone();
            p.cursor_on_focus() && line[2..].starts_with(label) && p.at_cursor().trim().is_empty()
        });
    }
}

impl Pty {
    /// jobdesk on a fresh demo database in `lang`, its files and log under
    /// `home`.
    pub fn demo(
        home: &Path,
        lang: &str,
        extra: &[&str],
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Pty {
        let log = home.join("jobdesk.log");
        let log = log.to_str().expect("utf-8 path");
        let mut args = vec!["--demo", "--lang", lang, "--log", log];
        // The demo's jobseeker, as the tests were written for (a kiosk
        // asks its own way).
        if !extra.contains(&"--kiosk") && !extra.contains(&"--as") {
            args.extend_from_slice(&["--as", "demo"]);
        }
        args.extend_from_slice(extra);
        Pty::start(home, &args, rows, cols, env)
    }
}

/// What `--speech file:PATH` has said so far, one utterance a line.
pub fn said(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Waits until what has been said satisfies `ready`; panics with it if it
/// never does.
pub fn wait_said(path: &Path, what: &str, ready: impl Fn(&[String]) -> bool) {
    let started = Instant::now();
    while !ready(&said(path)) {
        assert!(
            started.elapsed() < PATIENCE,
            "never said {what}; said {:?}",
            said(path)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Key sequences as an xterm sends them.
#[allow(dead_code)]
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const DOWN: &str = "\x1b[B";
    pub const UP: &str = "\x1b[A";
    pub const CTRL_END: &str = "\x1b[1;5F";
    pub const CTRL_HOME: &str = "\x1b[1;5H";
    pub const CTRL_Q: &str = "\x11";
    pub const ALT_H: &str = "\x1bh";
    pub const F1: &str = "\x1bOP";
}
