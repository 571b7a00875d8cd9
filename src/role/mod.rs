//! Roles: who reads a report. The same findings serve an employee checking a draft before
//! posting, a manager reviewing a post that was brought to them, and an executive whose posts
//! draw closer scrutiny. Here findings are sorted into the federal guidance's classes (clear
//! breach, possibly inappropriate, grey area) and each role says what it changes in a check;
//! every text comes from `rules/roles.toml` ([`Guide`]).

mod guide;

pub use guide::{ClassText, ClearBreach, Guide, Raise, Reminder};

use std::fmt;

use serde::{Serialize, Serializer};

use crate::engine::CheckOptions;
use crate::taxonomy::{Category, Lang, Severity};

/// The roles data shipped in the binary.
pub const BUILTIN_ROLES: (&str, &str) =
    ("rules/roles.toml", include_str!("../../rules/roles.toml"));

/// Who reads the report. The default, the employee, gets the report as it always was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    #[default]
    Employee,
    Manager,
    Executive,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Employee, Role::Manager, Role::Executive];

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Also the name contacts in `rules/guidance.toml` use for their readers.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Manager => "manager",
            Role::Executive => "executive",
        }
    }

    /// The role's name for a person.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Employee => lang.pick("employee", "membre du personnel"),
            Role::Manager => lang.pick("manager", "gestionnaire"),
            Role::Executive => lang.pick("executive", "cadre de direction"),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The federal guidance's sorting of posts. Ordered as a manager's note lists them: clear
/// breaches first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// A clear breach of the Values and Ethics Code: the organization's protocols apply.
    ClearBreach,
    /// Anything else that fired: a proportionate response.
    PossiblyInappropriate,
    /// A topic the guidance names as a hard case (social issues, crises…): not a breach.
    GreyArea,
}

impl Class {
    pub const ALL: [Class; 3] = [
        Class::ClearBreach,
        Class::PossiblyInappropriate,
        Class::GreyArea,
    ];

