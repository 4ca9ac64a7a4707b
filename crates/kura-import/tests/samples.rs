//! Every file in `/work/shared/samples/` (copied to `tests/data/samples/`)
//! parses as worked out by hand from its rows.

use crate::common::{data, date, split, tokyo_date, ts};
use kura_core::model::{ActivityKind, CallResult, Direction, NextActionStatus};
use kura_import::{
    DetectedEncoding, HubspotFiles, ImportOptions, SalesforceFiles, import_hubspot,
    import_salesforce,
};

fn count<T>(items: impl IntoIterator<Item = T>, pred: impl Fn(&T) -> bool) -> usize {
    items.into_iter().filter(|x| pred(x)).count()
}

#[test]
fn salesforce_data_loader_tasks() {
    let mut records = Vec::new();
    let files = SalesforceFiles {
        tasks: Some(data("samples/salesforce_tasks.csv")),
        ..Default::default()
    };
    let report = import_salesforce(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    let file = &report.files[0];
    assert_eq!(file.encoding, DetectedEncoding::Utf8);
    // 21 rows: 14 closed tasks other than the internal call are activities;
    // 5 open tasks with a due date plus the planned フォロー電話 are next
    // actions; the internal call and the open task with no due date are
    // left out.
    assert_eq!(
        (
            file.rows,
            file.records.activities,
            file.records.next_actions
        ),
        (21, 14, 6)
    );
    assert_eq!(file.skipped, 2);
    assert!(report.unknown_dispositions.is_empty());
    let warnings: Vec<u64> = report.warnings.iter().map(|w| w.line).collect();
    // The internal call is on line 11 (row 4's description spans lines 5-6),
    // the undated open task on line 19, the closed task without a
    // completion time on line 23.
    assert_eq!(warnings, [11, 19, 23]);

    let s = split(records);
    let acts: Vec<_> = s.activities.values().collect();
    // 11 calls (10 outbound, 1 inbound), 3 emails (one a list email).
    assert_eq!(count(&acts, |a| a.kind == ActivityKind::Call), 11);
    assert_eq!(count(&acts, |a| a.kind == ActivityKind::Email), 3);
    assert_eq!(count(&acts, |a| a.direction == Direction::Inbound), 1);
    // Counted (outbound, one-to-one call or email): 10 calls + 2 emails.
    assert_eq!(count(&acts, |a| a.is_counted()), 12);
    // Connected: 通話成立 ×3 (one inbound) and "Connected".
    assert_eq!(
        count(&acts, |a| a.call_result == Some(CallResult::Connected)),
        4
    );
    assert_eq!(
        count(&acts, |a| a.is_counted()
            && a.call_result == Some(CallResult::Connected)),
        3
    );
    let result = |id: &str| s.activities[id].call_result;
    assert_eq!(result("00T5g0PTG5OiZ1cEOF"), Some(CallResult::NoAnswer)); // 不在
    assert_eq!(result("00T5g0So01keYQLEC2"), Some(CallResult::Voicemail)); // 留守電
    assert_eq!(result("00T5g0Ezn3OBzOpECL"), Some(CallResult::Other)); // 受付ブロック
    assert_eq!(result("00T5g01rKYO7nApEYJ"), Some(CallResult::WrongNumber)); // 番号不通
    assert_eq!(result("00T5g0Fxy66ZM2bECG"), None); // blank CallType and disposition
    assert_eq!(
        s.activities["00T5g0Fxy66ZM2bECG"].direction,
        Direction::Outbound
    );

    // 2026-09-17T23:30Z is 08:30 on the 18th in Tokyo.
    let early = &s.activities["00T5g0iDJXCJBBVE25"];
    assert_eq!(tokyo_date(early.occurred_at), date("2026-09-18"));
    // The list email: bulk, so not personal, dated the 15th in Tokyo.
    let list = &s.activities["00T5g0qPB5KJllBEMT"];
    assert!(!list.personal);
    assert_eq!(tokyo_date(list.occurred_at), date("2026-09-15"));
    // フォロー電話: created Wed 16th 09:40 JST, completed Sat 19th: planned.
    let planned = &s.activities["00T5g0jSkBFv6SMEUZ"];
    assert_eq!(planned.planned_at, Some(ts("2026-09-16T00:40:00Z")));
    assert_eq!(tokyo_date(planned.occurred_at), date("2026-09-19"));
    assert_eq!(count(&acts, |a| a.planned_at.is_some()), 1);
    // お礼メール: closed without CompletedDateTime; created on its due date,
    // so it is dated by its creation.
    assert_eq!(
        s.activities["00T5g0TwLMlCkqfE0C"].occurred_at,
        ts("2026-09-16T04:00:00Z")
    );
    // The internal call is not there.
    assert!(!s.activities.contains_key("00T5g04F7aswdPyEEI"));

    let nas = &s.next_actions;
    let due = |id: &str| nas[id].due_on;
    assert_eq!(due("00T5g07dG0qNIsoEIG"), date("2026-09-22")); // 国民の休日
    assert_eq!(due("00T5g055MYdX5CcEYK"), date("2026-09-30")); // Deferred: still open
    assert_eq!(nas["00T5g055MYdX5CcEYK"].status, NextActionStatus::Open);
    assert_eq!(nas["00T5g0WHeJ5MlRsEWK"].status, NextActionStatus::Open); // waiting
    let done = &nas["00T5g0jSkBFv6SMEUZ"];
    assert_eq!(done.status, NextActionStatus::Completed);
    assert_eq!(done.due_on, date("2026-09-18"));
    assert_eq!(done.completed_at, Some(ts("2026-09-19T01:15:00Z")));
    assert!(!nas.contains_key("00T5g0KizFez6KsESI")); // no due date
    assert_eq!(
        nas["00T5g0bUVvlVwbaEMC"].target.as_deref(),
        Some("0035g0tnzEhBZakAQG")
    );
}

#[test]
fn salesforce_japanese_report_in_shift_jis() {
    let mut records = Vec::new();
    let files = SalesforceFiles {
        tasks: Some(data("samples/sf_report_ja_sjis.csv")),
        ..Default::default()
    };
    let report = import_salesforce(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    let file = &report.files[0];
    assert_eq!(file.encoding, DetectedEncoding::ShiftJis);
    // 20 data rows; the blank line and the two footer lines are not rows.
    assert_eq!(file.rows, 20);
    // The same shape as the Data Loader sample minus one row: 13 activities,
    // 6 next actions, the internal call (内線) and the undated 進行中 task
    // left out, and three reps known only by name.
    assert_eq!(
        (
            file.records.activities,
            file.records.next_actions,
            file.records.reps
        ),
        (13, 6, 3)
    );
    assert_eq!(file.skipped, 2);
    assert_eq!(report.warnings[0].line, 10);
    assert!(report.warnings[0].message.en.starts_with("internal calls"));

    let s = split(records);
    let names: Vec<_> = s
        .reps
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_deref()))
        .collect();
    // 髙 is not in Shift_JIS: the export wrote "?".
    assert_eq!(
        names,
        [
            ("佐藤 一郎", Some("佐藤 一郎")),
            ("鈴木 次郎", Some("鈴木 次郎")),
            ("?橋 三郎", Some("?橋 三郎")),
        ]
    );
    // 15-character 活動 ID → 18: blocks 00T5g (T upper at 2 → 4 = E),
    // 0PsCQ (P, C, Q at 1, 3, 4 → 26 = 0), tQkg6 (Q at 1 → 2 = C).
    let first = &s.activities["00T5g0PsCQtQkg6E0C"];
    assert_eq!(first.rep, "佐藤 一郎");
    assert_eq!(first.target.as_deref(), Some("山田 太郎"));
    assert_eq!(first.kind, ActivityKind::Call);
    assert_eq!(first.call_result, Some(CallResult::Connected));
    // 2026/09/14 10:05 JST.
    assert_eq!(first.occurred_at, ts("2026-09-14T01:05:00Z"));

    let acts: Vec<_> = s.activities.values().collect();
    assert_eq!(count(&acts, |a| a.kind == ActivityKind::Call), 11);
    assert_eq!(count(&acts, |a| a.kind == ActivityKind::Email), 2);
    // 着信 → inbound.
    assert_eq!(count(&acts, |a| a.direction == Direction::Inbound), 1);
    // 通話成立 ×4 (one inbound) and "Connected".
    assert_eq!(
        count(&acts, |a| a.call_result == Some(CallResult::Connected)),
        5
    );
    assert_eq!(count(&acts, |a| a.is_counted()), 12);
    // "2026/09/17 9:58": no leading zero on the hour.
    let early = s
        .activities
        .values()
        .find(|a| a.occurred_at == ts("2026-09-17T00:58:00Z"));
    assert_eq!(
        early.map(|a| a.call_result),
        Some(Some(CallResult::WrongNumber))
    );
    // "2026/09/18 8:30" JST is the 17th in UTC but the 18th in Tokyo.
    let at_830 = s
        .activities
        .values()
        .find(|a| a.occurred_at == ts("2026-09-17T23:30:00Z"))
        .unwrap();
    assert_eq!(tokyo_date(at_830.occurred_at), date("2026-09-18"));
    // フォロー電話: created 2026/09/16 9:40, completed 2026/09/19 10:15.
    let planned: Vec<_> = acts.iter().filter(|a| a.planned_at.is_some()).collect();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].planned_at, Some(ts("2026-09-16T00:40:00Z")));
    assert_eq!(tokyo_date(planned[0].occurred_at), date("2026-09-19"));

    let open = count(s.next_actions.values(), |n| {
        n.status == NextActionStatus::Open
    });
    assert_eq!(open, 5);
    // 延期 is open, due 9/30, with no person.
    let deferred = &s.next_actions["00T5g00tbhVFNNyEAP"];
    assert_eq!(
        (deferred.status, deferred.due_on),
        (NextActionStatus::Open, date("2026-09-30"))
    );
    assert_eq!(deferred.target, None);
}

