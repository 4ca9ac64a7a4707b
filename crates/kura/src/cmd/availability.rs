//! `kura availability set`: record a customer's state for a range of days
//! (METRICS.md §10). A recorded state wins over the planner's inference.

use crate::UsageError;
use crate::cli::{AvailabilityCommand, AvailabilitySetArgs};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Context;
use kura_core::model::{Availability, CustomerState};

/// Runs `kura availability ...`.
pub fn run(settings: &Settings, command: AvailabilityCommand) -> anyhow::Result<()> {
    match command {
        AvailabilityCommand::Set(args) => set(settings, args),
    }
}

/// Validates the arguments into an availability row.
fn parse(settings: &Settings, args: AvailabilitySetArgs) -> Result<Availability, UsageError> {
    let target = args.target.trim();
    if target.is_empty() {
        return Err(UsageError(match settings.lang {
            Lang::Ja => "TARGET が空です: リードまたはコンタクトの ID を指定してください".into(),
            Lang::En => "TARGET is empty: give a lead or contact id".into(),
        }));
    }
    let from = super::parse_date(&args.from, "--from")?;
    let to = super::parse_date(&args.to, "--to")?;
    if to < from {
        return Err(UsageError(match settings.lang {
            Lang::Ja => format!("--to {to} が --from {from} より前です: 期間を見直してください"),
            Lang::En => format!("--to {to} is before --from {from}: the range is reversed"),
        }));
    }
    let state: CustomerState = args.state.trim().parse().map_err(|_| {
        UsageError(match settings.lang {
            Lang::Ja => format!(
                "--state: {:?} は状態ではありません: {} のいずれかを指定してください",
                args.state,
                CustomerState::accepted()
            ),
            Lang::En => format!(
                "--state: {:?} is not a state: use one of {}",
                args.state,
                CustomerState::accepted()
            ),
        })
    })?;
    Ok(Availability {
        target: target.to_string(),
        from,
        to,
        state,
        note: args.note.filter(|n| !n.trim().is_empty()),
    })
}

/// `kura availability set`.
fn set(settings: &Settings, args: AvailabilitySetArgs) -> anyhow::Result<()> {
    let row = parse(settings, args)?;
    let mut store = super::open_store(settings)?;
    let changes = store
        .set_availability(row.clone())
        .with_context(|| format!("recording availability of {}", row.target))?;
    let lang = settings.lang;
    let what = if changes.new > 0 {
        lang.pick("記録しました", "recorded")
    } else if changes.changed > 0 {
        lang.pick("更新しました", "updated")
    } else {
        lang.pick("変更はありません", "unchanged")
    };
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{} {}〜{}: {}（{}）: {what}",
                row.target,
                row.from,
                row.to,
                row.state.label(lang),
                row.state.key()
            ),
            Lang::En => format!(
                "{} {}..{}: {} ({}): {what}",
                row.target,
                row.from,
                row.to,
                row.state.label(lang),
                row.state.key()
            ),
        }
    );
    Ok(())
}
