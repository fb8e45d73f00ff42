//! The run loop: draw, wait for an event, update, run the effects against
//! the store, say what changed. Generic over the backend and the event
//! source, so tests drive it with `TestBackend` and scripted keys.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::Terminal;

use super::backend::ReadingOrder;
use super::{App, CallTag, Done, Effect, Msg, Settings, StoreCall, update};
use crate::clock::Clock;
use crate::speech::Speaker;
use crate::store::{Store, StoreError};

/// Where messages come from: the terminal, or a test script.
pub trait EventSource {
    /// The next message; None when there are no more (end of a script).
    fn next_msg(&mut self) -> anyhow::Result<Option<Msg>>;

    /// The next message if one comes within `wait`. A source that cannot
    /// wait a limited time (a script) just gives the next one.
    fn next_msg_within(&mut self, _wait: Duration) -> anyhow::Result<Next> {
        Ok(match self.next_msg()? {
            Some(msg) => Next::Msg(msg),
            None => Next::End,
        })
    }
}

/// What waiting a limited time for a message gave.
#[derive(Debug)]
pub enum Next {
    Msg(Msg),
    /// Nothing came in time.
    TimedOut,
    /// No more messages will come.
    End,
}

/// Messages from several threads: the terminal reader, outbox delivery,
/// the kiosk's clock and the store worker.
pub struct ChannelEvents(pub Receiver<Msg>);

impl EventSource for ChannelEvents {
    fn next_msg(&mut self) -> anyhow::Result<Option<Msg>> {
        Ok(self.0.recv().ok())
    }

    fn next_msg_within(&mut self, wait: Duration) -> anyhow::Result<Next> {
        Ok(match self.0.recv_timeout(wait) {
            Ok(msg) => Next::Msg(msg),
            Err(RecvTimeoutError::Timeout) => Next::TimedOut,
            Err(RecvTimeoutError::Disconnected) => Next::End,
        })
    }
}

/// How long a store call may take before the interface says it is working.
pub const WORKING_AFTER: Duration = Duration::from_millis(300);

enum Job {
    Call(CallTag, Box<StoreCall>),
    LogOut,
}

/// Runs store calls one after another on a thread of its own, so that no
/// call, however slow the server, holds up the keys. Answers come back as
/// `Msg::Done` on the interface's channel. In order: a log-out sent after
/// a log-in happens after it. Never joined: a call the server never
/// answers must not keep jobdesk from quitting.
pub struct Worker {
    jobs: Sender<Job>,
    /// When each call sent will have waited long enough to say so.
    slow: Vec<(Instant, CallTag)>,
}

impl Worker {
    pub fn spawn(store: Arc<dyn Store>, answers: Sender<Msg>) -> std::io::Result<Worker> {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                for job in queue {
                    match job {
                        Job::Call(tag, call) => {
                            let result = run_call(*call, store.as_ref());
                            if answers.send(Msg::Done(tag, result)).is_err() {
                                return;
                            }
                        }
                        Job::LogOut => store.log_out(),
                    }
                }
            })?;
        Ok(Worker {
            jobs,
            slow: Vec::new(),
        })
    }

    /// Sends a call; false if the worker is gone.
    fn call(&mut self, tag: CallTag, call: Box<StoreCall>) -> bool {
        self.slow.push((Instant::now() + WORKING_AFTER, tag));
        self.jobs.send(Job::Call(tag, call)).is_ok()
    }

    /// The call that will next have waited long enough to say so, and
    /// when; calls answered or no longer wanted are forgotten.
    fn next_slow(&mut self, app: &App) -> Option<(Instant, CallTag)> {
        self.slow.retain(|(_, tag)| app.is_pending(*tag));
        self.slow.iter().min_by_key(|(at, _)| *at).copied()
    }

    fn forget(&mut self, tag: CallTag) {
        self.slow.retain(|(_, t)| *t != tag);
    }
}

/// A fixed list of messages (tests, benchmarks).
#[derive(Debug, Default)]
pub struct Script(pub VecDeque<Msg>);

impl EventSource for Script {
    fn next_msg(&mut self) -> anyhow::Result<Option<Msg>> {
        Ok(self.0.pop_front())
    }
}

/// What effects act on.
pub struct Runtime<'a> {
    pub store: &'a dyn Store,
    pub clock: &'a dyn Clock,
    pub speaker: Box<dyn Speaker + 'a>,
    /// Called to keep settings (None: not kept).
    pub save_settings: Option<Box<dyn FnMut(Settings) + 'a>>,
    /// Clears the terminal's scrollback (kiosk wipes).
    pub purge_scrollback: Option<Box<dyn FnMut() + 'a>>,
}

