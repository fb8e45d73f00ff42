//! Both catalogues are complete: every key the code uses exists in each
//! language, with the same placeholders, and no language has extra keys.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use jobdesk::domain::*;
use jobdesk::i18n::{Lang, parse_catalogue};
use jobdesk::keymap::{Command, KeyPress};

fn catalogue(lang: Lang) -> HashMap<String, String> {
    let file = match lang {
        Lang::En => "en.toml",
        Lang::ZhCn => "zh-CN.toml",
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/i18n")
        .join(file);
    parse_catalogue(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.insert(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// String literals in the source that look like catalogue keys.
fn keys_in_source(sections: &BTreeSet<String>) -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut keys = BTreeSet::new();
    for source in sources {
        for literal in source.split('"').skip(1).step_by(2) {
            if let Some((section, name)) = literal.split_once('.')
                && sections.contains(section)
                && !name.is_empty()
                // File names such as "keymap.toml" are not keys.
                && !["toml", "db", "log"].contains(&name)
                && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            {
                keys.insert(literal.to_string());
            }
        }
    }
    keys
}

fn dynamic_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut add = |section: &str, names: Vec<&str>| {
        keys.extend(names.into_iter().map(|n| format!("{section}.{n}")));
    };
    add("kind", WorkKind::ALL.iter().map(|v| v.as_str()).collect());
    add("track", Track::ALL.iter().map(|v| v.as_str()).collect());
    add(
        "education",
        Education::ALL.iter().map(|v| v.as_str()).collect(),
    );
    add("format", Format::ALL.iter().map(|v| v.as_str()).collect());
    add(
        "level",
        MassageLevel::ALL.iter().map(|v| v.as_str()).collect(),
    );
    add(
        "application_status",
        ApplicationStatus::ALL.iter().map(|v| v.as_str()).collect(),
    );
    add(
        "enrollment_status",
        EnrollmentStatus::ALL.iter().map(|v| v.as_str()).collect(),
    );
    add("field", Field::ALL.iter().map(|v| v.as_str()).collect());
    {
        use jobdesk::domain::casework::{
            AbilityResult, CaseStatus, ContactKind, Contract, HoursWanted, Skill, StepKind,
        };
        add(
            "case_status",
            CaseStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "contact_kind",
            ContactKind::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "step_kind",
            StepKind::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "hours_wanted",
            HoursWanted::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add("skill", Skill::ALL.iter().map(|v| v.as_str()).collect());
        add(
            "ability_result",
            AbilityResult::ALL.iter().map(|v| v.as_str()).collect(),
        );
        add(
            "contract",
            Contract::ALL.iter().map(|v| v.as_str()).collect(),
        );
    }
    add(
        "category",
        vec![
            "visual",
            "hearing",
            "speech",
            "physical",
            "intellectual",
            "mental",
            "multiple",
        ],
    );
    add(
        "entity",
        vec![
            "job",
            "employer",
            "application",
            "course",
            "enrollment",
            "profile",
            "counselor",
        ],
    );
    for name in [
        "enter",
        "esc",
        "tab",
        "backspace",
        "delete",
        "insert",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
    ] {
        let key = KeyPress::parse(name).unwrap();
        keys.push(format!("key.{}", key.key_name()));
    }
    keys
}

#[test]
fn both_catalogues_have_the_same_keys_and_placeholders() {
    let en = catalogue(Lang::En);
    let zh = catalogue(Lang::ZhCn);
    let en_keys: BTreeSet<&String> = en.keys().collect();
    // English help texts are the command doc strings; only zh-CN has them.
    let zh_keys: BTreeSet<&String> = zh.keys().filter(|k| !k.starts_with("command.")).collect();
    let only_en: Vec<_> = en_keys.difference(&zh_keys).collect();
    let only_zh: Vec<_> = zh_keys.difference(&en_keys).collect();
    assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    for (key, text) in &en {
        assert_eq!(
            placeholders(text),
            placeholders(&zh[key]),
            "placeholders differ for {key}"
        );
    }
}

#[test]
fn every_key_the_code_uses_exists_in_every_language() {
    let en = catalogue(Lang::En);
    let sections: BTreeSet<String> = en
        .keys()
        .filter_map(|k| k.split_once('.'))
        .map(|(s, _)| s.to_string())
        .collect();
    let mut used: Vec<String> = keys_in_source(&sections).into_iter().collect();
    used.extend(dynamic_keys());
    assert!(used.len() > 200, "the scan found only {} keys", used.len());
    for lang in Lang::ALL {
        let cat = catalogue(lang);
        let missing: Vec<&String> = used.iter().filter(|k| !cat.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang:?} is missing {missing:?}");
    }
}

#[test]
fn every_command_has_help_in_every_language() {
    let zh = catalogue(Lang::ZhCn);
    for &c in Command::ALL {
        assert!(!c.doc().is_empty());
        assert!(
            zh.contains_key(&format!("command.{}", c.name())),
            "zh-CN has no help for {}",
            c.name()
        );
    }
}
