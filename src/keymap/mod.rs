//! Keymaps: TOML files with one table per context, key → command name
//! (README.md, "Keys"). The default is built in; users override single
//! keys. A bad file is reported with file:line for every problem and its
//! valid bindings are kept.

mod command;
mod key;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

pub use command::Command;
pub use key::{Key, KeyPress};

use crate::named_enum;

named_enum! {
    /// Where a key is pressed. A key is looked up in the focused item's
    /// context first, then in `global`.
    pub enum Context {
        Global => "global",
        List => "list",
        Text => "text",
        Choice => "choice",
        Confirm => "confirm",
    }
}

/// The keymaps that ship inside the binary.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("kiosk", include_str!("../../keymaps/kiosk.toml")),
];

/// Written in a keymap file to remove a binding the base keymap has.
pub const UNBOUND: &str = "unbound";

/// One problem in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Key bindings per context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    bindings: HashMap<Context, BTreeMap<KeyPress, Command>>,
    /// The key a file binds first to each command: the one hints name.
    first: HashMap<Command, KeyPress>,
}

impl Keymap {
    /// A built-in keymap by name.
    pub fn built_in(name: &str) -> Option<Keymap> {
        let (_, source) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        let mut map = Keymap::default();
        // Built-in files are checked by tests; problems cannot occur here.
        let _ = map.merge_source(name, source);
        Some(map)
    }

    /// The default keymap.
    pub fn default_keys() -> Keymap {
        Keymap::built_in("default").unwrap_or_default()
    }

