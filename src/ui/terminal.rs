//! The real terminal: raw mode and the alternate screen on the way in, and
//! restored on the way out, on a panic, and on SIGTERM, SIGHUP and SIGINT.

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

use super::Msg;
use super::run::EventSource;
use crate::keymap::KeyPress;

/// Keys, pastes and resizes from the terminal. Blocks until one comes:
/// nothing on screen changes without an event (contract rule 4).
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next_msg(&mut self) -> anyhow::Result<Option<Msg>> {
        loop {
            match event::read()? {
                Event::Key(key) => {
                    if let Some(press) = KeyPress::from_event(key) {
                        return Ok(Some(Msg::Key(press)));
                    }
                }
                Event::Paste(text) => return Ok(Some(Msg::Paste(text))),
                Event::Resize(w, h) => return Ok(Some(Msg::Resize(w, h))),
                _ => {}
            }
        }
    }
}

/// Puts the terminal back as it was.
pub fn restore() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// Sets the terminal up; `ratatui::init` also restores it on panic.
pub fn init() -> ratatui::DefaultTerminal {
    let terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    terminal
}

/// Restores the terminal and exits when the program is told to stop. A
/// kiosk ignores interrupt, quit and suspend, whoever sends them.
pub fn restore_on_signals(kiosk: bool) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let stopping: &[i32] = if kiosk {
        &[SIGTERM, SIGHUP]
    } else {
        &[SIGTERM, SIGHUP, SIGINT]
    };
    if kiosk {
        for signal in [SIGINT, SIGQUIT, SIGTSTP] {
            signal_hook::flag::register(
                signal,
                std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
            )?;
        }
    }
    let mut signals = signal_hook::iterator::Signals::new(stopping)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                tracing::info!("signal {signal}: restoring the terminal and leaving");
                restore();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}
