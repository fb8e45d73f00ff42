//! Linear mode: no alternate screen, no cursor addressing, no escape
//! sequences at all. Text goes to scrollback like a conversation: each
//! screen is printed as numbered lines, the user types a number or a short
//! command and Enter. Forms ask one field at a time. Works through pipes,
//! so it can be scripted.

use std::io::{BufRead, Write};

use crate::domain::text::inert;
use crate::i18n::Lang;
use crate::keymap::{Command, Context};
use crate::tr;
use crate::ui::run::{Runtime, Snapshot, process};
use crate::ui::screens::without_position;
use crate::ui::view::{ItemKind, View};
use crate::ui::{App, Effect, Msg, update};

/// The conversation: reads lines, prints what changed.
pub struct Linear<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    /// The screen last printed (heading and lines), to print only changes.
    shown: Option<(String, Vec<String>)>,
    announced: u64,
    /// Sends what waits in a remote store's outbox; asked before each
    /// answer is read (there is no other thread to wake the conversation).
    deliver: Option<Box<dyn FnMut() -> Vec<crate::store::outbox::Delivery> + 'a>>,
}

/// What a typed line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Typed {
    Number(usize),
    Command(Command),
    Search(String),
    Quit,
    Help,
    Reprint,
    Unknown,
}

fn parse(line: &str, context: Context) -> Typed {
    let line = line.trim();
    if let Some(text) = line.strip_prefix('/') {
        return Typed::Search(text.trim().to_string());
    }
    if context == Context::Confirm {
        match line.to_lowercase().as_str() {
            "y" | "yes" | "是" => return Typed::Command(Command::Yes),
            "n" | "no" | "否" => return Typed::Command(Command::No),
            _ => {}
        }
    }
    match line {
        "" => Typed::Reprint,
        "0" => Typed::Command(Command::Back),
        "n" => Typed::Command(Command::NextPage),
        "p" => Typed::Command(Command::PreviousPage),
        "?" => Typed::Help,
        "q" => Typed::Quit,
        _ => line.parse::<usize>().map_or(Typed::Unknown, Typed::Number),
    }
}

/// Hints name the words linear mode answers to ("0 to go back", "q to
/// quit"), not the keys of the full screen.
const LINEAR_KEYS: &str = r#"
[global]
"q" = "quit"
"0" = "back"
"?" = "help"
"n" = "next_page"
"p" = "previous_page"
"#;

/// Puts linear mode's words over the keymap, again after a settings change
/// replaced it.
fn use_linear_keys(app: &mut App) {
    let q = crate::keymap::KeyPress::plain(crate::keymap::Key::Char('q'));
    if app.keymap.preferred_key(Command::Quit) != Some(q) {
        let _ = app.keymap.merge_source("linear", LINEAR_KEYS);
    }
}

/// "Type 1 to 12" for several lines, "Type 1" for one.
fn numbers(lang: Lang, one: &str, many: &str, n: usize) -> String {
    if n == 1 {
        lang.get(one).to_string()
    } else {
        lang.format(many, &[("n", &n)])
    }
}

impl<'a> Linear<'a> {
    pub fn new(input: &'a mut dyn BufRead, out: &'a mut dyn Write) -> Self {
        Linear {
            input,
            out,
            shown: None,
            announced: 0,
            deliver: None,
        }
    }

    /// Delivers a remote store's outbox before each answer is read.
    pub fn with_delivery(
        mut self,
        deliver: impl FnMut() -> Vec<crate::store::outbox::Delivery> + 'a,
    ) -> Self {
        self.deliver = Some(Box::new(deliver));
        self
    }

    fn say(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{}", inert(text))
    }

    fn read_line(&mut self) -> std::io::Result<Option<String>> {
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
    }

    /// Sends one message through update and the effects, like a key.
    fn send(&mut self, app: &mut App, rt: &mut Runtime<'_>, msg: Msg) {
        let before = Snapshot::of(app);
        let effects = update(app, msg);
        process(app, rt, effects, before);
        use_linear_keys(app);
    }

