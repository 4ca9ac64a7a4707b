//! `/import`: upload one CSV file (a Kura bundle file, or a Salesforce or
//! HubSpot export), preview it as mapped with every row error, then confirm.
//! Managers and admins only.
//!
//! The same readers and the same store transaction as `kura import`
//! ([`crate::cmd::import`]): the preview reads into a sink that stores
//! nothing; the confirmation reads again into one import transaction and
//! commits only when no row is bad, so an import is all or nothing and
//! importing the same file twice changes nothing.
//!
//! **Carrying the upload from preview to confirmation.** The server keeps no
//! state apart from the database (several `kura serve` processes may stand
//! behind one load balancer, and the confirmation may reach another one), so
//! the preview page carries the file itself to the confirmation: its bytes
//! in a hidden form field (URL-safe base64), with its kind and original name.
//! The confirmation re-reads and re-validates everything, so nothing the
//! browser sends back is trusted more than a fresh upload. The cost is that
//! the file travels three times and that the confirmation body is 4/3 of the
//! file, so the largest file that can be confirmed is about three quarters
//! of `kura serve --max-body-mib`.
//!
//! The readers take paths, so each request writes the file into its own
//! temporary folder under the name the reader expects (`activities.csv` for
//! the bundle's activities); the folder is removed when the request ends.

use super::{Chrome, InLang, PageResult, render};
use crate::cli::{ImportCommand, ImportOpts};
use crate::i18n::Lang;
use crate::web::auth::{PageViewer, Viewer};
use crate::web::lang::ReqLang;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kura_core::model::Record;
use kura_import::{ImportReport, Sink, SinkError};
use kura_store::{Entity, ImportMeta, SourceFile};
use std::path::{Path, PathBuf};

/// Records shown as mapped in the preview.
const PREVIEW_RECORDS: usize = 20;

/// Row errors shown in full (the rest are counted).
const SHOWN_ERRORS: usize = 200;

/// Where an uploaded file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Kura,
    Salesforce,
    Hubspot,
}

/// What an uploaded file is: its source and its role there.
#[derive(Debug, Clone, Copy)]
struct UploadKind {
    /// The form value, `source:file`.
    key: &'static str,
    source: Source,
    /// The file's role (`activities`, `tasks`, `owners`…), also the name it
    /// is written under (`activities.csv`).
    file: &'static str,
    ja: &'static str,
    en: &'static str,
}

const fn kind(
    key: &'static str,
    source: Source,
    file: &'static str,
    ja: &'static str,
    en: &'static str,
) -> UploadKind {
    UploadKind {
        key,
        source,
        file,
        ja,
        en,
    }
}

/// Every kind of file the page takes, in the order of the select.
const KINDS: [UploadKind; 18] = [
    kind(
        "kura:activities",
        Source::Kura,
        "activities",
        "活動 (activities.csv)",
        "Activities (activities.csv)",
    ),
    kind(
        "kura:next_actions",
        Source::Kura,
        "next_actions",
        "ネクストアクション (next_actions.csv)",
        "Next actions (next_actions.csv)",
    ),
    kind(
        "kura:leads",
        Source::Kura,
        "leads",
        "リード (leads.csv)",
        "Leads (leads.csv)",
    ),
    kind(
        "kura:accounts",
        Source::Kura,
        "accounts",
        "取引先 (accounts.csv)",
        "Accounts (accounts.csv)",
    ),
    kind(
        "kura:reps",
        Source::Kura,
        "reps",
        "担当者 (reps.csv)",
        "Reps (reps.csv)",
    ),
    kind(
        "kura:availability",
        Source::Kura,
        "availability",
        "顧客状況 (availability.csv)",
        "Customer availability (availability.csv)",
    ),
    kind(
        "salesforce:tasks",
        Source::Salesforce,
        "tasks",
        "ToDo (Task)",
        "Tasks",
    ),
    kind(
        "salesforce:events",
        Source::Salesforce,
        "events",
        "行動 (Event)",
        "Events",
    ),
    kind(
        "salesforce:leads",
        Source::Salesforce,
        "leads",
        "リード (Lead)",
        "Leads",
    ),
    kind(
        "salesforce:contacts",
        Source::Salesforce,
        "contacts",
        "取引先責任者 (Contact)",
        "Contacts",
    ),
    kind(
        "salesforce:accounts",
        Source::Salesforce,
        "accounts",
        "取引先 (Account)",
        "Accounts",
    ),
    kind(
        "salesforce:users",
        Source::Salesforce,
        "users",
        "ユーザー (User)",
        "Users",
    ),
    kind("hubspot:calls", Source::Hubspot, "calls", "通話", "Calls"),
    kind(
        "hubspot:emails",
        Source::Hubspot,
        "emails",
        "メール",
        "Emails",
    ),
    kind(
        "hubspot:meetings",
        Source::Hubspot,
        "meetings",
        "ミーティング",
        "Meetings",
    ),
    kind("hubspot:tasks", Source::Hubspot, "tasks", "タスク", "Tasks"),
    kind(
        "hubspot:contacts",
        Source::Hubspot,
        "contacts",
        "コンタクト",
        "Contacts",
    ),
    kind(
        "hubspot:owners",
        Source::Hubspot,
        "owners",
        "所有者（ユーザー）",
        "Owners (users)",
    ),
];

