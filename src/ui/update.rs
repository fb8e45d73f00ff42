//! `update`, the one place state changes, and the dispatch of keys and
//! commands.

use super::app::App;
use super::kiosk_keys::kiosk_field_key;
use super::msg::{Effect, Msg};
use super::screens;
use super::view::View;
use crate::i18n::Lang;
use crate::keymap::{Command, Context, KeyPress};
use crate::tr;

/// The one place state changes. No I/O: effects say what to do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Key(key) => key_press(app, key),
        Msg::Command(command) => {
            let view = app.view();
            run_command(app, command, &view)
        }
        Msg::Tick(now) => {
            app.now = now;
            match app.kiosk.as_mut().map(|k| k.check(now)) {
                Some(crate::kiosk::Idle::Warn(seconds)) => {
                    let lang = app.lang;
                    let text = tr!(lang, "kiosk.still_there", seconds = seconds);
                    app.set_announcement(text);
                    Vec::new()
                }
                // Whoever comes next is welcomed first, on screen and in
                // speech.
                Some(crate::kiosk::Idle::Expire) => {
                    let lang = app.lang;
                    app.wipe(kiosk_welcome(lang))
                }
                _ => Vec::new(),
            }
        }
        // At a kiosk, only into a field entered on purpose.
        Msg::Paste(_) if app.kiosk.is_some() && !app.is_editing(&app.view()) => Vec::new(),
        Msg::Paste(text) => app.with_cx(|s, cx| {
            if let Some(input) = s.and_then(|s| s.input())
                && !input.insert(&text)
            {
                cx.announce(tr!(cx.lang, "form.field_full"));
            }
        }),
        Msg::Resize(w, h) => {
            app.width = w;
            app.height = h;
            Vec::new()
        }
        Msg::Done(tag, result) => app.answer(tag, result),
        Msg::Waiting(tag) => app.call_slow(tag),
        Msg::Delivered(deliveries) => app.with_cx(|_, cx| {
            let text = screens::delivery_sentences(cx.lang, &deliveries);
            if !text.is_empty() {
                cx.announce(text);
            }
        }),
    };
    app.rescroll();
    effects
}

/// Keys that would leave a kiosk in a terminal: interrupt, suspend, quit.
const KIOSK_BLOCKED: [KeyPress; 3] = [
    KeyPress::ctrl('c'),
    KeyPress::ctrl('z'),
    KeyPress::ctrl('\\'),
];

fn key_press(app: &mut App, key: KeyPress) -> Vec<Effect> {
    let now = app.now;
    if let Some(kiosk) = app.kiosk.as_mut() {
        if KIOSK_BLOCKED.contains(&key) {
            return Vec::new();
        }
        if kiosk.touch(now) {
            // The key that answers "are you still there" only extends the
            // session: it does not also act.
            let lang = app.lang;
            app.set_announcement(tr!(lang, "kiosk.extended"));
            return Vec::new();
        }
    }
    let view = app.view();
    if app.told_waiting() && means_back(app, key, &view) {
        return app.abandon_wait();
    }
    if app.kiosk.is_some() {
        // Focus moved away (an error, another field): editing is over. A
        // screen on top of the field (help) leaves it being edited.
        if !app.is_editing(&view)
            && app
                .editing
                .as_ref()
                .is_none_or(|e| e.depth >= app.stack.len())
        {
            app.editing = None;
        }
        if let Some(effects) = kiosk_field_key(app, key, &view) {
            return effects;
        }
    }
    let context = app.key_context(&view);
    let command = app.keymap.in_context(context, key);
    if command.is_none()
        && let Some(c) = key.typed_char()
    {
        // Characters type into a text field, or start a search in lists
        // that have one, unless the context binds them.
        if context == Context::Text {
            return app.with_cx(|s, cx| {
                if let Some(input) = s.and_then(|s| s.input())
                    && !input.insert(&c.to_string())
                {
                    cx.announce(tr!(cx.lang, "form.field_full"));
                }
            });
        }
        // A global binding (a kiosk's digits) wins over type-to-search.
        if context == Context::List && app.keymap.in_context(Context::Global, key).is_none() {
            let mut typed = false;
            let effects = app.with_cx(|s, cx| typed = s.is_some_and(|s| s.type_char(c, cx)));
            if typed {
                return effects;
            }
        }
    }
    match command.or_else(|| app.keymap.in_context(Context::Global, key)) {
        Some(command) => run_command(app, command, &view),
        None => app.with_cx(|_, cx| {
            let help = cx.key_for(Command::Help);
            cx.announce(tr!(
                cx.lang,
                "common.key_does_nothing",
                key = screens::key_label(cx.lang, key),
                help = help
            ));
        }),
    }
}

