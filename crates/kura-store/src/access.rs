//! Who may use a Kura server (schema 3): users with a role, sessions, API
//! tokens and sign-in failures, kept in the database so that several
//! `kura serve` processes behind one load balancer share them.
//!
//! The store keeps only hashes: password hashes (Argon2id, computed and
//! checked by the caller) and hashes of session ids and API tokens (the
//! caller hashes the random secret and hands over the hash as text, e.g.
//! hex). A stolen database therefore signs nobody in.

use crate::StoreError;
use jiff::Timestamp;
use kura_core::model::UnknownValue;
use std::fmt;
use std::str::FromStr;

/// What a user may see and do (役割).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything: every team, users and tokens (管理者).
    Admin,
    /// The teams they manage and the organisation's aggregate (マネージャー).
    Manager,
    /// Their own rows and their team's aggregate (担当者).
    Rep,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: &'static [Role] = &[Role::Admin, Role::Manager, Role::Rep];

    /// The stable text key (`admin`, `manager`, `rep`), as stored.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Rep => "rep",
        }
    }

    /// The accepted keys, for error messages.
    pub fn accepted() -> String {
        keys(Role::ALL.iter().map(|r| r.key()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.key() == s)
            .ok_or_else(|| UnknownValue {
                what: "Role",
                value: s.to_string(),
                accepted: Role::accepted(),
            })
    }
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenScope {
    /// Push data (imports through the API).
    Ingest,
    /// Read figures.
    Read,
}

impl TokenScope {
    /// Every scope, in declaration order.
    pub const ALL: &'static [TokenScope] = &[TokenScope::Ingest, TokenScope::Read];

    /// The stable text key (`ingest`, `read`), as stored.
    pub fn key(self) -> &'static str {
        match self {
            TokenScope::Ingest => "ingest",
            TokenScope::Read => "read",
        }
    }

    /// The accepted keys, for error messages.
    pub fn accepted() -> String {
        keys(TokenScope::ALL.iter().map(|s| s.key()))
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for TokenScope {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        TokenScope::ALL
            .iter()
            .copied()
            .find(|t| t.key() == s)
            .ok_or_else(|| UnknownValue {
                what: "TokenScope",
                value: s.to_string(),
                accepted: TokenScope::accepted(),
            })
    }
}

fn keys<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.collect::<Vec<_>>().join(", ")
}

/// A user's id, given by the store; never reused after a user is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    /// The sign-in name; unique.
    pub name: String,
    /// What they may see.
    pub role: Role,
    /// Which rep they are (for [`Role::Rep`]).
    pub rep_id: Option<String>,
    /// The teams a manager manages.
    pub teams: Vec<String>,
    /// The password's hash (Argon2id, PHC string form), never the password.
    pub password_hash: String,
}

/// A stored user.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// The id.
    pub id: UserId,
    /// The sign-in name.
    pub name: String,
    /// What they may see.
    pub role: Role,
    /// Which rep they are (for [`Role::Rep`]).
    pub rep_id: Option<String>,
    /// The teams a manager manages, sorted, without repeats.
    pub teams: Vec<String>,
    /// The password's hash, to check a sign-in against.
    pub password_hash: String,
}

/// Debug output leaves the password hash out, so logging a user (or a
/// session) never writes it anywhere.
macro_rules! debug_without_hash {
    ($ty:ident { $($field:ident),+ }) => {
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($field), &self.$field))+
                    .field("password_hash", &"…")
                    .finish()
            }
        }
    };
}
debug_without_hash!(NewUser {
    name,
    role,
    rep_id,
    teams
});
debug_without_hash!(UserRecord {
    id,
    name,
    role,
    rep_id,
    teams
});

/// A session to store after a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The hash of the session id the browser holds (e.g. BLAKE3, hex).
    pub token_hash: String,
    /// Who signed in.
    pub user_id: UserId,
    /// The token every state-changing form of the session must carry.
    pub csrf_token: String,
    /// When it was created.
    pub created: Timestamp,
    /// When it stops being valid (valid while `now < expires`).
    pub expires: Timestamp,
}

/// A valid session and its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Who it belongs to, as stored now (a changed role shows at once).
    pub user: UserRecord,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// When it expires.
    pub expires: Timestamp,
}

/// An API token to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// A name for people (`crm-nightly`); need not be unique.
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// The hash of the secret (e.g. BLAKE3, hex); unique.
    pub token_hash: String,
    /// When it was created.
    pub created: Timestamp,
}

/// A stored, unrevoked API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    /// The id (`kura token list` shows it); never reused after a revocation.
    pub id: i64,
    /// The name.
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// When it was created.
    pub created: Timestamp,
}

/// A stored role, or why the row is unreadable.
pub(crate) fn parse_role(key: &str, user: &str) -> Result<Role, StoreError> {
    key.parse().map_err(|e: UnknownValue| StoreError::Corrupt {
        table: "users",
        id: user.to_string(),
        reason: e.to_string(),
    })
}

/// A stored token scope, or why the row is unreadable.
pub(crate) fn parse_scope(key: &str, id: i64) -> Result<TokenScope, StoreError> {
    key.parse().map_err(|e: UnknownValue| StoreError::Corrupt {
        table: "api_tokens",
        id: id.to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_values_say_what_is_accepted() {
        for r in Role::ALL {
            assert_eq!(r.key().parse::<Role>().unwrap(), *r);
        }
        for s in TokenScope::ALL {
            assert_eq!(s.key().parse::<TokenScope>().unwrap(), *s);
        }
        assert_eq!(
            "owner".parse::<Role>().unwrap_err().to_string(),
            "\"owner\" is not a valid Role: use one of admin, manager, rep"
        );
        assert_eq!(
            "write".parse::<TokenScope>().unwrap_err().to_string(),
            "\"write\" is not a valid TokenScope: use one of ingest, read"
        );
    }

    #[test]
    fn debug_output_hides_the_password_hash() {
        let user = UserRecord {
            id: UserId(7),
            name: "sato".into(),
            role: Role::Rep,
            rep_id: Some("r1".into()),
            teams: vec![],
            password_hash: "$argon2id$secret".into(),
        };
        let shown = format!("{user:?}");
        assert!(
            shown.contains("sato") && shown.contains("UserId(7)"),
            "{shown}"
        );
        assert!(!shown.contains("argon2id"), "{shown}");
    }
}
