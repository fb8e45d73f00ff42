//! Speech output. The interface hands over what it would say (the focused
//! line or an announcement, without the visual marker); a [`Speaker`] says
//! it. Synthesisers run on a worker thread of their own, so a slow one never
//! delays a key, and a new utterance interrupts the one before.

mod backends;
mod ear;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

    /// Looks whether the synthesiser still answers; the catalogue key of
    /// what to tell the user once when it changed (another synthesiser
    /// took over, or speech stopped).
    fn check(&mut self) -> Option<&'static str> {
        None
    }
}

/// A synthesiser call taking longer than this means it stopped answering
/// (speech-dispatcher can hang when its audio output is missing). Real
/// calls return in milliseconds: speaking itself happens elsewhere.
pub const STALL: Duration = Duration::from_secs(3);

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

/// How the worker thread is doing: since when its current call runs, and
/// whether any call ever took longer than [`STALL`].
#[derive(Debug, Default)]
struct Health {
    busy_since: Mutex<Option<Instant>>,
    stalled: AtomicBool,
}

impl Health {
    /// Runs one call on the synthesiser, timing it.
    fn time<T>(&self, call: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        *self.busy_since.lock().unwrap_or_else(|e| e.into_inner()) = Some(started);
        let result = call();
        *self.busy_since.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if started.elapsed() > STALL {
            self.stalled.store(true, Ordering::Relaxed);
        }
        result
    }

    fn stalled(&self, limit: Duration) -> bool {
        self.stalled.load(Ordering::Relaxed)
            || self
                .busy_since
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_some_and(|since| since.elapsed() > limit)
    }
}

/// A backend on its own thread, behind the `Speaker` interface.
pub struct Worker {
    /// None once the worker is being dropped.
    jobs: Option<Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
    voice: Voice,
    last: Option<String>,
    health: Arc<Health>,
}

impl Worker {
    pub fn start(backend: Box<dyn Backend>, lang: Lang) -> Worker {
        let (jobs, rx) = channel();
        let health = Arc::new(Health::default());
        let thread_health = health.clone();
        let thread = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || run_backend(backend, rx, &thread_health))
            .map_err(|e| tracing::error!("cannot start the speech thread: {e}"))
            .ok();
        Worker {
            jobs: Some(jobs),
            thread,
            voice: Voice::new(lang),
            last: None,
            health,
        }
    }

    /// Stops using this worker without waiting for its thread, which may
    /// be stuck in a synthesiser that stopped answering.
    fn abandon(mut self) {
        self.jobs = None;
        drop(self.thread.take());
    }

    /// Whether the synthesiser stopped answering: a call has been running,
    /// or once ran, longer than `limit`.
    pub fn stalled(&self, limit: Duration) -> bool {
        self.health.stalled(limit)
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
fn run_backend(mut backend: Box<dyn Backend>, jobs: Receiver<Job>, health: &Health) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        health.time(|| backend.cancel());
        if let Job::Say(text, voice) = job {
            health.time(|| backend.say(&text, &voice));
        }
    }
    health.time(|| backend.cancel());
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
    /// Lets the thread finish what it was given and stop speaking; a
    /// thread stuck in a synthesiser that stopped answering is left behind.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take()
            && !self.stalled(STALL)
        {
            let _ = thread.join();
        }
    }
}

/// Opens a synthesiser: the way to get a replacement.
pub type Opener = Box<dyn FnMut() -> Result<Box<dyn Backend>, String> + Send>;

/// Speech that notices when its synthesiser stops answering and then
/// switches to the fallback (espeak-ng), or stops and says so on screen.
pub struct Watchdog {
    worker: Option<Worker>,
    fallback: Option<Opener>,
    limit: Duration,
}

impl Watchdog {
    pub fn new(worker: Worker, fallback: Option<Opener>) -> Watchdog {
        Watchdog {
            worker: Some(worker),
            fallback,
            limit: STALL,
        }
    }

    /// A shorter patience (tests).
    pub fn with_limit(mut self, limit: Duration) -> Watchdog {
        self.limit = limit;
        self
    }
}

impl Speaker for Watchdog {
    fn speak(&mut self, text: &str) {
        if let Some(w) = self.worker.as_mut() {
            w.speak(text);
        }
    }

    fn control(&mut self, control: SpeechControl) {
        if let Some(w) = self.worker.as_mut() {
            w.control(control);
        }
    }

    fn is_on(&self) -> bool {
        self.worker.is_some()
    }

