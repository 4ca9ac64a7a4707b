//! Topics: the TOML file and its errors, ranking and recency, the "Why you
//! now" line in both languages and its fallback.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::model::CustomerState;
use kura_core::plan::why::{Concern, fallback_track, rank_topics};
use kura_core::plan::{IndustryMapper, SlotValues, Topic, parse_topics};

fn err(text: &str) -> String {
    parse_topics(text).unwrap_err().to_string()
}

const OK_REST: &str = r#"source = "s"
title = { ja = "題", en = "title" }
favours = ["E"]
talk = { ja = "{topic}", en = "{topic}" }
"#;

#[test]
fn a_topics_file_reads_every_field() {
    let topics = parse_topics(TEAM_TOPICS).unwrap();
    assert_eq!(topics.len(), 3);
    let t = &topics[0];
    assert_eq!(t.id, "it-budget-survey");
    assert_eq!(t.date, Some(d("2026-09-01")));
    assert!(!t.evergreen);
    assert_eq!(t.source, "https://example.com/it-budget-2026");
    assert_eq!(t.title.en, "IT budgets set to grow in the second half");
    assert_eq!(t.windows, vec![kura_core::plan::PlanWindowKind::SilverWeek]);
    assert!(t.favours.divisions.contains(39) && t.hurts.is_empty());
    // A date may also be written as a string.
    let t = parse_topics(&format!(
        "[[topic]]\nid = \"a\"\ndate = \"2026-01-05\"\n{OK_REST}"
    ))
    .unwrap();
    assert_eq!(t[0].date, Some(d("2026-01-05")));
}

