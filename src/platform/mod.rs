//! What differs between operating systems, in one place: private files and
//! folders, the local socket speech-dispatcher listens on, the signals that
//! stop the program, and the process limits the server sizes itself by.
//!
//! `unix.rs` is what jobdesk is built and tested on (Linux). `other.rs` is
//! the fallback for every other system: it compiles, keeps what it can
//! (files are still written, the server still stops on Ctrl+C) and refuses
//! what it cannot make safe (a kiosk that cannot ignore Ctrl+C does not
//! start). A Windows port adds a `windows.rs` beside them; nothing outside
//! this folder needs to change.
//!
//! The SQLite store creates its database file private itself
//! (`store/sqlite.rs`), under the same `cfg(unix)`.

#[cfg(not(unix))]
mod other;
#[cfg(unix)]
mod unix;

#[cfg(not(unix))]
pub use other::*;
#[cfg(unix)]
pub use unix::*;

/// A signal that asks the program to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM: the service manager or `kill`.
    Terminate,
    /// SIGHUP: the terminal went away (an SSH connection dropped).
    Hangup,
    /// SIGINT: Ctrl+C outside raw mode.
    Interrupt,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_created_and_appended_to() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("private");
        for line in ["one", "two"] {
            let mut file = private_file_options()
                .create(true)
                .append(true)
                .open(&path)
                .expect("opened");
            writeln!(file, "{line}").expect("written");
        }
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one\ntwo\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_private_folder_is_created_with_its_parents() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("a/b");
        create_private_dir(&path).expect("created");
        create_private_dir(&path).expect("created again");
        assert!(path.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn the_open_file_limit_leaves_room() {
        if let Some(limit) = open_file_limit() {
            assert!(limit > 0);
        }
    }
}
