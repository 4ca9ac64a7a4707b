//! HubSpot exports: see [`import_hubspot`] for the readings.

use crate::columns::{Aliases, Columns};
use crate::crm::{
    self, Bad, KnownReps, RowResult, bad, each_row, open, report_bad, required, row_try,
};
use crate::report::{FileReport, ImportError, ImportOptions, ImportReport, Run, Sink, file_report};
use crate::salesforce::person_name;
use crate::table::Table;
use crate::text::Text;
use crate::values;
use jiff::Timestamp;
use jiff::civil::Date;
use kura_core::model::{
    Activity, ActivityKind, CallResult, Direction, Lead, NextAction, NextActionStatus, Outcome,
    Record, Rep,
};
use std::path::{Path, PathBuf};

/// The files of one HubSpot export; any may be absent, but not all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubspotFiles {
    /// Calls.
    pub calls: Option<PathBuf>,
    /// Emails.
    pub emails: Option<PathBuf>,
    /// Meetings.
    pub meetings: Option<PathBuf>,
    /// Tasks, read as next actions.
    pub tasks: Option<PathBuf>,
    /// Contacts, read as leads.
    pub contacts: Option<PathBuf>,
    /// Owners (users), read as reps.
    pub owners: Option<PathBuf>,
}

/// Reads a HubSpot export into `sink`: owners, contacts, calls, emails,
/// meetings, tasks, in that order.
///
/// **Two shapes.** API / ETL dumps have internal property names as headers
/// (`hs_object_id`, `hs_timestamp`, `hubspot_owner_id`…) and raw values
/// (outcome GUIDs, enum values such as `NO_ANSWER`, ISO UTC timestamps or
/// epoch milliseconds). UI exports have English labels ("Record ID",
/// "Activity date", "Call outcome", "Activity assigned to"…) and display
/// values (outcome labels, owner names, local times). A file whose columns
/// are found by label is read as a UI export: owner names become rep ids
/// (with a rep record carrying the name). Enum values are compared ignoring
/// case, with spaces read as underscores ("No answer" = `NO_ANSWER`). For
/// UI exports in other languages, use a mapped CSV.
///
/// **The readings Kura chose:**
/// - Calls: `hs_timestamp` is when the call happened (else `hs_createdate`).
///   `hs_call_direction` INBOUND → inbound, OUTBOUND or blank → outbound.
///   `hs_call_disposition` (GUID or label) goes through
///   [`crate::DispositionMap`] (unknown values: `other`, counted); with no
///   disposition, `hs_call_status` NO_ANSWER/MISSED → no_answer, BUSY →
///   busy, FAILED/CANCELED → other, a voicemail flag → voicemail; otherwise
///   the result is unknown. The target is `hs_call_callee_object_id` when
///   the callee is a contact.
/// - Emails: `hs_email_direction` EMAIL → outbound, INCOMING_EMAIL →
///   inbound; FORWARDED_EMAIL has no known direction and is left out.
///   Outgoing emails count only when `hs_email_status` is SENT (or blank, as
///   for BCC-logged mail); BOUNCED, FAILED, SCHEDULED and SENDING are left
///   out. Each left-out row is counted in a warning.
/// - Meetings: kind meeting at `hs_timestamp`; CANCELED, NO_SHOW and
///   RESCHEDULED meetings did not take place and are left out.
/// - Tasks are next actions only (completing a HubSpot task does not log a
///   call; the call is its own record). `hs_timestamp` is the **due** time:
///   `due_on` is its local date. COMPLETED → completed at
///   `hs_task_completion_date`; NOT_STARTED, IN_PROGRESS, WAITING and
///   DEFERRED → open (deferred work is still meant to be done). A task with
///   no due date is left out with a warning.
/// - Contacts are leads; `hs_analytics_source` goes through
///   [`crate::InboundSources`]; the status is `hs_lead_status`, else
///   `lifecyclestage`. Owners are reps (family name first for Japanese
///   names).
///
/// **UI labels accepted** (English; compared ignoring case): Record ID,
/// Activity date, Due date, Create date, Created at, Activity assigned to,
/// Assigned to, Contact owner, Owner, Call direction, Call outcome, Call
/// status, Has voicemail, Email direction, Email send status, Email status,
/// Meeting outcome, Outcome, Meeting start time, Start time, Task status,
/// Status, Completed at, Task completion date, Completion date, Original
/// source, Lead status, Lifecycle stage, Associated Company ID, Primary
/// associated company ID, Email, First name, Last name, Team, Primary team.
/// Other columns are ignored.
pub fn import_hubspot(
    files: &HubspotFiles,
    opts: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ImportReport, ImportError> {
    let order = [
        (&files.owners, Object::Owners),
        (&files.contacts, Object::Contacts),
        (&files.calls, Object::Calls),
        (&files.emails, Object::Emails),
        (&files.meetings, Object::Meetings),
        (&files.tasks, Object::Tasks),
    ];
    if order.iter().all(|(path, _)| path.is_none()) {
        return Err(ImportError::NothingToImport(Text::new(
            "HubSpot のファイルが 1 つも指定されていません (calls, emails, meetings, tasks, contacts, owners)",
            "no HubSpot file was given: give any of calls, emails, meetings, tasks, contacts, owners",
        )));
    }
    let mut run = Run::new(opts, sink);
    let mut reps = KnownReps::default();
    for (path, object) in order {
        if let Some(path) = path {
            read_file(path, object, &mut run, &mut reps)?;
        }
    }
    Ok(run.finish())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    Owners,
    Contacts,
    Calls,
    Emails,
    Meetings,
    Tasks,
}

/// Field indexes: one list for every object, each object using some.
mod f {
    pub const ID: usize = 0;
    pub const TIMESTAMP: usize = 1;
    pub const CREATED: usize = 2;
    pub const OWNER: usize = 3;
    pub const CALL_DIRECTION: usize = 4;
    pub const DISPOSITION: usize = 5;
    pub const CALL_STATUS: usize = 6;
    pub const CALLEE_ID: usize = 7;
    pub const CALLEE_TYPE: usize = 8;
    pub const VOICEMAIL: usize = 9;
    pub const EMAIL_DIRECTION: usize = 10;
    pub const EMAIL_STATUS: usize = 11;
    pub const MEETING_OUTCOME: usize = 12;
    pub const TASK_STATUS: usize = 13;
    pub const COMPLETED: usize = 14;
    pub const SOURCE: usize = 15;
    pub const LEAD_STATUS: usize = 16;
    pub const STAGE: usize = 17;
    pub const COMPANY: usize = 18;
    pub const EMAIL: usize = 19;
    pub const FIRST_NAME: usize = 20;
    pub const LAST_NAME: usize = 21;
    pub const TEAM: usize = 22;
    pub const MEETING_START: usize = 23;
}

const FIELDS: &[Aliases] = &[
    Aliases {
        api: &["hs_object_id", "id", "vid", "engagement_id"],
        labels: &["Record ID", "Owner ID", "Contact ID"],
    },
    Aliases {
        api: &["hs_timestamp", "timestamp"],
        labels: &["Activity date", "Due date"],
    },
    Aliases {
        api: &["hs_createdate", "createdate", "createdAt"],
        labels: &["Create date", "Created at", "Create Date"],
    },
    Aliases {
        api: &["hubspot_owner_id"],
        labels: &[
            "Activity assigned to",
            "Assigned to",
            "Contact owner",
            "Owner",
        ],
    },
    Aliases {
        api: &["hs_call_direction"],
        labels: &["Call direction"],
    },
    Aliases {
        api: &["hs_call_disposition"],
        labels: &["Call outcome"],
    },
    Aliases {
        api: &["hs_call_status"],
        labels: &["Call status"],
    },
    Aliases {
        api: &["hs_call_callee_object_id"],
        labels: &[],
    },
    Aliases {
        api: &["hs_call_callee_object_type"],
        labels: &[],
    },
    Aliases {
        api: &["hs_call_has_voicemail"],
        labels: &["Has voicemail"],
    },
    Aliases {
        api: &["hs_email_direction"],
        labels: &["Email direction"],
    },
    Aliases {
        api: &["hs_email_status"],
        labels: &["Email send status", "Email status"],
    },
    Aliases {
        api: &["hs_meeting_outcome"],
        labels: &["Meeting outcome", "Outcome"],
    },
    Aliases {
        api: &["hs_task_status"],
        labels: &["Task status", "Status"],
    },
    Aliases {
        api: &["hs_task_completion_date"],
        labels: &["Completed at", "Task completion date", "Completion date"],
    },
    Aliases {
        api: &["hs_analytics_source"],
        labels: &["Original source", "Original Source"],
    },
    Aliases {
        api: &["hs_lead_status"],
        labels: &["Lead status", "Lead Status"],
    },
    Aliases {
        api: &["lifecyclestage"],
        labels: &["Lifecycle stage", "Lifecycle Stage"],
    },
    Aliases {
        api: &["associatedcompanyid"],
        labels: &["Associated Company ID", "Primary associated company ID"],
    },
    Aliases {
        api: &["email"],
        labels: &["Email"],
    },
    Aliases {
        api: &["firstName", "first_name", "firstname"],
        labels: &["First name", "First Name"],
    },
    Aliases {
        api: &["lastName", "last_name", "lastname"],
        labels: &["Last name", "Last Name"],
    },
    Aliases {
        api: &["team", "primaryTeamName", "primary_team"],
        labels: &["Team", "Primary team"],
    },
    Aliases {
        api: &["hs_meeting_start_time"],
        labels: &["Meeting start time", "Start time"],
    },
];

/// An enum value as HubSpot's API writes it: upper case, underscores
/// (UI labels such as "No answer" become `NO_ANSWER`).
fn enum_value(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn unknown_value(field: usize, value: &str, accepted: &str) -> Bad {
    bad(
        field,
        Text::new(
            format!("「{value}」は知らない値です。{accepted} のいずれかです"),
            format!("{value:?} is not a known value: use one of {accepted}"),
        ),
    )
}

fn read_file(
    path: &Path,
    object: Object,
    run: &mut Run,
    reps: &mut KnownReps,
) -> Result<(), ImportError> {
    let mut table = open(path, run)?;
    let cols = Columns::find(table.headers(), FIELDS);
    let required_columns: &[usize] = match object {
        Object::Owners => &[f::ID],
        Object::Contacts => &[f::ID, f::CREATED],
        Object::Calls | Object::Emails | Object::Meetings => &[f::ID, f::OWNER],
        Object::Tasks => &[f::ID, f::TIMESTAMP, f::CREATED, f::OWNER, f::TASK_STATUS],
    };
    cols.require(&table, FIELDS, required_columns)?;
    if matches!(object, Object::Calls | Object::Emails | Object::Meetings)
        && !cols.has(f::TIMESTAMP)
    {
        cols.require(&table, FIELDS, &[f::CREATED])?;
    }
    let mut report = file_report(&table);
    // HubSpot exports have no footer: a short row is an error.
    each_row(&mut table, run, &mut report, false, |table, run, report| {
        let read = match object {
            Object::Owners => owner_row(table, run, report, &cols, reps)?,
            Object::Contacts => contact_row(table, run, report, &cols, reps)?,
            Object::Calls | Object::Emails | Object::Meetings => {
                engagement_row(object, table, run, report, &cols, reps)?
            }
            Object::Tasks => task_row(table, run, report, &cols, reps)?,
        };
        if let Err(e) = read {
            report_bad(table, run, &cols, e);
        }
        Ok(())
    })?;
    run.file_done(&table, report);
    Ok(())
}

fn id_as_is(s: &str) -> String {
    s.to_string()
}

fn owner(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> Result<Option<String>, ImportError> {
    let spec = crm::OwnerColumns {
        owner: f::OWNER,
        name: None,
        canonical_id: id_as_is,
    };
    crm::owner(table, run, report, cols, spec, reps)
}

fn timestamp(
    run: &Run,
    cols: &Columns,
    table: &Table,
    field: usize,
) -> Result<Option<Timestamp>, Bad> {
    cols.cell(table.row(), field)
        .map(|s| values::hubspot_timestamp(s, run.opts.zone.time_zone()).map_err(|m| bad(field, m)))
        .transpose()
}

/// Leaves the current row out, counting it under a warning.
fn leave_out(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    code: &'static str,
    message: impl FnOnce() -> Text,
) -> RowResult {
    report.skipped += 1;
    run.warn(table.path(), table.row().line, code, message);
    Ok(Ok(()))
}

fn engagement_row(
    object: Object,
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let cell = |field| cols.cell(row, field);
    let id = row_try!(cell(f::ID).ok_or_else(|| required(f::ID))).to_string();
    let occurred_at = match row_try!(timestamp(run, cols, table, f::TIMESTAMP)) {
        Some(at) => at,
        None => {
            let fallback = if object == Object::Meetings {
                row_try!(timestamp(run, cols, table, f::MEETING_START))
            } else {
                None
            };
            match fallback.or(row_try!(timestamp(run, cols, table, f::CREATED))) {
                Some(at) => at,
                None => return Ok(Err(required(f::TIMESTAMP))),
            }
        }
    };
    let (kind, direction, call_result, target) = match object {
        Object::Calls => {
            let direction = match cell(f::CALL_DIRECTION).map(enum_value).as_deref() {
                None | Some("OUTBOUND") => Direction::Outbound,
                Some("INBOUND") => Direction::Inbound,
                Some(_) => {
                    let value = cell(f::CALL_DIRECTION).unwrap_or("");
                    return Ok(Err(unknown_value(
                        f::CALL_DIRECTION,
                        value,
                        "OUTBOUND, INBOUND",
                    )));
                }
            };
            let voicemail = row_try!(
                cell(f::VOICEMAIL)
                    .map(|s| values::boolean(s).map_err(|m| bad(f::VOICEMAIL, m)))
                    .transpose()
            );
            let result = match cell(f::DISPOSITION) {
                Some(text) => Some(crm::call_result(run, text)),
                None if voicemail == Some(true) => Some(CallResult::Voicemail),
                None => match cell(f::CALL_STATUS).map(enum_value).as_deref() {
                    Some("NO_ANSWER" | "MISSED") => Some(CallResult::NoAnswer),
                    Some("BUSY") => Some(CallResult::Busy),
                    Some("FAILED" | "CANCELED" | "CANCELLED") => Some(CallResult::Other),
                    _ => None,
                },
            };
            let callee_is_contact = cell(f::CALLEE_TYPE).is_none_or(|t| enum_value(t) == "CONTACT");
            let target = cell(f::CALLEE_ID)
                .filter(|_| callee_is_contact)
                .map(str::to_string);
            (ActivityKind::Call, direction, result, target)
        }
        Object::Emails => {
            let direction = match cell(f::EMAIL_DIRECTION).map(enum_value).as_deref() {
                None | Some("EMAIL") => Direction::Outbound,
                Some("INCOMING_EMAIL") => Direction::Inbound,
                Some("FORWARDED_EMAIL") => {
                    return leave_out(table, run, report, "forwarded_email", || {
                        Text::new(
                            "転送メール (FORWARDED_EMAIL) は送受信の向きが分からないので読み飛ばしました",
                            "forwarded emails (FORWARDED_EMAIL) have no known direction and were left out",
                        )
                    });
                }
                Some(_) => {
                    let value = cell(f::EMAIL_DIRECTION).unwrap_or("");
                    return Ok(Err(unknown_value(
                        f::EMAIL_DIRECTION,
                        value,
                        "EMAIL, INCOMING_EMAIL, FORWARDED_EMAIL",
                    )));
                }
            };
            if direction == Direction::Outbound {
                match cell(f::EMAIL_STATUS).map(enum_value).as_deref() {
                    None | Some("SENT") => {}
                    Some("BOUNCED" | "FAILED" | "SCHEDULED" | "SENDING") => {
                        return leave_out(table, run, report, "email_not_sent", || {
                            Text::new(
                                "送信済み (SENT) でない送信メール (BOUNCED, FAILED, SCHEDULED, SENDING) は数えずに読み飛ばしました",
                                "outgoing emails not SENT (BOUNCED, FAILED, SCHEDULED, SENDING) were left out",
                            )
                        });
                    }
                    Some(_) => {
                        let value = cell(f::EMAIL_STATUS).unwrap_or("");
                        return Ok(Err(unknown_value(
                            f::EMAIL_STATUS,
                            value,
                            "SENT, BOUNCED, FAILED, SCHEDULED, SENDING",
                        )));
                    }
                }
            }
            (ActivityKind::Email, direction, None, None)
        }
        _ => {
            match cell(f::MEETING_OUTCOME).map(enum_value).as_deref() {
                None | Some("SCHEDULED" | "COMPLETED") => {}
                Some("CANCELED" | "CANCELLED" | "NO_SHOW" | "RESCHEDULED") => {
                    return leave_out(table, run, report, "meeting_not_held", || {
                        Text::new(
                            "キャンセル・無断欠席・日程変更になった会議は行われていないので読み飛ばしました",
                            "meetings that were canceled, missed (NO_SHOW) or rescheduled did not take place and were left out",
                        )
                    });
                }
                Some(_) => {
                    let value = cell(f::MEETING_OUTCOME).unwrap_or("");
                    return Ok(Err(unknown_value(
                        f::MEETING_OUTCOME,
                        value,
                        "SCHEDULED, COMPLETED, RESCHEDULED, NO_SHOW, CANCELED",
                    )));
                }
            }
            (ActivityKind::Meeting, Direction::Outbound, None, None)
        }
    };
    let Some(rep) = owner(table, run, report, cols, reps)? else {
        crm::warn_no_owner(table, run, report);
        return Ok(Ok(()));
    };
    run.put(
        report,
        Record::Activity(Activity {
            id,
            occurred_at,
            rep,
            kind,
            direction,
            personal: true,
            call_result,
            target,
            planned_at: None,
            outcome: Outcome::None,
        }),
    )?;
    Ok(Ok(()))
}

fn task_row(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let cell = |field| cols.cell(row, field);
    let id = row_try!(cell(f::ID).ok_or_else(|| required(f::ID))).to_string();
    let created_at = row_try!(
        timestamp(run, cols, table, f::CREATED).and_then(|t| t.ok_or_else(|| required(f::CREATED)))
    );
    let Some(due) = cell(f::TIMESTAMP) else {
        return leave_out(table, run, report, "task_without_due_date", || {
            Text::new(
                "期日のないタスクは予定された接触ではないので、ネクストアクションにしませんでした",
                "tasks without a due date are not scheduled contacts and were not made next actions",
            )
        });
    };
    // A date alone is the due date; an instant is due on its local date.
    let due_on: Date = match values::crm_date(due) {
        Ok(date) => date,
        Err(_) => {
            let at = row_try!(
                values::hubspot_timestamp(due, run.opts.zone.time_zone())
                    .map_err(|m| bad(f::TIMESTAMP, m))
            );
            run.opts.zone.local_date(at)
        }
    };
    let status_value = cell(f::TASK_STATUS).map(enum_value).unwrap_or_default();
    let (status, completed_at) = match status_value.as_str() {
        "COMPLETED" => (
            NextActionStatus::Completed,
            row_try!(timestamp(run, cols, table, f::COMPLETED)),
        ),
        "NOT_STARTED" | "IN_PROGRESS" | "WAITING" | "DEFERRED" => (NextActionStatus::Open, None),
        _ => {
            let value = cell(f::TASK_STATUS).unwrap_or("");
            return Ok(Err(unknown_value(
                f::TASK_STATUS,
                value,
                "NOT_STARTED, IN_PROGRESS, WAITING, COMPLETED, DEFERRED",
            )));
        }
    };
    let Some(rep) = owner(table, run, report, cols, reps)? else {
        crm::warn_no_owner(table, run, report);
        return Ok(Ok(()));
    };
    run.put(
        report,
        Record::NextAction(NextAction {
            id,
            rep,
            target: None,
            created_at,
            due_on,
            completed_at,
            status,
            promised: false,
        }),
    )?;
    Ok(Ok(()))
}

fn contact_row(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let cell = |field| cols.cell(row, field);
    let id = row_try!(cell(f::ID).ok_or_else(|| required(f::ID))).to_string();
    let created_at = row_try!(
        timestamp(run, cols, table, f::CREATED).and_then(|t| t.ok_or_else(|| required(f::CREATED)))
    );
    let owner = owner(table, run, report, cols, reps)?;
    let source = cell(f::SOURCE).map(|s| run.opts.inbound_sources.classify(s));
    run.put(
        report,
        Record::Lead(Lead {
            id,
            account_id: cell(f::COMPANY).map(str::to_string),
            owner,
            created_at,
            source,
            status: cell(f::LEAD_STATUS).or(cell(f::STAGE)).map(str::to_string),
        }),
    )?;
    Ok(Ok(()))
}

fn owner_row(
    table: &Table,
    run: &mut Run,
    report: &mut FileReport,
    cols: &Columns,
    reps: &mut KnownReps,
) -> RowResult {
    let row = table.row();
    let cell = |field| cols.cell(row, field);
    let id = row_try!(cell(f::ID).ok_or_else(|| required(f::ID))).to_string();
    reps.mark(&id);
    run.put(
        report,
        Record::Rep(Rep {
            id,
            name: person_name(cell(f::FIRST_NAME), cell(f::LAST_NAME)),
            team: cell(f::TEAM).map(str::to_string),
            email: cell(f::EMAIL).map(str::to_string),
        }),
    )?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_labels_read_as_api_enum_values() {
        assert_eq!(enum_value("No answer"), "NO_ANSWER");
        assert_eq!(enum_value(" Incoming email "), "INCOMING_EMAIL");
        assert_eq!(enum_value("NOT_STARTED"), "NOT_STARTED");
    }
}
