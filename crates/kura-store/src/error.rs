//! What can go wrong in the store.

use std::path::PathBuf;

/// An error of the storage layer. Messages say what went wrong, where, and
/// what is accepted; [`StoreError::message_ja`] gives the same in Japanese.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database location could not be understood.
    #[error(
        "invalid database location {given:?}: {reason}; use a SQLite file path, sqlite://PATH or postgres://USER@HOST[:PORT]/DB[?schema=NAME]"
    )]
    BadLocation {
        /// The location as given (passwords masked).
        given: String,
        /// Why it was refused.
        reason: String,
    },

    /// The SQLite file could not be opened or set up.
    #[error("cannot open the SQLite database {}: {source}", path.display())]
    OpenSqlite {
        /// The file.
        path: PathBuf,
        /// The driver's error.
        source: rusqlite::Error,
    },

    /// The PostgreSQL server could not be reached or refused the login.
    #[error("cannot connect to PostgreSQL at {target}: {source}")]
    ConnectPostgres {
        /// The URL (password masked).
        target: String,
        /// The driver's error.
        source: postgres::Error,
    },

    /// The database's schema is newer than this binary.
    #[error(
        "this database was written by a newer Kura (schema {found}, this binary knows up to {known}): upgrade kura"
    )]
    NewerSchema {
        /// The database's schema version.
        found: u32,
        /// The newest version this binary knows.
        known: u32,
    },

    /// The database keeps local dates in another time zone.
    #[error(
        "this database keeps local dates in time zone {stored:?}, but it was opened with {given:?}: set time_zone = {stored:?} in kura.toml, or import into a new database"
    )]
    ZoneMismatch {
        /// The zone recorded in the database.
        stored: String,
        /// The zone the store was opened with.
        given: String,
    },

    /// A SQLite statement failed.
    #[error("SQLite failed while {doing}: {source}")]
    Sqlite {
        /// What the store was doing.
        doing: &'static str,
        /// The driver's error.
        source: rusqlite::Error,
    },

    /// A PostgreSQL statement failed.
    #[error("PostgreSQL failed while {doing}: {source}")]
    Postgres {
        /// What the store was doing.
        doing: &'static str,
        /// The driver's error.
        source: postgres::Error,
    },

    /// A stored row does not decode into the domain model (written by
    /// something other than Kura, or damaged).
    #[error("stored {table} row {id:?} is unreadable: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The row's id (`?` when the id itself is unreadable).
        id: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A user with that name already exists.
    #[error("a user named {name:?} already exists: choose another name, or remove that user first")]
    DuplicateUser {
        /// The name asked for.
        name: String,
    },

    /// No user has that id (removed meanwhile, or never created).
    #[error("there is no user with id {id}: it may have been removed")]
    UnknownUser {
        /// The id given.
        id: crate::UserId,
    },

    /// The store was used again from inside its own export callback.
    #[error("the store is busy with {0}: finish it before using the store again")]
    Busy(&'static str),

    /// The export callback failed (e.g. a file could not be written).
    #[error("export stopped: {0}")]
    Sink(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// The message in Japanese, for the CLI and the web pages.
    pub fn message_ja(&self) -> String {
        match self {
            StoreError::BadLocation { given, reason } => format!(
                "データベースの指定 {given:?} を解釈できません（{reason}）。SQLite のファイルパス、sqlite://パス、または postgres://ユーザー@ホスト[:ポート]/DB[?schema=名前] を指定してください"
            ),
            StoreError::OpenSqlite { path, source } => format!(
                "SQLite データベース {} を開けません: {source}",
                path.display()
            ),
            StoreError::ConnectPostgres { target, source } => {
                format!("PostgreSQL（{target}）に接続できません: {source}")
            }
            StoreError::NewerSchema { found, known } => format!(
                "このデータベースは新しい Kura で書かれています（スキーマ {found}、このバイナリが扱えるのは {known} まで）。kura を更新してください"
            ),
            StoreError::ZoneMismatch { stored, given } => format!(
                "このデータベースは日付をタイムゾーン {stored:?} で記録していますが、{given:?} で開かれました。kura.toml で time_zone = {stored:?} とするか、新しいデータベースに取り込んでください"
            ),
            StoreError::Sqlite { doing, source } => {
                format!("SQLite の処理（{doing}）に失敗しました: {source}")
            }
            StoreError::Postgres { doing, source } => {
                format!("PostgreSQL の処理（{doing}）に失敗しました: {source}")
            }
            StoreError::Corrupt { table, id, reason } => {
                format!("{table} の行 {id:?} を読めません: {reason}")
            }
            StoreError::DuplicateUser { name } => format!(
                "利用者 {name:?} はすでにいます。別の名前にするか、先にその利用者を削除してください"
            ),
            StoreError::UnknownUser { id } => {
                format!("ID {id} の利用者はいません（削除された可能性があります）")
            }
            StoreError::Busy(what) => {
                format!("ストアは {what} の処理中です。終わってから使ってください")
            }
            StoreError::Sink(e) => format!("エクスポートを中断しました: {e}"),
        }
    }
}

/// Attaches "what the store was doing" to driver errors.
pub(crate) trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, rusqlite::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite { doing, source })
    }
}

impl<T> Doing<T> for Result<T, postgres::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Postgres { doing, source })
    }
}
