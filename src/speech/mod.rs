//! Speech output. The interface hands over what it would say (the focused
//! line or an announcement, without the visual marker); a [`Speaker`] says
//! it. Synthesisers run on a worker thread of their own, so a slow one never
//! delays a key, and a new utterance interrupts the one before.

mod backends;
mod ear;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

pub use backends::{Espeak, FileBackend, SpeechDispatcher};
pub use ear::for_ear;

use crate::i18n::Lang;

/// Adjustments the user makes while listening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechControl {
    Repeat,
    RateUp,
    RateDown,
    VolumeUp,
    VolumeDown,
    Language(Lang),
    /// Back to the default rate and volume (a kiosk session ended).
    Reset,
}

/// Something that speaks. A new utterance interrupts the one before.
pub trait Speaker {
    fn speak(&mut self, text: &str);

    fn control(&mut self, _control: SpeechControl) {}

    /// Whether anything is actually spoken (rate and volume keys say so
    /// when not).
    fn is_on(&self) -> bool {
        true
    }
}

/// Says nothing.
#[derive(Debug, Default)]
pub struct Silent;

impl Speaker for Silent {
    fn speak(&mut self, _text: &str) {}

    fn is_on(&self) -> bool {
        false
    }
}

/// How to say things: language, and rate and volume from -100 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    pub lang: Lang,
    pub rate: i32,
    pub volume: i32,
}

impl Voice {
    pub fn new(lang: Lang) -> Self {
        Voice {
            lang,
            rate: 0,
            volume: 0,
        }
    }
}

/// A synthesiser. `say` starts speaking and returns; `cancel` stops what
/// is being said.
pub trait Backend: Send {
    fn say(&mut self, text: &str, voice: &Voice);
    fn cancel(&mut self);
}

enum Job {
    Say(String, Voice),
    Stop,
}

/// A backend on its own thread, behind the `Speaker` interface.
pub struct Worker {
    /// None once the worker is being dropped.
    jobs: Option<Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
    voice: Voice,
    last: Option<String>,
}

impl Worker {
    pub fn start(backend: Box<dyn Backend>, lang: Lang) -> Worker {
        let (jobs, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || run_backend(backend, rx))
            .map_err(|e| tracing::error!("cannot start the speech thread: {e}"))
            .ok();
        Worker {
            jobs: Some(jobs),
            thread,
            voice: Voice::new(lang),
            last: None,
        }
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    fn say(&mut self, text: String) {
        self.send(Job::Say(text, self.voice));
    }

    pub fn voice(&self) -> Voice {
        self.voice
    }
}

/// The worker thread: only the newest utterance matters. Each one cancels
/// whatever is being said first.
fn run_backend(mut backend: Box<dyn Backend>, jobs: Receiver<Job>) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        backend.cancel();
        if let Job::Say(text, voice) = job {
            backend.say(&text, &voice);
        }
    }
    backend.cancel();
}

impl Speaker for Worker {
    fn speak(&mut self, text: &str) {
        let text = for_ear(self.voice.lang, text);
        self.last = Some(text.clone());
        self.say(text);
    }

    fn control(&mut self, control: SpeechControl) {
        let step = |v: &mut i32, by: i32| *v = (*v + by).clamp(-100, 100);
        match control {
            SpeechControl::Repeat => {
                if let Some(text) = self.last.clone() {
                    self.say(text);
                }
                return;
            }
            SpeechControl::RateUp => step(&mut self.voice.rate, 20),
            SpeechControl::RateDown => step(&mut self.voice.rate, -20),
            SpeechControl::VolumeUp => step(&mut self.voice.volume, 20),
            SpeechControl::VolumeDown => step(&mut self.voice.volume, -20),
            SpeechControl::Language(lang) => self.voice.lang = lang,
            SpeechControl::Reset => self.voice = Voice::new(self.voice.lang),
        }
        self.send(Job::Stop);
    }
}

impl Drop for Worker {
    /// Lets the thread finish what it was given and stop speaking.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
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

/// Opens the speech output asked for. When the software is missing, the
/// program goes on silently and the second value says so.
pub fn open(mode: &SpeechMode, lang: Lang) -> (Box<dyn Speaker>, Option<&'static str>) {
    let backend: Result<Box<dyn Backend>, String> = match mode {
        SpeechMode::Off => return (Box::new(Silent), None),
        SpeechMode::File(path) => {
            FileBackend::create(path).map(|b| Box::new(b) as Box<dyn Backend>)
        }
        SpeechMode::SpeechDispatcher => {
            SpeechDispatcher::connect().map(|b| Box::new(b) as Box<dyn Backend>)
        }
        SpeechMode::Espeak => Espeak::find().map(|b| Box::new(b) as Box<dyn Backend>),
        SpeechMode::Auto => SpeechDispatcher::connect()
            .map(|b| Box::new(b) as Box<dyn Backend>)
            .or_else(|_| Espeak::find().map(|b| Box::new(b) as Box<dyn Backend>)),
    };
    match backend {
        Ok(backend) => (Box::new(Worker::start(backend, lang)), None),
        Err(reason) => {
            tracing::warn!("no speech: {reason}");
            (Box::new(Silent), Some("speech.unavailable"))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Records what a backend was asked to do; "speaking" takes until the
    /// next cancel.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<String>>>);

    impl Backend for Recorder {
        fn say(&mut self, text: &str, voice: &Voice) {
            self.0.lock().unwrap().push(format!(
                "say {text} rate={} volume={}",
                voice.rate, voice.volume
            ));
        }

        fn cancel(&mut self) {
            self.0.lock().unwrap().push("cancel".into());
        }
    }

    /// Drops the worker, which waits for its thread, then reads the log.
    fn settle(worker: Worker, log: &Recorder) -> Vec<String> {
        drop(worker);
        log.0.lock().unwrap().clone()
    }

    #[test]
    fn each_utterance_cancels_the_one_before_and_repeat_repeats() {
        let log = Recorder::default();
        let mut w = Worker::start(Box::new(log.clone()), Lang::En);
        w.speak("first");
        w.speak("second");
        w.control(SpeechControl::RateUp);
        w.control(SpeechControl::Repeat);
        let events = settle(w, &log);
        // Every say is preceded by a cancel (the interruption).
        for (i, e) in events.iter().enumerate() {
            if e.starts_with("say") {
                assert_eq!(events[i - 1], "cancel", "{events:?}");
            }
        }
        // The last thing said is the repeat, at the new rate.
        let said: Vec<&String> = events.iter().filter(|e| e.starts_with("say")).collect();
        assert_eq!(
            said.last().unwrap().as_str(),
            "say second rate=20 volume=0",
            "{events:?}"
        );
    }

    #[test]
    fn missing_software_falls_back_to_silence_with_a_notice() {
        let old = std::env::var_os("PATH");
        // SAFETY: tests in this module do not read PATH concurrently.
        unsafe { std::env::set_var("PATH", "/nonexistent") };
        let (speaker, notice) = open(&SpeechMode::Espeak, Lang::En);
        if let Some(p) = old {
            unsafe { std::env::set_var("PATH", p) };
        }
        assert!(!speaker.is_on());
        assert_eq!(notice, Some("speech.unavailable"));
    }
}
