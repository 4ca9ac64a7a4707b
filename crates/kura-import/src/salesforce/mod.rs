//! Salesforce exports: see [`import_salesforce`] for the readings.

mod id;

pub use id::normalise_salesforce_id;

use crate::columns::{Aliases, Columns};
use crate::crm::{
    self, Bad, KnownReps, RowResult, bad, each_row, open, report_bad, required, row_try,
};
use crate::report::{FileReport, ImportError, ImportOptions, ImportReport, Run, Sink, file_report};
use crate::table::Table;
use crate::text::Text;
use crate::values;
use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::model::{
    Account, Activity, ActivityKind, Direction, Lead, NextAction, NextActionStatus, Outcome,
    Record, Rep,
};
use std::path::{Path, PathBuf};

/// The files of one Salesforce export; any of them may be left out (an
/// import of leads alone is fine).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SalesforceFiles {
    /// Tasks (ToDo): calls, emails, to-dos.
    pub tasks: Option<PathBuf>,
    /// Events (行動): meetings.
    pub events: Option<PathBuf>,
    /// Leads (リード).
    pub leads: Option<PathBuf>,
    /// Contacts (取引先責任者), read as leads.
    pub contacts: Option<PathBuf>,
    /// Accounts (取引先).
    pub accounts: Option<PathBuf>,
    /// Users (ユーザー), read as reps.
    pub users: Option<PathBuf>,
}

