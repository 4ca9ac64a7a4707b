//! Feed keyword rules: which feed items become topics, and which industries
//! and seasons they concern.
//!
//! Reading RSS or Atom bytes is I/O and lives in `kura-import`; it hands
//! over plain [`FeedItem`]s. Here, pure rules decide:
//!
//! 1. **keep**: an item is kept when its title or summary contains one of
//!    the `keep` keywords (連休, 年末年始, アンケート, 調査, 帰省, 在宅,
//!    holiday, survey …);
//! 2. **industries**: every `[[industry]]` rule whose keywords the item
//!    contains adds its `favours` and `hurts` (JSIC codes);
//! 3. **seasons**: every `[[season]]` rule whose keywords it contains adds
//!    its window kind.
//!
//! A kept item becomes a dated [`Topic`] with generic talk tracks and its
//! provenance (feed, item link, item date). Items that are not kept, have
//! no date, or match no industry rule are returned as [`SkippedItem`]s with
//! the reason, never dropped silently.
//!
//! Keywords match after folding width and case
//! ([`fold`]). A keyword of ASCII letters and digits
//! matches whole words only (`sale` does not match `wholesale`; a plural
//! `s` is allowed: `survey` matches `surveys`); other keywords match
//! anywhere (`在宅` in `在宅勤務`).
//!
//! ```toml
//! keep = ["連休", "survey"]
//!
//! [[industry]]
//! keywords = ["在宅", "stay home"]
//! favours = ["09", "58"]
//! hurts = ["75"]
//!
//! [[season]]
//! keywords = ["年末年始"]
//! window = "year_end"
//! ```

use super::error::{DataError, DataFile};
use super::industry::IndustrySelector;
use super::template::{TalkTrack, Template};
use super::text::{Bilingual, fold};
use super::topic::{Provenance, Topic};
use super::window::PlanWindowKind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use toml::Spanned;

const BUILTIN_RULES: &str = include_str!("../../data/feed_keywords.toml");

/// One item of a feed, as the reader hands it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    /// The feed's URL or file.
    pub feed: String,
    /// The item's title (plain text).
    pub title: String,
    /// The item's link.
    pub link: Option<String>,
    /// The item's date (published, else updated), as a local date.
    pub published: Option<Date>,
    /// The item's summary or content (plain text).
    pub summary: Option<String>,
}

/// Why a feed item did not become a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// No `keep` keyword in its title or summary.
    NoKeepKeyword,
    /// Kept, but no industry rule matched.
    NoIndustry,
    /// Kept, but it has no date, so its recency is unknown.
    NoDate,
    /// The same item (same link, or same feed and title) came earlier.
    Duplicate,
}

/// A feed item that did not become a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedItem {
    /// The feed.
    pub feed: String,
    /// The item's title.
    pub title: String,
    /// The item's link.
    pub link: Option<String>,
    /// Why.
    pub reason: SkipReason,
}

/// The topics made from feed items, and the items skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedConversion {
    /// One topic per kept item, in input order.
    pub topics: Vec<Topic>,
    /// The others, in input order.
    pub skipped: Vec<SkippedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Keyword {
    folded: String,
    whole_word: bool,
}

impl Keyword {
    fn new(text: &str) -> Keyword {
        let folded = fold(text);
        let whole_word = folded
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
        Keyword { folded, whole_word }
    }

    fn found_in(&self, haystack: &str) -> bool {
        if self.folded.is_empty() {
            return false;
        }
        if !self.whole_word {
            return haystack.contains(&self.folded);
        }
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        haystack.match_indices(&self.folded).any(|(i, m)| {
            let before = haystack[..i].chars().next_back();
            let rest = &haystack[i + m.len()..];
            let mut after = rest.chars();
            let next = after.next();
            !word(before) && (!word(next) || (next == Some('s') && !word(after.next())))
        })
    }
}

/// One keyword → industries rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IndustryRule {
    keywords: Vec<Keyword>,
    favours: IndustrySelector,
    hurts: IndustrySelector,
}

/// One keyword → season rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SeasonRule {
    keywords: Vec<Keyword>,
    window: PlanWindowKind,
}

