//! What keeps the server standing under floods: a cap on connections (in
//! all and per client address), an idle timeout on every connection that
//! does not count time a request is being worked on, a bound on password
//! hashing sized to memory, and a per-address rate of logins.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::store::StoreError;
use crate::store::accounts::BUSY_RETRY_SECONDS;

/// Memory one argon2 check takes (the crate's default, 19 MiB), rounded up.
pub const HASH_MIB: u64 = 20;

/// The server's limits. `Limits::default()` sizes them to this machine.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest time to send a request's headers (slow senders).
    pub header_read: Duration,
    /// Longest a connection may sit with nothing sent either way while no
    /// request is being worked on (idle keep-alive, idle TLS, stalled
    /// half-sent requests).
    pub idle: Duration,
    /// Longest a TLS handshake may take.
    pub tls_handshake: Duration,
    /// Open connections in all.
    pub connections: usize,
    /// Open connections from one client address.
    pub connections_per_address: usize,
    /// Password checks run at once (each takes `HASH_MIB`); 0 answers
    /// every login busy.
    pub hashing: usize,
    /// Logins waiting for a password check; more are answered 503.
    pub hashing_queue: usize,
    /// How long a login waits for a password check before a 503.
    pub hashing_wait: Duration,
    /// Logins per minute from one client address.
    pub logins_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        let hashing = hashing_permits();
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(30),
            tls_handshake: Duration::from_secs(10),
            connections: connection_cap(),
            connections_per_address: 128,
            hashing,
            hashing_queue: hashing * 16,
            hashing_wait: Duration::from_secs(5),
            logins_per_minute: 20,
        }
    }
}

/// Memory the process may still use, in MiB: what the system has
/// available, or the address-space limit if that is lower.
fn memory_budget_mib() -> u64 {
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(1024, |kib| kib / 1024);
    available.min(address_space_limit_mib().unwrap_or(u64::MAX))
}

fn address_space_limit_mib() -> Option<u64> {
    crate::platform::address_space_limit().map(|bytes| bytes / (1024 * 1024))
}

/// Password checks at once: a quarter of the memory budget, at most two
/// per processor (more would only queue on the processors), at least one.
pub fn hashing_permits() -> usize {
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let by_memory = (memory_budget_mib() / 4 / HASH_MIB) as usize;
    by_memory.clamp(1, cpus * 2)
}

/// Open connections the file-descriptor limit allows, keeping some for
/// the database, the log and the listener.
pub fn connection_cap() -> usize {
    if let Some(limit) = crate::platform::open_file_limit() {
        return (limit as usize).saturating_sub(64).clamp(16, 16_384);
    }
    4096
}

/// Makes big allocations go straight to the system and back when freed,
/// so a login flood does not keep 19 MiB per blocking thread for good.
pub fn return_big_allocations() {
    crate::platform::return_big_allocations();
}

/// Raises the soft open-file limit to the hard one (`jobdesk serve` only).
pub fn raise_file_limit() {
    crate::platform::raise_open_file_limit();
}

/// The address limits are counted by: IPv6 clients by their /64 network,
/// which one client usually holds all of.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

// ---------------------------------------------------------------------------
// Connections

/// Counts open connections, in all and per address.
#[derive(Debug)]
pub struct Connections {
    total: usize,
    per_address: usize,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

impl Connections {
    pub fn new(total: usize, per_address: usize) -> Arc<Self> {
        Arc::new(Connections {
            total: total.max(1),
            per_address: per_address.max(1),
            open: Mutex::new((0, HashMap::new())),
        })
    }

    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let key = client_key(ip);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let from_here = open.1.get(&key).copied().unwrap_or(0);
        if open.0 >= self.total || from_here >= self.per_address {
            return None;
        }
        open.0 += 1;
        open.1.insert(key, from_here + 1);
        Some(Slot {
            connections: self.clone(),
            key,
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).0
    }
}

/// One admitted connection; gives its place back when dropped.
#[derive(Debug)]
struct Slot {
    connections: Arc<Connections>,
    key: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        open.0 = open.0.saturating_sub(1);
        if let Some(n) = open.1.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.1.remove(&self.key);
            }
        }
    }
}

/// Requests being worked on, per connection: while there are any, the
/// connection is not idle.
#[derive(Debug, Default)]
struct InFlight(AtomicUsize);

/// The acceptor that admits connections within the caps and gives each an
/// idle timeout. For TLS it runs under the TLS acceptor, on the raw TCP
/// stream, so the idle timeout covers the encrypted connection too.
#[derive(Debug, Clone)]
pub struct Guard {
    connections: Arc<Connections>,
    idle: Duration,
    /// Plain HTTP: a refused connection is told 503 before it is closed.
    plain: bool,
}

impl Guard {
    pub fn new(connections: Arc<Connections>, idle: Duration, plain: bool) -> Self {
        Guard {
            connections,
            idle,
            plain,
        }
    }
}

/// What a connection beyond the caps is told before it is closed.
fn refused() -> String {
    let body = r#"{"code":"too_many_connections","message":"too many open connections; try again in a few seconds"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 5\r\ncontent-type: application/json\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

impl<S> axum_server::accept::Accept<TcpStream, S> for Guard {
    type Stream = IdleStream<TcpStream>;
    type Service = Tracked<S>;
    type Future = std::future::Ready<io::Result<(Self::Stream, Self::Service)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let ip = stream
            .peer_addr()
            .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |a| a.ip());
        let Some(slot) = self.connections.admit(ip) else {
            if self.plain {
                let _ = stream.try_write(refused().as_bytes());
            }
            tracing::warn!("refused a connection from {ip}: too many open");
            return std::future::ready(Err(io::Error::other("too many connections")));
        };
        let in_flight = Arc::new(InFlight::default());
        std::future::ready(Ok((
            IdleStream {
                inner: stream,
                in_flight: in_flight.clone(),
                idle: self.idle,
                deadline: Box::pin(tokio::time::sleep(self.idle)),
                _slot: slot,
            },
            Tracked {
                inner: service,
                in_flight,
            },
        )))
    }
}

