//! An Aho-Corasick automaton over the literals the gates look for, ASCII case folded and laid
//! out flat: one pass over a text finds every occurrence of every literal, one step a byte.
//!
//! Looking each position of a text up by its first bytes, then comparing the literals they
//! start one by one, cost more than checking the rest of a short draft. Building this for a few
//! thousand literals takes milliseconds, so build.rs builds it for the built-in rules and a run
//! reads it in place from the binary's bytes. A search never panics and never loops, whatever
//! those bytes say (a link that does not go back goes to the root), so nothing is checked at
//! start.
//!
//! The shallow states, where a search spends most of its steps, are dense: a row of next
//! states by byte class, fail links already followed, so that a step there is one look-up.
//! Scanning a state's transitions and then following fail links cost about 100 instructions
//! a byte and a mispredicted branch or two; a full DFA of the words view (the `aho-corasick`
//! crate's: 7.6 MB, 0.2 s to build) was slower still, its rows scattered beyond the caches.

use crate::ruleset::cues::{Reader, U32s, Writer};

/// No state (the end of a chain of outputs).
const NONE: u32 = u32::MAX;
/// The most numbers the states may take: a transition holds its target in the 24 bits above
/// its byte, and the target's top bit is [`REPORTS`].
const MAX_WORDS: usize = 1 << 23;
/// Marks, in a state's name as transitions give it, a state that completes a literal (itself or
/// along its fail chain). A search reads a state's header only then: the header of a state
/// reached through a dense row lies elsewhere in memory, and reading it at every step took a
/// third of the scan.
const REPORTS: u32 = 1 << 23;
/// The bits of a state's name that say where it starts.
const OFFSET: usize = (REPORTS - 1) as usize;
/// The most next states the dense rows hold, all together (4 bytes each, 256 KB): enough for
/// the states a word's first three or four bytes lead to, small enough to stay in a core's
/// second-level cache. At 32 KB (a first-level cache) nearly every step of a clean draft's scan
/// was past the dense states; at 256 KB the scan runs a fifth fewer instructions for a seventh
/// more first-level misses (`valgrind --tool=cachegrind`, 1,500 clean drafts).
const DENSE_BUDGET: usize = 1 << 16;
/// A state is a run of numbers in [`Automaton::nodes`], named by where it starts: a header of
/// its fail link, the first state of its fail chain (itself included) that completes a
/// literal, the next such state after that one, and its counts (`transitions | literals << 16`);
/// then its transitions (`target << 8 | byte`, sorted by byte) and the literals it completes.
/// A dense state (one laid out before [`Automaton::dense_end`]) has, instead of transitions, one
/// next state per byte class (its transition count is then the number of classes).
/// One state's numbers lie together, so a step touches one or two cache lines: the automaton
/// is larger than a core's cache, and a search spent most of its time waiting for memory.
const FAIL: usize = 0;
const REPORT: usize = 1;
const NEXT_REPORT: usize = 2;
const COUNTS: usize = 3;
const HEADER: usize = 4;

/// The automaton; the state at 0 is the root, matching the empty string. States are laid out
/// breadth first, so the shallow states a search spends its time in sit together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Automaton {
    /// The root's transitions, by byte (0 where the root stays the root); empty when the
    /// automaton holds no literal.
    root: U32s,
    /// The states, one after the other (see [`HEADER`]).
    nodes: U32s,
    /// By byte, its class in the dense rows (ASCII upper case as lower case; 0 for the bytes of
    /// no literal); empty when no state is dense.
    classes: U32s,
    /// `[where the first state that is not dense starts]`: the states before it are dense.
    dense_end: U32s,
}

/// A state's transitions and literals, from its counts.
fn counts(c: u32) -> (usize, usize) {
    ((c & 0xFFFF) as usize, (c >> 16) as usize)
}

