//! Figures, the ledger and targets through the server: the same answers
//! as the file, and only what the caller may read.

use chrono::Datelike;

use crate::common;
use crate::common::server::TestServer;
use jobdesk::domain::casework::{FigureScope, Target, TargetKind};
use jobdesk::export::{ExportFormat, ExportRequest, ExportWhat, export};
use jobdesk::i18n::Lang;
use jobdesk::store::{Store, StoreError};

#[test]
fn the_server_gives_a_counselor_their_own_and_their_centers_figures_only() {
    let server = TestServer::new(Lang::En, 5);
    let year = common::today().year();
    let direct = server.direct();
    let center = direct.counselor(1).unwrap().center;
    let coach = server.client_as("coach");

    let own = coach.figures(&FigureScope::Counselor(1), year).unwrap();
    assert_eq!(
        own,
        direct.figures(&FigureScope::Counselor(1), year).unwrap()
    );
    assert!(own.caseload > 0);
    assert!(
        coach
            .figures(&FigureScope::Center(center.clone()), year)
            .is_ok()
    );
    assert_eq!(
        coach.ledger(&FigureScope::Counselor(1)).unwrap(),
        direct.ledger(&FigureScope::Counselor(1)).unwrap()
    );
    for scope in [
        FigureScope::City,
        FigureScope::Counselor(2),
        FigureScope::Center("Another Centre".into()),
    ] {
        assert_eq!(coach.figures(&scope, year), Err(StoreError::Forbidden));
        assert_eq!(coach.ledger(&scope), Err(StoreError::Forbidden));
    }
    // An export through the server holds only what the server gives.
    let path = server.dir.path().join("city.csv");
    let request = ExportRequest {
        what: ExportWhat::Ledger,
        scope: FigureScope::City,
        format: ExportFormat::Csv,
        path: path.clone(),
        lang: Lang::En,
    };
    assert_eq!(export(&coach, &request), Err(StoreError::Forbidden));
    assert!(!path.exists());

    let me = server.client_as("me");
    assert_eq!(
        me.figures(&FigureScope::Counselor(1), year),
        Err(StoreError::Forbidden)
    );

    // Targets: administrators set them, counselors do not.
    let target = Target {
        kind: TargetKind::NewEmployment,
        year,
        value: 300,
    };
    assert_eq!(
        coach.set_target(jobdesk::domain::Actor::Counselor(1), &target),
        Err(StoreError::Forbidden)
    );
    let admin = server.client_as("admin");
    let by = admin.current_user().unwrap().unwrap();
    admin.set_target(by, &target).unwrap();
    let city = admin.figures(&FigureScope::City, year).unwrap();
    // The demo's own targets are there too; this one replaced its own kind's.
    let set: Vec<_> = city
        .targets
        .iter()
        .filter(|(t, _)| t.kind == TargetKind::NewEmployment)
        .collect();
    assert_eq!(set, vec![&(target, city.placed)]);
    assert!(city.caseload >= own.caseload);
}
