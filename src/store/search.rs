//! Full-text search over the two FTS5 indexes each searchable table has:
//! a trigram index that finds any substring of three characters or more
//! (Chinese has no spaces between words), and a words index for shorter
//! queries, which holds single Chinese characters and pairs of them as
//! tokens, and other text as words.

use crate::domain::text::is_cjk;

/// The two FTS5 tables behind one searchable table.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextIndex {
    pub trigram: &'static str,
    pub words: &'static str,
}

pub(super) const JOBS: TextIndex = TextIndex {
    trigram: "jobs_fts",
    words: "jobs_words",
};

pub(super) const COURSES: TextIndex = TextIndex {
    trigram: "courses_fts",
    words: "courses_words",
};

/// A query split by index: FTS5 match expressions, each word quoted so no
/// query text is ever read as FTS5 syntax.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TextQuery {
    /// For the trigram index: words of three characters or more.
    pub long: Option<String>,
    /// For the words index: shorter words.
    pub short: Option<String>,
}

/// Splits typed text into words; every word must be found.
pub(super) fn parse(text: &str) -> TextQuery {
    let mut long = Vec::new();
    let mut short = Vec::new();
    for word in text.split_whitespace() {
        let quoted = format!("\"{}\"", word.replace('"', "\"\""));
        if word.chars().count() >= 3 {
            long.push(quoted);
        } else if word.chars().all(is_cjk) {
            // One character or a pair: a whole token of the words index.
            short.push(quoted);
        } else {
            // A short Latin word or number: words that start with it.
            short.push(format!("{quoted}*"));
        }
    }
    let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join(" AND "));
    TextQuery {
        long: join(long),
        short: join(short),
    }
}

/// The text the words index holds for a document: every run of Chinese
/// (or other CJK) characters becomes its single characters and its
/// adjacent pairs; everything else is left for the tokenizer.
pub(super) fn words_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        for (i, c) in run.iter().enumerate() {
            out.push(' ');
            out.push(*c);
            if let Some(next) = run.get(i + 1) {
                out.push(' ');
                out.push(*c);
                out.push(*next);
            }
        }
        if !run.is_empty() {
            out.push(' ');
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_body_pairs_chinese_and_keeps_words() {
        assert_eq!(words_body("按摩师 massage"), " 按 按摩 摩 摩师 师  massage");
        assert_eq!(words_body("IT客服"), "IT 客 客服 服 ");
    }

    #[test]
    fn queries_are_quoted_and_split_by_length() {
        assert_eq!(
            parse("按摩 医疗按摩 it"),
            TextQuery {
                long: Some("\"医疗按摩\"".into()),
                short: Some("\"按摩\" AND \"it\"*".into()),
            }
        );
        assert_eq!(
            parse("a\"b OR"),
            TextQuery {
                long: Some("\"a\"\"b\"".into()),
                short: Some("\"OR\"*".into()),
            }
        );
        assert_eq!(parse("   "), TextQuery::default());
    }
}
