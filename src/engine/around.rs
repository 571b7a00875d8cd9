//! What occurs around a candidate: its contexts (all required) and its `except_near` (none
//! allowed), each in a window of words or in the candidate's sentence. A rule with neither
//! never gets here, so it pays nothing for them.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::OnceLock;

use super::{distance, near, overlaps, Candidate, Hit, Hits};
use crate::ruleset::{Near, Open, Rule, Side, Window};
use crate::text::{Document, View};

/// What every rule's nears are decided over, for one document.
pub(super) struct Around<'a> {
    doc: &'a Document,
    hits: &'a Hits,
    longest: &'a [usize],
    open: &'a Open,
    /// The sentence of each token, found when a rule first asks (rules may run on several
    /// threads, see `crate::large`).
    sentences: OnceLock<Vec<u32>>,
    /// The paragraph of each token, likewise.
    paragraphs: OnceLock<Vec<u32>>,
}

impl<'a> Around<'a> {
    pub fn new(
        doc: &'a Document,
        hits: &'a Hits,
        longest: &'a [usize],
        open: &'a Open,
    ) -> Around<'a> {
        Around {
            doc,
            hits,
            longest,
            open,
            sentences: OnceLock::new(),
            paragraphs: OnceLock::new(),
        }
    }

    /// The tokens of the sentences a candidate spans, and `more` sentences either side (first
    /// and last, both included).
    fn sentence(&self, c: &Candidate, more: usize) -> Range<usize> {
        let ids = self
            .sentences
            .get_or_init(|| crate::lang::sentences(self.doc));
        stretch(ids, c, more)
    }

    /// The tokens of the paragraphs a candidate spans (first and last, both included).
    fn paragraph(&self, c: &Candidate) -> Range<usize> {
        let ids = self
            .paragraphs
            .get_or_init(|| super::paragraph::paragraphs(self.doc));
        stretch(ids, c, 0)
    }

    /// The hits of pattern cues in a view, sorted by first token.
    fn pattern_hits(&self, view: &View, near: &Near, words: bool) -> Vec<Hit> {
        let mut out = Vec::new();
        if self.doc.tokens().is_empty() {
            return out;
        }
        let patterns = if words {
            &near.word_patterns
        } else {
            &near.patterns
        };
        for matches in patterns.iter().filter_map(|p| p.find_iter(view, self.open)) {
            for m in matches.filter(|m| !m.is_empty()) {
                let orig = view.to_original(m);
                let (first, last) = self.doc.tokens_covering(&orig);
                out.push(Hit::new(orig, first, last));
            }
        }
        out
    }
}

/// The tokens whose stretch (sentence, paragraph: `ids`, one per token, in order) is one the
/// candidate spans or at most `more` either side; first and last, both included.
fn stretch(ids: &[u32], c: &Candidate, more: usize) -> Range<usize> {
    let (Some(&a), Some(&b)) = (ids.get(c.first), ids.get(c.last)) else {
        return c.first..c.last;
    };
    let more = u32::try_from(more).unwrap_or(u32::MAX);
    let (a, b) = (a.saturating_sub(more), b.saturating_add(more));
    ids.partition_point(|&s| s < a)..ids.partition_point(|&s| s <= b).saturating_sub(1)
}

/// One rule's nears over one document, with their pattern hits found on first need.
pub(super) struct RuleNear<'r, 'a> {
    around: &'r Around<'a>,
    context: &'r [Near],
    except_near: &'r [Near],
    /// Pattern hits of each near (contexts first), with the longest hit in tokens; empty (and
    /// never allocated) when no near has patterns.
    patterns: Vec<OnceCell<(Vec<Hit>, usize)>>,
}

/// The nears of a rule, or `None` when it has none (nothing to decide).
pub(super) fn rule_near<'r, 'a>(
    rule: &'r Rule,
    around: &'r Around<'a>,
) -> Option<RuleNear<'r, 'a>> {
    let all = || rule.context.iter().chain(&rule.except_near);
    let n = rule.context.len() + rule.except_near.len();
    let patterns = match all().any(Near::has_patterns) {
        true => (0..n).map(|_| OnceCell::new()).collect(),
        false => Vec::new(),
    };
    (n > 0).then(|| RuleNear {
        around,
        context: &rule.context,
        except_near: &rule.except_near,
        patterns,
    })
}