/// Reads a Salesforce export into `sink`: users, accounts, leads, contacts,
/// tasks, events, in that order.
///
/// **Two shapes, one reader.** A Data Loader export has API names as its
/// header (`Id`, `ActivityDate`…, upper-cased by older Data Loaders: case is
/// ignored), UTC datetimes (`2026-09-14T01:05:00.000Z`), English picklist
/// values and 18-character ids. A report export ("詳細のみ" → CSV) has
/// labels in the user's language (件名, 期日, 状況, 任命先, 名前…), local
/// times (`2026/09/14 9:58`), translated picklists (完了, 発信…), names
/// instead of ids, often Shift_JIS, and a footer after a blank line. A file
/// whose columns are found by label is read as a report: its owner names
/// become rep ids (with a rep record carrying the name), its 名前 values
/// become targets, and reading stops at the footer.
///
/// Task report labels accepted: 活動 ID, 件名, 期日, 状況, 任命先 (or
/// 割り当て先), 名前, ToDo のサブ種別, 種別, 通話種別, 通話結果, 作成日,
/// 完了日, and their English counterparts (Activity ID, Subject, Due Date,
/// Status, Assigned, Name, Task Subtype, Type, Call Type, Call Result,
/// Created Date, Completed Date/Time). Other columns are ignored.
///
/// **Ids.** 15-character ids (reports) are extended to the 18-character form
/// and 18-character ids get their canonical letter case, so the same record
/// from both kinds of export has one id ([`normalise_salesforce_id`]).
///
/// **Tasks (ToDo)** — the readings Kura chose:
/// - Closed tasks (`IsClosed`, else status Completed / 完了) are activities.
///   `occurred_at` is `CompletedDateTime`; when blank (tasks closed before
///   the field existed) it is `CreatedDate` if that falls on the
///   `ActivityDate`, else the start of the `ActivityDate`, else
///   `CreatedDate` (with a warning).
/// - A closed task created on an earlier local day than it was completed
///   was planned beforehand: `planned_at = CreatedDate`, and it is also a
///   completed next action (created, due on `ActivityDate`, completed), so
///   next-action coverage on earlier dates sees it.
/// - Open tasks (Not Started, In Progress, Waiting on someone else, and
///   Deferred — 延期 keeps `IsClosed = false`, the rep still means to do it)
///   are open next actions due on `ActivityDate`. An open task without a
///   due date is not a scheduled contact: it is left out with a warning.
/// - Kind from `TaskSubtype` (Call, Email, ListEmail, LinkedIn), else `Type`
///   (Call/電話, Email/メール, Meeting/会議), else the subject's first word
///   (Call/架電/電話, Email/メール, List Email); otherwise `other`.
///   `ListEmail` and "List Email:" subjects are bulk: `personal = false`.
/// - Direction from `CallType`: Outbound/発信 or blank → outbound,
///   Inbound/着信 → inbound. **Internal calls (内線) are not customer
///   activity and are left out**, with a warning counting them.
/// - `CallDisposition` is free text mapped by [`crate::DispositionMap`];
///   an unknown text gives call_result `other` and is counted in the report.
/// - The target is `WhoId` (the lead or contact); `WhatId` (account,
///   opportunity) is not a person and is not used. Recurring-series masters
///   (`IsRecurrence = true`) are left out: their occurrences are the tasks.
///
/// **Events (行動)** are meetings at `ActivityDateTime` / `StartDateTime`
/// (all-day events: the start of `ActivityDate`). **Leads and contacts**
/// become leads (`LeadSource` through [`crate::InboundSources`]),
/// **accounts** accounts, **users** reps (`Department` as the team).
pub fn import_salesforce(
    files: &SalesforceFiles,
    opts: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ImportReport, ImportError> {
    let mut run = Run::new(opts, sink);
    let mut reps = KnownReps::default();
    if let Some(path) = &files.users {
        read_users(path, &mut run, &mut reps)?;
    }
    if let Some(path) = &files.accounts {
        read_accounts(path, &mut run)?;
    }
    if let Some(path) = &files.leads {
        read_leads(path, LeadObject::Lead, &mut run, &mut reps)?;
    }
    if let Some(path) = &files.contacts {
        read_leads(path, LeadObject::Contact, &mut run, &mut reps)?;
    }
    if let Some(path) = &files.tasks {
        read_tasks(path, &mut run, &mut reps)?;
    }
    if let Some(path) = &files.events {
        read_events(path, &mut run, &mut reps)?;
    }
    Ok(run.finish())
}

/// The owner of the current row (see [`crm::owner`]), ids made canonical.
fn owner(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    (owner_field, name_field): (usize, usize),
    reps: &mut KnownReps,
) -> Result<Option<String>, ImportError> {
    let spec = crm::OwnerColumns {
        owner: owner_field,
        name: Some(name_field),
        canonical_id: sf_id,
    };
    crm::owner(table, run, report, cols, spec, reps)
}

/// An id cell: normalised to 18 characters.
fn sf_id(cell: &str) -> String {
    normalise_salesforce_id(cell).into_owned()
}

// ---------------------------------------------------------------- tasks

mod task {
    pub const ID: usize = 0;
    pub const SUBJECT: usize = 1;
    pub const ACTIVITY_DATE: usize = 2;
    pub const STATUS: usize = 3;
    pub const IS_CLOSED: usize = 4;
    pub const COMPLETED: usize = 5;
    pub const CREATED: usize = 6;
    pub const OWNER: usize = 7;
    pub const OWNER_NAME: usize = 8;
    pub const WHO: usize = 9;
    pub const SUBTYPE: usize = 10;
    pub const TYPE: usize = 11;
    pub const CALL_TYPE: usize = 12;
    pub const DISPOSITION: usize = 13;
    pub const IS_RECURRENCE: usize = 14;
}

const TASK_FIELDS: &[Aliases] = &[
    Aliases {
        api: &["Id"],
        labels: &["活動 ID", "活動ID", "Activity ID"],
    },
    Aliases {
        api: &["Subject"],
        labels: &["件名"],
    },
    Aliases {
        api: &["ActivityDate"],
        labels: &["期日", "期日のみ", "Due Date"],
    },
    Aliases {
        api: &["Status"],
        labels: &["状況"],
    },
    Aliases {
        api: &["IsClosed"],
        labels: &["Closed"],
    },
    Aliases {
        api: &["CompletedDateTime"],
        labels: &[
            "完了日",
            "完了日時",
            "Completed Date/Time",
            "Completed Date",
        ],
    },
    Aliases {
        api: &["CreatedDate"],
        labels: &["作成日", "作成日時", "Created Date"],
    },
    Aliases {
        api: &["OwnerId"],
        labels: &["任命先", "割り当て先", "Assigned", "Assigned To"],
    },
    Aliases {
        api: &["Owner.Name"],
        labels: &[],
    },
    Aliases {
        api: &["WhoId"],
        labels: &["名前", "Name"],
    },
    Aliases {
        api: &["TaskSubtype"],
        labels: &["ToDo のサブ種別", "ToDoのサブ種別", "Task Subtype"],
    },
    Aliases {
        api: &["Type"],
        labels: &["種別"],
    },
    Aliases {
        api: &["CallType"],
        labels: &["通話種別", "Call Type"],
    },
    Aliases {
        api: &["CallDisposition"],
        labels: &["通話結果", "Call Result"],
    },
    Aliases {
        api: &["IsRecurrence"],
        labels: &[],
    },
];

/// Whether a task is still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskState {
    Open,
    Closed,
}

