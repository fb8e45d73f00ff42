//! Reading what the program shows.
#![allow(dead_code)]

/// A line without its leading position, in either language.
pub fn without_position(line: &str) -> &str {
    let english = line
        .split_once(": ")
        .filter(|(head, _)| {
            let words: Vec<&str> = head.split(' ').collect();
            words.len() == 3 && words[1] == "of" && words[0].chars().all(|c| c.is_ascii_digit())
        })
        .map(|(_, rest)| rest);
    let chinese = line
        .strip_prefix('第')
        .and_then(|rest| rest.split_once('：'))
        .filter(|(head, _)| head.contains("条，共") && head.ends_with('条'))
        .map(|(_, rest)| rest);
    english.or(chinese).unwrap_or(line)
}
