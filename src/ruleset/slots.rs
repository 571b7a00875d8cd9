//! Classes inside phrases: `"<number> day suspension"`, « suspension de <number> jours ». The
//! words of such a phrase are found like any phrase's (one lookup per word); each class is then
//! checked at the word beside them, as a sequence `within = 1` of hidden cue lists: the words,
//! then the class, then the next words. The chain starts from the phrase's first words, so the
//! engine walks from their few hits, never from every number of a draft.

use std::collections::HashMap;

use super::compiler::Compiler;
use super::extra::{Class, Extra, Item};
use super::{CueId, Sequence};
use crate::phrase::{self, Literal};

/// One part of a phrase with classes: a run of words (its forms) or a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Words(Vec<Literal>),
    Class(Class),
}

/// A phrase with classes among its words, as written and in parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slotted {
    pub written: String,
    pub parts: Vec<Part>,
}

/// The classes a phrase may hold as one of its words: every class but `<emoji>`.
fn usable() -> Vec<String> {
    (Class::ALL.iter())
        .filter(|&&c| c != Class::Emoji)
        .map(|c| format!("<{}>", c.as_str()))
        .collect()
}

/// The items of phrase `w` when it holds a class among its words (`None` when it holds none),
/// or what is wrong with it. A lone class (`<number>`) is not parsed here. A choice or an
/// optional part holding a class is written out first: `on {<number>|two} days` is the two
/// phrases `on <number> days` and `on two days`.
pub(crate) fn items(w: &str) -> Option<Result<Vec<Item>, String>> {
    if !w.contains('<') {
        return None;
    }
    let mut items = Vec::new();
    let phrases = match written_out(w) {
        Ok(p) => p,
        Err(e) => return Some(Err(format!("phrase `{w}`: {e}"))),
    };
    for p in phrases {
        let one = match p.contains('<') {
            true => parts(&p).map(|parts| {
                vec![Item::Slotted(Slotted {
                    written: p.clone(),
                    parts,
                })]
            }),
            false => phrase::expand(&p).map(|forms| forms.into_iter().map(Item::Literal).collect()),
        };
        match one {
            Ok(one) => items.extend(one),
            Err(e) => return Some(Err(format!("phrase `{w}`: {e}"))),
        }
    }
    Some(Ok(items))
}

/// `w` with each group (`{a|b}`, `(x)`) that holds a class replaced by each of its choices.
fn written_out(w: &str) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    let mut todo = vec![w.to_string()];
    while let Some(p) = todo.pop() {
        let group = group_with_class(&p)?;
        let Some((open, close)) = group else {
            done.push(p);
            continue;
        };
        let inner = &p[open + 1..close];
        let choices: Vec<&str> = match &p[open..=open] {
            "{" => inner.split('|').collect(),
            _ if inner.contains('|') => {
                return Err("use `{a|b}` for choices; `(x)` marks one optional part".into())
            }
            _ => vec![inner, ""],
        };
        for c in choices {
            todo.push(format!("{}{c}{}", &p[..open], &p[close + 1..]));
        }
        if todo.len() + done.len() > phrase::MAX_EXPANSIONS {
            return Err(format!(
                "its classes in choices make more than {} phrases: split it",
                phrase::MAX_EXPANSIONS
            ));
        }
    }
    done.reverse();
    Ok(done)
}

/// The byte offsets of the first group of `p` that holds a `<`, its opening and closing marks.
fn group_with_class(p: &str) -> Result<Option<(usize, usize)>, String> {
    let mut open: Option<usize> = None;
    for (i, c) in p.char_indices() {
        match (c, open) {
            ('(' | '{', None) => open = Some(i),
            (')' | '}', Some(o)) => {
                if p[o..i].contains('<') {
                    return Ok(Some((o, i)));
                }
                open = None;
            }
            _ => {}
        }
    }
    match open {
        Some(o) => Err(format!("`{}` is never closed", &p[o..=o])),
        None => Ok(None),
    }
}

