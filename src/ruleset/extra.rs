//! Cues that are not words: emoji (`📸`, `🤫`) and named classes of text (`<amount>`,
//! `<mention>`), usable in any phrase list. The words view has no emoji and no `@` or `$`, so
//! these are found on the original and clean text by the engine, at the word they stand by.

use crate::phrase;

/// A named class of text, written `<name>` in a phrase list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `@someone`.
    Mention,
    /// `#Topic`.
    Hashtag,
    /// `42`, `3,5`, `1 000`.
    Number,
    /// `$40`, `40 $`, `15 dollars`, `20€`.
    Amount,
    /// `2024-05-01`, `1/5/24`, `May 3`, `3 mai`.
    Date,
    /// A capitalised word that does not start a sentence: `with Sarah`.
    Name,
    /// Any emoji.
    Emoji,
}

impl Class {
    pub const ALL: [Class; 7] = [
        Class::Mention,
        Class::Hashtag,
        Class::Number,
        Class::Amount,
        Class::Date,
        Class::Name,
        Class::Emoji,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Mention => "mention",
            Class::Hashtag => "hashtag",
            Class::Number => "number",
            Class::Amount => "amount",
            Class::Date => "date",
            Class::Name => "name",
            Class::Emoji => "emoji",
        }
    }

    pub fn parse(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The regular expression over the clean view; a match covers its first group when it has
    /// one (the regex crate has no look-behind). `None` for emoji, found by [`emoji_runs`].
    pub fn pattern(self) -> Option<&'static str> {
        Some(match self {
            Class::Mention => r"(?:^|[^\w@.])(@\w{2,})",
            Class::Hashtag => r"(?:^|[^\w#&])(#\w*[^\W\d]\w*)",
            Class::Number => r"\d+(?:[.,\u{A0}\u{202F}]\d+)*",
            Class::Amount => {
                r"(?i)[$€£]\s?\d+(?:[.,\u{A0}\u{202F} ]\d+)*(?:\s?[km](?-u:\b))?|\d+(?:[.,\u{A0}\u{202F} ]\d+)*\s?(?:[km]?\$|€|£|(?-u:\b)dollars?(?-u:\b)|(?-u:\b)bucks(?-u:\b))"
            }
            Class::Date => {
                r"(?i)(?-u:\b)\d{4}-\d{1,2}-\d{1,2}(?-u:\b)|(?-u:\b)\d{1,2}/\d{1,2}/\d{2,4}(?-u:\b)|(?-u:\b)\d{1,2}(?:er)?\s+(?:janv|jan|feb|f[ée]v|mar|apr|avr|may|mai|juin|jun|juil|jul|aug|ao[uû]|sep|oct|nov|dec|d[ée]c)\p{L}*|(?-u:\b)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?-u:\b)"
            }
            // A run of capitalised words is one name (`Sarah Jones`): matches do not overlap, so a
            // capital right after another name would otherwise be lost.
            Class::Name => r"[\p{Ll}\d,;:)]\s+(\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)*)",
            Class::Emoji => return None,
        })
    }
}

/// What one written phrase of a phrase list stands for.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Literal(phrase::Literal),
    Extra(Extra),
    /// Words with classes among them (`<number> day suspension`).
    Slotted(super::slots::Slotted),
}

/// A cue found outside the words index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Extra {
    /// An emoji, folded by [`emoji_key`].
    Emoji(String),
    Class(Class),
}

/// The items a phrase (not a list inclusion) stands for, or what is wrong with it.
pub(crate) fn items(written: &str) -> Result<Vec<Item>, String> {
    let w = written.trim();
    let lone = w.strip_prefix('<').and_then(|r| r.strip_suffix('>'));
    if let Some(name) = lone.filter(|n| !n.contains(['<', '>']) && !n.contains(char::is_whitespace))
    {
        let all: Vec<String> = Class::ALL
            .iter()
            .map(|c| format!("<{}>", c.as_str()))
            .collect();
        return match Class::parse(name) {
            Some(c) => Ok(vec![Item::Extra(Extra::Class(c))]),
            None => Err(format!(
                "unknown class `{w}`: use one of {}",
                all.join(", ")
            )),
        };
    }
    if w.chars().any(is_emoji) {
        let key = emoji_key(w);
        if key.is_empty() || w.chars().any(|c| !is_emoji(c) && !is_emoji_part(c)) {
            return Err(format!("phrase `{w}` mixes an emoji with other text: write each emoji as a phrase of its own (`🤐`), and the words as another (a second context can require both)"));
        }
        return Ok(vec![Item::Extra(Extra::Emoji(key))]);
    }
    if let Some(items) = super::slots::items(w) {
        return items;
    }
    Ok(phrase::expand(w)?.into_iter().map(Item::Literal).collect())
}

