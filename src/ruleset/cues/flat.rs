//! The flat forms the cue index and the pattern gates are made of (lists of numbers and strings
//! end to end, hash tables of numbers) and how they are written as bytes and read back.
//!
//! Read back from the bytes build.rs embeds in the binary, they borrow those bytes rather than
//! copy them: copying (and checking the UTF-8 of) megabytes was most of a short run's start-up,
//! page faults included. Every run of numbers is written at an offset that is a multiple of 4,
//! so on a little-endian machine its bytes are already the `[u32]` it stands for.

use std::borrow::Cow;

use zerocopy::FromBytes;

/// Numbers read back borrowed from the embedded bytes, or built (or copied) when compiling.
pub(crate) type U32s = Cow<'static, [u32]>;

/// Marks an empty slot of a [`Table`], and a draft word that is no word of the index.
pub(crate) const NONE: u32 = u32::MAX;

/// Lists of numbers end to end: list `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lists {
    pub starts: U32s,
    pub items: U32s,
}

impl Lists {
    pub fn push(&mut self, items: impl IntoIterator<Item = u32>) {
        let starts = self.starts.to_mut();
        if starts.is_empty() {
            starts.push(0);
        }
        let all = self.items.to_mut();
        all.extend(items);
        starts.push(all.len() as u32);
    }

    pub fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// Strings end to end: string `i` is `text[starts[i]..starts[i + 1]]`. The text is kept as
/// bytes, each string checked as UTF-8 when it is read (a few bytes), not the whole text at start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Strs {
    pub starts: U32s,
    pub text: Cow<'static, [u8]>,
}

impl Strs {
    pub fn push(&mut self, s: &str) {
        let starts = self.starts.to_mut();
        if starts.is_empty() {
            starts.push(0);
        }
        let text = self.text.to_mut();
        text.extend_from_slice(s.as_bytes());
        starts.push(text.len() as u32);
    }

    pub fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).unwrap_or_default()
    }

    /// String `i`'s bytes, for comparing with no UTF-8 check (a search compares many).
    pub fn bytes(&self, i: usize) -> &[u8] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// A hash table of the numbers `0..n` by a key each has, open addressing with linear probing:
/// slot [`slot`]`(hash) & (len - 1)` or the next free one holds the number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table {
    pub slots: U32s,
}

/// Where a hash starts looking. FxHash ends with a multiplication, whose low bits depend only
/// on the low bits of what was multiplied: pairs of words with the same second word all fell
/// on the same slot and probed long runs. The high half, folded in, depends on every bit.
fn slot(hash: u64) -> usize {
    (hash ^ (hash >> 32)) as usize
}

impl Table {
    /// A table of `hashes.len()` numbers, at most half full.
    pub fn new(hashes: impl ExactSizeIterator<Item = u64>) -> Table {
        let len = (hashes.len() * 2).next_power_of_two();
        let mut slots = vec![NONE; len];
        let mask = len - 1;
        for (i, h) in hashes.enumerate() {
            let mut at = slot(h) & mask;
            while slots[at] != NONE {
                at = (at + 1) & mask;
            }
            slots[at] = i as u32;
        }
        Table {
            slots: slots.into(),
        }
    }

    /// The number whose key has `hash` and passes `is`.
    pub fn find(&self, hash: u64, is: impl Fn(u32) -> bool) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = slot(hash) & mask;
        // At most every slot once, whatever the table holds.
        for _ in 0..self.slots.len() {
            let n = self.slots[at];
            if n == NONE {
                return None;
            }
            if is(n) {
                return Some(n);
            }
            at = (at + 1) & mask;
        }
        None
    }

    /// [`Table::find`], where `tags` holds a tag of each slot's key (as long as the slots):
    /// a slot whose tag is not `tag` is passed over without asking `is`.
    pub fn find_tagged(
        &self,
        hash: u64,
        tags: &[u32],
        tag: u32,
        is: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = slot(hash) & mask;
        for _ in 0..self.slots.len() {
            let n = self.slots[at];
            if n == NONE {
                return None;
            }
            if tags.get(at) == Some(&tag) && is(n) {
                return Some(n);
            }
            at = (at + 1) & mask;
        }
        None
    }

    pub fn is_valid(&self) -> bool {
        self.slots.is_empty() || self.slots.len().is_power_of_two()
    }
}

/// Numbers and strings written end to end, little-endian, each run after its length.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|&n| self.u32(n));
    }
    /// A string, then zeros up to a multiple of 4 bytes (so that what follows is aligned).
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.resize(self.bytes.len().next_multiple_of(4), 0);
    }
    pub(crate) fn lists(&mut self, l: &Lists) {
        self.u32s(&l.starts);
        self.u32s(&l.items);
    }
    pub(crate) fn strs(&mut self, s: &Strs) {
        self.u32s(&s.starts);
        self.str(std::str::from_utf8(&s.text).unwrap_or_default());
    }
}

/// Reads what a [`Writer`] wrote; `None` at the first thing that is not there.
#[derive(Debug)]
pub(crate) struct Reader {
    bytes: &'static [u8],
}

impl Reader {
    /// Runs of numbers are borrowed from `bytes` when they start at a multiple of 4 in memory
    /// (the embedded bytes are aligned so), else copied.
    pub fn new(bytes: &'static [u8]) -> Reader {
        Reader { bytes }
    }
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (a, b) = (self.bytes.get(..n)?, self.bytes.get(n..)?);
        self.bytes = b;
        Some(a)
    }
    pub fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u32s(&mut self) -> Option<U32s> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(4)?)?;
        if cfg!(target_endian = "little") {
            if let Ok(v) = <[u32]>::ref_from_bytes(b) {
                return Some(Cow::Borrowed(v));
            }
        }
        Some(Cow::Owned(
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ))
    }
    /// The bytes of a string (and the padding after it).
    fn str_bytes(&mut self) -> Option<&'static [u8]> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        self.take(n.next_multiple_of(4) - n)?;
        Some(s)
    }
    pub fn str(&mut self) -> Option<&'static str> {
        std::str::from_utf8(self.str_bytes()?).ok()
    }
    pub(crate) fn lists(&mut self) -> Option<Lists> {
        Some(Lists {
            starts: self.u32s()?,
            items: self.u32s()?,
        })
    }
    pub(crate) fn strs(&mut self) -> Option<Strs> {
        Some(Strs {
            starts: self.u32s()?,
            text: Cow::Borrowed(self.str_bytes()?),
        })
    }
    pub fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zerocopy::IntoBytes;

    #[test]
    fn numbers_are_read_in_place_when_aligned() {
        let mut w = Writer::default();
        w.str("abc");
        w.u32s(&[7, 8, 9]);
        let words: &'static [u32] = w
            .bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect::<Vec<_>>()
            .leak();
        let mut r = Reader::new(words.as_bytes());
        assert_eq!(r.str(), Some("abc"));
        let v = r.u32s().expect("three numbers");
        assert_eq!(&v[..], [7, 8, 9]);
        assert!(matches!(v, Cow::Borrowed(_)) || cfg!(target_endian = "big"));
        assert!(r.is_done());
    }
}
