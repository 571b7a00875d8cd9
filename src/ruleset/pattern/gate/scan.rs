//! The scan of a document's views for the literals the gates need (see [`Gates::open`]).
//!
//! This scan was a third of the time a short draft took, and most of it was waiting for memory:
//! nearly every hit was of a literal that does not count there (`est` inside `forest`, where a
//! pattern needs it to start a word), and deciding so looked up the literal, its owners, their
//! sets and their gates, each somewhere else in memory. So:
//! - each haystack has its own table of its literals ([`Local`]): length, the bounds all its
//!   owners there need, and those owners only. A hit whose bounds fail for every owner is
//!   dropped after one look at that small table.
//! - the clean and words views, which hold most literals, are walked side by side (see
//!   [`Automaton::find_pair`]): the two walks do not wait for each other, so the memory waits of
//!   one overlap those of the other.

use super::{Gates, Haystack, FLAGS, HAYSTACKS};
use crate::ruleset::pattern::automaton::Automaton;
use crate::ruleset::pattern::need::{AFTER, AFTER_ASCII, BEFORE, BEFORE_ASCII, EXACT_CASE};

/// The bits of [`Local::info`] that hold a literal's length; its bounds are above.
const LENGTH: u32 = (1 << 24) - 1;

/// The literals as one haystack's scan sees them, built when first needed.
#[derive(Debug, Default)]
pub(super) struct Local {
    /// For each literal, what a hit of it needs, in one place (16 bytes): its length in bytes
    /// with the flags all its owners here share above bit 24, where its owners here start and
    /// end in `owners`, and where its text starts in `text`. Each hit of a literal not yet
    /// settled looked up its length, its owners and its text in three tables, each a miss of
    /// the cache (the load of its length alone was a quarter of the scan's time).
    entries: Vec<[u32; 4]>,
    /// The owners of each literal here (as in `Gates::owners`).
    owners: Vec<u32>,
    /// The text of each literal with owners here, one after the other.
    text: Vec<u8>,
    /// The literals with no owner here, as bits: settled before a scan starts.
    settled: Vec<u64>,
    /// How many sets the gates here have.
    sets: usize,
    /// The ASCII bytes (lower case) of the literals of one byte not settled before a scan
    /// starts, as bits: the same for every draft, so not found again for each.
    singles: u128,
}

impl Local {
    pub fn new(gates: &Gates, haystack: Haystack) -> Local {
        let count = gates.literals.len();
        let mut local = Local {
            entries: Vec::with_capacity(count),
            owners: Vec::new(),
            text: Vec::new(),
            settled: vec![0; count.div_ceil(64)],
            sets: gates.sets_in[haystack as usize],
            singles: 0,
        };
        for l in 0..count {
            let mine = gates.owners.get(l).iter().filter(|&&o| {
                let set = (o >> FLAGS) as usize;
                let gate = gates.set_gate.get(set).copied().unwrap_or(u32::MAX);
                gates.gate_haystack.get(gate as usize) == Some(&(haystack as u32))
                    && !gates.is_later(set as u32)
            });
            let before = local.owners.len();
            local.owners.extend(mine);
            let shared = local.owners[before..]
                .iter()
                .fold(u8::MAX, |all, &o| all & o as u8);
            let bytes = gates.literals.bytes(l);
            let text_from = local.text.len() as u32;
            if local.owners.len() == before {
                local.settled[l / 64] |= 1 << (l % 64);
            } else {
                local.text.extend_from_slice(bytes);
            }
            let length = (bytes.len() as u32).min(LENGTH);
            local.entries.push([
                length | u32::from(shared) << 24,
                before as u32,
                local.owners.len() as u32,
                text_from,
            ]);
        }
        for (k, list) in gates.singles().iter().enumerate().take(128) {
            let settled = |l: u32| local.settled[l as usize / 64] >> (l % 64) & 1 != 0;
            if list.iter().any(|&l| !settled(l)) {
                local.singles |= 1 << k;
            }
        }
        local
    }

