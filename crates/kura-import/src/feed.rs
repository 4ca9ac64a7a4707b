//! News feeds (RSS 2.0, Atom, and the RSS 0.x/1.0 and JSON Feed dialects
//! `feed-rs` also reads) as [`FeedItem`]s for the planner's topics.
//!
//! This is the I/O half of feeds: bytes in, plain items out. Which items
//! become topics, and for which industries and seasons, is decided by the
//! pure keyword rules in `kura_core::plan::feed_rules`.
//!
//! What each item keeps:
//! - **title** and **summary** as plain text: markup is removed and the
//!   common character references (`&amp;`, `&#12354;`, `&#x3042;` …) are
//!   decoded, since RSS descriptions and Atom `type="html"` text carry
//!   HTML; the summary is the item's summary, else its content;
//! - **link**: the first link that is not `rel="self"` (the page of the
//!   article), if any;
//! - **published**: the published date, else the updated date, as a local
//!   date in the organisation's time zone;
//! - **feed**: the URL or file name the caller read it from (provenance).
//!
//! An item without a title is skipped (there is nothing to show); a feed
//! that cannot be parsed is a [`FeedError`] naming the source.

use jiff::Timestamp;
use kura_core::plan::FeedItem;
use kura_core::time::OrgZone;
use std::path::{Path, PathBuf};

/// A feed that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the feed: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not a feed Kura can read.
    #[error("{source_name}: not a readable RSS or Atom feed: {message}")]
    Parse {
        /// The URL or file.
        source_name: String,
        /// What the parser said.
        message: String,
    },
}

impl FeedError {
    /// The message in Japanese or English.
    pub fn render(&self, japanese: bool) -> String {
        match (self, japanese) {
            (FeedError::Io { path, source }, true) => {
                format!("{}: フィードを読めません: {source}", path.display())
            }
            (
                FeedError::Parse {
                    source_name,
                    message,
                },
                true,
            ) => format!("{source_name}: RSS・Atomフィードとして読めません: {message}"),
            (e, false) => e.to_string(),
        }
    }
}

/// Reads the items of a feed from its bytes. `source` is the URL or file
/// name it came from; dates become local dates in `zone`.
pub fn read_feed(bytes: &[u8], source: &str, zone: &OrgZone) -> Result<Vec<FeedItem>, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError::Parse {
        source_name: source.to_string(),
        message: e.to_string(),
    })?;
    let items = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let title = entry
                .title
                .map(|t| plain_text(&t.content))
                .filter(|t| !t.is_empty())?;
            let summary = entry
                .summary
                .map(|t| plain_text(&t.content))
                .filter(|s| !s.is_empty())
                .or_else(|| {
                    entry
                        .content
                        .and_then(|c| c.body)
                        .map(|b| plain_text(&b))
                        .filter(|s| !s.is_empty())
                });
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref() != Some("self"))
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            let published = entry
                .published
                .or(entry.updated)
                .and_then(|dt| Timestamp::from_second(dt.timestamp()).ok())
                .map(|ts| zone.local_date(ts));
            Some(FeedItem {
                feed: source.to_string(),
                title,
                link,
                published,
                summary,
            })
        })
        .collect();
    Ok(items)
}

