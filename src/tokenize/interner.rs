//! The concurrent interner of the parallel pass, with each worker's cache of the ids it has
//! been given and the packed keys of short terms.

use std::hash::BuildHasher;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::{Kind, Segmenter, Vocab, classify};
use crate::corpus::normalize::is_han;

const SHARDS: usize = 64;

/// A concurrent interner for the parallel pass: workers get provisional ids (first come,
/// first served, so they depend on scheduling); `finish` renumbers them in term order.
/// Sharded by hash, so two workers rarely wait for the same lock.
pub struct Interner {
    shards: Vec<Mutex<FxHashMap<Box<str>, u32>>>,
    next: AtomicU32,
    /// Unique per interner in this process: tags the workers' caches.
    generation: u64,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

impl Default for Interner {
    fn default() -> Self {
        Interner {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(FxHashMap::default()))
                .collect(),
            next: AtomicU32::new(0),
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// A term of at most 15 bytes packed with its length into one integer, so that the per-token
/// lookup hashes and compares an integer instead of hashing a string and calling memcmp. Most
/// Chinese words are 1–5 characters (3–15 bytes); longer terms take the string map.
#[inline]
fn pack(term: &str) -> Option<u128> {
    let b = term.as_bytes();
    let n = b.len();
    let r8 = |i: usize| {
        u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ])
    };
    let r4 = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    // The bytes little-endian from bit 0, zero-padded, the length in the top byte: built from
    // overlapping loads rather than a copy into a buffer (whose reload would stall).
    let (lo, hi) = match n {
        0..=3 => (
            b.iter().rev().fold(0u64, |acc, &x| acc << 8 | u64::from(x)),
            0,
        ),
        4..=7 => {
            let tail = if n > 4 { r4(n - 4) >> (8 * (8 - n)) } else { 0 };
            (u64::from(r4(0)) | u64::from(tail) << 32, 0)
        }
        8..=15 => (
            r8(0),
            if n > 8 {
                r8(n - 8) >> (8 * (16 - n))
            } else {
                0
            },
        ),
        _ => return None,
    };
    Some(u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64)
}

/// A term as a worker knows it: its provisional id, what segmentation needs to know of it
/// (worked out once per worker), and its id local to the document being segmented. Kept in
/// the lookup tables themselves, so that a token touches one place: with the slots in an array
/// of their own, a term new to a document cost one more cache miss (jieba's dictionary walk
/// leaves little of these tables in the cache).
#[derive(Debug, Clone, Copy)]
pub(super) struct TermSlot {
    pub(super) id: u32,
    /// Valid when `doc` is the document being segmented (`WorkerCache::doc`): no table needs
    /// clearing between documents.
    pub(super) local: u32,
    pub(super) doc: u32,
    pub(super) han: u32,
    pub(super) kind: Kind,
    pub(super) counted: bool,
    /// Whether `han`, `kind` and `counted` are set.
    known: bool,
}

impl TermSlot {
    fn new(id: u32) -> Self {
        TermSlot {
            id,
            local: 0,
            doc: NO_DOC,
            han: 0,
            kind: Kind::Symbol,
            counted: false,
            known: false,
        }
    }
}

/// No document yet (in `TermSlot::doc`).
const NO_DOC: u32 = 0;

/// No provisional id yet (a character `WorkerCache::single` has not seen).
const NO_ID: u32 = u32::MAX;

/// Each worker's cache of the ids it has been given, with each term's kind: most lookups of
/// a common term then touch no lock, no shared memory and no string comparison. Tagged with
/// the interner's generation, so a new interner (a new pass) starts afresh.
#[derive(Default)]
pub(super) struct WorkerCache {
    generation: u64,
    /// Terms of one 3-byte character (most Han characters and CJK punctuation, the commonest
    /// tokens of all), by code point: an index, no hashing. A slot whose id is NO_ID is a
    /// character not seen yet. Filled by `reset_for`, so the token loop never checks for it.
    single: Vec<TermSlot>,
    short: FxHashMap<u128, TermSlot>,
    /// Terms too long to pack (rare): index into `long_slots`.
    long: FxHashMap<Box<str>, u32>,
    long_slots: Vec<TermSlot>,
    /// The stamp of the document being segmented (1, 2, …).
    doc: u32,
}

impl WorkerCache {
    pub(super) fn reset_for(&mut self, interner: &Interner) {
        if self.generation != interner.generation {
            *self = WorkerCache {
                generation: interner.generation,
                single: vec![TermSlot::new(NO_ID); 0x1_0000],
                ..WorkerCache::default()
            };
        }
    }

