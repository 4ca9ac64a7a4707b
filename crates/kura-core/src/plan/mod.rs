//! Planning a low-attendance window: who to contact, who to leave alone,
//! what is already promised, and a "Why you now" for every customer.
//!
//! # The idea
//!
//! A stock-type rep (ストック型) goes into a short, low-attendance week
//! already knowing each customer's week. The essay names six states:
//! (1) their partners are off, (2) their colleagues are off, (3) they want
//! to use the time for what they normally cannot — the best time for a
//! deeper conversation; (4) they are covering for colleagues, (5) it is
//! their peak season — the worst time, avoid; (6) nothing is different. Plus
//! `away` and `unknown` (METRICS.md §10). And every contact needs a reason
//! that answers "why are you contacting me now?" — built from news about the
//! holiday matched to the customer's industry.
//!
//! # The pieces
//!
//! - [`window`]: the window, its season ([`PlanWindowKind`]: Golden Week,
//!   Obon, Silver Week, year end, other bridge) and the attendance expected
//!   on each business day;
//! - [`industry`]: JSIC (日本標準産業分類) and the mapping of CRM industry
//!   values onto it; unknown values are reported, never dropped;
//! - [`rules`]: industry-season rules that infer a likely state;
//! - [`state`]: recorded beats inferred; state → [`Recommendation`];
//! - [`topic`], [`template`], [`why`]: topics with talk tracks, ranked per
//!   target, filled into a "Why you now" line (or a line built from the
//!   window and the state when no topic fits);
//! - [`feed_rules`]: feed items → topics by keyword rules;
//! - [`capacity`]: the diagnosis's thin-pipeline test before the window;
//! - [`planner`]: [`plan_window`] puts it together per rep.
//!
//! # The plan of a rep
//!
//! For each rep [`plan_window`] lists:
//! 1. the window's business days with expected attendance, and what each
//!    day already holds;
//! 2. next actions due in the window, promised first, then by date; one
//!    not promised whose customer is likely busy (`avoid`) or away
//!    (`after_return`) is moved to the first business day after the window
//!    (or after a recorded absence that ends later);
//! 3. every active target (and every target of a due next action) with its
//!    state — recorded, or inferred with its rule — its recommendation and
//!    its "Why you now";
//! 4. the capacity check: short when due_in_window / |D(W)| < thin_pipeline
//!    × baseline_rate, and how many contacts the usual volume needs;
//! 5. when short, the targets to add — `contact_deep` first, then `normal`,
//!    then `confirm` (an unknown state is learnt by asking); never `avoid`
//!    or `after_return`; targets without a next action in the window; most
//!    recently contacted first — as next actions to set today, each on the
//!    window day (from today on) with the fewest contacts per unit of
//!    expected attendance, the earliest on a tie.
//!
//! [`WindowPlan::call_list`] flattens it into one row per contact for CSV.
//! Everything here is pure and deterministic: no clock (today is an
//! argument), no I/O; the built-in tables are embedded and parsed once.

pub mod capacity;
pub mod error;
pub mod feed_rules;
pub mod industry;
pub mod planner;
pub mod rules;
pub mod state;
pub mod template;
pub mod text;
pub mod topic;
pub mod why;
pub mod window;

pub use capacity::{Baseline, CapacityCheck, check_capacity};
pub use error::{DataError, DataFile};
pub use feed_rules::{FeedConversion, FeedItem, FeedRules, SkipReason, SkippedItem};
pub use industry::{Industry, IndustryMapper, IndustryMatch, jsic};
pub use planner::{
    CallKind, CallListRow, DueAction, DueHandling, PlanDay, PlanInput, PlanSettings, PlanTarget,
    RepBaseline, RepDayLoad, RepPlan, SuggestedNextAction, TargetPlan, UnknownIndustry, WindowPlan,
    WindowSummary, plan_window,
};
pub use rules::{SeasonRule, SeasonRules};
pub use state::{Recommendation, StateSource, TargetState, resolve_state};
pub use template::{SlotValues, TalkTrack, Template};
pub use text::Bilingual;
pub use topic::{Provenance, Topic, evergreen_topics, parse_topics};
pub use why::WhyYouNow;
pub use window::{AttendanceModel, PlanWindow, PlanWindowKind, WindowError};