/// Runs one store call.
pub fn execute(call: StoreCall, store: &dyn Store) -> Result<Done, StoreError> {
    Ok(match call {
        StoreCall::LogIn { login, secret } => Done::LoggedIn(store.log_in(&login, &secret)?),
        StoreCall::SearchJobs(q) => Done::Jobs(store.search_jobs(&q)?),
        StoreCall::Job(id) => Done::Job(Box::new(store.job(id)?)),
        StoreCall::Apply(r) => Done::Applied(store.apply(&r)?),
        StoreCall::Applications(id) => Done::Applications(store.applications(id)?),
        StoreCall::ChangeApplication(c) => Done::ApplicationChanged(store.change_application(&c)?),
        StoreCall::Profile(id) => Done::Profile(Box::new(store.profile(id)?)),
        StoreCall::SaveProfile(p) => {
            let by = store
                .current_user()?
                .unwrap_or(crate::domain::Actor::System);
            Done::ProfileSaved(Box::new(store.save_profile(by, p)?))
        }
        StoreCall::SearchCourses(q) => Done::Courses(store.search_courses(&q)?),
        StoreCall::Course(id) => Done::Course(Box::new(store.course(id)?)),
        StoreCall::Register(r) => Done::Registered(store.register(&r)?),
        StoreCall::Enrollments(id) => Done::Enrollments(store.enrollments(id)?),
        StoreCall::ChangeEnrollment(c) => Done::EnrollmentChanged(store.change_enrollment(&c)?),
        StoreCall::CaseRows(q) => Done::CaseRows(store.case_rows(&q)?),
        StoreCall::DueCounts(id) => Done::DueCounts(store.due_counts(id)?),
        StoreCall::CaseRecord { by, profile_id } => {
            Done::CaseRecord(Box::new(store.case_record(by, profile_id)?))
        }
        StoreCall::ChangeCase(c) => Done::CaseChanged(Box::new(store.change_case(&c)?)),
        StoreCall::Recommend(r) => Done::Recommended(store.recommend(&r)?),
        StoreCall::Recommendations(id) => Done::Recommendations(store.recommendations(id)?),
        StoreCall::MarkRecommendationsSeen(id) => {
            store.mark_recommendations_seen(id)?;
            Done::RecommendationsSeen
        }
        StoreCall::Figures(scope, year) => Done::Figures(Box::new(store.figures(&scope, year)?)),
        StoreCall::Counselors => Done::Counselors(store.counselors()?),
        StoreCall::Counselor(id) => Done::Counselor(store.counselor(id)?),
        StoreCall::Export(r) => Done::Exported(crate::export::export(store, &r)?),
        StoreCall::AccountRows(by, q) => Done::AccountRows(store.account_rows(by, &q)?),
        StoreCall::CreateAccount(by, new) => {
            Done::AccountSaved(Box::new(store.create_account(by, &new)?))
        }
        StoreCall::ChangeAccount(by, change) => {
            Done::AccountSaved(Box::new(store.change_account(by, &change)?))
        }
        StoreCall::AuditRows(by, q) => Done::AuditRows(store.audit_rows(by, &q)?),
        StoreCall::MoveCaseload { by, from, to } => {
            Done::CaseloadMoved(store.move_caseload(by, from, to)?)
        }
        StoreCall::Employers => Done::Employers(store.employers()?),
        StoreCall::EmployerJobs { by, employer_id } => {
            Done::EmployerJobs(store.employer_jobs(by, employer_id)?)
        }
        StoreCall::JobApplicants { by, job_id } => {
            Done::Applicants(store.job_applicants(by, job_id)?)
        }
        StoreCall::Applicant { by, application_id } => {
            Done::Applicant(Box::new(store.applicant(by, application_id)?))
        }
        StoreCall::Respond(r) => Done::Responded(Box::new(store.respond(&r)?)),
        StoreCall::Staff(call) => Done::Staff(crate::ui::screens::staff::execute(call, store)?),
        StoreCall::WhatsNew {
            profile_id,
            visit_id,
        } => {
            if let Some(visit) = visit_id {
                store.begin_visit(profile_id, &visit)?;
            }
            Done::WhatsNew(store.whats_new(profile_id)?)
        }
        StoreCall::DismissNew { profile_id, key } => {
            store.dismiss_new(profile_id, &key)?;
            Done::Dismissed(key)
        }
        StoreCall::SaveSearch(s) => Done::SearchSaved(store.save_search(&s)?),
        StoreCall::SavedSearches(id) => Done::SavedSearches(store.saved_searches(id)?),
        StoreCall::DeleteSavedSearch {
            profile_id,
            search_id,
        } => {
            store.delete_saved_search(profile_id, search_id)?;
            Done::SearchDeleted(search_id)
        }
        StoreCall::ImportFile {
            by,
            kind,
            path,
            dry_run,
            today,
        } => Done::Imported(crate::import::import_file(
            store, by, kind, &path, dry_run, today,
        )?),
    })
}

