//! A small hand-built dataset: one rep before Silver Week 2026
//! (2026-09-24..25, two bridge business days after the five days off
//! 09-19..23), with targets in every state.

use jiff::civil::Date;
use kura_calendar::BusinessCalendar;
use kura_core::facts::OpenNextAction;
use kura_core::model::{Availability, CustomerState};
use kura_core::plan::{Baseline, PlanTarget, PlanWindow, RepBaseline, Topic, parse_topics};

/// A date from ISO text.
pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The default Japanese business calendar.
pub fn cal() -> BusinessCalendar {
    BusinessCalendar::japan()
}

/// The window `from..=to` of the default calendar.
pub fn window(from: &str, to: &str) -> PlanWindow {
    PlanWindow::new(&cal(), d(from), d(to)).unwrap()
}

/// An active target of rep `r1`.
pub fn target(
    id: &str,
    company: &str,
    contact: &str,
    industry: Option<&str>,
    last: Option<&str>,
    contacts_90d: u64,
) -> PlanTarget {
    PlanTarget {
        rep: "r1".into(),
        target: id.into(),
        company: Some(company.into()),
        contact: Some(contact.into()),
        industry: industry.map(str::to_string),
        last_contacted: last.map(d),
        contacts_90d,
    }
}

/// An open next action of rep `r1`.
pub fn next_action(id: &str, target: &str, due: &str, promised: bool) -> OpenNextAction {
    OpenNextAction {
        id: id.into(),
        rep: "r1".into(),
        target: Some(target.into()),
        due_on: d(due),
        promised,
    }
}

/// A recorded state.
pub fn recorded(target: &str, from: &str, to: &str, state: CustomerState) -> Availability {
    Availability {
        target: target.into(),
        from: d(from),
        to: d(to),
        state,
        note: None,
    }
}

/// Silver Week 2026: Thursday 09-24 and Friday 09-25, both bridge days.
pub fn silver_week() -> PlanWindow {
    window("2026-09-24", "2026-09-25")
}

/// The day the plan is made: the Friday before the holidays.
pub fn today() -> Date {
    d("2026-09-18")
}

/// r1's baseline: 400 counted activities over 20 business days, 20 a day.
/// With thin_pipeline = 0.25 the window's 2 days need at least
/// 0.25 × 20 × 2 = 10 next actions due not to be short; the usual volume of
/// 2 days is 40.
pub fn baseline() -> Vec<RepBaseline> {
    vec![RepBaseline {
        rep: "r1".into(),
        baseline: Baseline {
            volume: 400,
            days: 20,
        },
    }]
}

/// r1's targets, one per situation (states as the built-in rules infer
/// them for Silver Week, unless recorded):
///
/// | target | industry | state | recommendation |
/// |---|---|---|---|
/// | t-mfg | 製造業 (E) | partners_off (rule) | contact_deep |
/// | t-it | 情報通信業 (G) | colleagues_off (rule) | contact_deep |
/// | t-hotel | 宿泊業，飲食サービス業 (M) | peak_season (rule) | avoid |
/// | t-care | 医療，福祉 (P) | covering (rule) | avoid |
/// | t-trade | 卸売業，小売業 (I) | unchanged (rule) | normal |
/// | t-x | "Widgets" (unknown) | unknown | confirm |
/// | t-none | none | unknown | confirm |
/// | t-away | 製造業, recorded away 09-24..28 | away (recorded) | after_return |
/// | t-quiet | 宿泊業 (75), recorded catch_up_time | catch_up_time (recorded) | contact_deep |
pub fn targets() -> Vec<PlanTarget> {
    vec![
        target(
            "t-mfg",
            "東邦工業",
            "山田",
            Some("製造業"),
            Some("2026-09-10"),
            6,
        ),
        target(
            "t-it",
            "東邦システムズ",
            "佐藤",
            Some("情報通信業"),
            Some("2026-09-15"),
            4,
        ),
        target(
            "t-hotel",
            "湯元ホテル",
            "鈴木",
            Some("宿泊業，飲食サービス業"),
            Some("2026-09-20"),
            3,
        ),
        target(
            "t-care",
            "みどりケア",
            "高橋",
            Some("医療，福祉"),
            Some("2026-09-11"),
            2,
        ),
        target(
            "t-trade",
            "大和商事",
            "田中",
            Some("卸売業，小売業"),
            Some("2026-09-01"),
            5,
        ),
        target(
            "t-x",
            "Acme",
            "Smith",
            Some("Widgets"),
            Some("2026-09-05"),
            1,
        ),
        target("t-none", "無名商会", "伊藤", None, None, 0),
        target(
            "t-away",
            "北辰工業",
            "渡辺",
            Some("製造業"),
            Some("2026-09-16"),
            2,
        ),
        target(
            "t-quiet",
            "山の宿",
            "中村",
            Some("75"),
            Some("2026-09-18"),
            1,
        ),
    ]
}

