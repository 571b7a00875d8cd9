//! One look at a draft for what every pattern needs (see [`need`](super::need)), so that a
//! pattern is compiled and run only for a draft that holds it.
//!
//! Compiling a pattern costs far more than checking a short draft. The literals of every
//! pattern are found by one automaton a view (see [`automaton`](super::automaton)), laid out
//! flat so that the built-in one is read back from what build.rs wrote with a few copies.

use std::sync::OnceLock;

use super::automaton::Automaton;
use super::need::{Need, ODD_CASES};
use scan::Local;

mod later;
mod scan;
use crate::ruleset::cues::{Lists, Reader, Strs, U32s, Writer};
use crate::text::Document;

/// The bits of an owner that hold a literal's flags (`need::BEFORE`…).
const FLAGS: u32 = 5;
/// A view longer than this opens every gate: compiling every pattern then costs less than
/// looking through it, and it most likely holds what they need anyway.
const SCAN_LIMIT: usize = 1 << 20;

/// The text of a document a pattern runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Haystack {
    Clean = 0,
    Words = 1,
    Original = 2,
}

const HAYSTACKS: [Haystack; 3] = [Haystack::Clean, Haystack::Words, Haystack::Original];
/// The haystack of a gate that is never looked for: it always opens.
const NO_SCAN: u32 = u32::MAX;

/// The needs of every pattern of a ruleset, laid out flat.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// The distinct literals.
    literals: Strs,
    /// For each literal, its owners: a set's number shifted left by [`FLAGS`], ored with the
    /// literal's flags in that set.
    owners: Lists,
    /// For each haystack, the automaton of the literals its patterns need.
    automata: [Automaton; 3],
    /// For each set, its gate.
    set_gate: U32s,
    /// For each gate, its first set (a gate's sets follow each other), its haystack and the
    /// ranges of characters it needs (`[start, end, start, end…]`, empty when none).
    gate_first: U32s,
    gate_haystack: U32s,
    gate_chars: Lists,
    /// The sets checked after the scan instead of by it (sorted), and the literals of each
    /// (`literal << FLAGS | flags`): see [`later`].
    later: U32s,
    later_literals: Lists,
    /// While adding: (literal, owner).
    pending: Vec<(String, u32)>,
    /// For each haystack, how many sets its gates have (not written: counted when read).
    sets_in: [usize; 3],
    /// The literals of one byte, by that byte (ASCII lower case), found when first needed.
    singles: OnceLock<Vec<Vec<u32>>>,
    /// For each haystack, its literals as its scan sees them, found when first needed.
    locals: [OnceLock<Local>; 3],
}

/// Which patterns a document's views may match, as the gates found.
#[derive(Debug, Default)]
pub(crate) struct Open(Option<Vec<bool>>);

impl Open {
    /// Every pattern may match.
    pub fn all() -> Open {
        Open(None)
    }

    /// False when the gate says the pattern cannot match.
    pub fn allows(&self, gate: Option<u32>) -> bool {
        match (gate, &self.0) {
            (Some(g), Some(open)) => open.get(g as usize).copied().unwrap_or(true),
            _ => true,
        }
    }
}

impl Gates {
    /// Gives a pattern that runs on `haystack` and needs something a gate; the gate's number.
    pub fn add(&mut self, need: &Need, haystack: Haystack) -> Option<u32> {
        if need.is_empty() {
            return None;
        }
        let gate = self.gate_first.len() as u32;
        self.gate_first.to_mut().push(self.set_gate.len() as u32);
        self.gate_haystack.to_mut().push(haystack as u32);
        self.gate_chars.push(
            need.chars
                .iter()
                .flat_map(|&(a, b)| [u32::from(a), u32::from(b)]),
        );
        for set in &need.sets {
            let id = self.set_gate.len() as u32;
            self.set_gate.to_mut().push(gate);
            for l in set {
                self.pending
                    .push((l.text.clone(), id << FLAGS | u32::from(l.flags)));
            }
        }
        Some(gate)
    }

    /// Lays the literals out once every pattern is in.
    pub fn finish(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        // Literals that differ in case only follow each other, so each key's literals do.
        pending
            .sort_by_cached_key(|(text, owner)| (text.to_ascii_lowercase(), text.clone(), *owner));
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for (text, owner) in pending {
            if self.literals.len() == 0 || self.literals.get(self.literals.len() - 1) != text {
                self.literals.push(&text);
                owners.push(Vec::new());
            }
            if let Some(o) = owners.last_mut() {
                o.push(owner);
            }
        }
        owners.into_iter().for_each(|o| self.owners.push(o));
        self.build_automata();
    }

