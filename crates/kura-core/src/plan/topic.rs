//! Topics: the news, surveys and seasonal themes a "Why you now" is built
//! from.
//!
//! The essay's recipe: take a news item about the holiday (a survey saying
//! most people stayed at home), list the industries it favours, and open
//! with it to customers in those industries. A [`Topic`] holds exactly that:
//! what happened (title, summary, date, source), which industries it favours
//! or hurts (JSIC codes), in which seasons it applies, and talk tracks in
//! Japanese and English with slots for the customer.
//!
//! # The topics file
//!
//! ```toml
//! [[topic]]
//! id = "sw-2026-stay-home"                  # unique
//! date = 2026-09-25                         # or evergreen = true (then windows is required)
//! source = "https://example.com/survey"     # URL or publication
//! title = { ja = "…", en = "…" }
//! summary = { ja = "…", en = "…" }          # optional
//! favours = ["09", "58", "@retail"]         # JSIC letters, groups, ranges, @segments, "*"
//! hurts = ["75"]                            # optional
//! windows = ["silver_week"]                 # optional for dated topics
//! talk = { ja = "{contact}様、…", en = "Hi {contact}, …" }
//! talk_hurt = { ja = "…", en = "…" }        # optional: for the industries it hurts
//! ```
//!
//! Every mistake is reported with the line and column and the key:
//! `topics file line 4, column 8: topic "sw-2026": date: …`.
//! Kura ships evergreen topics ([`evergreen_topics`], `data/topics.toml`).

use super::error::{DataError, DataFile};
use super::industry::IndustrySelector;
use super::template::{TalkTrack, Template};
use super::text::Bilingual;
use super::window::PlanWindowKind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;
use toml::Spanned;

const EVERGREEN: &str = include_str!("../../data/topics.toml");

/// Where a topic taken from a feed came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The feed's URL or file.
    pub feed: String,
    /// The item's link, if it had one.
    pub link: Option<String>,
    /// The item's date (local), if it had one.
    pub published: Option<Date>,
}

/// A topic a "Why you now" can be built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// Unique id.
    pub id: String,
    /// Title, in both languages (the same text twice for a feed item).
    pub title: Bilingual,
    /// The day it was published; `None` for an evergreen topic.
    pub date: Option<Date>,
    /// Recurs every year in its windows, whatever the date.
    pub evergreen: bool,
    /// URL or publication.
    pub source: String,
    /// Summary, in both languages, if given.
    pub summary: Option<Bilingual>,
    /// Industries it is good news for.
    pub favours: IndustrySelector,
    /// Industries it is bad news for.
    pub hurts: IndustrySelector,
    /// Seasons it concerns (required for an evergreen topic).
    pub windows: Vec<PlanWindowKind>,
    /// The talk track for favoured industries.
    pub talk: TalkTrack,
    /// The talk track for hurt industries, if written.
    pub talk_hurt: Option<TalkTrack>,
    /// For a topic from a feed: the feed, item link and date.
    pub provenance: Option<Provenance>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    #[serde(default)]
    topic: Vec<Spanned<RawTopic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    evergreen: bool,
    source: Spanned<String>,
    title: Spanned<Bilingual>,
    summary: Option<Spanned<Bilingual>>,
    favours: Option<Spanned<Vec<Spanned<String>>>>,
    hurts: Option<Spanned<Vec<Spanned<String>>>>,
    windows: Option<Spanned<Vec<PlanWindowKind>>>,
    talk: Spanned<RawTalk>,
    talk_hurt: Option<Spanned<RawTalk>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTalk {
    ja: Spanned<String>,
    en: Spanned<String>,
}

/// Reads a topics file (TOML text; see the module docs).
pub fn parse_topics(text: &str) -> Result<Vec<Topic>, DataError> {
    parse_topics_as(text, DataFile::Topics)
}

