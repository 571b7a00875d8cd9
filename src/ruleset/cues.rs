//! The cue index: every literal of every phrase list, looked up word by word.
//!
//! A literal only counts where it starts and ends on word boundaries of the words view, where
//! words are separated by single spaces; so a literal is a run of whole words (the last one may
//! be a prefix, `confidenti*`), and finding literals is looking each word of the draft up in a
//! hash table of first words. The index is built by [`CueBuilder`] and then laid out flat, in a
//! few arrays of numbers and strings: that form is what build.rs writes into the binary for the
//! built-in rules, so a run reads it back with a few copies instead of compiling it again.

mod builder;
mod flat;

use std::hash::Hasher;

use super::CueId;
pub(crate) use builder::CueBuilder;
use flat::NONE;
pub(crate) use flat::{Lists, Strs, Table};
pub(crate) use flat::{Reader, U32s, Writer};

/// The FxHash function (as in rustc): much faster than SipHash on short keys. The keys are
/// words of the ruleset, so there is no untrusted flood to defend against. Its value is the
/// same on every machine, so a table laid out by build.rs holds where the binary runs.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// The bits of a word's hash kept beside its slot ([`CueIndex::word_tags`]): the high half,
/// which the slot it starts from barely depends on.
pub(crate) fn word_tag(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// Whether two byte strings are equal, compared here: they are words of a few bytes, and a call
/// to `memcmp` for each word looked up and each literal a pair of words starts (hundreds a
/// draft) cost more than the comparisons.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `word` starts with `prefix`, as [`same`] compares.
fn starts(word: &[u8], prefix: &[u8]) -> bool {
    word.get(..prefix.len()).is_some_and(|w| same(w, prefix))
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// A hash taken one byte at a time, so that the hashes of every prefix of a word come from
/// one pass over it.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    bytes.iter().for_each(|&b| h.add(u64::from(b)));
    h.finish()
}

/// The bits of a pair's hash [`CueIndex::pair_bits`] is indexed by: 16 KB, a fifth of whose
/// bits the built-in rules' 27,000 pairs set.
const PAIR_BITS: u32 = 17;

/// A pair's bit in [`CueIndex::pair_bits`]: the hash's top bits (the table starts from the
/// low ones).
fn pair_bit(hash: u64) -> usize {
    (hash >> (64 - PAIR_BITS)) as usize
}

fn hash_pair(a: u32, b: u32) -> u64 {
    let mut h = FxHasher::default();
    h.add((u64::from(a) << 32) | u64::from(b));
    h.finish()
}

/// Every literal of every cue list, laid out flat. Literals are numbered; an owner is a cue
/// list's id shifted left once, with the low bit set when the literal's last word may continue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CueIndex {
    /// The words literals are made of, by id, and their ids by the word.
    words: Strs,
    word_table: Table,
    /// For each slot of `word_table`, the [`word_tag`] of the word there: every word of a
    /// draft is looked up, most are in no literal, and comparing the bytes of each word a probe
    /// met (the word list far from the cache, and a call to memcmp) cost more than the hash.
    word_tags: U32s,
    /// One-word literals by the id of their word.
    by_word: Lists,
    /// For each literal: the ids of the words before the last one, the last word, the owners.
    heads: Lists,
    lasts: Strs,
    owners: Lists,
    /// Literals of two words or more by the ids of their first two: the pairs are
    /// `pair_keys[2p]`, `pair_keys[2p + 1]`.
    pair_keys: U32s,
    pair_table: Table,
    by_pair: Lists,
    /// Two-word literals whose last word may continue, by the id of their first word (sorted).
    open_keys: U32s,
    open_pairs: Lists,
    /// One-word literals that may continue, by their word (sorted): found by the prefixes of a word.
    prefix_keys: Strs,
    by_prefix: Lists,
    /// The byte lengths of the prefix keys, ascending.
    prefix_lengths: U32s,
    /// The prefix keys by their hash one byte at a time ([`hash_bytes`]), and those hashes:
    /// a word's prefixes are hashed in one pass over it. Built when the index is, not written.
    prefix_table: Table,
    prefix_hashes: Vec<u64>,
    /// One bit for each [`PAIR_BITS`] bits of a pair's hash, set when a pair of the index has
    /// them: most pairs of words of a draft start no literal, and looking each up in the pair
    /// table (a quarter of a megabyte, far from the cache) was most of the search. Built when
    /// the index is, not written.
    pair_bits: Vec<u64>,
    /// Cue lists added over a built index (the `allow` phrases of a configuration, over the
    /// built-in rules read from the binary): searched at the same places.
    extra: Option<Box<CueIndex>>,
}

