//! Hits of the cues the words index cannot hold: emoji (found on the original text) and named
//! classes of text (found on the clean view). Each is placed at a word, so that windows in
//! words work unchanged: an emoji stands at the word before it (the first word when it leads).
//! Only rulesets that use such cues pay for this pass.

use std::sync::OnceLock;

use regex::Regex;

use super::Hit;
use crate::ruleset::{emoji_runs, Class, Extra, Ruleset};
use crate::text::Document;

/// The compiled pattern of a class (each compiled once per process).
fn class_regex(c: Class) -> Option<&'static Regex> {
    static COMPILED: [OnceLock<Option<Regex>>; Class::ALL.len()] =
        [const { OnceLock::new() }; Class::ALL.len()];
    let i = Class::ALL.iter().position(|&k| k == c)?;
    COMPILED[i]
        .get_or_init(|| c.pattern().and_then(|p| Regex::new(p).ok()))
        .as_ref()
}

/// Whether a class's pattern can match `text` at all, by a scan for what every match of it needs
/// (an `@`, a `#`, a digit and a currency or a date's separator or month), so that its pattern
/// compiles only for drafts that have it: compiling `<amount>` and `<date>` more than doubled the
/// run of a short draft with any digit in it. Each test accepts a superset of what the pattern
/// needs (`is_numeric` ⊇ `\d`; the letters of `dollar` or a month in any ASCII case, and every
/// text with the two letters that case-fold onto ASCII ones, `ſ` and the Kelvin sign), so it never
/// loses a match. `<name>`, `<mention>` and `<number>` are found by hand (`classes`), never by
/// regex.
fn might_match(c: Class, text: &str) -> bool {
    // Each test by bytes where it can (a search for one character is `memchr`, a search for any
    // of several goes character by character): these ran over every draft with a digit.
    let ascii = text.is_ascii();
    let numeric =
        || text.bytes().any(|b| b.is_ascii_digit()) || !ascii && text.chars().any(char::is_numeric);
    let odd_case = || !ascii && (text.contains('\u{17F}') || text.contains('\u{212A}'));
    match c {
        Class::Mention => text.contains('@'),
        Class::Hashtag => text.contains('#'),
        Class::Number => numeric(),
        Class::Amount => {
            numeric()
                && (text.contains('$')
                    || !ascii && (text.contains('€') || text.contains('£'))
                    || odd_case()
                    || has_any(text, &["dollar", "buck"]))
        }
        Class::Date => {
            numeric()
                && (text.contains('-') || text.contains('/') || odd_case() || has_any(text, MONTHS))
        }
        Class::Name | Class::Emoji => true,
    }
}

/// What every month of `<date>` starts with, in the pattern's spellings (`(?i)` folds only the
/// ASCII letters and `é`/`û`, so both cases of those are here).
const MONTHS: &[&str] = &[
    "jan", "feb", "fev", "fév", "fÉv", "mar", "apr", "avr", "may", "mai", "juin", "jun", "juil",
    "jul", "aug", "aou", "aoû", "aoÛ", "sep", "oct", "nov", "dec", "déc", "dÉc",
];

/// Whether `text` holds one of `needles`, ASCII letters in any case. A needle is compared
/// only where the text holds its first byte: comparing every needle at every place (24 months)
/// was a fiftieth of a clean draft's check, for any draft with a digit.
fn has_any(text: &str, needles: &[&str]) -> bool {
    let bytes = text.as_bytes();
    let mut first = [false; 256];
    for n in needles {
        if let Some(&b) = n.as_bytes().first() {
            first[usize::from(b.to_ascii_lowercase())] = true;
            first[usize::from(b.to_ascii_uppercase())] = true;
        }
    }
    (0..bytes.len())
        .filter(|&i| first[usize::from(bytes[i])])
        .any(|i| {
            let b = bytes[i];
            needles.iter().any(|n| {
                n.as_bytes()
                    .first()
                    .is_some_and(|f| f.eq_ignore_ascii_case(&b))
                    && bytes
                        .get(i..i + n.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(n.as_bytes()))
            })
        })
}