/// A set of feed keyword rules (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRules {
    keep: Vec<Keyword>,
    industry: Vec<IndustryRule>,
    season: Vec<SeasonRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    keep: Spanned<Vec<String>>,
    #[serde(default)]
    industry: Vec<Spanned<RawIndustry>>,
    #[serde(default)]
    season: Vec<Spanned<RawSeason>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndustry {
    keywords: Spanned<Vec<String>>,
    favours: Option<Spanned<Vec<Spanned<String>>>>,
    hurts: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeason {
    keywords: Spanned<Vec<String>>,
    window: PlanWindowKind,
}

static BUILTIN: LazyLock<FeedRules> = LazyLock::new(|| {
    FeedRules::parse(BUILTIN_RULES)
        .expect("data/feed_keywords.toml is valid (tested in plan::feed_rules)")
});

fn keywords(list: &Spanned<Vec<String>>, text: &str, key: &str) -> Result<Vec<Keyword>, DataError> {
    let kws: Vec<Keyword> = list
        .get_ref()
        .iter()
        .map(|k| Keyword::new(k))
        .filter(|k| !k.folded.is_empty())
        .collect();
    if kws.is_empty() {
        return Err(DataError::spanned(
            DataFile::FeedRules,
            text,
            list.span(),
            format!("{key}: no keyword: list at least one word such as \"連休\" or \"survey\""),
        ));
    }
    Ok(kws)
}

impl FeedRules {
    /// Kura's built-in rules (`data/feed_keywords.toml`).
    pub fn builtin() -> &'static FeedRules {
        &BUILTIN
    }

    /// Reads a rules file (TOML text), which replaces the built-in rules.
    pub fn parse(text: &str) -> Result<FeedRules, DataError> {
        let raw: RawRules =
            toml::from_str(text).map_err(|e| DataError::toml(DataFile::FeedRules, text, &e))?;
        let keep = keywords(&raw.keep, text, "keep")?;
        let mut industry = Vec::new();
        for (i, rule) in raw.industry.into_iter().enumerate() {
            let span = rule.span();
            let rule = rule.into_inner();
            let key = format!("industry[{}]", i + 1);
            let select = |list: &Option<Spanned<Vec<Spanned<String>>>>, name: &str| match list {
                Some(list) if !list.get_ref().is_empty() => IndustrySelector::from_spanned(
                    list.get_ref(),
                    DataFile::FeedRules,
                    text,
                    &format!("{key}.{name}"),
                    list.span(),
                ),
                _ => Ok(IndustrySelector::default()),
            };
            let favours = select(&rule.favours, "favours")?;
            let hurts = select(&rule.hurts, "hurts")?;
            if favours.is_empty() && hurts.is_empty() {
                return Err(DataError::spanned(
                    DataFile::FeedRules,
                    text,
                    span,
                    format!(
                        "{key}: names no industry: list favours or hurts as JSIC codes or @segments"
                    ),
                ));
            }
            industry.push(IndustryRule {
                keywords: keywords(&rule.keywords, text, &format!("{key}.keywords"))?,
                favours,
                hurts,
            });
        }
        let mut season = Vec::new();
        for (i, rule) in raw.season.into_iter().enumerate() {
            let rule = rule.into_inner();
            season.push(SeasonRule {
                keywords: keywords(&rule.keywords, text, &format!("season[{}].keywords", i + 1))?,
                window: rule.window,
            });
        }
        Ok(FeedRules {
            keep,
            industry,
            season,
        })
    }

    /// Turns feed items into topics (see the module docs).
    pub fn convert(&self, items: &[FeedItem]) -> FeedConversion {
        let mut topics: Vec<Topic> = Vec::new();
        let mut skipped = Vec::new();
        let mut ids = BTreeSet::new();
        for item in items {
            let skip = |reason| SkippedItem {
                feed: item.feed.clone(),
                title: item.title.clone(),
                link: item.link.clone(),
                reason,
            };
            let haystack = fold(&format!(
                "{}\n{}",
                item.title,
                item.summary.as_deref().unwrap_or_default()
            ));
            if !self.keep.iter().any(|k| k.found_in(&haystack)) {
                skipped.push(skip(SkipReason::NoKeepKeyword));
                continue;
            }
            let Some(date) = item.published else {
                skipped.push(skip(SkipReason::NoDate));
                continue;
            };
            let mut favours = IndustrySelector::default();
            let mut hurts = IndustrySelector::default();
            for rule in &self.industry {
                if rule.keywords.iter().any(|k| k.found_in(&haystack)) {
                    favours = merge(favours, rule.favours);
                    hurts = merge(hurts, rule.hurts);
                }
            }
            if favours.is_empty() && hurts.is_empty() {
                skipped.push(skip(SkipReason::NoIndustry));
                continue;
            }
            let id = item_id(item);
            if !ids.insert(id.clone()) {
                skipped.push(skip(SkipReason::Duplicate));
                continue;
            }
            let mut windows: Vec<PlanWindowKind> = self
                .season
                .iter()
                .filter(|r| r.keywords.iter().any(|k| k.found_in(&haystack)))
                .map(|r| r.window)
                .collect();
            windows.sort_unstable();
            windows.dedup();
            let title = item.title.trim().to_string();
            topics.push(Topic {
                id,
                title: Bilingual::same(title),
                date: Some(date),
                evergreen: false,
                source: item.link.clone().unwrap_or_else(|| item.feed.clone()),
                summary: item
                    .summary
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Bilingual::same),
                favours,
                hurts,
                windows,
                talk: FEED_TALK.0.clone(),
                talk_hurt: Some(FEED_TALK.1.clone()),
                provenance: Some(Provenance {
                    feed: item.feed.clone(),
                    link: item.link.clone(),
                    published: item.published,
                }),
            });
        }
        FeedConversion { topics, skipped }
    }
}

