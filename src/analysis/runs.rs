//! Counting by sorting (docs/performance.md, "Counting by sorting"): a worker collects keys with
//! their values in a buffer, sorts it (least-significant-digit radix sort) and reduces it to a
//! **run** of distinct keys in ascending order, each with its values added; runs of the same
//! level are merged as they come (the levels of an LSM tree), so that a worker holds at most
//! ⌈log2(keys / buffer)⌉ + 1 runs and every key is merged about that many times. After the pass
//! the runs of all workers are merged a range of keys at a time on the pool
//! ([`for_each_merged`]).
//!
//! A map with one entry per distinct key is what counting costs on text whose vocabulary grows:
//! each insertion is a cache miss into a table far larger than the cache, and the table holds
//! its slack. Sorting touches memory in order and a run holds nothing but its entries.

use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

/// A key sorted by its 64-bit words, most significant first: word `WORDS − 1` decides first.
/// The order of the words must be the key's `Ord`.
pub trait SortKey: Copy + Ord + Send + Sync + 'static {
    const WORDS: usize;
    /// Word `i`, 0 the least significant.
    fn word(&self, i: usize) -> u64;
}

impl SortKey for u64 {
    const WORDS: usize = 1;
    #[inline]
    fn word(&self, _: usize) -> u64 {
        *self
    }
}

impl SortKey for u128 {
    const WORDS: usize = 2;
    #[inline]
    fn word(&self, i: usize) -> u64 {
        (self >> (64 * i)) as u64
    }
}

/// What is kept of a key: values that add.
pub trait Tally: Copy + Send + Sync + 'static {
    fn add(&mut self, other: Self);
}

/// A tally that is a number of occurrences: a key pushed alone (`Counter::push_key`) counts 1.
pub trait Count: Tally {
    fn of(n: u32) -> Self;
}

/// A count that saturates at `u32::MAX` (phrases bounds its totals below it).
impl Tally for u32 {
    #[inline]
    fn add(&mut self, other: Self) {
        *self = self.saturating_add(other);
    }
}

impl Count for u32 {
    fn of(n: u32) -> Self {
        n
    }
}

/// Sorted distinct keys with their values.
#[derive(Debug, Clone, PartialEq)]
pub struct Run<K, V> {
    pub keys: Vec<K>,
    pub values: Vec<V>,
    /// log2 of the number of buffers counted in it.
    level: u32,
}

impl<K, V> Default for Run<K, V> {
    fn default() -> Self {
        Run {
            keys: Vec::new(),
            values: Vec::new(),
            level: 0,
        }
    }
}

#[cfg(test)]
impl<K: SortKey, V: Tally> Run<K, V> {
    /// The run of `pairs` in any order (equal keys added).
    pub fn of(pairs: Vec<(K, V)>) -> Self {
        let (mut keys, mut values): (Vec<K>, Vec<V>) = pairs.into_iter().unzip();
        radix_sort(&mut keys, &mut values, &mut Vec::new(), &mut Vec::new());
        reduce_sorted(&mut keys, &mut values);
        Run {
            keys,
            values,
            level: 0,
        }
    }
}

/// One worker's counts: pairs collected (`push`), or keys alone (`push_key`), then sorted and
/// reduced into runs.
pub struct Counter<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
    scratch: (Vec<K>, Vec<V>),
    capacity: usize,
    runs: Vec<Run<K, V>>,
    /// Set by `push_key`: the keys are collected alone and counted when sorted (a buffer
    /// half the size and sorts that move half the bytes).
    count: Option<fn(u32) -> V>,
}

impl<K: SortKey, V: Tally> Counter<K, V> {
    /// A counter that sorts its buffer every `capacity` pairs.
    pub fn new(capacity: usize) -> Self {
        Counter {
            keys: Vec::new(),
            values: Vec::new(),
            scratch: (Vec::new(), Vec::new()),
            capacity: capacity.max(1),
            runs: Vec::new(),
            count: None,
        }
    }

