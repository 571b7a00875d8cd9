//! Every disguise the matching must see through is caught, and reported at the exact bytes the
//! writer typed; ordinary text with digits, single letters or addresses stays silent.
//!
//! The rules are written here rather than taken from `rules/`, so that this tests the folding,
//! not whichever phrases the shipped rules hold today.

use postcheck::engine::{check, CheckOptions};
use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::text::Document;

const RULES: &str = r#"
[[rule]]
id = "disguised-word"
category = "confidentiality"
severity = "high"
sections = ["ops.confidential-information"]
message = { en = "m", fr = "m" }
advice = { en = "a", fr = "a" }
phrases = ["confidential", "confidentiel", "protected b", "protege b", "top secret", "secret",
           "vote ndp", "loser", "ministere des finances", "leet", "abc", "ya"]

[rule.examples]
match.en = ["secret"]
match.fr = ["secret"]
no_match.en = ["hello"]
no_match.fr = ["bonjour"]

[[rule]]
id = "sin-shaped"
category = "personal-information"
severity = "high"
sensitive = true
sections = ["ops.privacy-consent"]
message = { en = "m", fr = "m" }
advice = { en = "a", fr = "a" }
patterns = ['\b\d{3}[ .-]?\d{3}[ .-]?\d{3}\b']
validator = "luhn"

[rule.examples]
match.en = ["046 454 286"]
match.fr = ["046 454 286"]
no_match.en = ["046 454 287"]
no_match.fr = ["046 454 287"]
"#;

fn rules() -> Ruleset {
    Ruleset::compile(
        &[RuleSource::new("disguise.toml", RULES)],
        &CompileOptions::default(),
    )
    .expect("the test rules compile")
}

/// What each finding covers in the original text.
fn found(rs: &Ruleset, draft: &str) -> Vec<String> {
    check(&Document::new(draft), rs, &CheckOptions::default())
        .findings
        .iter()
        .map(|f| draft[f.span.clone()].to_string())
        .collect()
}

#[test]
fn disguises_are_caught_where_they_were_typed() {
    let rs = rules();
    let cases: &[(&str, &str)] = &[
        ("This is c0nfidential, ok?", "c0nfidential"),
        ("the pr0t3cted b memo", "pr0t3cted b"),
        ("so $ecret lol", "$ecret"),
        ("t0p $ecret stuff", "t0p $ecret"),
        ("go v0te NDP", "v0te NDP"),
        ("it's s.e.c.r.e.t!", "s.e.c.r.e.t"),
        ("c o n f i d e n t i e l", "c o n f i d e n t i e l"),
        ("c-0-n-f-i-d-e-n-t-i-a-l", "c-0-n-f-i-d-e-n-t-i-a-l"),
        ("what a looooser", "looooser"),
        ("#VoteNDP tomorrow", "VoteNDP"),
        ("Aperçu #ProtégéB", "ProtégéB"),
        ("Prote\u{301}ge\u{301} B", "Prote\u{301}ge\u{301} B"),
        ("the se\u{200B}cret plan", "se\u{200B}cret"),
        ("the se\u{00AD}cret plan", "se\u{00AD}cret"),
        ("the s\u{200D}e\u{200C}cret plan", "s\u{200D}e\u{200C}cret"),
        ("the sec\u{202E}ret plan", "sec\u{202E}ret"),
        ("the sec\u{2066}ret plan", "sec\u{2066}ret"),
        ("the ѕесrеt plan", "ѕесrеt"),
        ("a ΡROΤECΤED Β file", "ΡROΤECΤED Β"),
        ("the ｓｅｃｒｅｔ plan", "ｓｅｃｒｅｔ"),
        ("the 𝐬𝐞𝐜𝐫𝐞𝐭 plan", "𝐬𝐞𝐜𝐫𝐞𝐭"),
        ("the ꜱᴇᴄʀᴇᴛ plan", "ꜱᴇᴄʀᴇᴛ"),
        ("au ministére des finances", "ministére des finances"),
        ("au ministèère des finances", ""), // a doubled letter is another word
        (
            "au ministe\u{301}\u{300}re des Finances",
            "ministe\u{301}\u{300}re des Finances",
        ),
        ("au ministere des finances", "ministere des finances"),
        ("SIN: 046-454-286", "046-454-286"),
        ("SIN: 046 454 286", "046 454 286"),
        ("SIN: 046.454.286", "046.454.286"),
        ("SIN: 046454286", "046454286"),
        (
            "NAS : 046\u{202F}454\u{202F}286",
            "046\u{202F}454\u{202F}286",
        ),
        ("SIN: ０４６ ４５４ ２８６", "０４６ ４５４ ２８６"),
        (
            "SIN: 046\u{200B}454\u{200B}286",
            "046\u{200B}454\u{200B}286",
        ),
    ];
    for (draft, expected) in cases {
        let got = found(&rs, draft);
        let want: Vec<String> = Some(expected.to_string())
            .filter(|e| !e.is_empty())
            .into_iter()
            .collect();
        assert_eq!(got, want, "in {draft:?}");
    }
}

#[test]
fn ordinary_text_stays_silent() {
    let rs = rules();
    for draft in [
        "le 1er mai, the 3rd time, covid19 and b2b",
        "Our office is at M5V 2T6, theirs at H3Z 2Y7",
        "l33t h4x0r",
        "il y a à faire",
        "a b c, then x y z",
        "a secretary, secretive, confidentiality",
        "SIN: 046 454 287",
        "Emoji day 👨\u{200D}👩\u{200D}👧 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    ] {
        assert_eq!(found(&rs, draft), Vec::<String>::new(), "in {draft:?}");
    }
}
