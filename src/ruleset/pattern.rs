//! A rule's regular expression, compiled the first time a draft needs it.
//!
//! Compiling every pattern of the ruleset was most of a run's start-up, and a draft that has
//! none of a rule's context words never runs its patterns. The built-in patterns are compiled
//! by the test suite (so they are known to compile); patterns from a user's rule file are
//! compiled at once, so their errors are still reported with the rest of the file's.

mod boundary;

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::text::View;
use boundary::Loose;

/// The largest compiled pattern accepted, in bytes.
const SIZE_LIMIT: usize = 1 << 22;

#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
    /// Literals one of which every match contains, when the pattern's start says so: a text
    /// that has none of them needs the pattern neither run nor compiled.
    required: Option<Vec<String>>,
    /// Whether some text of ASCII only can hold a match, found out when first asked.
    ascii: OnceLock<bool>,
    /// The pattern starts with `\b`: a required literal that starts with a letter or digit
    /// only counts where no letter or digit stands before it.
    bounded: bool,
    /// The pattern's entry in the ruleset's [`Gates`], for patterns of the words view.
    pub(crate) gate: Option<u32>,
    /// The pattern with ASCII word boundaries, built when a text beyond ASCII first needs it.
    loose: OnceLock<Option<Loose>>,
}

impl Pattern {
    /// Compiles a pattern now, as written in a rule file.
    pub fn build(source: &str) -> Result<Regex, regex::Error> {
        RegexBuilder::new(source).size_limit(SIZE_LIMIT).build()
    }

    /// A pattern already compiled.
    pub fn compiled(source: &str, re: Regex) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::from(Some(re)),
            required: required_literals(source),
            ascii: OnceLock::new(),
            bounded: source.starts_with("\\b"),
            gate: None,
            loose: OnceLock::new(),
        }
    }

    /// A pattern compiled on first use; only for patterns known to compile.
    pub fn deferred(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
            required: required_literals(source),
            ascii: OnceLock::new(),
            bounded: source.starts_with("\\b"),
            gate: None,
            loose: OnceLock::new(),
        }
    }

    /// The compiled pattern (`None` only if a deferred pattern fails to compile, which the
    /// tests rule out for the built-in ones).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Pattern::build(&self.source).ok())
            .as_ref()
    }

    /// The compiled pattern to run over `haystack`, or `None` when it cannot match there
    /// (then, until a text needs it, it is not compiled at all).
    pub fn for_text(&self, haystack: &str) -> Option<&Regex> {
        self.ready(haystack, true)
    }

    /// [`Pattern::for_text`], with the scan for required literals left out when `literals` is
    /// false (the ruleset's gates have already found them).
    fn ready(&self, haystack: &str, literals: bool) -> Option<&Regex> {
        if let Some(re) = self.compiled.get() {
            return re.as_ref();
        }
        if let Some(literals) = self.required.as_ref().filter(|_| literals) {
            // Every occurrence, overlapping ones too: the first may fail the boundary test.
            let found = |l: &String| {
                let mut from = 0;
                while let Some(i) = haystack.get(from..).and_then(|h| h.find(l.as_str())) {
                    let at = from + i;
                    if !self.bounded || starts_word(haystack, at, l) {
                        return true;
                    }
                    from = at + l.chars().next().map_or(1, char::len_utf8);
                }
                false
            };
            if !literals.iter().any(found) {
                return None;
            }
        }
        // Invisible characters, emoji: some patterns need what plain ASCII text never has.
        if haystack.is_ascii() && !*self.ascii.get_or_init(|| can_match_ascii(&self.source)) {
            return None;
        }
        self.get()
    }

    /// The matches of the pattern in a view (byte ranges, as `Regex::find_iter` gives them), or
    /// `None` when it cannot match there. On text beyond ASCII, a pattern whose `\b` allow it
    /// runs with ASCII boundaries and confirms each match (see [`boundary`]).
    /// `open` is what the ruleset's gates said of the view (see [`Pattern::may_match`]).
    pub fn find_iter<'a>(
        &'a self,
        view: &'a View,
        open: Option<&[bool]>,
    ) -> Option<Box<dyn Iterator<Item = Range<usize>> + 'a>> {
        if !self.may_match(open) {
            return None;
        }
        let text = view.as_str();
        // A gate that opened has found the literals: no need to look for them once per pattern.
        let gated = self.gate.is_some() && open.is_some();
        let re = self.ready(text, !gated)?;
        let chars = view.non_ascii();
        if !chars.is_empty() {
            let loose = self
                .loose
                .get_or_init(|| Loose::new(&self.source, SIZE_LIMIT));
            if let Some(l) = loose.as_ref().filter(|l| l.fits(chars)) {
                return Some(Box::new(l.find_iter(text)));
            }
        }
        Some(Box::new(re.find_iter(text).map(|m| m.range())))
    }
}