/// A task status picklist value (API value or Japanese translation).
fn task_state(status: &str) -> Option<TaskState> {
    const CLOSED: &[&str] = &["Completed", "完了"];
    const OPEN: &[&str] = &[
        "Not Started",
        "未着手",
        "In Progress",
        "進行中",
        "Waiting on someone else",
        "他者の作業待ち",
        "Deferred",
        "延期",
    ];
    let is = |list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(status));
    if is(CLOSED) {
        Some(TaskState::Closed)
    } else if is(OPEN) {
        Some(TaskState::Open)
    } else {
        None
    }
}

/// Where a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallDirection {
    Customer(Direction),
    Internal,
}

fn call_direction(call_type: Option<&str>) -> Option<CallDirection> {
    let Some(value) = call_type else {
        return Some(CallDirection::Customer(Direction::Outbound));
    };
    let is = |list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(value));
    if is(&["Outbound", "発信"]) {
        Some(CallDirection::Customer(Direction::Outbound))
    } else if is(&["Inbound", "着信"]) {
        Some(CallDirection::Customer(Direction::Inbound))
    } else if is(&["Internal", "内線"]) {
        Some(CallDirection::Internal)
    } else {
        None
    }
}

/// The kind of a task, and whether it was one-to-one, from its subtype,
/// type and subject.
fn task_kind(
    subtype: Option<&str>,
    type_: Option<&str>,
    subject: Option<&str>,
) -> (ActivityKind, bool) {
    let is = |value: Option<&str>, list: &[&str]| {
        value.is_some_and(|v| list.iter().any(|s| s.eq_ignore_ascii_case(v)))
    };
    if is(subtype, &["Call"]) {
        return (ActivityKind::Call, true);
    }
    if is(subtype, &["Email"]) {
        return (ActivityKind::Email, true);
    }
    if is(subtype, &["ListEmail", "List Email"]) {
        return (ActivityKind::Email, false);
    }
    if is(subtype, &["LinkedIn"]) {
        return (ActivityKind::Other, true);
    }
    if is(type_, &["Call", "電話"]) {
        return (ActivityKind::Call, true);
    }
    if is(type_, &["Email", "メール"]) {
        return (ActivityKind::Email, true);
    }
    if is(type_, &["Meeting", "会議", "ミーティング"]) {
        return (ActivityKind::Meeting, true);
    }
    let subject = subject.unwrap_or("").trim_start();
    let starts = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            subject
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
    };
    if starts(&["List Email"]) {
        (ActivityKind::Email, false)
    } else if starts(&["Call", "架電", "電話", "発信", "着信", "再架電"]) {
        (ActivityKind::Call, true)
    } else if starts(&["Email", "E-mail", "メール", "Eメール"]) {
        (ActivityKind::Email, true)
    } else if starts(&["Meeting", "会議", "打ち合わせ", "打合せ", "商談"]) {
        (ActivityKind::Meeting, true)
    } else {
        (ActivityKind::Other, true)
    }
}

