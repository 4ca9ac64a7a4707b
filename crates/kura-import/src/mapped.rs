//! Any other CSV (a MiiTel or PBX call log, a home-made sheet), read through
//! a small TOML mapping file. See `docs/mapping.md` and
//! `examples/mapping.toml`.
//!
//! A mapping names the entity the file holds, which CSV column feeds which
//! of the entity's fields (the field names of Kura's bundle), constant
//! defaults, value vocabularies (`"ANSWERED" = "connected"`), the layouts of
//! timestamps and dates, the encoding, the time zone and the delimiter.
//! When the file has no id column, `id_columns` builds a stable id from
//! several columns, so importing the same file twice changes nothing.
//! Every mistake in a mapping is reported with the mapping file's line.

use crate::encoding::EncodingChoice;
use crate::entity::{self, Entity, Formats, SeenIds, Values, duplicate_id_text};
use crate::report::{
    ImportError, ImportOptions, ImportReport, RowCheck, RowError, Run, Sink, file_report,
};
use crate::table::{Table, TableOptions};
use crate::text::Text;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The mapping file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    entity: Spanned<String>,
    #[serde(default)]
    encoding: EncodingChoice,
    time_zone: Option<Spanned<String>>,
    timestamp_format: Option<String>,
    date_format: Option<String>,
    delimiter: Option<Spanned<String>>,
    id_columns: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    id_prefix: String,
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    defaults: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    values: BTreeMap<Spanned<String>, BTreeMap<String, Spanned<String>>>,
}

/// How to read one kind of CSV file into one Kura entity. Build it with
/// [`Mapping::load`] or [`Mapping::parse`]; read files with
/// [`import_mapped_csv`].
#[derive(Debug, Clone)]
pub struct Mapping {
    path: PathBuf,
    entity: Entity,
    encoding: EncodingChoice,
    time_zone: Option<TimeZone>,
    timestamp_format: Option<String>,
    date_format: Option<String>,
    delimiter: u8,
    id_columns: Vec<String>,
    id_prefix: String,
    /// CSV column name → field index.
    columns: Vec<(String, usize)>,
    /// Field index → value used when the cell is blank or there is no
    /// column.
    defaults: HashMap<usize, String>,
    /// Field index → (CSV value → Kura value).
    values: HashMap<usize, HashMap<String, String>>,
}

fn line_of(text: &str, offset: usize) -> u64 {
    let offset = offset.min(text.len());
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}

