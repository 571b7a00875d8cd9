//! Sets of literals checked after the scan, not by it: those that nearly every draft holds.
//!
//! A gate is open when each of its sets is met, so a set only helps when a draft lacks it. Some
//! sets are made of literals nearly every draft holds (`e `, ` T`, `the `): in the scan they were
//! most of its hits (a clean draft's 233), each looked up and its bounds checked, and most of
//! what the gates still needed them for was already decided by a rarer set of the same gate.
//! So build.rs counts, over the rules' own examples, how often each set is met, and a set met in
//! at least half of them, in a gate that has a rarer one, leaves the automaton: it is looked for
//! (byte by byte from the start of the view, where such a literal is soon found) only for the
//! gates that every other set of theirs opens. The gates open exactly as before; only where
//! the work is done changes (`later_sets_open_the_gates_the_full_scan_opens`).

use super::scan::bounds_hold;
use super::{Gates, FLAGS, HAYSTACKS};
use crate::ruleset::pattern::need::EXACT_CASE;
use crate::text::Document;

/// The share of the samples a set must be met in to be checked later: 1 / `COMMON`.
const COMMON: u32 = 2;
/// The most samples read (evenly spread over all): enough to tell common sets from rare ones.
const SAMPLES: usize = 2000;

impl Gates {
    /// Whether set `s` is checked after the scan.
    pub(super) fn is_later(&self, s: u32) -> bool {
        self.later.binary_search(&s).is_ok()
    }

    /// Moves out of the automata the sets met in most of `samples` (see the module), in gates
    /// that have a rarer set. Called once every pattern is in ([`Gates::finish`]).
    pub fn defer_common<'a>(&mut self, samples: impl IntoIterator<Item = &'a str>) {
        let sets = self.set_gate.len();
        let mut count = vec![0u32; sets];
        let mut n = 0u32;
        let samples: Vec<&str> = samples.into_iter().collect();
        for &text in samples
            .iter()
            .step_by(samples.len().div_ceil(SAMPLES).max(1))
        {
            let doc = Document::new(text);
            let texts = [
                Some(doc.clean().as_str()),
                Some(doc.words().as_str()),
                Some(doc.original()),
            ];
            let mut met = vec![false; sets];
            self.scan(texts, &mut met);
            count
                .iter_mut()
                .zip(&met)
                .for_each(|(c, &m)| *c += u32::from(m));
            n += 1;
        }
        let mut later = Vec::new();
        for g in 0..self.gate_first.len() {
            let from = self.gate_first[g] as usize;
            let to = self.gate_first.get(g + 1).map_or(sets, |&f| f as usize);
            // The rarest set stays, whatever it is: a gate needs one set in the scan.
            let Some(keep) = (from..to).min_by_key(|&s| (count[s], s)) else {
                continue;
            };
            later.extend((from..to).filter(|&s| s != keep && count[s] * COMMON >= n && n > 0));
        }
        let mut literals: Vec<Vec<u32>> = vec![Vec::new(); later.len()];
        for l in 0..self.literals.len() {
            for &o in self.owners.get(l) {
                if let Ok(i) = later.binary_search(&((o >> FLAGS) as usize)) {
                    literals[i].push((l as u32) << FLAGS | (o & ((1 << FLAGS) - 1)));
                }
            }
        }
        // The shortest literals first: the most common, found soonest.
        for list in &mut literals {
            list.sort_by_key(|&i| (self.literals.bytes((i >> FLAGS) as usize).len(), i));
        }
        self.later = later.into_iter().map(|s| s as u32).collect();
        self.later_literals = Default::default();
        literals
            .into_iter()
            .for_each(|l| self.later_literals.push(l));
        self.build_automata();
    }

    /// Closes the gates in `open` that a set checked later closes: the ones open so far whose
    /// view (of `texts`, `None` when not looked through) lacks all of that set's literals.
    pub(super) fn check_later(&self, texts: [Option<&str>; 3], open: &mut [bool]) {
        let mut lower: [Option<Vec<u8>>; 3] = [None, None, None];
        let mut folded = Vec::new();
        for (i, &s) in self.later.iter().enumerate() {
            let Some(&g) = self.set_gate.get(s as usize) else {
                continue;
            };
            let haystack = self.gate_haystack.get(g as usize).copied();
            let h = HAYSTACKS.iter().position(|&x| Some(x as u32) == haystack);
            let (Some(h), Some(o)) = (h, open.get_mut(g as usize)) else {
                continue;
            };
            let Some(text) = texts[h] else {
                continue;
            };
            if !*o {
                continue;
            }
            let low = lower[h].get_or_insert_with(|| text.as_bytes().to_ascii_lowercase());
            *o = self.later_literals.get(i).iter().any(|&item| {
                let (l, flags) = ((item >> FLAGS) as usize, item as u8);
                let literal = self.literals.bytes(l);
                folded.clear();
                folded.extend(literal.iter().map(u8::to_ascii_lowercase));
                let Some(&first) = folded.first() else {
                    return true;
                };
                // By its first byte (`memchr`), not `memmem`: a searcher set up for each literal
                // is not worth it over a draft of a few hundred bytes.
                let mut found = memchr::memchr_iter(first, low)
                    .filter(|&at| low.get(at..at + folded.len()) == Some(&folded[..]));
                found.any(|at| {
                    let end = at + literal.len();
                    // A literal is whole characters, so where it is found starts one.
                    let case =
                        flags & EXACT_CASE == 0 || text.as_bytes().get(at..end) == Some(literal);
                    case && bounds_hold(text, at, end, flags)
                })
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    /// The gates read from the binary open exactly as when every set is looked for by the
    /// scan, on drafts made of pieces of the rules' examples.
    #[test]
    fn later_sets_open_the_gates_the_full_scan_opens() {
        let rs = Ruleset::builtin().expect("the built-in rules compile");
        let gates = &rs.gates;
        assert!(
            gates.later.len() > 50,
            "{} sets checked later",
            gates.later.len()
        );
        let mut full = super::Gates {
            literals: gates.literals.clone(),
            owners: gates.owners.clone(),
            set_gate: gates.set_gate.clone(),
            gate_first: gates.gate_first.clone(),
            gate_haystack: gates.gate_haystack.clone(),
            gate_chars: gates.gate_chars.clone(),
            ..Default::default()
        };
        full.build_automata();
        let (mut opened, mut closed) = (0, 0);
        for text in super::super::tests::drafts(&rs, 1500) {
            let doc = Document::new(text.as_str());
            let (fast, plain) = (gates.open(&doc), full.open(&doc));
            for g in 0..gates.gate_first.len() as u32 {
                assert_eq!(
                    fast.allows(Some(g)),
                    plain.allows(Some(g)),
                    "{text:?} gate {g}"
                );
                match fast.allows(Some(g)) {
                    true => opened += 1,
                    false => closed += 1,
                }
            }
        }
        assert!(
            opened > 10_000 && closed > 10_000,
            "{opened} open, {closed} closed"
        );
    }
}
