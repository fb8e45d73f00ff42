//! All user-visible text, one catalogue per language (`en.toml`,
//! `zh-CN.toml`). Code asks for a message by key with [`tr!`]; a test checks
//! that every key used exists in both catalogues with the same placeholders.

mod figures;
mod format;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::{Track, WorkKind};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Accepts `en`, `en-US`, `zh-CN`, `zh_CN.UTF-8`, `zh`...
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese
    /// where it is Chinese, English otherwise.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("en.toml"),
            Lang::ZhCn => include_str!("zh-CN.toml"),
        }
    }

    /// The catalogue of this language, flattened to `section.key` → text.
    pub fn catalogue(self) -> &'static HashMap<String, String> {
        static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
        static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::ZhCn => &ZH,
        };
        cell.get_or_init(|| parse_catalogue(self.source()).unwrap_or_default())
    }

    /// The text for a key; the key itself if it is missing (a test makes
    /// sure none is).
    pub fn get(self, key: &str) -> &str {
        self.catalogue().get(key).map_or(key, String::as_str)
    }

    /// The text for a key with `{name}` placeholders filled in.
    pub fn format(self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.get(key), args)
    }
}

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, ...)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal) => {
        $lang.get($key).to_string()
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.format($key, &[$((stringify!($name), &$value as &dyn std::fmt::Display)),+])
    };
}

/// Replaces `{name}` with the argument of that name; unknown names stay.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Flattens nested TOML tables into dotted keys.
pub fn parse_catalogue(source: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
        for (k, v) in table {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => walk(&key, t, out),
                _ => {}
            }
        }
    }
    let table: toml::Table = source.parse()?;
    let mut out = HashMap::new();
    walk("", &table, &mut out);
    Ok(out)
}

/// The words under which a kind of work is found, in every language.
pub fn work_kind_words(kind: WorkKind) -> String {
    Lang::ALL
        .iter()
        .map(|l| l.work_kind(kind))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words under which a training track is found, in every language.
pub fn track_words(track: Track) -> String {
    Lang::ALL
        .iter()
        .map(|l| l.track(track))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Indexed with remote jobs so "home" and 居家 find them.
pub const REMOTE_WORDS: &str = "remote home-based work from home 居家 远程";
