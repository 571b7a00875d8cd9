//! The report's colours, named by what they mean. Painting is a no-op when colour is off, so
//! the layout code is the same for a terminal, a pipe and `NO_COLOR`.

use anstyle::{AnsiColor, Effects, Style};

use crate::taxonomy::{Risk, Severity};

#[derive(Debug, Clone, Copy)]
pub(super) struct Painter {
    pub on: bool,
}

impl Painter {
    pub fn paint(self, style: Style, s: &str) -> String {
        if self.on && !s.is_empty() {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }
}

fn color(c: AnsiColor) -> Style {
    Style::new().fg_color(Some(c.into()))
}

pub(super) const BOLD: Style = Style::new().effects(Effects::BOLD);
pub(super) const DIM: Style = Style::new().effects(Effects::DIMMED);

/// The line-number gutter, as compilers draw it.
pub(super) fn gutter() -> Style {
    color(AnsiColor::Blue).bold()
}

pub(super) fn severity(s: Severity) -> Style {
    match s {
        Severity::High => color(AnsiColor::Red).bold(),
        Severity::Medium => color(AnsiColor::Yellow).bold(),
        Severity::Low => color(AnsiColor::Cyan).bold(),
        Severity::Info => DIM,
    }
}

/// The matched words inside the draft line: the severity's colour, underlined.
pub(super) fn mark(s: Severity) -> Style {
    severity(s).underline()
}

pub(super) fn verdict(r: Risk) -> Style {
    match r {
        Risk::None => color(AnsiColor::Green).bold(),
        Risk::Low => color(AnsiColor::Cyan).bold(),
        Risk::Medium => color(AnsiColor::Yellow).bold(),
        Risk::High => color(AnsiColor::Red).bold(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_only_when_on() {
        assert_eq!(Painter { on: false }.paint(BOLD, "x"), "x");
        assert_eq!(Painter { on: true }.paint(BOLD, "x"), "\x1b[1mx\x1b[0m");
    }
}
