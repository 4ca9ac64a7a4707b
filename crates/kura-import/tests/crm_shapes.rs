//! The other files and shapes of CRM exports, on small hand-made files.

use crate::common::{date, split, ts, write};
use kura_core::model::{ActivityKind, CallResult, Direction, Lead, NextActionStatus, Record, Rep};
use kura_import::{
    DispositionMap, HubspotFiles, ImportOptions, SalesforceFiles, import_hubspot, import_salesforce,
};

#[test]
fn salesforce_users_accounts_leads_contacts_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // Old Data Loader: upper-cased headers.
    let users = write(
        p,
        "users.csv",
        "\"ID\",\"FIRSTNAME\",\"LASTNAME\",\"EMAIL\",\"DEPARTMENT\"\n\
         \"0055g0e6pM8oflqAQA\",\"一郎\",\"佐藤\",\"sato@example.jp\",\"IS East\"\n",
    );
    let accounts = write(
        p,
        "accounts.csv",
        "Id,Name,Industry\n0015g0S2ckC75ogACB,株式会社サンプル商事,Retail\n",
    );
    let leads = write(
        p,
        "leads.csv",
        "Id,CreatedDate,LeadSource,Status,OwnerId\n\
         00Q5g01O02hgVszEEE,2026-09-10T05:03:11.000Z,Web,Open - Not Contacted,0055g0e6pM8oflqAQA\n\
         00Q5g0dEY1HqZYAEM3,2026-09-11T00:00:00.000Z,Purchased List,,0055g0e6pM8oflqAQA\n",
    );
    // A contact whose id comes 15-character, as a report shows it.
    let contacts = write(
        p,
        "contacts.csv",
        "Id,CreatedDate,LeadSource,AccountId\n0035g0d5snEB2Sl,2026-09-01T00:00:00.000Z,Phone Inquiry,0015g0S2ckC75ogACB\n",
    );
    let tasks = write(
        p,
        "tasks.csv",
        "Id,Status,IsClosed,OwnerId,Owner.Name,WhoId,CreatedDate,CompletedDateTime,ActivityDate,TaskSubtype,CallDisposition\n\
         00T5g0hCIogisOwEMI,Custom Done,true,0055g0e6pM8oflqAQA,佐藤 一郎,0035g0d5snEB2Sl,2026-09-14T01:05:00.000Z,2026-09-14T01:05:00.000Z,2026-09-14,Call,アポ獲得\n",
    );
    let events = write(
        p,
        "events.csv",
        "Id,OwnerId,WhoId,CreatedDate,ActivityDateTime,ActivityDate,IsAllDayEvent,IsRecurrence\n\
         00U5g0000000001EAA,0055g0e6pM8oflqAQA,0035g0d5snEB2SlAAL,2026-09-10T00:00:00.000Z,2026-09-15T05:00:00.000Z,2026-09-15,false,false\n\
         00U5g0000000002EAA,0055g0e6pM8oflqAQA,,2026-09-10T00:00:00.000Z,,2026-09-16,true,false\n\
         00U5g0000000003EAA,0055g0e6pM8oflqAQA,,2026-09-10T00:00:00.000Z,,2026-09-17,true,true\n",
    );
    let files = SalesforceFiles {
        tasks: Some(tasks),
        events: Some(events),
        leads: Some(leads),
        contacts: Some(contacts),
        accounts: Some(accounts),
        users: Some(users),
    };
    let mut opts = ImportOptions::default();
    opts.dispositions.insert("アポ獲得", CallResult::Connected);
    let mut records = Vec::new();
    let report = import_salesforce(&files, &opts, &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    // The custom disposition is known through the options.
    assert!(report.unknown_dispositions.is_empty());
    // The recurring-series master event is left out.
    assert_eq!(report.files.iter().map(|f| f.skipped).sum::<u64>(), 1);

    let reps: Vec<&Rep> = records
        .iter()
        .filter_map(|r| match r {
            Record::Rep(r) => Some(r),
            _ => None,
        })
        .collect();
    // The users file's rep, once: Owner.Name names a rep already known.
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0].name.as_deref(), Some("佐藤 一郎"));
    assert_eq!(reps[0].team.as_deref(), Some("IS East"));
    assert_eq!(reps[0].email.as_deref(), Some("sato@example.jp"));
    let leads: Vec<&Lead> = records
        .iter()
        .filter_map(|r| match r {
            Record::Lead(l) => Some(l),
            _ => None,
        })
        .collect();
    // Web and Phone Inquiry are inbound; Purchased List is kept as written.
    assert_eq!(leads[0].source.as_deref(), Some("inbound"));
    assert_eq!(leads[0].status.as_deref(), Some("Open - Not Contacted"));
    assert_eq!(leads[1].source.as_deref(), Some("Purchased List"));
    // The contact's 15-character id is extended, so the task's WhoId (also
    // 15) and the event's (18) meet on one id.
    assert_eq!(leads[2].id, "0035g0d5snEB2SlAAL");
    assert_eq!(leads[2].source.as_deref(), Some("inbound"));
    assert_eq!(leads[2].account_id.as_deref(), Some("0015g0S2ckC75ogACB"));
    let s = split(records);
    let call = &s.activities["00T5g0hCIogisOwEMI"];
    assert_eq!(call.target.as_deref(), Some("0035g0d5snEB2SlAAL"));
    // IsClosed decides, whatever the status text.
    assert_eq!(call.call_result, Some(CallResult::Connected));
    // Event ids: blocks 00U5g (U upper at 2 → 4 = E), 00000 (A), 0000n (A).
    let meeting = &s.activities["00U5g0000000001EAA"];
    assert_eq!(meeting.kind, ActivityKind::Meeting);
    assert_eq!(meeting.occurred_at, ts("2026-09-15T05:00:00Z"));
    // Planned on the 10th.
    assert_eq!(meeting.planned_at, Some(ts("2026-09-10T00:00:00Z")));
    assert_eq!(meeting.target.as_deref(), Some("0035g0d5snEB2SlAAL"));
    // All-day: the start of the day in Tokyo.
    assert_eq!(
        s.activities["00U5g0000000002EAA"].occurred_at,
        ts("2026-09-15T15:00:00Z")
    );
    assert!(!s.activities.contains_key("00U5g0000000003EAA"));
}