    /// Also the rule tag that puts a rule in this class (`clear-breach`, `grey-area`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::ClearBreach => "clear-breach",
            Class::PossiblyInappropriate => "possibly-inappropriate",
            Class::GreyArea => "grey-area",
        }
    }

    pub fn parse(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Guide {
    /// The class of a rule's findings, from its tags, category and own severity (the rule's,
    /// not the finding's: escalations and roles change how serious a post is, not its kind).
    pub fn classify(&self, tags: &[String], category: Category, severity: Severity) -> Class {
        let tagged = |c: Class| tags.iter().any(|t| t == c.as_str());
        if tagged(Class::ClearBreach) {
            Class::ClearBreach
        } else if tagged(Class::GreyArea) {
            Class::GreyArea
        } else if self
            .clear_breaches
            .iter()
            .any(|b| b.category == category && severity >= b.severity)
        {
            Class::ClearBreach
        } else {
            Class::PossiblyInappropriate
        }
    }

    pub fn class(&self, class: Class) -> Option<&ClassText> {
        self.classes.iter().find(|t| t.class == class)
    }

    /// What this role raises, if anything.
    pub fn raise(&self, role: Role) -> Option<&Raise> {
        self.raises.iter().find(|r| r.role == role)
    }

    /// The raise recorded under this escalation id (`role-executive`).
    pub fn raise_by_id(&self, id: &str) -> Option<&Raise> {
        self.raises.iter().find(|r| r.id == id)
    }

    /// The check options of a role: the categories it raises, and the id that records why.
    pub fn check_options(&self, role: Role) -> CheckOptions {
        match self.raise(role) {
            Some(r) => CheckOptions {
                raise: r.categories.clone(),
                raised_by: Some(r.id.clone()),
                near_misses: false,
            },
            None => CheckOptions::default(),
        }
    }
}

/// What a review of these findings (class, severity) concludes: the first class, in the order
/// clear breach, possibly inappropriate, grey area, with something to act on. Findings at
/// `info` that are not grey areas conclude nothing, as they raise no risk.
pub fn conclusion(findings: impl IntoIterator<Item = (Class, Severity)>) -> Option<Class> {
    findings
        .into_iter()
        .filter(|&(class, severity)| class == Class::GreyArea || severity > Severity::Info)
        .map(|(class, _)| class)
        .min()
}

/// `YYYY-MM-DD` (UTC) of a Unix time, for the date a review note records. The clock is the
/// caller's to read: the library does no I/O.
pub fn date(unix_seconds: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm, for days since 1970-01-01.
    let days = unix_seconds / 86_400;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::{Ruleset, BUILTIN_GUIDANCE};

    fn builtin() -> Guide {
        let g = crate::guidance::Guidance::parse(BUILTIN_GUIDANCE.0, BUILTIN_GUIDANCE.1)
            .expect("guidance parses");
        Guide::parse(BUILTIN_ROLES.0, BUILTIN_ROLES.1, &g).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn the_shipped_file_is_complete_in_both_languages() {
        let g = builtin();
        assert_eq!(
            g.classes.iter().map(|c| c.class).collect::<Vec<_>>(),
            Class::ALL
        );
        assert!(g.steps.len() >= 8 && g.reminders.len() >= 3);
        let executive = g.raise(Role::Executive).expect("executives are raised");
        assert_eq!(
            executive.categories,
            [
                Category::PoliticalActivity,
                Category::Integrity,
                Category::GovernmentBranding
            ]
        );
        assert!(g.raise(Role::Employee).is_none() && g.raise(Role::Manager).is_none());
        assert!(Ruleset::builtin().is_ok_and(|rs| !rs.roles.classes.is_empty()));
    }

    #[test]
    fn tags_beat_the_mapping_and_the_rest_is_possibly_inappropriate() {
        let g = builtin();
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = tags(&[]);
        use Category::*;
        use Severity::*;
        assert_eq!(
            g.classify(&tags(&["clear-breach"]), Integrity, Low),
            Class::ClearBreach
        );
        assert_eq!(
            g.classify(&tags(&["grey-area"]), Integrity, Info),
            Class::GreyArea
        );
        assert_eq!(g.classify(&none, Discrimination, High), Class::ClearBreach);
        assert_eq!(g.classify(&none, Harassment, High), Class::ClearBreach);
        assert_eq!(g.classify(&none, Confidentiality, High), Class::ClearBreach);
        assert_eq!(
            g.classify(&none, ConflictOfInterest, High),
            Class::ClearBreach
        );
        assert_eq!(
            g.classify(&none, Discrimination, Medium),
            Class::PossiblyInappropriate
        );
        assert_eq!(
            g.classify(&none, PersonalInformation, High),
            Class::PossiblyInappropriate
        );
        assert_eq!(
            g.classify(&none, PoliticalActivity, High),
            Class::PossiblyInappropriate
        );
    }

    #[test]
    fn only_the_executive_raises() {
        let g = builtin();
        assert!(g.check_options(Role::Employee).raise.is_empty());
        assert!(g.check_options(Role::Manager).raise.is_empty());
        let o = g.check_options(Role::Executive);
        assert!(o.raise.contains(&Category::PoliticalActivity));
        assert_eq!(o.raised_by.as_deref(), Some("role-executive"));
        assert!(g.raise_by_id("role-executive").is_some());
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert!(!r.label(Lang::Fr).is_empty());
        }
        for c in Class::ALL {
            assert_eq!(Class::parse(c.as_str()), Some(c));
        }
        assert_eq!(
            serde_json::to_string(&Class::PossiblyInappropriate).unwrap(),
            "\"possibly-inappropriate\""
        );
        assert_eq!(
            serde_json::to_string(&Role::Executive).unwrap(),
            "\"executive\""
        );
    }

    #[test]
    fn a_review_concludes_on_its_most_serious_class() {
        use Class::*;
        use Severity::*;
        assert_eq!(
            conclusion([(GreyArea, Info), (PossiblyInappropriate, Low)]),
            Some(PossiblyInappropriate)
        );
        assert_eq!(
            conclusion([(PossiblyInappropriate, High), (ClearBreach, Medium)]),
            Some(ClearBreach)
        );
        assert_eq!(
            conclusion([(PossiblyInappropriate, Info), (GreyArea, Info)]),
            Some(GreyArea)
        );
        assert_eq!(conclusion([(PossiblyInappropriate, Info)]), None);
        assert_eq!(conclusion([]), None);
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_714_521_600), "2024-05-01");
        assert_eq!(date(1_735_689_599), "2024-12-31");
    }
}