    /// Puts `text` in the focused field in place of what it held, in one
    /// round: the field was not left empty, so the "empty" said on the way
    /// is not news.
    fn replace_text(&mut self, app: &mut App, rt: &mut Runtime<'_>, text: String) {
        let before = Snapshot::of(app);
        let serial = app.announcement_serial();
        let mut effects = update(app, Msg::Command(Command::ClearField));
        let cleared = app.announcement_serial();
        effects.extend(update(app, Msg::Paste(text)));
        if cleared != serial && app.announcement_serial() == cleared {
            app.announce_now(String::new());
        }
        process(app, rt, effects, before);
        use_linear_keys(app);
    }

    /// Prints the announcement if there is a new one, then the screen if
    /// it changed.
    fn show(&mut self, app: &App, force: bool) -> std::io::Result<()> {
        if app.announcement_serial() != self.announced && !app.announcement().is_empty() {
            self.announced = app.announcement_serial();
            let text = app.announcement().to_string();
            self.say(&text)?;
        }
        let view = app.view();
        let lines: Vec<String> = view.items.iter().map(|i| i.text.clone()).collect();
        let now = (view.heading.clone(), lines);
        if force || self.shown.as_ref() != Some(&now) {
            self.say(&view.heading)?;
            for (i, item) in view.items.iter().enumerate() {
                // One number a line: the one to type.
                let text = without_position(app.lang, &item.text);
                self.say(&format!("{}) {text}", i + 1))?;
            }
            self.shown = Some(now);
        }
        Ok(())
    }

    fn prompt(&mut self, lang: Lang, view: &View) -> std::io::Result<()> {
        let text = if view.context() == Context::Confirm {
            tr!(lang, "linear.prompt_confirm")
        } else {
            numbers(lang, "linear.prompt_one", "linear.prompt", view.items.len())
        };
        write!(self.out, "{}", inert(&text))?;
        writeln!(self.out)
    }

    /// Asks for one field, again with the error while it is invalid.
    fn ask_field(
        &mut self,
        app: &mut App,
        rt: &mut Runtime<'_>,
        index: usize,
    ) -> std::io::Result<bool> {
        let view = app.view();
        let Some(item) = view.items.get(index).cloned() else {
            return Ok(true);
        };
        if let Some(entry) = view
            .items
            .get(index + 1)
            .filter(|i| i.kind == ItemKind::Error)
        {
            let text = entry.text.clone();
            self.say(&text)?;
        }
        match (&item.kind, &item.options) {
            (ItemKind::Field, _) => {
                self.say(&tr!(app.lang, "linear.ask_text", field = item.text))?;
                let Some(line) = self.read_line()? else {
                    return Ok(false);
                };
                if !line.is_empty() {
                    app_focus(app, index);
                    self.replace_text(app, rt, line);
                }
            }
            (ItemKind::Choice, Some((options, selected))) => {
                // The field, its options, then the question that wants one.
                self.say(&item.text)?;
                for (i, option) in options.iter().enumerate() {
                    self.say(&format!("{}) {option}", i + 1))?;
                }
                self.say(&tr!(app.lang, "linear.ask_choice"))?;
                loop {
                    let Some(line) = self.read_line()? else {
                        return Ok(false);
                    };
                    if line.trim().is_empty() {
                        break;
                    }
                    match line.trim().parse::<usize>() {
                        Ok(n) if (1..=options.len()).contains(&n) => {
                            app_focus(app, index);
                            let steps = (n - 1 + options.len() - selected) % options.len();
                            for _ in 0..steps {
                                self.send(app, rt, Msg::Command(Command::NextOption));
                            }
                            break;
                        }
                        _ => self.say(&numbers(
                            app.lang,
                            "linear.choose_one",
                            "linear.choose_number",
                            options.len(),
                        ))?,
                    }
                }
            }
            _ => {}
        }
        Ok(true)
    }

    /// A form asks its fields one at a time, from `start` to the first
    /// button; lines to read on the way are printed.
    fn walk_form(
        &mut self,
        app: &mut App,
        rt: &mut Runtime<'_>,
        start: usize,
    ) -> std::io::Result<bool> {
        let mut index = start;
        loop {
            let view = app.view();
            let Some(item) = view.items.get(index) else {
                break;
            };
            match item.kind {
                ItemKind::Field | ItemKind::Choice => {
                    if !self.ask_field(app, rt, index)? {
                        return Ok(false);
                    }
                }
                ItemKind::Text => {
                    let text = item.text.clone();
                    self.say(&text)?;
                }
                ItemKind::Error => {}
                ItemKind::Row | ItemKind::Answer => break,
            }
            index += 1;
        }
        app_focus(app, index);
        Ok(true)
    }

