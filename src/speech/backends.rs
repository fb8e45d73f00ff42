//! The synthesisers: speech-dispatcher over its socket (SSIP), espeak-ng as
//! a child process, and a file with one utterance per line.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{Backend, Voice};
use crate::i18n::Lang;
use crate::platform::LocalStream;

/// Writes one utterance per line, for tests and for checking what would
/// be said.
pub struct FileBackend {
    file: File,
}

impl FileBackend {
    /// Opens the file for appending; a new file is private (0600): what is
    /// said includes mobile and certificate numbers.
    pub fn create(path: &Path) -> Result<Self, String> {
        crate::platform::private_file_options()
            .create(true)
            .append(true)
            .open(path)
            .map(|file| FileBackend { file })
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

impl Backend for FileBackend {
    fn say(&mut self, text: &str, _voice: &Voice) {
        let line = text.replace(['\n', '\r'], " ");
        if let Err(e) = writeln!(self.file, "{line}").and_then(|_| self.file.flush()) {
            tracing::warn!("cannot write speech: {e}");
        }
    }

    fn cancel(&mut self) {}
}

#[cfg(all(test, unix))]
mod file_tests {
    use super::*;

    #[test]
    fn a_new_speech_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("spoken-lines");
        let _backend = FileBackend::create(&path).expect("created");
        let mode = std::fs::metadata(&path)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// espeak-ng, run once per utterance; cancelling kills it.
pub struct Espeak {
    program: PathBuf,
    child: Option<Child>,
}

/// Finds a program on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(&file))
            .find(|p| p.is_file())
    })
}

impl Espeak {
    pub fn find() -> Result<Self, String> {
        on_path("espeak-ng")
            .or_else(|| on_path("espeak"))
            .map(|program| Espeak {
                program,
                child: None,
            })
            .ok_or_else(|| "espeak-ng is not installed".to_string())
    }

    /// espeak-ng with the voice for `lang` (Mandarin for Chinese), checked
    /// by asking it for that voice without sound.
    pub fn find_for(lang: Lang) -> Result<Self, String> {
        let espeak = Espeak::find()?;
        let voice = Espeak::args("", &Voice::new(lang))[1].clone();
        let status = Command::new(&espeak.program)
            .args(["-q", "-v", &voice, "."])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", espeak.program.display()))?;
        if status.success() {
            Ok(espeak)
        } else {
            Err(format!(
                "{} has no voice {voice:?} ({status})",
                espeak.program.display()
            ))
        }
    }

    /// The arguments for one utterance: Mandarin for Chinese, the rate in
    /// words a minute, the amplitude out of 200.
    pub fn args(text: &str, voice: &Voice) -> Vec<String> {
        let language = match voice.lang {
            Lang::En => "en",
            Lang::ZhCn => "cmn",
        };
        vec![
            "-v".into(),
            language.into(),
            "-s".into(),
            (175 + voice.rate).clamp(80, 450).to_string(),
            "-a".into(),
            (100 + voice.volume).clamp(0, 200).to_string(),
            "--".into(),
            text.into(),
        ]
    }
}