fn merge(a: IndustrySelector, b: IndustrySelector) -> IndustrySelector {
    IndustrySelector {
        any: a.any || b.any,
        groups: a.groups.union(b.groups),
        divisions: a.divisions.union(b.divisions),
    }
}

/// A stable id: `feed-` and the FNV-1a hash of the link (or feed and
/// title), so the same item gets the same id on every run.
fn item_id(item: &FeedItem) -> String {
    let key = match &item.link {
        Some(link) if !link.trim().is_empty() => link.trim().to_string(),
        _ => format!("{}\n{}", item.feed, item.title.trim()),
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("feed-{hash:016x}")
}

/// The talk tracks of feed topics: (favours, hurts).
static FEED_TALK: LazyLock<(TalkTrack, TalkTrack)> = LazyLock::new(|| {
    let t = |s: &str| Template::parse(s).expect("built-in feed talk tracks are valid (tested)");
    (
        TalkTrack {
            ja: t(
                "{contact}様、先日「{topic}」という記事を目にしました。{industry}には追い風になりそうだと感じ、{season}に向けてどのように動かれているか伺えればと思いご連絡しました。",
            ),
            en: t(
                "Hi {contact}, I recently read \"{topic}\". It looks like a tailwind for {industry}, so I wanted to ask how {company} is getting ready for {season}.",
            ),
        },
        TalkTrack {
            ja: t(
                "{contact}様、先日「{topic}」という記事を目にしました。{industry}には向かい風になりかねない内容でしたので、次の打ち手を考えるお役に立てればと思いご連絡しました。",
            ),
            en: t(
                "Hi {contact}, I recently read \"{topic}\". It could be a headwind for {industry}, and I wondered whether we could help {company} plan a response.",
            ),
        },
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_keywords_match_whole_words_with_a_plural() {
        let k = Keyword::new("sale");
        assert!(k.found_in("big sale today"));
        assert!(k.found_in("sales rose"));
        assert!(!k.found_in("wholesale prices"));
        assert!(!k.found_in("salesforce"));
        let k = Keyword::new("Stay Home");
        assert!(k.found_in(&fold("Most people chose to STAY  HOME this week")));
        let k = Keyword::new("在宅");
        assert!(k.found_in("在宅勤務が増加"));
        let k = Keyword::new("ＧＷ");
        assert!(k.found_in(&fold("今年のGWは")));
        assert!(!Keyword::new("EC").found_in("recent decisions"));
    }

    #[test]
    fn the_built_in_rules_load() {
        let rules = FeedRules::parse(BUILTIN_RULES).unwrap();
        assert!(rules.keep.len() >= 10);
        assert!(rules.industry.len() >= 5);
        assert_eq!(
            rules
                .season
                .iter()
                .map(|s| s.window)
                .collect::<BTreeSet<_>>()
                .len(),
            4
        );
        // The generic talk tracks parse.
        assert!(FEED_TALK.0.ja.source().contains("{topic}"));
    }
}