    fn owners(&self, entry: &[u32; 4]) -> &[u32] {
        self.owners
            .get(entry[1] as usize..entry[2] as usize)
            .unwrap_or(&[])
    }

    /// The literal's text, as written (its case counts for some owners).
    fn text(&self, entry: &[u32; 4]) -> &[u8] {
        let from = entry[3] as usize;
        self.text
            .get(from..from + (entry[0] & LENGTH) as usize)
            .unwrap_or(&[])
    }
}

/// Whether two byte strings are equal, compared here: a literal is a few bytes, and a call to
/// `memcmp` for each hit cost more than the comparison.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One haystack's scan: which of its literals are settled (every owner met, or none here), and
/// how many of its sets are still waiting for theirs.
struct Scanner<'a> {
    gates: &'a Gates,
    local: &'a Local,
    text: &'a str,
    settled: Vec<u64>,
    waiting: usize,
}

impl<'a> Scanner<'a> {
    fn new(gates: &'a Gates, text: &'a str, haystack: Haystack) -> Scanner<'a> {
        let local = gates.local(haystack);
        Scanner {
            gates,
            local,
            text,
            settled: local.settled.clone(),
            waiting: local.sets,
        }
    }

    fn is_settled(&self, l: usize) -> bool {
        self.settled
            .get(l / 64)
            .is_some_and(|s| s >> (l % 64) & 1 != 0)
    }

    /// Notes that literal `l` ends at `end`, marking the sets it meets; false once every set of
    /// the haystack is met.
    fn hit(&mut self, l: u32, end: usize, met: &mut [bool]) -> bool {
        let l = l as usize;
        // The bits first: they are small enough to stay in the nearest cache.
        if self.is_settled(l) {
            return true;
        }
        let Some(entry) = self.local.entries.get(l) else {
            return true;
        };
        let (length, shared) = ((entry[0] & LENGTH) as usize, (entry[0] >> 24) as u8);
        let (text, bytes) = (self.text, self.text.as_bytes());
        // A literal is whole characters, so it starts on a character of the text (the
        // automaton is read as is from the binary: a literal it names that does not fit
        // there is skipped).
        let Some(at) = end
            .checked_sub(length)
            .filter(|&at| end <= text.len() && text.is_char_boundary(at))
        else {
            return true;
        };
        // The case, compared once for every owner that wants it, and only when one does.
        let mut case: Option<bool> = None;
        let mut same_case =
            || *case.get_or_insert_with(|| same(self.local.text(entry), &bytes[at..end]));
        // What every owner needs and this place lacks: no owner can count it here. Once its
        // owners are met it is settled all the same, or each of its next hits would come here.
        // The bounds first: they need the text only.
        if !bounds_hold(text, at, end, shared) || shared & EXACT_CASE != 0 && !same_case() {
            let owners = self.local.owners(entry);
            if owners
                .iter()
                .all(|&o| met.get((o >> FLAGS) as usize) != Some(&false))
            {
                self.settled[l / 64] |= 1 << (l % 64);
            }
            return true;
        }
        let mut open = false;
        for &owner in self.local.owners(entry) {
            let (set, flags) = ((owner >> FLAGS) as usize, owner as u8);
            let Some(false) = met.get(set) else {
                continue;
            };
            let case = flags & EXACT_CASE == 0 || same_case();
            // The bounds every owner shares hold here (above): only an owner's own are asked,
            // most often none (each bound is decided on its own, so the answer is the same).
            if case && bounds_hold(text, at, end, flags & !shared) {
                met[set] = true;
                self.waiting = self.waiting.saturating_sub(1);
            } else {
                open = true;
            }
        }
        if !open {
            self.settled[l / 64] |= 1 << (l % 64);
        }
        self.waiting > 0
    }

    /// Literals of one byte by a table of bytes, not by the automaton: each would be a report
    /// at almost every byte. A byte stops counting once its literals are settled.
    fn singles(&mut self, met: &mut [bool]) -> bool {
        let singles = self.gates.singles();
        // A bit for each byte whose literals are not settled (kept in a register: a vector of
        // flags made for each view of each draft, and read at each byte, was a thirtieth of a
        // clean draft's check).
        let mut live = self.local.singles;
        for (i, &b) in self.text.as_bytes().iter().enumerate() {
            if live == 0 {
                break;
            }
            let k = b.to_ascii_lowercase();
            if k >= 128 || live >> k & 1 == 0 {
                continue;
            }
            let mut still = false;
            for &l in singles.get(usize::from(k)).map_or(&[][..], Vec::as_slice) {
                if !self.hit(l, i + 1, met) {
                    return false;
                }
                still |= !self.is_settled(l as usize);
            }
            if !still {
                live &= !(1 << k);
            }
        }
        true
    }
}

