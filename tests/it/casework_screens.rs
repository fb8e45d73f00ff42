//! The counselor's desk on screen: the caseload, a person's record and
//! the forms that change it, in both languages, at 80x24 and 40x12, the
//! screen-reader contract checked after every key.

use crate::common::Harness;
use crate::common::desk::{COUNSELOR, desk, desk_with_state};
use jobdesk::domain::Actor;
use jobdesk::i18n::Lang;
use ratatui::backend::TestBackend;

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

#[test]
fn explore() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = desk(lang, 80, 24, Actor::Counselor(COUNSELOR));
        println!("{}\n--- {}\n", h.screen(), h.at_cursor());
        keys(&mut h, &["enter"]);
        println!("{}\n--- {}\n", h.screen(), h.at_cursor());
        for _ in 0..80 {
            keys(&mut h, &["down"]);
            println!("{}", h.at_cursor());
        }
    }
    let _ = desk_with_state;
    panic!();
}
