//! Courses on the staff desk: every course (started and cancelled ones
//! too), each a one-line row with its seats and waitlist; "Add a course"
//! first. A course opens its roster; the form adds or edits one.

use chrono::NaiveDate;

use crate::domain::{
    Actor, Course, District, Field, FieldError, Format, Id, MassageLevel, NewCourse, Problem,
    Track, validate,
};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{CourseQuery, StoreError};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::casework::{date_field, parse_date};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::screens::{count_text, position};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{StaffCall, StaffDone, errors_sentence, field_id};

/// How many courses the list reads at once.
const PAGE_SIZE: u32 = 200;

/// A course's row: title, start, seats, waiting, and cancelled if it is.
pub fn course_row(lang: Lang, c: &Course, today: NaiveDate) -> String {
    let row = tr!(
        lang,
        "staff_desk.course_row",
        title = c.title,
        date = lang.short_date(c.starts_on, today),
        taken = c.seats_taken,
        capacity = c.capacity,
        waiting = c.waiting
    );
    match c.cancelled_on {
        Some(_) => tr!(lang, "staff_desk.course_row_cancelled", row = row),
        None => row,
    }
}

#[derive(Debug, Default)]
pub struct StaffCourses {
    page: Option<crate::domain::Page<Course>>,
    focus: usize,
}