impl Gates {
    /// Marks the sets whose literals the views `texts` (by haystack, `None` when too long to
    /// look through) hold.
    pub(super) fn scan(&self, texts: [Option<&str>; 3], met: &mut [bool]) {
        let mut scanners: Vec<Option<Scanner>> = HAYSTACKS
            .iter()
            .map(|&h| {
                let text = texts[h as usize]?;
                let mut s = Scanner::new(self, text, h);
                (s.waiting > 0 && s.singles(met)).then_some(s)
            })
            .collect();
        // A haystack whose sets are all met (or that is not looked through) is walked over no text.
        let mut walk = [(&self.automata[0], &[][..]); 3];
        for h in HAYSTACKS {
            if let (Some(text), Some(_)) = (texts[h as usize], &scanners[h as usize]) {
                walk[h as usize] = (&self.automata[h as usize], text.as_bytes());
            }
        }
        let [clean, words, original] = walk;
        let mut hit = |h: usize, l: u32, end: usize| -> bool {
            scanners[h].as_mut().is_some_and(|s| s.hit(l, end, met))
        };
        Automaton::find_pair(clean, words, &mut hit);
        original.0.find(original.1, |l, end| {
            hit(Haystack::Original as usize, l, end)
        });
    }
}

/// False only when a word boundary the literal needs cannot hold at `start` or `end` of
/// `text`. Unicode `\b` is judged with "letter or digit", narrower than Unicode's word
/// characters, so the answer errs towards running the pattern, never towards missing a match.
pub(super) fn bounds_hold(text: &str, start: usize, end: usize, bounds: u8) -> bool {
    if bounds & (BEFORE | BEFORE_ASCII | AFTER | AFTER_ASCII) == 0 {
        return true;
    }
    ascii_bounds_hold(text.as_bytes(), start, end, bounds)
        .unwrap_or_else(|| bounds_hold_by_chars(text, start, end, bounds))
}

/// [`bounds_hold`] by the characters around each edge.
fn bounds_hold_by_chars(text: &str, start: usize, end: usize, bounds: u8) -> bool {
    let unicode = |c: char| c.is_alphabetic() || c.is_ascii_digit() || c == '_';
    let ascii = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let found = &text[start..end];
    let (first, last) = (found.chars().next(), found.chars().next_back());
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // A boundary next to a word character needs a character that is none on its other side.
    let blocked =
        |bound: u8, edge: Option<char>, next: Option<char>, word: &dyn Fn(char) -> bool| {
            bounds & bound != 0 && edge.is_some_and(word) && next.is_some_and(word)
        };
    !(blocked(BEFORE, first, before, &unicode)
        || blocked(BEFORE_ASCII, first, before, &ascii)
        || blocked(AFTER, last, after, &unicode)
        || blocked(AFTER_ASCII, last, after, &ascii))
}

