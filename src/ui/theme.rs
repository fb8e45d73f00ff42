//! Colours and emphasis. Focus is a marker and reverse video, errors say
//! "error" in words: colour is never the only signal, and `NO_COLOR` removes
//! it entirely (docs/screen-reader.md rule 5).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub normal: Style,
    pub heading: Style,
    pub focus: Style,
    pub error: Style,
    pub announcement: Style,
    /// Whether the focus style covers the whole focused row, or only its
    /// marker. Covering the row shows focus best to a magnifier, but then a
    /// move must rewrite both rows' text (about 200 bytes at 80 columns,
    /// 2.5 times more than the marker alone); the high-contrast theme,
    /// chosen by low-vision users, does it, the default marks the marker.
    pub focus_whole_row: bool,
}

impl Theme {
    pub fn default_theme() -> Theme {
        Theme {
            normal: Style::new(),
            heading: Style::new().add_modifier(Modifier::BOLD),
            focus: Style::new().add_modifier(Modifier::REVERSED),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            announcement: Style::new().add_modifier(Modifier::BOLD),
            focus_whole_row: false,
        }
    }

    /// White on black, yellow headings, focus in bold reverse video.
    pub fn high_contrast() -> Theme {
        let base = Style::new().fg(Color::White).bg(Color::Black);
        Theme {
            normal: base,
            heading: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            focus: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            error: base
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            announcement: base.fg(Color::White).add_modifier(Modifier::BOLD),
            focus_whole_row: true,
        }
    }

    /// The same emphasis without any colour.
    pub fn without_colour(self) -> Theme {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        // High contrast focus is colour-only; make it reverse video.
        let focus = strip(self.focus).add_modifier(Modifier::REVERSED);
        Theme {
            normal: strip(self.normal),
            heading: strip(self.heading),
            focus,
            error: strip(self.error),
            announcement: strip(self.announcement),
            focus_whole_row: self.focus_whole_row,
        }
    }

    /// The theme by name, honouring `NO_COLOR`.
    pub fn pick(high_contrast: bool, no_color: bool) -> Theme {
        let theme = if high_contrast {
            Theme::high_contrast()
        } else {
            Theme::default_theme()
        };
        if no_color {
            theme.without_colour()
        } else {
            theme
        }
    }
}
