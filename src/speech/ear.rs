//! Text written for the eye, said for the ear: abbreviations spelled out,
//! ranges said as "to", symbols a synthesiser would read aloud dropped.
//! Reference numbers are said as printed.

use crate::i18n::Lang;

const MONTHS: [(&str, &str); 12] = [
    ("Jan", "January"),
    ("Feb", "February"),
    ("Mar", "March"),
    ("Apr", "April"),
    ("May", "May"),
    ("Jun", "June"),
    ("Jul", "July"),
    ("Aug", "August"),
    ("Sep", "September"),
    ("Oct", "October"),
    ("Nov", "November"),
    ("Dec", "December"),
];

/// The sentence as it should be spoken in `lang`.
pub fn for_ear(lang: Lang, text: &str) -> String {
    let range = match lang {
        Lang::En => " to ",
        Lang::ZhCn => "至",
    };
    let mut out = text.replace('–', range);
    if lang == Lang::En {
        // "20 Dec" and "20 Dec 2026": the month in full.
        let words: Vec<String> = out
            .split(' ')
            .map(|w| {
                let (core, tail) = w.split_at(w.trim_end_matches([',', '.', ':']).len());
                match MONTHS.iter().find(|(short, _)| *short == core) {
                    Some((_, long)) => format!("{long}{tail}"),
                    None => w.to_string(),
                }
            })
            .collect();
        out = words.join(" ");
    }
    // Reference numbers stay as printed ("JD-00042"): the listener notes
    // or quotes them as the screen and the letters show them.
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_for_the_ear() {
        assert_eq!(
            for_ear(
                Lang::En,
                "3 of 12: Medical massage therapist, 6000–8000 yuan, closes 20 Dec"
            ),
            "3 of 12: Medical massage therapist, 6000 to 8000 yuan, closes 20 December"
        );
        assert_eq!(
            for_ear(Lang::En, "Sent 29 Nov 2026, reference JD-00042."),
            "Sent 29 November 2026, reference JD-00042."
        );
        // Words that only look like months stay.
        assert_eq!(for_ear(Lang::En, "May I help"), "May I help");
        assert_eq!(for_ear(Lang::En, "Decide"), "Decide");
    }

    #[test]
    fn chinese_for_the_ear() {
        assert_eq!(
            for_ear(Lang::ZhCn, "5000–8000元，编号JD-00007"),
            "5000至8000元，编号JD-00007"
        );
    }
}