fn read_tasks(path: &Path, run: &mut Run, reps: &mut KnownReps) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), TASK_FIELDS);
    cols.require(&table, TASK_FIELDS, &[task::ID, task::CREATED, task::OWNER])?;
    if !cols.has(task::IS_CLOSED) {
        cols.require(&table, TASK_FIELDS, &[task::STATUS])?;
    }
    let mut report = file_report(&table);
    each_row(
        &mut table,
        run,
        &mut report,
        cols.labelled,
        |table, run, report| match task_row(table, run, report, &cols, reps) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                report_bad(table, run, &cols, e);
                Ok(())
            }
            Err(e) => Err(e),
        },
    )?;
    run.file_done(&table, report);
    Ok(())
}

/// Reads one task row.
fn task_row(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let line = row.line;
    let opts = run.opts;
    let zone = &opts.zone;
    let tz = zone.time_zone();
    let cell = |field| cols.cell(row, field);
    if let Some(rec) = cell(task::IS_RECURRENCE)
        && row_try!(values::boolean(rec).map_err(|m| bad(task::IS_RECURRENCE, m)))
    {
        report.skipped += 1;
        run.warn(table.path(), line, "recurring_series", || {
            Text::new(
                "繰り返し ToDo の親レコードは読み飛ばしました (各回の ToDo が活動です)",
                "recurring-series masters were left out: each occurrence is its own task",
            )
        });
        return Ok(Ok(()));
    }
    let id = sf_id(row_try!(cell(task::ID).ok_or_else(|| required(task::ID))));
    let created = row_try!(
        cell(task::CREATED)
            .ok_or_else(|| required(task::CREATED))
            .and_then(|s| values::crm_timestamp(s, tz).map_err(|m| bad(task::CREATED, m)))
    );
    let due: Option<Date> = row_try!(
        cell(task::ACTIVITY_DATE)
            .map(|s| values::crm_date(s).map_err(|m| bad(task::ACTIVITY_DATE, m)))
            .transpose()
    );
    let state = match cell(task::IS_CLOSED) {
        Some(closed) => {
            if row_try!(values::boolean(closed).map_err(|m| bad(task::IS_CLOSED, m))) {
                TaskState::Closed
            } else {
                TaskState::Open
            }
        }
        None => {
            let status = cell(task::STATUS).unwrap_or("");
            match task_state(status) {
                Some(state) => state,
                None => {
                    run.warn(table.path(), line, "unknown_task_status", || {
                        Text::new(
                            format!("知らない状況の値 (最初は「{status}」) は未完了として読みました (IsClosed 列があればそちらを使います)"),
                            format!("task statuses Kura does not know (the first was {status:?}) were read as not closed (an IsClosed column would settle it)"),
                        )
                    });
                    TaskState::Open
                }
            }
        }
    };
    let (kind, personal) = task_kind(cell(task::SUBTYPE), cell(task::TYPE), cell(task::SUBJECT));
    let target = cell(task::WHO).map(|who| {
        if cols.labelled {
            who.to_string()
        } else {
            sf_id(who)
        }
    });
    let Some(rep) = owner(
        table,
        run,
        report,
        cols,
        (task::OWNER, task::OWNER_NAME),
        reps,
    )?
    else {
        crm::warn_no_owner(table, run, report);
        return Ok(Ok(()));
    };

    if state == TaskState::Open {
        let Some(due_on) = due else {
            report.skipped += 1;
            run.warn(table.path(), line, "open_task_without_due_date", || {
                Text::new(
                    "期日のない未完了の ToDo は予定された接触ではないので、ネクストアクションにしませんでした",
                    "open tasks without a due date are not scheduled contacts and were not made next actions",
                )
            });
            return Ok(Ok(()));
        };
        run.put(
            report,
            Record::NextAction(NextAction {
                id,
                rep,
                target,
                created_at: created,
                due_on,
                completed_at: None,
                status: NextActionStatus::Open,
                promised: false,
            }),
        )?;
        return Ok(Ok(()));
    }

    let direction = if kind == ActivityKind::Call {
        match call_direction(cell(task::CALL_TYPE)) {
            Some(CallDirection::Customer(direction)) => direction,
            Some(CallDirection::Internal) => {
                report.skipped += 1;
                run.warn(table.path(), line, "internal_call", || {
                    Text::new(
                        "内線 (社内) の通話は顧客への活動ではないので読み飛ばしました",
                        "internal calls are not customer activity and were left out",
                    )
                });
                return Ok(Ok(()));
            }
            None => {
                let value = cell(task::CALL_TYPE).unwrap_or("");
                return Ok(Err(bad(
                    task::CALL_TYPE,
                    Text::new(
                        format!(
                            "通話種別「{value}」は知らない値です。Outbound (発信)、Inbound (着信)、Internal (内線) のいずれかです"
                        ),
                        format!(
                            "call type {value:?} is not known: use Outbound (発信), Inbound (着信) or Internal (内線)"
                        ),
                    ),
                )));
            }
        }
    } else {
        Direction::Outbound
    };
    let occurred_at: Timestamp = match cell(task::COMPLETED) {
        Some(s) => row_try!(values::crm_timestamp(s, tz).map_err(|m| bad(task::COMPLETED, m))),
        None => {
            run.warn(table.path(), line, "closed_task_without_completion", || {
                Text::new(
                    "完了日時のない完了済み ToDo は、作成日時 (期日と同じ日の場合) か期日の 0:00 を活動日時としました",
                    "closed tasks without a completion time were dated by their creation time when it falls on the due date, else at the start of the due date",
                )
            });
            match due {
                Some(d) if zone.local_date(created) == d => created,
                Some(d) => zone.start_of(d),
                None => created,
            }
        }
    };
    let planned_at = (zone.local_date(created) < zone.local_date(occurred_at)).then_some(created);
    let call_result = match (kind, cell(task::DISPOSITION)) {
        (ActivityKind::Call, Some(text)) => Some(crm::call_result(run, text)),
        _ => None,
    };
    run.put(
        report,
        Record::Activity(Activity {
            id: id.clone(),
            occurred_at,
            rep: rep.clone(),
            kind,
            direction,
            personal,
            call_result,
            target: target.clone(),
            planned_at,
            outcome: Outcome::None,
        }),
    )?;
    if let (Some(created_at), Some(due_on)) = (planned_at, due) {
        run.put(
            report,
            Record::NextAction(NextAction {
                id,
                rep,
                target,
                created_at,
                due_on,
                completed_at: Some(occurred_at),
                status: NextActionStatus::Completed,
                promised: false,
            }),
        )?;
    }
    Ok(Ok(()))
}