impl UploadKind {
    fn parse(key: &str, lang: Lang) -> Result<UploadKind, Problem> {
        KINDS.iter().find(|k| k.key == key).copied().ok_or_else(|| {
            Problem::invalid(
                "kind",
                match lang {
                    Lang::Ja => {
                        format!("ファイルの種類 {key:?} は扱えません: 一覧から選んでください")
                    }
                    Lang::En => format!(
                        "{key:?} is not a kind of file Kura reads: choose one from the list"
                    ),
                },
            )
        })
    }

    fn source_label(self, lang: Lang) -> &'static str {
        match self.source {
            Source::Kura => lang.pick("Kura バンドル", "Kura bundle"),
            Source::Salesforce => "Salesforce",
            Source::Hubspot => "HubSpot",
        }
    }

    fn label(self, lang: Lang) -> String {
        format!(
            "{}: {}",
            self.source_label(lang),
            lang.pick(self.ja, self.en)
        )
    }

    fn source_key(self) -> &'static str {
        match self.source {
            Source::Kura => "kura",
            Source::Salesforce => "salesforce",
            Source::Hubspot => "hubspot",
        }
    }

    /// Writes `bytes` into `dir` as the reader expects and returns the
    /// command that reads it, with the path of the uploaded file.
    fn stage(
        self,
        dir: &Path,
        bytes: &[u8],
        skip_bad_rows: bool,
    ) -> std::io::Result<(ImportCommand, PathBuf)> {
        let path = dir.join(format!("{}.csv", self.file));
        std::fs::write(&path, bytes)?;
        let opts = ImportOpts {
            errors: None,
            skip_bad_rows,
        };
        let only = |name: &str| (self.file == name).then(|| path.clone());
        let command = match self.source {
            Source::Kura => ImportCommand::Kura {
                dir: dir.to_path_buf(),
                opts,
            },
            Source::Salesforce => ImportCommand::Salesforce {
                tasks: only("tasks"),
                events: only("events"),
                leads: only("leads"),
                contacts: only("contacts"),
                accounts: only("accounts"),
                users: only("users"),
                opts,
            },
            Source::Hubspot => ImportCommand::Hubspot {
                calls: only("calls"),
                emails: only("emails"),
                meetings: only("meetings"),
                tasks: only("tasks"),
                contacts: only("contacts"),
                owners: only("owners"),
                opts,
            },
        };
        Ok((command, path))
    }
}

/// Only managers and admins import.
fn require_importer(viewer: &Viewer, lang: Lang) -> Result<(), Problem> {
    if viewer.is_manager_or_admin() {
        Ok(())
    } else {
        Err(Problem::forbidden(lang.pick(
            "データの取り込みはマネージャーと管理者だけが行えます",
            "only managers and admins can import data",
        )))
    }
}

/// An option of the kind select.
struct KindOption {
    key: &'static str,
    label: &'static str,
    selected: bool,
}

/// A group of options (one source).
struct KindGroup {
    label: &'static str,
    options: Vec<KindOption>,
}

