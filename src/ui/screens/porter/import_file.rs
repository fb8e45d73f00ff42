//! "Import a file" on the staff desk: what the file holds (jobs, courses,
//! employers, people) and its path; the file is checked first (a dry run
//! through the store, so it works on a local file and on a server), the
//! outcome or every bad line is its own row to read, and only a good file
//! can then be written, after a confirmation.

use crate::domain::Actor;
use crate::import::{ImportKind, ImportReport};
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::import::ImportCounts;
use crate::tr;
use crate::ui::confirm::{self, Confirm};
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use crate::ui::screens::choose::ChoiceList;

/// Where the screen is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// Choosing the kind and the file.
    Editing,
    /// Checked and good: it may be written.
    Good(ImportCounts),
    /// Checked and refused: how many bad lines, and the lines to read.
    Refused(usize, Vec<String>),
    /// Written.
    Written(ImportCounts),
    /// The file cannot be read: why.
    Unreadable(String),
}

#[derive(Debug)]
pub struct ImportScreen {
    form: Form,
    stage: Stage,
    /// The kind and file that were checked (what a write writes).
    checked: Option<(ImportKind, std::path::PathBuf)>,
    confirm: Option<Confirm>,
}

fn kind_key(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Jobs => "porter.kind_jobs",
        ImportKind::Courses => "porter.kind_courses",
        ImportKind::Employers => "porter.kind_employers",
        ImportKind::People => "porter.kind_people",
    }
}

impl ImportScreen {
    pub fn new(cx: &Cx<'_>) -> Self {
        let mut screen = ImportScreen {
            form: Form::default(),
            stage: Stage::Editing,
            checked: None,
            confirm: None,
        };
        screen.build(cx, 0, "");
        screen
    }

    fn kind(&self) -> ImportKind {
        self.form
            .chosen("kind", &ImportKind::ALL)
            .unwrap_or(ImportKind::Jobs)
    }

    /// The outcome's sentence, said and shown first.
    fn outcome(&self, cx: &Cx<'_>) -> Option<String> {
        let lang = cx.lang;
        let kind = self.checked.as_ref().map_or(self.kind(), |(k, _)| *k);
        match &self.stage {
            Stage::Editing => None,
            Stage::Good(counts) => Some(crate::import::summary(lang, kind, *counts, true)),
            Stage::Written(counts) => Some(crate::import::summary(lang, kind, *counts, false)),
            Stage::Refused(n, _) => Some(tr!(lang, "porter.refused", n = n)),
            Stage::Unreadable(detail) => Some(tr!(lang, "porter.unreadable", detail = detail)),
        }
    }

    /// The lines again; the focus goes to `focus_outcome`'s first result
    /// row, else stays.
    fn build(&mut self, cx: &Cx<'_>, kind: usize, path: &str) {
        let lang = cx.lang;
        let mut fields = vec![
            Form::choice(
                "kind",
                tr!(lang, "porter.kind"),
                ImportKind::ALL
                    .iter()
                    .map(|k| lang.get(kind_key(*k)).to_string())
                    .collect(),
                kind,
            ),
            Form::text("path", tr!(lang, "porter.file"), true, path, 4096),
            Form::button("check", tr!(lang, "porter.check")),
        ];
        if let Some(outcome) = self.outcome(cx) {
            fields.push(Form::note("outcome", outcome));
        }
        match &self.stage {
            // Each bad line its own row (a long one split into parts to
            // read), then that nothing was written.
            Stage::Refused(_, lines) => {
                fields.extend(lines.iter().map(|l| Form::note("bad", l.clone())));
            }
            Stage::Good(_) => fields.push(Form::button("write", tr!(lang, "porter.write"))),
            _ => {}
        }
        let focus = self.form.focus;
        self.form = Form::new(fields);
        self.form.focus = focus.min(self.form.fields.len().saturating_sub(1));
    }

    fn rebuild(&mut self, cx: &Cx<'_>) {
        let kind = self.form.selected("kind");
        let path = self.form.value("path");
        self.build(cx, kind, &path);
    }

    fn call(&self, cx: &mut Cx<'_>, kind: ImportKind, path: std::path::PathBuf, dry_run: bool) {
        cx.call(StoreCall::ImportFile {
            by: cx.actor.unwrap_or(Actor::System),
            kind,
            path,
            dry_run,
            today: cx.today,
        });
    }

    fn check(&mut self, cx: &mut Cx<'_>) {
        self.form.clear_errors();
        let path = self.form.value("path").trim().to_string();
        if path.is_empty() {
            self.form
                .set_errors(vec![("path", tr!(cx.lang, "porter.file_required"))]);
            return;
        }
        let kind = self.kind();
        self.checked = Some((kind, path.clone().into()));
        self.stage = Stage::Editing;
        self.rebuild(cx);
        cx.announce(tr!(cx.lang, "porter.checking"));
        self.call(cx, kind, path.into(), true);
    }

    fn ask_to_write(&mut self, cx: &mut Cx<'_>) {
        let Some(outcome) = self.outcome(cx) else {
            return;
        };
        self.confirm = Some(Confirm::new(
            tr!(cx.lang, "porter.confirm", outcome = outcome),
            tr!(cx.lang, "porter.yes"),
            tr!(cx.lang, "porter.no"),
        ));
    }

    /// After a check or a write: the outcome row has focus and is said.
    fn show(&mut self, stage: Stage, cx: &mut Cx<'_>) {
        self.stage = stage;
        self.rebuild(cx);
        if let Some(at) = self.form.fields.iter().position(|f| f.id == "outcome") {
            self.form.focus = at;
        }
        if let Some(outcome) = self.outcome(cx) {
            cx.announce(outcome);
        }
    }
}

impl Screen for ImportScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "porter.confirm_heading"));
        }
        self.form.view(tr!(lang, "porter.heading"), lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            None
        } else {
            self.form.input()
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "porter.not_written")
        }) {
            confirm::Outcome::Yes => {
                if let Some((kind, path)) = self.checked.clone() {
                    cx.announce(tr!(cx.lang, "porter.writing"));
                    self.call(cx, kind, path, false);
                }
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Pressed("check") | FormEvent::Entered("path") => self.check(cx),
            FormEvent::Pressed("write") => self.ask_to_write(cx),
            FormEvent::Changed(_) => {
                // Another kind: the check said nothing about it.
                self.stage = Stage::Editing;
                self.checked = None;
                self.rebuild(cx);
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(FormEvent::Changed(_)) = self.form.picked(&reply) {
            self.stage = Stage::Editing;
            self.checked = None;
            self.rebuild(cx);
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::Imported(report)) => {
                let writing = matches!(self.stage, Stage::Good(_));
                let stage = match report {
                    ImportReport::Good(counts) if writing => Stage::Written(counts),
                    ImportReport::Good(counts) => Stage::Good(counts),
                    ImportReport::Refused(errors) => {
                        Stage::Refused(errors.len(), crate::import::refusal_lines(lang, &errors))
                    }
                    ImportReport::Unreadable(detail) => Stage::Unreadable(detail),
                };
                self.show(stage, cx);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
