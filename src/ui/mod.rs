//! The full-screen interface, Elm-style: [`update`] takes the state and a
//! message and returns effects without doing any I/O; [`run`] executes the
//! effects against the store and feeds the results back; drawing is a pure
//! function of the state ([`view::draw`]).

pub mod backend;
pub mod bytes;
pub mod confirm;
pub mod fit;
pub mod form;
pub mod run;
pub mod screens;
pub mod terminal;
pub mod text_input;
pub mod theme;
pub mod view;

mod app;
mod kiosk_keys;
mod msg;
mod screen;
mod update;

pub use app::{App, DeskStart};
pub use msg::{CallTag, Done, Effect, Msg, Reply, Settings, StoreCall};
pub use screen::{Cx, Screen};
pub use update::{kiosk_welcome, update};
