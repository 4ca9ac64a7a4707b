//! `kura.toml`: the organisation's settings, every key documented and
//! defaulted, overridden by `KURA_*` environment variables.
//!
//! Where the file is found: `--config PATH`, else `KURA_CONFIG`, else
//! `./kura.toml` if it exists; with none of them every default applies.
//! An unknown key or a bad value is an error that names the key and the line.

use kura_calendar::{BusinessCalendar, CalendarConfig, Lang};
use kura_core::thresholds::Thresholds;
use kura_core::time::{DEFAULT_TIME_ZONE, OrgZone};
use kura_import::{DispositionMap, InboundSources};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The default SQLite database file.
pub const DEFAULT_DATABASE: &str = "kura.db";

/// The keys of `kura.toml`, as written by a user.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileConfig {
    /// `time_zone`: the organisation's IANA time zone; every timestamp without
    /// an offset is local time there, and every metric uses local dates.
    /// Default `"Asia/Tokyo"`.
    pub time_zone: Option<Spanned<String>>,
    /// `database`: a SQLite file path or a `postgres://` URL. Default
    /// `"kura.db"` in the working directory. `KURA_DATABASE_URL` overrides it.
    pub database: Option<String>,
    /// `lang`: language of human output, `"ja"` or `"en"`. Default: Japanese
    /// when the `LANG` environment variable starts with `ja`, else English.
    pub lang: Option<Lang>,
    /// `[calendar]`: company holidays, working days, weekly days off and
    /// customary days (see `kura_calendar::CalendarConfig`).
    pub calendar: CalendarConfig,
    /// `[diagnosis]`: the thresholds of METRICS.md §6–§7 (θ, α, minimum
    /// baseline volume, driver thresholds; see `kura_core::thresholds`).
    pub diagnosis: Thresholds,
    /// `[import]`: how CRM values are read.
    pub import: ImportSettings,
}

/// `[import]` in `kura.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportSettings {
    /// `[import.dispositions]`: call dispositions (通話結果) as free text →
    /// call results, e.g. `"受付ブロック" = "other"`. Entries add to and
    /// override the built-in Japanese and English defaults.
    pub dispositions: DispositionMap,
    /// `inbound_sources = [...]` under `[import]`: the lead-source values that
    /// mean an inbound lead; a list replaces the defaults (docs/import.md).
    pub inbound_sources: InboundSources,
}

/// A configuration problem, with where it is.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A key or value is wrong.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// An environment variable holds a bad value.
    #[error("environment variable {name}: {message}")]
    Env {
        /// The variable.
        name: &'static str,
        /// What is wrong and what is accepted.
        message: String,
    },
}

/// The validated settings every command runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the settings came from, if a file.
    pub source: Option<PathBuf>,
    /// The organisation's time zone.
    pub zone: OrgZone,
    /// Database URL or SQLite path.
    pub database: String,
    /// Language of human output.
    pub lang: Lang,
    /// The business calendar.
    pub calendar: BusinessCalendar,
    /// Diagnosis thresholds.
    pub thresholds: Thresholds,
    /// Import settings.
    pub import: ImportSettings,
}

impl Settings {
    /// Loads settings: the file named by `explicit`, else `KURA_CONFIG`, else
    /// `./kura.toml` when present; then `KURA_*` variables on top.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let env_path = std::env::var_os("KURA_CONFIG").map(PathBuf::from);
        let path = match (explicit, env_path) {
            (Some(p), _) => Some(p.to_path_buf()),
            (None, Some(p)) => Some(p),
            (None, None) => {
                let local = PathBuf::from("kura.toml");
                local.exists().then_some(local)
            }
        };
        let (text, source) = match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                (text, Some(path))
            }
            None => (String::new(), None),
        };
        Self::from_toml(&text, source)
    }

    /// Parses and validates a `kura.toml` text.
    pub fn from_toml(text: &str, source: Option<PathBuf>) -> Result<Self, ConfigError> {
        let shown = source.clone().unwrap_or_else(|| PathBuf::from("kura.toml"));
        let invalid =
            |span: Option<std::ops::Range<usize>>, message: String| ConfigError::Invalid {
                path: shown.clone(),
                line: line_of(text, span.map(|s| s.start).unwrap_or(0)),
                message,
            };
        let file: FileConfig =
            toml::from_str(text).map_err(|e| invalid(e.span(), e.message().trim().to_string()))?;

        let zone = match std::env::var("KURA_TIME_ZONE") {
            Ok(name) => OrgZone::new(&name).map_err(|e| ConfigError::Env {
                name: "KURA_TIME_ZONE",
                message: e.to_string(),
            })?,
            Err(_) => match &file.time_zone {
                Some(tz) => OrgZone::new(tz.get_ref())
                    .map_err(|e| invalid(Some(tz.span()), format!("time_zone: {e}")))?,
                None => OrgZone::new(DEFAULT_TIME_ZONE).expect("the default zone is bundled"),
            },
        };
        let calendar = BusinessCalendar::new(&file.calendar)
            .map_err(|e| invalid(find_key(text, "calendar"), format!("calendar: {e}")))?;
        let database = std::env::var("KURA_DATABASE_URL")
            .ok()
            .or(file.database)
            .unwrap_or_else(|| DEFAULT_DATABASE.to_string());
        let lang = match std::env::var("KURA_LANG") {
            Ok(v) => v.parse().map_err(|_| ConfigError::Env {
                name: "KURA_LANG",
                message: format!("{v:?} is not a language: use ja or en"),
            })?,
            Err(_) => file.lang.unwrap_or_else(lang_from_locale),
        };
        Ok(Self {
            source,
            zone,
            database,
            lang,
            calendar,
            thresholds: file.diagnosis,
            import: file.import,
        })
    }
}

/// Japanese when the locale says so, else English.
fn lang_from_locale() -> Lang {
    let locale = std::env::var("LC_ALL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    if locale.starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The span of a table header or key, for errors found after parsing.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let header = format!("[{key}]");
    text.find(&header)
        .or_else(|| text.find(key))
        .map(|start| start..start + key.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in docs/configuration.md is a valid `kura.toml`, so the
    /// documentation cannot drift from the keys Kura accepts.
    #[test]
    fn the_documented_example_is_valid() {
        let doc = include_str!("../../../docs/configuration.md");
        let start = doc.find("```toml\n").expect("a toml block") + 8;
        let end = start + doc[start..].find("```").expect("the block ends");
        let s = Settings::from_toml(&doc[start..end], None).unwrap();
        assert_eq!(s.zone.name(), "Asia/Tokyo");
        assert!(!s.calendar.is_business_day(jiff::civil::date(2026, 6, 15)));
        assert!(s.calendar.is_business_day(jiff::civil::date(2026, 10, 3)));
    }

    #[test]
    fn an_empty_file_gives_every_default() {
        let s = Settings::from_toml("", None).unwrap();
        assert_eq!(s.zone.name(), "Asia/Tokyo");
        assert_eq!(s.database, DEFAULT_DATABASE);
    }

    #[test]
    fn an_unknown_key_names_the_key_and_the_line() {
        let err = Settings::from_toml("time_zone = \"Asia/Tokyo\"\n\ncolour = 3\n", None)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("kura.toml:3: "), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn a_bad_time_zone_names_the_key_and_the_line() {
        let err = Settings::from_toml("\ntime_zone = \"Mars/Olympus\"\n", None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("kura.toml:2: time_zone: unknown time zone"),
            "{err}"
        );
    }
}