impl Automaton {
    /// An automaton of `literals` (number, text); `None` when they need too many states.
    pub fn new<'a>(literals: impl IntoIterator<Item = (u32, &'a str)>) -> Option<Automaton> {
        Automaton::with_dense(literals, DENSE_BUDGET)
    }

    /// [`Automaton::new`], with dense rows of at most `budget` next states in all.
    fn with_dense<'a>(
        literals: impl IntoIterator<Item = (u32, &'a str)>,
        budget: usize,
    ) -> Option<Automaton> {
        // The trie, with each state's transitions in a small sorted vector while building.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut outs: Vec<Vec<u32>> = vec![Vec::new()];
        let mut any = false;
        for (id, text) in literals {
            any = true;
            let mut s = 0usize;
            for b in text.bytes().map(|b| b.to_ascii_lowercase()) {
                s = match children[s].binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => children[s][i].1 as usize,
                    Err(i) => {
                        let t = children.len();
                        if t >= MAX_WORDS {
                            return None;
                        }
                        children[s].insert(i, (b, t as u32));
                        children.push(Vec::new());
                        outs.push(Vec::new());
                        t
                    }
                };
            }
            outs[s].push(id);
        }
        if !any {
            return Some(Automaton::default());
        }
        let n = children.len();
        // Breadth-first order, which is also the order fail links are found in.
        let mut order = vec![0u32];
        let mut i = 0;
        while let Some(&s) = order.get(i) {
            order.extend(children[s as usize].iter().map(|&(_, t)| t));
            i += 1;
        }
        let step = |s: usize, b: u8| -> Option<u32> {
            let c = &children[s];
            match c.binary_search_by_key(&b, |&(c, _)| c) {
                Ok(i) => Some(c[i].1),
                Err(_) => (s == 0).then_some(0),
            }
        };
        // Fail links, and the first state completing a literal along each fail chain: a
        // state's follow from its parent's, and its fail target is shallower.
        let mut fail = vec![0u32; n];
        let mut report: Vec<u32> = (0..n)
            .map(|s| if outs[s].is_empty() { NONE } else { s as u32 })
            .collect();
        for &s in &order {
            let s = s as usize;
            for &(b, t) in &children[s] {
                let t = t as usize;
                if s != 0 {
                    let mut f = fail[s] as usize;
                    fail[t] = loop {
                        if let Some(x) = step(f, b) {
                            break x;
                        }
                        f = fail[f] as usize;
                    };
                }
                if outs[t].is_empty() {
                    report[t] = report[fail[t] as usize];
                }
            }
        }
        // Byte classes: each byte of a literal its own, the other bytes class 0.
        let mut class = vec![0u32; 256];
        let mut classes = 1u32;
        for c in &children {
            for &(b, _) in c {
                if class[b as usize] == 0 {
                    class[b as usize] = u32::MAX;
                }
            }
        }
        for c in class.iter_mut().filter(|c| **c == u32::MAX) {
            *c = classes;
            classes += 1;
        }
        for b in b'A'..=b'Z' {
            class[b as usize] = class[b.to_ascii_lowercase() as usize];
        }
        // The first states breadth first (the root aside) are dense, as many as the budget holds.
        let dense = (budget / classes as usize).min(n - 1);
        let mut row_of = vec![usize::MAX; n];
        let mut rows: Vec<Vec<u32>> = Vec::with_capacity(dense);
        let mut representative = vec![0u8; classes as usize];
        for b in (0..=255u8).rev() {
            representative[class[b as usize] as usize] = b.to_ascii_lowercase();
        }
        for &s in order.iter().skip(1).take(dense) {
            let s = s as usize;
            // A fail target is shallower, so laid out before: dense too, its row done.
            let f = fail[s] as usize;
            let row = (0..classes as usize)
                .map(|c| {
                    let b = representative[c];
                    match step(s, b) {
                        Some(t) => t,
                        None if f == 0 => step(0, b).unwrap_or(0),
                        None => rows[row_of[f]][c],
                    }
                })
                .collect();
            row_of[s] = rows.len();
            rows.push(row);
        }
        // Where each state starts (the root keeps its transitions in its own table).
        let mut at = vec![0u32; n];
        let mut len = 0usize;
        for &s in &order {
            let s = s as usize;
            at[s] = len as u32;
            let trans = if s == 0 {
                0
            } else if row_of[s] != usize::MAX {
                classes as usize
            } else {
                children[s].len()
            };
            if outs[s].len() > 0xFFFF {
                return None;
            }
            len += HEADER + trans + outs[s].len();
            if len >= MAX_WORDS {
                return None;
            }
        }
        let place = |s: u32| if s == NONE { NONE } else { at[s as usize] };
        let name = |t: u32| {
            let reports = if report[t as usize] == NONE {
                0
            } else {
                REPORTS
            };
            at[t as usize] | reports
        };
        let mut root = vec![0; 256];
        for &(b, t) in &children[0] {
            root[b as usize] = name(t);
        }
        let dense_end = order
            .get(dense + 1)
            .map_or(len, |&s| at[s as usize] as usize);
        let mut nodes = Vec::with_capacity(len);
        for &s in &order {
            let s = s as usize;
            let trans: &[(u8, u32)] = if s == 0 { &[] } else { &children[s] };
            if let Some(row) = rows.get(row_of[s]) {
                nodes.extend([
                    at[fail[s] as usize],
                    place(report[s]),
                    place(report[fail[s] as usize]),
                    classes | (outs[s].len() as u32) << 16,
                ]);
                nodes.extend(row.iter().map(|&t| name(t)));
                nodes.extend(&outs[s]);
                continue;
            }
            let next_report = if s == 0 {
                NONE
            } else {
                report[fail[s] as usize]
            };
            nodes.extend([
                at[fail[s] as usize],
                place(report[s]),
                place(next_report),
                trans.len() as u32 | (outs[s].len() as u32) << 16,
            ]);
            nodes.extend(trans.iter().map(|&(b, t)| name(t) << 8 | u32::from(b)));
            nodes.extend(&outs[s]);
        }
        let dense_rows = dense > 0;
        Some(Automaton {
            root: root.into(),
            nodes: nodes.into(),
            classes: if dense_rows {
                class.into()
            } else {
                Vec::new().into()
            },
            dense_end: vec![if dense_rows { dense_end as u32 } else { 0 }].into(),
        })
    }

    /// Calls `found(literal, end)` for every literal that occurs in `text`, ASCII case aside,
    /// with the byte offset where it ends, by increasing end; stops when `found` returns false.
    /// Whatever the automaton holds, each fail or report link followed goes back (to a state
    /// laid out before), or the search takes it as ending there: a step always ends.
    pub fn find(&self, text: &[u8], mut found: impl FnMut(u32, usize) -> bool) {
        if self.root.len() != 256 {
            return;
        }
        let mut s = 0usize;
        for (i, &b) in text.iter().enumerate() {
            s = self.step(s, b);
            if !self.report(s, i + 1, &mut found) {
                return;
            }
        }
    }

    /// [`Automaton::find`] of two automata over two texts at once, `found(0 or 1, literal,
    /// end)` telling which; each search stops on its own when `found` returns false for it.
    /// A step of a large automaton mostly waits for memory, and a step of one search does not
    /// wait for the other's: interleaved, the waits overlap (a short draft's two main views
    /// took nearly twice as long one after the other).
    pub fn find_pair(
        (a, a_text): (&Automaton, &[u8]),
        (b, b_text): (&Automaton, &[u8]),
        mut found: impl FnMut(usize, u32, usize) -> bool,
    ) {
        let a_len = if a.root.len() == 256 { a_text.len() } else { 0 };
        let b_len = if b.root.len() == 256 { b_text.len() } else { 0 };
        let (mut sa, mut sb) = (0usize, 0usize);
        let (mut i, mut j) = (0usize, 0usize);
        while i < a_len && j < b_len {
            sa = a.step(sa, a_text[i]);
            sb = b.step(sb, b_text[j]);
            i += 1;
            j += 1;
            if !a.report(sa, i, &mut |l, end| found(0, l, end)) {
                i = a_len;
            }
            if !b.report(sb, j, &mut |l, end| found(1, l, end)) {
                j = b_len;
            }
        }
        // The longer text's rest, from where its search stood.
        while i < a_len {
            sa = a.step(sa, a_text[i]);
            i += 1;
            if !a.report(sa, i, &mut |l, end| found(0, l, end)) {
                break;
            }
        }
        while j < b_len {
            sb = b.step(sb, b_text[j]);
            j += 1;
            if !b.report(sb, j, &mut |l, end| found(1, l, end)) {
                break;
            }
        }
    }

    /// The state after `s` reads byte `b` (ASCII case folded), by name (with [`REPORTS`]).
    #[inline(always)]
    fn step(&self, s: usize, b: u8) -> usize {
        let mut s = s & OFFSET;
        let nodes = &self.nodes[..];
        let at = |i: usize| nodes.get(i).copied().unwrap_or(0);
        let dense_end = self.dense_end.first().copied().unwrap_or(0) as usize;
        let class = self.classes.get(b as usize).copied().unwrap_or(0) as usize;
        let b = b.to_ascii_lowercase();
        loop {
            if s == 0 {
                return self.root.get(b as usize).copied().unwrap_or(0) as usize;
            }
            if s < dense_end {
                return at(s + HEADER + class) as usize;
            }
            let (n, _) = counts(at(s + COUNTS));
            let trans = nodes.get(s + HEADER..s + HEADER + n).unwrap_or_default();
            let next = if n <= 8 {
                trans.iter().find(|&&t| t as u8 == b)
            } else {
                trans
                    .binary_search_by_key(&b, |&t| t as u8)
                    .ok()
                    .and_then(|i| trans.get(i))
            };
            if let Some(&t) = next {
                return (t >> 8) as usize;
            }
            let fail = at(s + FAIL) as usize & OFFSET;
            s = if fail < s { fail } else { 0 };
        }
    }

    /// Calls `found` for each literal state `s` completes, ending at `end`; false when `found`
    /// did.
    #[inline(always)]
    fn report(&self, s: usize, end: usize, found: &mut impl FnMut(u32, usize) -> bool) -> bool {
        if s as u32 & REPORTS == 0 {
            return true;
        }
        let s = s & OFFSET;
        let nodes = &self.nodes[..];
        let at = |i: usize| nodes.get(i).copied().unwrap_or(0);
        let mut o = at(s + REPORT);
        // The first report may be the state itself; each next one must go back.
        let mut bound = s + 1;
        while (o as usize) < bound {
            let o_at = o as usize;
            let (n, m) = counts(at(o_at + COUNTS));
            let from = o_at + HEADER + n;
            for &l in nodes.get(from..from + m).unwrap_or_default() {
                if !found(l, end) {
                    return false;
                }
            }
            bound = o_at;
            o = at(o_at + NEXT_REPORT);
        }
        true
    }

    pub fn encode(&self, w: &mut Writer) {
        w.u32s(&self.root);
        w.u32s(&self.nodes);
        w.u32s(&self.classes);
        w.u32s(&self.dense_end);
    }

    /// Reads what [`Automaton::encode`] wrote, in place. Literal numbers it reports are not
    /// checked here: callers look them up with `get`.
    pub fn decode(r: &mut Reader) -> Option<Automaton> {
        let a = Automaton {
            root: r.u32s()?,
            nodes: r.u32s()?,
            classes: r.u32s()?,
            dense_end: r.u32s()?,
        };
        let fits = (a.root.is_empty() || a.root.len() == 256)
            && (a.classes.is_empty() || a.classes.len() == 256);
        fits.then_some(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(a: &Automaton, text: &str) -> Vec<(u32, usize)> {
        let mut v = Vec::new();
        a.find(text.as_bytes(), |l, end| {
            v.push((l, end));
            true
        });
        v
    }

    /// Every (literal, end) by looking at every end of the text.
    fn naive(lits: &[String], text: &str) -> Vec<(u32, usize)> {
        let lower = text.to_ascii_lowercase();
        let mut want = Vec::new();
        for end in 1..=lower.len() {
            for (i, l) in lits.iter().enumerate() {
                if lower.as_bytes()[..end].ends_with(l.to_ascii_lowercase().as_bytes()) {
                    want.push((i as u32, end));
                }
            }
        }
        want
    }

    /// With no dense state, some, and all of them: the same occurrences.
    fn check(lits: &[String], text: &str) {
        let mut want = naive(lits, text);
        want.sort_by_key(|&(l, end)| (end, l));
        for budget in [0, 20, 60, DENSE_BUDGET] {
            let literals = lits.iter().enumerate().map(|(i, s)| (i as u32, s.as_str()));
            let a = Automaton::with_dense(literals, budget).unwrap();
            let mut got = all(&a, text);
            got.sort_by_key(|&(l, end)| (end, l));
            assert_eq!(got, want, "{lits:?} in {text:?}, {budget} dense");
        }
    }

    #[test]
    fn finds_every_occurrence_of_every_literal() {
        let lits = ["he", "she", "his", "hers", "é t", "A"].map(String::from);
        check(&lits, "uShers his é T a");
        // Random literals and texts over a few letters, so that they overlap a lot.
        let alphabet = ['a', 'b', 'A', ' ', 'é'];
        let mut next = crate::testing::random(3);
        for _ in 0..300 {
            let mut word = |longest: usize| -> String {
                let len = 1 + next(longest);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            };
            let count = word(8).chars().count();
            let lits: Vec<String> = (0..count).map(|_| word(4)).collect();
            let text = word(30);
            check(&lits, &text);
        }
    }

    #[test]
    fn a_pair_of_searches_finds_what_each_finds_alone() {
        let a = Automaton::new([(0, "he"), (1, "she"), (2, "hers"), (3, "é t")]).unwrap();
        let b = Automaton::new([(0, "ab"), (1, "bc"), (2, "abcd"), (3, "a")]).unwrap();
        let texts = ["", "ushers é t", "abcdabc ushers abcd", "xx", "ab"];
        for ta in texts {
            for tb in texts {
                let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
                Automaton::find_pair((&a, ta.as_bytes()), (&b, tb.as_bytes()), |w, l, end| {
                    [&mut got_a, &mut got_b][w].push((l, end));
                    true
                });
                assert_eq!(got_a, all(&a, ta), "{ta:?}");
                assert_eq!(got_b, all(&b, tb), "{tb:?}");
                // Each stops on its own: the first report of `a` ends its search only.
                let (mut first_a, mut rest_b) = (Vec::new(), Vec::new());
                Automaton::find_pair((&a, ta.as_bytes()), (&b, tb.as_bytes()), |w, l, end| {
                    if w == 0 {
                        first_a.push((l, end));
                        return false;
                    }
                    rest_b.push((l, end));
                    true
                });
                assert_eq!(first_a, all(&a, ta).into_iter().take(1).collect::<Vec<_>>());
                assert_eq!(rest_b, all(&b, tb));
            }
        }
    }

    #[test]
    fn reads_back_the_same_and_never_loops_on_broken_bytes() {
        let a = Automaton::new([(0, "ab"), (1, "bc"), (2, "abcd")]).unwrap();
        let mut w = Writer::default();
        a.encode(&mut w);
        let again = Automaton::decode(&mut Reader::new(w.bytes.leak())).unwrap();
        assert_eq!(a, again);
        // A fail link forward (here to a state as deep as its own) could loop a search: it is
        // taken as a link to the root.
        let mut looped = Automaton::with_dense([(0, "ab"), (1, "bc"), (2, "abcd")], 0).unwrap();
        let b = looped.root[b'b' as usize];
        let a_at = looped.root[b'a' as usize] as usize & OFFSET;
        looped.nodes.to_mut()[a_at + FAIL] = b;
        all(&looped, "aaxabcab");
        // Numbers past the end, anywhere: no panic.
        let mut broken = a.clone();
        broken
            .nodes
            .to_mut()
            .iter_mut()
            .chain(broken.classes.to_mut())
            .for_each(|n| *n = n.wrapping_mul(7919));
        all(&broken, "abcdabc");
        broken.dense_end.to_mut()[0] = u32::MAX;
        all(&broken, "abcdabc");
        let empty = Automaton::new([]).unwrap();
        assert!(all(&empty, "ab").is_empty());
    }
}
