//! The built-in ruleset compiled at build time: build.rs runs the same compiler over
//! `rules/*.toml` and writes the result as bytes into the binary, so a run reads the rules and
//! the cue index back with a few copies instead of expanding and folding every phrase again.
//! Anything the bytes do not say (a file that failed to compile) sends the run back to the
//! rule files, which then report their problems as usual.

use std::borrow::Cow;

use zerocopy::IntoBytes;

use super::cold::Cold;
use super::cues::{CueIndex, Reader, Writer};
use super::{
    AtExample, Class, CueId, Escalation, Examples, Extra, Gates, Near, Pattern, Quoted, Rule,
    Score, Sequence, Side, Signal, Validator, Window,
};
use crate::guidance::{Contact, Guidance, GuidanceDocument, Question, Section};
use crate::taxonomy::{Category, Lang, Severity, Text};

/// Changes whenever the layout below does: bytes of another layout are not read.
const VERSION: u32 = 19;
const NONE: u32 = u32::MAX;
/// A window of the whole draft; one of sentences has this bit set over their number (a window
/// in words is far below it).
const DRAFT: u32 = NONE - 1;
const SENTENCES: u32 = 1 << 30;
/// A window of the hit's paragraph.
const PARAGRAPH: u32 = NONE - 2;
/// With `SENTENCES`: never past the hit's paragraph.
const IN_PARAGRAPH: u32 = 1 << 29;

/// What a ruleset is, less the roles (read from their own file: they are few).
pub(super) struct Parts {
    pub guidance: Guidance,
    pub rules: Vec<Rule>,
    pub escalations: Vec<Escalation>,
    pub cues: CueIndex,
    pub gates: Gates,
    pub cue_lists: usize,
    pub extras: Vec<(Extra, CueId)>,
    pub sequences: Vec<Sequence>,
}

fn cue(w: &mut Writer, c: Option<usize>) {
    w.u32(c.map_or(NONE, |c| c as u32));
}

fn strings(w: &mut Writer, v: &[String]) {
    w.u32(v.len() as u32);
    v.iter().for_each(|s| w.str(s));
}

fn text(w: &mut Writer, t: &Text) {
    w.str(&t.en);
    w.str(&t.fr);
}

/// A part only some commands read ([`Cold`]): the bytes of its own writer as one run of
/// numbers, so that a run steps over it at once and reads it in place when it is asked for.
fn cold(w: &mut Writer, write: impl FnOnce(&mut Writer)) {
    let mut part = Writer::default();
    write(&mut part);
    let words: Vec<u32> = part
        .bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    w.u32s(&words);
}

fn read_cold<T>(r: &mut Reader, read: fn(&mut Reader) -> Option<T>) -> Option<Cold<T>> {
    let bytes: &'static [u8] = match r.u32s()? {
        Cow::Borrowed(words) => words.as_bytes(),
        // Only for bytes not aligned in memory (the embedded ones are) or on a big-endian
        // machine: the part is copied once, for the life of the process.
        Cow::Owned(words) => {
            let bytes: Vec<u8> = words.iter().flat_map(|n| n.to_le_bytes()).collect();
            bytes.leak()
        }
    };
    Some(Cold::stored(bytes, read))
}

fn examples(w: &mut Writer, e: &Examples) {
    for list in [&e.matches, &e.no_match] {
        w.u32(list.len() as u32);
        for (lang, t) in list {
            w.str(lang.as_str());
            w.str(t);
        }
    }
    w.u32(e.at.len() as u32);
    for a in &e.at {
        w.str(a.severity.as_str());
        w.str(a.lang.as_str());
        w.str(&a.text);
        w.u32(a.line);
        w.u32(a.column);
    }
}

/// Contexts or exceptions near a hit: each with its window (`NONE` for a sentence, `DRAFT`,
/// `SENTENCES | n`), its
/// switch and its patterns, as written, each followed by its gate.
fn nears(w: &mut Writer, list: &[Near]) {
    w.u32(list.len() as u32);
    for n in list {
        cue(w, n.cue);
        window(w, n.window);
        // `outside` in bit 0, the side in the bits above.
        let side = match n.side {
            Side::Both => 0,
            Side::Before => 2,
            Side::After => 4,
        };
        w.u32(u32::from(n.outside) | side);
        cold(w, |w| strings(w, &n.written));
        for ps in [&n.patterns, &n.word_patterns] {
            w.u32(ps.len() as u32);
            for p in ps {
                w.str(p.source());
                w.u32(p.gate.unwrap_or(NONE));
            }
        }
    }
}