// ---------------------------------------------------------------- events

mod event {
    pub const ID: usize = 0;
    pub const OWNER: usize = 1;
    pub const OWNER_NAME: usize = 2;
    pub const WHO: usize = 3;
    pub const CREATED: usize = 4;
    pub const DATETIME: usize = 5;
    pub const START: usize = 6;
    pub const DATE: usize = 7;
    pub const ALL_DAY: usize = 8;
    pub const IS_RECURRENCE: usize = 9;
}

const EVENT_FIELDS: &[Aliases] = &[
    Aliases {
        api: &["Id"],
        labels: &["活動 ID", "活動ID", "行動 ID", "Activity ID"],
    },
    Aliases {
        api: &["OwnerId"],
        labels: &["任命先", "割り当て先", "Assigned", "Assigned To"],
    },
    Aliases {
        api: &["Owner.Name"],
        labels: &[],
    },
    Aliases {
        api: &["WhoId"],
        labels: &["名前", "Name"],
    },
    Aliases {
        api: &["CreatedDate"],
        labels: &["作成日", "作成日時", "Created Date"],
    },
    Aliases {
        api: &["ActivityDateTime"],
        labels: &["日時", "Date/Time"],
    },
    Aliases {
        api: &["StartDateTime"],
        labels: &["開始", "開始日時", "Start", "Start Date Time"],
    },
    Aliases {
        api: &["ActivityDate"],
        labels: &["日付", "期日", "Date", "Due Date"],
    },
    Aliases {
        api: &["IsAllDayEvent"],
        labels: &["終日行動", "All-Day Event"],
    },
    Aliases {
        api: &["IsRecurrence"],
        labels: &[],
    },
];