/// The ranges of `text` a class's regex covers: each match, or its group when it has one.
fn by_regex(c: Class, text: &str) -> Vec<std::ops::Range<usize>> {
    if !might_match(c, text) {
        return Vec::new();
    }
    let Some(re) = class_regex(c) else {
        return Vec::new();
    };
    // The whole match by the fast engines first; its group, when the class has one, from that
    // match alone: `captures_iter` over a whole draft runs the PikeVM over all of it (half the
    // time of a 4.6 MB input).
    re.find_iter(text)
        .filter_map(|whole| {
            if re.captures_len() == 1 {
                return Some(whole.range());
            }
            let group = re.captures(whole.as_str())?.get(1)?;
            Some(whole.start() + group.start()..whole.start() + group.end())
        })
        .collect()
}

/// Adds the hits of emoji and classes, with the cue list that holds each (the caller sorts).
pub(super) fn add_hits(doc: &Document, rs: &Ruleset, found: &mut Vec<(usize, Hit)>) {
    let tokens = doc.tokens();
    // The word an original range stands at: its own, or the one before it when it is between.
    let place = |start: usize, end: usize, between: bool| -> Hit {
        let (mut first, last) = doc.tokens_covering(&(start..end));
        if !between {
            return Hit::new(start..end, first, last);
        }
        if first > 0
            && tokens
                .get(first)
                .is_some_and(|t| t.orig_start as usize >= end)
        {
            first -= 1;
        }
        Hit::new(start..end, first, first)
    };
    let mut emoji: Option<Vec<(std::ops::Range<usize>, String)>> = None;
    // A class's hits, placed, found once per draft: the rules name `<mention>` in a dozen cue
    // lists and `<name>` in eight, and finding each class again for every list was a sixth of
    // the time of a clean draft.
    let mut classes: [Option<Vec<Hit>>; Class::ALL.len()] = Default::default();
    for (x, cue) in &rs.extras {
        if *cue >= rs.cue_lists {
            continue;
        }
        let mut push = |h: Hit| found.push((*cue, h));
        match x {
            Extra::Emoji(key) => {
                let runs = emoji.get_or_insert_with(|| emoji_runs(doc.original()));
                for (r, k) in runs.iter() {
                    // A phrase `🤦` also meets `🤦‍♂️`; a phrase `🤦‍♂️` only that.
                    if k == key
                        || k.chars()
                            .next()
                            .is_some_and(|c| key.len() == c.len_utf8() && key.starts_with(c))
                    {
                        push(place(r.start, r.end, true));
                    }
                }
            }
            Extra::Class(Class::Emoji) => {
                let runs = emoji.get_or_insert_with(|| emoji_runs(doc.original()));
                for (r, _) in runs.iter() {
                    push(place(r.start, r.end, true));
                }
            }
            Extra::Class(c) => {
                let i = Class::ALL.iter().position(|k| k == c).unwrap_or(0);
                let hits = classes[i].get_or_insert_with(|| {
                    let clean = doc.clean();
                    let ranges = match super::classes::find(*c, clean.as_str()) {
                        Some(ranges) => ranges,
                        None => by_regex(*c, clean.as_str()),
                    };
                    ranges
                        .into_iter()
                        .filter(|r| !r.is_empty())
                        .map(|range| {
                            let orig = clean.to_original(range);
                            place(orig.start, orig.end, false)
                        })
                        .collect()
                });
                found.extend(hits.iter().map(|&h| (*cue, h)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::class_regex;
    use crate::engine::{check, one_rule, CheckOptions};
    use crate::ruleset::{Class, Ruleset};
    use crate::text::Document;

    fn rules(body: &str) -> Ruleset {
        one_rule("consent", body)
    }

    #[test]
    fn the_scan_before_a_class_never_loses_a_match() {
        let texts = [
            "",
            "no capitals here",
            "Starts with a capital. Then Another",
            "met with Sarah today",
            "mardi, Élise\u{a0}\u{2003}Ouellet",
            "3 Mai",
            "(voir) Jean",
            "x\n\nYves",
            "le ٣ mai",
            "cost $40 or 40 € or fifteen dollars",
            "@ab and #Tag and a@b.c",
            "2024-05-01",
            "ÉCOLE Rouge",
            "40 DOLLARS, 3 Bucks, 12k$",
            "3 FÉV, 4 DÉC, 5 AOÛT, 6 juin, 7 Juil",
            "5 ſep, 2 bucK",
        ];
        for c in Class::ALL {
            let Some(re) = class_regex(c) else { continue };
            for t in texts {
                if re.is_match(t) {
                    assert!(super::might_match(c, t), "{c:?} on {t:?}");
                }
            }
        }
    }

    #[test]
    fn the_scan_before_a_class_never_loses_a_match_on_random_texts() {
        // Pieces of amounts and dates in many cases, and what could pass for them.
        let pieces = [
            "2024-05-01",
            "12/3/24",
            "3 mai",
            "Sep 4",
            "4 DÉC",
            "1",
            "42",
            "٣",
            " ",
            "\u{a0}",
            "$",
            "€",
            "£",
            "k",
            "K",
            "m",
            "-",
            "/",
            ".",
            ",",
            "er",
            "dollar",
            "DOLLARS",
            "Bucks",
            "buc",
            "jan",
            "JANV",
            "fév",
            "FÉV",
            "Fev",
            "mar",
            "avr",
            "May",
            "mai",
            "JUIN",
            "juil",
            "aoû",
            "AOÛT",
            "sep",
            "ſep",
            "\u{212A}",
            "oct",
            "Nov",
            "déc",
            "DÉC",
            "th",
            "st",
            "x",
            "é",
            "û",
            "Û",
        ];
        let mut next = crate::testing::random(5);
        let mut matched = [0; 3];
        for _ in 0..20_000 {
            let text: String = (0..next(8) + 1)
                .map(|_| pieces[next(pieces.len())])
                .collect();
            for (i, c) in [Class::Amount, Class::Date, Class::Number]
                .into_iter()
                .enumerate()
            {
                let re = class_regex(c).expect("a regex class");
                if re.is_match(&text) {
                    matched[i] += 1;
                    assert!(super::might_match(c, &text), "{c:?} on {text:?}");
                }
            }
        }
        // The texts reach every class, so the comparison is never empty.
        assert!(matched.iter().all(|&n| n > 200), "{matched:?}");
    }

    fn found(rs: &Ruleset, text: &str) -> Vec<String> {
        check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .iter()
            .map(|f| text[f.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn emoji_are_cues_at_their_place_folded() {
        let rs =
            rules("phrases = [\"📸\", \"🗳️\"]\ncontext = { phrases = [\"coworker\"], window = 2 }");
        assert_eq!(found(&rs, "my coworker 📸"), ["📸"]);
        assert_eq!(found(&rs, "📸\u{FE0F} with my coworker"), ["📸\u{FE0F}"]);
        assert_eq!(found(&rs, "my coworker 🗳"), ["🗳"]);
        assert!(found(&rs, "📸 at the lake with all of my coworker").is_empty());
        // Phrases still meet across emoji, as before.
        let words = rules("phrases = [\"great job team\"]");
        assert_eq!(found(&words, "great job 👏 team"), ["great job 👏 team"]);
        let tone = rules("phrases = [\"👍\"]");
        assert_eq!(found(&tone, "ok 👍🏽"), ["👍🏽"]);
    }

    #[test]
    fn classes_are_cues_in_any_phrase_list() {
        let rs =
            rules("phrases = [\"for sale\"]\ncontext = { phrases = [\"<amount>\"], window = 3 }");
        assert_eq!(found(&rs, "bike for sale, $40"), ["for sale"]);
        assert!(found(&rs, "bike for sale, 40 km away").is_empty());
        let names = rules("phrases = [\"<mention>\"]\nexcept_near = { phrases = [\"thanks\"] }");
        assert_eq!(found(&names, "ask @jdoe about it"), ["@jdoe"]);
        assert!(found(&names, "thanks @jdoe").is_empty());
    }

    #[test]
    fn a_class_in_several_lists_hits_in_each() {
        // Its hits are found once per draft and handed to every list that names it.
        let rs = rules(
            "phrases = [\"<mention>\"]\ncontext = { phrases = [\"<mention>\", \"<name>\"], window = 3 }\nexcept_near = { phrases = [\"<name>\"], window = 1 }",
        );
        assert_eq!(found(&rs, "ask @jdoe about it"), ["@jdoe"]);
        assert!(found(&rs, "ask @jdoe Sarah").is_empty());
        assert_eq!(found(&rs, "ask @jdoe now, then Sarah"), ["@jdoe"]);
    }
}