    fn check(&mut self) -> Option<&'static str> {
        let old = self.worker.take_if(|w| w.stalled(self.limit))?;
        tracing::warn!("the speech synthesiser stopped answering");
        let voice = old.voice;
        let last = old.last.clone();
        old.abandon();
        let opened = self.fallback.take().map(|mut open| open());
        match opened {
            Some(Ok(backend)) => {
                let mut worker = Worker::start(backend, voice.lang);
                worker.voice = voice;
                worker.last = last;
                self.worker = Some(worker);
                Some("speech.switched")
            }
            Some(Err(reason)) => {
                tracing::warn!("no fallback speech: {reason}");
                Some("speech.stopped")
            }
            None => Some("speech.stopped"),
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

/// The synthesiser a mode asks for, checked to answer.
fn backend_for(mode: &SpeechMode, lang: Lang) -> Result<Box<dyn Backend>, String> {
    match mode {
        SpeechMode::Off => Err("speech is off (--speech off)".into()),
        SpeechMode::File(path) => {
            FileBackend::create(path).map(|b| Box::new(b) as Box<dyn Backend>)
        }
        SpeechMode::SpeechDispatcher => {
            SpeechDispatcher::connect().map(|b| Box::new(b) as Box<dyn Backend>)
        }
        SpeechMode::Espeak => Espeak::find_for(lang).map(|b| Box::new(b) as Box<dyn Backend>),
        SpeechMode::Auto => SpeechDispatcher::connect()
            .map(|b| Box::new(b) as Box<dyn Backend>)
            .or_else(|spd| {
                Espeak::find_for(lang)
                    .map(|b| Box::new(b) as Box<dyn Backend>)
                    .map_err(|espeak| format!("{spd}; {espeak}"))
            }),
    }
}

/// Speech for a kiosk, which is nothing without it: the synthesiser must
/// answer now, or the reason why not. If speech-dispatcher later stops
/// answering, espeak-ng takes over.
pub fn open_checked(mode: &SpeechMode, lang: Lang) -> Result<Box<dyn Speaker>, String> {
    let backend = backend_for(mode, lang)?;
    let fallback: Option<Opener> = match mode {
        SpeechMode::SpeechDispatcher | SpeechMode::Auto => Some(Box::new(move || {
            Espeak::find_for(lang).map(|b| Box::new(b) as Box<dyn Backend>)
        })),
        _ => None,
    };
    Ok(Box::new(Watchdog::new(
        Worker::start(backend, lang),
        fallback,
    )))
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

    /// A synthesiser that stops answering: `say` blocks until released.
    struct Hanging(Arc<Mutex<std::sync::mpsc::Receiver<()>>>);

    impl Backend for Hanging {
        fn say(&mut self, _text: &str, _voice: &Voice) {
            let _ = self.0.lock().unwrap().recv();
        }

        fn cancel(&mut self) {}
    }

    /// Checks until the watchdog reports, for at most ten seconds.
    fn wait_for_notice(w: &mut Watchdog) -> &'static str {
        for _ in 0..1000 {
            if let Some(notice) = w.check() {
                return notice;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the hang was never noticed");
    }

    #[test]
    fn a_synthesiser_that_stops_answering_is_replaced_by_the_fallback() {
        let (release, blocked) = channel();
        let hanging = Hanging(Arc::new(Mutex::new(blocked)));
        let fallback = Recorder::default();
        let opened = fallback.clone();
        let mut w = Watchdog::new(
            Worker::start(Box::new(hanging), Lang::ZhCn),
            Some(Box::new(move || {
                Ok(Box::new(opened.clone()) as Box<dyn Backend>)
            })),
        )
        .with_limit(Duration::from_millis(100));
        w.control(SpeechControl::RateUp);
        // Answering: nothing to report.
        assert_eq!(w.check(), None);
        w.speak("欢迎");
        assert_eq!(wait_for_notice(&mut w), "speech.switched");
        assert!(w.is_on());
        // The fallback speaks now, at the rate the user chose.
        w.speak("第1条");
        w.control(SpeechControl::Repeat);
        drop(w);
        let said = fallback.0.lock().unwrap().clone();
        assert!(
            said.contains(&"say 第1条 rate=20 volume=0".to_string()),
            "{said:?}"
        );
        let _ = release.send(());
    }

    #[test]
    fn without_a_fallback_a_hang_stops_speech_and_says_so() {
        let (release, blocked) = channel();
        let hanging = Hanging(Arc::new(Mutex::new(blocked)));
        let mut w = Watchdog::new(Worker::start(Box::new(hanging), Lang::En), None)
            .with_limit(Duration::from_millis(100));
        w.speak("Welcome");
        assert_eq!(wait_for_notice(&mut w), "speech.stopped");
        assert!(!w.is_on());
        // Said once only.
        assert_eq!(w.check(), None);
        w.speak("nobody hears this");
        let _ = release.send(());
    }

    #[test]
    #[allow(unsafe_code)] // changes PATH for this test alone
    fn missing_software_falls_back_to_silence_with_a_notice() {
        let old = std::env::var_os("PATH");
        // SAFETY: tests in this module do not read PATH concurrently.
        unsafe { std::env::set_var("PATH", "/nonexistent") };
        let (speaker, notice) = open(&SpeechMode::Espeak, Lang::En);
        if let Some(p) = old {
            // SAFETY: as above.
            unsafe { std::env::set_var("PATH", p) };
        }
        assert!(!speaker.is_on());
        assert_eq!(notice, Some("speech.unavailable"));
    }
}
