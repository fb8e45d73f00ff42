//! Speech output. The interface hands over what it would say (the focused
//! line or an announcement, without the visual marker); a `Speaker` says it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Something that speaks. A new utterance interrupts the one before.
pub trait Speaker {
    fn speak(&mut self, text: &str);
}

/// Says nothing.
#[derive(Debug, Default)]
pub struct Silent;

impl Speaker for Silent {
    fn speak(&mut self, _text: &str) {}
}

/// Writes one utterance per line: for tests, and to check what would be said.
#[derive(Debug)]
pub struct FileSpeaker {
    file: File,
    path: PathBuf,
}

impl FileSpeaker {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }
}

impl Speaker for FileSpeaker {
    fn speak(&mut self, text: &str) {
        let line = text.replace(['\n', '\r'], " ");
        if let Err(e) = writeln!(self.file, "{line}").and_then(|_| self.file.flush()) {
            tracing::warn!("cannot write speech to {}: {e}", self.path.display());
        }
    }
}

/// What `--speech` asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechMode {
    Off,
    Auto,
    SpeechDispatcher,
    Espeak,
    File(PathBuf),
}

impl SpeechMode {
    pub fn parse(s: &str) -> Result<SpeechMode, String> {
        match s {
            "off" => Ok(SpeechMode::Off),
            "auto" => Ok(SpeechMode::Auto),
            "spd" => Ok(SpeechMode::SpeechDispatcher),
            "espeak" => Ok(SpeechMode::Espeak),
            _ => match s.strip_prefix("file:") {
                Some(path) if !path.is_empty() => Ok(SpeechMode::File(PathBuf::from(path))),
                _ => Err(format!(
                    "unknown speech mode {s:?}; use auto, spd, espeak, off or file:PATH"
                )),
            },
        }
    }
}
