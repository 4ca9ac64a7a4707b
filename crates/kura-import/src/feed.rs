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
//!
//! [`fetch_feed`] reads a feed over HTTP or HTTPS (ureq, with the system's
//! proxy variables) within a time limit for the connection and one for the
//! whole exchange, and refuses a body over a size cap, so a slow or hostile
//! server can neither hang an import nor fill the memory.

use jiff::Timestamp;
use kura_core::plan::FeedItem;
use kura_core::time::OrgZone;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// The server sent a web page where a feed was expected.
    #[error(
        "{url}: the server sent a web page ({content_type}), not an RSS or Atom feed: give the feed's own URL (pages link it as RSS or Atom)"
    )]
    WebPage {
        /// The URL.
        url: String,
        /// The content type the server named.
        content_type: String,
    },
    /// The server did not answer within the time limit.
    #[error(
        "{url}: no answer within {seconds} s: try again later, or allow more time with --timeout SECONDS"
    )]
    Timeout {
        /// The URL.
        url: String,
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The server answered with an error status.
    #[error("{url}: the server answered HTTP {status}{}", status_hint(*status))]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The body is larger than the cap.
    #[error("{url}: the feed is larger than {} MiB: Kura reads feeds up to that size", limit / MIB)]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// The host name does not resolve.
    #[error("{url}: host not found: check the URL, or the proxy settings (HTTPS_PROXY, NO_PROXY)")]
    HostNotFound {
        /// The URL.
        url: String,
    },
    /// The URL could not be fetched (connection, TLS, redirects...).
    #[error("{url}: cannot fetch the feed: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

const MIB: u64 = 1024 * 1024;

/// What an HTTP status usually means for a feed URL, after the number.
fn status_hint(status: u16) -> &'static str {
    match status {
        401 | 403 => " (access denied): the feed needs a login Kura does not have",
        404 | 410 => " (not found): check the URL",
        429 => " (too many requests): try again later",
        500..=599 => " (server error): try again later",
        _ => "",
    }
}

/// The Japanese of [`status_hint`].
fn status_hint_ja(status: u16) -> &'static str {
    match status {
        401 | 403 => "（アクセス拒否）: ログインが必要なフィードは読めません",
        404 | 410 => "（見つかりません）: URL を確認してください",
        429 => "（リクエスト過多）: 時間をおいて再度お試しください",
        500..=599 => "（サーバーエラー）: 時間をおいて再度お試しください",
        _ => "",
    }
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
            (FeedError::WebPage { url, content_type }, true) => format!(
                "{url}: フィードではなくウェブページ（{content_type}）が返されました: フィード自体の URL（ページに RSS・Atom として載っているもの）を指定してください"
            ),
            (FeedError::Timeout { url, seconds }, true) => format!(
                "{url}: {seconds} 秒以内に応答がありません: 時間をおいて再度試すか、--timeout 秒数 で待ち時間を延ばしてください"
            ),
            (FeedError::Status { url, status }, true) => format!(
                "{url}: サーバーが HTTP {status} を返しました{}",
                status_hint_ja(*status)
            ),
            (FeedError::TooLarge { url, limit }, true) => format!(
                "{url}: フィードが {} MiB を超えています: 読み込めるのはこの大きさまでです",
                limit / MIB
            ),
            (FeedError::HostNotFound { url }, true) => format!(
                "{url}: ホストが見つかりません: URL かプロキシ設定（HTTPS_PROXY、NO_PROXY）を確認してください"
            ),
            (FeedError::Fetch { url, message }, true) => {
                format!("{url}: フィードを取得できません: {message}")
            }
            (e, false) => e.to_string(),
        }
    }
}

/// Whether a feed argument is a URL to fetch rather than a file.
pub fn is_url(feed: &str) -> bool {
    let lower = feed.get(..8).unwrap_or(feed).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// How a feed is fetched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FetchLimits {
    /// The time allowed to connect, and for the whole exchange (redirects
    /// and the body included).
    pub timeout: Duration,
    /// The largest body read, in bytes (after decompression).
    pub max_bytes: u64,
}

impl FetchLimits {
    /// 10 seconds.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
    /// 10 MiB: far more than any news feed, far less than a machine's memory.
    pub const DEFAULT_MAX_BYTES: u64 = 10 * MIB;
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            timeout: FetchLimits::DEFAULT_TIMEOUT,
            max_bytes: FetchLimits::DEFAULT_MAX_BYTES,
        }
    }
}

/// A feed's bytes as fetched (or read from a file), with the content type
/// the server named.
#[derive(Debug, Clone)]
pub struct FetchedFeed {
    /// The body.
    pub bytes: Vec<u8>,
    /// The MIME type of the `Content-Type` header, if any (`None` for a
    /// file).
    pub mime_type: Option<String>,
}