/// Runs one store call, and logs it.
fn run_call(call: StoreCall, store: &dyn Store) -> Result<Done, StoreError> {
    // Only the kind: calls carry PINs and certificate numbers.
    tracing::debug!(call = call.kind(), "store call");
    let result = execute(call, store);
    if let Err(e) = &result {
        tracing::info!("store call failed: {e}");
    }
    result
}

/// Runs effects, and the effects their results cause, until none are left;
/// then speaks what changed for the listener: a new announcement, then the
/// newly focused line. Store calls run here, one after another: scripts,
/// tests and benchmarks stay deterministic.
pub fn process(app: &mut App, rt: &mut Runtime<'_>, effects: Vec<Effect>, before: Snapshot) {
    process_with(app, rt, effects, before, None);
}

/// [`process`], with store calls sent to `worker` when there is one.
pub fn process_with(
    app: &mut App,
    rt: &mut Runtime<'_>,
    effects: Vec<Effect>,
    before: Snapshot,
    worker: Option<&mut Worker>,
) {
    run_effects(app, rt, effects, worker);
    speak_changes(app, rt, before);
}

/// Runs effects, and the effects their results cause, until none are
/// left; calls go to `worker` when there is one.
fn run_effects(
    app: &mut App,
    rt: &mut Runtime<'_>,
    effects: Vec<Effect>,
    mut worker: Option<&mut Worker>,
) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Store(tag, call) => {
                let sent = match worker.as_deref_mut() {
                    Some(worker) => worker.call(tag, call),
                    None => {
                        let result = run_call(*call, rt.store);
                        app.now = rt.clock.now();
                        queue.extend(update(app, Msg::Done(tag, result)));
                        true
                    }
                };
                if !sent {
                    let result = Err(StoreError::Internal {
                        detail: "the store worker stopped".into(),
                    });
                    queue.extend(update(app, Msg::Done(tag, result)));
                }
            }
            Effect::SaveSettings(settings) => {
                if let Some(save) = rt.save_settings.as_mut() {
                    save(settings);
                }
            }
            Effect::Speech(control) => rt.speaker.control(control),
            // After the calls before it, which may still be running.
            Effect::LogOut => match worker.as_deref_mut() {
                Some(worker) if worker.jobs.send(Job::LogOut).is_ok() => {}
                _ => rt.store.log_out(),
            },
            Effect::Speak(text) => rt.speaker.speak(&text),
        }
    }
}

/// Speaks what changed since `before` for the listener: a new
/// announcement, then the newly focused line.
fn speak_changes(app: &mut App, rt: &mut Runtime<'_>, before: Snapshot) {
    let mut parts = Vec::new();
    let (focused, identity) = app.focus_state();
    let arrived = app.opened_serial() != before.opened;
    let announced = app.announcement_serial() != before.serial
        && !app.announcement().is_empty()
        && app.speak_announcement();
    // What an action did comes first ("Application sent, reference ...").
    if announced {
        parts.push(app.announcement().to_string());
    }
    if arrived {
        // Then a screen just opened: its heading (unless the message was just
        // that), then the focused line, said whole here even where its
        // rows are read a part at a time.
        let view = app.view();
        if !(announced && app.announcement() == view.heading) {
            parts.push(view.heading.clone());
        }
        let line = view.focused().map_or(focused, |i| i.text.clone());
        if !parts.contains(&line) {
            parts.push(line);
        }
    } else if focused != before.focused && !focused.is_empty() {
        if identity == before.identity && identity.2 {
            // Typing in a field: say what was typed or deleted, not the
            // whole line again; nothing more if the announcement said what
            // became of the field (it was emptied).
            if parts.is_empty() {
                parts.push(edit_echo(&before.focused, &focused));
            }
        } else if !parts.contains(&focused) {
            // Each message once: a line the announcement already said is
            // not said again.
            parts.push(focused);
        }
    }
    parts.retain(|p| !p.is_empty());
    if !parts.is_empty() {
        // Store text is made inert for the ear as for the eye (docs/screen-reader.md rule 12).
        rt.speaker
            .speak(&crate::domain::text::inert(&parts.join(" ")));
    }
}

/// What was said and focused before a round, to say only what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    serial: u64,
    /// Screens opened (see [`App::opened_serial`]).
    opened: u64,
    focused: String,
    /// Which screen (counted), which row, and whether it is a field.
    identity: (u64, usize, bool),
}

impl Snapshot {
    pub fn of(app: &App) -> Snapshot {
        let (focused, identity) = app.focus_state();
        Snapshot {
            serial: app.announcement_serial(),
            opened: app.opened_serial(),
            focused,
            identity,
        }
    }

