//! The cue hits of a document: every hit of every cue list (phrases, emoji, classes), found in
//! parts that may run on several threads and merged into one vector sorted by list.

use std::ops::Range;

use crate::ruleset::{Ruleset, Sequence};
use crate::text::Document;

use super::{extra, Steps};

/// A hit of a cue list: original byte range and token range (inclusive). In u32, as a
/// [`crate::text::Token`]'s are: a long draft has a hit every word or so (18 million on the
/// bench's 46 MB input), 16 bytes each, not 32.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    start: u32,
    end: u32,
    first: u32,
    last: u32,
}

impl Hit {
    pub fn new(orig: Range<usize>, first: usize, last: usize) -> Hit {
        Hit {
            start: orig.start as u32,
            end: orig.end as u32,
            first: first as u32,
            last: last as u32,
        }
    }

    /// The original byte range.
    pub fn orig(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The first token.
    pub fn first(&self) -> usize {
        self.first as usize
    }

    /// The last token.
    pub fn last(&self) -> usize {
        self.last as usize
    }
}

/// Every cue hit of a document, by cue list: list `c` is `all[starts[c]..starts[c + 1]]`. One
/// vector for every list, not one each: a draft has hits in a few of hundreds of lists.
pub(super) struct Hits {
    pub all: Vec<Hit>,
    pub starts: Vec<u32>,
}

impl std::ops::Index<usize> for Hits {
    type Output = [Hit];
    fn index(&self, cue: usize) -> &[Hit] {
        self.get(cue).unwrap_or_default()
    }
}

impl Hits {
    pub fn get(&self, cue: usize) -> Option<&[Hit]> {
        let (from, to) = (*self.starts.get(cue)?, *self.starts.get(cue + 1)?);
        self.all.get(from as usize..to as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[Hit]> {
        (0..self.starts.len().saturating_sub(1)).map(|c| &self[c])
    }
}

/// A hit and its cue list as the parts hold them, (cue list, first token, start, end, last
/// token), in 20 bytes, not 40 for a [`Hit`] and its list: a long draft has a hit every few
/// words (2.4 per word on the bench's large input), and every part is held until the merge.
/// Sorting them sorts by list, then by first token, as [`Hits`] wants. Start and end are kept,
/// not looked up again from the tokens list by list, which missed the cache each time.
type Packed = [u32; 5];

/// Offsets and tokens are counted in u32 (see `Token`), and so are cue lists.
fn pack(cue: usize, h: &Hit) -> Packed {
    [cue as u32, h.first, h.start, h.end, h.last]
}

fn unpack(p: &Packed) -> Hit {
    let [_, first, start, end, last] = *p;
    Hit {
        start,
        end,
        first,
        last,
    }
}

/// Every cue hit in the document, by cue list: each word of the words view looked up once.
/// The emoji and classes are searched as one part, and the words in `steps.parts()` more.
pub(super) fn cue_hits(doc: &Document, rs: &Ruleset, steps: &impl Steps) -> Hits {
    let words = doc.words().as_str();
    let tokens = doc.tokens();
    let texts: Vec<&str> = match rs.cues.is_empty() {
        true => Vec::new(),
        false => tokens
            .iter()
            .map(|t| {
                words
                    .get(t.start as usize..t.end as usize)
                    .unwrap_or_default()
            })
            .collect(),
    };
    let parts = steps.parts().max(1);
    // The emoji and classes first: on a long draft they take longer than a part of the words,
    // so they start at once while other threads take the parts of the words.
    // Each part sorted by list, then by first token, so that the cues near a place are found
    // by binary search.
    let found: Vec<Vec<Packed>> = steps.map(parts + 1, |part| {
        if part == 0 {
            let mut found: Vec<(usize, Hit)> = Vec::new();
            if !rs.extras.is_empty() {
                extra::add_hits(doc, rs, &mut found);
            }
            let mut packed: Vec<Packed> = found.iter().map(|(cue, h)| pack(*cue, h)).collect();
            drop(found);
            packed.sort_unstable();
            return packed;
        }
        let mut found: Vec<Packed> = Vec::new();
        if !texts.is_empty() {
            let n = texts.len();
            let part = part - 1;
            rs.cues
                .find_starting(&texts, part * n / parts..(part + 1) * n / parts, |h| {
                    let (start, end) = (tokens[h.first].orig_start, tokens[h.last].orig_end);
                    found.push([h.cue as u32, h.first as u32, start, end, h.last as u32]);
                });
        }
        found.sort_unstable();
        found.shrink_to_fit();
        found
    });
    drop(texts);
    // Each part is sorted: they are merged, the next hit always the least of the parts' next.
    // A packed hit holds every field, so equal ones are the same hit and ties do not matter.
    let total = found.iter().map(Vec::len).sum();
    let mut all = Vec::with_capacity(total);
    let mut starts = Vec::with_capacity(rs.cue_lists + 1);
    let mut at = vec![0; found.len()];
    loop {
        let least = (0..found.len())
            .filter_map(|p| found[p].get(at[p]).map(|h| (p, h)))
            .min_by_key(|(_, h)| *h);
        let Some((p, packed)) = least else { break };
        let cue = packed[0] as usize;
        // The lists before this hit's start here, the empty ones included.
        while starts.len() <= cue {
            starts.push(all.len() as u32);
        }
        all.push(unpack(packed));
        at[p] += 1;
    }
    while starts.len() <= rs.cue_lists {
        starts.push(all.len() as u32);
    }
    // The parts are not needed past here: freed before the sequences add to the hits.
    drop(found);
    let hits = Hits { all, starts };
    match rs.sequences.is_empty() {
        true => hits,
        false => with_sequences(hits, &rs.sequences),
    }
}

/// `hits` with the hits of every sequence added to the list that holds it: a hit of a
/// sequence's `first` followed, at most `within` words after its end, by a hit of its `then`.
/// Only rulesets that have sequences pay for this pass; a sequence that reads the hits of
/// others (a phrase with classes) runs at a later stage, once those are in.
pub(super) fn with_sequences(mut hits: Hits, sequences: &[Sequence]) -> Hits {
    let last = sequences.iter().map(|s| s.stage).max().unwrap_or(0);
    for stage in 0..=last {
        hits = one_stage(hits, sequences.iter().filter(|s| s.stage == stage));
    }
    hits
}

/// The hits of `s`, each a pair in order, added to `extra`, walked from its list with fewer
/// hits: a phrase's words are rare, the numbers a class finds in a long draft are not.
fn pairs(s: &Sequence, first: &[Hit], then: &[Hit], extra: &mut Vec<(usize, Hit)>) {
    let mut push = |f: &Hit, t: &Hit| {
        let hit = Hit {
            start: f.start,
            end: t.end.max(f.end),
            first: f.first,
            last: t.last,
        };
        extra.push((s.into, hit));
    };
    let within = s.within as u32;
    if then.len() < first.len() {
        // `first` is sorted by first token: a hit ending before `t` and close enough starts
        // before `t`, and at most its longest hit's length before that.
        let longest = first.iter().map(|f| f.last - f.first).max().unwrap_or(0);
        for t in then {
            let to = first.partition_point(|f| f.first < t.first);
            let lowest = t.first.saturating_sub(within.saturating_add(longest));
            let from = first[..to].partition_point(|f| f.first < lowest);
            for f in &first[from..to] {
                if f.last < t.first && t.first <= f.last.saturating_add(within) {
                    push(f, t);
                }
            }
        }
        return;
    }
    for f in first {
        // `then` is sorted by first token: those starting after `f`, and not too far.
        let from = then.partition_point(|t| t.first <= f.last);
        let close = then[from..]
            .iter()
            .take_while(|t| t.first <= f.last.saturating_add(within));
        for t in close {
            push(f, t);
        }
    }
}

fn one_stage<'s>(hits: Hits, sequences: impl Iterator<Item = &'s Sequence>) -> Hits {
    let mut extra: Vec<(usize, Hit)> = Vec::new();
    for s in sequences {
        let (first, then) = (&hits[s.first], &hits[s.then]);
        if !first.is_empty() && !then.is_empty() {
            pairs(s, first, then, &mut extra);
        }
    }
    let lists = hits.starts.len().saturating_sub(1);
    extra.retain(|(c, _)| *c < lists);
    if extra.is_empty() {
        return hits;
    }
    let key = |h: &Hit| (h.first, h.start, h.end, h.last);
    extra.sort_unstable_by_key(|(c, h)| (*c, key(h)));
    // Grown in place, not copied into a second vector as long (a long draft has millions of
    // hits): from the last list back, each list moves up by the new hits of the lists before
    // it, and its own new hits go after it.
    let Hits {
        mut all,
        mut starts,
    } = hits;
    let old = all.len();
    let none = Hit {
        start: 0,
        end: 0,
        first: 0,
        last: 0,
    };
    all.resize(old + extra.len(), none);
    // List by list, with two searches of `extra` for each, this was a twentieth of a clean
    // draft's check (a thousand lists, a few new hits). So the lists with no new hits between
    // two that have some move as one block, and their starts by one add each.
    let mut e = extra.len();
    let mut done = lists;
    while let Some(&(c, _)) = e.checked_sub(1).and_then(|i| extra.get(i)) {
        // The new hits of list `c` are `extra[begin..e]`; those before are of lists before it.
        let begin = extra[..e].partition_point(|(x, _)| *x < c);
        // Lists `c + 1..done` move up by every new hit before them.
        let (from, to) = (starts[c + 1] as usize, starts[done] as usize);
        all.copy_within(from..to, from + e);
        for s in &mut starts[c + 2..=done] {
            *s += e as u32;
        }
        // List `c` moves up by the new hits before it, and its own go after it.
        let (from, to) = (starts[c] as usize, starts[c + 1] as usize);
        all.copy_within(from..to, from + begin);
        for (slot, (_, h)) in all[to + begin..to + e].iter_mut().zip(&extra[begin..e]) {
            *slot = *h;
        }
        all[from + begin..to + e].sort_unstable_by_key(key);
        starts[c + 1] = (to + e) as u32;
        (done, e) = (c, begin);
    }
    Hits { all, starts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(first: usize, last: usize) -> Hit {
        Hit::new(first * 10..last * 10 + 5, first, last)
    }

    /// Grown in place, each list holds its own hits and its sequences' hits, sorted, as when
    /// they were gathered in a new vector list by list.
    #[test]
    fn sequences_add_their_hits_to_each_list_in_order() {
        let lists = vec![
            vec![hit(1, 1), hit(5, 6), hit(9, 9)],
            vec![],
            vec![hit(2, 2), hit(3, 4), hit(7, 7), hit(8, 8)],
            vec![hit(6, 6)],
            vec![hit(0, 0)],
        ];
        let (mut all, mut starts) = (Vec::new(), Vec::new());
        for l in &lists {
            starts.push(all.len() as u32);
            all.extend_from_slice(l);
        }
        starts.push(all.len() as u32);
        let sequence = |first, then, within, into| Sequence {
            first,
            then,
            within,
            into,
            stage: 0,
        };
        let sequences = [
            sequence(0, 2, 3, 1),
            sequence(0, 3, 3, 3),
            sequence(2, 0, 5, 0),
            sequence(2, 2, 2, 2),
            sequence(4, 0, 9, 4),
        ];
        let got = with_sequences(Hits { all, starts }, &sequences);
        for (c, list) in lists.iter().enumerate() {
            let mut want = list.clone();
            for s in sequences.iter().filter(|s| s.into == c) {
                for f in &lists[s.first] {
                    for t in &lists[s.then] {
                        if t.first() > f.last() && t.first() <= f.last() + s.within {
                            want.push(Hit {
                                start: f.start,
                                end: t.end.max(f.end),
                                first: f.first,
                                last: t.last,
                            });
                        }
                    }
                }
            }
            want.sort_by_key(|h| (h.first, h.start, h.end, h.last));
            assert_eq!(got[c], want, "list {c}");
        }
        assert_eq!(got.starts.len(), lists.len() + 1);
    }

    /// A sequence reading a list that another fills runs after it: list 2 holds "a b" (from
    /// lists 0 and 1) before list 3, "a b c", is made of it; and walked from either side, the
    /// same pairs are found (list 1 has fewer hits than list 0, list 4 more than list 2).
    #[test]
    fn a_later_stage_reads_the_hits_an_earlier_one_added() {
        let lists = [
            vec![hit(0, 0), hit(3, 3), hit(6, 6), hit(9, 9)],
            vec![hit(4, 4)],
            vec![],
            vec![],
            vec![hit(5, 5), hit(7, 7), hit(8, 8)],
        ];
        let (mut all, mut starts) = (Vec::new(), Vec::new());
        for l in &lists {
            starts.push(all.len() as u32);
            all.extend_from_slice(l);
        }
        starts.push(all.len() as u32);
        let sequences = [
            Sequence {
                first: 2,
                then: 4,
                within: 1,
                into: 3,
                stage: 1,
            },
            Sequence {
                first: 0,
                then: 1,
                within: 1,
                into: 2,
                stage: 0,
            },
        ];
        let got = with_sequences(Hits { all, starts }, &sequences);
        assert_eq!(got[2], [Hit::new(30..45, 3, 4)]);
        assert_eq!(got[3], [Hit::new(30..55, 3, 5)]);
    }
}
