//! A small pool of opened stores, so a request does not pay for opening a
//! database connection. The server keeps no other state: every process
//! behind a load balancer sees the same database and nothing else.

use kura_core::time::OrgZone;
use kura_store::{Store, StoreError};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

/// Opened stores waiting for a request.
pub struct StorePool {
    location: String,
    zone: OrgZone,
    idle: Mutex<Vec<Box<dyn Store>>>,
    max_idle: usize,
}

impl StorePool {
    /// A pool over the database at `location` (SQLite path or PostgreSQL URL).
    pub fn new(location: String, zone: OrgZone, max_idle: usize) -> Self {
        Self {
            location,
            zone,
            idle: Mutex::new(Vec::new()),
            max_idle,
        }
    }

    /// Takes an idle store, or opens a new one.
    pub fn get(self: &Arc<Self>) -> Result<PooledStore, StoreError> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match idle {
            Some(store) => store,
            None => kura_store::open(&self.location, self.zone.clone())?,
        };
        Ok(PooledStore {
            store: Some(store),
            pool: Arc::clone(self),
            healthy: true,
        })
    }
}

/// A store on loan from the pool; it goes back when dropped, unless it
/// failed (a broken connection is closed, not handed to the next request).
pub struct PooledStore {
    store: Option<Box<dyn Store>>,
    pool: Arc<StorePool>,
    healthy: bool,
}

impl PooledStore {
    /// Marks the store as failed, so it is closed instead of reused.
    pub fn discard(&mut self) {
        self.healthy = false;
    }
}

impl Deref for PooledStore {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_deref().expect("present until dropped")
    }
}

impl DerefMut for PooledStore {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.store.as_deref_mut().expect("present until dropped")
    }
}

impl Drop for PooledStore {
    fn drop(&mut self) {
        if let Some(store) = self.store.take()
            && self.healthy
        {
            let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < self.pool.max_idle {
                idle.push(store);
            }
        }
    }
}