impl FetchedFeed {
    /// The items (see [`read_feed`]); a body that is no feed but a web page
    /// is a [`FeedError::WebPage`], which says what to do.
    pub fn items(&self, url: &str, zone: &OrgZone) -> Result<Vec<FeedItem>, FeedError> {
        read_feed(&self.bytes, url, zone).map_err(|e| match (&e, self.mime_type.as_deref()) {
            (FeedError::Parse { .. }, Some(mime @ ("text/html" | "application/xhtml+xml"))) => {
                FeedError::WebPage {
                    url: url.to_string(),
                    content_type: mime.to_string(),
                }
            }
            _ => e,
        })
    }
}

/// Fetches a feed over HTTP(S) within `limits`. Redirects are followed (up
/// to 10); the proxy variables (`HTTPS_PROXY`, `NO_PROXY` ...) are honoured.
pub fn fetch_feed(url: &str, limits: FetchLimits) -> Result<FetchedFeed, FeedError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.timeout))
        .timeout_global(Some(limits.timeout))
        .user_agent(concat!(
            "kura/",
            env!("CARGO_PKG_VERSION"),
            " (feed reader)"
        ))
        .build()
        .into();
    let fail = |e: ureq::Error| fetch_error(url, limits, e);
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        )
        .call()
        .map_err(fail)?;
    let mime_type = response.body().mime_type().map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(fail)?;
    Ok(FetchedFeed { bytes, mime_type })
}

