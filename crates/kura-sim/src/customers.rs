//! The customers' side: industries, and how each industry spends a
//! low-attendance window (the essay's six states, METRICS.md §10).
//!
//! Every customer (lead) has one true state per low-attendance window, drawn
//! from its industry's mix for the season. The state decides whether the
//! person is at work, whether they pick up, and how well a conversation
//! goes. A stock-type rep who asked beforehand knows the state and plans
//! around it; a flow-type rep calls blind.

use kura_calendar::Lang;
use kura_core::model::CustomerState;

/// The kind of low-attendance window, for the customers' plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    /// Bridge days around national holidays (Golden Week, Silver Week, …).
    Bridge,
    /// Obon (お盆, mid-August).
    Obon,
    /// The year end and New Year (年末年始).
    YearEnd,
}

/// How an industry spends the low-attendance windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// Office work: many take leave, those left have time.
    Office,
    /// Plants and sites: long shutdowns at Obon and the year end.
    Plant,
    /// Hotels, restaurants, leisure: the holidays are the peak.
    Hospitality,
    /// Wholesale and retail: busy at the year end.
    Retail,
    /// Medical and welfare: open through, covering for those on leave.
    Care,
    /// Transport and post: busier in holidays, peak at the year end.
    Logistics,
}

/// One industry: the JSIC division name (the `industry` text), the company
/// name suffix in both languages, its share of accounts, its profile.
struct Industry {
    name: &'static str,
    suffix_ja: &'static str,
    suffix_en: &'static str,
    weight: u32,
    profile: Profile,
}

/// The Japan Standard Industrial Classification divisions the simulated
/// accounts belong to (日本標準産業分類の大分類), with their share of accounts
/// in percent.
const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "製造業",
        suffix_ja: "工業",
        suffix_en: "Industries",
        weight: 16,
        profile: Profile::Plant,
    },
    Industry {
        name: "情報通信業",
        suffix_ja: "システムズ",
        suffix_en: "Systems",
        weight: 14,
        profile: Profile::Office,
    },
    Industry {
        name: "卸売業，小売業",
        suffix_ja: "商事",
        suffix_en: "Trading",
        weight: 14,
        profile: Profile::Retail,
    },
    Industry {
        name: "宿泊業，飲食サービス業",
        suffix_ja: "フーズ",
        suffix_en: "Foods",
        weight: 6,
        profile: Profile::Hospitality,
    },
    Industry {
        name: "医療，福祉",
        suffix_ja: "ケアサービス",
        suffix_en: "Care Services",
        weight: 8,
        profile: Profile::Care,
    },
    Industry {
        name: "建設業",
        suffix_ja: "建設",
        suffix_en: "Construction",
        weight: 8,
        profile: Profile::Plant,
    },
    Industry {
        name: "運輸業，郵便業",
        suffix_ja: "運輸",
        suffix_en: "Logistics",
        weight: 6,
        profile: Profile::Logistics,
    },
    Industry {
        name: "不動産業，物品賃貸業",
        suffix_ja: "不動産",
        suffix_en: "Realty",
        weight: 6,
        profile: Profile::Office,
    },
    Industry {
        name: "学術研究，専門・技術サービス業",
        suffix_ja: "総合研究所",
        suffix_en: "Research Institute",
        weight: 7,
        profile: Profile::Office,
    },
    Industry {
        name: "生活関連サービス業，娯楽業",
        suffix_ja: "ライフサービス",
        suffix_en: "Life Services",
        weight: 4,
        profile: Profile::Hospitality,
    },
    Industry {
        name: "教育，学習支援業",
        suffix_ja: "学院",
        suffix_en: "Academy",
        weight: 4,
        profile: Profile::Office,
    },
    Industry {
        name: "サービス業（他に分類されないもの）",
        suffix_ja: "サービス",
        suffix_en: "Services",
        weight: 7,
        profile: Profile::Office,
    },
];

/// The industry texts the simulator writes into accounts.csv (JSIC division
/// names in Japanese), in a fixed order.
pub fn industry_names() -> impl Iterator<Item = &'static str> {
    INDUSTRIES.iter().map(|i| i.name)
}

/// The industry text of industry `i` (`i < INDUSTRY_COUNT`).
pub(crate) fn industry_name(i: u8) -> &'static str {
    INDUSTRIES[usize::from(i)].name
}

/// The company-name suffix of industry `i` in a language.
pub(crate) fn industry_suffix(i: u8, lang: Lang) -> &'static str {
    let ind = &INDUSTRIES[usize::from(i)];
    match lang {
        Lang::Ja => ind.suffix_ja,
        Lang::En => ind.suffix_en,
    }
}