/// [`bounds_hold`] from the bytes alone, when the characters on each side of each edge are
/// ASCII (then both kinds of boundary agree); `None` when one is not. It is asked at nearly
/// every hit, and decoding four characters each time was a tenth of the scan.
fn ascii_bounds_hold(bytes: &[u8], start: usize, end: usize, bounds: u8) -> Option<bool> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // A side with no character (the text's start or end) is no word character.
    let byte = |i: Option<usize>| match i.and_then(|i| bytes.get(i)) {
        Some(&b) if !b.is_ascii() => None,
        Some(&b) => Some(word(b)),
        None => Some(false),
    };
    let blocked = |bound: u8, edge: Option<usize>, next: Option<usize>| -> Option<bool> {
        if bounds & bound == 0 {
            return Some(false);
        }
        Some(byte(edge)? && byte(next)?)
    };
    let before = blocked(BEFORE | BEFORE_ASCII, Some(start), start.checked_sub(1))?;
    let after = blocked(AFTER | AFTER_ASCII, end.checked_sub(1), Some(end))?;
    Some(!(before || after) || start >= end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    /// The sets a view meets, by looking for every literal from every place of it.
    fn plain(gates: &Gates, texts: [Option<&str>; 3]) -> Vec<bool> {
        let mut met = vec![false; gates.set_gate.len()];
        let lower = texts.map(|t| t.map(|t| t.to_ascii_lowercase()));
        for l in 0..gates.literals.len() {
            let lit = gates.literals.get(l);
            let folded = lit.to_ascii_lowercase();
            for &owner in gates.owners.get(l) {
                let (set, flags) = ((owner >> FLAGS) as usize, owner as u8);
                let haystack = gates.gate_haystack[gates.set_gate[set] as usize] as usize;
                let (Some(Some(text)), Some(Some(lower))) =
                    (texts.get(haystack), lower.get(haystack))
                else {
                    continue;
                };
                let mut from = 0;
                while let Some(at) = lower.get(from..).and_then(|rest| rest.find(&folded)) {
                    let (at, end) = (from + at, from + at + lit.len());
                    let case = flags & EXACT_CASE == 0 || &text[at..end] == lit;
                    if case && bounds_hold(text, at, end, flags) {
                        met[set] = true;
                        break;
                    }
                    from = at + text[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        met
    }

    #[test]
    fn bounds_from_bytes_are_bounds_from_characters() {
        let mut decided = 0;
        for text in ["a bc_d 1é x", "é_a", "", "ab", " a-b. c'", "ça été"] {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    for bounds in 0..16 {
                        let fast = ascii_bounds_hold(text.as_bytes(), start, end, bounds);
                        let slow = bounds_hold_by_chars(text, start, end, bounds);
                        assert!(
                            fast.is_none_or(|f| f == slow),
                            "{text:?} {start}..{end} {bounds}"
                        );
                        assert_eq!(bounds_hold(text, start, end, bounds), slow);
                        decided += usize::from(fast.is_some());
                    }
                }
            }
        }
        assert!(decided > 500, "{decided}");
    }

    #[test]
    fn the_scan_meets_the_sets_trying_every_literal_everywhere_meets() {
        let rs = Ruleset::builtin().expect("the built-in rules compile");
        let gates = &rs.gates;
        let (mut met_any, mut unmet) = (0, 0);
        for text in super::super::tests::drafts(&rs, 300).iter().step_by(4) {
            let doc = Document::new(text);
            let texts = [
                Some(doc.clean().as_str()),
                Some(doc.words().as_str()),
                Some(doc.original()),
            ];
            let mut want = plain(gates, texts);
            // The sets checked after the scan are not its to meet (see `later`).
            for &s in gates.later.iter() {
                want[s as usize] = false;
            }
            let mut got = vec![false; gates.set_gate.len()];
            gates.scan(texts, &mut got);
            // Once every set of a haystack is met, the scan stops looking: the same answer.
            assert_eq!(got, want, "{text:?}");
            met_any += got.iter().filter(|&&m| m).count();
            unmet += got.iter().filter(|&&m| !m).count();
        }
        assert!(
            met_any > 10_000 && unmet > 10_000,
            "{met_any} met, {unmet} not"
        );
    }
}
