//! F1: the keys of the current screen, generated from the keymap in force,
//! as ordinary lines to move through (docs/screen-reader.md rule 9).

use crate::i18n::Lang;
use crate::keymap::{Command, Context};
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Screen};

use super::{key_label, position};

#[derive(Debug)]
pub struct Help {
    heading: String,
    lines: Vec<String>,
    focus: usize,
}

/// The help text of a command in a language: English is the doc string of
/// the command, other languages come from their catalogue.
pub fn command_help(lang: Lang, command: Command) -> String {
    match lang {
        Lang::En => command.doc().to_string(),
        _ => lang.get(&format!("command.{}", command.name())).to_string(),
    }
}

impl Help {
    /// The keys in force where the user pressed F1.
    pub fn new(cx: &Cx<'_>, screen: &str, context: Context) -> Help {
        let bindings = cx.keymap.bindings_for(context);
        let total = bindings.len().to_string();
        let mut lines: Vec<String> = bindings
            .iter()
            .enumerate()
            .map(|(i, (key, command))| {
                let text = tr!(
                    cx.lang,
                    "help.binding",
                    key = key_label(cx.lang, *key),
                    help = command_help(cx.lang, *command)
                );
                position(cx.lang, i + 1, &total, &text)
            })
            .collect();
        if context == Context::Text {
            lines.push(tr!(cx.lang, "help.typing"));
        }
        Help {
            heading: tr!(cx.lang, "help.heading", screen = screen, n = bindings.len()),
            lines,
            focus: 0,
        }
    }

    /// Help from the main menu: how jobdesk works, then the list keys.
    pub fn general(cx: &Cx<'_>) -> Help {
        let mut help = Help::new(cx, cx.lang.get("home.help"), Context::List);
        let intro = [
            tr!(cx.lang, "help.intro_lines"),
            tr!(cx.lang, "help.intro_announcements"),
            tr!(
                cx.lang,
                "help.intro_keys",
                help = cx.key_for(Command::Help),
                back = cx.key_for(Command::Back)
            ),
        ];
        help.lines.splice(0..0, intro);
        help
    }
}

impl Screen for Help {
    fn view(&self, _cx: &Cx<'_>) -> View {
        View {
            heading: self.heading.clone(),
            items: self
                .lines
                .iter()
                .map(|l| Item::new(ItemKind::Text, l.clone()))
                .collect(),
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        self.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.focus = focus;
    }
}