#[test]
fn an_unknown_task_status_without_is_closed_is_open_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = write(
        dir.path(),
        "tasks.csv",
        "Id,Status,OwnerId,CreatedDate,ActivityDate,Subject\n\
         00T5g0hCIogisOwEMI,Escalated,0055g0e6pM8oflqAQA,2026-09-14T01:05:00.000Z,2026-09-20,Call back\n",
    );
    let files = SalesforceFiles {
        tasks: Some(tasks),
        ..Default::default()
    };
    let mut records = Vec::new();
    let report = import_salesforce(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(
        report.warnings[0]
            .message
            .en
            .starts_with("task statuses Kura does not know (the first was \"Escalated\")")
    );
    let s = split(records);
    assert_eq!(
        s.next_actions["00T5g0hCIogisOwEMI"].status,
        NextActionStatus::Open
    );
    assert_eq!(
        s.next_actions["00T5g0hCIogisOwEMI"].due_on,
        date("2026-09-20")
    );
}

#[test]
fn hubspot_ui_export_with_labels_and_owner_names() {
    let dir = tempfile::tempdir().unwrap();
    let calls = write(
        dir.path(),
        "calls.csv",
        "Record ID,Activity date,Activity assigned to,Call direction,Call outcome,Call status,Call duration (HH:mm:ss)\n\
         101,2026-09-14 10:02,山田 花子,Outbound,Connected,Completed,00:04:03\n\
         102,2026-09-14 10:09,山田 花子,Outbound,No answer,No answer,00:00:00\n\
         103,2026-09-14 10:15,山田 花子,Inbound,,Missed,\n\
         104,2026-09-14 10:20,山田 花子,Outbound,Gatekeeper reached,Completed,00:01:00\n",
    );
    let files = HubspotFiles {
        calls: Some(calls),
        ..Default::default()
    };
    let mut records = Vec::new();
    let report = import_hubspot(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    assert_eq!(
        report.unknown_dispositions.get("Gatekeeper reached"),
        Some(&1)
    );
    let s = split(records);
    assert_eq!(s.reps.len(), 1);
    assert_eq!(s.reps[0].id, "山田 花子");
    let a = &s.activities;
    // Local times without offset: Tokyo.
    assert_eq!(a["101"].occurred_at, ts("2026-09-14T01:02:00Z"));
    assert_eq!(a["101"].rep, "山田 花子");
    assert_eq!(a["101"].call_result, Some(CallResult::Connected));
    assert_eq!(a["102"].call_result, Some(CallResult::NoAnswer));
    assert_eq!(
        (a["103"].direction, a["103"].call_result),
        (Direction::Inbound, Some(CallResult::NoAnswer))
    );
    assert_eq!(a["104"].call_result, Some(CallResult::Other));
}

#[test]
fn hubspot_emails_meetings_contacts_and_owners() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let owners = write(
        p,
        "owners.csv",
        "id,email,firstName,lastName,team\n81234567,yamada@example.jp,太郎,山田,IS West\n81234568,lee@example.com,Ann,Lee,\n",
    );
    let contacts = write(
        p,
        "contacts.csv",
        "hs_object_id,createdate,hs_analytics_source,hubspot_owner_id,hs_lead_status,lifecyclestage\n\
         685609645624,2026-09-12T03:00:00.000Z,ORGANIC_SEARCH,81234567,NEW,lead\n\
         598105202348,2026-09-01T03:00:00.000Z,OFFLINE,81234567,,customer\n",
    );
    let emails = write(
        p,
        "emails.csv",
        "hs_object_id,hs_timestamp,hubspot_owner_id,hs_email_direction,hs_email_status\n\
         1,2026-09-14T01:00:00.000Z,81234567,EMAIL,SENT\n\
         2,2026-09-14T02:00:00.000Z,81234567,EMAIL,BOUNCED\n\
         3,2026-09-14T03:00:00.000Z,81234567,INCOMING_EMAIL,\n\
         4,2026-09-14T04:00:00.000Z,81234567,FORWARDED_EMAIL,\n\
         5,2026-09-14T05:00:00.000Z,,EMAIL,SENT\n",
    );
    let meetings = write(
        p,
        "meetings.csv",
        "hs_object_id,hs_timestamp,hubspot_owner_id,hs_meeting_outcome\n\
         11,2026-09-24T05:00:00.000Z,81234568,COMPLETED\n\
         12,2026-09-25T05:00:00.000Z,81234568,NO_SHOW\n",
    );
    let files = HubspotFiles {
        emails: Some(emails),
        meetings: Some(meetings),
        contacts: Some(contacts),
        owners: Some(owners),
        ..Default::default()
    };
    let mut records = Vec::new();
    let report = import_hubspot(&files, &ImportOptions::default(), &mut records).unwrap();
    assert!(report.is_clean(), "{:?}", report.errors);
    // Left out: the bounced and the forwarded email, the email without an
    // owner, the no-show meeting.
    assert_eq!(report.files.iter().map(|f| f.skipped).sum::<u64>(), 4);
    assert_eq!(report.warnings.len(), 4);
    let leads: Vec<Lead> = records
        .iter()
        .filter_map(|r| match r {
            Record::Lead(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(leads[0].source.as_deref(), Some("inbound"));
    assert_eq!(leads[0].status.as_deref(), Some("NEW"));
    assert_eq!(leads[1].source.as_deref(), Some("OFFLINE"));
    assert_eq!(leads[1].status.as_deref(), Some("customer"));
    let s = split(records);
    assert_eq!(s.reps[0].name.as_deref(), Some("山田 太郎"));
    assert_eq!(s.reps[0].team.as_deref(), Some("IS West"));
    assert_eq!(s.reps[1].name.as_deref(), Some("Ann Lee"));
    let ids: Vec<&str> = s.activities.keys().map(String::as_str).collect();
    assert_eq!(ids, ["1", "11", "3"]);
    assert_eq!(s.activities["1"].kind, ActivityKind::Email);
    assert!(s.activities["1"].is_counted());
    assert_eq!(s.activities["3"].direction, Direction::Inbound);
    assert_eq!(s.activities["11"].kind, ActivityKind::Meeting);
}

#[test]
fn the_disposition_map_comes_from_a_toml_table() {
    let dispositions: DispositionMap =
        toml::from_str("\"5f0c3a1e-8b7d-4c2a-9e61-2d4b7a9c0e13\" = \"connected\"\n").unwrap();
    let opts = ImportOptions {
        dispositions,
        ..ImportOptions::default()
    };
    let files = HubspotFiles {
        calls: Some(crate::common::data("samples/hubspot_calls.csv")),
        ..Default::default()
    };
    let mut records = Vec::new();
    let report = import_hubspot(&files, &opts, &mut records).unwrap();
    assert!(report.unknown_dispositions.is_empty());
    assert_eq!(
        split(records).activities["42852198872"].call_result,
        Some(CallResult::Connected)
    );
}

#[test]
fn a_report_stops_at_its_footer_but_a_hubspot_export_has_none() {
    let dir = tempfile::tempdir().unwrap();
    // A Salesforce report with a grand-total line and no blank line before
    // it: reading stops there, with a warning naming the line.
    let tasks = write(
        dir.path(),
        "report.csv",
        "\"件名\",\"状況\",\"任命先\",\"作成日\",\"期日\",\"活動 ID\"\n\
         \"架電\",\"未着手\",\"佐藤 一郎\",\"2026/09/14 9:00\",\"2026/09/24\",\"00T5g0hCIogisOw\"\n\
         \"合計: 1\"\n",
    );
    let files = SalesforceFiles {
        tasks: Some(tasks),
        ..Default::default()
    };
    let report = import_salesforce(&files, &ImportOptions::default(), &mut Vec::new()).unwrap();
    assert!(report.is_clean());
    assert_eq!(report.files[0].rows, 1);
    assert_eq!(report.warnings[0].line, 3);
    assert!(
        report.warnings[0]
            .message
            .en
            .contains("taken as the report's footer")
    );

    // The same short row in a HubSpot export is a bad row.
    let calls = write(
        dir.path(),
        "calls.csv",
        "Record ID,Activity date,Activity assigned to\n101,2026-09-14 10:02,山田 花子\n102\n",
    );
    let files = HubspotFiles {
        calls: Some(calls),
        ..Default::default()
    };
    let report = import_hubspot(&files, &ImportOptions::default(), &mut Vec::new()).unwrap();
    assert_eq!(report.total_errors, 1);
    assert_eq!(report.errors[0].line, 3);
}