    /// Layers a file's bindings over these, replacing single keys. Returns
    /// every problem found; the valid bindings are applied regardless.
    pub fn merge_source(&mut self, file: &str, source: &str) -> Vec<KeymapProblem> {
        let problem = |offset: usize, message: String| KeymapProblem {
            file: file.to_string(),
            line: line_of(source, offset),
            message,
        };
        type Tables = BTreeMap<
            toml::Spanned<String>,
            BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>,
        >;
        let tables: Tables = match toml::from_str(source) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                return vec![problem(offset, e.message().trim().to_string())];
            }
        };
        let mut problems = Vec::new();
        let mut firsts: HashMap<Command, (usize, KeyPress)> = HashMap::new();
        for (context_name, entries) in tables {
            let Some(context) = Context::parse(context_name.get_ref()) else {
                problems.push(problem(
                    context_name.span().start,
                    format!(
                        "unknown context [{}]; the contexts are {}",
                        context_name.get_ref(),
                        Context::ALL
                            .iter()
                            .map(|c| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                continue;
            };
            for (key_spec, value) in entries {
                let at = key_spec.span().start;
                let key = match KeyPress::parse(key_spec.get_ref()) {
                    Ok(k) => k,
                    Err(e) => {
                        problems.push(problem(at, e));
                        continue;
                    }
                };
                let Some(name) = value.get_ref().as_str() else {
                    problems.push(problem(
                        at,
                        format!("the command for {:?} must be a string", key_spec.get_ref()),
                    ));
                    continue;
                };
                let table = self.bindings.entry(context).or_default();
                if name == UNBOUND {
                    table.remove(&key);
                } else if let Some(command) = Command::from_name(name) {
                    table.insert(key, command);
                    let first = firsts.entry(command).or_insert((at, key));
                    if at < first.0 {
                        *first = (at, key);
                    }
                } else {
                    problems.push(problem(at, format!("unknown command {name:?}")));
                }
            }
        }
        self.first
            .extend(firsts.into_iter().map(|(command, (_, key))| (command, key)));
        problems
    }

    /// Reads a file and layers it over these bindings.
    pub fn merge_file(&mut self, path: &Path) -> Vec<KeymapProblem> {
        match std::fs::read_to_string(path) {
            Ok(source) => self.merge_source(&path.display().to_string(), &source),
            Err(e) => vec![KeymapProblem {
                file: path.display().to_string(),
                line: 0,
                message: format!("cannot read the file: {e}"),
            }],
        }
    }

    /// The command for a key in a context, falling back to `global`.
    pub fn lookup(&self, context: Context, key: KeyPress) -> Option<Command> {
        self.in_context(context, key)
            .or_else(|| self.in_context(Context::Global, key))
    }

    /// The command for a key in exactly this context.
    pub fn in_context(&self, context: Context, key: KeyPress) -> Option<Command> {
        self.bindings.get(&context)?.get(&key).copied()
    }

    /// The bindings in force in a context, its own first, then the global
    /// ones it does not shadow; in key order.
    pub fn bindings_for(&self, context: Context) -> Vec<(KeyPress, Command)> {
        let own = self.bindings.get(&context);
        let mut out: Vec<(KeyPress, Command)> = own
            .map(|t| t.iter().map(|(k, c)| (*k, *c)).collect())
            .unwrap_or_default();
        if context != Context::Global
            && let Some(global) = self.bindings.get(&Context::Global)
        {
            for (k, c) in global {
                // In a text field a character the field does not bind is
                // typed, whatever it does elsewhere (a kiosk's digits).
                if context == Context::Text && k.typed_char().is_some() {
                    continue;
                }
                if own.is_none_or(|t| !t.contains_key(k)) {
                    out.push((*k, *c));
                }
            }
        }
        out
    }

    /// The keys bound to a command anywhere, for "press F1 for help".
    pub fn keys_for(&self, command: Command) -> Vec<KeyPress> {
        let mut keys: Vec<KeyPress> = self
            .bindings
            .values()
            .flat_map(|t| t.iter().filter(|(_, c)| **c == command).map(|(k, _)| *k))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The key to name in hints: the one the keymap file lists first for the
    /// command, else a global binding (it works everywhere), else any.
    pub fn preferred_key(&self, command: Command) -> Option<KeyPress> {
        // The key the file lists first for it, if that key still does it.
        if let Some(key) = self.first.get(&command)
            && self.bindings.values().any(|t| t.get(key) == Some(&command))
        {
            return Some(*key);
        }
        let global = self.bindings.get(&Context::Global).and_then(|t| {
            t.iter()
                .filter(|(_, c)| **c == command)
                .map(|(k, _)| *k)
                .min_by_key(|k| (k.typed_char().is_some(), *k))
        });
        global.or_else(|| {
            self.keys_for(command)
                .into_iter()
                .min_by_key(|k| (k.typed_char().is_some(), *k))
        })
    }

    /// Commands no context binds.
    pub fn unbound_commands(&self) -> Vec<Command> {
        Command::ALL
            .iter()
            .copied()
            .filter(|c| self.keys_for(*c).is_empty())
            .collect()
    }
}

/// The 1-based line of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Builds the keymap in force: a built-in base (`default`, `vim`, `kiosk`)
/// or the default with a file layered over it, then the user's own file.
pub fn load(choice: Option<&str>, user_file: Option<&Path>) -> (Keymap, Vec<KeymapProblem>) {
    let mut problems = Vec::new();
    let mut map = match choice {
        None => Keymap::default_keys(),
        Some(name) => match Keymap::built_in(name) {
            Some(map) => map,
            None => {
                let mut map = Keymap::default_keys();
                problems.extend(map.merge_file(Path::new(name)));
                map
            }
        },
    };
    if let Some(user) = user_file.filter(|p| p.exists()) {
        problems.extend(map.merge_file(user));
    }
    (map, problems)
}

/// Checks every built-in keymap, the user's file and an optional extra one;
/// returns all problems (empty: all good).
pub fn check_all(extra: Option<&str>, user_file: Option<&Path>) -> Vec<KeymapProblem> {
    let mut problems = Vec::new();
    for (name, source) in BUILT_IN {
        let mut map = Keymap::default();
        problems.extend(map.merge_source(&format!("keymaps/{name}.toml"), source));
    }
    if let Some(user) = user_file.filter(|p| p.exists()) {
        problems.extend(Keymap::default_keys().merge_file(user));
    }
    if let Some(extra) = extra
        && Keymap::built_in(extra).is_none()
    {
        problems.extend(Keymap::default_keys().merge_file(Path::new(extra)));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_keymaps_parse_cleanly_and_cover_every_command() {
        for (name, source) in BUILT_IN {
            let mut map = Keymap::default();
            let problems = map.merge_source(name, source);
            assert!(problems.is_empty(), "{name}: {problems:?}");
            assert_eq!(
                map.unbound_commands(),
                vec![],
                "{name} leaves commands unbound"
            );
        }
    }

    #[test]
    fn problems_name_file_and_line_and_keep_valid_bindings() {
        let source = "[global]\n\"f1\" = \"help\"\n\"ctrl-\" = \"quit\"\n\"f2\" = \"fly\"\n\n[nowhere]\n\"x\" = \"back\"\n[list]\n\"j\" = \"next\"\n\"k\" = 3\n";
        let mut map = Keymap::default();
        let problems = map.merge_source("mine.toml", source);
        let lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(lines[0].0, 3);
        assert!(lines[1].1.contains("unknown command \"fly\""), "{lines:?}");
        assert_eq!(lines[1].0, 4);
        assert_eq!(lines[2].0, 10);
        assert_eq!(lines[3].0, 6);
        assert!(problems[0].to_string().starts_with("mine.toml:3: "));
        assert_eq!(
            map.lookup(Context::Global, KeyPress::parse("f1").unwrap()),
            Some(Command::Help)
        );
        assert_eq!(
            map.lookup(Context::List, KeyPress::parse("j").unwrap()),
            Some(Command::Next)
        );
    }

    #[test]
    fn syntax_errors_have_a_line_too() {
        let mut map = Keymap::default();
        let problems = map.merge_source("bad.toml", "[global]\n\"f1\" = \"help\"\n\"f2\" = \n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
    }

    #[test]
    fn user_overrides_replace_single_keys_and_can_unbind() {
        let mut map = Keymap::default_keys();
        let before = map.lookup(Context::List, KeyPress::plain(Key::Down));
        assert_eq!(before, Some(Command::Next));
        let problems = map.merge_source(
            "user.toml",
            "[global]\n\"f5\" = \"help\"\n\"f1\" = \"unbound\"\n",
        );
        assert!(problems.is_empty());
        assert_eq!(
            map.lookup(Context::Global, KeyPress::plain(Key::F(5))),
            Some(Command::Help)
        );
        assert_eq!(
            map.lookup(Context::Global, KeyPress::plain(Key::F(1))),
            None
        );
        assert_eq!(
            map.lookup(Context::List, KeyPress::plain(Key::Down)),
            Some(Command::Next)
        );
    }

    #[test]
    fn context_bindings_shadow_global_ones() {
        let map = Keymap::default_keys();
        let list = map.bindings_for(Context::List);
        let mut seen = std::collections::HashSet::new();
        for (k, _) in &list {
            assert!(seen.insert(*k), "{k} listed twice");
        }
    }
}