impl Screen for StaffCourses {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let Some(page) = &self.page else {
            return View {
                heading: tr!(lang, "staff_desk.courses_loading"),
                items: vec![Item::new(ItemKind::Text, tr!(lang, "common.loading"))],
                focus: 0,
            };
        };
        let total = page.items.len().to_string();
        let mut items = vec![Item::new(ItemKind::Row, tr!(lang, "staff_desk.add_course"))];
        items.extend(page.items.iter().enumerate().map(|(i, c)| {
            Item::new(
                ItemKind::Row,
                position(lang, i + 1, &total, &course_row(lang, c, cx.today)),
            )
        }));
        View {
            heading: tr!(
                lang,
                "staff_desk.courses_heading",
                n = count_text(lang, page.total, page.total_capped)
            ),
            items,
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
        cx.call(StoreCall::Staff(StaffCall::Courses(CourseQuery {
            include_started: true,
            include_cancelled: true,
            page_size: PAGE_SIZE,
            ..CourseQuery::default()
        })));
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.opened(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let Some(page) = &self.page else {
            return false;
        };
        match self.focus {
            0 => {
                let screen = CourseForm::add(cx);
                cx.push(screen);
            }
            n => match page.items.get(n - 1) {
                Some(c) => cx.push(super::roster::RosterScreen::new(c.clone())),
                None => return false,
            },
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Staff(StaffDone::Courses(page))) => {
                self.focus = self.focus.min(page.items.len());
                self.page = Some(page);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// Adds or edits a course. What the form does not show (ages, education,
/// directions...) is kept as it was.
#[derive(Debug)]
pub struct CourseForm {
    id: Option<Id>,
    base: NewCourse,
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

impl CourseForm {
    pub fn add(cx: &Cx<'_>) -> Self {
        let start = cx.today + chrono::Duration::days(30);
        let base = NewCourse {
            title: String::new(),
            track: Track::HealthMassage,
            level: Some(MassageLevel::Five),
            provider: String::new(),
            district: District::Shinan,
            address: String::new(),
            directions: String::new(),
            starts_on: start,
            ends_on: start + chrono::Duration::days(60),
            enroll_by: start - chrono::Duration::days(7),
            hours: 100,
            fee_yuan: 0,
            subsidy: String::new(),
            capacity: 20,
            formats: vec![Format::Braille, Format::Audio],
            assessment: String::new(),
            leads_to: String::new(),
            requires_previous_level: false,
            min_age: None,
            max_age: None,
            min_education: None,
            description: String::new(),
        };
        Self::with(None, base, cx.lang)
    }

    pub fn edit(c: &Course, lang: Lang) -> Self {
        let base = NewCourse {
            title: c.title.clone(),
            track: c.track,
            level: c.level,
            provider: c.provider.clone(),
            district: c.district,
            address: c.address.clone(),
            directions: c.directions.clone(),
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            enroll_by: c.enroll_by,
            hours: c.hours,
            fee_yuan: c.fee_yuan,
            subsidy: c.subsidy.clone(),
            capacity: c.capacity,
            formats: c.formats.clone(),
            assessment: c.assessment.clone(),
            leads_to: c.leads_to.clone(),
            requires_previous_level: c.requires_previous_level,
            min_age: c.min_age,
            max_age: c.max_age,
            min_education: c.min_education,
            description: c.description.clone(),
        };
        Self::with(Some(c.id), base, lang)
    }

    fn with(id: Option<Id>, c: NewCourse, lang: Lang) -> Self {
        let mut fields = vec![
            Form::text(
                "title",
                lang.field(Field::Title).into(),
                true,
                &c.title,
                validate::limits::TITLE,
            ),
            Form::choice(
                "track",
                tr!(lang, "staff_desk.track"),
                Track::ALL
                    .iter()
                    .map(|t| lang.track(*t).to_string())
                    .collect(),
                Track::ALL.iter().position(|t| *t == c.track).unwrap_or(0),
            ),
            Form::optional_choice(
                "level",
                tr!(lang, "staff_desk.level"),
                tr!(lang, "staff_desk.no_level"),
                MassageLevel::ALL,
                |l| lang.massage_level(l).to_string(),
                c.level,
            ),
            Form::check(
                "previous",
                tr!(lang, "staff_desk.requires_previous_level"),
                c.requires_previous_level,
            ),
            Form::text(
                "provider",
                lang.field(Field::Provider).into(),
                true,
                &c.provider,
                validate::limits::SHORT,
            ),
            Form::choice(
                "district",
                lang.field(Field::District).into(),
                District::ALL
                    .iter()
                    .map(|d| lang.district(*d).to_string())
                    .collect(),
                District::ALL
                    .iter()
                    .position(|d| *d == c.district)
                    .unwrap_or(0),
            ),
            Form::text(
                "address",
                lang.field(Field::Address).into(),
                false,
                &c.address,
                validate::limits::SHORT,
            ),
            Form::text(
                "starts",
                tr!(lang, "staff_desk.starts_on"),
                true,
                &date_field(c.starts_on),
                12,
            ),
            Form::text(
                "ends",
                tr!(lang, "staff_desk.ends_on"),
                true,
                &date_field(c.ends_on),
                12,
            ),
            Form::text(
                "enroll_by",
                tr!(lang, "staff_desk.enroll_by"),
                true,
                &date_field(c.enroll_by),
                12,
            ),
            Form::text(
                "hours",
                lang.field(Field::Hours).into(),
                true,
                &c.hours.to_string(),
                6,
            ),
            Form::text(
                "capacity",
                lang.field(Field::Capacity).into(),
                true,
                &c.capacity.to_string(),
                6,
            ),
            Form::text(
                "fee",
                lang.field(Field::Fee).into(),
                true,
                &c.fee_yuan.to_string(),
                8,
            ),
        ];
        for format in Format::ALL {
            fields.push(Form::check(
                format_id(*format),
                tr!(
                    lang,
                    "staff_desk.format",
                    format = lang.format_name(*format)
                ),
                c.formats.contains(format),
            ));
        }
        fields.extend([
            Form::text(
                "description",
                lang.field(Field::Description).into(),
                false,
                &c.description,
                validate::limits::LONG,
            ),
            Form::button("save", tr!(lang, "staff_desk.save_course")),
            Form::button("cancel", tr!(lang, "staff_desk.cancel")),
        ]);
        CourseForm {
            id,
            base: c,
            form: Form::new(fields),
            confirm: None,
            leaving: None,
        }
    }

    fn new_course(&self) -> Result<NewCourse, Vec<FieldError>> {
        let f = &self.form;
        let mut errors = Vec::new();
        let mut number = |id: &str, field: Field, min: i64, max: i64| match validate::number(
            field,
            &f.value(id),
            min,
            max,
        ) {
            Ok(Some(n)) => u32::try_from(n).unwrap_or(0),
            Ok(None) => {
                errors.push(FieldError::new(field, Problem::Required));
                0
            }
            Err(e) => {
                errors.push(e);
                0
            }
        };
        let hours = number("hours", Field::Hours, 1, 10_000);
        let capacity = number("capacity", Field::Capacity, 1, 10_000);
        let fee_yuan = number("fee", Field::Fee, 0, 1_000_000);
        let mut date = |id: &str| match parse_date(&f.value(id)) {
            Some(d) => d,
            None => {
                errors.push(FieldError::new(Field::Dates, Problem::Required));
                self.base.starts_on
            }
        };
        let (starts_on, ends_on, enroll_by) = (date("starts"), date("ends"), date("enroll_by"));
        let course = NewCourse {
            title: f.value("title"),
            track: f.chosen("track", Track::ALL).unwrap_or(self.base.track),
            level: f.chosen("level", MassageLevel::ALL),
            requires_previous_level: f.checked("previous"),
            provider: f.value("provider"),
            district: f
                .chosen("district", &District::ALL)
                .unwrap_or(self.base.district),
            address: f.value("address"),
            starts_on,
            ends_on,
            enroll_by,
            hours,
            capacity,
            fee_yuan,
            formats: Format::ALL
                .iter()
                .copied()
                .filter(|format| f.checked(format_id(*format)))
                .collect(),
            description: f.value("description"),
            ..self.base.clone()
        };
        match validate::new_course(course) {
            Ok(c) if errors.is_empty() => Ok(c),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    fn show_errors(&mut self, errors: &[FieldError], cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let mut lines: Vec<(&'static str, String)> = errors
            .iter()
            .map(|e| (course_field_id(e.field), super::error_line(lang, e)))
            .collect();
        let order = |id: &str| self.form.fields.iter().position(|f| f.id == id);
        lines.sort_by_key(|(id, _)| order(id));
        lines.dedup_by_key(|(id, _)| *id);
        cx.announce(errors_sentence(lang, &lines));
        self.form.set_errors(lines);
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        match self.new_course() {
            Ok(course) => {
                self.form.clear_errors();
                let by = cx.actor.unwrap_or(Actor::System);
                let call = match self.id {
                    Some(id) => StaffCall::EditCourse(by, id, course),
                    None => StaffCall::PostCourse(by, course),
                };
                cx.call(StoreCall::Staff(call));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }
}

fn format_id(format: Format) -> &'static str {
    match format {
        Format::Braille => "braille",
        Format::LargePrint => "large_print",
        Format::Audio => "audio",
        Format::Electronic => "electronic",
    }
}

fn course_field_id(field: Field) -> &'static str {
    match field {
        Field::Dates => "starts",
        Field::Age => "description",
        other => field_id(other),
    }
}

impl Screen for CourseForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let heading = match self.id {
            Some(_) => tr!(
                lang,
                "staff_desk.edit_course_heading",
                title = self.form.value("title")
            ),
            None => tr!(lang, "staff_desk.add_course_heading"),
        };
        self.form.view(heading, lang)
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

    fn resumed(&mut self, reply: Option<Reply>, _cx: &mut Cx<'_>) {
        self.form.picked(&reply);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let changed = self.form.changed();
        if let Some(taken) =
            confirm::guard_unsaved(&mut self.confirm, &mut self.leaving, changed, command, cx)
        {
            return taken;
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Pressed("save") => self.save(cx),
            FormEvent::Pressed("cancel") => cx.pop(),
            FormEvent::Entered(_) => {
                let last = self.form.items(cx.lang).len().saturating_sub(1);
                self.form.focus = (self.form.focus + 1).min(last);
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Staff(StaffDone::CourseSaved(course))) => {
                cx.pop();
                cx.announce(tr!(
                    cx.lang,
                    "staff_desk.course_saved",
                    title = course.title
                ));
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => self.show_errors(&errors, cx),
            Err(e) => cx.announce_error(&e),
        }
    }
}