    /// A stamp for a new document; after 2³² − 1 documents the slots forget theirs.
    pub(super) fn next_doc(&mut self) -> u32 {
        if self.doc == u32::MAX {
            let forget = |s: &mut TermSlot| s.doc = NO_DOC;
            self.single.iter_mut().for_each(forget);
            self.short.values_mut().for_each(forget);
            self.long_slots.iter_mut().for_each(forget);
            self.doc = NO_DOC;
        }
        self.doc += 1;
        self.doc
    }

    /// The term's slot, with its provisional id (from the interner on first sight). Inlined
    /// into the token loop: as a call, its register saves were a tenth of its instructions.
    #[inline(always)]
    fn slot(&mut self, term: &str, interner: &Interner) -> &mut TermSlot {
        let b = term.as_bytes();
        // Three bytes led by E0–EF are one character U+0800–U+FFFF (the text is valid UTF-8).
        if b.len() == 3 && b[0] >= 0xE0 {
            let cp = (usize::from(b[0] & 0x0F) << 12)
                | (usize::from(b[1] & 0x3F) << 6)
                | usize::from(b[2] & 0x3F);
            if let Some(slot) = self.single.get_mut(cp) {
                if slot.id == NO_ID {
                    slot.id = interner.intern_shared(term);
                }
                return slot;
            }
        }
        match pack(term) {
            Some(key) => self
                .short
                .entry(key)
                .or_insert_with(|| TermSlot::new(interner.intern_shared(term))),
            None => {
                let i = match self.long.get(term) {
                    Some(&i) => i as usize,
                    None => {
                        let i = self.long_slots.len();
                        self.long_slots
                            .push(TermSlot::new(interner.intern_shared(term)));
                        self.long.insert(term.into(), i as u32);
                        i
                    }
                };
                &mut self.long_slots[i]
            }
        }
    }