    /// A key counted once. A counter is fed by `push_key` alone or by `push` alone.
    #[inline]
    pub fn push_key(&mut self, k: K)
    where
        V: Count,
    {
        if self.keys.len() >= self.capacity {
            self.flush();
        }
        self.count = Some(V::of);
        self.keys.push(k);
    }

    #[inline]
    pub fn push(&mut self, k: K, v: V) {
        if self.keys.len() >= self.capacity {
            self.flush();
        }
        self.keys.push(k);
        self.values.push(v);
    }

    /// The pairs collected, sorted and reduced into a run, merged with the runs of its level.
    fn flush(&mut self) {
        if self.keys.is_empty() {
            return;
        }
        if let Some(count) = self.count {
            // Keys alone: sorted with values of no size, each run of equal keys counted.
            let mut units = vec![(); self.keys.len()];
            radix_sort(
                &mut self.keys,
                &mut units,
                &mut self.scratch.0,
                &mut Vec::new(),
            );
            count_sorted(&mut self.keys, &mut self.values, count);
        } else {
            radix_sort(
                &mut self.keys,
                &mut self.values,
                &mut self.scratch.0,
                &mut self.scratch.1,
            );
            reduce_sorted(&mut self.keys, &mut self.values);
        }
        let mut run = Run {
            keys: self.keys.clone(),
            values: self.values.clone(),
            level: 0,
        };
        self.keys.clear();
        self.values.clear();
        while let Some(last) = self.runs.last() {
            if last.level != run.level {
                break;
            }
            let last = self.runs.pop().unwrap_or_default();
            let level = last.level + 1;
            run = merge_two((&last.keys, &last.values), (&run.keys, &run.values));
            run.level = level;
        }
        self.runs.push(run);
    }

    /// Every run, with the pairs still collected; the buffers freed.
    pub fn finish(mut self) -> Vec<Run<K, V>> {
        self.flush();
        self.runs
    }
}

/// Per-worker state, one per rayon thread, locked only by its own thread.
pub fn shards<T>(make: impl Fn() -> T) -> Vec<Mutex<T>> {
    (0..rayon::current_num_threads().max(1))
        .map(|_| Mutex::new(make()))
        .collect()
}

/// The calling worker's state.
pub fn shard<T>(shards: &[Mutex<T>]) -> std::sync::MutexGuard<'_, T> {
    let i = rayon::current_thread_index().unwrap_or(0) % shards.len();
    shards[i].lock().unwrap_or_else(PoisonError::into_inner)
}

/// The states, unlocked.
pub fn into_inner<T>(shards: Vec<Mutex<T>>) -> impl Iterator<Item = T> {
    shards
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// `keys` sorted ascending, `values` moved along: LSD radix sort on bytes, skipping the bytes
/// that every key shares; `sk` and `sv` are its second buffers.
fn radix_sort<K: SortKey, V: Copy>(
    keys: &mut Vec<K>,
    values: &mut Vec<V>,
    sk: &mut Vec<K>,
    sv: &mut Vec<V>,
) {
    let n = keys.len();
    if n < 256 {
        let mut pairs: Vec<(K, V)> = keys.iter().copied().zip(values.iter().copied()).collect();
        pairs.sort_by_key(|p| p.0);
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            keys[i] = k;
            values[i] = v;
        }
        return;
    }
    // The digits (word, byte) in which some keys differ, least significant first.
    let mut digits: Vec<(usize, u32)> = Vec::new();
    for w in 0..K::WORDS {
        let (mut or, mut and) = (0u64, u64::MAX);
        for k in keys.iter() {
            let x = k.word(w);
            or |= x;
            and &= x;
        }
        let varying = or ^ and;
        digits.extend(
            (0..8)
                .filter(|d| (varying >> (8 * d)) & 0xFF != 0)
                .map(|d| (w, 8 * d)),
        );
    }
    if digits.is_empty() {
        return;
    }
    let mut hist = vec![[0usize; 256]; digits.len()];
    for k in keys.iter() {
        for (h, &(w, shift)) in hist.iter_mut().zip(&digits) {
            h[((k.word(w) >> shift) & 0xFF) as usize] += 1;
        }
    }
    sk.clear();
    sk.extend_from_slice(keys);
    sv.clear();
    sv.extend_from_slice(values);
    for (h, &(w, shift)) in hist.iter_mut().zip(&digits) {
        let mut sum = 0;
        for slot in h.iter_mut() {
            let c = *slot;
            *slot = sum;
            sum += c;
        }
        for (k, v) in keys.iter().zip(values.iter()) {
            let b = ((k.word(w) >> shift) & 0xFF) as usize;
            sk[h[b]] = *k;
            sv[h[b]] = *v;
            h[b] += 1;
        }
        std::mem::swap(keys, sk);
        std::mem::swap(values, sv);
    }
}