/// The signals of a score as nears decided one by one (none is required on its own).
pub(super) fn signal_near<'r, 'a>(signals: &'r [Near], around: &'r Around<'a>) -> RuleNear<'r, 'a> {
    let patterns = match signals.iter().any(Near::has_patterns) {
        true => (0..signals.len()).map(|_| OnceCell::new()).collect(),
        false => Vec::new(),
    };
    RuleNear {
        around,
        context: signals,
        except_near: &[],
        patterns,
    }
}

impl RuleNear<'_, '_> {
    /// Every cue of near `n` (the `i`th), phrases and patterns, sorted by first token.
    pub fn hits(&self, i: usize, n: &Near) -> Vec<Hit> {
        let phrases = n.cue.map(|k| &self.around.hits[k]).unwrap_or_default();
        let mut all = phrases.to_vec();
        all.extend_from_slice(self.pattern_cues(i, n).0);
        all.sort_by_key(|h| (h.first(), h.start(), h.end()));
        all
    }

    /// The pattern cues of near `n` (the `i`th), found on first need, with the longest in tokens.
    fn pattern_cues(&self, i: usize, n: &Near) -> (&[Hit], usize) {
        let a = self.around;
        match self.patterns.get(i).filter(|_| n.has_patterns()) {
            None => (&[], 0),
            Some(cell) => {
                let (hits, longest) = cell.get_or_init(|| {
                    let mut hits = a.pattern_hits(a.doc.clean(), n, false);
                    hits.extend(a.pattern_hits(a.doc.words(), n, true));
                    hits.sort_by_key(|h| (h.first(), h.start(), h.end()));
                    let longest = hits.iter().map(|h| h.last() - h.first()).max().unwrap_or(0);
                    (hits, longest)
                });
                (hits, *longest)
            }
        }
    }

    /// `None` when the candidate does not count (a context missing, an exception near);
    /// otherwise the nearest cue of the first context, if the rule has one.
    pub fn decide(&self, c: &Candidate) -> Option<Option<Range<usize>>> {
        let mut first = None;
        for (i, n) in self.context.iter().enumerate() {
            let h = self.nearest(i, n, c)?;
            if i == 0 {
                first = Some(h.orig());
            }
        }
        let offset = self.context.len();
        for (i, n) in self.except_near.iter().enumerate() {
            if self.nearest(offset + i, n, c).is_some() {
                return None;
            }
        }
        Some(first)
    }

    /// The cue of near `n` (the `i`th of the rule) nearest the candidate, within its window.
    pub fn nearest(&self, i: usize, n: &Near, c: &Candidate) -> Option<Hit> {
        self.nearest_where(i, n, c, |_| true)
    }

    /// [`RuleNear::nearest`] among the cues `keep` accepts (those no other signal claimed).
    pub fn nearest_where(
        &self,
        i: usize,
        n: &Near,
        c: &Candidate,
        keep: impl Fn(&Hit) -> bool,
    ) -> Option<Hit> {
        let a = self.around;
        let stretch = match n.window {
            Window::Words(_) | Window::Draft => None,
            Window::Sentence => Some(a.sentence(c, 0)),
            Window::Sentences(k) => Some(a.sentence(c, k)),
            Window::SentencesInParagraph(k) => {
                let (s, p) = (a.sentence(c, k), a.paragraph(c));
                Some(s.start.max(p.start)..s.end.min(p.end))
            }
            Window::Paragraph => Some(a.paragraph(c)),
        };
        let window = match (n.window, &stretch) {
            (Window::Words(w), _) => w,
            (_, Some(s)) => c
                .first
                .saturating_sub(s.start)
                .max(s.end.saturating_sub(c.last)),
            _ => a.doc.tokens().len(),
        };
        let phrases = n
            .cue
            .map(|k| near(&a.hits[k], a.longest[k], c, window))
            .into_iter()
            .flatten();
        let (hits, longest) = self.pattern_cues(i, n);
        phrases
            .chain(near(hits, longest, c, window))
            .filter(|h| !n.outside || !overlaps(&h.orig(), &c.orig))
            .filter(|h| match n.side {
                Side::Both => true,
                Side::Before => h.start() < c.orig.start,
                Side::After => h.end() > c.orig.end,
            })
            .filter(|h| {
                stretch
                    .as_ref()
                    .is_none_or(|s| h.first() <= s.end && h.last() >= s.start)
            })
            .filter(|h| keep(h))
            .min_by_key(|h| distance(h, c))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, CheckOptions};
    use crate::ruleset::{CompileOptions, RuleSource, Ruleset};
    use crate::text::Document;

