//! A jobdesk server in the test process on 127.0.0.1 port 0, on a seeded
//! database, with accounts for each role.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use jobdesk::domain::Id;
use jobdesk::i18n::Lang;
use jobdesk::server::{Limits, RunningServer, StorePool, start_with_limits};
use jobdesk::store::accounts::Role;
use jobdesk::store::{RemoteOptions, RemoteStore, SqliteStore, Store};

use super::{clock, seeded};

pub const PIN: &str = "2468";

pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub addr: SocketAddr,
    pub running: Option<RunningServer>,
    /// The demo jobseeker ("me"), another jobseeker outside the counselor's
    /// caseload ("stranger"), one inside it ("client").
    pub me: Id,
    pub stranger: Id,
    pub client: Id,
    pub counselor: Id,
    pub limits: Limits,
}

impl TestServer {
    pub fn new(lang: Lang, jobs: u32) -> TestServer {
        Self::with_limits(lang, jobs, Limits::default())
    }

    /// A server with the given limits (short timeouts, small caps).
    pub fn with_limits(lang: Lang, jobs: u32, limits: Limits) -> TestServer {
        let (dir, store, report) = seeded(lang, jobs);
        let db = dir.path().join("test.db");
        let me = report.me.expect("me");
        let caseload = store
            .case_rows(&crate::common::caseload_query(1))
            .map(|p| p.items)
            .expect("caseload");
        let client = caseload
            .iter()
            .map(|p| p.id)
            .find(|id| *id != me)
            .expect("a client");
        // The client agreed that the counselor may apply for them.
        store
            .change_case(&jobdesk::domain::casework::CaseChange {
                request_id: jobdesk::store::new_request_id(),
                profile_id: client,
                by: jobdesk::domain::Actor::Counselor(1),
                edit: jobdesk::domain::casework::CaseEdit::Agreement { agreed: true },
            })
            .expect("agreement");
        let stranger = (1..200)
            .find(|id| store.profile(*id).is_ok_and(|p| p.counselor_id.is_none()))
            .expect("someone outside the caseload");
        store
            .add_account("admin", Role::Admin, PIN, None, None)
            .unwrap();
        store
            .add_account("me", Role::Jobseeker, PIN, Some(me), None)
            .unwrap();
        store
            .add_account("stranger", Role::Jobseeker, PIN, Some(stranger), None)
            .unwrap();
        store
            .add_account("client", Role::Jobseeker, PIN, Some(client), None)
            .unwrap();
        store
            .add_account("coach", Role::Counselor, PIN, None, Some(1))
            .unwrap();
        drop(store);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut server = TestServer {
            dir,
            db,
            addr,
            running: None,
            me,
            stranger,
            client,
            counselor: 1,
            limits,
        };
        server.running = Some(server.start_on(listener));
        server
    }

    fn start_on(&self, listener: TcpListener) -> RunningServer {
        let pool = Arc::new(StorePool::open(&self.db, Arc::new(clock()), 4).unwrap());
        start_with_limits(listener, pool, None, self.limits.clone()).unwrap()
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }

    /// Starts again on the same address with other limits.
    pub fn restart_with(&mut self, limits: Limits) {
        self.limits = limits;
        self.restart();
    }

    /// Starts again on the same address.
    pub fn restart(&mut self) {
        self.stop();
        let listener = TcpListener::bind(self.addr).expect("the same port again");
        self.running = Some(self.start_on(listener));
    }

    /// The database behind the server, opened directly.
    pub fn direct(&self) -> SqliteStore {
        SqliteStore::open_with_clock(&self.db, Arc::new(clock())).unwrap()
    }

    /// A client logged in as `login`, without an outbox.
    pub fn client_as(&self, login: &str) -> RemoteStore {
        let r = RemoteStore::connect(RemoteOptions::new(&self.url())).unwrap();
        r.log_in(login, PIN).unwrap();
        r
    }

    /// A client with an outbox in the test folder.
    pub fn client_with_outbox(&self, login: &str, name: &str) -> RemoteStore {
        let options = RemoteOptions {
            outbox: Some(self.dir.path().join(name)),
            ..RemoteOptions::new(&self.url())
        };
        let r = RemoteStore::connect(options).unwrap();
        r.log_in(login, PIN).unwrap();
        r
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}
