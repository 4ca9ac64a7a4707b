//! `GET /api/v1/pacing`: a weekly or monthly activity target paced by
//! business days (METRICS.md §9), as `kura pace --format json` computes it.

use super::extract::given;
use crate::web::auth::ApiCaller;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use jiff::civil::Date;
use kura_core::pacing::{MonthPacing, WeekPace, monthly_pacing, weekly_pacing};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The largest target accepted (counted activities).
const MAX_TARGET: f64 = 1e12;

/// `?month=&weekly_target=|monthly_target=`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PacingQuery {
    /// The month, `YYYY-MM` (default: this month in the organisation's time
    /// zone).
    #[param(example = "2026-09")]
    month: Option<String>,
    /// A weekly target (counted activities a week). Give this or
    /// `monthly_target`.
    #[param(value_type = Option<f64>, example = 250)]
    weekly_target: Option<String>,
    /// A monthly target (counted activities a month).
    #[param(value_type = Option<f64>, example = 1000)]
    monthly_target: Option<String>,
}

/// A target paced by business days.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pacing {
    /// The month, `YYYY-MM`.
    #[schema(example = "2026-09")]
    pub month: String,
    /// The weekly target, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_target: Option<f64>,
    /// With a weekly target: every ISO week overlapping the month, with its
    /// business days, the required rate per business day (T / n) and the
    /// uplift over a normal week (5 / n − 1) — the items of `kura pace
    /// --weekly-target T --format json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub weeks: Option<Vec<WeekPace>>,
    /// The monthly target, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_target: Option<f64>,
    /// With a monthly target: each week's business-day share M·n/N beside
    /// the even split — the object of `kura pace --monthly-target M
    /// --format json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub monthly: Option<MonthPacing>,
}

/// `GET /api/v1/pacing`
#[utoipa::path(
    get,
    path = "/api/v1/pacing",
    tag = "pacing",
    summary = "Pace a weekly or monthly target by business days",
    description = "A short week asks for more per business day; pacing by business days gives \
                   every business day the same share (METRICS.md §9).",
    params(PacingQuery),
    responses(
        (status = 200, description = "The pacing", body = Pacing),
        super::openapi::ReadErrors,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn pacing(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<PacingQuery>,
) -> Result<Json<Pacing>, Problem> {
    caller.require_read()?;
    let month = match given(&q.month) {
        Some(m) => month(m)?,
        None => crate::cmd::today(&state.settings).first_of_month(),
    };
    let (first, last) = (month.first_of_month(), month.last_of_month());
    let calendar = &state.settings.calendar;
    let mut pacing = Pacing {
        month: month.strftime("%Y-%m").to_string(),
        weekly_target: None,
        weeks: None,
        monthly_target: None,
        monthly: None,
    };
    match (given(&q.weekly_target), given(&q.monthly_target)) {
        (Some(t), None) => {
            let t = target("weekly_target", t)?;
            pacing.weekly_target = Some(t);
            pacing.weeks = Some(weekly_pacing(calendar, first, last, t));
        }
        (None, Some(m)) => {
            let m = target("monthly_target", m)?;
            pacing.monthly_target = Some(m);
            pacing.monthly = Some(monthly_pacing(calendar, month, m));
        }
        (Some(_), Some(_)) => {
            return Err(Problem::invalid(
                "monthly_target",
                "give weekly_target or monthly_target, not both",
            ));
        }
        (None, None) => {
            return Err(Problem::invalid(
                "weekly_target",
                "give weekly_target or monthly_target (counted activities a week or a month)",
            ));
        }
    }
    Ok(Json(pacing))
}

/// `YYYY-MM`, in the years the calendar knows.
fn month(value: &str) -> Result<Date, Problem> {
    crate::cmd::parse_date(&format!("{value}-01"), "month").map_err(|_| {
        Problem::invalid(
            "month",
            format!("month: {value:?} is not a month: use YYYY-MM, e.g. 2026-09"),
        )
    })
}

/// A target: a number of counted activities, 0 or more.
fn target(name: &str, value: &str) -> Result<f64, Problem> {
    match value.parse::<f64>() {
        Ok(t) if t.is_finite() && (0.0..=MAX_TARGET).contains(&t) => Ok(t),
        _ => Err(Problem::invalid(
            name,
            format!(
                "{name}: {value:?} is not a target: give a number of counted activities, 0 or more (e.g. 250)"
            ),
        )),
    }
}
