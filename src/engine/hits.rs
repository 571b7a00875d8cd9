//! The cue hits of a document: every hit of every cue list (phrases, emoji, classes), found in
//! parts that may run on several threads and merged into one vector sorted by list.

use crate::ruleset::{Ruleset, Sequence};
use crate::text::Document;

use super::{extra, Steps};

/// A hit of a cue list: original byte range and token range (inclusive).
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub last: usize,
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

/// The cue hits of one part of a document, sorted as [`Hits`] wants them.
enum Part {
    /// Hits of phrases, as (cue list, first token, start, end, last token) in 20 bytes, not 40
    /// for a [`Hit`] and its list: a long draft has a hit every few words. Start and end are
    /// kept, not looked up again from the tokens list by list, which missed the cache each time.
    Words(Vec<[u32; 5]>),
    /// Hits of emoji and classes.
    Extras(Vec<(usize, Hit)>),
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Words(v) => v.len(),
            Part::Extras(v) => v.len(),
        }
    }

    fn cue(&self, i: usize) -> usize {
        match self {
            Part::Words(v) => v[i][0] as usize,
            Part::Extras(v) => v[i].0,
        }
    }

    fn hit(&self, i: usize) -> Hit {
        match self {
            Part::Words(v) => {
                let [_, first, start, end, last] = v[i];
                Hit {
                    start: start as usize,
                    end: end as usize,
                    first: first as usize,
                    last: last as usize,
                }
            }
            Part::Extras(v) => v[i].1,
        }
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
    // By list, then by first token, so that the cues near a place are found by binary search.
    let key = |cue: usize, h: &Hit| (cue, h.first, h.start, h.end, h.last);
    // The emoji and classes first: on a long draft they take longer than a part of the words,
    // so they start at once while other threads take the parts of the words.
    let found: Vec<Part> = steps.map(parts + 1, |part| {
        if part == 0 {
            let mut found: Vec<(usize, Hit)> = Vec::new();
            if !rs.extras.is_empty() {
                extra::add_hits(doc, rs, &mut found);
            }
            found.sort_unstable_by_key(|(cue, h)| key(*cue, h));
            return Part::Extras(found);
        }
        let mut found: Vec<[u32; 5]> = Vec::new();
        if !texts.is_empty() {
            let n = texts.len();
            let part = part - 1;
            rs.cues
                .find_starting(&texts, part * n / parts..(part + 1) * n / parts, |h| {
                    // Offsets and tokens are counted in u32 (see `Token`), and so are cue lists.
                    let (start, end) = (tokens[h.first].orig_start, tokens[h.last].orig_end);
                    found.push([h.cue as u32, h.first as u32, start, end, h.last as u32]);
                });
        }
        // The order of `key`.
        found.sort_unstable();
        found.shrink_to_fit();
        Part::Words(found)
    });
    drop(texts);
    // Each part is sorted: they are merged, the next hit always the least of the parts' next.
    // A key holds every field, so hits with equal keys are equal and ties do not matter.
    let total = found.iter().map(Part::len).sum();
    let mut all = Vec::with_capacity(total);
    let mut starts = Vec::with_capacity(rs.cue_lists + 1);
    let mut at = vec![0; found.len()];
    let next = |p: usize, at: usize| {
        let part = &found[p];
        (at < part.len()).then(|| (part.cue(at), part.hit(at)))
    };
    let mut heads: Vec<Option<(usize, Hit)>> = (0..found.len()).map(|p| next(p, 0)).collect();
    loop {
        let least = heads
            .iter()
            .enumerate()
            .filter_map(|(p, h)| h.map(|(cue, hit)| (p, cue, hit)))
            .min_by_key(|(_, cue, hit)| key(*cue, hit));
        let Some((p, cue, hit)) = least else { break };
        // The lists before this hit's start here, the empty ones included.
        while starts.len() <= cue {
            starts.push(all.len() as u32);
        }
        all.push(hit);
        at[p] += 1;
        heads[p] = next(p, at[p]);
    }
    while starts.len() <= rs.cue_lists {
        starts.push(all.len() as u32);
    }
    let hits = Hits { all, starts };
    match rs.sequences.is_empty() {
        true => hits,
        false => with_sequences(hits, &rs.sequences),
    }
}

/// `hits` with the hits of every sequence added to the list that holds it: a hit of a
/// sequence's `first` followed, at most `within` words after its end, by a hit of its `then`.
/// Only rulesets that have sequences pay for this pass.
pub(super) fn with_sequences(hits: Hits, sequences: &[Sequence]) -> Hits {
    let mut extra: Vec<(usize, Hit)> = Vec::new();
    for s in sequences {
        let then = &hits[s.then];
        if then.is_empty() {
            continue;
        }
        for f in &hits[s.first] {
            // `then` is sorted by first token: those starting after `f`, and not too far.
            let from = then.partition_point(|t| t.first <= f.last);
            let close = then[from..]
                .iter()
                .take_while(|t| t.first <= f.last.saturating_add(s.within));
            for t in close {
                let hit = Hit {
                    start: f.start,
                    end: t.end.max(f.end),
                    first: f.first,
                    last: t.last,
                };
                extra.push((s.into, hit));
            }
        }
    }
    if extra.is_empty() {
        return hits;
    }
    let key = |h: &Hit| (h.first, h.start, h.end, h.last);
    extra.sort_unstable_by_key(|(c, h)| (*c, key(h)));
    let lists = hits.starts.len().saturating_sub(1);
    let mut all = Vec::with_capacity(hits.all.len() + extra.len());
    let mut starts = Vec::with_capacity(lists + 1);
    let mut e = 0;
    for c in 0..lists {
        starts.push(all.len() as u32);
        let from = all.len();
        all.extend_from_slice(&hits[c]);
        let n = extra[e..].iter().take_while(|(x, _)| *x == c).count();
        if n > 0 {
            all.extend(extra[e..e + n].iter().map(|(_, h)| *h));
            all[from..].sort_unstable_by_key(key);
            e += n;
        }
    }
    starts.push(all.len() as u32);
    Hits { all, starts }
}
