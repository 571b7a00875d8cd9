//! Every fixed word of the human report, in English and in French, in one place: a test walks
//! [`Label::ALL`] so that no heading can exist in one language only.

use crate::lang::DraftLanguage;
use crate::taxonomy::Lang;

/// A fixed piece of the human report's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    VerdictSafe,
    VerdictSecondLook,
    VerdictRework,
    VerdictDoNotPost,
    Risk,
    NoFindings,
    FindingOne,
    FindingMany,
    DraftOne,
    DraftMany,
    DraftLanguage,
    LanguageEn,
    LanguageFr,
    LanguageMixed,
    LanguageUnknown,
    OtherFindings,
    Advice,
    AlsoUnder,
    AlsoRaisedBy,
    Rule,
    BaseSeverity,
    Matched,
    Context,
    Signals,
    RaisedTo,
    LoweredTo,
    NearCue,
    InsideQuotation,
    /// The finding is about the author (`author = "lower"`).
    AboutAuthor,
    Was,
    Questions,
    Contacts,
    WhenInDoubt,
    LearnMore,
    Findings,
    Unreadable,
    NothingToCheck,
    Suppressed,
    Role,
    AdviceToAuthor,
    ReviewNote,
    Post,
    StandardInput,
    ReviewedOn,
    PostLanguage,
    NothingToActOn,
    Steps,
    Consult,
    Limits,
    PostOne,
    PostMany,
    NearMisses,
    Found,
    MissingRequired,
    Against,
    Of,
}

impl Label {
    pub const ALL: [Label; 56] = [
        Label::VerdictSafe,
        Label::VerdictSecondLook,
        Label::VerdictRework,
        Label::VerdictDoNotPost,
        Label::Risk,
        Label::NoFindings,
        Label::FindingOne,
        Label::FindingMany,
        Label::DraftOne,
        Label::DraftMany,
        Label::DraftLanguage,
        Label::LanguageEn,
        Label::LanguageFr,
        Label::LanguageMixed,
        Label::LanguageUnknown,
        Label::OtherFindings,
        Label::Advice,
        Label::AlsoUnder,
        Label::AlsoRaisedBy,
        Label::Rule,
        Label::BaseSeverity,
        Label::Matched,
        Label::Context,
        Label::Signals,
        Label::RaisedTo,
        Label::LoweredTo,
        Label::NearCue,
        Label::InsideQuotation,
        Label::AboutAuthor,
        Label::Was,
        Label::Questions,
        Label::Contacts,
        Label::WhenInDoubt,
        Label::LearnMore,
        Label::Findings,
        Label::Unreadable,
        Label::NothingToCheck,
        Label::Suppressed,
        Label::Role,
        Label::AdviceToAuthor,
        Label::ReviewNote,
        Label::Post,
        Label::StandardInput,
        Label::ReviewedOn,
        Label::PostLanguage,
        Label::NothingToActOn,
        Label::Steps,
        Label::Consult,
        Label::Limits,
        Label::PostOne,
        Label::PostMany,
        Label::NearMisses,
        Label::Found,
        Label::MissingRequired,
        Label::Against,
        Label::Of,
    ];

