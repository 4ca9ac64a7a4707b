//! `kura topics add | list | remove`: the topics (話題) the planner builds
//! Why-you-now lines from, stored with the file they came from.

use crate::UsageError;
use crate::cli::{TopicsCommand, TopicsFormat};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Context;
use jiff::civil::Date;
use kura_core::plan::{FeedRules, Topic, parse_topics};
use kura_import::feed::{FetchLimits, FetchedFeed};
use kura_store::{Store, StoredTopic};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Runs `kura topics ...`.
pub fn run(settings: &Settings, command: TopicsCommand) -> anyhow::Result<()> {
    match command {
        TopicsCommand::Add { file } => add(settings, &file),
        TopicsCommand::List { format } => list(settings, format),
        TopicsCommand::Remove { id } => remove(settings, &id),
        TopicsCommand::Feed {
            feed,
            rules,
            timeout,
        } => feed_topics(settings, &feed, rules.as_deref(), timeout),
    }
}

/// Reads and checks a topics file; a mistake names `file:line:column`.
fn read(path: &Path, lang: Lang) -> anyhow::Result<(String, Vec<Topic>)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        UsageError(match lang {
            Lang::Ja => format!("{}: 読み込めません: {e}", path.display()),
            Lang::En => format!("{}: cannot read it: {e}", path.display()),
        })
    })?;
    let topics = parse_topics(&text).map_err(|e| {
        UsageError(format!(
            "{}:{}:{}: {}",
            path.display(),
            e.line,
            e.column,
            e.message
        ))
    })?;
    Ok((text, topics))
}

/// `kura topics add FILE`.
fn add(settings: &Settings, path: &Path) -> anyhow::Result<()> {
    let lang = settings.lang;
    let (text, topics) = read(path, lang)?;
    let mut store = super::open_store(settings)?;
    let file = path.display().to_string();
    let (mut new, mut replaced) = (0, 0);
    for t in &topics {
        let row = StoredTopic {
            id: t.id.clone(),
            title_ja: t.title.ja.clone(),
            title_en: t.title.en.clone(),
            date: t.date,
            source: t.source.clone(),
            file: file.clone(),
            provenance: None,
            raw: text.clone(),
        };
        if store
            .put_topic(&row)
            .with_context(|| format!("storing topic {}", t.id))?
        {
            replaced += 1;
        } else {
            new += 1;
        }
    }
    println!(
        "{}",
        match lang {
            Lang::Ja => format!("{file}: 話題 {new} 件を追加、{replaced} 件を置き換えました"),
            Lang::En => format!("{file}: {new} topics added, {replaced} replaced"),
        }
    );
    Ok(())
}

/// What a feed topic is stored with, so the planner can convert the same
/// items with the same rules again.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct FeedSource {
    feed_name: String,
    feed: String,
    rules: Option<String>,
}

/// The keyword rules: a file, or Kura's built-in ones.
fn feed_rules(text: Option<&str>) -> Result<FeedRules, kura_core::plan::DataError> {
    match text {
        Some(t) => FeedRules::parse(t),
        None => Ok(FeedRules::builtin().clone()),
    }
}

/// `kura topics feed FILE|URL [--rules RULES] [--timeout SECONDS]`: the
/// feed is read (or fetched) and parsed before the database is opened, so
/// nothing is stored when it cannot be.
fn feed_topics(
    settings: &Settings,
    feed: &str,
    rules: Option<&Path>,
    timeout: f64,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let rules_text = match rules {
        Some(r) => Some(std::fs::read_to_string(r).map_err(|e| {
            UsageError(match lang {
                Lang::Ja => format!("{}: 読み込めません: {e}", r.display()),
                Lang::En => format!("{}: cannot read it: {e}", r.display()),
            })
        })?),
        None => None,
    };
    let parsed_rules = feed_rules(rules_text.as_deref()).map_err(|e| {
        let name = rules.map_or_else(String::new, |r| r.display().to_string());
        UsageError(format!("{name}:{}:{}: {}", e.line, e.column, e.message))
    })?;
    let feed_error = |e: kura_import::feed::FeedError| UsageError(e.render(lang == Lang::Ja));
    let fetched = if kura_import::feed::is_url(feed) {
        let limits = FetchLimits {
            timeout: timeout_arg(timeout, lang)?,
            ..FetchLimits::default()
        };
        kura_import::feed::fetch_feed(feed, limits).map_err(feed_error)?
    } else {
        let bytes = std::fs::read(feed).map_err(|e| {
            UsageError(match lang {
                Lang::Ja => format!("{feed}: 読み込めません: {e}"),
                Lang::En => format!("{feed}: cannot read it: {e}"),
            })
        })?;
        FetchedFeed {
            bytes,
            mime_type: None,
        }
    };
    let items = fetched.items(feed, &settings.zone).map_err(feed_error)?;
    // Stored as text, so the planner can read the same items again.
    let text = String::from_utf8(fetched.bytes).map_err(|_| {
        UsageError(match lang {
            Lang::Ja => {
                format!("{feed}: UTF-8 ではありません: UTF-8 のフィードを指定してください")
            }
            Lang::En => format!("{feed}: not UTF-8: give a feed encoded as UTF-8"),
        })
    })?;
    let conversion = parsed_rules.convert(&items);
    let source = serde_json::to_string(&FeedSource {
        feed_name: feed.to_string(),
        feed: text,
        rules: rules_text,
    })?;
    let mut store = super::open_store(settings)?;
    let (mut new, mut replaced) = (0, 0);
    for t in &conversion.topics {
        let row = StoredTopic {
            id: t.id.clone(),
            title_ja: t.title.ja.clone(),
            title_en: t.title.en.clone(),
            date: t.date,
            source: t.source.clone(),
            file: feed.to_string(),
            provenance: Some(serde_json::to_string(&t.provenance)?),
            raw: source.clone(),
        };
        if store
            .put_topic(&row)
            .with_context(|| format!("storing topic {}", t.id))?
        {
            replaced += 1;
        } else {
            new += 1;
        }
    }
    println!(
        "{}",
        match lang {
            Lang::Ja => format!(
                "{feed}: 話題 {new} 件を追加、{replaced} 件を置き換え、{} 件の記事はキーワード規則に合わず読み飛ばしました",
                conversion.skipped.len()
            ),
            Lang::En => format!(
                "{feed}: {new} topics added, {replaced} replaced, {} items skipped by the keyword rules",
                conversion.skipped.len()
            ),
        }
    );
    Ok(())
}

