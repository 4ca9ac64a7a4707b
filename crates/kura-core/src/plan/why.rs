//! "Why you now" (なぜ今あなたに連絡するのか): the reason a rep gives for
//! contacting a customer in this window.
//!
//! # Matching topics to a target
//!
//! A topic is *eligible* for a window when it is dated within the recency
//! limit — from `recency_days` (default 120) before the window's first day
//! to its last day — or, for an evergreen topic, when the window's season is
//! one of its windows. An eligible topic *concerns* a target when it favours
//! or hurts one of the target's JSIC major groups (a topic for `"*"`
//! concerns everyone, even a target whose industry is unknown); a topic that
//! only hurts needs a `talk_hurt` track to be used.
//!
//! Ranking, best first ([`TopicMatch`]):
//! 1. how it concerns the industry: favours it through its major groups,
//!    then through its division, then favours part of it, then favours
//!    everyone (`"*"`); topics that hurt it come after all that favour it,
//!    in the same order;
//! 2. the window's season is one of the topic's windows;
//! 3. recency: the newer dated topic first, evergreen topics after dated
//!    ones;
//! 4. the topic id, so that the order never depends on input order.
//!
//! # The line
//!
//! The best topic's talk track (or `talk_hurt`) is filled with the target's
//! company, contact, industry, the topic's title and the season. With no
//! topic, the line is built from the window and the customer's likely state
//! ([`fallback_track`]): partners off over Obon makes it a good week for a
//! deeper review; a customer at their peak is left alone until it is over.

use super::industry::{Fit, GroupSet};
use super::template::{SlotValues, TalkTrack, Template};
use super::topic::Topic;
use super::window::PlanWindow;
use crate::model::CustomerState;
use jiff::civil::Date;
use kura_calendar::Lang;
use serde::Serialize;
use std::cmp::Ordering;
use std::sync::LazyLock;

/// How a topic concerns a target's industry, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Concern {
    /// It hurts part of the industry.
    HurtsPart,
    /// It hurts the industry (through its division or groups).
    Hurts,
    /// It is for every industry (`"*"`).
    FavoursAll,
    /// It favours part of the industry (some of its major groups).
    FavoursPart,
    /// It favours the industry through its division.
    FavoursDivision,
    /// It favours the industry through its major groups.
    FavoursGroup,
}

impl Concern {
    /// Whether the topic is bad news for the target.
    pub fn is_hurt(self) -> bool {
        matches!(self, Concern::Hurts | Concern::HurtsPart)
    }
}

/// A topic that concerns a target, with what ranks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicMatch<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// How it concerns the target's industry.
    pub concern: Concern,
    /// The window's season is one of its windows.
    pub season: bool,
}

impl TopicMatch<'_> {
    /// Best first (see the module docs).
    fn rank(&self, other: &Self) -> Ordering {
        other
            .concern
            .cmp(&self.concern)
            .then(other.season.cmp(&self.season))
            // Dated (Some) before evergreen (None); newer first.
            .then_with(|| match (self.topic.date, other.topic.date) {
                (Some(a), Some(b)) => b.cmp(&a),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| self.topic.id.cmp(&other.topic.id))
    }
}

/// Whether a topic can be used for a window.
pub fn is_eligible(topic: &Topic, window: &PlanWindow, recency_days: u32) -> bool {
    if topic.evergreen {
        return topic.windows.contains(&window.kind);
    }
    let Some(date) = topic.date else {
        return false;
    };
    let earliest = window
        .from
        .checked_sub(jiff::Span::new().days(i64::from(recency_days)))
        .unwrap_or(Date::MIN);
    earliest <= date && date <= window.to
}

/// How a topic concerns an industry (`None` for an unknown one), if it does.
pub fn concern(topic: &Topic, industry: Option<GroupSet>) -> Option<Concern> {
    let favour = match industry {
        Some(groups) => match topic.favours.fit(groups) {
            Some(Fit::Group) => Some(Concern::FavoursGroup),
            Some(Fit::Division) => Some(Concern::FavoursDivision),
            // "*" covers everything; a specific partial overlap is closer.
            Some(Fit::Any) | None if topic.favours.all_groups().intersects(groups) => {
                Some(Concern::FavoursPart)
            }
            Some(Fit::Any) => Some(Concern::FavoursAll),
            None => None,
        },
        None => topic.favours.any.then_some(Concern::FavoursAll),
    };
    if favour.is_some() {
        return favour;
    }
    let groups = industry?;
    topic.talk_hurt.as_ref()?;
    match topic.hurts.fit(groups) {
        Some(Fit::Group | Fit::Division) => Some(Concern::Hurts),
        _ if topic.hurts.touches(groups) => Some(Concern::HurtsPart),
        _ => None,
    }
}

/// The eligible topics that concern a target, best first.
pub fn rank_topics<'a>(
    topics: &[&'a Topic],
    industry: Option<GroupSet>,
    window: &PlanWindow,
) -> Vec<TopicMatch<'a>> {
    let mut matches: Vec<TopicMatch<'a>> = topics
        .iter()
        .filter_map(|&topic| {
            concern(topic, industry).map(|concern| TopicMatch {
                topic,
                concern,
                season: topic.windows.contains(&window.kind),
            })
        })
        .collect();
    matches.sort_by(TopicMatch::rank);
    matches
}

/// A "Why you now" line for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhyYouNow {
    /// The line, in the plan's language.
    pub line: String,
    /// The topic it was built from; `None` for a line built from the window
    /// and the state.
    pub topic: Option<String>,
    /// How that topic concerns the target.
    pub concern: Option<Concern>,
    /// The topic's source (URL or publication), to cite.
    pub source: Option<String>,
    /// The topic's date, if dated.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub topic_date: Option<Date>,
    /// The ids of the next-best topics (at most two), for the rep to choose.
    pub alternatives: Vec<String>,
}

