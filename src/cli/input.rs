//! Reading drafts: paths expanded into inputs in a stable order, bytes decoded with a clear
//! answer for everything that is not text, in English and French (the person reads it in the
//! report's language). Nothing here panics on any input.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use postcheck::taxonomy::Text;

/// A message in both languages.
pub(super) fn text(en: impl Into<String>, fr: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        fr: fr.into(),
    }
}

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
    pub message: Text,
}

pub(super) fn describe(e: &io::Error) -> Text {
    match e.kind() {
        io::ErrorKind::NotFound => text("no such file or folder", "fichier ou dossier introuvable"),
        io::ErrorKind::PermissionDenied => text(
            "permission denied: cannot read it",
            "permission refusée : impossible de le lire",
        ),
        _ => text(e.to_string(), format!("erreur de lecture ({e})")),
    }
}

/// Reads one draft, refusing more than `max_bytes` without reading it whole.
pub fn read(source: &Source, max_bytes: u64) -> Result<String, Text> {
    let mut bytes = Vec::new();
    let limited = |r: &mut dyn Read, bytes: &mut Vec<u8>| -> io::Result<()> {
        r.take(max_bytes + 1).read_to_end(bytes).map(|_| ())
    };
    match source {
        Source::Stdin => limited(&mut io::stdin().lock(), &mut bytes).map_err(|e| describe(&e))?,
        Source::File(p) => {
            if p.is_dir() {
                return Err(text(
                    "is a folder, not a file: give the folder itself to check its .txt and .md files",
                    "est un dossier, pas un fichier : donnez le dossier lui-même pour vérifier ses fichiers .txt et .md",
                ));
            }
            let mut f = File::open(p).map_err(|e| describe(&e))?;
            limited(&mut f, &mut bytes).map_err(|e| describe(&e))?;
        }
    }
    if bytes.len() as u64 > max_bytes {
        return Err(text(
            format!("larger than the {max_bytes}-byte limit: split it, or raise the limit with --max-bytes"),
            format!("dépasse la limite de {max_bytes} octets : découpez-le, ou relevez la limite avec --max-bytes"),
        ));
    }
    decode(bytes)
}

/// Decodes a draft: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, Text> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest.to_vec());
    }
    let utf16 = |le: bool| -> Result<String, Text> {
        let body = &bytes[2..];
        if body.len() % 2 != 0 {
            return Err(text(
                "is UTF-16 with an odd number of bytes: the file is cut short",
                "est en UTF-16 avec un nombre impair d'octets : le fichier est tronqué",
            ));
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
            .map_err(|_| {
                text(
                    "is not valid UTF-16: save it as UTF-8",
                    "n'est pas de l'UTF-16 valide : enregistrez-le en UTF-8",
                )
            })
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => return utf16(true),
        Some([0xFE, 0xFF]) => return utf16(false),
        _ => {}
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: Vec<u8>) -> Result<String, Text> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(text(
            format!("looks like a binary file (a NUL byte at offset {at}): postcheck checks text"),
            format!("semble être un fichier binaire (un octet NUL à la position {at}) : postcheck vérifie du texte"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        text(
            format!("is not valid UTF-8 (at byte {at}): save it as UTF-8"),
            format!("n'est pas de l'UTF-8 valide (à l'octet {at}) : enregistrez-le en UTF-8"),
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
        assert!(decode(b"a\0b".to_vec()).unwrap_err().en.contains("binary"));
        let e = decode(b"a\xFFb".to_vec()).unwrap_err();
        assert!(e.en.contains("UTF-8") && e.fr.contains("UTF-8"));
    }
}
