//! What every request handler shares: the settings, the store pool and a
//! cache of computed diagnoses that is revalidated against the database on
//! every use, so several server processes never show stale figures.

use super::pool::{PooledStore, StorePool};
use super::problem::Problem;
use crate::config::Settings;
use jiff::civil::Date;
use kura_core::diagnosis::Diagnosis;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How the server behaves, from `kura serve`'s flags.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Mark cookies `Secure` (the server is reached over TLS, e.g. behind a
    /// TLS-terminating proxy).
    pub secure_cookies: bool,
    /// How long a session lasts after sign-in.
    pub session_ttl: jiff::SignedDuration,
    /// Failed sign-ins allowed per name and per address in
    /// [`ServerOptions::login_window`] before sign-in is refused.
    pub login_attempts: u32,
    /// The window failed sign-ins are counted in.
    pub login_window: jiff::SignedDuration,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_ttl: jiff::SignedDuration::from_hours(12),
            login_attempts: 5,
            login_window: jiff::SignedDuration::from_mins(15),
            max_body: 32 * 1024 * 1024,
        }
    }
}

/// Diagnoses by window, with the data version each was computed at.
type DiagnosisCache = HashMap<(Date, Date), (u64, Arc<Diagnosis>)>;

/// The server's shared state; cloning is cheap.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What [`AppState`] holds.
pub struct Inner {
    /// The validated settings.
    pub settings: Settings,
    /// Opened stores.
    pub pool: Arc<StorePool>,
    /// Server options.
    pub options: ServerOptions,
    /// Diagnoses by window, with the data version they were computed at.
    diagnoses: Mutex<DiagnosisCache>,
    /// Values derived from a diagnosis (serialised API bodies, page data)
    /// by key, with the data version they were computed at.
    memos: Mutex<MemoCache>,
}

/// Derived values by key: (data version, value).
type MemoCache = HashMap<String, (u64, Arc<dyn Any + Send + Sync>)>;

/// Derived values kept per process.
const CACHED_MEMOS: usize = 256;

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Diagnoses kept per process; older windows are dropped first.
const CACHED_DIAGNOSES: usize = 32;

impl AppState {
    /// The state for `settings`.
    pub fn new(settings: Settings, options: ServerOptions) -> Self {
        let pool = Arc::new(StorePool::new(
            settings.database.clone(),
            settings.zone.clone(),
            16,
        ));
        Self(Arc::new(Inner {
            settings,
            pool,
            options,
            diagnoses: Mutex::new(HashMap::new()),
            memos: Mutex::new(HashMap::new()),
        }))
    }

    /// Runs `f` with a store on a blocking thread (the stores speak
    /// synchronous SQL). A store that failed is closed, not reused.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T, Problem>
    where
        F: FnOnce(&AppState, &mut PooledStore) -> Result<T, Problem> + Send + 'static,
        T: Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.pool.get()?;
            let result = f(&state, &mut store);
            if matches!(&result, Err(p) if p.status >= 500) {
                store.discard();
            }
            result
        })
        .await
        .map_err(|e| Problem::internal(&e))?
    }

    /// The diagnosis of `from..=to`, from the cache when the data has not
    /// changed since it was computed.
    pub fn diagnosis(
        &self,
        store: &PooledStore,
        from: Date,
        to: Date,
    ) -> Result<Arc<Diagnosis>, Problem> {
        self.diagnosis_at(store, from, to).map(|(_, d)| d)
    }

    /// [`AppState::diagnosis`] with the data version it is valid for.
    pub fn diagnosis_at(
        &self,
        store: &PooledStore,
        from: Date,
        to: Date,
    ) -> Result<(u64, Arc<Diagnosis>), Problem> {
        let version = store.data_version()?;
        if let Some((v, d)) = self.cache().get(&(from, to))
            && *v == version
        {
            return Ok((version, Arc::clone(d)));
        }
        let diagnosis = Arc::new(crate::cmd::diagnose::diagnose_window(
            &self.settings,
            &**store,
            from,
            to,
        )?);
        let mut cache = self.cache();
        if cache.len() >= CACHED_DIAGNOSES
            && let Some(oldest) = cache.keys().min().copied()
        {
            cache.remove(&oldest);
        }
        cache.insert((from, to), (version, Arc::clone(&diagnosis)));
        Ok((version, diagnosis))
    }

    /// A value derived from the data at `version` (a serialised API body,
    /// a page's figures and charts), made once per key and version: the
    /// next request with the same key reuses it until the data changes.
    pub fn memo<T: Send + Sync + 'static>(
        &self,
        key: String,
        version: u64,
        make: impl FnOnce() -> Result<T, Problem>,
    ) -> Result<Arc<T>, Problem> {
        let lock = || self.memos.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((v, value)) = lock().get(&key)
            && *v == version
            && let Ok(value) = Arc::clone(value).downcast::<T>()
        {
            return Ok(value);
        }
        let value = Arc::new(make()?);
        let mut memos = lock();
        if memos.len() >= CACHED_MEMOS {
            // Drop what older data versions left behind first, else all.
            memos.retain(|_, (v, _)| *v == version);
            if memos.len() >= CACHED_MEMOS {
                memos.clear();
            }
        }
        memos.insert(
            key,
            (version, Arc::clone(&value) as Arc<dyn Any + Send + Sync>),
        );
        Ok(value)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, DiagnosisCache> {
        self.diagnoses.lock().unwrap_or_else(|e| e.into_inner())
    }
}