#[test]
fn hubspot_calls_with_bom_guids_and_epoch_milliseconds() {
    let mut records = Vec::new();
    let files = HubspotFiles {
        calls: Some(data("samples/hubspot_calls.csv")),
        ..Default::default()
    };
    let report = import_hubspot(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    assert_eq!(report.files[0].encoding, DetectedEncoding::Utf8Bom);
    assert_eq!(
        (report.files[0].rows, report.files[0].records.activities),
        (20, 20)
    );
    // The one custom outcome GUID is counted, and its call kept as `other`.
    assert_eq!(
        report
            .unknown_dispositions
            .get("5f0c3a1e-8b7d-4c2a-9e61-2d4b7a9c0e13"),
        Some(&1)
    );
    let s = split(records);
    assert_eq!(
        s.activities["42852198872"].call_result,
        Some(CallResult::Other)
    );
    let acts: Vec<_> = s.activities.values().collect();
    assert_eq!(count(&acts, |a| a.direction == Direction::Inbound), 3);
    // Connected GUID f240bbac…: 8 calls, 2 of them inbound.
    assert_eq!(
        count(&acts, |a| a.call_result == Some(CallResult::Connected)),
        8
    );
    assert_eq!(
        count(&acts, |a| a.is_counted()
            && a.call_result == Some(CallResult::Connected)),
        6
    );
    let result = |id: &str| s.activities[id].call_result;
    assert_eq!(result("47915758670"), Some(CallResult::Other)); // left live message
    assert_eq!(result("46509643241"), Some(CallResult::Busy));
    assert_eq!(result("48619978707"), Some(CallResult::WrongNumber));
    assert_eq!(result("46396945733"), Some(CallResult::Voicemail));
    // MISSED inbound call with no outcome and no callee.
    assert_eq!(result("49559952177"), Some(CallResult::NoAnswer));
    assert_eq!(s.activities["49559952177"].target, None);
    // Blank outcome on a completed call: unknown.
    assert_eq!(result("41629287644"), None);
    // 1790298000000 ms = 2026-09-25T01:00:00Z.
    assert_eq!(
        s.activities["40010473248"].occurred_at,
        ts("2026-09-25T01:00:00Z")
    );
    // 23:40 UTC on the 17th is 08:40 on the 18th in Tokyo; a Saturday call.
    assert_eq!(
        tokyo_date(s.activities["44650217065"].occurred_at),
        date("2026-09-18")
    );
    assert_eq!(
        tokyo_date(s.activities["44878244357"].occurred_at),
        date("2026-09-19")
    );
    assert_eq!(
        s.activities["42062598684"].target.as_deref(),
        Some("685609645624")
    );
    assert_eq!(s.activities["42062598684"].rep, "81234567");
}

#[test]
fn hubspot_tasks_are_next_actions_due_on_the_tokyo_date() {
    let mut records = Vec::new();
    let files = HubspotFiles {
        tasks: Some(data("samples/hubspot_tasks.csv")),
        ..Default::default()
    };
    let report = import_hubspot(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    // 20 rows; the task with no due date is left out.
    assert_eq!(
        (report.files[0].rows, report.files[0].records.next_actions),
        (20, 19)
    );
    assert_eq!(report.files[0].skipped, 1);
    assert_eq!(report.warnings[0].line, 20);
    let s = split(records);
    let nas = &s.next_actions;
    assert!(s.activities.is_empty());
    // Due 23:00 UTC = 08:00 JST the next day.
    assert_eq!(nas["66593037187"].due_on, date("2026-09-15"));
    // 05:00 UTC = 14:00 JST the same day.
    assert_eq!(nas["64774796715"].due_on, date("2026-09-24"));
    assert_eq!(nas["66605689243"].due_on, date("2026-09-22")); // 国民の休日
    assert_eq!(nas["62445500840"].due_on, date("2026-09-21")); // 敬老の日
    assert_eq!(nas["68323148593"].due_on, date("2026-09-26")); // a Saturday
    assert_eq!(nas["65525971577"].due_on, date("2026-10-13")); // after スポーツの日
    // 9 COMPLETED with their completion time; WAITING, IN_PROGRESS,
    // NOT_STARTED and DEFERRED are open.
    assert_eq!(
        count(nas.values(), |n| n.status == NextActionStatus::Completed),
        9
    );
    assert_eq!(
        nas["66593037187"].completed_at,
        Some(ts("2026-09-14T06:20:00Z"))
    );
    assert_eq!(nas["62445500840"].status, NextActionStatus::Open); // DEFERRED
    assert_eq!(nas["64832209860"].status, NextActionStatus::Open); // WAITING
    assert!(
        nas.values()
            .all(|n| n.status == NextActionStatus::Completed || n.completed_at.is_none())
    );
    // Created after its due time: still read, due on the 16th in Tokyo.
    assert_eq!(nas["69144210566"].due_on, date("2026-09-16"));
    assert_eq!(nas["69144210566"].created_at, ts("2026-09-16T00:20:00Z"));
}