    fn rules(body: &str) -> Ruleset {
        one_rule("consent", body)
    }

    fn fires(rs: &Ruleset, text: &str) -> bool {
        !check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .is_empty()
    }

    #[test]
    fn several_contexts_are_all_required() {
        let rs = rules(
            r#"phrases = ["photo"]
[[rule.context]]
phrases = ["coworker"]
window = 4
[[rule.context]]
phrases = ["posted", "shared"]
window = 4
"#,
        );
        assert!(fires(&rs, "posted a photo of my coworker"));
        assert!(!fires(&rs, "a photo of my coworker"));
        assert!(!fires(&rs, "posted a photo of the lake"));
        assert!(!fires(
            &rs,
            "posted it. then many many more words and a photo of my coworker"
        ));
    }

    #[test]
    fn outside_ignores_the_hit_s_own_words() {
        let own = rules("phrases = [\"my team\"]\ncontext = { phrases = [\"team\"], window = 3 }");
        assert!(fires(&own, "my team"));
        let outside = rules(
            "phrases = [\"my team\"]\ncontext = { phrases = [\"team\"], window = 3, outside = true }",
        );
        assert!(!fires(&outside, "my team"));
        assert!(fires(&outside, "my team, best team"));
    }

    #[test]
    fn a_sentence_window_stops_at_the_sentence() {
        let rs = rules(
            "phrases = [\"photo\"]\ncontext = { phrases = [\"coworker\"], window = \"sentence\" }",
        );
        assert!(fires(
            &rs,
            "a photo I took at the lake with every single coworker there"
        ));
        assert!(!fires(&rs, "a photo. my coworker"));
    }

    #[test]
    fn a_window_of_sentences_takes_that_many_either_side() {
        let rs = rules(
            "phrases = [\"photo\"]\ncontext = { phrases = [\"coworker\"], window = \"sentences:1\" }",
        );
        assert!(fires(&rs, "a photo. my coworker"));
        assert!(fires(&rs, "my coworker! a photo"));
        assert!(fires(&rs, "the lake. my coworker. a photo. more"));
        assert!(!fires(&rs, "my coworker. the lake. a photo"));
        let cond = rules(
            "phrases = [\"photo\"]\n[rule.condition]\nunless = [\"agreed\"]\nwindow = \"sentences:1\"",
        );
        assert!(!fires(&cond, "a photo. everyone agreed"));
        assert!(fires(&cond, "a photo. the lake. everyone agreed"));
        let draft = rules(
            "phrases = [\"photo\"]\ncontext = { phrases = [\"coworker\"], window = \"draft\" }",
        );
        assert!(fires(&draft, "my coworker. the lake. the sky. a photo"));
        assert!(!fires(&draft, "the lake. the sky. a photo"));
    }

    #[test]
    fn an_exception_near_a_hit_drops_it() {
        let rs = rules(
            r#"phrases = ["photo"]
[rule.except_near]
phrases = ["consent(ed)", "agreed"]
window = 3
"#,
        );
        assert!(fires(&rs, "a photo of the team"));
        assert!(!fires(&rs, "everyone agreed to the photo"));
        assert!(fires(
            &rs,
            "everyone agreed, which was lovely, on the plan; here is the photo"
        ));
        let sentence = rules(
            "phrases = [\"photo\"]\nexcept_near = { phrases = [\"agreed\"], window = \"sentence\" }",
        );
        assert!(!fires(
            &sentence,
            "everyone agreed, which was lovely, on the plan; here is the photo"
        ));
        assert!(fires(&sentence, "everyone agreed. here is the photo"));
    }

    #[test]
    fn a_sentence_condition_is_decided_in_the_hit_s_sentence() {
        let rs = rules(
            r#"phrases = ["photo"]
[rule.condition]
unless = ["agreed"]
requires = ["team"]
window = "sentence"
"#,
        );
        assert!(fires(&rs, "a photo of the team. everyone agreed"));
        assert!(!fires(&rs, "a photo of the team everyone agreed to"));
        assert!(!fires(&rs, "a photo. the team"));
    }

