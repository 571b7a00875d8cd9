//! Reading drafts: bytes decoded with a clear answer, in the reader's language, for everything
//! that is not text (paths are expanded into inputs by `walk`). Nothing here panics on any input.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use postcheck::taxonomy::Lang;

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

pub(super) fn describe(e: &io::Error, lang: Lang) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => lang
            .pick("no such file or folder", "fichier ou dossier introuvable")
            .into(),
        io::ErrorKind::PermissionDenied => lang
            .pick(
                "permission denied: cannot read it",
                "permission refusée : impossible de le lire",
            )
            .into(),
        // A file path used as a folder (`draft.txt/x`), and the like: the system's words.
        _ => e.to_string(),
    }
}

/// Reads one draft, refusing more than `max_bytes` without reading it whole.
pub fn read(source: &Source, max_bytes: u64, lang: Lang) -> Result<String, String> {
    let too_big = || {
        lang.pick(
            "larger than the {max}-byte limit: split it, or raise the limit with --max-bytes",
            "dépasse la limite de {max} octets : scindez-le, ou relevez la limite avec --max-bytes",
        )
        .replace("{max}", &max_bytes.to_string())
    };
    let mut bytes = Vec::new();
    // One byte past the limit tells a file at the limit from one over it, without reading more.
    let limited = |r: &mut dyn Read, bytes: &mut Vec<u8>| -> io::Result<()> {
        r.take(max_bytes.saturating_add(1))
            .read_to_end(bytes)
            .map(|_| ())
    };
    match source {
        Source::Stdin => {
            limited(&mut io::stdin().lock(), &mut bytes).map_err(|e| describe(&e, lang))?
        }
        Source::File(p) => {
            // Opened first, then asked its size through the open file: one lookup of the path,
            // not two (a folder of 20,000 drafts spent a fifth of its system time on them).
            let folder = || {
                lang.pick("is a folder, not a file", "est un dossier, pas un fichier")
                    .to_string()
            };
            let mut f = match File::open(p) {
                Ok(f) => f,
                // Some systems refuse to open a folder at all.
                Err(_) if p.is_dir() => return Err(folder()),
                Err(e) => return Err(describe(&e, lang)),
            };
            let meta = f.metadata().map_err(|e| describe(&e, lang))?;
            if meta.is_dir() {
                return Err(folder());
            }
            // A regular file's size is known: refuse it before reading it.
            if meta.is_file() && meta.len() > max_bytes {
                return Err(too_big());
            }
            // Sized from the start, the buffer takes the file in one read (and one to see its
            // end) instead of growing through several: a folder of small drafts is mostly reads.
            bytes.reserve_exact(meta.len().min(max_bytes) as usize + 1);
            limited(&mut f, &mut bytes).map_err(|e| describe(&e, lang))?;
        }
    }
    if bytes.len() as u64 > max_bytes {
        return Err(too_big());
    }
    decode(bytes).map_err(|problem| problem.message(lang))
}

/// Why bytes are not a draft postcheck can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecodable {
    /// A NUL byte at this offset: a binary file.
    Binary(usize),
    /// NUL bytes every other byte, no byte-order mark.
    Utf16WithoutBom,
    Utf32,
    /// UTF-16 with a byte-order mark, but an odd length or unpaired surrogates.
    BadUtf16,
    /// Not UTF-8: the first bad byte.
    NotUtf8(usize),
}

impl Undecodable {
    pub fn message(&self, lang: Lang) -> String {
        let l = |en: &str, fr: &str| lang.pick(en, fr).to_string();
        match *self {
            Undecodable::Binary(at) => l(
                "looks like a binary file (a NUL byte at offset {at}): postcheck checks text",
                "semble être un fichier binaire (un octet NUL à la position {at}) : postcheck \
                 vérifie du texte",
            )
            .replace("{at}", &at.to_string()),
            Undecodable::Utf16WithoutBom => l(
                "looks like UTF-16 without a byte-order mark: save it as UTF-8",
                "semble être de l'UTF-16 sans indicateur d'ordre des octets : enregistrez-le en \
                 UTF-8",
            ),
            Undecodable::Utf32 => l(
                "is UTF-32: save it as UTF-8",
                "est en UTF-32 : enregistrez-le en UTF-8",
            ),
            Undecodable::BadUtf16 => l(
                "is not valid UTF-16 (cut short or damaged): save it as UTF-8",
                "n'est pas de l'UTF-16 valide (tronqué ou abîmé) : enregistrez-le en UTF-8",
            ),
            Undecodable::NotUtf8(at) => l(
                "is not valid UTF-8 (at byte {at}): save it as UTF-8",
                "n'est pas de l'UTF-8 valide (à l'octet {at}) : enregistrez-le en UTF-8",
            )
            .replace("{at}", &at.to_string()),
        }
    }
}

/// Decodes a draft: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, Undecodable> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(Undecodable::Utf32);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest.to_vec());
    }
    let utf16 = |le: bool| -> Result<String, Undecodable> {
        let body = &bytes[2..];
        if body.len() % 2 != 0 {
            return Err(Undecodable::BadUtf16);
        }
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let text = char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| Undecodable::BadUtf16)?;
        match text.find('\0') {
            Some(at) => Err(Undecodable::Binary(
                2 + 2 * text[..at].encode_utf16().count(),
            )),
            None => Ok(text),
        }
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => return utf16(true),
        Some([0xFE, 0xFF]) => return utf16(false),
        _ => {}
    }
    decode_utf8(bytes)
}

/// True when the first bytes have NUL at every other position, as ASCII text in UTF-16 does.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64) & !1];
    head.len() >= 4
        && (head.iter().step_by(2).all(|&b| b == 0)
            || head.iter().skip(1).step_by(2).all(|&b| b == 0))
}

fn decode_utf8(bytes: Vec<u8>) -> Result<String, Undecodable> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(if looks_like_utf16(&bytes) {
            Undecodable::Utf16WithoutBom
        } else {
            Undecodable::Binary(at)
        });
    }
    String::from_utf8(bytes).map_err(|e| Undecodable::NotUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_refuses_binary() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
        assert_eq!(decode(vec![0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(vec![0xFE, 0xFF, 0, b'h', 0, b'i']).unwrap(), "hi");
        assert_eq!(decode(b"a\0b".to_vec()), Err(Undecodable::Binary(1)));
        assert_eq!(decode(b"a\xFFb".to_vec()), Err(Undecodable::NotUtf8(1)));
    }

    #[test]
    fn names_the_encodings_it_does_not_read() {
        let utf16 = |s: &str| {
            s.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>()
        };
        assert_eq!(decode(utf16("hello")), Err(Undecodable::Utf16WithoutBom));
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0, 0, b'h', 0, 0, 0]),
            Err(Undecodable::Utf32)
        );
        assert_eq!(decode(vec![0xFF, 0xFE, b'h']), Err(Undecodable::BadUtf16));
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0, 0xD8]),
            Err(Undecodable::BadUtf16)
        );
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'h', 0, 0, 0]),
            Err(Undecodable::Binary(4))
        );
        for problem in [
            Undecodable::Binary(3),
            Undecodable::NotUtf8(2),
            Undecodable::Utf32,
        ] {
            assert_ne!(problem.message(Lang::En), problem.message(Lang::Fr));
        }
    }
}