/// Picks an industry from a uniform number in 0..100.
pub(crate) fn industry_for(percentile: u32) -> u8 {
    let mut acc = 0;
    for (i, ind) in INDUSTRIES.iter().enumerate() {
        acc += ind.weight;
        if percentile < acc {
            return i as u8;
        }
    }
    (INDUSTRIES.len() - 1) as u8
}

/// The states a customer can be in during a window, in the order of the
/// weight tables below.
const STATES: [CustomerState; 7] = [
    CustomerState::PartnersOff,
    CustomerState::ColleaguesOff,
    CustomerState::CatchUpTime,
    CustomerState::Covering,
    CustomerState::PeakSeason,
    CustomerState::Unchanged,
    CustomerState::Away,
];

/// Percent of customers of a profile in each state of [`STATES`], per
/// season. Each row sums to 100.
fn state_weights(profile: Profile, season: Season) -> [u32; 7] {
    use Profile::*;
    use Season::*;
    match (profile, season) {
        (Office, Bridge) => [12, 10, 8, 6, 2, 22, 40],
        (Office, Obon) => [10, 8, 8, 6, 2, 21, 45],
        (Office, YearEnd) => [8, 6, 6, 8, 4, 18, 50],
        (Plant, Bridge) => [10, 8, 6, 8, 2, 26, 40],
        (Plant, Obon) => [4, 4, 2, 4, 1, 15, 70],
        (Plant, YearEnd) => [4, 4, 2, 6, 2, 12, 70],
        (Hospitality, Bridge) => [2, 4, 2, 20, 45, 17, 10],
        (Hospitality, Obon) => [2, 2, 2, 20, 50, 14, 10],
        (Hospitality, YearEnd) => [2, 2, 2, 20, 55, 9, 10],
        (Retail, Bridge) => [6, 6, 4, 15, 20, 29, 20],
        (Retail, Obon) => [6, 6, 4, 15, 20, 24, 25],
        (Retail, YearEnd) => [4, 4, 2, 15, 40, 15, 20],
        (Care, Bridge) => [4, 6, 4, 35, 5, 36, 10],
        (Care, Obon) => [4, 6, 4, 35, 5, 36, 10],
        (Care, YearEnd) => [3, 5, 3, 35, 5, 29, 20],
        (Logistics, Bridge) => [4, 4, 4, 25, 20, 28, 15],
        (Logistics, Obon) => [4, 4, 4, 25, 25, 23, 15],
        (Logistics, YearEnd) => [2, 2, 2, 25, 45, 14, 10],
    }
}

/// The true state of a customer of industry `industry` in a window of a
/// season, from a uniform number in 0..100 (the caller derives it from the
/// lead and the window, so the state is fixed per lead and window).
pub(crate) fn state_for(industry: u8, season: Season, percentile: u32) -> CustomerState {
    let weights = state_weights(INDUSTRIES[usize::from(industry)].profile, season);
    let mut acc = 0;
    for (state, w) in STATES.iter().zip(weights) {
        acc += w;
        if percentile < acc {
            return *state;
        }
    }
    CustomerState::Unchanged
}

/// How a day looks from the customer's desk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reachability {
    /// Probability that the person is at work.
    pub presence: f64,
    /// Multiplies the chance that a person at work picks up.
    pub answer: f64,
    /// Multiplies the chance that a conversation becomes an appointment.
    pub appointment: f64,
}

/// Presence on an ordinary business day (people are out at meetings, ill,
/// on leave).
pub(crate) const NORMAL_PRESENCE: f64 = 0.93;

/// Presence on a weekend or holiday (a few answer their mobile).
pub(crate) const OFF_DAY_PRESENCE: f64 = 0.04;

/// An ordinary business day.
pub(crate) const NORMAL_DAY: Reachability = Reachability {
    presence: NORMAL_PRESENCE,
    answer: 1.0,
    appointment: 1.0,
};

/// A weekend or holiday.
pub(crate) const OFF_DAY: Reachability = Reachability {
    presence: OFF_DAY_PRESENCE,
    answer: 1.0,
    appointment: 0.5,
};

/// How reachable a customer in a state is on a business day of the window.
pub(crate) fn reachability(state: CustomerState) -> Reachability {
    match state {
        CustomerState::PartnersOff | CustomerState::ColleaguesOff | CustomerState::CatchUpTime => {
            Reachability {
                presence: 0.95,
                answer: 1.2,
                appointment: 1.6,
            }
        }
        CustomerState::Covering | CustomerState::PeakSeason => Reachability {
            presence: 0.92,
            answer: 0.45,
            appointment: 0.3,
        },
        CustomerState::Away => Reachability {
            presence: 0.05,
            answer: 1.0,
            appointment: 0.5,
        },
        CustomerState::Unchanged | CustomerState::Unknown => NORMAL_DAY,
    }
}