fn parts(w: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut words = String::new();
    let mut depth = 0;
    let mut rest = w;
    while let Some(c) = rest.chars().next() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            '<' => {
                let end = rest.find('>').ok_or_else(|| {
                    "`<` opens a class that `>` never closes (`<number>`)".to_string()
                })?;
                let written = &rest[..=end];
                if depth > 0 {
                    return Err(format!("`{written}` inside a group that does not close"));
                }
                let after = rest[end + 1..].chars().next();
                let before = words.chars().next_back();
                if before.is_some_and(|c| !c.is_whitespace())
                    || after.is_some_and(|c| !c.is_whitespace())
                {
                    return Err(format!("`{written}` must be a word of its own, with spaces around it (`<number> day` also meets `30-day`)"));
                }
                let class = Class::parse(&written[1..written.len() - 1])
                    .filter(|&c| c != Class::Emoji)
                    .ok_or_else(|| match written {
                        "<emoji>" => "`<emoji>` cannot be a word of a phrase: emoji are not words (a phrase already meets its words with an emoji between them); write `<emoji>` as a phrase of its own, or with words in `sequences`".to_string(),
                        _ => format!("unknown class `{written}`: a phrase may hold {}", usable().join(", ")),
                    })?;
                words_part(&mut words, &mut parts)?;
                parts.push(Part::Class(class));
                rest = &rest[end + 1..];
                continue;
            }
            _ => {}
        }
        words.push(c);
        rest = &rest[c.len_utf8()..];
    }
    words_part(&mut words, &mut parts)?;
    if !parts.iter().any(|p| matches!(p, Part::Words(_))) {
        return Err("it has no words: a phrase with a class needs a word to be found by; write each class as a phrase of its own, or pair them in `sequences`".to_string());
    }
    Ok(parts)
}

/// Ends the run of words `words` (when it has any) as a part of `parts`.
fn words_part(words: &mut String, parts: &mut Vec<Part>) -> Result<(), String> {
    let text = std::mem::take(words);
    if text.trim().is_empty() {
        return Ok(());
    }
    let forms = phrase::expand(&text)?;
    parts.push(Part::Words(forms));
    Ok(())
}

/// The hidden cue lists and sequences already made for phrases with classes, so that a list
/// used by many rules adds one sequence per use, not a chain.
#[derive(Default)]
pub(super) struct Made {
    /// For each phrase, the two lists its last sequence joins, and the sequence's stage.
    phrases: HashMap<String, (CueId, CueId, usize)>,
    /// The stage after which each list filled by sequences is complete.
    filled: HashMap<CueId, usize>,
}

impl Compiler {
    /// A new cue list that only sequences read.
    pub(super) fn hidden(&mut self) -> CueId {
        self.cue_lists += 1;
        self.cue_lists - 1
    }

    /// Adds a sequence, at the first stage at which its two lists are complete: a list that
    /// other sequences fill (a phrase with classes, a sequence of three) only after they ran.
    pub(super) fn sequence(&mut self, first: CueId, then: CueId, within: usize, into: CueId) {
        let ready = |l: &CueId| self.made.filled.get(l).map_or(0, |s| s + 1);
        let stage = ready(&first).max(ready(&then));
        self.sequences.push(Sequence {
            first,
            then,
            within,
            into,
            stage,
        });
        let filled = self.made.filled.entry(into).or_insert(stage);
        *filled = (*filled).max(stage);
    }

    /// Adds phrase `s` to cue list `into`: its first words as a hidden list, then each part
    /// after them and each before them joined on, right beside (`within = 1`).
    pub(super) fn slotted(&mut self, s: &Slotted, into: CueId) {
        if let Some(&(first, then, _)) = self.made.phrases.get(&s.written) {
            self.sequence(first, then, 1, into);
            return;
        }
        let Some(anchor) = s.parts.iter().position(|p| matches!(p, Part::Words(_))) else {
            return;
        };
        let list = |c: &mut Compiler, p: &Part| -> CueId {
            match p {
                Part::Words(forms) => {
                    let id = c.hidden();
                    for lit in forms {
                        c.cues.add(&lit.text, id, lit.prefix);
                    }
                    id
                }
                // One hidden list per class in a phrase, not one shared by every phrase: a
                // user's file laid over the precompiled rules cannot see the built-in ones, and
                // must number its lists as a compile of every file does (layers.rs). A class is
                // still found once per draft (engine/extra.rs); each list only takes its hits.
                Part::Class(class) => {
                    let id = c.hidden();
                    c.extras.push((Extra::Class(*class), id));
                    id
                }
            }
        };
        // The parts in the order they are joined: the anchor, those after it, those before.
        let after = s.parts[anchor + 1..].iter().map(|p| (p, true));
        let before = s.parts[..anchor].iter().rev().map(|p| (p, false));
        let steps: Vec<(&Part, bool)> = after.chain(before).collect();
        let mut done = list(self, &s.parts[anchor]);
        for (i, (part, after)) in steps.iter().enumerate() {
            let other = list(self, part);
            let (first, then) = if *after { (done, other) } else { (other, done) };
            if i + 1 == steps.len() {
                self.sequence(first, then, 1, into);
                let stage = self.sequences.last().map_or(0, |q| q.stage);
                self.made
                    .phrases
                    .insert(s.written.clone(), (first, then, stage));
                return;
            }
            let joined = self.hidden();
            self.sequence(first, then, 1, joined);
            done = joined;
        }
        // Words alone (never: a phrase without a class is not parsed here).
        for_words(self, &s.parts[anchor], into);
    }
}