fn kind_groups(lang: Lang, selected: &str) -> Vec<KindGroup> {
    let mut groups: Vec<KindGroup> = Vec::new();
    for k in KINDS {
        let label = k.source_label(lang);
        if groups.last().is_none_or(|g| g.label != label) {
            groups.push(KindGroup {
                label,
                options: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.options.push(KindOption {
                key: k.key,
                label: lang.pick(k.ja, k.en),
                selected: k.key == selected,
            });
        }
    }
    groups
}

/// The upload form's words.
struct FormLabels {
    kind: &'static str,
    file: &'static str,
    submit: &'static str,
    hint: &'static str,
}

impl FormLabels {
    fn new(l: Lang) -> Self {
        FormLabels {
            kind: l.pick("ファイルの種類", "What the file is"),
            file: l.pick("CSV ファイル", "CSV file"),
            submit: l.pick("プレビュー", "Preview"),
            hint: l.pick(
                "UTF-8（BOM 付き可）または Shift_JIS の CSV。まずプレビューで取り込まれる内容とエラーを確認し、問題がなければ確定します。確定するまで何も保存されません。",
                "A CSV in UTF-8 (with or without a BOM) or Shift_JIS. The preview shows what will be imported and every error; nothing is stored until you confirm.",
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "web/import.html")]
struct ImportPage {
    chrome: Chrome,
    form: FormLabels,
    groups: Vec<KindGroup>,
    view: Option<ResultView>,
}

/// `GET /import`
pub async fn import_form(lang: ReqLang, PageViewer(viewer): PageViewer) -> PageResult {
    let l = lang.0;
    require_importer(&viewer, l).in_lang(lang)?;
    Ok(render(&ImportPage {
        chrome: Chrome::new(
            l,
            l.pick("データの取り込み", "Import data"),
            "/import",
            Some(&viewer),
        ),
        form: FormLabels::new(l),
        groups: kind_groups(l, KINDS[0].key),
        view: None,
    }))
}

/// What a form posted: the CSRF token, the kind and the file.
struct Upload {
    csrf: String,
    kind: String,
    name: String,
    bytes: Option<Vec<u8>>,
    /// The file as the preview's hidden field carries it.
    data: Option<String>,
}

/// Reads every field of a multipart form (the CSRF token is checked by the
/// caller before anything is done with the rest).
async fn read_upload(mut form: Multipart) -> Result<Upload, Problem> {
    let failed =
        |e: axum::extract::multipart::MultipartError| Problem::new(e.status(), e.body_text());
    let mut upload = Upload {
        csrf: String::new(),
        kind: String::new(),
        name: String::new(),
        bytes: None,
        data: None,
    };
    while let Some(field) = form.next_field().await.map_err(failed)? {
        match field.name().unwrap_or("") {
            "csrf" => upload.csrf = field.text().await.map_err(failed)?,
            "kind" => upload.kind = field.text().await.map_err(failed)?,
            "name" => upload.name = field.text().await.map_err(failed)?,
            "data" => upload.data = Some(field.text().await.map_err(failed)?),
            "file" => {
                if let Some(name) = field.file_name() {
                    upload.name = name.to_string();
                }
                upload.bytes = Some(field.bytes().await.map_err(failed)?.to_vec());
            }
            _ => {}
        }
    }
    Ok(upload)
}

impl Upload {
    /// The file's name as shown: its base name, never a path the browser sent.
    fn display_name(&self, kind: UploadKind) -> String {
        let base = self
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if base.is_empty() {
            format!("{}.csv", kind.file)
        } else {
            base
        }
    }

    /// The file's bytes, from the upload or the preview's hidden field.
    fn take_bytes(&mut self, lang: Lang) -> Result<Vec<u8>, Problem> {
        if let Some(bytes) = self.bytes.take().filter(|b| !b.is_empty()) {
            return Ok(bytes);
        }
        if let Some(data) = self.data.take() {
            return URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| {
                Problem::invalid(
                    "data",
                    lang.pick(
                        "プレビューから送られたファイルが壊れています: もう一度アップロードしてください",
                        "the file carried from the preview is damaged: upload it again",
                    ),
                )
            });
        }
        Err(Problem::invalid(
            "file",
            lang.pick(
                "ファイルが選ばれていないか、空です: CSV ファイルを選んでください",
                "no file was chosen, or it is empty: choose a CSV file",
            ),
        ))
    }
}

/// A sink that stores nothing: it keeps the first records for the preview.
#[derive(Default)]
struct PreviewSink {
    first: Vec<Record>,
}

impl Sink for PreviewSink {
    fn put(&mut self, record: Record) -> Result<(), SinkError> {
        if self.first.len() < PREVIEW_RECORDS {
            self.first.push(record);
        }
        Ok(())
    }
}

/// A record as mapped, in words.
struct RecordRow {
    entity: &'static str,
    id: String,
    rep: String,
    when: String,
    what: String,
    target: String,
    detail: String,
}

fn record_row(record: &Record, zone: &kura_core::time::OrgZone, l: Lang) -> RecordRow {
    let time = |t: jiff::Timestamp| {
        t.to_zoned_datetime(zone.time_zone().clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    match record {
        Record::Rep(r) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::Rep, l),
            id: r.id.clone(),
            rep: r.id.clone(),
            when: String::new(),
            what: opt(&r.team),
            target: String::new(),
            detail: [opt(&r.name), opt(&r.email)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
        },
        Record::Account(a) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::Account, l),
            id: a.id.clone(),
            rep: String::new(),
            when: String::new(),
            what: opt(&a.industry),
            target: String::new(),
            detail: opt(&a.name),
        },
        Record::Lead(x) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::Lead, l),
            id: x.id.clone(),
            rep: opt(&x.owner),
            when: time(x.created_at),
            what: match (x.is_inbound(), &x.source) {
                (true, _) => l.pick("インバウンド", "inbound").to_string(),
                (false, Some(s)) => s.clone(),
                (false, None) => String::new(),
            },
            target: opt(&x.account_id),
            detail: opt(&x.status),
        },
        Record::Activity(a) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::Activity, l),
            id: a.id.clone(),
            rep: a.rep.clone(),
            when: time(a.occurred_at),
            what: format!("{} · {}", a.kind, a.direction),
            target: opt(&a.target),
            detail: [
                a.call_result.map(|r| r.to_string()).unwrap_or_default(),
                if a.personal {
                    String::new()
                } else {
                    l.pick("一斉送信", "bulk").to_string()
                },
                if a.outcome == kura_core::model::Outcome::None {
                    String::new()
                } else {
                    a.outcome.to_string()
                },
                if a.is_counted() {
                    String::new()
                } else {
                    l.pick("行動量に数えない", "not counted").to_string()
                },
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        },
        Record::NextAction(n) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::NextAction, l),
            id: n.id.clone(),
            rep: n.rep.clone(),
            when: n.due_on.to_string(),
            what: if n.promised {
                format!("{} · {}", n.status, l.pick("約束あり", "promised"))
            } else {
                n.status.to_string()
            },
            target: opt(&n.target),
            detail: match l {
                Lang::Ja => format!("作成 {}", time(n.created_at)),
                Lang::En => format!("created {}", time(n.created_at)),
            },
        },
        Record::Availability(a) => RecordRow {
            entity: crate::cmd::import::entity_label(Entity::Availability, l),
            id: a.target.clone(),
            rep: String::new(),
            when: format!("{}..{}", a.from, a.to),
            what: a.state.to_string(),
            target: a.target.clone(),
            detail: opt(&a.note),
        },
    }
}