/// False when every match of `pattern` needs a character beyond ASCII, so that a text of
/// ASCII only cannot hold one; `true` when unsure. Parsing is much cheaper than compiling.
fn can_match_ascii(pattern: &str) -> bool {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn possible(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(l) => l.0.is_ascii(),
            HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| r.start() <= '\x7f'),
            HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| r.start() <= 0x7f),
            HirKind::Repetition(r) => r.min == 0 || possible(&r.sub),
            HirKind::Capture(c) => possible(&c.sub),
            HirKind::Concat(v) => v.iter().all(possible),
            HirKind::Alternation(v) => v.iter().any(possible),
        }
    }
    regex_syntax::parse(pattern).map_or(true, |h| possible(&h))
}

/// The required literals of every pattern of the words view in one automaton: one scan of a
/// draft's words view tells which of those patterns may match, and the others are not run.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    literals: Vec<String>,
    /// For each literal, the gate it opens, and whether it must start a word.
    owner: Vec<(u32, bool)>,
    gates: u32,
    automaton: Option<AhoCorasick>,
}

impl Gates {
    /// Gives a pattern of the words view its gate, when its start names literals.
    pub fn add(&mut self, pattern: &mut Pattern) {
        let Some(required) = &pattern.required else {
            return;
        };
        let gate = self.gates;
        self.gates += 1;
        for l in required {
            self.literals.push(l.clone());
            self.owner.push((gate, pattern.bounded));
        }
        pattern.gate = Some(gate);
    }

    /// Builds the automaton once every pattern is in.
    pub fn finish(&mut self) {
        if self.literals.is_empty() {
            return;
        }
        // A gate that cannot be built leaves every pattern open (`open` answers `None`).
        self.automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.literals)
            .ok();
        self.literals = Vec::new();
    }

    /// Which gates a text opens; `None` when every pattern must run.
    pub fn open(&self, text: &str) -> Option<Vec<bool>> {
        let ac = self.automaton.as_ref()?;
        let mut open = vec![false; self.gates as usize];
        for m in ac.find_overlapping_iter(text) {
            let (gate, bounded) = self.owner[m.pattern().as_usize()];
            if !bounded || starts_word(text, m.start(), &text[m.range()]) {
                open[gate as usize] = true;
            }
        }
        Some(open)
    }
}

impl Pattern {
    /// False when the text's gates say this pattern cannot match.
    pub fn may_match(&self, open: Option<&[bool]>) -> bool {
        match (self.gate, open) {
            (Some(g), Some(open)) => open.get(g as usize).copied().unwrap_or(true),
            _ => true,
        }
    }

    /// Whether the pattern is compiled already (validation compiles every pattern up front).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some_and(Option::is_some)
    }
}

/// False only when `\b` cannot hold before `literal` at `at`: it starts with a letter or digit
/// and one stands before it. "Letter or digit" is narrower than Unicode's word characters, so
/// the answer errs towards running the pattern, never towards skipping a match.
fn starts_word(text: &str, at: usize, literal: &str) -> bool {
    let word = |c: char| c.is_alphabetic() || c.is_ascii_digit() || c == '_';
    if !literal.chars().next().is_some_and(word) {
        return true;
    }
    !text[..at].chars().next_back().is_some_and(word)
}

/// Characters that stand for themselves in a pattern (outside a class).
fn is_plain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '\'' | '-')
}

