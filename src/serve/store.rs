//! Built bundles kept in memory for download, for a limited time and total size. The oldest
//! go first; a bundle past its time is gone at the next request that touches the store.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::work::Bundle;

/// The store's bounds.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// How long a bundle stays downloadable.
    pub keep_for: Duration,
    /// Total bytes of all bundles kept (their files; a bundle larger than this is still kept
    /// alone, so its own downloads work).
    pub max_bytes: usize,
}

struct Entry {
    id: String,
    bundle: Arc<Bundle>,
    bytes: usize,
    made: Instant,
}

/// The bundles built, newest last.
pub struct Store {
    bounds: Bounds,
    entries: Mutex<VecDeque<Entry>>,
    counter: AtomicU64,
    seed: String,
}

impl Store {
    /// An empty store. Ids are a hash of a per-process seed and a counter: not guessable from
    /// another process, never reused within one.
    pub fn new(bounds: Bounds) -> Store {
        let seed = format!(
            "{:?}{}{:p}",
            std::time::SystemTime::now(),
            std::process::id(),
            &bounds
        );
        Store {
            bounds,
            entries: Mutex::new(VecDeque::new()),
            counter: AtomicU64::new(0),
            seed,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Entry>> {
        // A panic while holding the lock leaves a consistent queue: keep using it.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keep a bundle; its id.
    pub fn put(&self, bundle: Bundle) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let id = crate::hash::sha256_hex(format!("{}:{n}", self.seed).as_bytes())[..24].to_string();
        // What the bundle holds in memory: a packet's documents are the top-level files' bytes.
        let bytes = bundle.built.files.iter().map(|(_, b)| b.held()).sum();
        let mut q = self.lock();
        q.push_back(Entry {
            id: id.clone(),
            bundle: Arc::new(bundle),
            bytes,
            made: Instant::now(),
        });
        self.evict(&mut q);
        id
    }

    /// A kept bundle.
    pub fn get(&self, id: &str) -> Option<Arc<Bundle>> {
        let mut q = self.lock();
        self.evict(&mut q);
        q.iter().find(|e| e.id == id).map(|e| e.bundle.clone())
    }

    /// The newest bundle, lent to the next build (unchanged files are taken from it).
    pub fn newest(&self) -> Option<Arc<Bundle>> {
        let mut q = self.lock();
        self.evict(&mut q);
        q.back().map(|e| e.bundle.clone())
    }

    /// (bundles, bytes) kept now.
    pub fn usage(&self) -> (usize, usize) {
        let q = self.lock();
        (q.len(), q.iter().map(|e| e.bytes).sum())
    }

    fn evict(&self, q: &mut VecDeque<Entry>) {
        let now = Instant::now();
        q.retain(|e| now.duration_since(e.made) < self.bounds.keep_for);
        let mut total: usize = q.iter().map(|e| e.bytes).sum();
        while total > self.bounds.max_bytes && q.len() > 1 {
            if let Some(e) = q.pop_front() {
                total -= e.bytes;
            }
        }
    }
}