    /// The English and the French wording.
    pub fn texts(self) -> (&'static str, &'static str) {
        match self {
            Label::VerdictSafe => ("safe to post", "peut être publié"),
            Label::VerdictSecondLook => (
                "safe to post after a second look",
                "peut être publié après relecture",
            ),
            Label::VerdictRework => ("rework before posting", "à retravailler avant publication"),
            Label::VerdictDoNotPost => ("do not post", "à ne pas publier"),
            Label::Risk => ("risk", "risque"),
            Label::NoFindings => ("no findings", "aucun constat"),
            Label::FindingOne => ("finding", "constat"),
            Label::FindingMany => ("findings", "constats"),
            Label::DraftOne => ("draft", "brouillon"),
            Label::DraftMany => ("drafts", "brouillons"),
            Label::DraftLanguage => ("Language of the draft", "Langue du brouillon"),
            Label::LanguageEn => ("English", "anglais"),
            Label::LanguageFr => ("French", "français"),
            Label::LanguageMixed => (
                "English and French (each sentence checked in its own language)",
                "anglais et français (chaque phrase vérifiée dans sa langue)",
            ),
            Label::LanguageUnknown => (
                "too little text to tell",
                "indéterminée (trop peu de texte)",
            ),
            Label::OtherFindings => ("Other findings", "Autres constats"),
            Label::Advice => ("advice", "conseil"),
            Label::AlsoUnder => ("also under", "voir aussi"),
            Label::AlsoRaisedBy => ("same words also caught by", "mêmes mots relevés aussi par"),
            Label::Rule => ("rule", "règle"),
            Label::BaseSeverity => ("base severity", "gravité de base"),
            Label::Matched => ("matched", "mots repérés"),
            Label::Context => ("because of", "à cause de"),
            Label::Signals => ("signals", "signaux"),
            Label::RaisedTo => ("raised to", "relevé à"),
            Label::LoweredTo => ("lowered to", "abaissé à"),
            Label::NearCue => ("near", "près de"),
            Label::InsideQuotation => ("inside the quotation", "dans la citation"),
            Label::AboutAuthor => ("about the author", "sur l'auteur ou l'autrice"),
            Label::Was => ("was", "était"),
            Label::Questions => ("Questions to ask yourself", "Questions à vous poser"),
            Label::Contacts => ("Where to get advice", "Où obtenir des conseils"),
            Label::WhenInDoubt => ("When in doubt, don't post", "Dans le doute, ne publiez pas"),
            Label::LearnMore => ("To learn more", "Pour en savoir plus"),
            Label::Findings => ("findings", "constats"),
            Label::Unreadable => ("could not be read", "illisibles"),
            Label::NothingToCheck => (
                "nothing to check (empty draft)",
                "rien à vérifier (brouillon vide)",
            ),
            Label::Suppressed => ("accepted by a marker", "acceptés par marqueur"),
            Label::Role => ("Role", "Rôle"),
            Label::AdviceToAuthor => ("advice to the author", "conseil à l'auteur"),
            Label::ReviewNote => ("Manager's review note", "Note d'examen du gestionnaire"),
            Label::Post => ("Post", "Message"),
            Label::StandardInput => ("standard input", "entrée standard"),
            Label::ReviewedOn => ("Reviewed on", "Examiné le"),
            Label::PostLanguage => ("Language of the post", "Langue du message"),
            Label::NothingToActOn => ("nothing to act on", "rien à signaler"),
            Label::Steps => ("Proportionate steps", "Mesures proportionnées"),
            Label::Consult => ("People to consult", "Qui consulter"),
            Label::Limits => (
                "Limits the guidance sets",
                "Limites fixées par les orientations",
            ),
            Label::PostOne => ("post", "message"),
            Label::PostMany => ("posts", "messages"),
            Label::NearMisses => (
                "Near misses (score rules that came close)",
                "Presque relevés (règles à score proches du seuil)",
            ),
            Label::Found => ("found", "trouvés"),
            Label::MissingRequired => ("missing (required)", "manquants (requis)"),
            Label::Against => ("against", "en moins"),
            Label::Of => ("of", "sur"),
        }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        let (en, fr) = self.texts();
        lang.pick(en, fr)
    }

    /// The name of a draft's language.
    pub fn language(d: DraftLanguage) -> Label {
        match d {
            DraftLanguage::En => Label::LanguageEn,
            DraftLanguage::Fr => Label::LanguageFr,
            DraftLanguage::Mixed => Label::LanguageMixed,
            DraftLanguage::Und => Label::LanguageUnknown,
        }
    }
}

/// `label: ` with the spacing each language's typography wants (`libellé : ` in French).
pub fn colon(lang: Lang) -> &'static str {
    lang.pick(": ", " : ")
}

/// `n` and the noun, singular or plural: French keeps 0 and 1 singular, English only 1.
pub fn count(n: usize, one: Label, many: Label, lang: Lang) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n < 2,
    };
    format!("{n} {}", if singular { one } else { many }.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        for l in Label::ALL {
            let (en, fr) = l.texts();
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{l:?}");
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        assert_eq!(
            count(0, Label::FindingOne, Label::FindingMany, Lang::En),
            "0 findings"
        );
        assert_eq!(
            count(0, Label::FindingOne, Label::FindingMany, Lang::Fr),
            "0 constat"
        );
        assert_eq!(
            count(2, Label::DraftOne, Label::DraftMany, Lang::Fr),
            "2 brouillons"
        );
    }
}