/// Checks `--timeout SECONDS`: more than 0, at most an hour.
fn timeout_arg(seconds: f64, lang: Lang) -> Result<std::time::Duration, UsageError> {
    if seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0 {
        Ok(std::time::Duration::from_secs_f64(seconds))
    } else {
        Err(UsageError(match lang {
            Lang::Ja => format!(
                "--timeout: {seconds} 秒は指定できません: 0 より大きく 3600 以下の秒数を指定してください"
            ),
            Lang::En => format!(
                "--timeout: {seconds} is not a time limit: use seconds above 0 and at most 3600"
            ),
        }))
    }
}

/// One line of `kura topics list --format json`.
#[derive(Debug, serde::Serialize)]
struct TopicLine<'a> {
    id: &'a str,
    title_ja: &'a str,
    title_en: &'a str,
    date: Option<Date>,
    source: &'a str,
    file: &'a str,
}

/// `kura topics list`.
fn list(settings: &Settings, format: TopicsFormat) -> anyhow::Result<()> {
    let lang = settings.lang;
    let store = super::open_store(settings)?;
    let rows = store.topics()?;
    match format {
        TopicsFormat::Json => {
            let lines: Vec<TopicLine<'_>> = rows
                .iter()
                .map(|r| TopicLine {
                    id: &r.id,
                    title_ja: &r.title_ja,
                    title_en: &r.title_en,
                    date: r.date,
                    source: &r.source,
                    file: &r.file,
                })
                .collect();
            crate::output::print_json(&lines)
        }
        TopicsFormat::Table => {
            if rows.is_empty() {
                println!(
                    "{}",
                    lang.pick(
                        "保存された話題はありません（計画には組み込みの定番話題を使います）",
                        "no stored topics (plans use the built-in evergreen ones)"
                    )
                );
            }
            for r in &rows {
                let date = r.date.map_or_else(
                    || lang.pick("定番", "evergreen").to_string(),
                    |d| d.to_string(),
                );
                let title = if lang == Lang::Ja {
                    &r.title_ja
                } else {
                    &r.title_en
                };
                println!("{}  {date}  {title}  ({})", r.id, r.source);
            }
            Ok(())
        }
    }
}

/// `kura topics remove ID`.
fn remove(settings: &Settings, id: &str) -> anyhow::Result<()> {
    let lang = settings.lang;
    let mut store = super::open_store(settings)?;
    if !store.remove_topic(id)? {
        return Err(UsageError(match lang {
            Lang::Ja => format!(
                "話題 {id:?} は保存されていません: kura topics list で ID を確認してください"
            ),
            Lang::En => {
                format!("there is no stored topic {id:?}: see the ids with kura topics list")
            }
        })
        .into());
    }
    println!(
        "{}",
        match lang {
            Lang::Ja => format!("話題 {id} を削除しました"),
            Lang::En => format!("topic {id} removed"),
        }
    );
    Ok(())
}

/// The stored topics, parsed again from the files or feeds (with their
/// rules) they came from; a file
/// that no longer parses is skipped with a warning, naming it.
pub(crate) fn stored_topics(
    store: &dyn Store,
    zone: &kura_core::time::OrgZone,
    lang: Lang,
) -> anyhow::Result<Vec<Topic>> {
    let rows = store.topics()?;
    let mut by_raw: BTreeMap<&str, (BTreeSet<&str>, &str)> = BTreeMap::new();
    for r in &rows {
        by_raw
            .entry(r.raw.as_str())
            .or_insert_with(|| (BTreeSet::new(), r.file.as_str()))
            .0
            .insert(r.id.as_str());
    }
    let mut out = Vec::new();
    for (raw, (ids, file)) in by_raw {
        let parsed = if let Ok(source) = serde_json::from_str::<FeedSource>(raw) {
            kura_import::feed::read_feed(source.feed.as_bytes(), &source.feed_name, zone)
                .map_err(|e| e.render(lang == Lang::Ja))
                .and_then(|items| {
                    feed_rules(source.rules.as_deref())
                        .map(|r| r.convert(&items).topics)
                        .map_err(|e| e.to_string())
                })
        } else {
            parse_topics(raw).map_err(|e| e.to_string())
        };
        match parsed {
            Ok(topics) => out.extend(topics.into_iter().filter(|t| ids.contains(t.id.as_str()))),
            Err(e) => eprintln!(
                "kura: {}: {file}: {e}",
                lang.pick(
                    "注意: 保存された話題を読めません",
                    "warning: a stored topic does not parse"
                )
            ),
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