    /// The automaton of each haystack, of the literals its sets need, but those of the sets
    /// checked [`later`].
    fn build_automata(&mut self) {
        for h in HAYSTACKS {
            let mine = |l: usize| {
                self.owners.get(l).iter().any(|&o| {
                    let set = o >> FLAGS;
                    let gate = self.set_gate[set as usize] as usize;
                    self.gate_haystack[gate] == h as u32 && !self.is_later(set)
                })
            };
            // Literals of one byte are found by a table of bytes instead (see `scan`).
            let literals = (0..self.literals.len())
                .filter(|&l| mine(l) && self.literals.bytes(l).len() > 1)
                .map(|l| (l as u32, self.literals.get(l)));
            // Beyond 16 million states, that haystack's gates stay open: nothing is missed.
            if let Some(a) = Automaton::new(literals) {
                self.automata[h as usize] = a;
            } else {
                self.gate_haystack
                    .to_mut()
                    .iter_mut()
                    .filter(|g| **g == h as u32)
                    .for_each(|g| *g = NO_SCAN);
            }
        }
        self.count_sets();
        self.locals = Default::default();
    }

    /// How many sets each haystack's gates have for its scan to meet.
    fn count_sets(&mut self) {
        self.sets_in = [0; 3];
        for (s, &g) in self.set_gate.iter().enumerate() {
            if self.is_later(s as u32) {
                continue;
            }
            if let Some(n) = self
                .gate_haystack
                .get(g as usize)
                .and_then(|&h| self.sets_in.get_mut(h as usize))
            {
                *n += 1;
            }
        }
    }

    pub fn encode(&self, w: &mut Writer) {
        w.strs(&self.literals);
        w.lists(&self.owners);
        w.u32s(&self.set_gate);
        w.u32s(&self.gate_first);
        w.u32s(&self.gate_haystack);
        w.lists(&self.gate_chars);
        self.automata.iter().for_each(|a| a.encode(w));
        w.u32s(&self.later);
        w.lists(&self.later_literals);
    }

    pub fn decode(r: &mut Reader) -> Option<Gates> {
        let literals = r.strs()?;
        let mut gates = Gates {
            literals,
            owners: r.lists()?,
            set_gate: r.u32s()?,
            gate_first: r.u32s()?,
            gate_haystack: r.u32s()?,
            gate_chars: r.lists()?,
            automata: [
                Automaton::decode(r)?,
                Automaton::decode(r)?,
                Automaton::decode(r)?,
            ],
            later: r.u32s()?,
            later_literals: r.lists()?,
            pending: Vec::new(),
            sets_in: [0; 3],
            singles: OnceLock::new(),
            locals: Default::default(),
        };
        // What is read back must hold together: no number may point past what it numbers.
        let sets = gates.set_gate.len() as u32;
        let gate_count = gates.gate_first.len();
        let fits = gates.owners.len() == gates.literals.len()
            && gates.owners.items.iter().all(|&o| o >> FLAGS < sets)
            && gates.set_gate.iter().all(|&g| (g as usize) < gate_count)
            && gates.gate_first.iter().all(|&f| f <= sets)
            && gates.gate_first.windows(2).all(|w| w[0] <= w[1])
            && gates.gate_haystack.len() == gate_count
            && gates
                .gate_haystack
                .iter()
                .all(|&h| (h as usize) < HAYSTACKS.len() || h == NO_SCAN)
            && gates.gate_chars.len() == gate_count
            && gates.later.windows(2).all(|w| w[0] < w[1])
            && gates.later.iter().all(|&s| s < sets)
            && gates.later_literals.len() == gates.later.len()
            && gates
                .later_literals
                .items
                .iter()
                .all(|&i| (i >> FLAGS) < gates.literals.len() as u32);
        gates.count_sets();
        fits.then_some(gates)
    }

