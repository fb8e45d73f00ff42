//! `jobdesk serve`: the store over HTTP/JSON (README.md, "A shared server"), with
//! accounts and roles, idempotent changes, request limits, timeouts, TLS,
//! and a graceful shutdown that finishes the requests in flight.

mod access;
mod api;
pub mod error;
pub mod limits;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context as _;

use crate::clock::Clock;
use crate::store::{ServerStore, SqliteStore, StoreError};
pub use api::{Shared, router, router_with};
pub use limits::Limits;

/// Several store handles, handed out in turn, so requests run side by side
/// (for SQLite: connections to one file, whose WAL lets readers overlap one
/// writer).
pub struct StorePool<S = SqliteStore> {
    stores: Vec<Arc<S>>,
    next: AtomicUsize,
}

impl<S: ServerStore> StorePool<S> {
    /// A pool of the given handles (at least one).
    pub fn new(stores: Vec<Arc<S>>) -> Result<Self, StoreError> {
        if stores.is_empty() {
            return Err(StoreError::Unavailable {
                detail: "a store pool needs at least one store".into(),
            });
        }
        Ok(StorePool {
            stores,
            next: AtomicUsize::new(0),
        })
    }

    pub fn get(&self) -> Arc<S> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        self.stores[i].clone()
    }
}

impl StorePool<SqliteStore> {
    /// `connections` connections to one SQLite file.
    pub fn open(
        path: &Path,
        clock: Arc<dyn Clock>,
        connections: usize,
    ) -> Result<Self, StoreError> {
        let stores = (0..connections.max(1))
            .map(|_| SqliteStore::open_with_clock(path, clock.clone()).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        StorePool::new(stores)
    }
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub db: PathBuf,
    pub listen: SocketAddr,
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Allow plain HTTP on an address other than loopback.
    pub insecure: bool,
}

/// Biggest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Biggest import accepted: a file of some tens of thousands of lines.
pub const IMPORT_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// A running server, for tests and benchmarks: its address, and a way to
/// stop it gracefully.
pub struct RunningServer {
    pub addr: SocketAddr,
    handle: axum_server::Handle<SocketAddr>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes requests in flight, and waits.
    pub fn stop(mut self) {
        self.handle.graceful_shutdown(Some(SHUTDOWN_GRACE));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.handle.shutdown();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Makes rustls use the one crypto provider this build has.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Starts a plain-HTTP server on an already bound listener, in a thread of
/// its own (tests bind 127.0.0.1:0).
pub fn start<S: ServerStore>(
    listener: TcpListener,
    pool: Arc<StorePool<S>>,
) -> anyhow::Result<RunningServer> {
    start_with(listener, pool, None)
}

/// Starts a server, with TLS when a certificate and key are given.
pub fn start_with<S: ServerStore>(
    listener: TcpListener,
    pool: Arc<StorePool<S>>,
    tls: Option<(PathBuf, PathBuf)>,
) -> anyhow::Result<RunningServer> {
    start_with_limits(listener, pool, tls, Limits::default())
}

/// Starts a server with the given limits.
pub fn start_with_limits<S: ServerStore>(
    listener: TcpListener,
    pool: Arc<StorePool<S>>,
    tls: Option<(PathBuf, PathBuf)>,
    limits: Limits,
) -> anyhow::Result<RunningServer> {
    install_crypto();
    limits::return_big_allocations();
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let handle = axum_server::Handle::new();
    let server_handle = handle.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()
        .context("cannot start the server runtime")?;
    let tls_config = match &tls {
        Some((cert, key)) => Some(
            runtime
                .block_on(axum_server::tls_rustls::RustlsConfig::from_pem_file(
                    cert, key,
                ))
                .with_context(|| {
                    format!(
                        "cannot read the TLS certificate {} or key {}",
                        cert.display(),
                        key.display()
                    )
                })?,
        ),
        None => None,
    };
    let connections = limits::Connections::new(limits.connections, limits.connections_per_address);
    let app = router_with(pool, &limits).into_make_service_with_connect_info::<SocketAddr>();
    let thread = std::thread::Builder::new()
        .name("server".into())
        .spawn(move || {
            runtime.block_on(async move {
                let guard = limits::Guard::new(connections, limits.idle, tls_config.is_none());
                let result = match tls_config {
                    Some(config) => match axum_server::from_tcp(listener) {
                        Ok(server) => {
                            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(config)
                                .handshake_timeout(limits.tls_handshake)
                                .acceptor(guard);
                            let mut server = server
                                .acceptor(acceptor)
                                .handle(server_handle)
                                .first_request_timeout(limits.header_read);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(limits.header_read);
                            server.serve(app).await
                        }
                        Err(e) => Err(e),
                    },
                    None => match axum_server::from_tcp(listener) {
                        Ok(server) => {
                            let mut server = server
                                .acceptor(guard)
                                .handle(server_handle)
                                .first_request_timeout(limits.header_read);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(limits.header_read);
                            server.serve(app).await
                        }
                        Err(e) => Err(e),
                    },
                };
                if let Err(e) = result {
                    tracing::error!("server stopped: {e}");
                }
            });
        })?;
    Ok(RunningServer {
        addr,
        handle,
        thread: Some(thread),
    })
}

/// `jobdesk serve`: runs until SIGTERM or SIGINT, then shuts down
/// gracefully.
pub fn serve(options: ServeOptions, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    if options.tls.is_none() && !options.listen.ip().is_loopback() && !options.insecure {
        anyhow::bail!(
            "plain HTTP is only allowed on loopback; give --tls-cert and --tls-key, or --insecure"
        );
    }
    // Listen for the stop signals before anyone can know the address, so
    // a SIGTERM is always a graceful stop.
    use crate::platform::Stop;
    let mut signals = crate::platform::StopSignals::new(&[Stop::Terminate, Stop::Interrupt])?;
    let pool =
        Arc::new(StorePool::open(&options.db, clock, 4).map_err(|e| {
            anyhow::anyhow!("cannot open the database {}: {e}", options.db.display())
        })?);
    limits::raise_file_limit();
    let listener = TcpListener::bind(options.listen)
        .with_context(|| format!("cannot listen on {}", options.listen))?;
    let server = start_with(listener, pool, options.tls.clone())?;
    let scheme = if options.tls.is_some() {
        "https"
    } else {
        "http"
    };
    eprintln!("jobdesk serve: listening on {scheme}://{}", server.addr);
    tracing::info!(addr = %server.addr, "listening");
    if let Some(signal) = signals.wait() {
        tracing::info!("signal {signal}: finishing requests in flight");
        eprintln!("jobdesk serve: stopping; finishing requests in flight");
    }
    server.stop();
    Ok(())
}