/// A row error, where it is and what is wrong.
struct ErrorRow {
    file: String,
    line: u64,
    column: String,
    message: String,
}

/// Records per entity, or changes per entity after an import.
struct CountRow {
    entity: &'static str,
    cells: Vec<String>,
}

/// What the preview or the confirmation shows.
struct ResultView {
    heading: String,
    /// The file and its kind, in words.
    file_line: String,
    /// A file that could not be read at all.
    fatal: Option<String>,
    records_heading: &'static str,
    record_headers: [&'static str; 7],
    records: Vec<RecordRow>,
    counts_heading: &'static str,
    count_headers: Vec<&'static str>,
    counts: Vec<CountRow>,
    totals_line: String,
    errors_heading: String,
    error_headers: [&'static str; 4],
    errors: Vec<ErrorRow>,
    errors_more: String,
    warnings: Vec<String>,
    warnings_heading: &'static str,
    /// The verdict: clean, refused, stored.
    verdict: String,
    verdict_class: &'static str,
    /// The confirm form (a clean preview only).
    confirm: Option<ConfirmForm>,
}

/// The hidden fields and words of the confirm form.
struct ConfirmForm {
    kind: &'static str,
    name: String,
    data: String,
    label: &'static str,
}

/// An uploaded file and what it is.
struct Job {
    kind: UploadKind,
    /// Its name as shown.
    name: String,
    bytes: Vec<u8>,
}

impl Job {
    /// Reads a posted form into a job, after checking its CSRF token and
    /// that the viewer may import.
    async fn from_form(form: Multipart, viewer: &Viewer, l: Lang) -> Result<Job, Problem> {
        let mut upload = read_upload(form).await?;
        viewer.check_csrf(&upload.csrf)?;
        require_importer(viewer, l)?;
        let kind = UploadKind::parse(&upload.kind, l)?;
        let bytes = upload.take_bytes(l)?;
        let name = upload.display_name(kind);
        Ok(Job { kind, name, bytes })
    }
}

/// Reads the upload with the readers of `kura import`, into `sink`; the
/// report or the message of a file that could not be read, with paths
/// shown as the uploaded file's name.
fn read_staged(
    state: &AppState,
    job: &Job,
    dir: &Path,
    skip_bad_rows: bool,
    sink: &mut dyn Sink,
    l: Lang,
) -> Result<Result<ImportReport, String>, Problem> {
    let name = job.name.as_str();
    let (command, path) = job
        .kind
        .stage(dir, &job.bytes, skip_bad_rows)
        .map_err(|e| Problem::internal(&e))?;
    let mut options = crate::cmd::import::import_options(
        &state.settings,
        &ImportOpts {
            errors: None,
            skip_bad_rows,
        },
    );
    options.max_errors = SHOWN_ERRORS;
    let shown = |text: String| text.replace(&path.display().to_string(), name);
    match crate::cmd::import::read(&command, &options, sink) {
        Ok(mut report) => {
            for e in &mut report.errors {
                if e.file == path {
                    e.file = PathBuf::from(name);
                }
            }
            for w in &mut report.warnings {
                if w.file == path {
                    w.file = PathBuf::from(name);
                }
            }
            Ok(Ok(report))
        }
        Err(e) => Ok(Err(shown(e.render(l == Lang::Ja)))),
    }
}

/// The parts of the view every outcome shares: errors and warnings.
fn base_view(l: Lang, heading: String, file_line: String) -> ResultView {
    ResultView {
        heading,
        file_line,
        fatal: None,
        records_heading: l.pick(
            "取り込まれる内容（先頭 20 件）",
            "As mapped (first 20 records)",
        ),
        record_headers: [
            l.pick("種類", "kind"),
            "id",
            l.pick("担当者", "rep"),
            l.pick("日時・日付", "time / date"),
            l.pick("区分", "type"),
            l.pick("対象", "target"),
            l.pick("詳細", "detail"),
        ],
        records: Vec::new(),
        counts_heading: l.pick("件数", "Counts"),
        count_headers: Vec::new(),
        counts: Vec::new(),
        totals_line: String::new(),
        errors_heading: String::new(),
        error_headers: [
            l.pick("ファイル", "file"),
            l.pick("行", "line"),
            l.pick("列", "column"),
            l.pick("内容", "problem"),
        ],
        errors: Vec::new(),
        errors_more: String::new(),
        warnings: Vec::new(),
        warnings_heading: l.pick("注意", "Warnings"),
        verdict: String::new(),
        verdict_class: "ok",
        confirm: None,
    }
}

/// Fills the errors, warnings and row totals of a report into `v`.
fn report_into(v: &mut ResultView, report: &ImportReport, l: Lang) {
    let ja = l == Lang::Ja;
    v.errors = report
        .errors
        .iter()
        .map(|e| ErrorRow {
            file: e.file.display().to_string(),
            line: e.line,
            column: e.column.clone().unwrap_or_default(),
            message: e.message.get(ja).to_string(),
        })
        .collect();
    if report.total_errors > 0 {
        v.errors_heading = match l {
            Lang::Ja => format!("不正な行: {} 行", report.total_errors),
            Lang::En => format!("Bad rows: {}", report.total_errors),
        };
    }
    if report.total_errors > report.errors.len() {
        let more = report.total_errors - report.errors.len();
        v.errors_more = match l {
            Lang::Ja => format!(
                "…ほか {more} 件のエラー（最初の {} 件を表示）",
                report.errors.len()
            ),
            Lang::En => format!(
                "… and {more} more (the first {} are shown)",
                report.errors.len()
            ),
        };
    }
    v.warnings = report.warnings.iter().map(|w| w.render(ja)).collect();
    if !report.unknown_dispositions.is_empty() {
        let values = report
            .unknown_dispositions
            .iter()
            .map(|(value, n)| format!("{value:?} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        v.warnings.push(match l {
            Lang::Ja => format!(
                "対応表にない通話結果（other として保存されます。kura.toml の [import.dispositions] に追加してください）: {values}"
            ),
            Lang::En => format!(
                "call results not in the mapping (stored as other; add them to [import.dispositions] in kura.toml): {values}"
            ),
        });
    }
    let rows: u64 = report.files.iter().map(|f| f.rows).sum();
    let skipped: u64 = report.files.iter().map(|f| f.skipped).sum();
    let encodings = report
        .files
        .iter()
        .map(|f| f.encoding.name())
        .collect::<Vec<_>>()
        .join(", ");
    v.totals_line = match l {
        Lang::Ja => format!(
            "{rows} 行を読み込み（文字コード {encodings}）、不正 {} 行、意図して除外 {skipped} 行",
            report.total_errors
        ),
        Lang::En => format!(
            "{rows} rows read (encoding {encodings}); {} bad, {skipped} left out on purpose",
            report.total_errors
        ),
    };
}

fn file_line(kind: UploadKind, name: &str, l: Lang) -> String {
    format!("{name} — {}", kind.label(l))
}

/// `POST /import/preview`: reads the upload into a sink that stores nothing.
pub async fn preview(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    form: Multipart,
) -> PageResult {
    let l = lang.0;
    let job = Job::from_form(form, &viewer, l).await.in_lang(lang)?;
    let kind = job.kind;
    let view = state
        .blocking(move |state, _| {
            let dir = tempfile::tempdir().map_err(|e| Problem::internal(&e))?;
            let mut sink = PreviewSink::default();
            let outcome = read_staged(state, &job, dir.path(), true, &mut sink, l)?;
            let mut v = base_view(
                l,
                l.pick("取り込みのプレビュー", "Import preview").to_string(),
                file_line(kind, &job.name, l),
            );
            let report = match outcome {
                Ok(report) => report,
                Err(fatal) => {
                    v.fatal = Some(fatal);
                    v.verdict = l
                        .pick(
                            "このファイルは読めません。何も保存されていません。",
                            "This file cannot be read. Nothing was stored.",
                        )
                        .to_string();
                    v.verdict_class = "error";
                    return Ok(v);
                }
            };
            report_into(&mut v, &report, l);
            v.records = sink
                .first
                .iter()
                .map(|r| record_row(r, &state.settings.zone, l))
                .collect();
            let counts = report.records();
            v.count_headers = vec![l.pick("種類", "kind"), l.pick("件数", "records")];
            v.counts = [
                (Entity::Rep, counts.reps),
                (Entity::Account, counts.accounts),
                (Entity::Lead, counts.leads),
                (Entity::Activity, counts.activities),
                (Entity::NextAction, counts.next_actions),
                (Entity::Availability, counts.availability),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(e, n)| CountRow {
                entity: crate::cmd::import::entity_label(e, l),
                cells: vec![n.to_string()],
            })
            .collect();
            if report.total_errors > 0 {
                v.verdict = l
                    .pick(
                        "不正な行があるため、このファイルは取り込めません。何も保存されていません。直してからもう一度アップロードしてください。",
                        "This file has bad rows, so it cannot be imported. Nothing was stored: fix them and upload it again.",
                    )
                    .to_string();
                v.verdict_class = "error";
            } else if counts.total() == 0 {
                v.verdict = l
                    .pick(
                        "このファイルには取り込む行がありません。",
                        "This file holds nothing to import.",
                    )
                    .to_string();
                v.verdict_class = "warning";
            } else {
                v.verdict = l
                    .pick(
                        "エラーはありません。確定すると 1 回のトランザクションで保存されます（同じファイルをもう一度取り込んでも変化しません）。",
                        "No errors. Confirm to store it in one transaction (importing the same file again changes nothing).",
                    )
                    .to_string();
                v.confirm = Some(ConfirmForm {
                    kind: kind.key,
                    name: job.name.clone(),
                    data: URL_SAFE_NO_PAD.encode(&job.bytes),
                    label: l.pick("確定して取り込む", "Confirm and import"),
                });
            }
            Ok(v)
        })
        .await
        .in_lang(lang)?;
    Ok(render(&ImportPage {
        chrome: Chrome::new(l, view.heading.clone(), "/import", Some(&viewer)),
        form: FormLabels::new(l),
        groups: kind_groups(l, kind.key),
        view: Some(view),
    }))
}

/// `POST /import/confirm`: reads the file again into one import transaction
/// and commits it only when no row is bad.
pub async fn confirm(
    State(state): State<AppState>,
    lang: ReqLang,
    PageViewer(viewer): PageViewer,
    form: Multipart,
) -> PageResult {
    let l = lang.0;
    let job = Job::from_form(form, &viewer, l).await.in_lang(lang)?;
    let kind = job.kind;
    let view = state
        .blocking(move |state, store| {
            let dir = tempfile::tempdir().map_err(|e| Problem::internal(&e))?;
            let mut meta = ImportMeta::new(kind.source_key());
            meta.files = vec![
                SourceFile::hash_reader(&job.name, job.bytes.as_slice())
                    .map_err(|e| Problem::internal(&e))?,
            ];
            let mut v = base_view(
                l,
                l.pick("取り込みの結果", "Import result").to_string(),
                file_line(kind, &job.name, l),
            );
            let tx = store.begin_import(meta)?;
            let mut sink = crate::cmd::import::StoreSink::new(tx, l);
            let outcome = read_staged(state, &job, dir.path(), false, &mut sink, l)?;
            let refused = l.pick(
                "取り込みを中止しました。何も保存されていません。",
                "The import was refused. Nothing was stored.",
            );
            let report = match outcome {
                Ok(report) if report.is_clean() => report,
                Ok(report) => {
                    sink.rollback()?;
                    report_into(&mut v, &report, l);
                    v.verdict = refused.to_string();
                    v.verdict_class = "error";
                    return Ok(v);
                }
                Err(fatal) => {
                    sink.rollback()?;
                    v.fatal = Some(fatal);
                    v.verdict = refused.to_string();
                    v.verdict_class = "error";
                    return Ok(v);
                }
            };
            let summary = sink.commit()?;
            report_into(&mut v, &report, l);
            v.count_headers = vec![
                l.pick("種類", "kind"),
                l.pick("新規", "new"),
                l.pick("変更", "changed"),
                l.pick("変更なし", "unchanged"),
            ];
            v.counts = Entity::ALL
                .into_iter()
                .filter(|e| summary.get(*e).rows() > 0)
                .map(|e| {
                    let c = summary.get(e);
                    CountRow {
                        entity: crate::cmd::import::entity_label(e, l),
                        cells: vec![
                            c.new.to_string(),
                            c.changed.to_string(),
                            c.unchanged.to_string(),
                        ],
                    }
                })
                .collect();
            v.verdict = match l {
                Lang::Ja => format!(
                    "保存しました（取り込み番号 {}）。活動から自動作成した担当者 {} 名。",
                    summary.batch_id, summary.implied_reps
                ),
                Lang::En => format!(
                    "Stored (import batch {}); {} rep(s) created from activities.",
                    summary.batch_id, summary.implied_reps
                ),
            };
            Ok(v)
        })
        .await
        .in_lang(lang)?;
    Ok(render(&ImportPage {
        chrome: Chrome::new(l, view.heading.clone(), "/import", Some(&viewer)),
        form: FormLabels::new(l),
        groups: kind_groups(l, kind.key),
        view: Some(view),
    }))
}
