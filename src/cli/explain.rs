//! `postcheck explain ID`: a rule (what it looks for, why it matters under the guidance, what to
//! do, an example that fires and one that does not) or a guidance section (its summary and the
//! rules that cite it), in the reader's language, wrapped to the terminal.

use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};

use postcheck::guidance::Section;
use postcheck::render::text::wrap_text;
use postcheck::ruleset::{
    CompileOptions, Nearby, Quoted, Rule, Ruleset, Score, Shift, Side, Window,
};
use postcheck::taxonomy::Lang;

use super::args::RuleArgs;
use super::{load_rules, terminal_width};

/// At most this many of a rule's phrases are listed.
const MAX_TRIGGERS: usize = 10;

pub fn run(id: &str, lang: Lang, rule_args: &RuleArgs) -> Result<u8> {
    let rules = load_rules(rule_args, &CompileOptions::default())?;
    let page = Page {
        rs: &rules,
        l: lang,
        width: terminal_width(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(r) = rules.rule(id) {
        page.rule(&mut out, r)?;
    } else if let Some(s) = rules.guidance.section(id) {
        page.section(&mut out, s)?;
    } else if id == "model" || id.starts_with("model-") {
        page.model(&mut out)?;
    } else {
        bail!("{}", unknown(&rules, id, lang));
    }
    out.flush()?;
    Ok(0)
}

/// The error for an id nothing has, with the ids that look like it.
fn unknown(rs: &Ruleset, id: &str, l: Lang) -> String {
    let wanted = id.to_lowercase();
    let near: Vec<&str> = rs
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(rs.guidance.sections.iter().map(|s| s.id.as_str()))
        .filter(|c| !wanted.is_empty() && (c.contains(&wanted) || wanted.contains(*c)))
        .take(5)
        .collect();
    let mut msg = match l {
        Lang::En => format!("no rule or guidance section has the id `{id}`"),
        Lang::Fr => format!("aucune règle ni section des orientations n'a l'identifiant `{id}`"),
    };
    if !near.is_empty() {
        msg.push_str(l.pick("; did you mean: ", "; vouliez-vous dire : "));
        msg.push_str(&near.join(", "));
    }
    msg.push_str(l.pick(
        ". The ids are listed by `postcheck rules list`; sections appear in [brackets] in reports.",
        ". `postcheck rules list` donne les identifiants; les sections figurent entre [crochets] dans les rapports.",
    ));
    msg
}

/// A window in words, as a reader says it.
fn window_text(w: Window, l: Lang) -> String {
    match w {
        Window::Words(k) => match l {
            Lang::En => format!("within {k} words"),
            Lang::Fr => format!("à {k} mots au plus"),
        },
        Window::Sentence => l.pick("in the same sentence", "dans la même phrase").into(),
        Window::Sentences(k) => match l {
            Lang::En => format!("in the same sentence or {k} either side"),
            Lang::Fr => format!("dans la même phrase ou {k} de part et d'autre"),
        },
        Window::SentencesInParagraph(k) => match l {
            Lang::En => format!("in the same sentence or {k} either side, in the same paragraph"),
            Lang::Fr => {
                format!("dans la même phrase ou {k} de part et d'autre, dans le même paragraphe")
            }
        },
        Window::Paragraph => l
            .pick("in the same paragraph", "dans le même paragraphe")
            .into(),
        Window::Draft => l
            .pick("anywhere in the draft", "n'importe où dans le brouillon")
            .into(),
    }
}

struct Page<'a> {
    rs: &'a Ruleset,
    l: Lang,
    width: usize,
}

impl Page<'_> {
    fn heading(&self, out: &mut dyn Write, en: &str, fr: &str) -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", self.l.pick(en, fr))
    }

    /// `text` wrapped, every line indented by `indent`, the first led by `lead`.
    fn para(&self, out: &mut dyn Write, indent: usize, lead: &str, text: &str) -> io::Result<()> {
        let hang = indent + lead.chars().count();
        for (i, line) in wrap_text(text, self.width.saturating_sub(hang).max(20))
            .iter()
            .enumerate()
        {
            let first = if i == 0 { lead } else { "" };
            let pad = if i == 0 { indent } else { hang };
            writeln!(out, "{}{first}{line}", " ".repeat(pad))?;
        }
        Ok(())
    }

    /// `explain model`: what the word model is, what it was trained on, what it does.
    fn model(&self, out: &mut dyn Write) -> io::Result<()> {
        let l = self.l;
        let Some(meta) = postcheck::model::META.as_ref() else {
            return writeln!(
                out,
                "{}",
                l.pick(
                    "The word model is off: its file does not parse.",
                    "Le modèle de mots est désactivé : son fichier est illisible."
                )
            );
        };
        self.heading(
            out,
            "The word model (model-…)",
            "Le modèle de mots (model-…)",
        )?;
        self.para(out, 0, "", meta.about.get(l))?;
        let n = postcheck::model::feature_count().to_string();
        let (raise, lower, also) = (
            format!("{:.2}", meta.raise_at),
            format!("{:.2}", meta.lower_below),
            format!("{:.2}", meta.also_at),
        );
        let facts = match l {
            Lang::En => format!("{n} words and word pairs weighed. Raises at p ≥ {raise} (other categories at p ≥ {also}, at low); lowers below p < {lower}. Never lowers: {}.", meta.exempt.join(", ")),
            Lang::Fr => format!("{n} mots et paires de mots pondérés. Signale à p ≥ {raise} (autres catégories à p ≥ {also}, à faible); abaisse sous p < {lower}. N’abaisse jamais : {}.", meta.exempt.join(", ")),
        };
        self.para(out, 0, "", &facts)
    }

    fn section_summary(&self, out: &mut dyn Write, s: &Section) -> io::Result<()> {
        writeln!(out, "  § {} [{}]", s.title.get(self.l), s.id)?;
        self.para(out, 4, "", s.summary.get(self.l))
    }

    fn rule(&self, out: &mut dyn Write, r: &Rule) -> io::Result<()> {
        let l = self.l;
        let langs: Vec<&str> = r
            .languages
            .iter()
            .map(|x| match x {
                Lang::En => l.pick("English", "anglais"),
                Lang::Fr => l.pick("French", "français"),
            })
            .collect();
        writeln!(out, "{}", r.id)?;
        writeln!(
            out,
            "  {} · {}{}{} · {}{}",
            r.category.label(l),
            l.pick("severity: ", "gravité : "),
            r.severity.label(l),
            if r.is_enabled() {
                ""
            } else {
                l.pick(" (turned off)", " (désactivée)")
            },
            l.pick("checks drafts in: ", "vérifie les brouillons en : "),
            langs.join(", ")
        )?;

        self.heading(out, "What it looks for", "Ce qu'elle repère")?;
        self.para(out, 2, "", r.description.get(l))?;
        if !r.triggers.is_empty() {
            let mut shown: Vec<String> = r
                .triggers
                .iter()
                .take(MAX_TRIGGERS)
                .map(|t| format!("«\u{a0}{t}\u{a0}»"))
                .collect();
            if r.triggers.len() > MAX_TRIGGERS {
                shown.push("…".into());
            }
            let lead = l.pick("Words and patterns: ", "Mots et motifs : ");
            self.para(out, 2, lead, &shown.join(", "))?;
        }
        if let Some(s) = r.score() {
            self.score(out, s)?;
        }
        for n in r.nearby() {
            self.nearby(out, &n)?;
        }
        let quoted = match r.quoted {
            Quoted::Keep => None,
            Quoted::Skip => Some(l.pick(
                "silent on words inside a quotation (« … », “…”, \"…\"): reported speech",
                "muette sur les mots entre guillemets (« … », “…”, \"…\") : propos rapportés",
            )),
            Quoted::Lower => Some(l.pick(
                "one level lower on words inside a quotation (« … », “…”, \"…\"): reported speech",
                "un niveau plus bas sur les mots entre guillemets (« … », “…”, \"…\") : propos rapportés",
            )),
        };
        if let Some(q) = quoted {
            self.para(out, 2, l.pick("Quotations: ", "Citations : "), q)?;
        }
        let author = match r.author {
            Quoted::Keep => None,
            Quoted::Skip => Some(l.pick(
                "silent on words about the author (\"I almost burned out\", « j'ai fait un burn-out »): only someone else's story counts",
                "muette sur les mots qui parlent de l'auteur (« j'ai fait un burn-out », \"I almost burned out\") : seule l'histoire d'une autre personne compte",
            )),
            Quoted::Lower => Some(l.pick(
                "one level lower on words about the author (\"I almost burned out\", « j'ai fait un burn-out »)",
                "un niveau plus bas sur les mots qui parlent de l'auteur (« j'ai fait un burn-out », \"I almost burned out\")",
            )),
        };
        if let Some(a) = author {
            self.para(out, 2, l.pick("The author: ", "L'auteur : "), a)?;
        }
        if r.skip_hashtags {
            let what = l.pick(
                "silent on words inside hashtags (#burnout, a line of tags): a tag names a topic",
                "muette sur les mots des mots-clics (#épuisement, une ligne de mots-clics) : un mot-clic nomme un sujet",
            );
            self.para(out, 2, l.pick("Hashtags: ", "Mots-clics : "), what)?;
        }

        self.heading(
            out,
            "Why it matters under the guidance",
            "Pourquoi c'est important selon les orientations",
        )?;
        if r.message.get(l) != r.description.get(l) {
            self.para(out, 2, "", r.message.get(l))?;
        }
        for s in r
            .sections
            .iter()
            .filter_map(|s| self.rs.guidance.section(s))
        {
            self.section_summary(out, s)?;
        }

        self.heading(out, "What to do", "Que faire")?;
        self.para(out, 2, "", r.advice.get(l))?;

        let raised: Vec<_> = self
            .rs
            .escalations
            .iter()
            .filter(|e| e.categories.contains(&r.category))
            .collect();
        if !raised.is_empty() {
            self.heading(out, "Raised one level when", "Relevée d'un niveau lorsque")?;
            for e in raised {
                self.para(out, 2, "• ", &format!("{} [{}]", e.reason.get(l), e.id))?;
            }
        }

        let pick = |v: &[(Lang, String)]| {
            v.iter()
                .find(|(x, _)| *x == l)
                .or(v.first())
                .map(|(_, t)| t.clone())
        };
        // A rule may list its firing drafts only by severity (`examples.at`).
        let at: Vec<(Lang, String)> = (r.examples.at.iter())
            .map(|a| (a.lang, a.text.clone()))
            .collect();
        if let Some(e) = pick(&r.examples.matches).or_else(|| pick(&at)) {
            self.heading(out, "Fires on", "Se déclenche sur")?;
            self.para(out, 2, "", &format!("«\u{a0}{e}\u{a0}»"))?;
        }
        if let Some(e) = pick(&r.examples.no_match) {
            self.heading(out, "Stays silent on", "Reste muette sur")?;
            self.para(out, 2, "", &format!("«\u{a0}{e}\u{a0}»"))?;
        }
        Ok(())
    }

    /// A context the rule requires, or an exception near a hit, with its window.
    fn nearby(&self, out: &mut dyn Write, n: &Nearby) -> io::Result<()> {
        let l = self.l;
        let lead = match (n.shift, n.except) {
            (Some(Shift::Lower), _) => {
                l.pick("One level lower near: ", "Un niveau plus bas près de : ")
            }
            (Some(Shift::Raise), _) => {
                l.pick("One level higher near: ", "Un niveau plus haut près de : ")
            }
            (None, false) => l.pick("Only near: ", "Seulement près de : "),
            (None, true) => l.pick("Not near: ", "Pas près de : "),
        };
        self.para(out, 2, lead, &self.near_text(n))
    }

    /// The cues of a near, then its window (and side) in brackets.
    fn near_text(&self, n: &Nearby) -> String {
        let l = self.l;
        let mut cues: Vec<String> = n
            .cues
            .iter()
            .take(MAX_TRIGGERS)
            .map(|t| format!("«\u{a0}{t}\u{a0}»"))
            .collect();
        if n.cues.len() > MAX_TRIGGERS {
            cues.push("…".into());
        }
        let window = window_text(n.window, l);
        let outside = match n.outside {
            true => l.pick(", not its own words", ", hors de ses propres mots"),
            false => "",
        };
        let side = match n.side {
            Side::Both => "",
            Side::Before => l.pick(", before it", ", avant lui"),
            Side::After => l.pick(", after it", ", après lui"),
        };
        format!("{} ({window}{outside}{side})", cues.join(", "))
    }

    /// A score: when it fires, then each signal with its weight and cues.
    fn score(&self, out: &mut dyn Write, s: &Score) -> io::Result<()> {
        let l = self.l;
        let window = window_text(s.window, l);
        let mut text = match l {
            Lang::En => format!(
                "fires where the signals found {window} weigh {} or more together (of {}); each signal counts once",
                s.threshold,
                s.most()
            ),
            Lang::Fr => format!(
                "se déclenche là où les signaux trouvés {window} pèsent ensemble {} ou plus (sur {}); chaque signal compte une fois",
                s.threshold,
                s.most()
            ),
        };
        if s.distinct {
            text.push_str(l.pick(
                ", and each word of the draft for one signal only",
                ", et chaque mot du brouillon pour un seul signal",
            ));
        }
        if let Some(h) = s.high_at {
            text.push_str(&match l {
                Lang::En => format!("; high from {h}"),
                Lang::Fr => format!("; élevée à partir de {h}"),
            });
        }
        self.para(out, 2, l.pick("Score: ", "Pointage : "), &text)?;
        for (i, sig) in s.signals.iter().enumerate() {
            let cues = s.cues(i);
            let mut shown: Vec<String> = cues
                .iter()
                .take(MAX_TRIGGERS)
                .map(|t| format!("«\u{a0}{t}\u{a0}»"))
                .collect();
            if cues.len() > MAX_TRIGGERS {
                shown.push("…".into());
            }
            // A true minus sign: "weight −2" reads as a subtraction, not a dash.
            let weight = match sig.weight < 0 {
                true => format!("\u{2212}{}", sig.weight.unsigned_abs()),
                false => sig.weight.to_string(),
            };
            let required = match sig.required {
                true => l.pick(", required", ", requis"),
                false => "",
            };
            let lead = format!(
                "• {} ({}{weight}{required}): ",
                sig.name,
                l.pick("weight ", "poids "),
            );
            self.para(out, 4, &lead, &shown.join(", "))?;
            for u in s.unless_near(i) {
                let lead = l.pick("not counted near: ", "ne compte pas près de : ");
                self.para(out, 6, lead, &self.near_text(&u))?;
            }
        }
        Ok(())
    }

    fn section(&self, out: &mut dyn Write, s: &Section) -> io::Result<()> {
        let l = self.l;
        writeln!(out, "{} — {}", s.id, s.title.get(l))?;
        if let Some(d) = self.rs.guidance.document(&s.document) {
            self.para(out, 2, "", d.title.get(l))?;
        }
        writeln!(out)?;
        self.para(out, 2, "", s.summary.get(l))?;

        let citing: Vec<&Rule> = self
            .rs
            .rules
            .iter()
            .filter(|r| r.sections.contains(&s.id))
            .collect();
        self.heading(out, "Rules that cite it", "Règles qui la citent")?;
        if citing.is_empty() {
            writeln!(out, "  {}", l.pick("(none)", "(aucune)"))?;
        }
        let id_width = citing.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in citing {
            let lead = format!("{:<id_width$}  {:<6}  ", r.id, r.severity.label(l));
            self.para(out, 2, &lead, r.message.get(l))?;
        }

        let questions: Vec<&str> = self
            .rs
            .guidance
            .questions
            .iter()
            .filter(|q| q.section == s.id)
            .map(|q| q.text.get(l))
            .collect();
        if !questions.is_empty() {
            self.heading(
                out,
                "Questions it asks you to think about",
                "Questions qu'elle invite à se poser",
            )?;
            for q in questions {
                self.para(out, 2, "• ", q)?;
            }
        }
        Ok(())
    }
}