#[test]
fn topic_errors_name_the_key_and_the_line() {
    // A slot that does not exist, on line 6.
    assert_eq!(
        err(r#"[[topic]]
id = "gw"
date = 2026-04-20
source = "s"
title = { ja = "題", en = "title" }
talk = { ja = "{company}様", en = "Hi {name}" }
favours = ["E"]
"#),
        "topics file line 6, column 34: topic \"gw\": talk.en: unknown slot {name}: \
         use {company}, {contact}, {industry}, {topic} or {season}"
    );
    // A bad JSIC code, on line 4.
    assert_eq!(
        err(&format!(
            "[[topic]]\nid = \"a\"\ndate = 2026-04-20\nhurts = [\"75\", \"retail\"]\n{OK_REST}"
        )),
        "topics file line 4, column 16: topic \"a\": hurts: \"retail\" is not a JSIC code: \
         use division letters A–T, major groups 01–99 (or E29), ranges such as 56-61, separated by commas, \
         or \"*\" for every industry"
    );
    // Not a date, on line 3.
    assert_eq!(
        err(&format!(
            "[[topic]]\nid = \"a\"\ndate = \"April 20\"\n{OK_REST}"
        )),
        "topics file line 3, column 8: topic \"a\": date: \"April 20\" is not a date: write it as 2026-09-25"
    );
    // Neither dated nor evergreen: the topic's table, line 1.
    assert_eq!(
        err(&format!("[[topic]]\nid = \"a\"\n{OK_REST}")),
        "topics file line 1, column 1: topic \"a\": date: missing: give the day it was published, or set evergreen = true"
    );
    // Evergreen without windows.
    assert!(
        err(&format!(
            "[[topic]]\nid = \"a\"\nevergreen = true\n{OK_REST}"
        ))
        .contains("topic \"a\": windows: an evergreen topic needs the seasons it applies in")
    );
    // A missing field and an unknown key, from the TOML reader.
    let e = err("[[topic]]\nid = \"a\"\ndate = 2026-04-20\nsource = \"s\"\n");
    assert!(
        e.starts_with("topics file line 1, column 1: missing field `title`"),
        "{e}"
    );
    let e = err(&format!(
        "[[topic]]\nid = \"a\"\ndate = 2026-04-20\nlink = \"x\"\n{OK_REST}"
    ));
    assert!(
        e.starts_with("topics file line 4, column 1: unknown field `link`"),
        "{e}"
    );
    // An unknown window kind.
    let e = err(&format!(
        "[[topic]]\nid = \"a\"\ndate = 2026-04-20\nwindows = [\"gw\"]\n{OK_REST}"
    ));
    assert!(
        e.starts_with("topics file line 4, column 12: unknown variant `gw`"),
        "{e}"
    );
    // The same id twice: the second, on line 8.
    let one = format!("[[topic]]\nid = \"a\"\ndate = 2026-04-20\n{OK_REST}");
    assert_eq!(
        err(&format!("{one}{one}")),
        "topics file line 9, column 6: topic \"a\": id is used twice: give every topic a unique id"
    );
    // Broken TOML.
    let e = err("[[topic]\nid = 1\n");
    assert!(e.starts_with("topics file line 1, column"), "{e}");
    // No industry at all.
    assert!(
        err("[[topic]]\nid = \"a\"\ndate = 2026-04-20\nsource = \"s\"\ntitle = { ja = \"題\", en = \"t\" }\ntalk = { ja = \"x\", en = \"y\" }\n")
            .contains("topic \"a\": favours: the topic concerns no industry")
    );
}

#[test]
fn slots_are_filled_in_both_languages() {
    // t-it (東邦システムズ, 佐藤, 情報通信業) gets the dated IT topic.
    let data = Data::new();
    let ja = data.plan(Lang::Ja);
    let en = data.plan(Lang::En);
    let (tja, ten) = (target_of(&ja, "t-it"), target_of(&en, "t-it"));
    assert_eq!(tja.why_you_now.topic.as_deref(), Some("it-budget-survey"));
    assert_eq!(
        tja.why_you_now.line,
        "佐藤様、「下期のIT投資は増加見込み」という調査が出ていました。シルバーウィーク明けの東邦システムズ様の計画づくりに役立つ材料をお持ちしたいと思いご連絡しました。"
    );
    assert_eq!(
        ten.why_you_now.line,
        "Hi 佐藤, a recent survey says \"IT budgets set to grow in the second half\". I'd like to bring 東邦システムズ some material for planning after Silver Week."
    );
    assert_eq!(
        ten.why_you_now.source.as_deref(),
        Some("https://example.com/it-budget-2026")
    );
    assert_eq!(ten.why_you_now.concern, Some(Concern::FavoursDivision));
    // The evergreen stay-at-home topic concerns part of G (39, 41): it is
    // the alternative.
    assert_eq!(
        ten.why_you_now.alternatives,
        vec!["evergreen-holiday-stay-home".to_string()]
    );
}

#[test]
fn industry_names_read_naturally_inside_sentences() {
    // t-mfg (製造業) gets the evergreen stay-at-home topic: it favours 09
    // and 29, part of division E.
    let data = Data::new();
    let en = data.plan(Lang::En);
    let t = target_of(&en, "t-mfg");
    assert_eq!(
        t.why_you_now.topic.as_deref(),
        Some("evergreen-holiday-stay-home")
    );
    assert_eq!(t.why_you_now.concern, Some(Concern::FavoursPart));
    assert!(
        t.why_you_now
            .line
            .contains("every extra day at home is a day for manufacturing."),
        "{}",
        t.why_you_now.line
    );
    let ja = data.plan(Lang::Ja);
    assert!(
        target_of(&ja, "t-mfg")
            .why_you_now
            .line
            .contains("製造業の出番も増える")
    );
}

#[test]
fn with_no_topic_the_line_comes_from_the_window_and_the_state() {
    let data = Data::new();
    // t-care (医療，福祉, covering): no Silver Week topic concerns P.
    let ja = data.plan(Lang::Ja);
    let en = data.plan(Lang::En);
    let care_ja = target_of(&ja, "t-care");
    assert_eq!(care_ja.why_you_now.topic, None);
    assert_eq!(
        care_ja.why_you_now.line,
        "高橋様、シルバーウィークはお休みの方の分までご対応されていてお忙しい時期かと存じます。落ち着かれた頃に改めてご連絡いたします。"
    );
    assert_eq!(
        target_of(&en, "t-care").why_you_now.line,
        "Hi 高橋, you are probably covering for colleagues on leave over Silver Week, so I'll keep this short and get back to you once things settle."
    );
    // t-x: unknown industry, unknown state.
    assert_eq!(
        target_of(&en, "t-x").why_you_now.line,
        "Hi Smith, I wanted to check how Silver Week looks for Acme, so that I can get in touch at a time that suits you."
    );
    // Partners off over Obon: a good week for a deeper review.
    let values = SlotValues {
        company: "東邦工業".into(),
        contact: "山田".into(),
        industry: "製造業".into(),
        topic: String::new(),
        season: "お盆".into(),
    };
    assert_eq!(
        fallback_track(CustomerState::PartnersOff).ja.fill(&values),
        "山田様、お盆は取引先の多くがお休みで、普段より落ち着いた週かと思います。この機会に、日頃は後回しになりがちな課題を一度じっくり整理するお手伝いができればと思いご連絡しました。"
    );
}

#[test]
fn missing_names_have_stand_ins() {
    let mut data = Data::new();
    for t in &mut data.targets {
        t.company = None;
        t.contact = None;
    }
    let en = data.plan(Lang::En);
    assert_eq!(
        target_of(&en, "t-x").why_you_now.line,
        "Hi there, I wanted to check how Silver Week looks for your company, so that I can get in touch at a time that suits you."
    );
    let ja = data.plan(Lang::Ja);
    assert!(
        target_of(&ja, "t-x")
            .why_you_now
            .line
            .starts_with("ご担当者様、シルバーウィークの時期の貴社様")
    );
}

fn topic(id: &str, date: Option<&str>, favours: &str, hurts: &str, windows: &str) -> Topic {
    let date = match date {
        Some(d) => format!("date = {d}"),
        None => "evergreen = true".to_string(),
    };
    let hurts_line = if hurts.is_empty() {
        String::new()
    } else {
        format!("hurts = [{hurts}]\ntalk_hurt = {{ ja = \"逆風\", en = \"headwind\" }}")
    };
    parse_topics(&format!(
        "[[topic]]\nid = \"{id}\"\n{date}\nsource = \"s\"\ntitle = {{ ja = \"題\", en = \"t\" }}\nfavours = [{favours}]\n{hurts_line}\nwindows = [{windows}]\ntalk = {{ ja = \"追い風\", en = \"tailwind\" }}\n"
    ))
    .unwrap()
    .remove(0)
}

#[test]
fn topics_rank_by_industry_then_season_then_recency() {
    let w = silver_week();
    let retail58 = IndustryMapper::builtin()
        .map(Some("58"))
        .industry()
        .unwrap()
        .groups;
    let topics = [
        topic("a-any", Some("2026-09-20"), "\"*\"", "", "\"silver_week\""),
        topic("b-division", Some("2026-06-01"), "\"I\"", "", ""),
        topic("c-group-old", Some("2026-06-01"), "\"58\"", "", ""),
        topic("d-group-new", Some("2026-08-01"), "\"58\"", "", ""),
        topic(
            "e-group-season",
            Some("2026-06-01"),
            "\"58\"",
            "",
            "\"silver_week\"",
        ),
        topic("f-evergreen-group", None, "\"58\"", "", "\"silver_week\""),
        topic(
            "g-hurts",
            Some("2026-09-20"),
            "\"01\"",
            "\"58\"",
            "\"silver_week\"",
        ),
        topic(
            "h-part",
            Some("2026-09-20"),
            "\"58-59\"",
            "",
            "\"silver_week\"",
        ),
        topic(
            "i-other",
            Some("2026-09-20"),
            "\"E\"",
            "",
            "\"silver_week\"",
        ),
    ];
    let refs: Vec<&Topic> = topics.iter().collect();
    let ranked: Vec<&str> = rank_topics(&refs, Some(retail58), &w)
        .iter()
        .map(|m| m.topic.id.as_str())
        .collect();
    // Group fit with the season first (newest first, dated before
    // evergreen), then group fit by recency, then the division, the "*"
    // topic, and last the topic that hurts. "h-part" lists 58 and 59: it
    // covers 58 by its groups too.
    assert_eq!(
        ranked,
        [
            "h-part",
            "e-group-season",
            "f-evergreen-group",
            "d-group-new",
            "c-group-old",
            "b-division",
            "a-any",
            "g-hurts"
        ]
    );
    // For a target of the whole division I, the 58 topics favour a part.
    let division_i = IndustryMapper::builtin()
        .map(Some("I"))
        .industry()
        .unwrap()
        .groups;
    let ranked = rank_topics(&refs, Some(division_i), &w);
    assert_eq!(ranked[0].topic.id, "b-division");
    assert_eq!(ranked[1].concern, Concern::FavoursPart);
    // An unknown industry: only "*" topics.
    let ranked: Vec<&str> = rank_topics(&refs, None, &w)
        .iter()
        .map(|m| m.topic.id.as_str())
        .collect();
    assert_eq!(ranked, ["a-any"]);
}

#[test]
fn only_recent_dated_topics_and_seasonal_evergreen_ones_are_used() {
    use kura_core::plan::why::is_eligible;
    let w = silver_week(); // 2026-09-24..25; 120 days before: 2026-05-27.
    let dated = |date: &str| topic("t", Some(date), "\"E\"", "", "");
    assert!(is_eligible(&dated("2026-05-27"), &w, 120));
    assert!(!is_eligible(&dated("2026-05-26"), &w, 120));
    assert!(is_eligible(&dated("2026-09-25"), &w, 120));
    assert!(!is_eligible(&dated("2026-09-26"), &w, 120));
    assert!(!is_eligible(&dated("2026-05-27"), &w, 119));
    assert!(is_eligible(
        &topic("e", None, "\"E\"", "", "\"silver_week\""),
        &w,
        120
    ));
    assert!(!is_eligible(
        &topic("e", None, "\"E\"", "", "\"obon\""),
        &w,
        120
    ));
    // In the plan: the old and the late topics never appear.
    let plan = Data::new().plan(Lang::En);
    for t in &plan.reps[0].targets {
        let used: Vec<&str> = t
            .why_you_now
            .topic
            .iter()
            .map(String::as_str)
            .chain(t.why_you_now.alternatives.iter().map(String::as_str))
            .collect();
        assert!(
            !used.contains(&"old-factory-news") && !used.contains(&"late-news"),
            "{used:?}"
        );
    }
}

#[test]
fn a_topic_that_hurts_uses_its_hurt_track() {
    // An airline (46) is hurt by the stay-at-home survey, and no Silver
    // Week topic favours it: the hurt track is used.
    let mut data = Data::new();
    data.targets.push(target(
        "t-air",
        "青空航空",
        "小林",
        Some("46"),
        Some("2026-09-01"),
        1,
    ));
    let plan = data.plan(Lang::En);
    let air = target_of(&plan, "t-air");
    assert_eq!(
        air.why_you_now.topic.as_deref(),
        Some("evergreen-holiday-stay-home")
    );
    assert_eq!(air.why_you_now.concern, Some(Concern::Hurts));
    assert_eq!(
        air.why_you_now.line,
        "Hi 小林, holiday surveys keep showing people staying at home rather than travelling. \
         I wondered whether 青空航空 is rethinking how to bring guests in for the next long weekend, and whether we could help."
    );
}