/// A pictograph that starts an emoji (skin tones and joiners only modify one). Symbols that
/// are also plain typography (`©`, `™`, arrows, shapes) are left out: they are not cues.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1F3FA | 0x1F400..=0x1FAFF | 0x2600..=0x27BF | 0x231A | 0x231B | 0x2328
        | 0x23CF | 0x23E9..=0x23FA | 0x2B05..=0x2B07 | 0x2B1B | 0x2B1C | 0x2B50 | 0x2B55
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x203C | 0x2049)
}

/// What may follow an emoji in one sequence and is folded away: variation selectors, skin
/// tones, the zero-width joiner, tags (subdivision flags) and the keycap.
fn is_emoji_part(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x200D | 0xE0020..=0xE007F | 0x20E3)
}

/// An emoji as compared: its pictographs only (`🗳️` = `🗳`, `👍🏽` = `👍`, `🤦‍♂️` = `🤦♂`).
pub fn emoji_key(s: &str) -> String {
    s.chars().filter(|&c| is_emoji(c)).collect()
}

/// Each emoji sequence of a text: its byte range and its key. Pictographs joined by U+200D
/// are one sequence; two regional indicators are one flag.
pub fn emoji_runs(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    // Every emoji and every part of one is U+200D or beyond, three bytes or more in UTF-8 led by
    // 0xE2 or above: most drafts have no such byte, and the rest few such characters. Asking
    // every character of every draft the two tables took as long as finding the draft's names.
    if !text.bytes().any(|b| b >= 0xE2) {
        return out;
    }
    let mut joined = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c < '\u{200D}' {
            joined = false;
        } else if is_emoji(c) {
            let flag_half = |k: &str| {
                let n = k
                    .chars()
                    .filter(|c| matches!(*c as u32, 0x1F1E6..=0x1F1FF))
                    .count();
                n == 1 && k.chars().count() == 1
            };
            let regional = matches!(c as u32, 0x1F1E6..=0x1F1FF);
            match out.last_mut() {
                Some((r, k)) if r.end == i && (joined || (regional && flag_half(k))) => {
                    r.end = end;
                    k.push(c);
                }
                _ => out.push((i..end, c.to_string())),
            }
            joined = false;
        } else if is_emoji_part(c) {
            if let Some((r, _)) = out.last_mut().filter(|(r, _)| r.end == i) {
                r.end = end;
                joined = c == '\u{200D}';
            }
        } else {
            joined = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_fold_selectors_and_skin_tones() {
        assert_eq!(emoji_key("🗳️"), "🗳");
        assert_eq!(emoji_key("👍🏽"), "👍");
        let runs = emoji_runs("a 🤦🏽\u{200D}♂️ b 🇨🇦📸");
        let keys: Vec<&str> = runs.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["🤦♂", "🇨🇦", "📸"]);
        assert_eq!(runs[0].0.start, 2);
    }

    #[test]
    fn phrases_name_classes_and_emoji() {
        assert!(matches!(
            items("<amount>").unwrap()[0],
            Item::Extra(Extra::Class(Class::Amount))
        ));
        assert!(items("<price>").unwrap_err().contains("<amount>"));
        assert!(matches!(&items(" 📸 ").unwrap()[0], Item::Extra(Extra::Emoji(k)) if k == "📸"));
        assert!(items("🤐 secret").unwrap_err().contains("of its own"));
        assert!(matches!(items("© ontario").unwrap()[0], Item::Literal(_)));
        assert!(matches!(items("secret").unwrap()[0], Item::Literal(_)));
    }

    #[test]
    fn class_patterns_find_what_they_name() {
        let cases = [
            (Class::Mention, "thanks @jdoe! mail a@b.ca", "@jdoe"),
            (Class::Hashtag, "so #proud of #2024 and #Team2", "#proud"),
            (Class::Amount, "only $40 or 15 dollars", "$40"),
            (Class::Amount, "seulement 40 $", "40 $"),
            (Class::Date, "on 3 mai and May 4th", "3 mai"),
            (Class::Name, "Lunch with Sarah today", "Sarah"),
            (Class::Name, "Lunch with Sarah Jones today", "Sarah Jones"),
        ];
        for (class, text, first) in cases {
            let re = regex::Regex::new(class.pattern().unwrap()).unwrap();
            let caps = re.captures(text).unwrap_or_else(|| panic!("{text}"));
            let m = caps.get(1).or(caps.get(0)).unwrap();
            assert_eq!(m.as_str(), first, "{class:?}");
        }
        let name = regex::Regex::new(Class::Name.pattern().unwrap()).unwrap();
        assert!(!name.is_match("Lunch today. Great day"));
    }
}
