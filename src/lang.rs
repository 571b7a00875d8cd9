//! Which language a draft, and each of its sentences, is written in: Canadian posts switch
//! mid-post, and language-specific rules apply only where their language is.
//!
//! Counting function words is enough for posts: they are short, and the two languages share
//! few of them. Words both languages use (`on`, `me`, `plus`, `son`, `a`) are left out.

use serde::Serialize;

use crate::taxonomy::Lang;
use crate::text::Document;

const EN: &[&str] = &[
    "the", "and", "is", "are", "was", "were", "to", "of", "in", "it", "that", "this", "with",
    "for", "my", "we", "you", "i", "have", "has", "be", "not", "but", "at", "our", "they", "will",
    "just", "so", "what", "about", "from", "your", "can", "if", "who", "all", "would", "there",
    "their", "been", "do", "don", "m", "ll", "ve", "or", "by", "he", "she", "his", "her", "them",
    "us", "when", "how", "why", "which", "no", "yes", "get", "got", "some", "any", "than", "then",
    "today", "really", "because", "here", "should", "could", "did", "these", "those", "its",
    "into", "out",
];

const FR: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "sont", "un", "une", "pour", "avec", "dans",
    "pas", "que", "qui", "sur", "au", "aux", "nous", "vous", "je", "j", "il", "elle", "ce",
    "cette", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "c", "l", "d", "qu", "n", "ont",
    "ete", "etre", "mais", "ou", "tres", "aussi", "ca", "y", "ces", "leur", "leurs", "ils",
    "elles", "fait", "comme", "tout", "tous", "toute", "bien", "avoir", "suis", "sommes", "etes",
    "avons", "avez", "aujourd", "hui", "merci", "quand", "parce", "encore", "chez", "ben", "pis",
    "cette", "notre",
];

/// The language of a whole draft, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftLanguage {
    En,
    Fr,
    Mixed,
    /// Too little text to tell.
    Und,
}

impl DraftLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftLanguage::En => "en",
            DraftLanguage::Fr => "fr",
            DraftLanguage::Mixed => "mixed",
            DraftLanguage::Und => "und",
        }
    }
}

/// The language of each token's sentence, and of the draft.
#[derive(Debug, Clone)]
pub struct Languages {
    pub draft: DraftLanguage,
    token_lang: Vec<Option<Lang>>,
}

impl Languages {
    /// The language of the sentence a token belongs to, when it could be told.
    pub fn at_token(&self, token: usize) -> Option<Lang> {
        self.token_lang.get(token).copied().flatten()
    }
}

/// A word of up to eight bytes as one number, so that looking it up compares numbers, not
/// strings (every function word is that short); `None` for longer words.
fn key(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let mut k = [0u8; 8];
    k[..b.len()].copy_from_slice(b);
    Some(u64::from_be_bytes(k))
}

/// Slots of the function-word table: a power of two, about three times the number of words.
const SLOTS: usize = 512;

fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize % SLOTS
}

fn vote(word: &str) -> (u32, u32) {
    // Every token of every draft votes: one probe of a hash table of keys, most of the time.
    static TABLE: std::sync::OnceLock<Vec<(u64, u8)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = vec![(0u64, 0u8); SLOTS];
        for (list, bit) in [(EN, 1u8), (FR, 2u8)] {
            for k in list.iter().filter_map(|w| key(w)) {
                let mut i = slot(k);
                while t[i].0 != 0 && t[i].0 != k {
                    i = (i + 1) % SLOTS;
                }
                t[i] = (k, t[i].1 | bit);
            }
        }
        t
    });
    let Some(k) = key(word) else {
        return (0, 0);
    };
    let mut i = slot(k);
    // A key is never 0 (words are not empty): an empty slot ends the probe.
    while table[i].0 != 0 {
        if table[i].0 == k {
            let bits = table[i].1;
            return ((bits & 1) as u32, (bits >> 1) as u32);
        }
        i = (i + 1) % SLOTS;
    }
    (0, 0)
}

/// True when token `i` (not the first) starts a sentence: `.`, `!`, `?`, `…` or a line break
/// stands between it and the token before.
fn starts_sentence(doc: &Document, i: usize) -> bool {
    let tokens = doc.tokens();
    let gap = doc
        .original()
        .get(tokens[i - 1].orig_end as usize..tokens[i].orig_start as usize)
        .unwrap_or("");
    gap.contains(['.', '!', '?', '\n', '…'])
}

