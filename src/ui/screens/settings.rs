//! Settings that take effect at once: language, theme, keymap.

use crate::i18n::Lang;
use crate::keymap::Command;
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::view::View;
use crate::ui::{Cx, Screen};

#[derive(Debug)]
pub struct SettingsScreen {
    form: Form,
}

impl SettingsScreen {
    pub fn new(cx: &Cx<'_>) -> Self {
        let mut s = SettingsScreen {
            form: Form::default(),
        };
        s.build(cx.lang, cx.settings);
        s
    }

    fn build(&mut self, lang: Lang, settings: crate::ui::Settings) {
        let focus = self.form.focus;
        self.form = Form::new(vec![
            Form::choice(
                "lang",
                tr!(lang, "settings.language"),
                vec!["English".into(), "简体中文".into()],
                usize::from(settings.lang == Lang::ZhCn),
            ),
            Form::choice(
                "theme",
                tr!(lang, "settings.theme"),
                vec![
                    tr!(lang, "settings.theme_default"),
                    tr!(lang, "settings.theme_high_contrast"),
                ],
                usize::from(settings.high_contrast),
            ),
            Form::choice(
                "keys",
                tr!(lang, "settings.keys"),
                vec![
                    tr!(lang, "settings.keys_default"),
                    tr!(lang, "settings.keys_vim"),
                ],
                usize::from(settings.vim_keys),
            ),
            Form::choice(
                "mode",
                tr!(lang, "settings.mode"),
                vec![
                    tr!(lang, "settings.mode_full"),
                    tr!(lang, "settings.mode_linear"),
                ],
                usize::from(settings.linear),
            ),
            Form::button("done", tr!(lang, "settings.done")),
        ]);
        self.form.focus = focus;
    }
}

impl Screen for SettingsScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        self.form.view(tr!(cx.lang, "settings.heading"), cx.lang)
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Changed(_) => {
                cx.settings.lang = if self.form.selected("lang") == 1 {
                    Lang::ZhCn
                } else {
                    Lang::En
                };
                cx.settings.high_contrast = self.form.selected("theme") == 1;
                cx.settings.vim_keys = self.form.selected("keys") == 1;
                cx.settings.linear = self.form.selected("mode") == 1;
                // Rebuild in the language now in force, and say the line.
                self.build(cx.settings.lang, cx.settings);
                let line = self.form.items(cx.settings.lang)[self.form.focus]
                    .text
                    .clone();
                cx.lang = cx.settings.lang;
                cx.announce(line);
            }
            FormEvent::Pressed("done") => cx.pop(),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
