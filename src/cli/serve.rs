//! `formpack serve`: the local web page.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::program::Program;
use crate::serve::{self, Config};

/// `formpack serve`'s arguments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to listen. Port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Allow an address other than loopback. The page has no login: anyone who can reach the
    /// address can upload files and download the bundles built.
    #[arg(long)]
    allow_remote: bool,
    /// Checks and builds that run at once; more wait in line.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Minutes a built bundle stays downloadable.
    #[arg(long, default_value_t = 30)]
    keep_minutes: u64,
    /// Megabytes of built bundles kept in memory in all (the oldest go first).
    #[arg(long, default_value_t = 128)]
    keep_mb: usize,
}

/// Serve until Ctrl-C; the exit status.
pub fn run(args: &Args, program: Option<&Arc<Program>>) -> u8 {
    if !serve::is_loopback(&args.addr) && !args.allow_remote {
        eprintln!(
            "formpack serve: {} is not a loopback address; the page has no login, so anyone who reaches it can upload and download. Add --allow-remote to serve it anyway.",
            args.addr
        );
        return 2;
    }
    let mut config = Config::at(args.addr);
    config.allow_remote = args.allow_remote;
    config.max_jobs = args.jobs.max(1);
    config.keep.keep_for = Duration::from_secs(args.keep_minutes.max(1) * 60);
    config.keep.max_bytes = args.keep_mb.max(1) * 1024 * 1024;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("formpack serve: cannot start: {e}");
            return 2;
        }
    };
    let remote = args.allow_remote && !serve::is_loopback(&args.addr);
    let result = runtime.block_on(serve::run(config, program.cloned(), |local| {
        let shown = if local.ip().is_unspecified() {
            SocketAddr::new([127, 0, 0, 1].into(), local.port())
        } else {
            local
        };
        println!("formpack serve: http://{shown}/ 을(를) 브라우저로 여십시오 (끝내려면 Ctrl-C)");
        if remote {
            eprintln!(
                "formpack serve: warning: listening on {local}, reachable from other machines; the page has no login"
            );
        }
        let _ = std::io::stdout().flush();
    }));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("formpack serve: {}: {e}", args.addr);
            2
        }
    }
}
