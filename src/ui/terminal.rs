//! The real terminal: raw mode and the alternate screen on the way in, and
//! restored on the way out, on a panic, and on SIGTERM, SIGHUP and SIGINT.

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

use super::Msg;
use super::backend::{RowBackend, SizeSource};
use super::run::EventSource;
use crate::keymap::KeyPress;

/// Keys, pastes and resizes from the terminal. Blocks until one comes:
/// nothing on screen changes without an event (docs/screen-reader.md rule 4).
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

/// The terminal jobdesk draws on: ratatui's layout, written by
/// [`RowBackend`] in whole rows, through one buffer so that a frame leaves
/// in one write.
pub type Screen = ratatui::Terminal<RowBackend<std::io::BufWriter<std::io::Stdout>>>;

/// Puts the terminal back as it was.
pub fn restore() {
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        ratatui::crossterm::terminal::LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
}

/// Sets the terminal up: raw mode, the alternate screen, bracketed paste;
/// a panic restores it before the message is printed.
pub fn init() -> anyhow::Result<Screen> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    ratatui::crossterm::terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(
        out,
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    let backend = RowBackend::new(
        std::io::BufWriter::with_capacity(16 * 1024, std::io::stdout()),
        SizeSource::Terminal,
    )?;
    let mut terminal = ratatui::Terminal::new(backend)?;
    terminal.clear()?;
    Ok(terminal)
}

/// Restores the terminal and exits when the program is told to stop. A
/// kiosk ignores interrupt, quit and suspend, whoever sends them.
pub fn restore_on_signals(kiosk: bool) -> anyhow::Result<()> {
    use crate::platform::Stop;
    let stopping: &[Stop] = if kiosk {
        &[Stop::Terminate, Stop::Hangup]
    } else {
        &[Stop::Terminate, Stop::Hangup, Stop::Interrupt]
    };
    if kiosk {
        crate::platform::ignore_interactive_stops()?;
    }
    let mut signals = crate::platform::StopSignals::new(stopping)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.wait() {
                tracing::info!("signal {signal}: restoring the terminal and leaving");
                restore();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}
