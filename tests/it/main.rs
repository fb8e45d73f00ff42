//! Every integration test in one binary: linking axum, tokio, rusqlite and
//! ratatui once instead of once per file.

mod accounts_screens;
mod common;

mod attacks;
mod bytes;
mod casework_screens;
mod cli;
mod contract;
mod e2e;
mod e2e_casework;
mod e2e_employer;
mod e2e_remote;
mod e2e_training;
mod e2e_waiting;
mod employer_screens;
mod employer_wire;
mod faults;
mod figures_remote;
mod figures_screen;
mod fuzz;
mod fuzz_keys;
mod heard;
mod i18n;
mod import;
mod kiosk;
mod linear;
mod porter;
mod porter_screen;
mod recommend;
mod remote;
mod roles;
mod screens;
mod speech;
mod staff_screens;
mod store;
mod training;
mod whats_new;