/// Builds the line from the ranked topics, or the fallback for `state`.
pub fn why_you_now(
    ranked: &[TopicMatch<'_>],
    state: CustomerState,
    values: &SlotValues,
    lang: Lang,
) -> WhyYouNow {
    match ranked.first() {
        Some(best) => {
            let track = if best.concern.is_hurt() {
                best.topic
                    .talk_hurt
                    .as_ref()
                    .expect("a hurt concern needs talk_hurt (checked in concern)")
            } else {
                &best.topic.talk
            };
            let values = SlotValues {
                topic: best.topic.title.get(lang).to_string(),
                ..values.clone()
            };
            WhyYouNow {
                line: track.get(lang).fill(&values),
                topic: Some(best.topic.id.clone()),
                concern: Some(best.concern),
                source: Some(best.topic.source.clone()),
                topic_date: best.topic.date,
                alternatives: ranked
                    .iter()
                    .skip(1)
                    .take(2)
                    .map(|m| m.topic.id.clone())
                    .collect(),
            }
        }
        None => WhyYouNow {
            line: fallback_track(state).get(lang).fill(values),
            topic: None,
            concern: None,
            source: None,
            topic_date: None,
            alternatives: Vec::new(),
        },
    }
}

/// The talk tracks used when no topic concerns the target: one per state,
/// built from the season and what the state means for a call.
pub fn fallback_track(state: CustomerState) -> &'static TalkTrack {
    let i = CustomerState::ALL
        .iter()
        .position(|s| *s == state)
        .expect("every state is in ALL");
    &FALLBACK[i]
}

/// (state, Japanese, English), in the order of `CustomerState::ALL`.
const FALLBACK_TEXT: [(CustomerState, &str, &str); 8] = [
    (
        CustomerState::PartnersOff,
        "{contact}様、{season}は取引先の多くがお休みで、普段より落ち着いた週かと思います。この機会に、日頃は後回しになりがちな課題を一度じっくり整理するお手伝いができればと思いご連絡しました。",
        "Hi {contact}, with most of your partners off for {season}, this may be a quieter week at {company}. It could be a good moment for a deeper review of something that usually gets pushed aside.",
    ),
    (
        CustomerState::ColleaguesOff,
        "{contact}様、{season}は社内でもお休みの方が多く、会議や調整が少ない時期かと思います。{industry}の最近の動きも踏まえて、少しじっくりお話を伺えればと思いご連絡しました。",
        "Hi {contact}, with many colleagues away for {season}, your calendar may have a little more room. I'd like to take the time to talk properly about what is changing in {industry}.",
    ),
    (
        CustomerState::CatchUpTime,
        "{contact}様、{season}のような落ち着いた時期は、普段は手が回らない検討を進めるよい機会かと思います。次の繁忙期に向けた準備のお役に立てればと思いご連絡しました。",
        "Hi {contact}, a quiet stretch like {season} is often when teams get to the work they normally can't. I'd like to help {company} get ready for the next busy season.",
    ),
    (
        CustomerState::Covering,
        "{contact}様、{season}はお休みの方の分までご対応されていてお忙しい時期かと存じます。落ち着かれた頃に改めてご連絡いたします。",
        "Hi {contact}, you are probably covering for colleagues on leave over {season}, so I'll keep this short and get back to you once things settle.",
    ),
    (
        CustomerState::PeakSeason,
        "{contact}様、{season}は{industry}にとって書き入れ時かと存じます。繁忙期が明けた頃に、振り返りのお時間を少しいただけないでしょうか。",
        "Hi {contact}, {industry} is usually at its busiest over {season}. Could we book a short review for after the peak?",
    ),
    (
        CustomerState::Unchanged,
        "{contact}様、{season}も普段どおりお仕事されているかと思います。次の連休や年末年始に向けて準備を進められているか、伺えればと思いご連絡しました。",
        "Hi {contact}, I expect it is business as usual at {company} over {season}. I wanted to ask whether you are already preparing for the next long holidays and the year end.",
    ),
    (
        CustomerState::Away,
        "{contact}様、{season}はお休みかと存じます。お休み明けに改めてご連絡いたします。",
        "Hi {contact}, you are likely off over {season}, so I'll get in touch again after you are back.",
    ),
    (
        CustomerState::Unknown,
        "{contact}様、{season}の時期の{company}様のご状況を伺い、ご都合のよいタイミングでご提案できればと思いご連絡しました。",
        "Hi {contact}, I wanted to check how {season} looks for {company}, so that I can get in touch at a time that suits you.",
    ),
];

static FALLBACK: LazyLock<Vec<TalkTrack>> = LazyLock::new(|| {
    FALLBACK_TEXT
        .iter()
        .zip(CustomerState::ALL)
        .map(|((state, ja, en), expected)| {
            assert_eq!(
                *state, *expected,
                "FALLBACK_TEXT follows CustomerState::ALL"
            );
            TalkTrack {
                ja: Template::parse(ja).expect("built-in fallback templates are valid (tested)"),
                en: Template::parse(en).expect("built-in fallback templates are valid (tested)"),
            }
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_fallback_in_both_languages() {
        assert_eq!(FALLBACK.len(), CustomerState::ALL.len());
        for state in CustomerState::ALL {
            let t = fallback_track(*state);
            assert!(
                t.ja.slots()
                    .any(|s| s == super::super::template::Slot::Season)
            );
            assert!(
                t.en.slots()
                    .any(|s| s == super::super::template::Slot::Season)
            );
        }
    }
}