fn read_events(path: &Path, run: &mut Run, reps: &mut KnownReps) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), EVENT_FIELDS);
    cols.require(&table, EVENT_FIELDS, &[event::ID, event::OWNER])?;
    let mut report = file_report(&table);
    each_row(
        &mut table,
        run,
        &mut report,
        cols.labelled,
        |table, run, report| {
            match event_row(table, run, report, &cols, reps)? {
                Ok(()) => {}
                Err(e) => report_bad(table, run, &cols, e),
            }
            Ok(())
        },
    )?;
    run.file_done(&table, report);
    Ok(())
}

fn event_row(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let opts = run.opts;
    let zone = &opts.zone;
    let tz = zone.time_zone();
    let cell = |field| cols.cell(row, field);
    let parse_bool = |field| -> Result<bool, Bad> {
        cell(field)
            .map(|s| values::boolean(s).map_err(|m| bad(field, m)))
            .transpose()
            .map(|b| b.unwrap_or(false))
    };
    let parsed = (|| -> Result<Option<(String, Timestamp, Option<Timestamp>)>, Bad> {
        if parse_bool(event::IS_RECURRENCE)? {
            return Ok(None);
        }
        let id = sf_id(cell(event::ID).ok_or_else(|| required(event::ID))?);
        let all_day = parse_bool(event::ALL_DAY)?;
        let timed = [event::DATETIME, event::START]
            .into_iter()
            .find_map(|f| cell(f).map(|s| (f, s)));
        let at = match (all_day, timed, cell(event::DATE)) {
            (false, Some((field, s)), _) => {
                values::crm_timestamp(s, tz).map_err(|m| bad(field, m))?
            }
            (_, _, Some(d)) => zone.start_of(values::crm_date(d).map_err(|m| bad(event::DATE, m))?),
            (true, Some((field, s)), None) => {
                values::crm_timestamp(s, tz).map_err(|m| bad(field, m))?
            }
            (_, None, None) => return Err(required(event::DATETIME)),
        };
        let created = cell(event::CREATED)
            .map(|s| values::crm_timestamp(s, tz).map_err(|m| bad(event::CREATED, m)))
            .transpose()?;
        Ok(Some((id, at, created)))
    })();
    let (id, occurred_at, created) = match parsed {
        Ok(Some(v)) => v,
        Ok(None) => {
            report.skipped += 1;
            run.warn(table.path(), row.line, "recurring_series", || {
                Text::new(
                    "繰り返し行動の親レコードは読み飛ばしました (各回の行動が活動です)",
                    "recurring-series masters were left out: each occurrence is its own event",
                )
            });
            return Ok(Ok(()));
        }
        Err(e) => return Ok(Err(e)),
    };
    let target = cell(event::WHO).map(|who| {
        if cols.labelled {
            who.to_string()
        } else {
            sf_id(who)
        }
    });
    let Some(rep) = owner(
        table,
        run,
        report,
        cols,
        (event::OWNER, event::OWNER_NAME),
        reps,
    )?
    else {
        crm::warn_no_owner(table, run, report);
        return Ok(Ok(()));
    };
    let planned_at = created.filter(|c| zone.local_date(*c) < zone.local_date(occurred_at));
    run.put(
        report,
        Record::Activity(Activity {
            id,
            occurred_at,
            rep,
            kind: ActivityKind::Meeting,
            direction: Direction::Outbound,
            personal: true,
            call_result: None,
            target,
            planned_at,
            outcome: Outcome::None,
        }),
    )?;
    Ok(Ok(()))
}

// ---------------------------------------------------------------- leads and contacts

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeadObject {
    Lead,
    Contact,
}