/// Whether a key is Back where it is pressed (a character typed into a
/// field is never a command).
fn means_back(app: &App, key: KeyPress, view: &View) -> bool {
    let context = app.key_context(view);
    let command = app.keymap.in_context(context, key).or_else(|| {
        if context == Context::Text && key.typed_char().is_some() {
            None
        } else {
            app.keymap.in_context(Context::Global, key)
        }
    });
    command == Some(Command::Back)
}

fn run_command(app: &mut App, command: Command, view: &View) -> Vec<Effect> {
    // Back while the screen is heard waiting for the store stops the
    // wait, and nothing more. (Before that, Back goes back as ever: the
    // screen closes and its answer is dropped.)
    if command == Command::Back && app.told_waiting() {
        return app.abandon_wait();
    }
    let mut handled = false;
    let mut effects = app.with_cx(|s, cx| handled = s.is_some_and(|s| s.command(command, cx)));
    if handled {
        return effects;
    }
    match command {
        Command::Next
        | Command::Previous
        | Command::First
        | Command::Last
        | Command::NextPage
        | Command::PreviousPage => {
            // Moves go by rows as drawn: a long line split into parts is
            // read part by part.
            let display = app.display();
            let count = display.view.items.len();
            if count == 0 {
                return effects;
            }
            let focus = display.view.focus;
            let last = count - 1;
            let page = usize::from(app.layout(&display.view.heading).body.height).max(1);
            let target = match command {
                Command::Next => (focus + 1).min(last),
                Command::Previous => focus.saturating_sub(1),
                Command::First => 0,
                Command::Last => last,
                Command::NextPage => (focus + page).min(last),
                _ => focus.saturating_sub(page),
            };
            if target == focus {
                // Every move that goes nowhere says so: silence would
                // sound like a key that was not heard.
                let key = match command {
                    Command::First => "nav.already_first",
                    Command::Last => "nav.already_last",
                    Command::Next | Command::NextPage => "nav.at_end",
                    _ => "nav.at_start",
                };
                let text = app.lang.get(key).to_string();
                app.set_announcement(text);
            } else {
                app.focus_row(&display, target);
            }
        }
        Command::ReadItem => {
            // The whole item, however many rows it is drawn on.
            let text = view.focused().map(|i| i.text.clone()).unwrap_or_default();
            app.set_announcement(text);
        }
        Command::DeleteBack
        | Command::DeleteForward
        | Command::CursorLeft
        | Command::CursorRight
        | Command::LineStart
        | Command::LineEnd
        | Command::ClearField => {
            effects.extend(app.with_cx(|s, cx| {
                let Some(s) = s else { return };
                let emptied = match s.input() {
                    Some(input) => {
                        let had_text = !input.value().is_empty();
                        match command {
                            Command::DeleteBack => {
                                input.delete_back();
                            }
                            Command::DeleteForward => {
                                input.delete_forward();
                            }
                            Command::CursorLeft => input.left(),
                            Command::CursorRight => input.right(),
                            Command::LineStart => input.start(),
                            Command::LineEnd => input.end(),
                            _ => input.clear(),
                        }
                        had_text && input.value().is_empty()
                    }
                    None => false,
                };
                // A field left empty says so, rather than echoing the last
                // characters removed as if they had been typed.
                if emptied && let Some(item) = s.view(cx).focused() {
                    let line = item.text.clone();
                    cx.announce(tr!(cx.lang, "form.cleared", line = line));
                }
            }));
        }
        Command::Help => {
            let context = app.key_context(view);
            let title = view.heading.clone();
            effects.extend(app.with_cx(|_, cx| {
                let help = screens::help::Help::new(cx, &title, context);
                cx.push(help);
            }));
        }
        Command::Back => {
            if app.stack.len() > 1 {
                effects.extend(app.with_cx(|_, cx| cx.pop()));
            } else {
                effects.extend(app.with_cx(|_, cx| {
                    let quit = cx.key_for(Command::Quit);
                    cx.announce(tr!(cx.lang, "home.already_here", quit = quit));
                }));
            }
        }
        Command::Home if app.stack.len() <= 1 => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "home.already_home"))))
        }
        Command::Home => effects.extend(app.with_cx(|_, cx| cx.home())),
        Command::Quit => match &app.kiosk {
            Some(kiosk) => {
                let code = kiosk.operator_code.clone();
                effects.extend(app.with_cx(|_, cx| {
                    let screen = screens::welcome::OperatorExit::new(cx, code);
                    cx.push(screen);
                }));
            }
            None => app.quit = true,
        },
        Command::Repeat => {
            let text = if app.announcement.is_empty() {
                app.utterance()
            } else {
                app.announcement.clone()
            };
            let lang = app.lang;
            app.set_announcement(tr!(lang, "common.repeat", text = text));
            if app.speech_on {
                // The speaker says its last utterance again, word for word.
                app.silent_announcement = true;
                effects.push(Effect::Speech(crate::speech::SpeechControl::Repeat));
            }
        }
        Command::WhereAmI => {
            let focused = view.focused().map(|i| i.text.clone()).unwrap_or_default();
            let heading = view.heading.clone();
            effects.extend(app.with_cx(|_, cx| {
                let help = cx.key_for(Command::Help);
                cx.announce(tr!(
                    cx.lang,
                    "common.where_am_i",
                    heading = heading,
                    focused = focused,
                    help = help
                ));
            }));
        }
        Command::VolumeUp | Command::VolumeDown | Command::RateUp | Command::RateDown => {
            use crate::speech::SpeechControl;
            if app.speech_on {
                let (control, text) = match command {
                    Command::VolumeUp => (SpeechControl::VolumeUp, tr!(app.lang, "speech.louder")),
                    Command::VolumeDown => {
                        (SpeechControl::VolumeDown, tr!(app.lang, "speech.quieter"))
                    }
                    Command::RateUp => (SpeechControl::RateUp, tr!(app.lang, "speech.faster")),
                    _ => (SpeechControl::RateDown, tr!(app.lang, "speech.slower")),
                };
                effects.push(Effect::Speech(control));
                app.set_announcement(text);
            } else {
                effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "speech.off"))));
            }
        }
        Command::Search => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "common.no_search_here"))))
        }
        Command::EndSession => {
            if app.kiosk.is_some() {
                let lang = app.lang;
                effects.extend(app.wipe(tr!(lang, "kiosk.session_ended")));
            } else {
                effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "kiosk.no_session"))));
            }
        }
        Command::Activate
        | Command::Toggle
        | Command::NextOption
        | Command::PreviousOption
        | Command::Yes
        | Command::No
        | Command::Dismiss
        | Command::SaveSearch
        | Command::SavedSearches => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "common.nothing_to_do"))));
        }
    }
    effects
}

/// The kiosk's welcome, said when it starts and after a session was wiped.
pub fn kiosk_welcome(lang: Lang) -> String {
    tr!(lang, "kiosk.welcome")
}
