//! The `kura` binary: argument parsing, settings and wiring. Every figure it
//! prints is computed in `kura-core`; this crate only renders.

mod cli;
mod cmd;
mod config;
mod i18n;
mod output;
mod render;
mod web;

use clap::Parser;
use std::process::ExitCode;

/// A problem with the arguments as given: printed on one line, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Restores the default SIGPIPE action, so `kura ... | head` ends quietly
/// when the reader goes away, as Unix tools do (Rust ignores SIGPIPE by
/// default, which turns every later `print!` into a panic).
#[cfg(unix)]
fn restore_sigpipe() {
    // SAFETY: called first thing in main, before any thread exists; setting
    // a signal's disposition to SIG_DFL has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    #[cfg(unix)]
    restore_sigpipe();
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KURA_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(usage) = err.downcast_ref::<UsageError>() {
                eprintln!("kura: {usage}");
                return ExitCode::from(2);
            }
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("kura: {err:#}");
            ExitCode::FAILURE
        }
    }
}
