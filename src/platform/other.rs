//! Every system that is not Unix, until it has a module of its own. Built
//! for Windows by `cargo check --target x86_64-pc-windows-gnu`, never run.

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Stop;

/// Plain options: the file's folder (the data folder) is what keeps it
/// private here; a port sets an access list.
pub fn private_file_options() -> std::fs::OpenOptions {
    std::fs::OpenOptions::new()
}

/// Creates a folder and its parents (the user's own profile folder keeps
/// them private on Windows).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// No local socket: connecting always fails, so speech goes to espeak-ng
/// or a file, as when speech-dispatcher is not installed.
#[derive(Debug)]
pub struct LocalStream;

impl LocalStream {
    pub fn connect(_path: &Path) -> io::Result<LocalStream> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "speech-dispatcher needs a Unix socket",
        ))
    }

    pub fn try_clone(&self) -> io::Result<LocalStream> {
        Ok(LocalStream)
    }

    pub fn set_read_timeout(&self, _timeout: Option<std::time::Duration>) -> io::Result<()> {
        Ok(())
    }

    pub fn set_write_timeout(&self, _timeout: Option<std::time::Duration>) -> io::Result<()> {
        Ok(())
    }
}

impl io::Read for LocalStream {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Ok(0)
    }
}

impl io::Write for LocalStream {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::Unsupported.into())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A kiosk that cannot make Ctrl+C and Ctrl+Break do nothing must not
/// start: it would give way to a shell.
pub fn ignore_interactive_stops() -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "the kiosk runs only on Linux for now",
    ))
}

/// Nothing to register: the supervisor runs only with a kiosk, which
/// [`ignore_interactive_stops`] refuses here.
pub fn flag_on_terminate(_flag: Arc<AtomicBool>) -> io::Result<()> {
    Ok(())
}

/// Ctrl+C (tokio's console handler) when `Stop::Interrupt` is asked for;
/// the other stops have no portable form.
#[derive(Debug)]
pub struct StopSignals {
    interrupt: bool,
}

impl StopSignals {
    pub fn new(stops: &[Stop]) -> io::Result<Self> {
        Ok(StopSignals {
            interrupt: stops.contains(&Stop::Interrupt),
        })
    }

    /// Blocks until Ctrl+C (2, as SIGINT), or for ever when it was not
    /// asked for.
    pub fn wait(&mut self) -> Option<i32> {
        if self.interrupt {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(tokio::signal::ctrl_c()).ok()?;
            return Some(2);
        }
        loop {
            std::thread::park();
        }
    }
}

pub fn open_file_limit() -> Option<u64> {
    None
}

pub fn address_space_limit() -> Option<u64> {
    None
}

pub fn raise_open_file_limit() {}

pub fn return_big_allocations() {}
