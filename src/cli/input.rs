//! Reading drafts: bytes decoded with a clear answer for everything that is not text (paths are
//! expanded into inputs by `walk`). Nothing here panics on any input.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

/// Where a draft comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The name reports show: the path as given, `-` for standard input.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A problem with one input, reported on one line; other inputs are still checked.
#[derive(Debug)]
pub struct InputError {
    pub source: String,
    pub message: String,
}

pub(super) fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied: cannot read it".into(),
        _ => e.to_string(),
    }
}

/// Reads one draft, refusing more than `max_bytes` without reading it whole.
pub fn read(source: &Source, max_bytes: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    let limited = |r: &mut dyn Read, bytes: &mut Vec<u8>| -> io::Result<()> {
        r.take(max_bytes + 1).read_to_end(bytes).map(|_| ())
    };
    match source {
        Source::Stdin => limited(&mut io::stdin().lock(), &mut bytes).map_err(|e| describe(&e))?,
        Source::File(p) => {
            if p.is_dir() {
                return Err("is a folder, not a file: give the folder itself to check its .txt and .md files".into());
            }
            let mut f = File::open(p).map_err(|e| describe(&e))?;
            limited(&mut f, &mut bytes).map_err(|e| describe(&e))?;
        }
    }
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "larger than the {max_bytes}-byte limit: split it, or raise the limit with --max-bytes"
        ));
    }
    decode(bytes)
}

/// Decodes a draft: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest.to_vec());
    }
    let utf16 = |le: bool| -> Result<String, String> {
        let body = &bytes[2..];
        if body.len() % 2 != 0 {
            return Err("is UTF-16 with an odd number of bytes: the file is cut short".into());
        }
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| "is not valid UTF-16: save it as UTF-8".to_string())
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => return utf16(true),
        Some([0xFE, 0xFF]) => return utf16(false),
        _ => {}
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "looks like a binary file (a NUL byte at offset {at}): postcheck checks text"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (at byte {}): save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_refuses_binary() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
        assert_eq!(decode(vec![0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(vec![0xFE, 0xFF, 0, b'h', 0, b'i']).unwrap(), "hi");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary"));
        assert!(decode(b"a\xFFb".to_vec()).unwrap_err().contains("UTF-8"));
    }
}
