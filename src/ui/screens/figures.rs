//! Figures on the desk: whose figures and which year (two choices), the
//! figures as sentences, one line each (a long one is split into parts
//! like any line to read), then the exports, each asking for a file.

use std::path::PathBuf;

use chrono::Datelike;

use crate::domain::Actor;
use crate::domain::casework::FigureScope;
use crate::export::{ExportFormat, ExportRequest, ExportWhat, Exported};
use crate::keymap::Command;
use crate::store::{StorageFault, StoreError};
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::choose::ChoiceList;

/// Years to choose from: this one and the ones before.
const YEARS_BACK: i32 = 5;

/// The export rows, in their order: what, format, catalogue key.
const EXPORTS: [(&str, bool, ExportFormat, &str); 4] = [
    (
        "figures_csv",
        true,
        ExportFormat::Csv,
        "figures.export_figures_csv",
    ),
    (
        "figures_xlsx",
        true,
        ExportFormat::Xlsx,
        "figures.export_figures_xlsx",
    ),
    (
        "ledger_csv",
        false,
        ExportFormat::Csv,
        "figures.export_ledger_csv",
    ),
    (
        "ledger_xlsx",
        false,
        ExportFormat::Xlsx,
        "figures.export_ledger_xlsx",
    ),
];

#[derive(Debug)]
pub struct FiguresScreen {
    form: Form,
    /// The scopes the "whose" choice offers, with their names.
    scopes: Vec<(FigureScope, String)>,
    years: Vec<i32>,
    /// The sentences of the figures shown; None while they load.
    lines: Option<Vec<String>>,
}

impl FiguresScreen {
    pub fn new(cx: &Cx<'_>) -> Self {
        let this_year = cx.today.year();
        let mut screen = FiguresScreen {
            form: Form::default(),
            scopes: Vec::new(),
            years: (0..=YEARS_BACK).map(|back| this_year - back).collect(),
            lines: None,
        };
        screen.scopes = match cx.actor {
            // Named once the counselor's record comes.
            Some(Actor::Counselor(id)) => vec![(
                FigureScope::Counselor(id),
                cx.lang.figure_scope(&FigureScope::Counselor(id), None),
            )],
            _ => vec![(
                FigureScope::City,
                cx.lang.figure_scope(&FigureScope::City, None),
            )],
        };
        screen.build(cx, 0, 0);
        screen
    }

    fn scope(&self) -> Option<&(FigureScope, String)> {
        self.scopes.get(self.form.selected("scope"))
    }

    fn year(&self) -> i32 {
        self.years
            .get(self.form.selected("year"))
            .copied()
            .unwrap_or(2025)
    }

    /// Builds the lines again with the choices as given, keeping the
    /// focus on the same line where it still exists.
    fn build(&mut self, cx: &Cx<'_>, scope: usize, year: usize) {
        let lang = cx.lang;
        let mut fields = vec![
            Form::choice(
                "scope",
                tr!(lang, "figures.whose"),
                self.scopes.iter().map(|(_, name)| name.clone()).collect(),
                scope.min(self.scopes.len().saturating_sub(1)),
            ),
            Form::choice(
                "year",
                tr!(lang, "figures.year"),
                self.years.iter().map(|y| y.to_string()).collect(),
                year.min(self.years.len().saturating_sub(1)),
            ),
        ];
        match &self.lines {
            None => fields.push(Form::note("line", tr!(lang, "common.loading"))),
            Some(lines) => fields.extend(lines.iter().map(|l| Form::note("line", l.clone()))),
        }
        for (id, _, _, key) in EXPORTS {
            fields.push(Form::button(id, lang.get(key).to_string()));
        }
        let focus = self.form.focus;
        self.form = Form::new(fields);
        self.form.focus = focus.min(self.form.fields.len().saturating_sub(1));
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        self.lines = None;
        let (scope, year) = (self.form.selected("scope"), self.form.selected("year"));
        self.build(cx, scope, year);
        if let Some((scope, _)) = self.scope() {
            cx.call(StoreCall::Figures(scope.clone(), self.year()));
        }
    }

    /// A counselor's choices: their own caseload and their center.
    fn counselor_known(&mut self, c: crate::domain::Counselor, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let own = FigureScope::Counselor(c.id);
        self.scopes = vec![(own.clone(), lang.figure_scope(&own, Some(&c.name)))];
        if !c.center.is_empty() {
            let center = FigureScope::Center(c.center.clone());
            self.scopes
                .push((center.clone(), lang.figure_scope(&center, None)));
        }
        let (scope, year) = (self.form.selected("scope"), self.form.selected("year"));
        self.build(cx, scope, year);
    }

    /// Staff choose the city, any center or any counselor.
    fn counselors_known(&mut self, list: Vec<crate::domain::Counselor>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let mut scopes = vec![(
            FigureScope::City,
            lang.figure_scope(&FigureScope::City, None),
        )];
        let mut centers: Vec<String> = list
            .iter()
            .map(|c| c.center.clone())
            .filter(|c| !c.is_empty())
            .collect();
        centers.sort();
        centers.dedup();
        scopes.extend(centers.into_iter().map(|c| {
            let s = FigureScope::Center(c);
            let name = lang.figure_scope(&s, None);
            (s, name)
        }));
        scopes.extend(list.into_iter().map(|c| {
            let s = FigureScope::Counselor(c.id);
            let name = lang.figure_scope(&s, Some(&c.name));
            (s, name)
        }));
        let current = self.scope().map(|(s, _)| s.clone());
        self.scopes = scopes;
        let scope = current
            .and_then(|c| self.scopes.iter().position(|(s, _)| *s == c))
            .unwrap_or(0);
        let year = self.form.selected("year");
        self.build(cx, scope, year);
    }