    /// Which gates a document opens.
    pub fn open(&self, doc: &Document) -> Open {
        if self.gate_first.is_empty() || doc.original().contains(ODD_CASES) {
            return Open::all();
        }
        let mut met = vec![false; self.set_gate.len()];
        let original_chars = if doc.original().len() <= SCAN_LIMIT {
            non_ascii(doc.original())
        } else {
            Vec::new()
        };
        let mut chars: [Option<&[char]>; 3] = [None, None, None];
        let mut texts: [Option<&str>; 3] = [None, None, None];
        for haystack in HAYSTACKS {
            let text = match haystack {
                Haystack::Clean => doc.clean().as_str(),
                Haystack::Words => doc.words().as_str(),
                Haystack::Original => doc.original(),
            };
            if text.len() > SCAN_LIMIT {
                continue;
            }
            chars[haystack as usize] = Some(match haystack {
                Haystack::Clean => doc.clean().non_ascii(),
                Haystack::Words => doc.words().non_ascii(),
                Haystack::Original => &original_chars,
            });
            texts[haystack as usize] = Some(text);
        }
        self.scan(texts, &mut met);
        // The sets checked later count as met here, and are checked below for the gates
        // that are open without them.
        for &s in self.later.iter() {
            if let Some(m) = met.get_mut(s as usize) {
                *m = true;
            }
        }
        // A gate is open when each of its sets is met: one pass over the sets closes the gates
        // of those that are not (gate by gate, slicing each gate's sets, was a twentieth of a
        // clean draft's check), then the characters, for the few gates that need some.
        let mut open = vec![true; self.gate_first.len()];
        for (&m, &g) in met.iter().zip(self.set_gate.iter()) {
            if !m {
                if let Some(o) = open.get_mut(g as usize) {
                    *o = false;
                }
            }
        }
        for (g, o) in open.iter_mut().enumerate() {
            let haystack = self.gate_haystack[g] as usize;
            match chars.get(haystack) {
                Some(Some(chars)) => *o = *o && has_char(chars, self.gate_chars.get(g)),
                // A view not looked through opens its gates.
                _ => *o = true,
            }
        }
        self.check_later(texts, &mut open);
        Open(Some(open))
    }

    /// A haystack's literals as its scan sees them.
    fn local(&self, haystack: Haystack) -> &Local {
        self.locals[haystack as usize].get_or_init(|| Local::new(self, haystack))
    }

    /// The literals of one byte, by that byte (ASCII lower case).
    fn singles(&self) -> &[Vec<u32>] {
        self.singles.get_or_init(|| {
            let mut by_byte = vec![Vec::new(); 128];
            for l in 0..self.literals.len() {
                if let [b] = self.literals.bytes(l) {
                    if let Some(v) = by_byte.get_mut(b.to_ascii_lowercase() as usize) {
                        v.push(l as u32);
                    }
                }
            }
            by_byte
        })
    }
}