fn window(w: &mut Writer, window: Window) {
    w.u32(match window {
        Window::Words(k) => k.min(IN_PARAGRAPH as usize - 1) as u32,
        Window::Sentence => NONE,
        Window::Draft => DRAFT,
        Window::Sentences(k) => SENTENCES | k.min(0xFFFF) as u32,
        Window::SentencesInParagraph(k) => SENTENCES | IN_PARAGRAPH | k.min(0xFFFF) as u32,
        Window::Paragraph => PARAGRAPH,
    });
}

fn read_window(r: &mut Reader) -> Option<Window> {
    Some(match r.u32()? {
        NONE => Window::Sentence,
        DRAFT => Window::Draft,
        PARAGRAPH => Window::Paragraph,
        k if k & SENTENCES != 0 && k & IN_PARAGRAPH != 0 => {
            Window::SentencesInParagraph((k & !(SENTENCES | IN_PARAGRAPH)) as usize)
        }
        k if k & SENTENCES != 0 => Window::Sentences((k & !SENTENCES) as usize),
        k => Window::Words(k as usize),
    })
}

/// A score: a flag (0 none, 1 a score, 2 a `distinct` one), then its threshold, high mark
/// (`NONE`), window and signals, each a name, a weight (an `i32`'s bits), a required flag and its
/// cues as a near.
fn score(w: &mut Writer, s: Option<&Score>) {
    let Some(s) = s else {
        w.u32(0);
        return;
    };
    w.u32(if s.distinct { 2 } else { 1 });
    w.u32(s.threshold as u32);
    w.u32(s.high_at.map_or(NONE, |h| h as u32));
    window(w, s.window);
    w.u32(s.signals.len() as u32);
    for sig in &s.signals {
        w.str(&sig.name);
        w.u32(sig.weight as u32);
        w.u32(u32::from(sig.required));
    }
    nears(w, &s.nears);
    nears(w, &s.unless);
    for &(from, to) in &s.unless_of {
        w.u32(from as u32);
        w.u32(to as u32);
    }
}

