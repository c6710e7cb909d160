//! `formpack serve`: a local web page, in Korean, where office staff upload the workbook, see
//! every finding by sheet and cell, build the bundle and take its files, and compare two
//! revisions. The page, its script and style are in the binary; nothing is fetched.
//!
//! The pipeline is the CLI's ([`work`] calls the same entry points), run on tokio's blocking
//! pool with uploads held in memory ([`crate::world::Memory`]): no name a user sends reaches
//! the file system. Safe by default (README, "The web page"): loopback only unless
//! `--allow-remote`; a request whose `Host` is not the server's own is refused (DNS
//! rebinding); uploads and inputs are bounded ([`crate::limits`]); at most `max_jobs` checks
//! or builds run at once, each with a time limit; built bundles are kept for a limited time
//! and total size.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

use crate::program::Program;

mod api;
mod http;
pub mod store;
pub mod work;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`; port 0 picks a free port).
    pub addr: SocketAddr,
    /// Allow an address other than loopback (the page has no login: anyone who reaches it can
    /// upload and download).
    pub allow_remote: bool,
    /// Checks, builds and comparisons running at once; more wait.
    pub max_jobs: usize,
    /// How long a request waits for a free slot before it is told the server is busy.
    pub queue_wait: Duration,
    /// How long one check, build or comparison may take.
    pub job_time: Duration,
    /// Largest request body, bytes (an upload of several files, or two revisions).
    pub body_bytes: usize,
    /// Built bundles kept for download.
    pub keep: store::Bounds,
}

impl Config {
    /// The defaults at `addr`: 2 jobs at once, 20 s in the queue, 60 s a job, 20 MB a
    /// request, bundles kept 30 minutes and 128 MB in all.
    pub fn at(addr: SocketAddr) -> Config {
        Config {
            addr,
            allow_remote: false,
            max_jobs: 2,
            queue_wait: Duration::from_secs(20),
            job_time: Duration::from_secs(60),
            body_bytes: 20 * 1024 * 1024,
            keep: store::Bounds {
                keep_for: Duration::from_secs(30 * 60),
                max_bytes: 128 * 1024 * 1024,
            },
        }
    }
}

/// What every request shares.
pub struct App {
    config: Config,
    tools: work::Tools,
    store: store::Store,
    jobs: Arc<Semaphore>,
    /// `Host` values this server answers to.
    hosts: http::Hosts,
}

impl App {
    /// The server's state for `config`, bound at `local` (the actual address when the port
    /// was 0).
    pub fn new(
        config: Config,
        local: SocketAddr,
        program: Option<Arc<Program>>,
    ) -> Result<App, String> {
        Ok(App {
            tools: work::Tools::new(program)?,
            store: store::Store::new(config.keep),
            jobs: Arc::new(Semaphore::new(config.max_jobs.max(1))),
            hosts: http::Hosts::new(local, config.allow_remote),
            config,
        })
    }

    /// (bundles, bytes) kept in memory now.
    pub fn kept(&self) -> (usize, usize) {
        self.store.usage()
    }
}

/// The page and its API.
pub fn router(app: Arc<App>) -> Router {
    let limit = app.config.body_bytes;
    Router::new()
        .route("/", get(api::index))
        .route("/app.js", get(api::script))
        .route("/style.css", get(api::style))
        .route("/blank/{name}", get(api::blank))
        .route("/api/program", get(api::call))
        .route("/api/check", post(api::check))
        .route("/api/build", post(api::build))
        .route("/api/marked", post(api::marked))
        .route("/api/diff", post(api::compare))
        .route("/api/bundle/{id}", get(api::bundle_zip))
        .route("/api/bundle/{id}/packets", get(api::bundle_packets))
        .route("/api/bundle/{id}/file/{*path}", get(api::bundle_file))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::guard,
        ))
        .with_state(app)
}

/// Whether an address is loopback only.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Run the server until Ctrl-C (or SIGTERM); `ready` is told the bound address once it
/// listens. Requests in flight are finished before it returns.
pub async fn run(
    config: Config,
    program: Option<Arc<Program>>,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let local = listener.local_addr()?;
    let app = App::new(config, local, program).map_err(std::io::Error::other)?;
    // Listen for Ctrl-C and SIGTERM before saying the address: a signal sent as soon as the
    // address is printed must stop the server, not kill it or go unheard.
    let stop = shutdown()?;
    ready(local);
    axum::serve(listener, router(Arc::new(app)))
        .with_graceful_shutdown(stop)
        .await
}

/// A future that ends at Ctrl-C (SIGINT) or SIGTERM; the handlers are installed at once.
#[cfg(unix)]
fn shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {},
            _ = term.recv() => {},
        }
        stopping();
    })
}

/// A future that ends at Ctrl-C.
#[cfg(not(unix))]
fn shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        stopping();
    })
}

fn stopping() {
    eprintln!("formpack serve: stopping (requests in flight finish first)");
}
