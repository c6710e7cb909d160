//! Work on an image's bytes (checking, parsing or rasterising it) done once and shared.

use std::sync::{Arc, Mutex, OnceLock};

/// Values worked out from bytes (an [`Image`](crate::Image)'s), kept by those bytes: the first
/// thread that asks for a value works it out while any other that asks for the same bytes
/// waits, and then all share it. Bounded, for a long-running server: past `max` entries the
/// oldest is dropped.
pub struct Memo<T> {
    entries: Mutex<Entries<T>>,
    max: usize,
}

/// The values by their bytes, oldest first.
type Entries<T> = Vec<(Arc<Vec<u8>>, Slot<T>)>;
/// One value, worked out once; who asks for it meanwhile waits.
type Slot<T> = Arc<OnceLock<T>>;

impl<T: Clone> Memo<T> {
    /// An empty memo that keeps at most `max` values.
    pub const fn new(max: usize) -> Memo<T> {
        Memo {
            entries: Mutex::new(Vec::new()),
            max,
        }
    }

    /// The value kept for `key`'s bytes, worked out by `init` when there is none.
    pub fn get_or_init(&self, key: &Arc<Vec<u8>>, init: impl FnOnce() -> T) -> T {
        let slot = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            match entries.iter().find(|(k, _)| same(k, key)) {
                Some((_, slot)) => slot.clone(),
                None => self.push(&mut entries, key, Slot::default()),
            }
        };
        slot.get_or_init(init).clone()
    }

    /// Keep `value` for `key`'s bytes, instead of what was kept for them.
    pub fn insert(&self, key: &Arc<Vec<u8>>, value: T) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(k, _)| !same(k, key));
        self.push(&mut entries, key, Arc::new(OnceLock::from(value)));
    }

    fn push(&self, entries: &mut Entries<T>, key: &Arc<Vec<u8>>, slot: Slot<T>) -> Slot<T> {
        if entries.len() >= self.max.max(1) {
            entries.remove(0);
        }
        entries.push((key.clone(), slot.clone()));
        slot
    }
}

fn same(a: &Arc<Vec<u8>>, b: &Arc<Vec<u8>>) -> bool {
    Arc::ptr_eq(a, b) || **a == **b
}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.entries.lock().map_or(0, |e| e.len());
        write!(f, "Memo {{ kept: {kept}, max: {} }}", self.max)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn bytes(s: &str) -> Arc<Vec<u8>> {
        Arc::new(s.as_bytes().to_vec())
    }

    #[test]
    fn the_same_bytes_are_worked_once_and_the_oldest_is_dropped() {
        let memo = Memo::new(2);
        let runs = AtomicUsize::new(0);
        let get = |k: &Arc<Vec<u8>>| {
            memo.get_or_init(k, || {
                runs.fetch_add(1, Ordering::SeqCst);
                k.len()
            })
        };
        // Equal bytes in another allocation find the same value.
        assert_eq!((get(&bytes("ab")), get(&bytes("ab"))), (2, 2));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        get(&bytes("c"));
        get(&bytes("d")); // "ab" is dropped
        get(&bytes("c"));
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        get(&bytes("ab"));
        assert_eq!(runs.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn threads_asking_at_once_share_one_piece_of_work() {
        let memo = Memo::new(4);
        let runs = AtomicUsize::new(0);
        let key = bytes("chart");
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    memo.get_or_init(&key, || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        7
                    })
                });
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_inserted_value_replaces_the_kept_one_and_is_not_worked_out() {
        let memo = Memo::new(4);
        assert_eq!(memo.get_or_init(&bytes("x"), || 1), 1);
        memo.insert(&bytes("x"), 2);
        assert_eq!(memo.get_or_init(&bytes("x"), || unreachable!()), 2);
        assert_eq!(format!("{memo:?}"), "Memo { kept: 1, max: 4 }");
    }
}