    fn editable(view: &View) -> usize {
        view.items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Field | ItemKind::Choice))
            .count()
    }

    /// Runs the conversation until `q` or the end of the input.
    pub fn run(
        &mut self,
        app: &mut App,
        rt: &mut Runtime<'_>,
        startup: Vec<Effect>,
    ) -> std::io::Result<()> {
        use_linear_keys(app);
        // Lists give pages of a fixed size here: no screen limits them.
        app.settings.linear = true;
        process(app, rt, startup, Snapshot::start());
        self.say(&tr!(app.lang, "linear.intro"))?;
        let mut form_screen: Option<String> = None;
        loop {
            // A form that just appeared, or that came back with an error,
            // asks its fields in turn.
            let view = app.view();
            let invalid = view
                .items
                .iter()
                .position(|i| i.kind == ItemKind::Error)
                .and_then(|e| e.checked_sub(1))
                .filter(|f| matches!(view.items[*f].kind, ItemKind::Field | ItemKind::Choice));
            let is_new_form =
                Self::editable(&view) >= 2 && form_screen.as_deref() != Some(view.heading.as_str());
            if is_new_form || invalid.is_some() {
                form_screen = Some(view.heading.clone());
                self.show(app, false)?;
                if !self.walk_form(app, rt, invalid.unwrap_or(0))? {
                    return Ok(());
                }
                self.shown = None;
            } else if Self::editable(&view) < 2 {
                form_screen = None;
            }
            self.show(app, false)?;
            if app.should_quit() {
                return Ok(());
            }
            if let Some(deliver) = self.deliver.as_mut() {
                let delivered = deliver();
                if !delivered.is_empty() {
                    self.send(app, rt, Msg::Delivered(delivered));
                    self.show(app, false)?;
                }
            }
            let view = app.view();
            self.prompt(app.lang, &view)?;
            let Some(line) = self.read_line()? else {
                return Ok(());
            };
            match parse(&line, view.context()) {
                Typed::Quit => return Ok(()),
                Typed::Reprint => self.show(app, true)?,
                Typed::Help => {
                    for key in [
                        "linear.help_number",
                        "linear.help_search",
                        "linear.help_pages",
                        "linear.help_back",
                        "linear.help_quit",
                    ] {
                        let text = app.lang.get(key).to_string();
                        self.say(&text)?;
                    }
                }
                Typed::Unknown => {
                    let text = numbers(
                        app.lang,
                        "linear.unknown_one",
                        "linear.unknown",
                        view.items.len(),
                    );
                    self.say(&text)?;
                }
                Typed::Command(command) => self.send(app, rt, Msg::Command(command)),
                Typed::Search(text) => {
                    self.send(app, rt, Msg::Command(Command::Search));
                    if app
                        .view()
                        .focused()
                        .is_some_and(|i| i.kind == ItemKind::Field)
                    {
                        self.replace_text(app, rt, text);
                        self.send(app, rt, Msg::Command(Command::Activate));
                    }
                }
                Typed::Number(n) if (1..=view.items.len()).contains(&n) => {
                    let index = n - 1;
                    match view.items[index].kind {
                        ItemKind::Field | ItemKind::Choice => {
                            if !self.ask_field(app, rt, index)? {
                                return Ok(());
                            }
                            // A lone field (a search) acts at once.
                            if Self::editable(&app.view()) == 1
                                && view.items[index].kind == ItemKind::Field
                            {
                                app_focus(app, index);
                                self.send(app, rt, Msg::Command(Command::Activate));
                            }
                        }
                        ItemKind::Text | ItemKind::Error => {
                            let text = view.items[index].text.clone();
                            self.say(&text)?;
                        }
                        ItemKind::Row | ItemKind::Answer => {
                            app_focus(app, index);
                            self.send(app, rt, Msg::Command(Command::Activate));
                        }
                    }
                }
                Typed::Number(_) => {
                    let text = numbers(
                        app.lang,
                        "linear.unknown_one",
                        "linear.unknown",
                        view.items.len(),
                    );
                    self.say(&text)?;
                }
            }
        }
    }
}

/// Moves the focus to a line, as arrow keys would.
fn app_focus(app: &mut App, index: usize) {
    app.focus_line(index);
}