/// A place a cue list occurs: the tokens it covers, first and last (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CueHit {
    pub cue: CueId,
    pub first: usize,
    pub last: usize,
}

impl CueIndex {
    pub fn is_empty(&self) -> bool {
        self.heads.len() == 0 && self.extra.as_ref().is_none_or(|x| x.is_empty())
    }

    /// Searches `extra` too, at every place this index is searched.
    pub fn set_extra(&mut self, extra: CueIndex) {
        self.extra = (!extra.is_empty()).then(|| Box::new(extra));
    }

    fn word(&self, w: &str) -> u32 {
        let hash = hash_str(w);
        self.word_table
            .find_tagged(hash, &self.word_tags, word_tag(hash), |id| {
                same(self.words.bytes(id as usize), w.as_bytes())
            })
            .unwrap_or(NONE)
    }

    fn pair(&self, a: u32, b: u32) -> &[u32] {
        let hash = hash_pair(a, b);
        let bit = pair_bit(hash);
        if self
            .pair_bits
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 == 0)
        {
            return &[];
        }
        let keys = &self.pair_keys;
        let is = |p: u32| {
            let p = p as usize * 2;
            keys.get(p) == Some(&a) && keys.get(p + 1) == Some(&b)
        };
        match self.pair_table.find(hash, is) {
            Some(p) => self.by_pair.get(p as usize),
            None => &[],
        }
    }

    fn open(&self, word: u32) -> &[u32] {
        match self.open_keys.binary_search(&word) {
            Ok(i) => self.open_pairs.get(i),
            Err(_) => &[],
        }
    }

    /// The literals of a pair's list (see [`CueIndex::pair`]) that may match where the word
    /// after the pair is `third` (its id, [`NONE`] when it is no word of the index): the ones of
    /// three words or fewer, and the longer ones whose third word it is. The list holds those
    /// by their third word (see `CueBuilder::freeze`), found by bisection: the pairs `j ai` or
    /// `photo of` start hundreds of literals, and looking at each of them was a tenth of a
    /// draft's check. A short list is taken whole.
    fn pair_literals<'a>(&'a self, list: &'a [u32], third: u32) -> (&'a [u32], &'a [u32]) {
        if list.len() <= 8 {
            return (list, &[]);
        }
        let key = |l: &u32| builder::third_word(self.heads.get(*l as usize));
        let short = list.partition_point(|l| key(l) == 0);
        let (short, long) = list.split_at(short);
        if third == NONE {
            return (short, &[]);
        }
        let want = u64::from(third) + 1;
        let from = long.partition_point(|l| key(l) < want);
        let to = long.partition_point(|l| key(l) <= want);
        (short, long.get(from..to).unwrap_or_default())
    }

    /// Indexes the prefix keys by their hash (see [`CueIndex::prefix_table`]) and sets the
    /// bits of the pairs (see [`CueIndex::pair_bits`]).
    pub(super) fn with_tables(mut self) -> CueIndex {
        self.prefix_hashes = (0..self.prefix_keys.len())
            .map(|i| hash_bytes(self.prefix_keys.get(i).as_bytes()))
            .collect();
        self.prefix_table = Table::new(self.prefix_hashes.iter().copied());
        self.pair_bits = vec![0; (1 << PAIR_BITS) / 64];
        for p in self.pair_keys.chunks_exact(2) {
            let bit = pair_bit(hash_pair(p[0], p[1]));
            self.pair_bits[bit / 64] |= 1 << (bit % 64);
        }
        self
    }

    /// The one-word literals that may continue and start `token` without being all of it.
    fn prefixed(&self, token: &str, mut each: impl FnMut(u32)) {
        let bytes = token.as_bytes();
        let mut lengths = self.prefix_lengths.iter().map(|&n| n as usize);
        let Some(mut want) = lengths.next() else {
            return;
        };
        let mut h = FxHasher::default();
        for (i, &b) in bytes.iter().enumerate() {
            if want >= bytes.len() {
                return;
            }
            h.add(u64::from(b));
            if i + 1 < want {
                continue;
            }
            let (hash, p) = (h.finish(), &bytes[..want]);
            let is = |id: u32| {
                self.prefix_hashes.get(id as usize) == Some(&hash)
                    && same(self.prefix_keys.bytes(id as usize), p)
            };
            if let Some(id) = self.prefix_table.find(hash, is) {
                self.by_prefix
                    .get(id as usize)
                    .iter()
                    .for_each(|&l| each(l));
            }
            match lengths.next() {
                Some(n) => want = n,
                None => return,
            }
        }
    }

    /// Calls `found` for every occurrence of every literal among `tokens` (the words of the
    /// words view, in order), once per cue list that owns it, by increasing first token.
    #[cfg(test)]
    pub fn find(&self, tokens: &[&str], found: impl FnMut(CueHit)) {
        self.find_starting(tokens, 0..tokens.len(), found);
    }

    /// Calls `found` for every occurrence of every literal among `tokens` (the words of the
    /// words view, in order) whose first token is in `starts`, once per cue list that owns it,
    /// by increasing first token. The engine splits a long draft into parts of `starts` that
    /// threads search at the same time (`crate::large`).
    pub fn find_starting(
        &self,
        tokens: &[&str],
        starts: std::ops::Range<usize>,
        mut found: impl FnMut(CueHit),
    ) {
        if self.is_empty() {
            return;
        }
        // Literals only look forward from their first token: the tokens before `starts` are
        // not needed, and positions are shifted back when reported.
        let from = starts.start.min(tokens.len());
        let tokens = &tokens[from..];
        let count = starts.end.min(from + tokens.len()).saturating_sub(from);
        let mut found = |h: CueHit| {
            found(CueHit {
                first: h.first + from,
                last: h.last + from,
                ..h
            })
        };
        let ids: Vec<u32> = tokens.iter().map(|t| self.word(t)).collect();
        let extra = self.extra.as_deref().map(|x| {
            let ids: Vec<u32> = tokens.iter().map(|t| x.word(t)).collect();
            (x, ids)
        });
        for i in 0..count {
            self.find_at(tokens, &ids, i, &mut found);
            if let Some((x, ids)) = &extra {
                x.find_at(tokens, ids, i, &mut found);
            }
        }
    }

    /// The literals that start at token `i`; `ids` are the tokens' word ids.
    fn find_at(&self, tokens: &[&str], ids: &[u32], i: usize, found: &mut impl FnMut(CueHit)) {
        let mut emit = |lit: u32, k: usize, whole: bool| {
            for &owner in self.owners.get(lit as usize) {
                if whole || owner & 1 == 1 {
                    found(CueHit {
                        cue: (owner >> 1) as usize,
                        first: i,
                        last: i + k,
                    });
                }
            }
        };
        let (Some(&token), Some(&id)) = (tokens.get(i), ids.get(i)) else {
            return;
        };
        if id != NONE {
            for &l in self.by_word.get(id as usize) {
                emit(l, 0, true);
            }
            if let Some(&next) = ids.get(i + 1).filter(|&&n| n != NONE) {
                let third = ids.get(i + 2).copied().unwrap_or(NONE);
                let (short, long) = self.pair_literals(self.pair(id, next), third);
                for &l in short.iter().chain(long) {
                    let head = self.heads.get(l as usize);
                    let k = head.len();
                    // The first two words match; the rest must follow word for word, and
                    // the last may continue where an owner allows it.
                    if k <= 1 {
                        emit(l, 1, true);
                        continue;
                    }
                    if i + k >= tokens.len() || k > 2 && head[2..] != ids[i + 2..i + k] {
                        continue;
                    }
                    let end = tokens[i + k].as_bytes();
                    let last = self.lasts.bytes(l as usize);
                    let whole = same(end, last);
                    if whole || starts(end, last) {
                        emit(l, k, whole);
                    }
                }
            }
            // Two-word literals whose last word continues (whole ones were found above).
            if let Some(&end) = tokens.get(i + 1) {
                for &l in self.open(id) {
                    let (end, last) = (end.as_bytes(), self.lasts.bytes(l as usize));
                    if !same(end, last) && starts(end, last) {
                        emit(l, 1, false);
                    }
                }
            }
        }
        // One-word literals that start the word without being all of it.
        self.prefixed(token, |l| emit(l, 0, false));
    }
}