/// Adds the forms of a run of words to cue list `into`.
fn for_words(c: &mut Compiler, part: &Part, into: CueId) {
    if let Part::Words(forms) = part {
        for lit in forms {
            c.cues.add(&lit.text, into, lit.prefix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    fn spans(rs: &Ruleset, text: &str) -> Vec<(usize, usize)> {
        let found = check(&Document::new(text), rs, &CheckOptions::default());
        let spans = found
            .findings
            .into_iter()
            .map(|f| (f.span.start, f.span.end));
        spans.collect()
    }

    #[test]
    fn a_phrase_with_a_class_is_split_into_words_and_classes() {
        let found = items("suspension de <number> jour(s)").unwrap().unwrap();
        let [Item::Slotted(s)] = &found[..] else {
            panic!("one phrase with a class: {found:?}")
        };
        assert_eq!(s.parts.len(), 3);
        assert_eq!(s.parts[1], Part::Class(Class::Number));
        let Part::Words(forms) = &s.parts[2] else {
            panic!("words")
        };
        assert_eq!(forms.len(), 2);
        assert!(items("no class here").is_none());
        // A class among choices: the phrase with the class, and the phrase with the words.
        let found = items("founded on {<number>|one|two}").unwrap().unwrap();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(matches!(&found[0], Item::Slotted(s) if s.written == "founded on <number>"));
    }

    #[test]
    fn a_class_beside_the_words_of_a_phrase_is_checked_at_that_word() {
        let rs = one_rule(
            "personal-information",
            r#"phrases = ["<number> day suspension", "suspension de <number> jour(s)", "paid <amount> by <name>"]"#,
        );
        assert_eq!(spans(&rs, "She got a 30 day suspension"), [(10, 27)]);
        assert_eq!(spans(&rs, "She got a 30-day suspension"), [(10, 27)]);
        assert_eq!(spans(&rs, "une suspension de 3 jours, ouch"), [(4, 25)]);
        assert_eq!(spans(&rs, "I was paid $40 by Marc today"), [(6, 22)]);
        // Not beside: another word between, or no number at all.
        assert!(spans(&rs, "a 30 long day suspension").is_empty());
        assert!(spans(&rs, "a day suspension").is_empty());
        assert!(spans(&rs, "une suspension de trois jours").is_empty());
        assert!(spans(&rs, "3 jours de suspension").is_empty());
        let rs = one_rule(
            "integrity",
            r#"phrases = ["founded on {<number>|two} count(s)"]"#,
        );
        assert_eq!(spans(&rs, "founded on 3 counts"), [(0, 19)]);
        assert_eq!(spans(&rs, "founded on two counts"), [(0, 21)]);
        assert!(spans(&rs, "founded on number counts").is_empty());
    }

    #[test]
    fn a_list_with_a_class_phrase_serves_every_rule_that_uses_it() {
        let rs = one_rule(
            "personal-information",
            r#"phrases = ["@sanctions"]
context = { phrases = ["@sanctions", "fired"], window = 4 }
[[list]]
id = "sanctions"
phrases = ["<number> day suspension", "mise à pied de <number> jours"]
"#,
        );
        assert_eq!(spans(&rs, "a 5 day suspension"), [(2, 18)]);
        assert_eq!(spans(&rs, "une mise à pied de 10 jours"), [(4, 28)]);
        assert!(spans(&rs, "une mise à pied de dix jours").is_empty());
    }

    #[test]
    fn classes_that_cannot_stand_in_a_phrase_are_reported_where_they_are() {
        let err = |phrase: &str| one_rule_error("integrity", &format!("phrases = [\"{phrase}\"]"));
        let e = err("great <emoji> team");
        assert!(
            e.contains("t.toml:8:12: rule `x`: phrase `great <emoji> team`: `<emoji>` cannot be a word of a phrase"),
            "{e}"
        );
        let e = err("<numbr> days");
        assert!(
            e.contains("unknown class `<numbr>`: a phrase may hold <mention>, <hashtag>, <number>"),
            "{e}"
        );
        let e = err("<number>-day suspension");
        assert!(e.contains("must be a word of its own"), "{e}");
        let e = err("{a|<number> days");
        assert!(e.contains("`{` is never closed"), "{e}");
        let e = err("<number> <date>");
        assert!(e.contains("has no words"), "{e}");
        let e = err("<number days");
        assert!(e.contains("never closes"), "{e}");
    }
}