/// Reads a feed file (see [`read_feed`]); the file name is the source.
pub fn read_feed_file(path: &Path, zone: &OrgZone) -> Result<Vec<FeedItem>, FeedError> {
    let bytes = std::fs::read(path).map_err(|source| FeedError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_feed(&bytes, &path.display().to_string(), zone)
}

/// Markup removed, character references decoded, whitespace collapsed. A
/// block tag (`<p>`, `<br>`, `<div>` …) separates words; an inline one
/// (`<b>`, `<a>`, `<span>` …) does not.
fn plain_text(text: &str) -> String {
    let mut without_tags = String::with_capacity(text.len());
    let mut tag: Option<String> = None;
    for c in text.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                if !is_inline_tag(name) {
                    without_tags.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => without_tags.push(c),
        }
    }
    let decoded = decode_references(&without_tags);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a tag (its text between `<` and `>`) is an inline element.
fn is_inline_tag(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "a" | "abbr"
            | "b"
            | "cite"
            | "code"
            | "em"
            | "font"
            | "i"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
    )
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric
/// references; anything else is kept as written.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let n = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Example News</title>
    <link>https://news.example.com/</link>
    <description>news</description>
    <item>
      <title>シルバーウィークの過ごし方アンケート &amp; 調査</title>
      <link>https://news.example.com/a/1</link>
      <description>&lt;p&gt;1位は「自宅で過ごす」&lt;/p&gt;&lt;p&gt;家電も好調&lt;/p&gt;</description>
      <pubDate>Thu, 24 Sep 2026 23:30:00 +0000</pubDate>
    </item>
    <item>
      <title>No date</title>
      <description>plain</description>
    </item>
    <item>
      <description>no title: skipped</description>
    </item>
  </channel>
</rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <id>urn:example:feed</id>
  <updated>2026-09-20T00:00:00Z</updated>
  <entry>
    <title type="html">Holiday &lt;b&gt;survey&lt;/b&gt;: most stayed home</title>
    <id>urn:example:1</id>
    <link rel="self" href="https://example.com/feed/1"/>
    <link rel="alternate" href="https://example.com/articles/1"/>
    <updated>2026-09-21T10:00:00+09:00</updated>
    <content type="html">&lt;p&gt;Survey &amp;amp; results&lt;/p&gt;</content>
  </entry>
</feed>"#;

    #[test]
    fn rss_items_become_plain_text_with_local_dates() {
        let items = read_feed(
            RSS.as_bytes(),
            "https://news.example.com/rss",
            &OrgZone::tokyo(),
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.feed, "https://news.example.com/rss");
        assert_eq!(a.title, "シルバーウィークの過ごし方アンケート & 調査");
        assert_eq!(
            a.summary.as_deref(),
            Some("1位は「自宅で過ごす」 家電も好調")
        );
        assert_eq!(a.link.as_deref(), Some("https://news.example.com/a/1"));
        // 23:30 UTC on the 24th is 08:30 on the 25th in Tokyo.
        assert_eq!(a.published, Some(date(2026, 9, 25)));
        assert_eq!(items[1].published, None);
        assert_eq!(items[1].link, None);
    }

    #[test]
    fn atom_entries_take_the_article_link_and_the_updated_date() {
        let items = read_feed(ATOM.as_bytes(), "atom.xml", &OrgZone::tokyo()).unwrap();
        assert_eq!(items.len(), 1);
        let e = &items[0];
        assert_eq!(e.title, "Holiday survey: most stayed home");
        assert_eq!(e.link.as_deref(), Some("https://example.com/articles/1"));
        assert_eq!(e.published, Some(date(2026, 9, 21)));
        assert_eq!(e.summary.as_deref(), Some("Survey & results"));
    }

    #[test]
    fn items_feed_the_planners_keyword_rules() {
        let items = read_feed(RSS.as_bytes(), "rss", &OrgZone::tokyo()).unwrap();
        let out = kura_core::plan::FeedRules::builtin().convert(&items);
        assert_eq!(out.topics.len(), 1);
        let topic = &out.topics[0];
        let provenance = topic.provenance.as_ref().unwrap();
        assert_eq!(
            provenance.link.as_deref(),
            Some("https://news.example.com/a/1")
        );
        assert_eq!(provenance.published, Some(date(2026, 9, 25)));
        // "No date" has no keep keyword.
        assert_eq!(out.skipped.len(), 1);
    }

    #[test]
    fn unreadable_feeds_name_their_source() {
        let err = read_feed(b"not a feed", "bad.xml", &OrgZone::tokyo()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.xml: not a readable RSS or Atom feed: "),
            "{err}"
        );
        assert!(
            err.render(true)
                .starts_with("bad.xml: RSS・Atomフィードとして読めません: ")
        );
        let err =
            read_feed_file(Path::new("/nonexistent/feed.xml"), &OrgZone::tokyo()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/nonexistent/feed.xml: cannot read the feed: "),
            "{err}"
        );
    }

    #[test]
    fn references_and_tags_are_decoded_or_kept() {
        assert_eq!(plain_text("a&#12354;b&#x3042;c"), "aあbあc");
        assert_eq!(plain_text("AT&T &unknown; & more"), "AT&T &unknown; & more");
        assert_eq!(plain_text("<p>one</p><p>two</p>"), "one two");
        assert_eq!(
            plain_text("<p>a <b>bold</b>, <a href='x'>linked</a>.</p>"),
            "a bold, linked."
        );
        assert_eq!(plain_text("line<br/>break"), "line break");
        assert_eq!(plain_text("  spaced \n out "), "spaced out");
    }
}
