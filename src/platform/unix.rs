//! Unix (Linux, and the BSDs and macOS by POSIX): file modes, a Unix
//! socket for speech-dispatcher, signal-hook for signals, libc for limits.
//! The only `unsafe` of the crate is here, each call with its reason.
#![allow(unsafe_code)]

use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Stop;

/// Options that create a file only its owner may read (0600): logs and
/// speech files hold mobile and certificate numbers.
pub fn private_file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.mode(0o600);
    options
}

/// Creates a folder and its parents; new ones only the owner may enter
/// (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// The stream speech-dispatcher listens on (its `unix_socket`).
pub type LocalStream = std::os::unix::net::UnixStream;

/// Makes Ctrl+C, Ctrl+\ and Ctrl+Z (SIGINT, SIGQUIT, SIGTSTP) do nothing,
/// whoever sends them: a kiosk never gives way to a shell.
pub fn ignore_interactive_stops() -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGQUIT, SIGTSTP};
    for signal in [SIGINT, SIGQUIT, SIGTSTP] {
        signal_hook::flag::register(signal, Arc::new(AtomicBool::new(false)))?;
    }
    Ok(())
}

/// Sets `flag` when SIGTERM arrives (the kiosk's supervisor stops then).
pub fn flag_on_terminate(flag: Arc<AtomicBool>) -> io::Result<()> {
    signal_hook::flag::register(signal_hook::consts::SIGTERM, flag).map(|_| ())
}

/// The stop signals a program waits for, registered when this is made, so
/// that one arriving before [`StopSignals::wait`] is not lost.
pub struct StopSignals(signal_hook::iterator::Signals);

impl std::fmt::Debug for StopSignals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StopSignals")
    }
}

impl StopSignals {
    pub fn new(stops: &[Stop]) -> io::Result<Self> {
        let numbers: Vec<i32> = stops
            .iter()
            .map(|stop| match stop {
                Stop::Terminate => signal_hook::consts::SIGTERM,
                Stop::Hangup => signal_hook::consts::SIGHUP,
                Stop::Interrupt => signal_hook::consts::SIGINT,
            })
            .collect();
        signal_hook::iterator::Signals::new(numbers).map(StopSignals)
    }

    /// Blocks until one of the signals arrives; its number (for an exit
    /// code of 128 + number).
    pub fn wait(&mut self) -> Option<i32> {
        self.0.forever().next()
    }
}

/// The soft limit on open files, if there is one.
pub fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

/// The soft limit on the address space in bytes, if there is one.
pub fn address_space_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

/// Raises the soft open-file limit to the hard one, at most 65,536.
pub fn raise_open_file_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: both calls only read and write the struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max.min(65_536);
            let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Makes big allocations (an argon2 check takes 19 MiB) go straight to the
/// system and back when freed. Without this, glibc raises its mmap
/// threshold after the first such free and every blocking thread's arena
/// keeps its own 19 MiB for good: a login flood then grows the process by
/// hundreds of MiB even though only a few checks ever run at once. Other
/// C libraries do not need it.
pub fn return_big_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: mallopt only changes allocator tuning; setting the
            // threshold explicitly also stops its dynamic adjustment.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
            }
        });
    }
}