    fn export(&self, id: &str, cx: &mut Cx<'_>) {
        let Some((_, figures, format, _)) = EXPORTS.iter().find(|(e, ..)| *e == id) else {
            return;
        };
        let Some((scope, _)) = self.scope() else {
            return;
        };
        let what = if *figures {
            ExportWhat::Figures { year: self.year() }
        } else {
            ExportWhat::Ledger
        };
        cx.push(ExportScreen::new(cx, what, scope.clone(), *format));
    }
}

impl Screen for FiguresScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let name = self.scope().map(|(_, n)| n.as_str()).unwrap_or_default();
        self.form.view(
            tr!(
                cx.lang,
                "figures.screen_heading",
                scope = name,
                year = self.year()
            ),
            cx.lang,
        )
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        match cx.actor {
            Some(Actor::Counselor(id)) => cx.call(StoreCall::Counselor(id)),
            _ => cx.call(StoreCall::Counselors),
        }
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Changed(_) => self.load(cx),
            FormEvent::Pressed(id) => self.export(id, cx),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(FormEvent::Changed(_)) = self.form.picked(&reply) {
            self.load(cx);
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Figures(f)) => {
                let name = self.scope().map(|(_, n)| n.clone()).unwrap_or_default();
                self.lines = Some(cx.lang.figure_sentences(&f, &name));
                let (scope, year) = (self.form.selected("scope"), self.form.selected("year"));
                self.build(cx, scope, year);
            }
            Ok(Done::Counselor(c)) => self.counselor_known(c, cx),
            Ok(Done::Counselors(list)) => self.counselors_known(list, cx),
            Ok(_) => {}
            // Without the list of counselors, staff still have the city.
            Err(_) if self.lines.is_some() && self.scopes.len() == 1 => {}
            Err(e) => {
                self.lines = Some(Vec::new());
                let (scope, year) = (self.form.selected("scope"), self.form.selected("year"));
                self.build(cx, scope, year);
                cx.announce_error(&e);
            }
        }
    }
}

/// Asks where to write an export, then writes it.
#[derive(Debug)]
pub struct ExportScreen {
    form: Form,
    what: ExportWhat,
    scope: FigureScope,
    format: ExportFormat,
}

/// Where exports go unless told otherwise: the documents folder, else the
/// current one.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| d.document_dir().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

impl ExportScreen {
    pub fn new(cx: &Cx<'_>, what: ExportWhat, scope: FigureScope, format: ExportFormat) -> Self {
        Self::in_folder(cx, what, scope, format, &default_folder())
    }

    pub fn in_folder(
        cx: &Cx<'_>,
        what: ExportWhat,
        scope: FigureScope,
        format: ExportFormat,
        folder: &std::path::Path,
    ) -> Self {
        let lang = cx.lang;
        let stem = match &what {
            ExportWhat::Figures { year } => format!("figures-{year}"),
            ExportWhat::Ledger => format!("ledger-{}", cx.today.format("%Y-%m-%d")),
        };
        let path = folder.join(format!("{stem}.{}", format.as_str()));
        let form = Form::new(vec![
            Form::text(
                "path",
                tr!(lang, "figures.file"),
                true,
                &path.to_string_lossy(),
                4096,
            ),
            Form::button("save", tr!(lang, "figures.save")),
            Form::button("cancel", tr!(lang, "figures.cancel")),
        ]);
        ExportScreen {
            form,
            what,
            scope,
            format,
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        self.form.clear_errors();
        let path = self.form.value("path").trim().to_string();
        if path.is_empty() {
            self.form
                .set_errors(vec![("path", tr!(cx.lang, "figures.file_required"))]);
            return;
        }
        cx.announce(tr!(cx.lang, "figures.saving"));
        cx.call(StoreCall::Export(ExportRequest {
            what: self.what.clone(),
            scope: self.scope.clone(),
            format: self.format,
            path: PathBuf::from(path),
            lang: cx.lang,
        }));
    }
}

/// "Saved 48 rows to /path/ledger.csv."
pub fn saved_sentence(lang: crate::i18n::Lang, done: &Exported) -> String {
    let key = if done.rows == 1 {
        "export.saved_one"
    } else {
        "export.saved_many"
    };
    lang.format(key, &[("n", &done.rows), ("path", &done.path.display())])
}

impl Screen for ExportScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let what = match (&self.what, self.format) {
            (ExportWhat::Figures { .. }, ExportFormat::Csv) => "figures.export_figures_csv",
            (ExportWhat::Figures { .. }, ExportFormat::Xlsx) => "figures.export_figures_xlsx",
            (ExportWhat::Ledger, ExportFormat::Csv) => "figures.export_ledger_csv",
            (ExportWhat::Ledger, ExportFormat::Xlsx) => "figures.export_ledger_xlsx",
        };
        self.form.view(lang.get(what).to_string(), lang)
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.form.input()
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Pressed("save") | FormEvent::Entered("path") => self.save(cx),
            FormEvent::Pressed("cancel") => cx.pop(),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::Exported(done)) => {
                cx.announce(saved_sentence(lang, &done));
                cx.pop();
            }
            Ok(_) => {}
            Err(StoreError::Storage { fault }) => {
                let key = match fault {
                    StorageFault::Full => "figures.failed_full",
                    StorageFault::ReadOnly => "figures.failed_read_only",
                    StorageFault::Damaged | StorageFault::Io => "figures.failed_io",
                };
                let text = tr!(lang, "figures.file_error", reason = lang.get(key));
                self.form.set_errors(vec![("path", text.clone())]);
                cx.announce(text);
            }
            Err(e) => cx.announce_error(&e),
        }
    }
}
