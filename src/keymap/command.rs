//! Every command a key can be bound to. The doc string of each is its help
//! text in English (F1 shows it); the zh-CN catalogue translates it under
//! `command.<name>`, and a test checks that none is missing.

/// Declares [`Command`] with its stable names (used in keymap files) and its
/// doc strings (the help text).
macro_rules! commands {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// A thing the user can ask for with a key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant,)+];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name,)+ }
            }

            pub fn from_name(name: &str) -> Option<Command> {
                match name { $($name => Some(Command::$variant),)+ _ => None }
            }

            /// The English help text: the doc string.
            pub fn doc(self) -> &'static str {
                match self { $(Command::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }
        }
    };
}

commands! {
    /// Show the keys of this screen
    Help => "help",
    /// Go back to the previous screen
    Back => "back",
    /// Go to the main menu
    Home => "home",
    /// Quit jobdesk
    Quit => "quit",
    /// Say the last message again
    Repeat => "repeat",
    /// Say where you are and what you can do here
    WhereAmI => "where_am_i",
    /// Say the focused line in full
    ReadItem => "read_item",
    /// Speak louder
    VolumeUp => "volume_up",
    /// Speak more quietly
    VolumeDown => "volume_down",
    /// Speak faster
    RateUp => "rate_up",
    /// Speak more slowly
    RateDown => "rate_down",
    /// Move to the next line
    Next => "next",
    /// Move to the previous line
    Previous => "previous",
    /// Move to the first line
    First => "first",
    /// Move to the last line
    Last => "last",
    /// Show the next page
    NextPage => "next_page",
    /// Show the previous page
    PreviousPage => "previous_page",
    /// Open or choose the focused line
    Activate => "activate",
    /// Go to the search field
    Search => "search",
    /// Delete the character before the cursor
    DeleteBack => "delete_back",
    /// Delete the character under the cursor
    DeleteForward => "delete_forward",
    /// Move the cursor one character left
    CursorLeft => "cursor_left",
    /// Move the cursor one character right
    CursorRight => "cursor_right",
    /// Move the cursor to the start of the field
    LineStart => "line_start",
    /// Move the cursor to the end of the field
    LineEnd => "line_end",
    /// Clear the field
    ClearField => "clear_field",
    /// Switch the focused option on or off
    Toggle => "toggle",
    /// Choose the next option
    NextOption => "next_option",
    /// Choose the previous option
    PreviousOption => "previous_option",
    /// Answer yes
    Yes => "yes",
    /// Answer no
    No => "no",
    /// End the session at once: log out and clear everything (kiosk)
    EndSession => "end_session",
    /// Dismiss or delete the focused item
    Dismiss => "dismiss",
    /// Save this search under a name
    SaveSearch => "save_search",
    /// List your saved searches
    SavedSearches => "saved_searches",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_command_has_help() {
        for &c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(c));
            assert!(!c.doc().is_empty(), "{c:?}");
            assert!(!c.doc().starts_with(' '), "{c:?}");
        }
    }
}