/// Sorted `keys` made distinct in place, the values of equal keys added.
fn reduce_sorted<K: SortKey, V: Tally>(keys: &mut Vec<K>, values: &mut Vec<V>) {
    let mut distinct = 0;
    for i in 0..keys.len() {
        let (k, v) = (keys[i], values[i]);
        if distinct > 0 && keys[distinct - 1] == k {
            values[distinct - 1].add(v);
        } else {
            keys[distinct] = k;
            values[distinct] = v;
            distinct += 1;
        }
    }
    keys.truncate(distinct);
    values.truncate(distinct);
}

/// Sorted `keys` made distinct in place, `values` (empty before) set to how often each came.
fn count_sorted<K: SortKey, V>(keys: &mut Vec<K>, values: &mut Vec<V>, count: fn(u32) -> V) {
    values.clear();
    let mut distinct = 0;
    let mut i = 0;
    while i < keys.len() {
        let k = keys[i];
        let mut j = i + 1;
        while j < keys.len() && keys[j] == k {
            j += 1;
        }
        keys[distinct] = k;
        values.push(count(u32::try_from(j - i).unwrap_or(u32::MAX)));
        distinct += 1;
        i = j;
    }
    keys.truncate(distinct);
}

/// Two runs as one (values of equal keys added).
fn merge_two<K: SortKey, V: Tally>((ak, av): (&[K], &[V]), (bk, bv): (&[K], &[V])) -> Run<K, V> {
    let mut keys = Vec::with_capacity(ak.len() + bk.len());
    let mut values = Vec::with_capacity(ak.len() + bk.len());
    let (mut i, mut j) = (0, 0);
    while i < ak.len() && j < bk.len() {
        let (a, b) = (ak[i], bk[j]);
        if a < b {
            keys.push(a);
            values.push(av[i]);
            i += 1;
        } else if b < a {
            keys.push(b);
            values.push(bv[j]);
            j += 1;
        } else {
            let mut v = av[i];
            v.add(bv[j]);
            keys.push(a);
            values.push(v);
            i += 1;
            j += 1;
        }
    }
    keys.extend_from_slice(&ak[i..]);
    values.extend_from_slice(&av[i..]);
    keys.extend_from_slice(&bk[j..]);
    values.extend_from_slice(&bv[j..]);
    keys.shrink_to_fit();
    values.shrink_to_fit();
    Run {
        keys,
        values,
        level: 0,
    }
}

/// Runs' slices merged into one run.
fn merge_slices<K: SortKey, V: Tally>(slices: &[(&[K], &[V])]) -> Run<K, V> {
    match slices {
        [] => Run::default(),
        [(k, v)] => Run {
            keys: k.to_vec(),
            values: v.to_vec(),
            level: 0,
        },
        [a, b] => merge_two(*a, *b),
        _ => {
            let (l, r) = slices.split_at(slices.len() / 2);
            let (l, r) = (merge_slices(l), merge_slices(r));
            merge_two((&l.keys, &l.values), (&r.keys, &r.values))
        }
    }
}

/// Ranges of keys merged across runs at a time after a pass: the runs' keys split at this many
/// quantiles of the largest run.
const RANGES_PER_THREAD: usize = 16;