/// r1's open next actions: three due in the window kept or moved, one due
/// after it.
///
/// - n1: t-hotel, 09-24, promised → kept (promised beats avoid);
/// - n2: t-care, 09-25, not promised, covering → moved to 09-28;
/// - n3: t-mfg, 09-24 → kept;
/// - n4: t-mfg, 09-30 → not due in the window;
/// - n5: t-away, 09-25, not promised, away until 09-28 → moved to 09-29.
pub fn next_actions() -> Vec<OpenNextAction> {
    vec![
        next_action("n1", "t-hotel", "2026-09-24", true),
        next_action("n2", "t-care", "2026-09-25", false),
        next_action("n3", "t-mfg", "2026-09-24", false),
        next_action("n4", "t-mfg", "2026-09-30", false),
        next_action("n5", "t-away", "2026-09-25", false),
    ]
}

/// Recorded states: t-away is off 09-24..28; t-quiet has time (recorded
/// wins over the hotel rule); a row of another target and one outside the
/// window change nothing.
pub fn availability() -> Vec<Availability> {
    vec![
        recorded("t-away", "2026-09-24", "2026-09-28", CustomerState::Away),
        recorded(
            "t-quiet",
            "2026-09-19",
            "2026-09-27",
            CustomerState::CatchUpTime,
        ),
        recorded("t-mfg", "2026-10-01", "2026-10-02", CustomerState::Away),
        recorded("t-other", "2026-09-24", "2026-09-25", CustomerState::Away),
    ]
}

/// A team's topics file: one dated topic for IT (within 120 days of the
/// window), one too old, one published after the window.
pub const TEAM_TOPICS: &str = r#"
[[topic]]
id = "it-budget-survey"
date = 2026-09-01
source = "https://example.com/it-budget-2026"
title = { ja = "下期のIT投資は増加見込み", en = "IT budgets set to grow in the second half" }
favours = ["G"]
windows = ["silver_week"]
talk = { ja = "{contact}様、「{topic}」という調査が出ていました。{season}明けの{company}様の計画づくりに役立つ材料をお持ちしたいと思いご連絡しました。", en = "Hi {contact}, a recent survey says \"{topic}\". I'd like to bring {company} some material for planning after {season}." }

[[topic]]
id = "old-factory-news"
date = 2026-05-01
source = "Nikkan Example"
title = { ja = "古い記事", en = "An old article" }
favours = ["E"]
talk = { ja = "{topic}", en = "{topic}" }

[[topic]]
id = "late-news"
date = 2026-09-26
source = "Example Times"
title = { ja = "遅い記事", en = "A late article" }
favours = ["*"]
talk = { ja = "{topic}", en = "{topic}" }
"#;

/// The team's topics followed by Kura's evergreen ones.
pub fn topics() -> Vec<Topic> {
    let mut t = parse_topics(TEAM_TOPICS).unwrap();
    t.extend(kura_core::plan::evergreen_topics().iter().cloned());
    t
}

/// The dataset, owned, so that tests can change a part before planning.
pub struct Data {
    pub calendar: BusinessCalendar,
    pub window: PlanWindow,
    pub today: Date,
    pub targets: Vec<PlanTarget>,
    pub next_actions: Vec<OpenNextAction>,
    pub availability: Vec<Availability>,
    pub topics: Vec<Topic>,
    pub baselines: Vec<RepBaseline>,
}

impl Data {
    /// The whole dataset above.
    pub fn new() -> Data {
        Data {
            calendar: cal(),
            window: silver_week(),
            today: today(),
            targets: targets(),
            next_actions: next_actions(),
            availability: availability(),
            topics: topics(),
            baselines: baseline(),
        }
    }

    /// Plans it with the built-in rules and default settings.
    pub fn plan(&self, lang: kura_calendar::Lang) -> kura_core::plan::WindowPlan {
        let mut input = kura_core::plan::PlanInput::new(&self.calendar, &self.window, self.today);
        input.targets = &self.targets;
        input.next_actions = &self.next_actions;
        input.availability = &self.availability;
        input.topics = &self.topics;
        input.baselines = &self.baselines;
        kura_core::plan::plan_window(&input, lang)
    }
}

/// The plan of one target of the first rep.
pub fn target_of<'a>(
    plan: &'a kura_core::plan::WindowPlan,
    id: &str,
) -> &'a kura_core::plan::TargetPlan {
    plan.reps[0]
        .targets
        .iter()
        .find(|t| t.target == id)
        .unwrap_or_else(|| panic!("{id} is in the plan"))
}