    /// Before anything was shown: everything is new.
    pub fn start() -> Snapshot {
        Snapshot {
            serial: u64::MAX,
            opened: u64::MAX,
            focused: String::new(),
            identity: (u64::MAX, 0, false),
        }
    }
}

/// The characters typed (or deleted) between two versions of a field line.
fn edit_echo(before: &str, after: &str) -> String {
    let common = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let added: String = after.chars().skip(common).collect();
    if !added.is_empty() {
        return added;
    }
    before.chars().skip(common).collect()
}

/// Runs the interface until the user quits or the events end. With a
/// worker, store calls run on it and their answers come from `events`;
/// without one, they run in turn here.
pub fn run<B: ReadingOrder>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    app: &mut App,
    rt: &mut Runtime<'_>,
    startup: Vec<Effect>,
    mut worker: Option<Worker>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // Start-up calls (a desk's `--as` log-in) run in turn, before the first
    // screen is drawn: no key can wait on them yet.
    process(app, rt, startup, Snapshot::start());
    // What changed in rounds not yet spoken.
    let mut unspoken: Option<Snapshot> = None;
    loop {
        if app.take_clear_request() {
            // Nothing of the last person stays: screen and scrollback.
            // (Not `clear`, which asks the terminal where its cursor is and
            // races the key reader for the answer.)
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
            if let Some(purge) = rt.purge_scrollback.as_mut() {
                purge();
            }
        }
        // A screen waiting for its first answer is drawn when the answer
        // comes, or when it says it is working: a frame in between ("0
        // open", "Loading") would be written, and read aloud, for nothing.
        if !app.waiting() || app.told_waiting() {
            terminal.backend_mut().set_heading_rows(app.heading_rows());
            terminal.draw(|frame| app.draw(frame))?;
        }
        if app.should_quit() {
            return Ok(());
        }
        let slow = worker.as_mut().and_then(|w| w.next_slow(app));
        let msg = match slow {
            // A call is out: wait for a message only until it is slow.
            Some((at, tag)) => {
                match events.next_msg_within(at.saturating_duration_since(Instant::now()))? {
                    Next::Msg(msg) => msg,
                    Next::TimedOut => {
                        if let Some(worker) = worker.as_mut() {
                            worker.forget(tag);
                        }
                        Msg::Waiting(tag)
                    }
                    Next::End => return Ok(()),
                }
            }
            None => match events.next_msg()? {
                Some(msg) => msg,
                None => return Ok(()),
            },
        };
        app.now = rt.clock.now();
        app.today = app.now.date_naive();
        let fresh = Snapshot::of(app);
        let answer = matches!(msg, Msg::Done(..));
        let before = unspoken.take().unwrap_or_else(|| fresh.clone());
        let effects = update(app, msg);
        run_effects(app, rt, effects, worker.as_mut());
        // A screen that opens asking the store is announced once it has
        // its answers (as when calls ran in turn), or with the working
        // announcement, or with the next key, whichever comes first.
        let arrived = app.opened_serial() != before.opened;
        let opened_now = app.opened_serial() != fresh.opened;
        if worker.is_some() && arrived && app.waiting() && (opened_now || answer) {
            unspoken = Some(before);
        } else {
            speak_changes(app, rt, before);
        }
        check_speech(app, rt);
    }
}

/// When the synthesiser stopped answering (checked after every event, and
/// a kiosk has one a second), says so on screen, and aloud if another one
/// took over.
pub fn check_speech(app: &mut App, rt: &mut Runtime<'_>) {
    if let Some(key) = rt.speaker.check() {
        let text = app.lang.get(key).to_string();
        app.speech_on = rt.speaker.is_on();
        app.announce_now(text.clone());
        rt.speaker.speak(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{JobQuery, SqliteStore};

    #[test]
    fn the_worker_answers_each_call_in_order_with_its_tag() {
        let store = SqliteStore::in_memory(Arc::new(crate::clock::SystemClock)).expect("a store");
        let (tx, rx) = std::sync::mpsc::channel();
        let mut worker = Worker::spawn(Arc::new(store), tx).expect("a worker");
        let tags = [
            CallTag {
                screen: 3,
                serial: 7,
            },
            CallTag {
                screen: 4,
                serial: 8,
            },
        ];
        for tag in tags {
            let call = StoreCall::SearchJobs(JobQuery {
                page_size: 5,
                ..JobQuery::default()
            });
            assert!(worker.call(tag, Box::new(call)));
        }
        for tag in tags {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(Msg::Done(got, Ok(Done::Jobs(_)))) => assert_eq!(got, tag),
                other => panic!("expected the answer for {tag:?}, got {other:?}"),
            }
        }
    }
}