impl Backend for Espeak {
    fn say(&mut self, text: &str, voice: &Voice) {
        match Command::new(&self.program)
            .args(Espeak::args(text, voice))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => self.child = Some(child),
            Err(e) => tracing::warn!("espeak-ng: {e}"),
        }
    }

    fn cancel(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// speech-dispatcher through its socket, with the SSIP text protocol.
pub struct SpeechDispatcher {
    stream: LocalStream,
    reader: BufReader<LocalStream>,
    voice: Option<Voice>,
}

impl SpeechDispatcher {
    /// The socket: `SPEECHD_ADDRESS=unix_socket:PATH`, else the per-user
    /// default under `XDG_RUNTIME_DIR`.
    pub fn socket_path() -> Option<PathBuf> {
        if let Ok(address) = std::env::var("SPEECHD_ADDRESS")
            && let Some(path) = address.strip_prefix("unix_socket:")
        {
            return Some(PathBuf::from(path));
        }
        std::env::var_os("XDG_RUNTIME_DIR")
            .map(|d| PathBuf::from(d).join("speech-dispatcher/speechd.sock"))
    }

    pub fn connect() -> Result<Self, String> {
        let path = SpeechDispatcher::socket_path().ok_or("no speech-dispatcher socket")?;
        SpeechDispatcher::connect_to(&path)
    }

    pub fn connect_to(path: &Path) -> Result<Self, String> {
        let stream = LocalStream::connect(path)
            .map_err(|e| format!("speech-dispatcher at {}: {e}", path.display()))?;
        // A daemon that stops answering must not hold the speech thread
        // for ever; the watchdog notices the slow call before this.
        stream
            .set_read_timeout(Some(super::STALL * 2))
            .and_then(|_| stream.set_write_timeout(Some(super::STALL * 2)))
            .map_err(|e| e.to_string())?;
        let reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
        let mut spd = SpeechDispatcher {
            stream,
            reader,
            voice: None,
        };
        let user = std::env::var("USER").unwrap_or_else(|_| "user".into());
        spd.command(&format!("SET SELF CLIENT_NAME {user}:jobdesk:main"))
            .map_err(|e| format!("speech-dispatcher at {}: {e}", path.display()))?;
        Ok(spd)
    }

    /// Sends one line and reads the reply, which may span several lines
    /// (`NNN-` continues, `NNN ` ends). 2xx is success.
    fn command(&mut self, line: &str) -> Result<String, String> {
        self.stream
            .write_all(format!("{line}\r\n").as_bytes())
            .map_err(|e| e.to_string())?;
        self.reply()
    }

    fn reply(&mut self) -> Result<String, String> {
        loop {
            let mut reply = String::new();
            if self
                .reader
                .read_line(&mut reply)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                        format!("no answer within {} seconds", (super::STALL * 2).as_secs())
                    }
                    _ => e.to_string(),
                })?
                == 0
            {
                return Err("speech-dispatcher closed the connection".into());
            }
            if reply.len() >= 4 && reply.as_bytes()[3] == b'-' {
                continue;
            }
            return if reply.starts_with('2') {
                Ok(reply)
            } else {
                Err(reply.trim().to_string())
            };
        }
    }

    fn set_voice(&mut self, voice: &Voice) -> Result<(), String> {
        if self.voice.as_ref() == Some(voice) {
            return Ok(());
        }
        let language = match voice.lang {
            Lang::En => "en",
            Lang::ZhCn => "zh",
        };
        self.command(&format!("SET SELF LANGUAGE {language}"))?;
        self.command(&format!("SET SELF RATE {}", voice.rate))?;
        self.command(&format!("SET SELF VOLUME {}", voice.volume))?;
        self.voice = Some(*voice);
        Ok(())
    }

    fn speak(&mut self, text: &str, voice: &Voice) -> Result<(), String> {
        self.set_voice(voice)?;
        self.command("SPEAK")?;
        // The message ends with a line holding one dot; a line of the text
        // that starts with a dot gets a second one.
        let mut body = String::new();
        for line in text.lines() {
            if line.starts_with('.') {
                body.push('.');
            }
            body.push_str(line);
            body.push_str("\r\n");
        }
        body.push_str(".\r\n");
        self.stream
            .write_all(body.as_bytes())
            .map_err(|e| e.to_string())?;
        self.reply().map(|_| ())
    }
}

impl Backend for SpeechDispatcher {
    fn say(&mut self, text: &str, voice: &Voice) {
        if let Err(e) = self.speak(text, voice) {
            tracing::warn!("speech-dispatcher: {e}");
        }
    }

    fn cancel(&mut self) {
        if let Err(e) = self.command("CANCEL SELF") {
            tracing::warn!("speech-dispatcher: {e}");
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Read;
    use std::os::unix::net::UnixListener;

    use super::*;

    #[test]
    fn espeak_gets_mandarin_rate_and_amplitude() {
        let voice = Voice {
            lang: Lang::ZhCn,
            rate: 40,
            volume: -20,
        };
        assert_eq!(
            Espeak::args("你好", &voice),
            vec!["-v", "cmn", "-s", "215", "-a", "80", "--", "你好"]
        );
    }

    /// A fake speech-dispatcher that answers every command and records it.
    #[test]
    fn ssip_conversation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("speechd.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let server = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut seen = String::new();
            let mut buf = [0u8; 4096];
            let mut in_message = false;
            loop {
                let n = conn.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                let chunk = String::from_utf8_lossy(&buf[..n]).to_string();
                seen.push_str(&chunk);
                for line in chunk.split("\r\n").filter(|l| !l.is_empty()) {
                    let reply = if in_message {
                        if line == "." {
                            in_message = false;
                            "225 OK MESSAGE QUEUED\r\n"
                        } else {
                            continue;
                        }
                    } else if line == "SPEAK" {
                        in_message = true;
                        "230 OK RECEIVING DATA\r\n"
                    } else {
                        "200 OK\r\n"
                    };
                    conn.write_all(reply.as_bytes()).unwrap();
                }
            }
            seen
        });
        let mut spd = SpeechDispatcher::connect_to(&path).unwrap();
        spd.say("第1条\n.hidden", &Voice::new(Lang::ZhCn));
        spd.cancel();
        drop(spd);
        let seen = server.join().unwrap();
        assert!(seen.contains("SET SELF CLIENT_NAME "), "{seen}");
        assert!(seen.contains("SET SELF LANGUAGE zh\r\n"));
        assert!(
            seen.contains("SPEAK\r\n第1条\r\n..hidden\r\n.\r\n"),
            "{seen:?}"
        );
        assert!(seen.ends_with("CANCEL SELF\r\n"));
    }
}