/// The index as bytes, for build.rs to write into the binary (`extra` is never written).
impl CueIndex {
    pub fn encode(&self, w: &mut Writer) {
        w.strs(&self.words);
        w.u32s(&self.word_table.slots);
        w.u32s(&self.word_tags);
        w.lists(&self.by_word);
        w.lists(&self.heads);
        w.strs(&self.lasts);
        w.lists(&self.owners);
        w.u32s(&self.pair_keys);
        w.u32s(&self.pair_table.slots);
        w.lists(&self.by_pair);
        w.u32s(&self.open_keys);
        w.lists(&self.open_pairs);
        w.strs(&self.prefix_keys);
        w.lists(&self.by_prefix);
        w.u32s(&self.prefix_lengths);
    }

    pub fn decode(r: &mut Reader) -> Option<CueIndex> {
        let index = CueIndex {
            words: r.strs()?,
            word_table: Table { slots: r.u32s()? },
            word_tags: r.u32s()?,
            by_word: r.lists()?,
            heads: r.lists()?,
            lasts: r.strs()?,
            owners: r.lists()?,
            pair_keys: r.u32s()?,
            pair_table: Table { slots: r.u32s()? },
            by_pair: r.lists()?,
            open_keys: r.u32s()?,
            open_pairs: r.lists()?,
            prefix_keys: r.strs()?,
            by_prefix: r.lists()?,
            prefix_lengths: r.u32s()?,
            prefix_table: Table::default(),
            prefix_hashes: Vec::new(),
            pair_bits: Vec::new(),
            extra: None,
        };
        let index = index.with_tables();
        let fits = index.word_table.is_valid()
            && index.word_tags.len() == index.word_table.slots.len()
            && index.pair_table.is_valid();
        fits.then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(index: &CueIndex, text: &str) -> Vec<(CueId, usize, usize)> {
        let tokens: Vec<&str> = text.split(' ').collect();
        let mut out = Vec::new();
        index.find(&tokens, |h| out.push((h.cue, h.first, h.last)));
        out.sort();
        out
    }

    #[test]
    fn whole_words_and_prefixes() {
        let mut index = CueBuilder::default();
        index.add("protected b", 0, false);
        index.add("confidenti", 1, true);
        index.add("confidential", 2, false);
        index.add("top secret", 3, true);
        index.add("b", 4, false);
        index.add("protected b", 5, true);
        index.add("a protected b", 6, false);
        let index = index.freeze();
        let found = hits(
            &index,
            "a protected b confidentiality confidential top secrets protected",
        );
        assert_eq!(
            found,
            [
                (0, 1, 2),
                (1, 3, 3),
                (1, 4, 4),
                (2, 4, 4),
                (3, 5, 6),
                (4, 2, 2),
                (5, 1, 2),
                (6, 0, 2)
            ]
        );
        assert_eq!(hits(&index, "protected bees"), [(5, 0, 1)]);
        // A literal never ends inside a word unless it may continue.
        assert!(hits(&index, "protected bees confidentialx").contains(&(1, 2, 2)));
        assert!(!hits(&index, "protected bees").iter().any(|h| h.0 == 0));
    }

    /// Every (list, first, last) by trying every literal at every token.
    fn plain(literals: &[(String, CueId, bool)], text: &str) -> Vec<(CueId, usize, usize)> {
        let tokens: Vec<&str> = text.split(' ').collect();
        let mut out = Vec::new();
        for (lit, cue, prefix) in literals {
            let words: Vec<&str> = lit.split(' ').collect();
            let (last, head) = words.split_last().unwrap();
            for i in 0..tokens.len() {
                let k = head.len();
                let Some(end) = tokens.get(i + k) else {
                    continue;
                };
                if tokens[i..i + k] == *head && (end == last || *prefix && end.starts_with(last)) {
                    out.push((*cue, i, i + k));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn long_pair_lists_find_what_trying_every_literal_finds() {
        // Few words, so that pairs start long lists of literals of every length.
        let vocabulary = ["j", "ai", "vu", "le", "chat", "noir", "a"];
        let mut next = crate::testing::random(11);
        for _ in 0..20 {
            let mut literals = Vec::new();
            let mut index = CueBuilder::default();
            for _ in 0..150 {
                let n = 1 + next(5);
                // The first two words of two, so that four pairs start every literal.
                let words: Vec<&str> = (0..n)
                    .map(|w| vocabulary[next(if w < 2 { 2 } else { 7 })])
                    .collect();
                let (text, cue, prefix) = (words.join(" "), next(4), next(3) == 0);
                index.add(&text, cue, prefix);
                literals.push((text, cue, prefix));
            }
            let index = index.freeze();
            for _ in 0..20 {
                let text: Vec<String> = (0..30)
                    .map(|_| format!("{}{}", vocabulary[next(4)], ["", "", "", "s"][next(4)]))
                    .collect();
                let text = text.join(" ");
                let mut found = hits(&index, &text);
                found.dedup();
                assert_eq!(found, plain(&literals, &text), "{text}");
            }
        }
    }

    #[test]
    fn the_same_literal_in_several_lists() {
        let mut index = CueBuilder::default();
        index.add("vote", 0, false);
        index.add("vote", 1, true);
        index.add("vote", 1, true);
        let index = index.freeze();
        assert_eq!(hits(&index, "vote"), [(0, 0, 0), (1, 0, 0)]);
        assert_eq!(hits(&index, "voted"), [(1, 0, 0)]);
    }

    #[test]
    fn words_found_by_their_tags_are_words_found_by_their_bytes() {
        let rs = crate::ruleset::Ruleset::builtin().expect("the built-in rules compile");
        let index = &rs.cues;
        let plain = |w: &str| {
            (0..index.words.len())
                .find(|&id| index.words.bytes(id) == w.as_bytes())
                .map_or(NONE, |id| id as u32)
        };
        let mut next = crate::testing::random(11);
        let mut checked = 0;
        for id in (0..index.words.len()).step_by(7) {
            let w = index.words.get(id);
            // The word itself, and near misses: a letter changed, one more, one less.
            let mut changed = w.to_string().into_bytes();
            if let Some(b) = changed.get_mut(next(w.len().max(1))) {
                *b = b"aeiost"[next(6)];
            }
            let changed = String::from_utf8(changed).unwrap_or_default();
            let longer = format!("{w}{}", ["s", "e", "x"][next(3)]);
            let shorter = w.char_indices().last().map_or("", |(i, _)| &w[..i]);
            for w in [w, &changed, &longer, shorter] {
                assert_eq!(index.word(w), plain(w), "{w:?}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
