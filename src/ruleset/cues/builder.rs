//! The cue index while a ruleset compiles: literals added one by one, then laid out flat.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::{hash_pair, hash_str, word_tag, CueIndex, FxHasher, Lists, Strs, Table};
use crate::ruleset::CueId;

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

/// The cue index while a ruleset compiles: every literal, indexed by its first word when it has
/// one, by its first two otherwise (common first words, `the`, `my`, `le`, start hundreds of
/// literals). [`CueBuilder::freeze`] lays it out flat for the drafts.
#[derive(Debug, Default)]
pub(crate) struct CueBuilder {
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

fn push_once(list: &mut Vec<u32>, i: u32) -> bool {
    let new = !list.contains(&i);
    if new {
        list.push(i);
    }
    new
}

impl CueBuilder {
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

    /// Lays the index out flat, as the drafts read it.
    pub fn freeze(self) -> CueIndex {
        let mut names: Vec<&str> = vec![""; self.by_word.len()];
        for (w, &id) in &self.words {
            names[id as usize] = w;
        }
        let mut words = Strs::default();
        names.iter().for_each(|w| words.push(w));
        let word_table = Table::new(names.iter().map(|w| hash_str(w)));
        let word_tags = word_table
            .slots
            .iter()
            .map(|&id| match names.get(id as usize) {
                Some(w) => word_tag(hash_str(w)),
                None => 0,
            })
            .collect();
        let mut by_word = Lists::default();
        self.by_word
            .iter()
            .for_each(|l| by_word.push(l.iter().copied()));
        let (mut heads, mut lasts, mut owners) =
            (Lists::default(), Strs::default(), Lists::default());
        for lit in &self.literals {
            heads.push(lit.head.iter().copied());
            lasts.push(&lit.last);
            owners.push(
                lit.owners
                    .iter()
                    .map(|&(cue, prefix)| ((cue as u32) << 1) | u32::from(prefix)),
            );
        }
        // Sorted, so that the layout does not hang on the order of a hash map.
        let mut pairs: Vec<(&(u32, u32), &Vec<u32>)> = self.by_pair.iter().collect();
        pairs.sort_unstable_by_key(|(k, _)| **k);
        let pair_keys: Vec<u32> = pairs.iter().flat_map(|((a, b), _)| [*a, *b]).collect();
        let pair_table = Table::new(pairs.iter().map(|((a, b), _)| hash_pair(*a, *b)));
        // Each pair's literals of four words or more follow its shorter ones, by their third
        // word, so that a search finds those that may match by bisection (see
        // `CueIndex::pair_literals`): `j ai` starts 1,500 literals.
        let mut by_pair = Lists::default();
        for (_, l) in &pairs {
            let mut l = (*l).clone();
            l.sort_by_key(|&i| third_word(&self.literals[i as usize].head));
            by_pair.push(l);
        }
        let mut open: Vec<(&u32, &Vec<u32>)> = self.open_pairs.iter().collect();
        open.sort_unstable_by_key(|(k, _)| **k);
        let mut open_pairs = Lists::default();
        open.iter()
            .for_each(|(_, l)| open_pairs.push(l.iter().copied()));
        let mut prefixes: Vec<(&Box<str>, &Vec<u32>)> = self.by_prefix.iter().collect();
        prefixes.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let (mut prefix_keys, mut by_prefix) = (Strs::default(), Lists::default());
        for (k, l) in &prefixes {
            prefix_keys.push(k);
            by_prefix.push(l.iter().copied());
        }
        CueIndex {
            words,
            word_table,
            word_tags,
            by_word,
            heads,
            lasts,
            owners,
            pair_keys: pair_keys.into(),
            pair_table,
            by_pair,
            open_keys: open.iter().map(|(k, _)| **k).collect(),
            open_pairs,
            prefix_keys,
            by_prefix,
            prefix_lengths: self.prefix_lengths.iter().map(|&n| n as u32).collect(),
            prefix_table: Table::default(),
            prefix_hashes: Vec::new(),
            pair_bits: Vec::new(),
            extra: None,
        }
        .with_tables()
    }
}

/// The key of a literal in its pair's list: 0 for a literal of three words or fewer (the third,
/// if any, is its last, which may continue), else one more than its third word's id.
pub(super) fn third_word(head: &[u32]) -> u64 {
    match head {
        [_, _, third, ..] => u64::from(*third) + 1,
        _ => 0,
    }
}
