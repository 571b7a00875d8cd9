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
/// (an `@`, a `#`, a digit), so that its pattern compiles only for drafts that have it. Each test
/// accepts a superset of what the pattern needs (`is_numeric` ⊇ `\d`), so it never loses a
/// match. `<name>`, `<mention>` and `<number>` are found by hand (`classes`), never by regex.
fn might_match(c: Class, text: &str) -> bool {
    match c {
        Class::Mention => text.contains('@'),
        Class::Hashtag => text.contains('#'),
        Class::Number | Class::Amount | Class::Date => text.chars().any(char::is_numeric),
        Class::Name | Class::Emoji => true,
    }
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
            return Hit {
                start,
                end,
                first,
                last,
            };
        }
        if first > 0
            && tokens
                .get(first)
                .is_some_and(|t| t.orig_start as usize >= end)
        {
            first -= 1;
        }
        let last = first;
        Hit {
            start,
            end,
            first,
            last,
        }
    };
    let mut emoji: Option<Vec<(std::ops::Range<usize>, String)>> = None;
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
                let clean = doc.clean();
                let ranges = match super::classes::find(*c, clean.as_str()) {
                    Some(ranges) => ranges,
                    None => by_regex(*c, clean.as_str()),
                };
                for range in ranges.into_iter().filter(|r| !r.is_empty()) {
                    let orig = clean.to_original(range);
                    push(place(orig.start, orig.end, false));
                }
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
}