/// Whether a state makes the window a good time to call (states 1–3, and
/// `unchanged`, which is as good as any other week).
pub(crate) fn worth_calling(state: CustomerState) -> bool {
    matches!(
        state,
        CustomerState::PartnersOff
            | CustomerState::ColleaguesOff
            | CustomerState::CatchUpTime
            | CustomerState::Unchanged
    )
}

/// Whether a state is one of the essay's best times for a deeper
/// conversation (states 1–3).
pub(crate) fn is_open_for_deeper_talk(state: CustomerState) -> bool {
    matches!(
        state,
        CustomerState::PartnersOff | CustomerState::ColleaguesOff | CustomerState::CatchUpTime
    )
}

/// The note a rep writes beside a recorded state (availability.csv).
pub(crate) fn availability_note(state: CustomerState, lang: Lang) -> &'static str {
    match (state, lang) {
        (CustomerState::PartnersOff, Lang::Ja) => "取引先が休みで普段より時間がある",
        (CustomerState::PartnersOff, Lang::En) => "Partners are off, so more time than usual",
        (CustomerState::ColleaguesOff, Lang::Ja) => "社内の関係部署が休みで時間がある",
        (CustomerState::ColleaguesOff, Lang::En) => "Colleagues are off, so more time than usual",
        (CustomerState::CatchUpTime, Lang::Ja) => "普段できない検討に時間を使いたい",
        (CustomerState::CatchUpTime, Lang::En) => "Wants the quiet days for things usually put off",
        (CustomerState::Covering, Lang::Ja) => "休暇中の同僚の分まで対応していて忙しい",
        (CustomerState::Covering, Lang::En) => "Busy covering for colleagues on leave",
        (CustomerState::PeakSeason, Lang::Ja) => "繁忙期のため連絡は控える",
        (CustomerState::PeakSeason, Lang::En) => "Peak season: hold off",
        (CustomerState::Unchanged, Lang::Ja) => "普段どおりの勤務",
        (CustomerState::Unchanged, Lang::En) => "Working as usual",
        (CustomerState::Away, Lang::Ja) => "休暇で不在、休み明けに連絡",
        (CustomerState::Away, Lang::En) => "Away on leave: call after the break",
        (CustomerState::Unknown, Lang::Ja) => "状況は未確認",
        (CustomerState::Unknown, Lang::En) => "State not confirmed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industry_weights_and_state_weights_are_percentages() {
        let total: u32 = INDUSTRIES.iter().map(|i| i.weight).sum();
        assert_eq!(total, 100);
        for ind in INDUSTRIES {
            for season in [Season::Bridge, Season::Obon, Season::YearEnd] {
                let w = state_weights(ind.profile, season);
                assert_eq!(w.iter().sum::<u32>(), 100, "{} {season:?}", ind.name);
            }
        }
    }

    #[test]
    fn industries_are_drawn_by_their_share() {
        // 製造業 takes 0..16, 情報通信業 16..30, the last division 93..100.
        assert_eq!(industry_name(industry_for(0)), "製造業");
        assert_eq!(industry_name(industry_for(15)), "製造業");
        assert_eq!(industry_name(industry_for(16)), "情報通信業");
        assert_eq!(
            industry_name(industry_for(99)),
            "サービス業（他に分類されないもの）"
        );
    }

    #[test]
    fn plants_are_mostly_away_at_obon_and_hotels_are_busy() {
        // Plant at Obon: 4+4+2+4+1+15 = 30 below `away`, so 30..100 is away.
        assert_eq!(state_for(0, Season::Obon, 29), CustomerState::Unchanged);
        assert_eq!(state_for(0, Season::Obon, 30), CustomerState::Away);
        // Hospitality at the year end: 2+2+2+20 = 26, then 55 points of peak season.
        assert_eq!(state_for(3, Season::YearEnd, 26), CustomerState::PeakSeason);
        assert_eq!(state_for(3, Season::YearEnd, 80), CustomerState::PeakSeason);
    }

    #[test]
    fn every_state_has_a_note_in_both_languages() {
        for s in CustomerState::ALL {
            assert_ne!(
                availability_note(*s, Lang::Ja),
                availability_note(*s, Lang::En)
            );
        }
    }
}
