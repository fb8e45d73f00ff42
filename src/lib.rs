//! jobdesk: find work with a keyboard and a screen reader.
//!
//! The layout shows the architecture:
//! - [`domain`]: the types and rules, no I/O;
//! - [`store`]: the one `Store` trait and its implementations;
//! - [`i18n`]: every user-visible text, one catalogue per language;
//! - [`cli`]: the command line, dispatching to the above.
//!
//! docs/README.md describes the folders and what talks to what;
//! docs/screen-reader.md the screen-reader contract; docs/keypad.md the
//! kiosk keypad.

// Nothing from a user, a file or the network may be unwrapped; an
// invariant is stated with `expect("why it holds")`.
#![deny(clippy::unwrap_used)]

pub mod app;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod keymap;
pub mod kiosk;
pub mod linear;
pub mod options;
pub mod paths;
pub mod platform;
pub mod protocol;
pub mod server;
pub mod speech;
pub mod store;
pub mod ui;