mod lead {
    pub const ID: usize = 0;
    pub const CREATED: usize = 1;
    pub const SOURCE: usize = 2;
    pub const STATUS: usize = 3;
    pub const OWNER: usize = 4;
    pub const OWNER_NAME: usize = 5;
    pub const ACCOUNT: usize = 6;
}

const LEAD_FIELDS: &[Aliases] = &[
    Aliases {
        api: &["Id"],
        labels: &[
            "リード ID",
            "リードID",
            "取引先責任者 ID",
            "取引先責任者ID",
            "Lead ID",
            "Contact ID",
        ],
    },
    Aliases {
        api: &["CreatedDate"],
        labels: &["作成日", "作成日時", "Created Date"],
    },
    Aliases {
        api: &["LeadSource"],
        labels: &["リードソース", "Lead Source"],
    },
    Aliases {
        api: &["Status"],
        labels: &["リード状況", "状況", "Lead Status"],
    },
    Aliases {
        api: &["OwnerId"],
        labels: &[
            "リード所有者",
            "取引先責任者 所有者",
            "所有者",
            "Lead Owner",
            "Contact Owner",
        ],
    },
    Aliases {
        api: &["Owner.Name"],
        labels: &[],
    },
    Aliases {
        api: &["AccountId", "ConvertedAccountId"],
        labels: &["取引先 ID", "Account ID"],
    },
];

fn read_leads(
    path: &Path,
    object: LeadObject,
    run: &mut Run,
    reps: &mut KnownReps,
) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), LEAD_FIELDS);
    cols.require(&table, LEAD_FIELDS, &[lead::ID, lead::CREATED])?;
    let mut report = file_report(&table);
    each_row(
        &mut table,
        run,
        &mut report,
        cols.labelled,
        |table, run, report| {
            let row = table.row();
            let cell = |field| cols.cell(row, field);
            let opts = run.opts;
            let tz = opts.zone.time_zone();
            let parsed = cell(lead::ID)
                .ok_or_else(|| required(lead::ID))
                .and_then(|id| {
                    let created = cell(lead::CREATED)
                        .ok_or_else(|| required(lead::CREATED))
                        .and_then(|s| {
                            values::crm_timestamp(s, tz).map_err(|m| bad(lead::CREATED, m))
                        })?;
                    Ok((sf_id(id), created))
                });
            let (id, created_at) = match parsed {
                Ok(v) => v,
                Err(e) => {
                    report_bad(table, run, &cols, e);
                    return Ok(());
                }
            };
            let owner = owner(
                table,
                run,
                report,
                &cols,
                (lead::OWNER, lead::OWNER_NAME),
                reps,
            )?;
            let source = cell(lead::SOURCE).map(|s| run.opts.inbound_sources.classify(s));
            let status = match object {
                LeadObject::Lead => cell(lead::STATUS).map(str::to_string),
                LeadObject::Contact => None,
            };
            run.put(
                report,
                Record::Lead(Lead {
                    id,
                    account_id: cell(lead::ACCOUNT).map(sf_id),
                    owner,
                    created_at,
                    source,
                    status,
                }),
            )
        },
    )?;
    run.file_done(&table, report);
    Ok(())
}

// ---------------------------------------------------------------- accounts and users

const ACCOUNT_FIELDS: &[Aliases] = &[
    Aliases {
        api: &["Id"],
        labels: &["取引先 ID", "取引先ID", "Account ID"],
    },
    Aliases {
        api: &["Name"],
        labels: &["取引先名", "Account Name"],
    },
    Aliases {
        api: &["Industry"],
        labels: &["業種"],
    },
];