    #[test]
    fn several_conditions_are_all_required() {
        let rs = rules(
            r#"phrases = ["photo"]
[[rule.condition]]
requires = ["team"]
unless = ["agreed"]
[[rule.condition]]
requires = ["posted", "shared"]
unless = ["fiction"]
[[rule.condition]]
unless = ["consent"]
window = "sentence"
"#,
        );
        assert!(fires(&rs, "posted a photo. the team"));
        assert!(!fires(&rs, "a photo of the team"));
        assert!(!fires(&rs, "posted a photo of the lake"));
        assert!(!fires(&rs, "posted a photo. the team agreed"));
        assert!(!fires(&rs, "posted a photo. the team. fiction"));
        assert!(!fires(&rs, "posted a photo with consent. the team"));
        assert!(fires(&rs, "posted a photo. the team gave consent"));
    }

    #[test]
    fn a_side_keeps_only_the_cues_on_that_side() {
        let rs = rules(
            r#"phrases = ["on behalf of", "au nom de"]
[rule.except_near]
phrases = ["not speaking", "je ne parle pas", "je parle pas"]
window = 3
side = "before"
"#,
        );
        assert!(fires(&rs, "speaking on behalf of the ministry"));
        assert!(!fires(&rs, "not speaking on behalf of the ministry"));
        assert!(fires(&rs, "je parle au nom de la direction"));
        assert!(!fires(&rs, "je ne parle pas au nom de la direction"));
        assert!(!fires(&rs, "je parle pas au nom de mon ministère"));
        assert!(fires(&rs, "on behalf of the team, not speaking"));
        let after = rules(
            "phrases = [\"photo\"]\ncontext = { phrases = [\"posted\"], window = 4, side = \"after\" }",
        );
        assert!(fires(&after, "a photo i posted"));
        assert!(!fires(&after, "i posted a photo"));
    }

    #[test]
    fn context_patterns_count_as_cues() {
        let rs = rules(
            r#"phrases = ["for sale"]
context = { patterns = ['\$\s?\d+'], window = 3 }
"#,
        );
        assert!(fires(&rs, "old bike for sale $ 40"));
        assert!(!fires(&rs, "old bike for sale, ask me"));
    }

    #[test]
    fn a_rule_of_every_new_part_passes_its_own_examples() {
        let file = r#"[[rule]]
id = "photo-of-coworker-shared"
category = "consent"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "m", fr = "m" }
advice = { en = "a", fr = "a" }
phrases = ["photo(s)", "📸"]
[[rule.context]]
phrases = ["coworker(s)", "collègue(s)"]
window = "sentence"
[[rule.context]]
phrases = ["posted", "shared", "publié(e)", "<hashtag>"]
window = 6
[rule.except_near]
phrases = ["consent(ed)", "agreed", "accord"]
window = "sentence"
[rule.examples]
match.en = ["Posted 📸 of my coworkers at the picnic", "photos of coworkers #picnic"]
match.fr = ["J'ai publié des photos de mes collègues"]
no_match.en = ["Posted photos of my coworkers, who agreed", "photos of coworkers", "Posted photos. My coworkers rock"]
no_match.fr = ["J'ai publié des photos de mes collègues, avec leur accord"]
"#;
        let rs = Ruleset::compile(
            &[RuleSource::new("t.toml", file)],
            &CompileOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let outcome = crate::ruletest::run(&rs, &[]);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    }

    #[test]
    fn bad_windows_and_empty_contexts_say_what_to_do() {
        let err = crate::engine::one_rule_error(
            "consent",
            r#"phrases = ["photo"]
[[rule.context]]
window = "chapter"
[rule.condition]
unless = ["ok"]
window = 3
[rule.except_near]
phrases = ["x"]
window = "sentences:x"
"#,
        );
        assert!(
            err.contains("t.toml:9:1: rule `x`: `context` has nothing to look for"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:10:10: rule `x`: `window = \"chapter\"`"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:13:10: rule `x`: a condition is decided"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:16:10: rule `x`: `window = \"sentences:x\"`: write"),
            "{err}"
        );
    }
}
