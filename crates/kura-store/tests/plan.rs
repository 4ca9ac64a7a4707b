//! The planner's queries, told the same way to SQLite and to PostgreSQL: a
//! few activities around the 2020 silver week in Tokyo, with every answer
//! worked out by hand.

use crate::fixture::Fixture;
use crate::model::*;
use jiff::civil::date;
use kura_core::model::{Account, Activity, Availability, CustomerState, Lead, Record};
use kura_core::plan::PlanTarget;
use kura_store::{ImportMeta, Store, StoredTopic};

crate::on_both_backends!(plan_queries, topics_are_put_listed_replaced_and_removed);

fn plan_queries(f: &Fixture) {
    let mut store = f.open();
    tell(&mut *store);
}

fn lead(id: &str, account: Option<&str>) -> Lead {
    Lead {
        id: id.into(),
        account_id: account.map(Into::into),
        owner: Some("r1".into()),
        created_at: ts("2020-08-01T00:00:00Z"),
        source: Some("outbound".into()),
        status: None,
    }
}

fn away(target: &str, from: jiff::civil::Date, to: jiff::civil::Date) -> Availability {
    Availability {
        target: target.into(),
        from,
        to,
        state: CustomerState::Away,
        note: None,
    }
}

fn tell(store: &mut dyn Store) {
    let records = vec![
        Record::Account(Account {
            id: "C1".into(),
            name: Some("山田製作所".into()),
            industry: Some("製造業".into()),
        }),
        Record::Lead(lead("L1", Some("C1"))),
        // L2's account is not stored: no company, no industry.
        Record::Lead(lead("L2", Some("C9"))),
        // r1 → L1: 9/1 and 9/10 (09:00 JST), counted.
        Record::Activity(Activity {
            target: Some("L1".into()),
            ..call("A1", "r1", "2020-09-01T00:00:00Z")
        }),
        Record::Activity(Activity {
            target: Some("L1".into()),
            ..email("A2", "r1", "2020-09-10T00:00:00Z")
        }),
        // r1 → L2: 15:30Z on 9/14 is 00:30 JST on 9/15, the last contact.
        Record::Activity(Activity {
            target: Some("L2".into()),
            ..call("A3", "r1", "2020-09-14T15:30:00Z")
        }),
        // r1 → L2 on 9/16 but a bulk email: not counted, not a contact.
        Record::Activity(Activity {
            target: Some("L2".into()),
            personal: false,
            ..email("A4", "r1", "2020-09-16T00:00:00Z")
        }),
        // r2 → L1 on 8/20: before the range asked below.
        Record::Activity(Activity {
            target: Some("L1".into()),
            ..call("A5", "r2", "2020-08-20T00:00:00Z")
        }),
        // r2 → L3 (no lead row at all) on 9/2.
        Record::Activity(Activity {
            target: Some("L3".into()),
            ..call("A6", "r2", "2020-09-02T00:00:00Z")
        }),
        // No target: never a plan target.
        Record::Activity(call("A7", "r2", "2020-09-03T00:00:00Z")),
    ];
    import(store, ImportMeta::new("kura"), records);

    let target =
        |rep: &str, t: &str, company: Option<&str>, industry: Option<&str>, last, n| PlanTarget {
            rep: rep.into(),
            target: t.into(),
            company: company.map(Into::into),
            contact: None,
            industry: industry.map(Into::into),
            last_contacted: Some(last),
            contacts_90d: n,
        };
    // 8/25..=9/18: r1 has L1 twice (last 9/10) and L2 once (last 9/15 local;
    // the bulk email does not count); r2 has L3 only (A5 is before 8/25).
    assert_eq!(
        store
            .plan_targets(date(2020, 8, 25), date(2020, 9, 18))
            .unwrap(),
        vec![
            target(
                "r1",
                "L1",
                Some("山田製作所"),
                Some("製造業"),
                date(2020, 9, 10),
                2
            ),
            target("r1", "L2", None, None, date(2020, 9, 15), 1),
            target("r2", "L3", None, None, date(2020, 9, 2), 1),
        ]
    );
    // 9/14 (UTC date of A3) alone: A3 is 9/15 local, so nothing.
    assert!(
        store
            .plan_targets(date(2020, 9, 14), date(2020, 9, 14))
            .unwrap()
            .is_empty()
    );

    // Availability overlapping the silver week 9/19..=9/22.
    let before = away("L1", date(2020, 9, 10), date(2020, 9, 18)); // ends the day before
    let touching_start = away("L1", date(2020, 9, 15), date(2020, 9, 19)); // ends on its first day
    let inside = away("L2", date(2020, 9, 20), date(2020, 9, 21));
    let touching_end = away("L3", date(2020, 9, 22), date(2020, 10, 5)); // starts on its last day
    let after = away("L3", date(2020, 9, 23), date(2020, 9, 30)); // starts the day after
    for a in [&before, &touching_start, &inside, &touching_end, &after] {
        store.set_availability(a.clone()).unwrap();
    }
    assert_eq!(
        store
            .availability_between(date(2020, 9, 19), date(2020, 9, 22))
            .unwrap(),
        vec![touching_start, inside, touching_end]
    );
}

fn topics_are_put_listed_replaced_and_removed(f: &Fixture) {
    let mut store = f.open();
    let topic = |id: &str, date| StoredTopic {
        id: id.into(),
        title_ja: "在宅で過ごした人が多数".into(),
        title_en: "Most stayed at home".into(),
        date,
        source: "https://example.com/survey".into(),
        file: "topics.toml".into(),
        provenance: None,
        raw: format!("[[topic]]\nid = \"{id}\"\n"),
    };
    let dated = topic("sw-2026", Some(date(2026, 9, 25)));
    let evergreen = topic("a-evergreen", None);
    assert!(store.topics().unwrap().is_empty());
    assert!(!store.put_topic(&dated).unwrap(), "new");
    assert!(!store.put_topic(&evergreen).unwrap(), "new");
    // Listed by id: "a-evergreen" sorts before "sw-2026".
    assert_eq!(
        store.topics().unwrap(),
        vec![evergreen.clone(), dated.clone()]
    );
    // The same id again replaces it.
    let newer = StoredTopic {
        file: "feed.xml".into(),
        provenance: Some("{\"feed\":\"feed.xml\"}".into()),
        ..dated.clone()
    };
    assert!(store.put_topic(&newer).unwrap(), "replaced");
    assert_eq!(store.topics().unwrap(), vec![evergreen.clone(), newer]);
    assert!(store.remove_topic("sw-2026").unwrap());
    assert!(!store.remove_topic("sw-2026").unwrap(), "already gone");
    assert_eq!(store.topics().unwrap(), vec![evergreen]);
}