/// The distinct characters beyond ASCII of `text`, sorted.
fn non_ascii(text: &str) -> Vec<char> {
    let mut found: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// True when `ranges` (`[start, end, …]`) is empty or holds one of `chars`.
fn has_char(chars: &[char], ranges: &[u32]) -> bool {
    ranges.is_empty()
        || ranges.chunks_exact(2).any(|r| {
            let i = chars.partition_point(|&c| u32::from(c) < r[0]);
            chars.get(i).is_some_and(|&c| u32::from(c) <= r[1])
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Ruleset;

    fn gates(patterns: &[&str]) -> (Gates, Vec<Option<u32>>) {
        let mut gates = Gates::default();
        let ids = patterns
            .iter()
            .map(|p| gates.add(&Need::of(p), Haystack::Words))
            .collect();
        gates.finish();
        (gates, ids)
    }

    fn opens(gates: &Gates, ids: &[Option<u32>], text: &str) -> Vec<bool> {
        let open = gates.open(&Document::new(text));
        ids.iter().map(|&g| open.allows(g)).collect()
    }

    #[test]
    fn gates_open_where_every_set_is_met_with_its_bounds() {
        let (gates, ids) = gates(&[
            r"\b(est|sont)( un)* (cave|con)\b",
            r"\bmy (\w+ )?business\b",
            r"\b\d{3}\b",
            r"x\x{200B}",
        ]);
        assert!(ids[2].is_none());
        let open = |text: &str| opens(&gates, &ids, text);
        assert_eq!(open("il est un con"), [true, false, true, false]);
        assert_eq!(
            open("il est content"),
            [false, false, true, false],
            "` con` ends no word"
        );
        assert_eq!(
            open("la forest con"),
            [false, false, true, false],
            "`est` starts no word"
        );
        assert_eq!(open("the army business"), [false, false, true, false]);
        assert_eq!(open("My own Business"), [false, true, true, false]);
        // The words view drops invisible characters: only the characters of a view count.
        assert_eq!(open("x\u{200B}y"), [false, false, true, false]);
        // A long s or a Kelvin sign could stand for an ASCII letter: everything opens.
        assert_eq!(open("il est un ſot"), [true, true, true, true]);
    }

    #[test]
    fn case_counts_where_the_pattern_says() {
        let mut gates = Gates::default();
        let ids: Vec<Option<u32>> = [r"\b(ARC|CRA)\b", r"(?i)\bvote"]
            .iter()
            .map(|p| gates.add(&Need::of(p), Haystack::Clean))
            .collect();
        gates.finish();
        assert_eq!(opens(&gates, &ids, "l'ARC, VOTE"), [true, true]);
        assert_eq!(opens(&gates, &ids, "l'arc, le parc, Vote"), [false, true]);
    }

    #[test]
    fn gates_read_back_open_the_same() {
        let (gates, ids) = gates(&[r"\bmy (\w+ )?business\b", r"(?i)\b(a|1)(b|é)\b", "🤡"]);
        let mut w = Writer::default();
        gates.encode(&mut w);
        let bytes: &'static [u8] = w.bytes.leak();
        let mut r = Reader::new(bytes);
        let again = Gates::decode(&mut r).expect("reads back");
        assert!(r.is_done());
        for text in ["my business", "a ab é 1é", "🤡 my", "nothing"] {
            assert_eq!(
                opens(&gates, &ids, text),
                opens(&again, &ids, text),
                "{text}"
            );
        }
        assert!(Gates::decode(&mut Reader::new(&bytes[..bytes.len() - 4])).is_none());
    }

    /// Random drafts made of pieces of every rule's examples, so that they come close to what
    /// the patterns look for, with the examples themselves.
    pub(super) fn drafts(rs: &Ruleset, count: usize) -> Vec<String> {
        let mut texts: Vec<String> = rs
            .rules
            .iter()
            .flat_map(|r| r.examples.matches.iter().chain(&r.examples.no_match))
            .map(|(_, t)| t.clone())
            .collect();
        let words: Vec<&str> = texts.iter().flat_map(|t| t.split(' ')).collect();
        let seps = [
            " ", " ", " ", ", ", "\n", "'", " #", " @", ". ", "-", "’", "\u{200B}",
        ];
        let mut next = crate::testing::random(42);
        let mut out = Vec::new();
        for _ in 0..count {
            let mut draft = String::new();
            for _ in 0..1 + next(6) {
                let at = next(words.len());
                for w in words.iter().skip(at).take(1 + next(8)) {
                    let w = match next(8) {
                        0 => w.to_uppercase(),
                        1 => w.to_lowercase(),
                        _ => w.to_string(),
                    };
                    draft.push_str(&w);
                    draft.push_str(seps[next(seps.len())]);
                }
            }
            out.push(draft);
        }
        texts.append(&mut out);
        texts
    }

    #[test]
    fn a_gate_never_closes_on_a_text_its_pattern_matches() {
        let rs = Ruleset::builtin().expect("the built-in rules compile");
        let texts = drafts(&rs, 1000);
        let (mut matched, mut closed) = (0, 0);
        for text in &texts {
            let doc = Document::new(text.as_str());
            let open = rs.gates.open(&doc);
            for rule in &rs.rules {
                let views = [
                    (doc.clean().as_str(), &rule.patterns),
                    (doc.words().as_str(), &rule.word_patterns),
                    (doc.original(), &rule.raw_patterns),
                ];
                for (view, patterns) in views {
                    for p in patterns {
                        let re = p.get().expect("compiles");
                        if re.is_match(view) {
                            matched += 1;
                            assert!(open.allows(p.gate), "{}: `{re}` matches {view:?}", rule.id);
                        } else if !open.allows(p.gate) {
                            closed += 1;
                        }
                    }
                }
            }
        }
        assert!(
            matched > 1000 && closed > 100_000,
            "{matched} matches, {closed} closed"
        );
    }
}
