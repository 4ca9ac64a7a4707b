//! Where a store lives: a SQLite file or a PostgreSQL URL.

use crate::StoreError;
use std::path::PathBuf;

/// A parsed database location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (without Kura's own `schema` parameter) and the
    /// schema to work in, if one was given.
    Postgres { url: String, schema: Option<String> },
}

impl Location {
    /// `postgres://…` and `postgresql://…` are PostgreSQL (an optional
    /// `schema=NAME` query parameter picks the schema); `sqlite://PATH` and
    /// anything else are a SQLite file path.
    pub(crate) fn parse(given: &str) -> Result<Location, StoreError> {
        if given.starts_with("postgres://") || given.starts_with("postgresql://") {
            let (url, schema) = take_schema(given)?;
            return Ok(Location::Postgres { url, schema });
        }
        let path = given.strip_prefix("sqlite://").unwrap_or(given);
        if path.is_empty() {
            return Err(StoreError::BadLocation {
                given: given.to_string(),
                reason: "the SQLite path is empty".to_string(),
            });
        }
        Ok(Location::Sqlite(PathBuf::from(path)))
    }
}

/// Splits Kura's `schema=NAME` parameter off a PostgreSQL URL.
fn take_schema(given: &str) -> Result<(String, Option<String>), StoreError> {
    let Some((base, query)) = given.split_once('?') else {
        return Ok((given.to_string(), None));
    };
    let mut schema = None;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("schema", name)) => {
                check_schema_name(name).map_err(|reason| StoreError::BadLocation {
                    given: mask_password(given),
                    reason,
                })?;
                schema = Some(name.to_string());
            }
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((url, schema))
}

/// Schema names Kura accepts: letters, digits and `_`, not starting with a
/// digit, at most 63 bytes (PostgreSQL's identifier limit).
pub(crate) fn check_schema_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(())
    } else {
        Err(format!(
            "schema name {name:?} is not accepted: use 1 to 63 ASCII letters, digits or _, not starting with a digit"
        ))
    }
}

/// The URL with its password replaced by `***`, for messages.
pub(crate) fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_pick_their_backend() {
        assert_eq!(
            Location::parse("kura.db").unwrap(),
            Location::Sqlite(PathBuf::from("kura.db"))
        );
        assert_eq!(
            Location::parse("sqlite:///var/lib/kura.db").unwrap(),
            Location::Sqlite(PathBuf::from("/var/lib/kura.db"))
        );
        assert_eq!(
            Location::parse("postgresql://u@h/db").unwrap(),
            Location::Postgres {
                url: "postgresql://u@h/db".into(),
                schema: None
            }
        );
        assert_eq!(
            Location::parse(
                "postgres://u@h:5432/db?sslmode=disable&schema=team_a&application_name=k"
            )
            .unwrap(),
            Location::Postgres {
                url: "postgres://u@h:5432/db?sslmode=disable&application_name=k".into(),
                schema: Some("team_a".into())
            }
        );
    }

    #[test]
    fn bad_locations_say_what_is_accepted() {
        let err = Location::parse("sqlite://").unwrap_err().to_string();
        assert!(err.starts_with("invalid database location \"sqlite://\": the SQLite path is empty; use a SQLite file path"), "{err}");
        let err = Location::parse("postgres://u:secret@h/db?schema=a-b")
            .unwrap_err()
            .to_string();
        assert!(err.contains("u:***@h"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        assert!(err.contains("schema name \"a-b\" is not accepted"), "{err}");
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            mask_password("postgres://u:p@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(mask_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(mask_password("postgres://h"), "postgres://h");
    }
}
