//! Finding a CRM export's columns by name.
//!
//! CRM exports carry dozens of columns Kura does not need, under names that
//! depend on the tool: API names (`ActivityDate`, `hs_timestamp`; Data
//! Loader may upper-case them) or labels in the user's language (期日,
//! "Activity date"). Each reader lists, per field it needs, the names it
//! accepts; other columns are ignored.

use crate::report::{ImportError, RowError};
use crate::table::{Row, Table};
use crate::text::Text;

/// The header names accepted for one field.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Aliases {
    /// API names, matched ignoring letter case.
    pub api: &'static [&'static str],
    /// Labels of UI report exports (any language), matched ignoring letter
    /// case. A file whose columns are found by label is a UI export: owners
    /// are names, times are local.
    pub labels: &'static [&'static str],
}

/// Where each field's column is in one file.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    index: Vec<Option<usize>>,
    /// Some column was found by its UI label rather than its API name.
    pub labelled: bool,
}

impl Columns {
    /// Finds the columns of `fields` (indexed like `fields`) in a header.
    pub fn find(headers: &[String], fields: &[Aliases]) -> Columns {
        let mut labelled = false;
        let index = fields
            .iter()
            .map(|aliases| {
                let by = |names: &[&str]| {
                    headers
                        .iter()
                        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
                };
                by(aliases.api).or_else(|| {
                    let found = by(aliases.labels);
                    labelled |= found.is_some();
                    found
                })
            })
            .collect();
        Columns { index, labelled }
    }

    /// Whether the file has the field's column.
    pub fn has(&self, field: usize) -> bool {
        self.index.get(field).copied().flatten().is_some()
    }

    /// The column index of a field.
    pub fn index(&self, field: usize) -> Option<usize> {
        self.index.get(field).copied().flatten()
    }

    /// A field's trimmed, non-blank value in a row.
    pub fn cell<'r>(&self, row: &'r Row, field: usize) -> Option<&'r str> {
        self.index(field).and_then(|i| row.cell(i))
    }

    /// Refuses the file unless every field in `required` has a column.
    pub fn require(
        &self,
        table: &Table,
        fields: &[Aliases],
        required: &[usize],
    ) -> Result<(), ImportError> {
        for &field in required {
            if !self.has(field) {
                let names: Vec<&str> = fields[field]
                    .api
                    .iter()
                    .chain(fields[field].labels)
                    .copied()
                    .collect();
                let names = names.join(", ");
                return Err(ImportError::Refused(Box::new(RowError {
                    file: table.path().to_path_buf(),
                    line: 1,
                    column: None,
                    message: Text::new(
                        format!(
                            "必要な列がありません: {names} のいずれかの列を含めてエクスポートしてください"
                        ),
                        format!(
                            "a required column is missing: export the file with one of {names}"
                        ),
                    ),
                    record: None,
                })));
            }
        }
        Ok(())
    }

    /// The header name of a field's column, for error messages.
    pub fn name(&self, table: &Table, field: usize) -> Option<String> {
        self.index(field).map(|i| table.column_name(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Aliases] = &[
        Aliases {
            api: &["Id"],
            labels: &["活動 ID"],
        },
        Aliases {
            api: &["ActivityDate"],
            labels: &["期日"],
        },
    ];

    #[test]
    fn api_names_match_in_any_case_and_labels_mark_a_ui_export() {
        let headers = vec!["ID".to_string(), "ACTIVITYDATE".to_string()];
        let cols = Columns::find(&headers, FIELDS);
        assert_eq!(
            (cols.index(0), cols.index(1), cols.labelled),
            (Some(0), Some(1), false)
        );
        let headers = vec![
            "期日".to_string(),
            "件名".to_string(),
            "活動 ID".to_string(),
        ];
        let cols = Columns::find(&headers, FIELDS);
        assert_eq!(
            (cols.index(0), cols.index(1), cols.labelled),
            (Some(2), Some(0), true)
        );
    }
}
