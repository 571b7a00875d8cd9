//! Problems found in rule and configuration files, with the place a person fixes them.

use std::fmt;
use std::ops::Range;

use crate::text::line_column;

/// One problem: `file:line:column: rule `id`: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub rule: Option<String>,
    pub message: String,
}

impl Diagnostic {
    /// A problem at a byte range of a file's source.
    pub fn at(
        file: &str,
        source: &str,
        span: Range<usize>,
        rule: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = line_column(source, span.start);
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            rule: rule.map(str::to_string),
            message: message.into(),
        }
    }

    /// A TOML syntax or shape error, placed where the parser stopped.
    pub fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> Diagnostic {
        let span = err.span().unwrap_or(0..0);
        // The parser's own message repeats the location and the line; keep only its verdict.
        let message = err.message().trim().to_string();
        Diagnostic::at(file, source, span, None, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one pass, so a person fixes them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, it: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(it);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
