//! End-to-end tests: the real `kura` binary on real files and a real SQLite
//! database (and PostgreSQL when `KURA_TEST_DATABASE_URL` is set).

mod access;
mod api;
#[cfg(unix)]
mod backup;
mod browser;
mod cli;
mod contract;
#[cfg(unix)]
mod crash;
mod diagnose;
mod feeds;
mod hostile_input;
mod injection;
mod pace;
mod plan;
mod server;
#[cfg(unix)]
mod server_crash;
mod web_pages;
