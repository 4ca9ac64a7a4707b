//! Feed items → topics by keyword rules, with provenance.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::plan::{FeedItem, FeedRules, SkipReason};

fn item(title: &str, summary: &str, link: Option<&str>, date: Option<&str>) -> FeedItem {
    FeedItem {
        feed: "https://news.example.com/rss".into(),
        title: title.into(),
        link: link.map(str::to_string),
        published: date.map(d),
        summary: (!summary.is_empty()).then(|| summary.to_string()),
    }
}

#[test]
fn kept_items_become_topics_with_their_industries_and_provenance() {
    let items = [
        // Kept (連休, アンケート), industries by 自宅 (stay home) and 家電.
        item(
            "シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」",
            "家電や宅配の利用が増えた",
            Some("https://news.example.com/a/1"),
            Some("2026-09-25"),
        ),
        // Not kept: no keep keyword.
        item(
            "新製品発表会のお知らせ",
            "",
            Some("https://news.example.com/a/2"),
            Some("2026-09-20"),
        ),
        // Kept (holiday, survey: whole words, plurals), travel industries.
        item(
            "Holiday travel surveys show record trips",
            "",
            Some("https://news.example.com/a/3"),
            Some("2026-09-10"),
        ),
        // Kept but no industry rule matches.
        item("年末年始の営業時間について", "", None, Some("2026-09-01")),
        // Kept but undated.
        item("連休の人出調査", "旅行", None, None),
        // The first item again, from another feed: a duplicate.
        item(
            "シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」",
            "",
            Some("https://news.example.com/a/1"),
            Some("2026-09-25"),
        ),
    ];
    let out = FeedRules::builtin().convert(&items);
    assert_eq!(out.topics.len(), 2);
    let t = &out.topics[0];
    assert!(t.id.starts_with("feed-"));
    assert_eq!(t.date, Some(d("2026-09-25")));
    assert_eq!(t.source, "https://news.example.com/a/1");
    let prov = t.provenance.as_ref().unwrap();
    assert_eq!(prov.feed, "https://news.example.com/rss");
    assert_eq!(prov.link.as_deref(), Some("https://news.example.com/a/1"));
    assert_eq!(prov.published, Some(d("2026-09-25")));
    // 自宅 → 09, 58, 29, 59, 61, 77, 79, 39, 41 (hurts 75, 46); 家電 → 29,
    // 59; 宅配 → 61, 44, 47, 49.
    for g in [9, 58, 29, 59, 61, 77, 44, 47, 49] {
        assert!(t.favours.groups.contains(g), "favours {g}");
    }
    assert!(t.hurts.groups.contains(75));
    assert_eq!(t.windows, vec![kura_core::plan::PlanWindowKind::SilverWeek]);
    let travel = &out.topics[1];
    assert!(travel.favours.groups.contains(75) && travel.favours.groups.contains(46));
    let reasons: Vec<(&str, SkipReason)> = out
        .skipped
        .iter()
        .map(|s| (s.title.as_str(), s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("新製品発表会のお知らせ", SkipReason::NoKeepKeyword),
            ("年末年始の営業時間について", SkipReason::NoIndustry),
            ("連休の人出調査", SkipReason::NoDate),
            (
                "シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」",
                SkipReason::Duplicate
            ),
        ]
    );
    // The same item always gets the same id.
    assert_eq!(FeedRules::builtin().convert(&items[..1]).topics[0].id, t.id);
}

#[test]
fn a_feed_topic_gives_a_why_you_now_line() {
    let items = [item(
        "シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」",
        "",
        Some("https://news.example.com/a/1"),
        Some("2026-09-22"),
    )];
    let mut data = Data::new();
    data.topics = FeedRules::builtin().convert(&items).topics;
    data.targets.push(target(
        "t-food",
        "みのり食品",
        "木村",
        Some("09"),
        Some("2026-09-02"),
        1,
    ));
    let ja = data.plan(Lang::Ja);
    let food = target_of(&ja, "t-food");
    assert_eq!(
        food.why_you_now.line,
        "木村様、先日「シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」」という記事を目にしました。食料品製造業には追い風になりそうだと感じ、シルバーウィークに向けてどのように動かれているか伺えればと思いご連絡しました。"
    );
    assert_eq!(
        food.why_you_now.source.as_deref(),
        Some("https://news.example.com/a/1")
    );
    let en = data.plan(Lang::En);
    assert_eq!(
        target_of(&en, "t-food").why_you_now.line,
        "Hi 木村, I recently read \"シルバーウィークの過ごし方アンケート、1位は「自宅で過ごす」\". It looks like a tailwind for manufacture of food, so I wanted to ask how みのり食品 is getting ready for Silver Week."
    );
}

#[test]
fn a_teams_keyword_rules_replace_the_built_in_ones() {
    let rules = FeedRules::parse(
        r#"
keep = ["展示会"]

[[industry]]
keywords = ["工場"]
favours = ["E"]

[[season]]
keywords = ["お盆"]
window = "obon"
"#,
    )
    .unwrap();
    let out = rules.convert(&[
        item("お盆明けの展示会、工場見学も", "", None, Some("2026-08-01")),
        item("連休の調査", "", None, Some("2026-08-01")),
    ]);
    assert_eq!(out.topics.len(), 1);
    assert_eq!(
        out.topics[0].windows,
        vec![kura_core::plan::PlanWindowKind::Obon]
    );
    assert_eq!(out.skipped[0].reason, SkipReason::NoKeepKeyword);
    // Mistakes name the key and line.
    let err = FeedRules::parse(
        "keep = [\"a\"]\n\n[[industry]]\nkeywords = [\"b\"]\nfavours = [\"QQ\"]\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with(
            "feed keyword rules line 5, column 12: industry[1].favours: \"QQ\" is not a JSIC code"
        ),
        "{err}"
    );
    let err = FeedRules::parse("keep = []\n").unwrap_err().to_string();
    assert_eq!(
        err,
        "feed keyword rules line 1, column 8: keep: no keyword: list at least one word such as \"連休\" or \"survey\""
    );
}