fn read_accounts(path: &Path, run: &mut Run) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), ACCOUNT_FIELDS);
    cols.require(&table, ACCOUNT_FIELDS, &[0])?;
    let mut report = file_report(&table);
    each_row(
        &mut table,
        run,
        &mut report,
        cols.labelled,
        |table, run, report| {
            let row = table.row();
            let Some(id) = cols.cell(row, 0) else {
                report_bad(table, run, &cols, required(0));
                return Ok(());
            };
            run.put(
                report,
                Record::Account(Account {
                    id: sf_id(id),
                    name: cols.cell(row, 1).map(str::to_string),
                    industry: cols.cell(row, 2).map(str::to_string),
                }),
            )
        },
    )?;
    run.file_done(&table, report);
    Ok(())
}

const USER_FIELDS: &[Aliases] = &[
    Aliases {
        api: &["Id"],
        labels: &["ユーザー ID", "ユーザーID", "User ID"],
    },
    Aliases {
        api: &["Name"],
        labels: &["氏名", "名前", "Full Name"],
    },
    Aliases {
        api: &["LastName"],
        labels: &["姓", "Last Name"],
    },
    Aliases {
        api: &["FirstName"],
        labels: &["名", "First Name"],
    },
    Aliases {
        api: &["Email"],
        labels: &["メール", "Eメール", "E-mail"],
    },
    Aliases {
        api: &["Department"],
        labels: &["部署", "Department"],
    },
];

fn read_users(path: &Path, run: &mut Run, reps: &mut KnownReps) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), USER_FIELDS);
    cols.require(&table, USER_FIELDS, &[0])?;
    let mut report = file_report(&table);
    each_row(
        &mut table,
        run,
        &mut report,
        cols.labelled,
        |table, run, report| {
            let row = table.row();
            let cell = |field| cols.cell(row, field);
            let Some(id) = cell(0) else {
                report_bad(table, run, &cols, required(0));
                return Ok(());
            };
            let name = cell(1)
                .map(str::to_string)
                .or_else(|| person_name(cell(3), cell(2)));
            let id = sf_id(id);
            reps.mark(&id);
            run.put(
                report,
                Record::Rep(Rep {
                    id,
                    name,
                    team: cell(5).map(str::to_string),
                    email: cell(4).map(str::to_string),
                }),
            )
        },
    )?;
    run.file_done(&table, report);
    Ok(())
}

/// A display name from first and last name: family name first when either
/// part is written in Japanese script (山田 太郎), else "First Last".
pub(crate) fn person_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let japanese = |s: &str| !s.is_ascii();
    match (first, last) {
        (Some(f), Some(l)) if japanese(f) || japanese(l) => Some(format!("{l} {f}")),
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_comes_from_subtype_then_type_then_subject() {
        use ActivityKind::*;
        assert_eq!(task_kind(Some("Call"), Some("Email"), None), (Call, true));
        assert_eq!(
            task_kind(Some("ListEmail"), Some("Email"), None),
            (Email, false)
        );
        assert_eq!(
            task_kind(Some("Task"), Some("Call"), Some("再架電")),
            (Call, true)
        );
        assert_eq!(
            task_kind(Some("Task"), Some("その他"), Some("架電 (手動)")),
            (Call, true)
        );
        assert_eq!(
            task_kind(None, Some("Other"), Some("List Email: 9月")),
            (Email, false)
        );
        assert_eq!(
            task_kind(None, Some("Other"), Some("提案書ドラフト")),
            (Other, true)
        );
        assert_eq!(task_kind(None, Some("メール"), None), (Email, true));
    }

    #[test]
    fn statuses_in_english_and_japanese() {
        assert_eq!(task_state("Completed"), Some(TaskState::Closed));
        assert_eq!(task_state("完了"), Some(TaskState::Closed));
        assert_eq!(task_state("延期"), Some(TaskState::Open));
        assert_eq!(task_state("Waiting on someone else"), Some(TaskState::Open));
        assert_eq!(task_state("Escalated"), None);
    }

    #[test]
    fn japanese_names_put_the_family_name_first() {
        assert_eq!(
            person_name(Some("太郎"), Some("山田")).as_deref(),
            Some("山田 太郎")
        );
        assert_eq!(
            person_name(Some("Ann"), Some("Lee")).as_deref(),
            Some("Ann Lee")
        );
    }
}