/// The literals one of which every match of `pattern` contains, read from its start:
/// `\bmy ` gives `my `, `\b(ahead of|before) …` gives `ahead of` and `before`. `None` for any
/// other shape, for flags (case-insensitive matches), or for an alternation at the top level.
fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let body = pattern.strip_prefix("\\b").unwrap_or(pattern);
    let quantified = |rest: &str| rest.starts_with(['?', '*', '+', '{']);
    let literals: Vec<String> = if let Some(group) = body
        .strip_prefix("(?:")
        .or_else(|| body.strip_prefix('(').filter(|g| !g.starts_with('?')))
    {
        let end = group.find(')')?;
        let (inner, rest) = (&group[..end], &group[end + 1..]);
        if quantified(rest) || !inner.chars().all(|c| is_plain(c) || c == '|') {
            return None;
        }
        inner.split('|').map(str::to_string).collect()
    } else {
        let run = body.find(|c: char| !is_plain(c)).unwrap_or(body.len());
        let mut text = &body[..run];
        if quantified(&body[run..]) {
            // The quantifier applies to the last character only.
            text = &text[..text.char_indices().last().map_or(0, |(i, _)| i)];
        }
        vec![text.to_string()]
    };
    let flags = pattern
        .match_indices("(?")
        .any(|(i, _)| !pattern[i + 2..].starts_with(':'));
    if flags || literals.iter().any(String::is_empty) {
        return None;
    }
    // An alternation at the top level lets a match skip the start.
    let (mut depth, mut class, mut escaped) = (0i32, false, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            _ if class => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => return None,
            _ => {}
        }
    }
    Some(literals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required_literals(p)
    }

    #[test]
    fn literals_every_match_contains() {
        assert_eq!(
            req(r"\bmy (\w+ ){0,2}(business|shop)\b"),
            Some(vec!["my ".into()])
        );
        assert_eq!(
            req(r"\b(ahead of|before) (the )?launch\b"),
            Some(vec!["ahead of".into(), "before".into()])
        );
        assert_eq!(
            req(r"\b(?:vote|votez) pour"),
            Some(vec!["vote".into(), "votez".into()])
        );
        assert_eq!(req(r"\bvotes? for"), Some(vec!["vote".into()]));
        assert_eq!(req(r"\b(a|b)? c"), None);
        assert_eq!(req(r"\b(a|b) c|d"), None);
        assert_eq!(req(r"(?i)\bvote"), None);
        assert_eq!(req(r"\b(?i:vote) x"), None);
        assert_eq!(req(r"\b\d{3}"), None);
        assert_eq!(req(r"^\W*(cra|arc) here"), None);
        assert_eq!(req(r"\b(x|[|]) y"), None);
        assert_eq!(req(r"\bx[|]y"), Some(vec!["x".into()]));
        assert_eq!(req(r"🤡"), None);
    }

    #[test]
    fn patterns_that_need_more_than_ascii() {
        assert!(!can_match_ascii(
            r"[\x{202A}-\x{202E}](?:[^\n]{0,200}[\x{202A}-\x{202E}])?"
        ));
        assert!(!can_match_ascii(r"\p{L}*[\x{200B}\x{FEFF}]+\p{L}"));
        assert!(!can_match_ascii("[📸📷]|🤡"));
        assert!(
            can_match_ascii(r"(?i)\bk"),
            "the Kelvin sign folds to k, but k is ASCII too"
        );
        assert!(can_match_ascii(r"\b\d{3}\b"));
        assert!(can_match_ascii(r"x?🤡?"));
        let p = Pattern::deferred("🤡");
        assert!(p.for_text("a clown").is_none() && p.compiled.get().is_none());
        assert!(p.for_text("a 🤡").is_some());
    }

    #[test]
    fn gates_open_for_the_literals_a_text_has() {
        let mut gates = Gates::default();
        let mut a = Pattern::deferred(r"\b(ahead of|before) the launch\b");
        let mut b = Pattern::deferred(r"\bmy (\w+ )?business\b");
        let mut c = Pattern::deferred(r"\b\d{3}\b");
        for p in [&mut a, &mut b, &mut c] {
            gates.add(p);
        }
        gates.finish();
        let open = gates.open("well before the launch");
        let open = open.as_deref();
        assert!(a.may_match(open) && !b.may_match(open) && c.may_match(open));
        // `\bmy` cannot match inside `army`.
        let open = gates.open("the army business");
        assert!(!b.may_match(open.as_deref()));
    }

    #[test]
    fn a_pattern_is_compiled_only_for_a_text_that_may_match() {
        let p = Pattern::deferred(r"\b(ahead of|before) the launch\b");
        assert!(p.for_text("lunch after the launch").is_none());
        assert!(p.for_text("hereinbefore the launch").is_none());
        let q = Pattern::deferred(r"\b(a a) b");
        assert!(
            q.for_text("xa a a b").is_some(),
            "the second, overlapping `a a` starts a word"
        );
        assert!(p.compiled.get().is_none());
        let re = p.for_text("before the launch").expect("compiled now");
        assert!(re.is_match("before the launch"));
    }
}