/// A stream that fails with `TimedOut` when nothing moves either way for
/// the idle time while no request is being worked on.
pub struct IdleStream<S> {
    inner: S,
    in_flight: Arc<InFlight>,
    idle: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    _slot: Slot,
}

impl<S> IdleStream<S> {
    fn touch(&mut self) {
        let next = tokio::time::Instant::now() + self.idle;
        self.deadline.as_mut().reset(next);
    }

    /// Nothing moved: pending, or timed out when idle too long.
    fn waiting<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        if self.in_flight.0.load(Ordering::Acquire) > 0 {
            // A request is being worked on; its answer will move things
            // and the clock starts again from there.
            self.touch();
            return Poll::Pending;
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle too long",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for IdleStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    this.touch();
                }
                Poll::Ready(result)
            }
            Poll::Pending => this.waiting(cx),
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for IdleStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    this.touch();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.waiting(cx),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending => this.waiting(cx),
            ready => ready,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    this.touch();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.waiting(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// The connection's service, counting requests being worked on.
#[derive(Debug, Clone)]
pub struct Tracked<S> {
    inner: S,
    in_flight: Arc<InFlight>,
}

struct Working(Arc<InFlight>);

impl Drop for Working {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl<S, R> tower_service::Service<R> for Tracked<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        self.in_flight.0.fetch_add(1, Ordering::AcqRel);
        let working = Working(self.in_flight.clone());
        let future = self.inner.call(request);
        Box::pin(async move {
            let result = future.await;
            drop(working);
            result
        })
    }
}

// ---------------------------------------------------------------------------
// Logins

/// Bounds password hashing and the rate of logins per address.
#[derive(Debug)]
pub struct LoginGuard {
    hashing: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    wait: Duration,
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Addresses remembered by the login rate limit; beyond this, full buckets
/// are forgotten first.
const MAX_BUCKETS: usize = 100_000;

impl LoginGuard {
    pub fn new(limits: &Limits) -> Self {
        LoginGuard {
            // Zero is allowed (every login is answered busy); the default
            // is at least one.
            hashing: Arc::new(Semaphore::new(limits.hashing)),
            waiting: AtomicUsize::new(0),
            queue: limits.hashing_queue,
            wait: limits.hashing_wait,
            per_minute: limits.logins_per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one login from the address's allowance, or says how many
    /// seconds until the next one.
    pub fn allow(&self, ip: IpAddr) -> Result<(), StoreError> {
        let key = client_key(ip);
        let now = Instant::now();
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(&key) {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_second)
            .min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil() as u32;
            Err(StoreError::TooManyAttempts {
                retry_after: wait.max(1),
            })
        }
    }

    /// A turn at password hashing: waits a little in a bounded queue, else
    /// answers busy. Holding the permit is what bounds memory.
    pub async fn hashing_permit(&self) -> Result<OwnedSemaphorePermit, StoreError> {
        let busy = || StoreError::Busy {
            retry_after: BUSY_RETRY_SECONDS,
        };
        if let Ok(permit) = self.hashing.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(busy());
        }
        let permit = tokio::time::timeout(self.wait, self.hashing.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(busy()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_rate_refills_and_is_per_address() {
        let guard = LoginGuard::new(&Limits {
            logins_per_minute: 3,
            ..Limits::default()
        });
        let a: IpAddr = "192.0.2.1"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        let b: IpAddr = "192.0.2.2"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        for _ in 0..3 {
            assert!(guard.allow(a).is_ok());
        }
        assert!(matches!(
            guard.allow(a),
            Err(StoreError::TooManyAttempts { retry_after }) if (1..=20).contains(&retry_after)
        ));
        assert!(guard.allow(b).is_ok());
    }

    #[test]
    fn ipv6_clients_count_by_their_network() {
        let one: IpAddr = "2001:db8:1:2::1"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        let two: IpAddr = "2001:db8:1:2::ffff"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        assert_eq!(client_key(one), client_key(two));
    }

    #[test]
    fn the_refusal_is_a_whole_http_answer() {
        let text = refused();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
        assert!(head.starts_with("HTTP/1.1 503"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
    }

    #[test]
    fn hashing_is_bounded_by_memory() {
        let n = hashing_permits();
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!((1..=cpus * 2).contains(&n));
    }

    #[test]
    fn connections_are_capped_in_all_and_per_address() {
        let c = Connections::new(3, 2);
        let a: IpAddr = "192.0.2.1"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        let b: IpAddr = "192.0.2.2"
            .parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        let s1 = c.admit(a);
        let s2 = c.admit(a);
        assert!(s1.is_some() && s2.is_some());
        assert!(c.admit(a).is_none(), "per address");
        let s3 = c.admit(b);
        assert!(s3.is_some());
        assert!(c.admit(b).is_none(), "in all");
        drop(s1);
        let s4 = c.admit(a);
        assert!(s4.is_some());
        assert_eq!(c.open(), 3);
    }
}
