//! `GET /api/v1/calendar/holidays` and `/calendar/windows`: the Japanese
//! business calendar the diagnosis measures against, as `kura calendar`
//! prints it.

use super::extract::{date, given, year};
use crate::web::auth::ApiCaller;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use jiff::ToSpan;
use jiff::civil::Date;
use kura_calendar::{Holiday, LowAttendanceWindow, national_holidays};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The longest range `/calendar/windows?from=&to=` lists, in years.
pub const MAX_WINDOW_RANGE_YEARS: i16 = 10;

/// `?year=`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HolidaysQuery {
    /// The year (default: this year in the organisation's time zone).
    #[param(value_type = Option<i16>, example = 2026)]
    year: Option<String>,
}

/// The national holidays of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Holidays {
    /// The year.
    pub year: i16,
    /// Its days off given by law (祝日・振替休日・国民の休日), by date.
    pub holidays: Vec<Holiday>,
}

/// `GET /api/v1/calendar/holidays`
#[utoipa::path(
    get,
    path = "/api/v1/calendar/holidays",
    tag = "calendar",
    summary = "Japanese national holidays of a year",
    description = "The days off given by the Act on National Holidays, including substitute and \
                   citizen's holidays (as `kura calendar holidays`). Company holidays from \
                   kura.toml are not listed.",
    params(HolidaysQuery),
    responses(
        (status = 200, description = "The holidays", body = Holidays),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn holidays(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<HolidaysQuery>,
) -> Result<Json<Holidays>, Problem> {
    caller.require_read()?;
    let year = match given(&q.year) {
        Some(y) => year("year", y)?,
        None => crate::cmd::today(&state.settings).year(),
    };
    Ok(Json(Holidays {
        year,
        holidays: national_holidays(year),
    }))
}

/// `?year=` or `?from=&to=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WindowsQuery {
    /// The windows overlapping this year (default: this year).
    #[param(value_type = Option<i16>, example = 2026)]
    year: Option<String>,
    /// Instead of `year`: the windows overlapping `from..=to` (both needed,
    /// at most 10 years apart).
    #[param(value_type = Option<String>, format = Date, example = "2026-09-01")]
    from: Option<String>,
    /// The last day of `from..=to`.
    #[param(value_type = Option<String>, format = Date, example = "2026-09-30")]
    to: Option<String>,
}

/// Low-attendance windows overlapping a range.
#[derive(Debug, Serialize, ToSchema)]
pub struct Windows {
    /// First day asked for.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Last day asked for.
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    /// Every window overlapping `from..=to`, each whole (it may start before
    /// `from` or end after `to`), by date.
    pub windows: Vec<LowAttendanceWindow>,
}

/// `GET /api/v1/calendar/windows`
#[utoipa::path(
    get,
    path = "/api/v1/calendar/windows",
    tag = "calendar",
    summary = "Low-attendance windows (閑散期間) of a year or a range",
    description = "Bridge days, Obon and year end by the organisation's calendar (as `kura \
                   calendar windows`): the windows Kura diagnoses and plans.",
    params(WindowsQuery),
    responses(
        (status = 200, description = "The windows", body = Windows),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn windows(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<WindowsQuery>,
) -> Result<Json<Windows>, Problem> {
    caller.require_read()?;
    let (from, to) = range(&state, &q)?;
    Ok(Json(Windows {
        from,
        to,
        windows: state.settings.calendar.low_attendance_windows(from, to),
    }))
}

/// The range asked for: `from..=to`, else the year.
fn range(state: &AppState, q: &WindowsQuery) -> Result<(Date, Date), Problem> {
    match (given(&q.from), given(&q.to), given(&q.year)) {
        (Some(_), Some(_), Some(_)) => Err(Problem::invalid(
            "year",
            "give either year or from and to, not both",
        )),
        (Some(from), Some(to), None) => {
            let (from, to) = (date("from", from)?, date("to", to)?);
            if to < from {
                return Err(Problem::invalid(
                    "to",
                    format!("to ({to}) is before from ({from}): give the first day, then the last"),
                ));
            }
            if to >= from.saturating_add(MAX_WINDOW_RANGE_YEARS.years()) {
                return Err(Problem::invalid(
                    "to",
                    format!(
                        "from..to spans more than {MAX_WINDOW_RANGE_YEARS} years: ask for a shorter range"
                    ),
                ));
            }
            Ok((from, to))
        }
        (Some(_), None, _) => Err(Problem::invalid("to", "to is missing: give from and to")),
        (None, Some(_), _) => Err(Problem::invalid(
            "from",
            "from is missing: give from and to",
        )),
        (None, None, year_arg) => {
            let year = match year_arg {
                Some(y) => year("year", y)?,
                None => crate::cmd::today(&state.settings).year(),
            };
            let first =
                Date::new(year, 1, 1).map_err(|e| Problem::invalid("year", e.to_string()))?;
            let last =
                Date::new(year, 12, 31).map_err(|e| Problem::invalid("year", e.to_string()))?;
            Ok((first, last))
        }
    }
}
