//! Errors in the planner's data: the built-in tables and the user's topic,
//! rule and alias files. Each names the file, the line and column, and what
//! is accepted.

use std::fmt;
use std::ops::Range;

/// Which data a [`DataError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    /// The built-in JSIC table (`data/jsic.tsv`).
    Jsic,
    /// The built-in industry segments (`data/industry_segments.tsv`).
    IndustrySegments,
    /// The built-in industry aliases (`data/industry_aliases.tsv`).
    IndustryAliases,
    /// A user's industry aliases (TOML).
    UserAliases,
    /// A topics file (TOML).
    Topics,
    /// Industry-season rules (TOML).
    SeasonRules,
    /// Feed keyword rules (TOML).
    FeedRules,
}

impl DataFile {
    /// How the file is named in messages.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::Jsic => "jsic table",
            DataFile::IndustrySegments => "industry segments",
            DataFile::IndustryAliases | DataFile::UserAliases => "industry aliases",
            DataFile::Topics => "topics file",
            DataFile::SeasonRules => "season rules",
            DataFile::FeedRules => "feed keyword rules",
        }
    }
}

impl fmt::Display for DataFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A mistake in planner data, with its place: `topics file line 12, column
/// 9: topic "gw-2026": date: ...`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}, column {column}: {message}")]
pub struct DataError {
    /// The file.
    pub file: DataFile,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong (naming the key) and what is accepted.
    pub message: String,
}

impl DataError {
    /// An error at a line and column.
    pub fn at(file: DataFile, line: usize, column: usize, message: impl Into<String>) -> Self {
        DataError {
            file,
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at a byte span of `text`.
    pub fn spanned(file: DataFile, text: &str, span: Range<usize>, message: String) -> Self {
        let (line, column) = line_column(text, span.start);
        DataError::at(file, line, column, message)
    }

    /// A TOML syntax or shape error (its message names the key).
    pub fn toml(file: DataFile, text: &str, err: &toml::de::Error) -> Self {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        DataError::at(file, line, column, err.message().trim_end().to_string())
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a = 1\nタイトル = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "タイトル" is 4 characters, 12 bytes: " = 2" starts at column 5.
        assert_eq!(line_column(text, 6 + 12), (2, 5));
        assert_eq!(line_column(text, 1000), (3, 1));
    }
}