impl Mapping {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::parse(&text, path)
    }

    /// Parses and checks mapping text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Mapping, ImportError> {
        let refuse = |offset: usize, key: Option<&str>, message: Text| {
            ImportError::Refused(Box::new(RowError {
                file: path.to_path_buf(),
                line: line_of(text, offset),
                column: key.map(str::to_string),
                message,
                record: None,
            }))
        };
        let raw: RawMapping = toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            let key = msg
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .map(str::to_string);
            let offset = e.span().map_or(0, |s| s.start);
            refuse(
                offset,
                key.as_deref(),
                Text::new(
                    format!("マッピングとして読めません: {msg}"),
                    format!("not a valid mapping: {msg}"),
                ),
            )
        })?;

        let entity = Entity::from_key(raw.entity.get_ref()).ok_or_else(|| {
            let all = Entity::ALL.map(Entity::key).join(", ");
            refuse(
                raw.entity.span().start,
                Some("entity"),
                Text::new(
                    format!(
                        "entity「{}」は知らない種類です。{all} のいずれかです",
                        raw.entity.get_ref()
                    ),
                    format!(
                        "{:?} is not an entity: use one of {all}",
                        raw.entity.get_ref()
                    ),
                ),
            )
        })?;
        let not_a_field = |offset: usize, key: &str, name: &str| {
            let fields = entity.field_list();
            refuse(
                offset,
                Some(key),
                Text::new(
                    format!(
                        "「{name}」は {} のフィールドではありません。{fields} のいずれかです",
                        entity.key()
                    ),
                    format!(
                        "{name:?} is not a field of {}: use one of {fields}",
                        entity.key()
                    ),
                ),
            )
        };

        let time_zone = match &raw.time_zone {
            Some(name) => Some(
                TimeZone::get(name.get_ref())
                    .map_err(|_| {
                        refuse(
                            name.span().start,
                            Some("time_zone"),
                            Text::new(
                                format!("タイムゾーン「{}」は知りません。\"Asia/Tokyo\" のような IANA 名を書いてください", name.get_ref()),
                                format!("unknown time zone {:?}: use an IANA name such as \"Asia/Tokyo\"", name.get_ref()),
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let delimiter = match &raw.delimiter {
            None => b',',
            Some(d) => match d.get_ref().as_bytes() {
                [b] if b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n') => *b,
                _ => {
                    return Err(refuse(
                        d.span().start,
                        Some("delimiter"),
                        Text::new(
                            "delimiter は 1 文字の ASCII 文字です (\",\"、\"\\t\"、\";\" など。引用符と改行は使えません)",
                            "delimiter must be one ASCII character such as \",\", \"\\t\" or \";\" (not a quote or a line break)",
                        ),
                    ));
                }
            },
        };

        // In the order written, so that checks report the first mistake.
        let mut raw_columns: Vec<_> = raw.columns.iter().collect();
        raw_columns.sort_by_key(|(column, _)| column.span().start);
        let mut columns = Vec::new();
        for (column, field) in raw_columns {
            let index = entity.field(field.get_ref()).ok_or_else(|| {
                not_a_field(field.span().start, column.get_ref(), field.get_ref())
            })?;
            if let Some((other, _)) = columns.iter().find(|(_, f)| *f == index) {
                return Err(refuse(
                    field.span().start,
                    Some(column.get_ref()),
                    Text::new(
                        format!(
                            "フィールド {} には列「{other}」も割り当てられています。1 つのフィールドには 1 列だけです",
                            field.get_ref()
                        ),
                        format!(
                            "field {} is also fed by column {other:?}: map one column to each field",
                            field.get_ref()
                        ),
                    ),
                ));
            }
            columns.push((column.get_ref().clone(), index));
        }

        let zone_for_checks = time_zone.clone().unwrap_or(TimeZone::UTC);
        let formats = Formats {
            zone: &zone_for_checks,
            timestamp: raw.timestamp_format.as_deref(),
            date: raw.date_format.as_deref(),
        };
        let mut defaults = HashMap::new();
        for (field, value) in &raw.defaults {
            let index = entity
                .field(field.get_ref())
                .ok_or_else(|| not_a_field(field.span().start, field.get_ref(), field.get_ref()))?;
            let kind = entity.fields()[index].kind;
            entity::check_value(kind, value.get_ref(), &formats)
                .map_err(|m| refuse(value.span().start, Some(field.get_ref()), m))?;
            defaults.insert(index, value.get_ref().clone());
        }

        let mut values = HashMap::new();
        for (field, table) in &raw.values {
            let index = entity
                .field(field.get_ref())
                .ok_or_else(|| not_a_field(field.span().start, field.get_ref(), field.get_ref()))?;
            if !columns.iter().any(|(_, f)| *f == index) {
                return Err(refuse(
                    field.span().start,
                    Some(field.get_ref()),
                    Text::new(
                        format!(
                            "[values.{0}] がありますが、{0} に割り当てた列がありません。[columns] で列を割り当ててください",
                            field.get_ref()
                        ),
                        format!(
                            "[values.{0}] is given but no column feeds {0}: map one under [columns]",
                            field.get_ref()
                        ),
                    ),
                ));
            }
            let kind = entity.fields()[index].kind;
            let mut vocabulary = HashMap::new();
            for (from, to) in table {
                entity::check_value(kind, to.get_ref(), &formats)
                    .map_err(|m| refuse(to.span().start, Some(from), m))?;
                vocabulary.insert(from.trim().to_string(), to.get_ref().clone());
            }
            values.insert(index, vocabulary);
        }

        let id_columns = match &raw.id_columns {
            Some(list) => {
                let Some(id) = entity.field("id") else {
                    return Err(refuse(
                        list.span().start,
                        Some("id_columns"),
                        Text::new(
                            format!(
                                "{} には id がないので id_columns は使えません",
                                entity.key()
                            ),
                            format!("{} has no id, so id_columns does not apply", entity.key()),
                        ),
                    ));
                };
                if list.get_ref().is_empty() || columns.iter().any(|(_, f)| *f == id) {
                    return Err(refuse(
                        list.span().start,
                        Some("id_columns"),
                        Text::new(
                            "id_columns には 1 つ以上の列名を書き、id を [columns] で割り当てないでください",
                            "id_columns needs at least one column, and id must not also be mapped under [columns]",
                        ),
                    ));
                }
                list.get_ref().clone()
            }
            None => Vec::new(),
        };

        for (index, field) in entity.fields().iter().enumerate() {
            let fed = columns.iter().any(|(_, f)| *f == index)
                || defaults.contains_key(&index)
                || (field.name == "id" && !id_columns.is_empty());
            if field.required && !fed {
                return Err(refuse(
                    raw.entity.span().start,
                    Some(field.name),
                    Text::new(
                        format!(
                            "{} には {} が必要です。[columns] で列を割り当てるか、[defaults] に値を書いてください",
                            entity.key(),
                            field.name
                        ),
                        format!(
                            "{} needs {}: map a column to it under [columns] or give it under [defaults]",
                            entity.key(),
                            field.name
                        ),
                    ),
                ));
            }
        }

        Ok(Mapping {
            path: path.to_path_buf(),
            entity,
            encoding: raw.encoding,
            time_zone,
            timestamp_format: raw.timestamp_format,
            date_format: raw.date_format,
            delimiter,
            id_columns,
            id_prefix: raw.id_prefix,
            columns,
            defaults,
            values,
        })
    }

    /// The entity the mapped files hold (`activities`, `leads`…).
    pub fn entity(&self) -> &'static str {
        self.entity.key()
    }

    /// The mapping file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Where a field's value came from, for error messages.
#[derive(Debug, Clone, Copy)]
enum Source {
    Column(usize),
    Default,
    IdColumns,
}

/// Reads one CSV file through a mapping into `sink`.
pub fn import_mapped_csv(
    mapping: &Mapping,
    file: &Path,
    opts: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ImportReport, ImportError> {
    let mut run = Run::new(opts, sink);
    let mut table = Table::open(
        file,
        TableOptions {
            encoding: mapping.encoding,
            delimiter: mapping.delimiter,
            max_record_bytes: opts.max_record_bytes,
        },
    )?;
    let find = |name: &str| {
        table
            .headers()
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let have = table.headers().join(", ");
                ImportError::Refused(Box::new(RowError {
                    file: file.to_path_buf(),
                    line: 1,
                    column: Some(name.to_string()),
                    message: Text::new(
                        format!("マッピング {} にある列がファイルにありません。ファイルの列: {have}", mapping.path.display()),
                        format!("the mapping {} names this column but the file has none such; its columns are {have}", mapping.path.display()),
                    ),
                    record: None,
                }))
            })
    };
    let columns: Vec<(usize, usize)> = mapping
        .columns
        .iter()
        .map(|(name, field)| find(name).map(|i| (i, *field)))
        .collect::<Result<_, _>>()?;
    let id_columns: Vec<usize> = mapping
        .id_columns
        .iter()
        .map(|name| find(name))
        .collect::<Result<_, _>>()?;

    let zone = mapping.time_zone.as_ref().unwrap_or(opts.zone.time_zone());
    let formats = Formats {
        zone,
        timestamp: mapping.timestamp_format.as_deref(),
        date: mapping.date_format.as_deref(),
    };
    let entity = mapping.entity;
    let id_field = entity.field("id");
    let mut report = file_report(&table);
    let mut seen = SeenIds::default();
    while table.read()? {
        if run.check_row(&table, &mut report, false) != RowCheck::Read {
            continue;
        }
        let row = table.row();
        let mut values = Values::new(entity);
        let mut sources = vec![Source::Default; entity.fields().len()];
        for &(col, field) in &columns {
            let cell = row.cell(col).map(|value| {
                match mapping.values.get(&field).and_then(|v| v.get(value)) {
                    Some(mapped) => Cow::Borrowed(mapped.as_str()),
                    None => Cow::Borrowed(value),
                }
            });
            sources[field] = Source::Column(col);
            values.set(field, cell);
        }
        for (&field, value) in &mapping.defaults {
            if !values.is_set(field) {
                sources[field] = Source::Default;
                values.set(field, Some(Cow::Borrowed(value.as_str())));
            }
        }
        if let (Some(id), false) = (id_field, id_columns.is_empty()) {
            let parts: Vec<&str> = id_columns
                .iter()
                .map(|&c| row.cell(c).unwrap_or(""))
                .collect();
            if parts.iter().any(|p| !p.is_empty()) {
                values.set(
                    id,
                    Some(Cow::Owned(format!(
                        "{}{}",
                        mapping.id_prefix,
                        parts.join("|")
                    ))),
                );
            }
            sources[id] = Source::IdColumns;
        }
        let record = match values.build(&formats) {
            Ok(record) => record,
            Err(e) => {
                let name = entity.fields()[e.field].name;
                let column = match sources[e.field] {
                    Source::Column(col) => table.column_name(col),
                    Source::Default => format!("{name} ([defaults])"),
                    Source::IdColumns => mapping.id_columns.join("+"),
                };
                run.row_error(&table, Some(column), e.message);
                continue;
            }
        };
        if let Some(first) = Entity::id_of(&record).and_then(|id| seen.check(id, row.line)) {
            let id = Entity::id_of(&record).unwrap_or_default();
            let column = match id_field.map(|f| sources[f]) {
                Some(Source::Column(col)) => table.column_name(col),
                _ => mapping.id_columns.join("+"),
            };
            run.row_error(&table, Some(column), duplicate_id_text(id, first));
            continue;
        }
        run.put(&mut report, record)?;
    }
    run.file_done(&table, report);
    Ok(run.finish())
}
