//! Parts of a compiled rule that only some commands read: its examples (`rules test`,
//! `explain`) and its phrases as written (`explain`). The built-in ruleset keeps each as its place
//! in the bytes build.rs embedded and decodes it when it is first read: decoding them all, some
//! 23,000 strings, made up a third of the start of a run that checks one short draft.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use super::cues::Reader;

/// A value read on first use (through `Deref`), or one given at once (`From`).
pub struct Cold<T> {
    value: OnceLock<T>,
    stored: Option<Stored<T>>,
}

/// Where a value is in the embedded bytes, and how to read it.
struct Stored<T> {
    bytes: &'static [u8],
    read: fn(&mut Reader) -> Option<T>,
}

impl<T> Cold<T> {
    /// A value to be read from `bytes` (all of them) by `read` when first asked for.
    pub(super) fn stored(bytes: &'static [u8], read: fn(&mut Reader) -> Option<T>) -> Cold<T> {
        Cold {
            value: OnceLock::new(),
            stored: Some(Stored { bytes, read }),
        }
    }

    /// Whether the value has been read (or was given): for tests that a run leaves it alone.
    pub fn is_read(&self) -> bool {
        self.value.get().is_some()
    }
}

impl<T: Default> Deref for Cold<T> {
    type Target = T;

    /// The value; the default if its bytes do not read back, which the tests of the
    /// precompiled ruleset rule out for the bytes build.rs writes.
    fn deref(&self) -> &T {
        self.value.get_or_init(|| {
            let stored = self.stored.as_ref();
            stored
                .and_then(|s| {
                    let mut r = Reader::new(s.bytes);
                    (s.read)(&mut r).filter(|_| r.is_done())
                })
                .unwrap_or_default()
        })
    }
}

impl Cold<Vec<String>> {
    /// Whether the list is empty, without reading it: the engine asks this of every rule's
    /// triggers. A stored list starts with its length.
    pub fn is_empty(&self) -> bool {
        match (&self.stored, self.value.get()) {
            (Some(s), None) => s.bytes.get(..4).is_none_or(|n| n == [0; 4]),
            _ => self.deref().is_empty(),
        }
    }
}

impl<T> From<T> for Cold<T> {
    fn from(value: T) -> Cold<T> {
        Cold {
            value: OnceLock::from(value),
            stored: None,
        }
    }
}

impl<T: Default> Default for Cold<T> {
    fn default() -> Cold<T> {
        Cold::from(T::default())
    }
}

impl<T: Default + fmt::Debug> fmt::Debug for Cold<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.deref().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::cues::Writer;

    fn read_strings(r: &mut Reader) -> Option<Vec<String>> {
        let n = r.u32()?;
        (0..n).map(|_| r.str().map(str::to_string)).collect()
    }

    fn stored(list: &[&str]) -> Cold<Vec<String>> {
        let mut w = Writer::default();
        w.u32(list.len() as u32);
        list.iter().for_each(|s| w.str(s));
        Cold::stored(w.bytes.leak(), read_strings)
    }

    #[test]
    fn a_stored_value_is_read_when_first_asked_for() {
        let cold = stored(&["a", "bé"]);
        assert!(!cold.is_empty() && !cold.is_read());
        assert_eq!(*cold, ["a", "bé"]);
        assert!(cold.is_read());
        let none = stored(&[]);
        assert!(none.is_empty() && !none.is_read());
        assert!(Cold::from(vec!["x".to_string()]).is_read());
    }

    #[test]
    fn bytes_that_do_not_read_back_give_the_default() {
        let bad: Cold<Vec<String>> = Cold::stored(&[9, 0, 0, 0, 1], read_strings);
        assert!(bad.as_slice().is_empty());
    }
}