/// One of ureq's errors as a [`FeedError`].
fn fetch_error(url: &str, limits: FetchLimits, e: ureq::Error) -> FeedError {
    let url = url.to_string();
    match e {
        ureq::Error::Timeout(_) => FeedError::Timeout {
            url,
            seconds: limits.timeout.as_secs_f64(),
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FeedError::Timeout {
            url,
            seconds: limits.timeout.as_secs_f64(),
        },
        ureq::Error::StatusCode(status) => FeedError::Status { url, status },
        ureq::Error::BodyExceedsLimit(limit) => FeedError::TooLarge { url, limit },
        ureq::Error::HostNotFound => FeedError::HostNotFound { url },
        other => FeedError::Fetch {
            url,
            message: other.to_string(),
        },
    }
}

/// Reads the items of a feed from its bytes. `source` is the URL or file
/// name it came from; dates become local dates in `zone`.
pub fn read_feed(bytes: &[u8], source: &str, zone: &OrgZone) -> Result<Vec<FeedItem>, FeedError> {
    let text = utf8_without_declarations(bytes);
    let feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| FeedError::Parse {
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

/// The feed as UTF-8 text with its XML declarations taken out, so that
/// feed-rs reads UTF-8 whatever the feed declared.
///
/// Why Kura decodes instead of feed-rs: feed-rs 3.0 hands the encoding of
/// every XML declaration it meets to quick-xml 0.42, which panics when the
/// encoding changes after the first 64 bytes of the document — a
/// Shift_JIS feed whose declaration is padded with spaces or follows a
/// blank line, or a `<?xml … encoding="…"?>` further down (found by the
/// `feed` fuzz target, fuzz/). The encoding is the byte-order mark's, else
/// the one the declaration at the start names (any label the WHATWG
/// Encoding Standard knows: Shift_JIS, EUC-JP, ISO-2022-JP…), else UTF-8;
/// bytes that are not valid in it become U+FFFD.
fn utf8_without_declarations(bytes: &[u8]) -> String {
    let encoding = declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8);
    // `decode` lets a byte-order mark override the declaration.
    let (text, _, _) = encoding.decode(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest = &text[..];
    while let Some(start) = find_declaration(rest) {
        out.push_str(&rest[..start]);
        match rest[start..].find("?>") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                // Never closed: not a declaration quick-xml reports.
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the next XML declaration (`<?xml` then white space or `?>`, the
/// test quick-xml applies) starts.
fn find_declaration(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("<?xml") {
        let at = from + i;
        match text.as_bytes().get(at + 5) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'?') | None => return Some(at),
            Some(_) => from = at + 5,
        }
    }
    None
}

/// The encoding named by the XML declaration at the start of the document
/// (after white space), if it names one an ASCII-readable document can be
/// in (a declaration readable as ASCII rules out UTF-16).
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = bytes[start..].strip_prefix(b"<?xml")?;
    let decl = &decl[..decl.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let value = decl[at + 8..].trim_ascii_start().strip_prefix(b"=")?;
    let value = value.trim_ascii_start();
    let (&quote, value) = value.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let label = &value[..value.iter().position(|&b| b == quote)?];
    let encoding = encoding_rs::Encoding::for_label(label)?;
    // UTF-16 and the "replacement" encoding cannot be what the bytes are.
    Some(encoding.output_encoding())
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

    /// A Shift_JIS feed whose declaration ends after byte 64 (padded, or
    /// after blank lines) and a second declaration further down made
    /// feed-rs/quick-xml panic (found by the `feed` fuzz target): they are
    /// read, in the encoding declared at the start.
    #[test]
    fn declarations_after_the_first_64_bytes_are_read_not_a_panic() {
        let body = "<rss version=\"2.0\"><channel><title>ニュース</title>\
                    <item><title>連休の調査</title></item></channel></rss>";
        let padded = format!(
            "<?xml version=\"1.0\"   encoding=\"Shift_JIS\"   standalone=\"yes\"   ?>\n{body}"
        );
        let after_blank_lines = format!(
            "{}<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n{body}",
            "\n".repeat(70)
        );
        for text in [padded, after_blank_lines] {
            let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
            let items = read_feed(&sjis, "sjis.xml", &OrgZone::tokyo()).unwrap();
            assert_eq!(items[0].title, "連休の調査");
        }
        let second = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>\
             <?xml version=\"1.0\" encoding=\"EUC-JP\"?><item><title>連休</title></item></channel></rss>";
        let items = read_feed(second.as_bytes(), "second.xml", &OrgZone::tokyo()).unwrap();
        assert_eq!(items[0].title, "連休");
    }

    #[test]
    fn the_declared_encoding_is_read_and_a_bom_wins() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'euc-jp' ?><rss/>"),
            Some(encoding_rs::EUC_JP)
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><rss/>"), None);
        // A declaration readable as ASCII is not UTF-16.
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>"),
            Some(encoding_rs::UTF_8)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>連休</a>".as_bytes());
        assert_eq!(utf8_without_declarations(&bom), "<a>連休</a>");
        assert_eq!(
            utf8_without_declarations(b"<a><?xml-stylesheet href='x'?><?xml"),
            "<a><?xml-stylesheet href='x'?><?xml"
        );
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

    /// Serves one canned HTTP response per connection, `count` times, on
    /// a local port; returns the URL.
    fn serve(response: Vec<u8>, count: usize) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/feed", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(count) {
                let mut stream = stream.unwrap();
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream.write_all(&response);
            }
        });
        url
    }

    fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn quick() -> FetchLimits {
        FetchLimits {
            timeout: Duration::from_secs(5),
            ..FetchLimits::default()
        }
    }

    #[test]
    fn a_served_feed_is_fetched_and_read() {
        let url = serve(
            response(
                "200 OK",
                "application/rss+xml; charset=utf-8",
                RSS.as_bytes(),
            ),
            1,
        );
        let fetched = fetch_feed(&url, quick()).unwrap();
        assert_eq!(fetched.mime_type.as_deref(), Some("application/rss+xml"));
        let items = fetched.items(&url, &OrgZone::tokyo()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].feed, url);
    }

    #[test]
    fn status_size_and_web_pages_are_clear_errors() {
        let url = serve(response("404 Not Found", "text/plain", b"gone"), 1);
        let err = fetch_feed(&url, quick()).unwrap_err();
        assert!(
            matches!(err, FeedError::Status { status: 404, .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!("{url}: the server answered HTTP 404 (not found): check the URL")
        );
        assert!(
            err.render(true)
                .contains("HTTP 404 を返しました（見つかりません）")
        );

        let big = vec![b' '; 2000];
        let url = serve(response("200 OK", "application/xml", &big), 1);
        let limits = FetchLimits {
            max_bytes: 1000,
            ..quick()
        };
        let err = fetch_feed(&url, limits).unwrap_err();
        assert!(
            matches!(err, FeedError::TooLarge { limit: 1000, .. }),
            "{err:?}"
        );

        let page = b"<!DOCTYPE html><html><body>news</body></html>";
        let url = serve(response("200 OK", "text/html; charset=utf-8", page), 1);
        let err = fetch_feed(&url, quick())
            .unwrap()
            .items(&url, &OrgZone::tokyo())
            .unwrap_err();
        assert!(matches!(err, FeedError::WebPage { .. }), "{err:?}");
        assert!(err.to_string().contains("not an RSS or Atom feed"), "{err}");
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        // Connections queue in the backlog and are never answered.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/feed", listener.local_addr().unwrap());
        let limits = FetchLimits {
            timeout: Duration::from_millis(300),
            ..FetchLimits::default()
        };
        let started = std::time::Instant::now();
        let err = fetch_feed(&url, limits).unwrap_err();
        assert!(matches!(err, FeedError::Timeout { .. }), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(
            err.to_string(),
            format!(
                "{url}: no answer within 0.3 s: try again later, or allow more time with --timeout SECONDS"
            )
        );
        drop(listener);
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(is_url("https://example.com/rss"));
        assert!(is_url("HTTP://example.com/rss"));
        assert!(!is_url("news.xml"));
        assert!(!is_url("http"));
        assert!(!is_url("ftp://example.com/rss"));
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
