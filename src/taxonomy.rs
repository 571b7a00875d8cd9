//! The fixed vocabularies every part of postcheck shares: risk categories, severities,
//! languages, and text that exists in both of them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The nine kinds of risk the guidance names. The set is fixed: rules pick one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Confidentiality,
    PersonalInformation,
    GovernmentBranding,
    PoliticalActivity,
    Harassment,
    Discrimination,
    Consent,
    ConflictOfInterest,
    Integrity,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Confidentiality,
        Category::PersonalInformation,
        Category::GovernmentBranding,
        Category::PoliticalActivity,
        Category::Harassment,
        Category::Discrimination,
        Category::Consent,
        Category::ConflictOfInterest,
        Category::Integrity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Confidentiality => "confidentiality",
            Category::PersonalInformation => "personal-information",
            Category::GovernmentBranding => "government-branding",
            Category::PoliticalActivity => "political-activity",
            Category::Harassment => "harassment",
            Category::Discrimination => "discrimination",
            Category::Consent => "consent",
            Category::ConflictOfInterest => "conflict-of-interest",
            Category::Integrity => "integrity",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The category's name for a person, in the report's language.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, fr) = match self {
            Category::Confidentiality => {
                ("Confidential information", "Renseignements confidentiels")
            }
            Category::PersonalInformation => ("Personal information", "Renseignements personnels"),
            Category::GovernmentBranding => {
                ("Government branding", "Image de marque du gouvernement")
            }
            Category::PoliticalActivity => ("Political activity", "Activité politique"),
            Category::Harassment => ("Harassment", "Harcèlement"),
            Category::Discrimination => ("Discrimination", "Discrimination"),
            Category::Consent => ("Consent", "Consentement"),
            Category::ConflictOfInterest => ("Conflict of interest", "Conflit d'intérêts"),
            Category::Integrity => ("Integrity", "Intégrité"),
        };
        lang.pick(en, fr)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious one finding is. Ordered: `Info < Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// One level up, stopping at `High`.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium | Severity::High => Severity::High,
        }
    }

    /// One level down, stopping at `Low`: a finding that depends on its surroundings is never
    /// lowered out of the report, and info (a grey area) stays info.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Info => Severity::Info,
            Severity::Low | Severity::Medium => Severity::Low,
            Severity::High => Severity::Medium,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("info", "info"),
            Severity::Low => lang.pick("low", "faible"),
            Severity::Medium => lang.pick("medium", "moyen"),
            Severity::High => lang.pick("high", "élevé"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The overall risk of a draft: the highest severity found, where `info` counts as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    None,
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn from_severity(s: Option<Severity>) -> Risk {
        match s {
            None | Some(Severity::Info) => Risk::None,
            Some(Severity::Low) => Risk::Low,
            Some(Severity::Medium) => Risk::Medium,
            Some(Severity::High) => Risk::High,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Risk::None => lang.pick("none", "aucun"),
            Risk::Low => lang.pick("low", "faible"),
            Risk::Medium => lang.pick("medium", "moyen"),
            Risk::High => lang.pick("high", "élevé"),
        }
    }

    /// Whether this risk reaches a `--fail-on` threshold (`None` threshold: never fail).
    pub fn reaches(self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(t) => self >= Risk::from_severity(Some(t)) && self != Risk::None,
        }
    }
}

/// The two languages drafts, rules and reports come in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// Chooses between an English and a French string.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }
}

/// A string in English and in French, both always present once compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.fr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_raise() {
        assert!(Severity::Info < Severity::Low && Severity::Medium < Severity::High);
        assert_eq!(Severity::Low.raised(), Severity::Medium);
        assert_eq!(Severity::High.raised(), Severity::High);
    }

    #[test]
    fn risk_thresholds() {
        assert!(Risk::Medium.reaches(Some(Severity::Medium)));
        assert!(!Risk::Low.reaches(Some(Severity::Medium)));
        assert!(!Risk::High.reaches(None));
        assert!(!Risk::None.reaches(Some(Severity::Info)));
    }

    #[test]
    fn categories_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }
}
