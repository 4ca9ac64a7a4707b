//! What to simulate: the period, the size of the organisation and the seed.

use jiff::ToSpan;
use jiff::civil::Date;
use kura_calendar::Lang;

/// The seed [`SimConfig::demo`] uses, so that every demo shows the same
/// organisation.
pub const DEMO_SEED: u64 = 20_200_923;

/// The longest period one simulation covers, in days (20 years).
pub const MAX_PERIOD_DAYS: i64 = 7_305;

/// The most reps one simulation holds (teams × reps per team × scale).
pub const MAX_REPS: u64 = 100_000;

/// The settings of one simulation run.
///
/// The same settings (seed included) always produce the same records in the
/// same order.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed of the random generator.
    pub seed: u64,
    /// First simulated local date (activities start here; a few leads and next
    /// actions are older, as in any real CRM).
    pub from: Date,
    /// Last simulated local date, inclusive.
    pub to: Date,
    /// Number of teams (チーム).
    pub teams: u32,
    /// Reps per team before scaling.
    pub reps_per_team: u32,
    /// Multiplies the reps per team (rounded, at least one), e.g. for
    /// benchmarks; 1.0 keeps `reps_per_team`.
    pub scale: f64,
    /// Language of the generated free text: rep and company names, lead
    /// statuses, availability notes.
    pub lang: Lang,
}

impl SimConfig {
    /// The demo organisation: 3 teams of 8 reps (24 in all, one of them a
    /// recent hire) over the 18 months up to `today`, in Japanese.
    pub fn demo(today: Date) -> Self {
        SimConfig {
            seed: DEMO_SEED,
            from: today.saturating_sub(18.months()),
            to: today,
            teams: 3,
            reps_per_team: 8,
            scale: 1.0,
            lang: Lang::Ja,
        }
    }

    /// Reps in each team after scaling (at least one).
    pub fn team_size(&self) -> u32 {
        let scaled = (f64::from(self.reps_per_team) * self.scale).round();
        // The cast saturates; `validate` bounds the total far below u32::MAX.
        (scaled as u32).max(1)
    }

    /// Checks the settings, naming the first one that cannot be simulated.
    pub fn validate(&self) -> Result<(), SimConfigError> {
        if self.from > self.to {
            return Err(SimConfigError::EmptyPeriod {
                from: self.from,
                to: self.to,
            });
        }
        let days = (self.to.duration_since(self.from).as_secs() / 86_400) + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(SimConfigError::PeriodTooLong {
                from: self.from,
                to: self.to,
                days,
            });
        }
        let years = kura_calendar::SUPPORTED_YEARS;
        // The simulation also looks a few months before `from` (history) and
        // after `to` (next actions due later).
        let first = self.from.saturating_sub(crate::engine::HISTORY_DAYS.days());
        let last = self.to.saturating_add(crate::engine::HORIZON_DAYS.days());
        if !years.contains(&first.year()) || !years.contains(&last.year()) {
            return Err(SimConfigError::OutOfCalendar {
                from: self.from,
                to: self.to,
                first_year: *years.start(),
                last_year: *years.end(),
            });
        }
        if self.teams == 0 {
            return Err(SimConfigError::NoTeams);
        }
        if self.reps_per_team == 0 {
            return Err(SimConfigError::NoReps);
        }
        if !self.scale.is_finite() || self.scale <= 0.0 {
            return Err(SimConfigError::BadScale(self.scale));
        }
        let reps = u64::from(self.teams)
            * ((f64::from(self.reps_per_team) * self.scale)
                .round()
                .max(1.0) as u64);
        if reps > MAX_REPS {
            return Err(SimConfigError::TooManyReps(reps));
        }
        Ok(())
    }
}

/// Settings that cannot be simulated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimConfigError {
    /// `from` is after `to`.
    #[error("simulation period {from}..{to} is empty: `from` must not be after `to`")]
    EmptyPeriod {
        /// First date.
        from: Date,
        /// Last date.
        to: Date,
    },
    /// The period is longer than [`MAX_PERIOD_DAYS`].
    #[error(
        "simulation period {from}..{to} is {days} days long: use at most {MAX_PERIOD_DAYS} days (20 years)"
    )]
    PeriodTooLong {
        /// First date.
        from: Date,
        /// Last date.
        to: Date,
        /// Its length in days.
        days: i64,
    },
    /// The period (with its history and horizon) leaves the calendar's years.
    #[error(
        "simulation period {from}..{to} needs calendar years outside {first_year}..{last_year}: use dates at least a year inside that range"
    )]
    OutOfCalendar {
        /// First date.
        from: Date,
        /// Last date.
        to: Date,
        /// First year the calendar knows.
        first_year: i16,
        /// Last year the calendar knows.
        last_year: i16,
    },
    /// No teams.
    #[error("teams is 0: use at least 1 team")]
    NoTeams,
    /// No reps per team.
    #[error("reps per team is 0: use at least 1 rep per team")]
    NoReps,
    /// The scale is zero, negative or not a number.
    #[error("scale {0} is not a positive number: use e.g. 1.0, or 10 for ten times the reps")]
    BadScale(f64),
    /// Too many reps in all.
    #[error("{0} reps in all is too many: use at most {MAX_REPS} (teams × reps per team × scale)")]
    TooManyReps(u64),
}

impl SimConfigError {
    /// The message in the given language (the `Display` text is English).
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => match self {
                SimConfigError::EmptyPeriod { from, to } => format!(
                    "シミュレーション期間 {from}..{to} が空です: 開始日は終了日より後にできません"
                ),
                SimConfigError::PeriodTooLong { from, to, days } => format!(
                    "シミュレーション期間 {from}..{to} は {days} 日あります: {MAX_PERIOD_DAYS} 日(20年)以内にしてください"
                ),
                SimConfigError::OutOfCalendar {
                    from,
                    to,
                    first_year,
                    last_year,
                } => format!(
                    "シミュレーション期間 {from}..{to} には暦の対応範囲 {first_year}..{last_year} 年の外の日付が必要です: 範囲から1年以上内側の日付を使ってください"
                ),
                SimConfigError::NoTeams => {
                    "チーム数が 0 です: 1 以上を指定してください".to_string()
                }
                SimConfigError::NoReps => {
                    "チームあたりの担当者数が 0 です: 1 以上を指定してください".to_string()
                }
                SimConfigError::BadScale(scale) => format!(
                    "倍率 {scale} は正の数ではありません: 例えば 1.0、担当者を10倍にするなら 10 を指定してください"
                ),
                SimConfigError::TooManyReps(reps) => format!(
                    "担当者が合計 {reps} 人で多すぎます: {MAX_REPS} 人以内にしてください(チーム数 × チームあたり人数 × 倍率)"
                ),
            },
        }
    }
}