fn parse_topics_as(text: &str, file: DataFile) -> Result<Vec<Topic>, DataError> {
    let parsed: TopicsFile = toml::from_str(text).map_err(|e| DataError::toml(file, text, &e))?;
    let mut ids = BTreeSet::new();
    let mut topics = Vec::with_capacity(parsed.topic.len());
    for raw in parsed.topic {
        let whole = raw.span();
        let raw = raw.into_inner();
        let at = |span: Range<usize>, m: String| DataError::spanned(file, text, span, m);
        let id = raw.id.get_ref().trim().to_string();
        if id.is_empty() {
            return Err(at(
                raw.id.span(),
                "topic.id is empty: give every topic a unique id".into(),
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(at(
                raw.id.span(),
                format!("topic {id:?}: id is used twice: give every topic a unique id"),
            ));
        }
        let key = |k: &str| format!("topic {id:?}: {k}");
        let date = match &raw.date {
            Some(v) => Some(date_of(v.get_ref()).ok_or_else(|| {
                at(
                    v.span(),
                    format!(
                        "{}: {} is not a date: write it as 2026-09-25",
                        key("date"),
                        v.get_ref()
                    ),
                )
            })?),
            None => None,
        };
        match (date.is_some(), raw.evergreen) {
            (true, true) => {
                return Err(at(
                    whole,
                    format!(
                        "{}: a topic is either dated or evergreen: remove date or evergreen = true",
                        key("date")
                    ),
                ));
            }
            (false, false) => {
                return Err(at(
                    whole,
                    format!(
                        "{}: missing: give the day it was published, or set evergreen = true",
                        key("date")
                    ),
                ));
            }
            _ => {}
        }
        let windows = raw.windows.map(Spanned::into_inner).unwrap_or_default();
        if raw.evergreen && windows.is_empty() {
            return Err(at(
                whole,
                format!(
                    "{}: an evergreen topic needs the seasons it applies in: list golden_week, obon, silver_week, year_end or other_bridge",
                    key("windows")
                ),
            ));
        }
        if raw.source.get_ref().trim().is_empty() {
            return Err(at(
                raw.source.span(),
                format!("{}: empty: give a URL or the publication", key("source")),
            ));
        }
        let title = raw.title.get_ref().clone();
        if title.ja.trim().is_empty() || title.en.trim().is_empty() {
            return Err(at(
                raw.title.span(),
                format!("{}: needs both ja and en text", key("title")),
            ));
        }
        let selector = |list: &Option<Spanned<Vec<Spanned<String>>>>, name: &str| match list {
            Some(list) if !list.get_ref().is_empty() => {
                IndustrySelector::from_spanned(list.get_ref(), file, text, &key(name), list.span())
            }
            _ => Ok(IndustrySelector::default()),
        };
        let favours = selector(&raw.favours, "favours")?;
        let hurts = selector(&raw.hurts, "hurts")?;
        if favours.is_empty() && hurts.is_empty() {
            return Err(at(
                whole,
                format!(
                    "{}: the topic concerns no industry: list favours (or hurts) as JSIC codes, @segments or \"*\"",
                    key("favours")
                ),
            ));
        }
        let talk = talk_track(&raw.talk, &key("talk"), file, text)?;
        let talk_hurt = match &raw.talk_hurt {
            Some(t) => Some(talk_track(t, &key("talk_hurt"), file, text)?),
            None => None,
        };
        topics.push(Topic {
            id,
            title,
            date,
            evergreen: raw.evergreen,
            source: raw.source.into_inner().trim().to_string(),
            summary: raw.summary.map(Spanned::into_inner),
            favours,
            hurts,
            windows,
            talk,
            talk_hurt,
            provenance: None,
        });
    }
    Ok(topics)
}

fn talk_track(
    raw: &Spanned<RawTalk>,
    key: &str,
    file: DataFile,
    text: &str,
) -> Result<TalkTrack, DataError> {
    let one = |t: &Spanned<String>, lang: &str| {
        Template::parse(t.get_ref())
            .map_err(|e| DataError::spanned(file, text, t.span(), format!("{key}.{lang}: {e}")))
    };
    let talk = raw.get_ref();
    Ok(TalkTrack {
        ja: one(&talk.ja, "ja")?,
        en: one(&talk.en, "en")?,
    })
}

/// A TOML local date, or a string such as "2026-09-25".
fn date_of(value: &toml::Value) -> Option<Date> {
    match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            Date::new(
                i16::try_from(d.year).ok()?,
                i8::try_from(d.month).ok()?,
                i8::try_from(d.day).ok()?,
            )
            .ok()
        }
        toml::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

static EVERGREEN_TOPICS: LazyLock<Vec<Topic>> = LazyLock::new(|| {
    parse_topics(EVERGREEN).expect("data/topics.toml is valid (tested in plan::topic)")
});

/// Kura's evergreen seasonal topics (`data/topics.toml`): the stay-at-home
/// holiday survey, year-end preparation, the new fiscal year, second-half
/// planning after Obon, holiday travel demand, new-year planning.
pub fn evergreen_topics() -> &'static [Topic] {
    &EVERGREEN_TOPICS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evergreen_topics_load_and_cover_every_season() {
        let topics = parse_topics(EVERGREEN).unwrap();
        assert_eq!(topics.len(), 6);
        for kind in PlanWindowKind::ALL {
            assert!(
                topics.iter().any(|t| t.windows.contains(&kind)),
                "no evergreen topic for {kind}"
            );
        }
        assert!(topics.iter().all(|t| t.evergreen && t.date.is_none()));
    }
}