    /// The term's slot, filled in.
    #[inline(always)]
    pub(super) fn term(
        &mut self,
        term: &str,
        interner: &Interner,
        seg: &Segmenter,
    ) -> &mut TermSlot {
        let slot = self.slot(term, interner);
        if !slot.known {
            let kind = classify(term);
            slot.kind = kind;
            slot.counted = kind.is_counted() && !seg.is_stopword(term);
            slot.han = term.chars().filter(|&c| is_han(c)).count() as u32;
            slot.known = true;
        }
        slot
    }
}

thread_local! {
    pub(super) static CACHE: std::cell::RefCell<WorkerCache> = std::cell::RefCell::new(WorkerCache::default());
}

impl Interner {
    pub fn intern(&self, term: &str) -> u32 {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            cache.reset_for(self);
            cache.slot(term, self).id
        })
    }

    fn intern_shared(&self, term: &str) -> u32 {
        let shard = (FxBuildHasher.hash_one(term) >> 57) as usize % SHARDS;
        // A poisoned lock means another worker panicked; its map is still consistent.
        let mut map = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(term) {
            return id;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        map.insert(term.into(), id);
        id
    }

    /// `finish` of the terms interned so far, keeping the interner for a pass that goes on
    /// with the same provisional ids (the report's replay of its recording).
    pub fn snapshot(&self, seg: &Segmenter) -> (Vocab, Vec<u32>) {
        let n = self.next.load(Ordering::Relaxed) as usize;
        let mut terms: Vec<Box<str>> = vec![Box::from(""); n];
        for shard in &self.shards {
            let map = shard.lock().unwrap_or_else(|e| e.into_inner());
            for (term, &id) in map.iter() {
                terms[id as usize] = term.clone();
            }
        }
        Vocab::from_terms(terms, |t| seg.is_stopword(t))
    }

    /// The canonical vocabulary and the map provisional id → canonical id.
    pub fn finish(self, seg: &Segmenter) -> (Vocab, Vec<u32>) {
        let n = self.next.load(Ordering::Relaxed) as usize;
        let mut terms: Vec<Box<str>> = vec![Box::from(""); n];
        for shard in self.shards {
            for (term, id) in shard.into_inner().unwrap_or_else(|e| e.into_inner()) {
                terms[id as usize] = term;
            }
        }
        Vocab::from_terms(terms, |t| seg.is_stopword(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{SegmenterOptions, segment_text};

    #[test]
    fn interned_ids_name_their_terms_whatever_the_lookup_path() {
        // One-character terms (the code-point table), short terms (packed keys) and long ones
        // (the string map), each interned twice: the same id each time, one per term, and the
        // vocabulary gives the term back.
        let mut terms: Vec<String> = (0x20u32..0x1_0000)
            .step_by(3)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        terms.extend(
            [
                "abc",
                "é",
                "éa",
                "核酸",
                "核酸检测",
                "疫情防控工作领导小组",
                "COVID-19-2022-11-20",
            ]
            .map(String::from),
        );
        let interner = Interner::default();
        let first: Vec<u32> = terms.iter().map(|t| interner.intern(t)).collect();
        let again: Vec<u32> = terms.iter().map(|t| interner.intern(t)).collect();
        assert_eq!(first, again);
        let distinct: std::collections::HashSet<u32> = first.iter().copied().collect();
        let distinct_terms: std::collections::HashSet<&String> = terms.iter().collect();
        assert_eq!(distinct.len(), distinct_terms.len());
        assert!(distinct.len() > 20_000);
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let (vocab, remap) = interner.finish(&seg);
        for (t, id) in terms.iter().zip(first) {
            assert_eq!(vocab.term(remap[id as usize]), t);
        }
    }

    #[test]
    fn document_stamps_wrap_without_mixing_documents() {
        // Local ids are valid by the document's stamp. When the stamps run out they start
        // again at 1, and the slots must forget theirs: else a term last seen in document 1
        // would look already numbered in the new document 1.
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let interner = Interner::default();
        let text = "核酸检测，疫情防控。党员先锋冲在前。";
        let other = "社区核酸检测点。";
        let first = segment_text(text, "UTF-8", &seg, &interner);
        segment_text(other, "UTF-8", &seg, &interner);
        CACHE.with(|c| c.borrow_mut().doc = u32::MAX - 1);
        let last = segment_text(other, "UTF-8", &seg, &interner);
        let wrapped = segment_text(text, "UTF-8", &seg, &interner);
        assert_eq!(CACHE.with(|c| c.borrow().doc), 1);
        for s in [&last, &wrapped] {
            let n = s.terms.len() as u32;
            assert!(s.tokens.iter().all(|&t| t < n));
        }
        assert_eq!(wrapped.tokens, first.tokens);
        assert_eq!(wrapped.terms, first.terms);
        assert_eq!(first.tokens.len(), 12);
    }

    #[test]
    fn pack_is_the_zero_padded_bytes_with_the_length() {
        let reference = |t: &str| {
            let mut buf = [0u8; 16];
            buf[..t.len()].copy_from_slice(t.as_bytes());
            buf[15] = t.len() as u8;
            u128::from_le_bytes(buf)
        };
        let text = "a核酸检测ab12345678901234567疫情防控工作领导小组";
        let mut keys = std::collections::HashSet::new();
        let mut strings = std::collections::HashSet::new();
        for (i, _) in text.char_indices() {
            for (j, _) in text[i..].char_indices().skip(1) {
                let t = &text[i..i + j];
                match pack(t) {
                    Some(k) => {
                        assert_eq!(k, reference(t), "{t}");
                        keys.insert(k);
                        strings.insert(t);
                    }
                    None => assert!(t.len() > 15, "{t}"),
                }
            }
        }
        // Every length from 1 to 15 bytes occurs, and distinct strings get distinct keys.
        assert_eq!(keys.len(), strings.len());
        assert!(strings.len() > 100);
        assert_eq!(pack(""), Some(0));
        assert_eq!(pack("的"), Some(reference("的")));
        assert_eq!(pack("1234567890123456"), None);
    }
}
