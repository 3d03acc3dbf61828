//! Aho-Corasick automata whose tables build.rs computed (build_ac.rs): a process pays nothing to
//! build them, which matters to hooks and message filters that scan one small input and exit.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// A standard Aho-Corasick automaton (every occurrence of every pattern, overlaps included) as
/// static tables: states in breadth-first order, the first `dense_count` with a resolved row per
/// byte class, the others with sorted sparse edges and a failure link; per state the patterns that
/// end there.
#[derive(Debug)]
pub(crate) struct StaticAc {
    pub classes: &'static [u8; 256],
    pub nclasses: usize,
    pub dense_count: usize,
    pub dense: &'static [u32],
    pub trans_start: &'static [u32],
    pub trans_byte: &'static [u8],
    pub trans_next: &'static [u32],
    pub fail: &'static [u32],
    pub out_start: &'static [u32],
    pub outs: &'static [u32],
    pub lens: &'static [u32],
}

impl StaticAc {
    #[inline]
    fn next(&self, mut s: u32, b: u8) -> u32 {
        loop {
            if (s as usize) < self.dense_count {
                return self.dense[s as usize * self.nclasses + self.classes[b as usize] as usize];
            }
            let (lo, hi) = (self.trans_start[s as usize] as usize, self.trans_start[s as usize + 1] as usize);
            let bytes = &self.trans_byte[lo..hi];
            let hit = if bytes.len() <= 8 { bytes.iter().position(|&x| x == b) } else { bytes.binary_search(&b).ok() };
            if let Some(i) = hit {
                return self.trans_next[lo + i];
            }
            s = self.fail[s as usize];
        }
    }

    /// Calls `f(pattern, start, end)` for every occurrence of every pattern in `hay`, in order of
    /// their ends. With `ascii_fold`, bytes are lowercased first (the patterns are lowercase).
    #[inline]
    pub(crate) fn for_each(&self, hay: &[u8], ascii_fold: bool, mut f: impl FnMut(usize, usize, usize)) {
        let mut s = 0u32;
        for (i, &b) in hay.iter().enumerate() {
            s = self.next(s, if ascii_fold { b.to_ascii_lowercase() } else { b });
            let (lo, hi) = (self.out_start[s as usize] as usize, self.out_start[s as usize + 1] as usize);
            for &p in &self.outs[lo..hi] {
                f(p as usize, i + 1 - self.lens[p as usize] as usize, i + 1);
            }
        }
    }
}

/// A value built once its owner has searched a number of bytes (usually [`BULK_BYTES`]): a faster
/// automaton that replaces a static one, or (`BuiltInBulk<()>`) the mark that a scan is a bulk scan.
/// A bulk scan pays the build cost many times over; a hook or a message filter that scans one small
/// input never builds it.
#[derive(Debug)]
pub(crate) struct BuiltInBulk<T> {
    threshold: u64,
    searched: AtomicU64,
    cell: OnceLock<T>,
}

/// Bytes searched before a [`BuiltInBulk::new`] value is built.
pub(crate) const BULK_BYTES: u64 = 4 << 20;

impl<T> BuiltInBulk<T> {
    /// Built after [`BULK_BYTES`].
    pub(crate) const fn new() -> Self {
        Self::after_bytes(BULK_BYTES)
    }

    /// Built after `threshold` bytes: sooner for a value cheap to build that pays back fast.
    pub(crate) const fn after_bytes(threshold: u64) -> Self {
        BuiltInBulk { threshold, searched: AtomicU64::new(0), cell: OnceLock::new() }
    }

    /// The value if it is built.
    pub(crate) fn built(&self) -> Option<&T> {
        self.cell.get()
    }

    /// Counts `len` more bytes searched; the value once the count reaches the threshold (built on
    /// that call by `build`), else `None`.
    pub(crate) fn after(&self, len: usize, build: impl FnOnce() -> T) -> Option<&T> {
        self.cell.get().or_else(|| {
            let before = self.searched.fetch_add(len as u64, Ordering::Relaxed);
            (before + len as u64 >= self.threshold).then(|| self.cell.get_or_init(build))
        })
    }
}
