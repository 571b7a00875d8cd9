//! `postcheck redact FILE`: prints the draft with its personal information masked, everything
//! else unchanged, ready to share or to paste.

use std::io::{self, IsTerminal, Write};

use anyhow::{anyhow, Result};

use postcheck::redact::redact;
use postcheck::report::escape_char;
use postcheck::ruleset::CompileOptions;

use super::args::RedactArgs;
use super::input::{self, Source};
use super::{language, load_rules};

pub fn run(a: RedactArgs) -> Result<u8> {
    let lang = language(a.lang);
    let rules = load_rules(&a.rule_args, &CompileOptions::default())?;
    let source = if a.path.as_os_str() == "-" {
        Source::Stdin
    } else {
        Source::File(a.path.clone())
    };
    let text = input::read(&source, a.max_bytes, lang)
        .map_err(|message| anyhow!("{}: {message}", postcheck::report::escape(&source.name())))?;
    let redacted = redact(&text, &rules);
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    if terminal {
        // A person reads it: escape what a terminal would act on, keep the lines.
        out.write_all(for_terminal(&redacted).as_bytes())?;
    } else {
        // A pipe or a file gets the draft byte for byte.
        out.write_all(redacted.as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// The text with control, bidi and invisible characters escaped, line breaks and tabs kept.
fn for_terminal(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => shown.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            c => escape_char(c, &mut shown),
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_escapes_what_a_terminal_acts_on() {
        assert_eq!(
            for_terminal("a\r\nb\u{1b}[2J\tc\u{202e}d\re"),
            "a\nb\\u{001b}[2J\tc\\u{202e}d\\u{000d}e"
        );
    }
}
