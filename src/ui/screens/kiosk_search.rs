//! Finding a job at a kiosk: a keypad cannot type words, so the search is
//! two lists to choose from, the kind of work and then the district.

use crate::domain::{District, WorkKind};
use crate::keymap::Command;
use crate::store::JobQuery;
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Screen};

use super::position;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Kind,
    District,
}

#[derive(Debug)]
pub struct FindJob {
    step: Step,
    kind: Option<WorkKind>,
    focus: usize,
}

impl Default for FindJob {
    fn default() -> Self {
        FindJob {
            step: Step::Kind,
            kind: None,
            focus: 0,
        }
    }
}

impl FindJob {
    /// The lines of this step: "any" first, then each choice.
    fn choices(&self, cx: &Cx<'_>) -> Vec<String> {
        let lang = cx.lang;
        match self.step {
            Step::Kind => std::iter::once(tr!(lang, "kiosk.any_kind"))
                .chain(WorkKind::ALL.iter().map(|k| lang.work_kind(*k).to_string()))
                .collect(),
            Step::District => std::iter::once(tr!(lang, "kiosk.any_district"))
                .chain(District::ALL.iter().map(|d| lang.district(*d).to_string()))
                .collect(),
        }
    }

    fn heading(&self, cx: &Cx<'_>) -> String {
        let n = self.choices(cx).len();
        match self.step {
            Step::Kind => tr!(cx.lang, "kiosk.find_kind", n = n),
            Step::District => tr!(cx.lang, "kiosk.find_district", n = n),
        }
    }
}

impl Screen for FindJob {
    fn view(&self, cx: &Cx<'_>) -> View {
        let choices = self.choices(cx);
        let total = choices.len().to_string();
        View {
            heading: self.heading(cx),
            items: choices
                .iter()
                .enumerate()
                .map(|(i, c)| Item::new(ItemKind::Row, position(cx.lang, i + 1, &total, c)))
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

    fn opened(&mut self, cx: &mut Cx<'_>) {
        let heading = self.heading(cx);
        cx.announce(heading);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match (command, self.step) {
            (Command::Activate, Step::Kind) => {
                self.kind = self
                    .focus
                    .checked_sub(1)
                    .and_then(|i| WorkKind::ALL.get(i))
                    .copied();
                self.step = Step::District;
                self.focus = 0;
                let heading = self.heading(cx);
                cx.announce(heading);
            }
            (Command::Activate, Step::District) => {
                let district = self
                    .focus
                    .checked_sub(1)
                    .and_then(|i| District::ALL.get(i))
                    .copied();
                let query = JobQuery {
                    kinds: self.kind.into_iter().collect(),
                    districts: district.into_iter().collect(),
                    ..JobQuery::default()
                };
                cx.push(super::jobs::Jobs::with_query(query));
            }
            // Back from the districts goes to the kinds of work.
            (Command::Back, Step::District) => {
                self.step = Step::Kind;
                self.focus = self
                    .kind
                    .and_then(|k| WorkKind::ALL.iter().position(|x| *x == k))
                    .map_or(0, |i| i + 1);
                let heading = self.heading(cx);
                cx.announce(heading);
            }
            _ => return false,
        }
        true
    }
}
