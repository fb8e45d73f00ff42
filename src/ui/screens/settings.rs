//! Settings that take effect at once: language, theme, keymap.

use crate::i18n::Lang;
use crate::keymap::Command;
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::view::View;
use crate::ui::{Cx, Reply, Screen};

use super::choose::ChoiceList;

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

impl SettingsScreen {
    /// Puts the form's values in force.
    fn apply(&mut self, cx: &mut Cx<'_>) {
        let before = cx.settings.lang;
        cx.settings.lang = if self.form.selected("lang") == 1 {
            Lang::ZhCn
        } else {
            Lang::En
        };
        cx.settings.high_contrast = self.form.selected("theme") == 1;
        cx.settings.vim_keys = self.form.selected("keys") == 1;
        cx.settings.linear = self.form.selected("mode") == 1;
        // Rebuild in the language now in force. The focused line says the
        // new value itself; only what it cannot say is announced.
        let lang = cx.settings.lang;
        self.build(lang, cx.settings);
        cx.lang = lang;
        if lang != before {
            // Jobs and courses stay in the language they were written in.
            cx.announce(tr!(lang, "settings.data_language"));
        }
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

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if self.form.picked(&reply).is_some() {
            self.apply(cx);
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Changed(_) => self.apply(cx),
            FormEvent::Pressed("done") => cx.pop(),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