fn read_score(r: &mut Reader) -> Option<Option<Score>> {
    let flag = r.u32()?;
    if flag == 0 {
        return Some(None);
    }
    let threshold = r.u32()? as i32;
    let high_at = Some(r.u32()?).filter(|&h| h != NONE).map(|h| h as i32);
    let window = read_window(r)?;
    let n = r.u32()?;
    let signals = (0..n)
        .map(|_| {
            let name = r.str()?.to_string();
            let weight = r.u32()? as i32;
            let required = r.u32()? != 0;
            Some(Signal {
                name,
                weight,
                required,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let nears = read_nears(r)?;
    let unless = read_nears(r)?;
    let unless_of = (0..signals.len())
        .map(|_| {
            let (from, to) = (r.u32()? as usize, r.u32()? as usize);
            (from <= to && to <= unless.len()).then_some((from, to))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Some(Score {
        threshold,
        high_at,
        window,
        distinct: flag == 2,
        signals,
        nears,
        unless,
        unless_of,
    }))
}

fn read_nears(r: &mut Reader) -> Option<Vec<Near>> {
    let n = r.u32()?;
    (0..n)
        .map(|_| {
            let cue = read_cue(r)?;
            let window = read_window(r)?;
            let flags = r.u32()?;
            let outside = flags & 1 == 1;
            let side = match flags >> 1 {
                0 => Side::Both,
                1 => Side::Before,
                _ => Side::After,
            };
            let written = read_cold(r, read_strings)?;
            let mut patterns = || -> Option<Vec<Pattern>> {
                let n = r.u32()?;
                (0..n)
                    .map(|_| {
                        let mut p = Pattern::deferred(r.str()?);
                        p.gate = read_cue(r)?.map(|g| g as u32);
                        Some(p)
                    })
                    .collect()
            };
            Some(Near {
                cue,
                patterns: patterns()?,
                word_patterns: patterns()?,
                window,
                outside,
                side,
                written,
            })
        })
        .collect()
}

/// The compiled rules as bytes. A rule's patterns are the last of its triggers, as written:
/// the triggers are read only when asked for, the patterns' sources follow, each with its gate.
// One argument per part of a compiled ruleset: a struct of them would only be built to be
// taken apart here.
#[allow(clippy::too_many_arguments)]
pub(super) fn encode(
    guidance: &Guidance,
    rules: &[Rule],
    escalations: &[Escalation],
    cues: &CueIndex,
    gates: &Gates,
    cue_lists: usize,
    extras: &[(Extra, CueId)],
    sequences: &[Sequence],
) -> Vec<u8> {
    let mut w = Writer::default();
    w.u32(VERSION);
    w.u32(cue_lists as u32);
    encode_guidance(&mut w, guidance);
    w.u32(rules.len() as u32);
    for r in rules {
        w.str(&r.id);
        w.str(r.category.as_str());
        w.str(r.severity.as_str());
        let langs: Vec<String> = r.languages.iter().map(|l| l.as_str().into()).collect();
        strings(&mut w, &langs);
        strings(&mut w, &r.sections);
        text(&mut w, &r.message);
        text(&mut w, &r.advice);
        text(&mut w, &r.description);
        strings(&mut w, &r.tags);
        w.u32(u32::from(r.sensitive));
        cold(&mut w, |w| examples(w, &r.examples));
        w.str(&r.origin);
        cue(&mut w, r.phrases);
        for n in [
            r.patterns.len(),
            r.word_patterns.len(),
            r.raw_patterns.len(),
        ] {
            w.u32(n as u32);
        }
        w.u32(u32::from(r.validator == Some(Validator::Luhn)));
        cue(&mut w, r.except);
        nears(&mut w, &r.context);
        nears(&mut w, &r.except_near);
        nears(&mut w, &r.lower_near);
        nears(&mut w, &r.raise_near);
        // `quoted` in the low bits, `hashtags = "skip"` in bit 4; then `author`.
        let mode = |q: Quoted| match q {
            Quoted::Keep => 0,
            Quoted::Skip => 1,
            Quoted::Lower => 2,
        };
        w.u32(mode(r.quoted) | u32::from(r.skip_hashtags) << 4);
        w.u32(mode(r.author));
        cue(&mut w, r.unless);
        cue(&mut w, r.requires);
        score(&mut w, r.score.as_ref());
        w.u32(u32::from(r.enabled));
        cold(&mut w, |w| strings(w, &r.triggers));
        for p in r
            .patterns
            .iter()
            .chain(&r.word_patterns)
            .chain(&r.raw_patterns)
        {
            w.str(p.source());
            w.u32(p.gate.unwrap_or(NONE));
        }
    }
    w.u32(escalations.len() as u32);
    for e in escalations {
        w.str(&e.id);
        let cats: Vec<String> = e.categories.iter().map(|c| c.as_str().into()).collect();
        strings(&mut w, &cats);
        text(&mut w, &e.reason);
        cold(&mut w, |w| examples(w, &e.examples));
        w.str(&e.origin);
        cue(&mut w, (e.cues != usize::MAX).then_some(e.cues));
    }
    w.u32(extras.len() as u32);
    for (x, c) in extras {
        w.u32(*c as u32);
        match x {
            Extra::Emoji(k) => {
                w.u32(0);
                w.str(k);
            }
            Extra::Class(k) => {
                w.u32(1);
                w.str(k.as_str());
            }
        }
    }
    w.u32(sequences.len() as u32);
    for s in sequences {
        for n in [s.first, s.then, s.within, s.into, s.stage] {
            w.u32(n as u32);
        }
    }
    cues.encode(&mut w);
    gates.encode(&mut w);
    w.bytes
}

fn encode_guidance(w: &mut Writer, g: &Guidance) {
    w.u32(g.documents.len() as u32);
    for d in &g.documents {
        w.str(&d.id);
        text(w, &d.title);
        text(w, &d.audience);
        w.str(&d.source);
    }
    w.u32(g.sections.len() as u32);
    for s in &g.sections {
        w.str(&s.id);
        w.str(&s.document);
        text(w, &s.title);
        text(w, &s.summary);
    }
    w.u32(g.questions.len() as u32);
    for q in &g.questions {
        let cats: Vec<String> = q.categories.iter().map(|c| c.as_str().into()).collect();
        strings(w, &cats);
        w.str(&q.section);
        text(w, &q.text);
    }
    w.u32(g.contacts.len() as u32);
    for c in &g.contacts {
        strings(w, &c.roles);
        text(w, &c.text);
    }
}

fn read_categories(r: &mut Reader) -> Option<Vec<Category>> {
    read_strings(r)?
        .iter()
        .map(|c| Category::parse(c))
        .collect()
}

fn read_guidance(r: &mut Reader) -> Option<Guidance> {
    let n = r.u32()?;
    let documents = (0..n)
        .map(|_| {
            Some(GuidanceDocument {
                id: r.str()?.to_string(),
                title: read_text(r)?,
                audience: read_text(r)?,
                source: r.str()?.to_string(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let sections = (0..n)
        .map(|_| {
            Some(Section {
                id: r.str()?.to_string(),
                document: r.str()?.to_string(),
                title: read_text(r)?,
                summary: read_text(r)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let questions = (0..n)
        .map(|_| {
            Some(Question {
                categories: read_categories(r)?,
                section: r.str()?.to_string(),
                text: read_text(r)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let contacts = (0..n)
        .map(|_| {
            Some(Contact {
                roles: read_strings(r)?,
                text: read_text(r)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Guidance::from_parts(
        documents, sections, questions, contacts,
    ))
}

fn read_cue(r: &mut Reader) -> Option<Option<usize>> {
    let n = r.u32()?;
    Some((n != NONE).then_some(n as usize))
}

fn read_strings(r: &mut Reader) -> Option<Vec<String>> {
    let n = r.u32()?;
    (0..n).map(|_| r.str().map(str::to_string)).collect()
}

fn read_text(r: &mut Reader) -> Option<Text> {
    Some(Text {
        en: r.str()?.to_string(),
        fr: r.str()?.to_string(),
    })
}

fn read_examples(r: &mut Reader) -> Option<Examples> {
    let mut list = || -> Option<Vec<(Lang, String)>> {
        let n = r.u32()?;
        (0..n)
            .map(|_| Some((Lang::parse(r.str()?)?, r.str()?.to_string())))
            .collect()
    };
    let (matches, no_match) = (list()?, list()?);
    let n = r.u32()?;
    let at = (0..n)
        .map(|_| {
            Some(AtExample {
                severity: Severity::parse(r.str()?)?,
                lang: Lang::parse(r.str()?)?,
                text: r.str()?.to_string(),
                line: r.u32()?,
                column: r.u32()?,
            })
        })
        .collect::<Option<_>>()?;
    Some(Examples {
        matches,
        no_match,
        at,
    })
}

fn read_rule(r: &mut Reader) -> Option<Rule> {
    let id = r.str()?.to_string();
    let category = Category::parse(r.str()?)?;
    let severity = Severity::parse(r.str()?)?;
    let languages = read_strings(r)?
        .iter()
        .map(|l| Lang::parse(l))
        .collect::<Option<Vec<_>>>()?;
    let sections = read_strings(r)?;
    let message = read_text(r)?;
    let advice = read_text(r)?;
    let description = read_text(r)?;
    let tags = read_strings(r)?;
    let sensitive = r.u32()? == 1;
    let examples = read_cold(r, read_examples)?;
    let origin = r.str()?.to_string();
    let phrases = read_cue(r)?;
    let counts = [r.u32()? as usize, r.u32()? as usize, r.u32()? as usize];
    let validator = (r.u32()? == 1).then_some(Validator::Luhn);
    let except = read_cue(r)?;
    let context = read_nears(r)?;
    let except_near = read_nears(r)?;
    let lower_near = read_nears(r)?;
    let raise_near = read_nears(r)?;
    let mode = |m: u32| match m {
        0 => Some(Quoted::Keep),
        1 => Some(Quoted::Skip),
        2 => Some(Quoted::Lower),
        _ => None,
    };
    let bits = r.u32()?;
    let skip_hashtags = bits & 16 != 0;
    let quoted = mode(bits & !16)?;
    let author = mode(r.u32()?)?;
    let unless = read_cue(r)?;
    let requires = read_cue(r)?;
    let score = read_score(r)?;
    let enabled = r.u32()? == 1;
    let triggers = read_cold(r, read_strings)?;
    // The built-in patterns are compiled when a draft first needs them, as in `compile`.
    let mut sources = Vec::with_capacity(counts.iter().sum());
    for _ in 0..counts.iter().sum() {
        let mut p = Pattern::deferred(r.str()?);
        p.gate = read_cue(r)?.map(|g| g as u32);
        sources.push(p);
    }
    let mut sources = sources.into_iter();
    let patterns: Vec<Pattern> = sources.by_ref().take(counts[0]).collect();
    let word_patterns: Vec<Pattern> = sources.by_ref().take(counts[1]).collect();
    let raw_patterns: Vec<Pattern> = sources.collect();
    Some(Rule {
        id,
        category,
        severity,
        languages,
        sections,
        message,
        advice,
        description,
        tags,
        sensitive,
        examples,
        origin,
        phrases,
        patterns,
        word_patterns,
        raw_patterns,
        validator,
        except,
        context,
        except_near,
        lower_near,
        raise_near,
        quoted,
        author,
        skip_hashtags,
        unless,
        requires,
        score,
        enabled,
        triggers,
    })
}

/// Reads back what build.rs wrote; `None` when the bytes are missing or of another layout.
pub(super) fn decode(bytes: &'static [u8]) -> Option<Parts> {
    let mut r = Reader::new(bytes);
    if r.u32()? != VERSION {
        return None;
    }
    let cue_lists = r.u32()? as usize;
    let guidance = read_guidance(&mut r)?;
    let n = r.u32()?;
    let rules = (0..n)
        .map(|_| read_rule(&mut r))
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let escalations = (0..n)
        .map(|_| {
            Some(Escalation {
                id: r.str()?.to_string(),
                categories: read_categories(&mut r)?,
                reason: read_text(&mut r)?,
                examples: read_cold(&mut r, read_examples)?,
                origin: r.str()?.to_string(),
                cues: read_cue(&mut r)?.unwrap_or(usize::MAX),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let extras = (0..n)
        .map(|_| {
            let cue = r.u32()? as usize;
            let x = match r.u32()? {
                0 => Extra::Emoji(r.str()?.to_string()),
                _ => Extra::Class(Class::parse(r.str()?)?),
            };
            Some((x, cue))
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let sequences = (0..n)
        .map(|_| {
            Some(Sequence {
                first: r.u32()? as usize,
                then: r.u32()? as usize,
                within: r.u32()? as usize,
                into: r.u32()? as usize,
                stage: r.u32()? as usize,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let cues = CueIndex::decode(&mut r)?;
    let gates = Gates::decode(&mut r)?;
    r.is_done().then_some(Parts {
        guidance,
        rules,
        escalations,
        cues,
        gates,
        cue_lists,
        extras,
        sequences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_s_unless_near_reads_back() {
        let body = r#"[rule.score]
threshold = 2
[[rule.score.signal]]
name = "a"
phrases = ["a"]
[[rule.score.signal]]
name = "b"
phrases = ["b"]
unless_near = [{ phrases = ["x"], window = 2 }, { patterns = ['\by\b'], side = "after" }]
[[rule.score.signal]]
name = "c"
weight = -1
phrases = ["c"]
unless_near = { phrases = ["z"], window = "sentence" }
"#;
        let rs = crate::engine::one_rule("confidentiality", body);
        let s = rs.rules[0].score().expect("a score");
        let mut w = Writer::default();
        score(&mut w, Some(s));
        let mut r = Reader::new(w.bytes.leak());
        let again = read_score(&mut r).flatten().expect("reads back");
        assert!(r.is_done());
        assert_eq!(again.unless_of, [(0, 0), (0, 2), (2, 3)]);
        assert_eq!(again.unless_of, s.unless_of);
        let windows = |s: &Score| {
            s.unless
                .iter()
                .map(|n| (n.window, n.side))
                .collect::<Vec<_>>()
        };
        assert_eq!(windows(&again), windows(s));
        assert_eq!(again.unless_near(1)[1].cues, ["\\by\\b"]);
    }

    /// A one-rule harassment ruleset of `body`, and what its encoding reads back as.
    fn round_trip(body: &str) -> (crate::ruleset::Ruleset, Parts) {
        let rs = crate::engine::one_rule("harassment", body);
        let bytes = encode(
            &rs.guidance,
            &rs.rules,
            &rs.escalations,
            &rs.cues,
            &rs.gates,
            rs.cue_lists,
            &rs.extras,
            &rs.sequences,
        );
        let parts = decode(bytes.leak()).expect("reads back");
        (rs, parts)
    }

    #[test]
    fn a_rule_s_quoted_reads_back() {
        for quoted in ["skip", "lower"] {
            let body = format!("quoted = \"{quoted}\"\nphrases = [\"clowns\"]\n");
            let (rs, parts) = round_trip(&body);
            assert_eq!(parts.rules[0].quoted, rs.rules[0].quoted);
            assert_eq!(parts.rules[0].quoted.as_str(), quoted);
        }
    }

    #[test]
    fn a_rule_s_author_reads_back() {
        for mode in ["skip", "lower"] {
            let body = format!("author = \"{mode}\"\nphrases = [\"clowns\"]\n");
            let (rs, parts) = round_trip(&body);
            assert_eq!(parts.rules[0].author, rs.rules[0].author);
            assert_eq!(parts.rules[0].author.as_str(), mode);
        }
    }

    #[test]
    fn every_kind_of_window_reads_back() {
        for (written, window) in [
            ("3", Window::Words(3)),
            ("\"sentence\"", Window::Sentence),
            ("\"sentences:2\"", Window::Sentences(2)),
            (
                "\"sentences:2 in paragraph\"",
                Window::SentencesInParagraph(2),
            ),
            ("\"paragraph\"", Window::Paragraph),
            ("\"draft\"", Window::Draft),
        ] {
            let body = format!(
                "phrases = [\"x\"]\ncontext = {{ phrases = [\"y\"], window = {written} }}\n"
            );
            let (rs, parts) = round_trip(&body);
            assert_eq!(rs.rules[0].context[0].window, window);
            assert_eq!(parts.rules[0].context[0].window, window, "{written}");
        }
    }

    #[test]
    fn lower_near_and_raise_near_read_back() {
        let body = r#"phrases = ["sign up"]
[[rule.lower_near]]
phrases = ["lawn"]
window = 3
[[rule.lower_near]]
patterns = ['\byard\b']
window = "sentences:1"
[rule.raise_near]
phrases = ["<mention>"]
side = "after"
"#;
        let rs = crate::engine::one_rule("integrity", body);
        let mut w = Writer::default();
        for list in [&rs.rules[0].lower_near, &rs.rules[0].raise_near] {
            nears(&mut w, list);
        }
        let bytes: &'static [u8] = w.bytes.leak();
        let mut r = Reader::new(bytes);
        let (lower, raise) = (read_nears(&mut r).unwrap(), read_nears(&mut r).unwrap());
        assert!(r.is_done());
        // What runs, the patterns by their source (read back deferred, not compiled).
        fn shape(v: &[Near]) -> Vec<impl PartialEq + std::fmt::Debug + '_> {
            let v = v.iter().map(|n| {
                let sources: Vec<(&str, Option<u32>)> =
                    n.patterns.iter().map(|p| (p.source(), p.gate)).collect();
                (n.cue, n.window, n.side, n.written.to_vec(), sources)
            });
            v.collect()
        }
        assert_eq!(shape(&lower), shape(&rs.rules[0].lower_near));
        assert_eq!(shape(&raise), shape(&rs.rules[0].raise_near));
        assert_eq!(lower.len(), 2);
        assert_eq!(raise[0].side, Side::After);
    }

    #[test]
    fn negative_and_required_signals_read_back() {
        let body = r#"[rule.score]
threshold = 2
high_at = 3
[[rule.score.signal]]
name = "team"
required = true
phrases = ["my team"]
[[rule.score.signal]]
name = "hedge"
weight = 2
phrases = ["stay tuned"]
[[rule.score.signal]]
name = "praise"
weight = -2
phrases = ["bravo"]
"#;
        let rs = crate::engine::one_rule("confidentiality", body);
        let s = rs.rules[0].score().expect("a score");
        let mut w = Writer::default();
        score(&mut w, Some(s));
        let bytes: &'static [u8] = w.bytes.leak();
        let mut r = Reader::new(bytes);
        let again = read_score(&mut r).flatten().expect("reads back");
        assert!(r.is_done());
        let signals = |s: &Score| {
            let v = s
                .signals
                .iter()
                .map(|g| (g.name.clone(), g.weight, g.required));
            (s.threshold, s.high_at, v.collect::<Vec<_>>())
        };
        assert_eq!(signals(s), signals(&again));
        assert!(again.signals.iter().any(|g| g.weight == -2));
        assert!(again.signals.iter().any(|g| g.required));
    }
}
