//! The cue index: every literal of every phrase list, looked up word by word.
//!
//! A literal only counts where it starts and ends on word boundaries of the words view, where
//! words are separated by single spaces; so a literal is a run of whole words (the last one may
//! be a prefix, `confidenti*`), and finding literals is looking each word of the draft up in a
//! hash table of first words. Building that table is a few hash inserts per literal, so the
//! ruleset compiles in a blink and twice the phrases cost the draft almost nothing more.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::CueId;

/// The FxHash function (as in rustc): much faster than SipHash on short keys. The keys are
/// words of the ruleset, so there is no untrusted flood to defend against.
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

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Which cue lists a literal belongs to, and whether its last word may continue there.
#[derive(Debug, Clone, Default)]
struct Literal {
    /// Ids of the words before the last one.
    head: Vec<u32>,
    /// The last word.
    last: Box<str>,
    /// (cue list, whether the last word may continue)
    owners: Vec<(CueId, bool)>,
}

/// Every literal, indexed by its first word when it has one, by its first two otherwise: common
/// first words (`the`, `my`, `le`) start hundreds of literals.
#[derive(Debug, Default)]
pub(crate) struct CueIndex {
    words: FxMap<Box<str>, u32>,
    literals: Vec<Literal>,
    /// One-word literals by the id of their word.
    by_word: Vec<Vec<u32>>,
    /// Literals of two words or more by the ids of their first two.
    by_pair: FxMap<(u32, u32), Vec<u32>>,
    /// Two-word literals whose last word may continue, by the id of their first word.
    open_pairs: FxMap<u32, Vec<u32>>,
    /// One-word literals that may continue, by their word: found by the prefixes of a word.
    by_prefix: FxMap<Box<str>, Vec<u32>>,
    /// The byte lengths of the keys of `by_prefix`, ascending.
    prefix_lengths: Vec<usize>,
    texts: FxMap<Box<str>, u32>,
}

/// A place a cue list occurs: the tokens it covers, first and last (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CueHit {
    pub cue: CueId,
    pub first: usize,
    pub last: usize,
}

fn push_once(list: &mut Vec<u32>, i: u32) -> bool {
    let new = !list.contains(&i);
    if new {
        list.push(i);
    }
    new
}

impl CueIndex {
    fn word(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.by_word.len() as u32;
        self.words.insert(w.into(), id);
        self.by_word.push(Vec::new());
        id
    }

    /// Adds a folded literal (words separated by single spaces) to a cue list.
    pub fn add(&mut self, text: &str, cue: CueId, prefix: bool) {
        let index = match self.texts.get(text) {
            Some(&i) => i,
            None => {
                let mut words: Vec<&str> = text.split(' ').collect();
                let last = words.pop().unwrap_or_default();
                let head: Vec<u32> = words.iter().map(|w| self.word(w)).collect();
                let i = self.literals.len() as u32;
                match head.len() {
                    0 => {
                        let id = self.word(last);
                        self.by_word[id as usize].push(i);
                    }
                    1 => {
                        let second = self.word(last);
                        self.by_pair.entry((head[0], second)).or_default().push(i);
                    }
                    _ => self.by_pair.entry((head[0], head[1])).or_default().push(i),
                }
                self.literals.push(Literal {
                    head,
                    last: last.into(),
                    owners: Vec::new(),
                });
                self.texts.insert(text.into(), i);
                i
            }
        };
        let lit = &mut self.literals[index as usize];
        if !lit.owners.contains(&(cue, prefix)) {
            lit.owners.push((cue, prefix));
        }
        if !prefix {
            return;
        }
        match lit.head.len() {
            0 => {
                let n = lit.last.len();
                let list = self.by_prefix.entry(lit.last.clone()).or_default();
                if push_once(list, index) {
                    if let Err(at) = self.prefix_lengths.binary_search(&n) {
                        self.prefix_lengths.insert(at, n);
                    }
                }
            }
            1 => {
                push_once(self.open_pairs.entry(lit.head[0]).or_default(), index);
            }
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.literals.is_empty()
    }

    /// Calls `found` for every occurrence of every literal among `tokens` (the words of the
    /// words view, in order), once per cue list that owns it, by increasing first token.
    pub fn find(&self, tokens: &[&str], mut found: impl FnMut(CueHit)) {
        if self.literals.is_empty() {
            return;
        }
        let ids: Vec<u32> = tokens
            .iter()
            .map(|t| self.words.get(*t).copied().unwrap_or(u32::MAX))
            .collect();
        for (i, &token) in tokens.iter().enumerate() {
            let mut emit = |lit: &Literal, k: usize, whole: bool| {
                for &(cue, prefix) in &lit.owners {
                    if whole || prefix {
                        found(CueHit {
                            cue,
                            first: i,
                            last: i + k,
                        });
                    }
                }
            };
            let id = ids[i];
            if id != u32::MAX {
                for &l in &self.by_word[id as usize] {
                    emit(&self.literals[l as usize], 0, true);
                }
                if let Some(&next) = ids.get(i + 1).filter(|&&n| n != u32::MAX) {
                    for &l in self.by_pair.get(&(id, next)).map_or(&[][..], Vec::as_slice) {
                        let lit = &self.literals[l as usize];
                        let k = lit.head.len();
                        // The first two words match; the rest must follow word for word, and
                        // the last may continue where an owner allows it.
                        if k == 1 {
                            emit(lit, 1, true);
                            continue;
                        }
                        if i + k >= tokens.len() || lit.head[2..] != ids[i + 2..i + k] {
                            continue;
                        }
                        let end = tokens[i + k];
                        let whole = end == &*lit.last;
                        if whole || end.starts_with(&*lit.last) {
                            emit(lit, k, whole);
                        }
                    }
                }
                // Two-word literals whose last word continues (whole ones were found above).
                if let (Some(open), Some(&end)) = (self.open_pairs.get(&id), tokens.get(i + 1)) {
                    for &l in open {
                        let lit = &self.literals[l as usize];
                        if end != &*lit.last && end.starts_with(&*lit.last) {
                            emit(lit, 1, false);
                        }
                    }
                }
            }
            // One-word literals that start the word without being all of it.
            for &n in &self.prefix_lengths {
                if n >= token.len() {
                    break;
                }
                let Some(list) = token.get(..n).and_then(|p| self.by_prefix.get(p)) else {
                    continue;
                };
                for &l in list {
                    emit(&self.literals[l as usize], 0, false);
                }
            }
        }
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
        let mut index = CueIndex::default();
        index.add("protected b", 0, false);
        index.add("confidenti", 1, true);
        index.add("confidential", 2, false);
        index.add("top secret", 3, true);
        index.add("b", 4, false);
        index.add("protected b", 5, true);
        index.add("a protected b", 6, false);
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

    #[test]
    fn the_same_literal_in_several_lists() {
        let mut index = CueIndex::default();
        index.add("vote", 0, false);
        index.add("vote", 1, true);
        index.add("vote", 1, true);
        assert_eq!(hits(&index, "vote"), [(0, 0, 0), (1, 0, 0)]);
        assert_eq!(hits(&index, "voted"), [(1, 0, 0)]);
    }
}
