//! The employer side on the wire: what a person did not consent to share
//! never leaves the server. The raw bytes of the HTTP answers an employer
//! gets are read, not what a client makes of them.

use crate::common::server::{PIN, TestServer};
use crate::common::today;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::accounts::{Owner, Role};
use jobdesk::store::*;

/// A raw request; the status and the body's bytes as text.
fn raw(
    server: &TestServer,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/api/v1{path}", server.url());
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut response = match body {
        None => {
            let mut req = agent.get(&url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.call().unwrap()
        }
        Some(body) => {
            let mut req = agent.post(&url).header("Content-Type", "application/json");
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.send(body).unwrap()
        }
    };
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn token(server: &TestServer, login: &str) -> String {
    let body = serde_json::json!({ "login": login, "secret": PIN }).to_string();
    let (status, text) = raw(server, "/login", Some(body), None);
    assert_eq!(status, 200, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["token"].as_str().unwrap().to_string()
}

struct Person {
    id: Id,
    certificate: String,
    needs: String,
}

fn person(s: &SqliteStore, n: u16, name: &str) -> Person {
    let certificate = jobdesk::domain::certificate::sample(
        "370202",
        chrono::NaiveDate::from_ymd_opt(1988, 5, 17).unwrap(),
        800 + n,
        DisabilityCategory::Physical,
        2,
    );
    let needs = format!("Step-free entrance and a height-adjustable couch {n}");
    let profile = Profile {
        name: name.into(),
        mobile: format!("137{:08}", 900 + u32::from(n)),
        certificate: certificate.clone(),
        district: Some(District::Shinan),
        education: Some(Education::SeniorSecondary),
        formats: vec![Format::LargePrint],
        needs: needs.clone(),
        consent_at: today().and_hms_opt(9, 0, 0).map(|t| t.and_utc()),
        plan: "Private plan text of the counselor".into(),
        ..Profile::default()
    };
    let id = s.save_profile(Actor::System, profile).unwrap().id;
    Person {
        id,
        certificate,
        needs,
    }
}

#[test]
fn a_field_not_consented_to_never_leaves_the_server() {
    let server = TestServer::new(Lang::En, 10);
    let s = server.direct();
    let job = s.job(1).unwrap();
    s.add_account_owned("hr", Role::Employer, PIN, Owner::Employer(job.employer_id))
        .unwrap();
    let private = person(&s, 1, "Private Person");
    let sharing = person(&s, 2, "Sharing Person");
    let mut applications = Vec::new();
    for p in [&private, &sharing] {
        let a = s
            .apply(&ApplyRequest {
                request_id: new_request_id(),
                job_id: job.id,
                profile_id: p.id,
                note: format!("Note of {}", p.id),
                by: Actor::Jobseeker(p.id),
            })
            .unwrap();
        applications.push(a.id);
    }
    // Applying needs consent; the private person then withdrew it.
    let mut withdrawn = s.profile(private.id).unwrap();
    withdrawn.consent_at = None;
    s.save_profile(Actor::Jobseeker(private.id), withdrawn)
        .unwrap();
    let hr = token(&server, "hr");

    // The list of applicants to the job.
    let (status, body) = raw(
        &server,
        &format!("/jobs/{}/applicants", job.id),
        None,
        Some(&hr),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Private Person") && body.contains("Sharing Person"));
    for p in [&private, &sharing] {
        // The certificate number and the counselor's plan: never.
        assert!(!body.contains(&p.certificate), "{body}");
        assert!(!body.contains(&p.certificate[..18]), "{body}");
        assert!(!body.contains("Private plan text"), "{body}");
    }
    assert!(!body.contains(&private.needs), "{body}");
    assert!(body.contains(&sharing.needs), "{body}");
    // The category once only: the sharing person's.
    assert_eq!(body.matches("Physical").count(), 1, "{body}");

    // One applicant at a time.
    let (status, body) = raw(
        &server,
        &format!("/applicants/{}", applications[0]),
        None,
        Some(&hr),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Private Person"), "{body}");
    for absent in [
        private.certificate.as_str(),
        &private.certificate[..18],
        private.needs.as_str(),
        "Physical",
        "category",
        "large_print",
        "Private plan text",
    ] {
        assert!(!body.contains(absent), "{absent} in {body}");
    }
    let (status, body) = raw(
        &server,
        &format!("/applicants/{}", applications[1]),
        None,
        Some(&hr),
    );
    assert_eq!(status, 200, "{body}");
    for present in [sharing.needs.as_str(), "Physical", "large_print"] {
        assert!(body.contains(present), "{present} not in {body}");
    }
    assert!(!body.contains(&sharing.certificate[..18]), "{body}");

    // An answer's reply is the same view: still nothing not consented to.
    let step = serde_json::json!({
        "request_id": new_request_id(),
        "application_id": applications[0],
        "step": { "step": "mark_viewed" },
        "by": { "role": "employer", "id": job.employer_id },
    })
    .to_string();
    let (status, body) = raw(
        &server,
        &format!("/applicants/{}/steps", applications[0]),
        Some(step),
        Some(&hr),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("under_review"), "{body}");
    assert!(
        !body.contains(&private.needs) && !body.contains("Physical"),
        "{body}"
    );

    // Another employer's account: 403, and its bytes name nobody.
    let other = s
        .employers()
        .unwrap()
        .into_iter()
        .find(|e| e.id != job.employer_id)
        .unwrap();
    s.add_account_owned("other-hr", Role::Employer, PIN, Owner::Employer(other.id))
        .unwrap();
    let other_hr = token(&server, "other-hr");
    let (status, body) = raw(
        &server,
        &format!("/jobs/{}/applicants", job.id),
        None,
        Some(&other_hr),
    );
    assert_eq!(status, 403, "{body}");
    assert!(!body.contains("Private Person") && !body.contains("Sharing Person"));
    // Every read by the employer is in the person's audit log.
    let audit = s.audit_entries(private.id).unwrap();
    assert!(
        audit
            .iter()
            .any(|(_, _, action)| action.contains("employer read applicant")),
        "{audit:?}"
    );
}
