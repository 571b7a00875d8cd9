//! An Aho-Corasick automaton over the literals the gates look for, ASCII case folded and laid
//! out flat: one pass over a text finds every occurrence of every literal, one step a byte.
//!
//! Looking each position of a text up by its first bytes, then comparing the literals they
//! start one by one, cost more than checking the rest of a short draft. Building this for a few
//! thousand literals takes milliseconds, so build.rs builds it for the built-in rules and a run
//! reads it back with a few copies.

use crate::ruleset::cues::{Reader, Writer};

/// No state (the end of a chain of outputs).
const NONE: u32 = u32::MAX;
/// The most states: a transition holds its target in the 24 bits above its byte.
const MAX_STATES: usize = 1 << 24;
/// The numbers of a state's record in [`Automaton::states`]: where its transitions start, its
/// fail link, the first state of its fail chain (itself included) that completes a literal,
/// where its literals start. A state's transitions and literals end where the next state's
/// start; a last record closes them.
const STRIDE: usize = 4;
const TRANS: usize = 0;
const FAIL: usize = 1;
const REPORT: usize = 2;
const OUT: usize = 3;

/// The automaton; state 0 is the root, matching the empty string. States are numbered breadth
/// first, so the shallow states a search spends its time in sit together in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Automaton {
    /// The root's transitions, by byte (0 where the root stays the root); empty when the
    /// automaton holds no literal.
    root: Vec<u32>,
    /// [`STRIDE`] numbers a state, and a closing record.
    states: Vec<u32>,
    /// Transitions, `target << 8 | byte`, each state's sorted by byte.
    trans: Vec<u32>,
    /// The literals (by the caller's number) each state completes.
    out: Vec<u32>,
}