/// `f(state, pairs)` for every distinct key of `runs` with its values added, in ascending key
/// order within each range of keys, the ranges on the pool; `f` gets its worker's state
/// (`make()` at first), and the states are returned.
pub fn for_each_merged<K: SortKey, V: Tally, T: Send>(
    runs: &[Run<K, V>],
    make: impl Fn() -> T,
    f: impl Fn(&mut T, &mut dyn Iterator<Item = (K, V)>) + Sync,
) -> Vec<T> {
    let states = shards(make);
    let Some(largest) = runs.iter().max_by_key(|r| r.keys.len()) else {
        return into_inner(states).collect();
    };
    let ranges = (rayon::current_num_threads().max(1) * RANGES_PER_THREAD).min(largest.keys.len());
    let mut bounds: Vec<K> = (1..ranges)
        .map(|i| largest.keys[i * largest.keys.len() / ranges])
        .collect();
    bounds.dedup();
    let n = bounds.len() + 1;
    (0..n).into_par_iter().for_each(|r| {
        let lo = if r == 0 { None } else { Some(bounds[r - 1]) };
        let hi = bounds.get(r).copied();
        let slices: Vec<(&[K], &[V])> = runs
            .iter()
            .map(|run| {
                let a = lo.map_or(0, |lo| run.keys.partition_point(|&k| k < lo));
                let b = hi.map_or(run.keys.len(), |hi| run.keys.partition_point(|&k| k < hi));
                (&run.keys[a..b], &run.values[a..b])
            })
            .filter(|(k, _)| !k.is_empty())
            .collect();
        let mut s = shard(&states);
        let state = &mut *s;
        if let [(k, v)] = slices[..] {
            f(state, &mut k.iter().copied().zip(v.iter().copied()));
        } else {
            let m = merge_slices(&slices);
            f(
                state,
                &mut m.keys.iter().copied().zip(m.values.iter().copied()),
            );
        }
    });
    into_inner(states).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of keys (xorshift), in `bits` significant bits.
    fn random_keys(n: usize, bits: u32, seed: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x >> (64 - bits)
            })
            .collect()
    }

    /// Keys sorted with their values moved along, as a stable sort by key would: bytes that
    /// every key shares are skipped, small inputs take the comparison sort.
    #[test]
    fn radix_sort_agrees_with_a_stable_sort() {
        let (mut sk, mut sv) = (Vec::new(), Vec::new());
        for (n, bits) in [
            (0, 8),
            (10, 40),
            (255, 64),
            (256, 64),
            (5000, 3),
            (100_000, 44),
            (70_000, 64),
        ] {
            let mut keys = random_keys(n, bits, n as u64 + u64::from(bits));
            // Shared high and middle bytes: skipped digits.
            if bits == 44 {
                keys.iter_mut()
                    .for_each(|k| *k = (*k & !0xFF_0000) | 0x7700_0000_0000);
            }
            let mut values: Vec<u32> = (0..n as u32).collect();
            let mut want: Vec<(u64, u32)> = keys.iter().copied().zip(values.clone()).collect();
            want.sort_by_key(|p| p.0);
            radix_sort(&mut keys, &mut values, &mut sk, &mut sv);
            let got: Vec<(u64, u32)> = keys.into_iter().zip(values).collect();
            assert_eq!(got, want, "n = {n}, bits = {bits}");
        }
        // Wide keys: the high word decides first.
        let mut keys: Vec<u128> = random_keys(3000, 64, 5)
            .into_iter()
            .zip(random_keys(3000, 2, 9))
            .map(|(lo, hi)| (u128::from(hi) << 64) | u128::from(lo))
            .collect();
        let mut values = vec![0u8; keys.len()];
        let mut want = keys.clone();
        want.sort_unstable();
        radix_sort(&mut keys, &mut values, &mut Vec::new(), &mut Vec::new());
        assert_eq!(keys, want);
    }

    /// The counts of `keys` as a run, by a map.
    fn counted(keys: &[u64]) -> Run<u64, u32> {
        let mut m = std::collections::BTreeMap::new();
        for &k in keys {
            *m.entry(k).or_insert(0u32) += 1;
        }
        Run {
            keys: m.keys().copied().collect(),
            values: m.values().copied().collect(),
            level: 0,
        }
    }

    #[test]
    fn runs_count_and_merge_exactly() {
        // Many buffers (levels merged as they come), several workers, ranges merged across.
        const CAP: usize = 1 << 12;
        let keys = random_keys(3 * CAP + 123, 20, 7);
        let want = counted(&keys);
        let mut workers: Vec<Counter<u64, u32>> = (0..3).map(|_| Counter::new(CAP)).collect();
        for (i, &k) in keys.iter().enumerate() {
            // Keys alone for two workers, pairs for the third: the same counts.
            match i % 7 % 3 {
                2 => workers[2].push(k, 1),
                w => workers[w].push_key(k),
            }
        }
        let runs: Vec<Run<u64, u32>> = workers.into_iter().flat_map(Counter::finish).collect();
        // One run a worker; the first, of two buffers, merged them into a run of level 1.
        assert_eq!(runs.len(), 3);
        assert_eq!(runs.iter().map(|r| r.level).collect::<Vec<_>>(), [1, 0, 0]);
        for r in &runs {
            assert!(r.keys.windows(2).all(|w| w[0] < w[1]));
        }
        let pairs = for_each_merged(&runs, Vec::new, |got: &mut Vec<(u64, u32)>, it| {
            got.extend(it)
        });
        let mut got: Vec<(u64, u32)> = pairs.into_iter().flatten().collect();
        got.sort_unstable();
        let want: Vec<(u64, u32)> = want.keys.into_iter().zip(want.values).collect();
        assert_eq!(got, want);
        // Two runs and many by merge_slices; a run from pairs in any order.
        let (a, b) = (counted(&keys[..1000]), counted(&keys[1000..3000]));
        assert_eq!(
            merge_two((&a.keys, &a.values), (&b.keys, &b.values)),
            counted(&keys[..3000])
        );
        let parts: Vec<Run<u64, u32>> = keys[..5000].chunks(700).map(counted).collect();
        let slices: Vec<(&[u64], &[u32])> =
            parts.iter().map(|r| (&r.keys[..], &r.values[..])).collect();
        assert_eq!(merge_slices(&slices), counted(&keys[..5000]));
        let pairs: Vec<(u64, u32)> = keys[..5000].iter().map(|&k| (k, 1)).collect();
        assert_eq!(Run::of(pairs), counted(&keys[..5000]));
        // No runs: every worker's state, untouched.
        let states = for_each_merged(&[] as &[Run<u64, u32>], || 7, |_: &mut i32, _| {});
        assert!(states.iter().all(|&s| s == 7));
        // Counts saturate.
        let mut c = u32::MAX - 1;
        c.add(5);
        assert_eq!(c, u32::MAX);
    }

    /// Keys that differ in every byte, in the high word only, or not at all, pushed through
    /// small buffers so that runs of several levels are merged: the totals are those of a map.
    #[test]
    fn wide_keys_count_as_a_map_does() {
        let mut want = std::collections::BTreeMap::<u128, u64>::new();
        let mut c = Counter::<u128, u32>::new(300);
        for (i, x) in random_keys(5_000, 64, 3).into_iter().enumerate() {
            let k = match i % 3 {
                0 => u128::from(x % 1_000),
                1 => u128::from(x % 50) << 96,
                _ => u128::MAX,
            };
            *want.entry(k).or_insert(0) += i as u64;
            c.push(k, i as u32);
        }
        let runs = c.finish();
        assert!(runs.len() > 1, "several levels of runs");
        let got: Vec<Vec<(u128, u32)>> = for_each_merged(&runs, Vec::new, |s, it| s.extend(it));
        let mut got: Vec<(u128, u64)> = got
            .into_iter()
            .flatten()
            .map(|(k, v)| (k, u64::from(v)))
            .collect();
        got.sort_unstable();
        assert_eq!(got, want.into_iter().collect::<Vec<_>>());
    }
}