/// The sentence of each token, numbered from 0, split as for languages.
pub fn sentences(doc: &Document) -> Vec<u32> {
    let mut n = 0;
    (0..doc.tokens().len())
        .map(|i| {
            if i > 0 && starts_sentence(doc, i) {
                n += 1;
            }
            n
        })
        .collect()
}

/// Splits the draft into sentences at `.`, `!`, `?` and line breaks, and votes in each.
pub fn detect(doc: &Document) -> Languages {
    let tokens = doc.tokens();
    let words = doc.words().as_str();
    let mut token_lang = vec![None; tokens.len()];
    let (mut en_total, mut fr_total) = (0u32, 0u32);
    let (mut en_sentences, mut fr_sentences) = (0u32, 0u32);
    let mut start = 0;
    for i in 0..=tokens.len() {
        let boundary = i > 0 && (i == tokens.len() || starts_sentence(doc, i));
        if boundary {
            let (mut en, mut fr) = (0, 0);
            for t in &tokens[start..i] {
                let (e, f) = vote(&words[t.start as usize..t.end as usize]);
                en += e;
                fr += f;
            }
            en_total += en;
            fr_total += fr;
            let lang = if en > fr {
                en_sentences += 1;
                Some(Lang::En)
            } else if fr > en {
                fr_sentences += 1;
                Some(Lang::Fr)
            } else {
                None
            };
            token_lang[start..i].iter_mut().for_each(|l| *l = lang);
            start = i;
        }
    }
    let draft = if en_total + fr_total == 0 {
        DraftLanguage::Und
    } else if en_sentences > 0
        && fr_sentences > 0
        && en_total.min(fr_total) * 5 >= en_total.max(fr_total)
    {
        DraftLanguage::Mixed
    } else if en_total >= fr_total {
        DraftLanguage::En
    } else {
        DraftLanguage::Fr
    };
    // A sentence too short to tell takes the draft's language, unless the draft mixes both.
    let fallback = match draft {
        DraftLanguage::En => Some(Lang::En),
        DraftLanguage::Fr => Some(Lang::Fr),
        _ => None,
    };
    for l in &mut token_lang {
        if l.is_none() {
            *l = fallback;
        }
    }
    Languages { draft, token_lang }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(s: &str) -> DraftLanguage {
        detect(&Document::new(s)).draft
    }

    #[test]
    fn tells_english_french_and_mixed() {
        assert_eq!(
            lang("I think the new policy is great for all of us."),
            DraftLanguage::En
        );
        assert_eq!(
            lang("Je pense que la nouvelle politique est bonne pour nous."),
            DraftLanguage::Fr
        );
        assert_eq!(
            lang("Great day with the team at the conference! Merci à toute l'équipe pour cette belle journée."),
            DraftLanguage::Mixed
        );
        assert_eq!(lang("🎉🎉"), DraftLanguage::Und);
    }

    #[test]
    fn every_function_word_is_short_enough_to_be_a_key() {
        assert!(EN.iter().chain(FR).all(|w| key(w).is_some()));
        assert_eq!(vote("the"), (1, 0));
        assert_eq!(vote("les"), (0, 1));
        assert_eq!(vote("theater"), (0, 0));
        assert_eq!(vote("aujourdhui"), (0, 0));
        for w in EN {
            assert_eq!(vote(w).0, 1, "{w}");
        }
        for w in FR {
            assert_eq!(vote(w).1, 1, "{w}");
        }
        for w in ["", "x", "tho", "thee", "lesbian", "zz"] {
            let e = EN.contains(&w) as u32;
            let f = FR.contains(&w) as u32;
            assert_eq!(vote(w), (e, f), "{w}");
        }
    }

    #[test]
    fn sentences_are_numbered_by_token() {
        let doc = Document::new("One two. Three!\nFour… five");
        assert_eq!(sentences(&doc), [0, 0, 1, 2, 3]);
    }

    #[test]
    fn each_sentence_has_its_language() {
        let doc = Document::new("This is my team. C'est mon équipe.");
        let l = detect(&doc);
        assert_eq!(l.at_token(0), Some(Lang::En));
        assert_eq!(l.at_token(doc.tokens().len() - 1), Some(Lang::Fr));
    }
}