impl Automaton {
    /// An automaton of `literals` (number, text); `None` when they need too many states.
    pub fn new<'a>(literals: impl IntoIterator<Item = (u32, &'a str)>) -> Option<Automaton> {
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
                        if t >= MAX_STATES {
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
        let mut number = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            number[old as usize] = new as u32;
        }
        let step = |s: usize, b: u8| -> Option<u32> {
            let c = &children[s];
            match c.binary_search_by_key(&b, |&(c, _)| c) {
                Ok(i) => Some(c[i].1),
                Err(_) => (s == 0).then_some(0),
            }
        };
        // Fail links and the first state completing a literal along each fail chain, in the
        // old numbering: a state's follow from its parent's.
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
                // The fail target is shallower, its links already final.
                if outs[t].is_empty() {
                    report[t] = report[fail[t] as usize];
                }
            }
        }
        let renumber = |s: u32| if s == NONE { NONE } else { number[s as usize] };
        let mut a = Automaton {
            root: vec![0; 256],
            ..Automaton::default()
        };
        for &(b, t) in &children[0] {
            a.root[b as usize] = number[t as usize];
        }
        for &s in &order {
            let s = s as usize;
            let record = [
                a.trans.len() as u32,
                number[fail[s] as usize],
                renumber(report[s]),
                a.out.len() as u32,
            ];
            a.states.extend(record);
            a.trans.extend(
                children[s]
                    .iter()
                    .map(|&(b, t)| number[t as usize] << 8 | u32::from(b)),
            );
            a.out.extend(&outs[s]);
        }
        a.states
            .extend([a.trans.len() as u32, 0, NONE, a.out.len() as u32]);
        Some(a)
    }

    /// The state after `s` (not the root) reads `b` (already folded), if the trie goes on.
    #[inline]
    fn step(&self, s: usize, b: u8) -> Option<u32> {
        let at = s * STRIDE + TRANS;
        let (from, to) = (self.states[at] as usize, self.states[at + STRIDE] as usize);
        let trans = self.trans.get(from..to).unwrap_or_default();
        let found = if trans.len() <= 8 {
            trans.iter().find(|&&t| t as u8 == b)
        } else {
            trans
                .binary_search_by_key(&b, |&t| t as u8)
                .ok()
                .and_then(|i| trans.get(i))
        };
        found.map(|&t| t >> 8)
    }

    /// Calls `found(literal, end)` for every literal that occurs in `text`, ASCII case aside,
    /// with the byte offset where it ends, by increasing end; stops when `found` returns false.
    pub fn find(&self, text: &[u8], mut found: impl FnMut(u32, usize) -> bool) {
        if self.root.len() != 256 {
            return;
        }
        let mut s = 0usize;
        for (i, &b) in text.iter().enumerate() {
            let b = b.to_ascii_lowercase();
            s = loop {
                if s == 0 {
                    break self.root[b as usize] as usize;
                }
                if let Some(t) = self.step(s, b) {
                    break t as usize;
                }
                s = self.states[s * STRIDE + FAIL] as usize;
            };
            let mut o = self.states[s * STRIDE + REPORT];
            while o != NONE {
                let at = o as usize * STRIDE;
                let (from, to) = (self.states[at + OUT], self.states[at + STRIDE + OUT]);
                for &l in self.out.get(from as usize..to as usize).unwrap_or_default() {
                    if !found(l, i + 1) {
                        return;
                    }
                }
                let fail = self.states[at + FAIL] as usize;
                o = self.states[fail * STRIDE + REPORT];
            }
        }
    }

    pub fn encode(&self, w: &mut Writer) {
        w.u32s(&self.root);
        w.u32s(&self.states);
        w.u32s(&self.trans);
        w.u32s(&self.out);
    }

    /// Reads what [`Automaton::encode`] wrote; `None` unless it holds together: every state it
    /// names exists, a search never loops, and its literals are numbered below `literals`.
    pub fn decode(r: &mut Reader, literals: usize) -> Option<Automaton> {
        let a = Automaton {
            root: r.u32s()?,
            states: r.u32s()?,
            trans: r.u32s()?,
            out: r.u32s()?,
        };
        if a.root.is_empty() {
            return (a.states.is_empty() && a.trans.is_empty() && a.out.is_empty()).then_some(a);
        }
        if a.root.len() != 256 || a.states.len() % STRIDE != 0 || a.states.len() < 2 * STRIDE {
            return None;
        }
        let n = a.states.len() / STRIDE - 1;
        let state = |s: u32| (s as usize) < n;
        let record = |s: usize, f: usize| a.states[s * STRIDE + f];
        let fits = a.root.iter().all(|&s| state(s))
            && a.trans.iter().all(|&t| state(t >> 8) && t >> 8 != 0)
            && a.out.iter().all(|&l| (l as usize) < literals)
            && (0..n).all(|s| {
                record(s, TRANS) <= record(s + 1, TRANS)
                    && record(s, OUT) <= record(s + 1, OUT)
                    && state(record(s, FAIL))
                    && (record(s, REPORT) == NONE || state(record(s, REPORT)))
            })
            && record(0, TRANS) == 0
            && record(0, OUT) == 0
            && record(n, TRANS) as usize == a.trans.len()
            && record(n, OUT) as usize == a.out.len()
            && record(n, REPORT) == NONE
            && a.fail_links_shrink(n);
        fits.then_some(a)
    }

    /// True when the states form a trie from the root, and every fail link and report link
    /// goes to a shallower state (or, for report links, the state itself): then a search
    /// never loops.
    fn fail_links_shrink(&self, n: usize) -> bool {
        let mut depth = vec![u32::MAX; n];
        depth[0] = 0;
        let mut stack = vec![0usize];
        while let Some(s) = stack.pop() {
            let d = depth[s];
            let children: Vec<usize> = if s == 0 {
                let kids = self.root.iter().filter(|&&t| t != 0);
                kids.map(|&t| t as usize).collect()
            } else {
                let (from, to) = (
                    self.states[s * STRIDE + TRANS] as usize,
                    self.states[(s + 1) * STRIDE + TRANS] as usize,
                );
                let trans = self.trans.get(from..to).unwrap_or_default();
                trans.iter().map(|&t| (t >> 8) as usize).collect()
            };
            for t in children {
                if depth[t] != u32::MAX {
                    return false;
                }
                depth[t] = d + 1;
                stack.push(t);
            }
        }
        (0..n).all(|s| {
            let (fail, report) = (
                self.states[s * STRIDE + FAIL] as usize,
                self.states[s * STRIDE + REPORT],
            );
            let report_ok =
                report == NONE || report as usize == s || depth[report as usize] < depth[s];
            depth[s] != u32::MAX && (s == 0 || depth[fail] < depth[s]) && report_ok
        })
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

    fn check(lits: &[String], text: &str) {
        let a = Automaton::new(lits.iter().enumerate().map(|(i, s)| (i as u32, s.as_str())));
        let mut got = all(&a.unwrap(), text);
        got.sort_by_key(|&(l, end)| (end, l));
        let mut want = naive(lits, text);
        want.sort_by_key(|&(l, end)| (end, l));
        assert_eq!(got, want, "{lits:?} in {text:?}");
    }

    #[test]
    fn finds_every_occurrence_of_every_literal() {
        let lits = ["he", "she", "his", "hers", "é t", "A"].map(String::from);
        check(&lits, "uShers his é T a");
        // Random literals and texts over a few letters, so that they overlap a lot.
        let alphabet = ['a', 'b', 'A', ' ', 'é'];
        let mut seed = 3u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
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
    fn reads_back_the_same_and_refuses_broken_bytes() {
        let a = Automaton::new([(0, "ab"), (1, "bc"), (2, "abcd")]).unwrap();
        let mut w = Writer::default();
        a.encode(&mut w);
        let again = Automaton::decode(&mut Reader::new(&w.bytes), 3).unwrap();
        assert_eq!(a, again);
        assert!(Automaton::decode(&mut Reader::new(&w.bytes), 2).is_none());
        let mut looped = a.clone();
        looped.states[STRIDE + FAIL] = 2;
        let mut w = Writer::default();
        looped.encode(&mut w);
        assert!(Automaton::decode(&mut Reader::new(&w.bytes), 3).is_none());
        let empty = Automaton::new([]).unwrap();
        assert!(all(&empty, "ab").is_empty());
    }
}
