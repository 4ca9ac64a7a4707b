//! Raw command-line arguments, as clap parses them. Validation into
//! settings happens in `main.rs` and the command modules (ripgrep's
//! low-level/high-level split).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Kura (蔵): tell stock-type from flow-type inside-sales work, and fix it.
#[derive(Debug, Parser)]
#[command(name = "kura", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: $KURA_CONFIG, else ./kura.toml if present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of human output: ja or en (default: from kura.toml or LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Database: a SQLite file path or a postgres:// URL (default: kura.db, or $KURA_DATABASE_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// A language flag.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
}

/// Kura's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The business calendar: holidays, low-attendance windows, weeks, one day.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Create the database, or upgrade its schema.
    Init,
    /// Import CRM data (all or nothing; re-importing changes nothing).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write every stored row as a Kura CSV bundle.
    Export(ExportArgs),
    /// Stock-type or flow-type: diagnose a low-attendance window.
    Diagnose(DiagnoseArgs),
    /// Simulate a demo organisation and diagnose it: Kura in one command.
    Demo(DemoArgs),
    /// Write a simulated organisation as a Kura CSV bundle.
    Sim(SimArgs),
    /// Pace a weekly or monthly target by business days.
    Pace(PaceArgs),
    /// Plan a low-attendance window: who to contact, when, and why you now.
    Plan(PlanArgs),
    /// Record what a customer told you about the holidays.
    #[command(subcommand)]
    Availability(AvailabilityCommand),
    /// The news and seasonal topics Why-you-now lines are built from.
    #[command(subcommand)]
    Topics(TopicsCommand),
    /// Serve the web dashboard and the REST API.
    Serve(ServeArgs),
    /// People who sign in to the web dashboard.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for machines (dialers, CRMs, scripts).
    #[command(subcommand)]
    Token(TokenCommand),
    // `kura backup`, `kura restore`, `kura verify`.
    #[command(flatten)]
    Safety(crate::cmd::backup::SafetyCommand),
}

/// `kura serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Mark session cookies Secure: use when browsers reach Kura over HTTPS
    /// (e.g. behind a TLS-terminating proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// How long a session lasts after sign-in (e.g. 12h, 30m, 90s).
    #[arg(long, default_value = "12h")]
    pub session_ttl: String,
    /// Largest request body accepted, in MiB (larger ones get 413).
    #[arg(long, default_value_t = 32)]
    pub max_body_mib: usize,
    /// Print every route (method, path, who may use it) and exit.
    #[arg(long)]
    pub list_routes: bool,
}

/// `kura user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person who can sign in (the password is read from standard
    /// input with --password-stdin, else asked for twice).
    Add {
        /// Sign-in name.
        name: String,
        /// What they may see: admin (everything), manager (their teams), rep (their own rows).
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The rep this person is (required for --role rep).
        #[arg(long)]
        rep_id: Option<String>,
        /// A team a manager manages (repeat for several).
        #[arg(long = "team")]
        teams: Vec<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the people who can sign in.
    List,
    /// Change a password (ends the person's sessions).
    Passwd {
        /// Sign-in name.
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove a person (ends their sessions).
    Remove {
        /// Sign-in name.
        name: String,
    },
}

/// A web role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Everything, including users and imports.
    Admin,
    /// Their teams' rows and the organisation's aggregate; imports.
    Manager,
    /// Their own rows and their team's aggregate.
    Rep,
}

/// `kura token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; it is printed once and only its hash is kept.
    Create {
        /// A name saying who uses it (e.g. dialer).
        name: String,
        /// ingest: push activities, next actions, leads and availability;
        /// read: read calendar, diagnosis, plan and pacing.
        #[arg(long, value_enum)]
        scope: ScopeArg,
    },
    /// List tokens (names and scopes, never the secrets).
    List,
    /// Revoke a token by its id.
    Revoke {
        /// The id `kura token list` shows.
        id: i64,
    },
}

/// An API token scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// Push data.
    Ingest,
    /// Read figures.
    Read,
}

/// `kura import ...`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Kura's own CSV bundle: a folder of reps.csv, activities.csv, ...
    Kura {
        /// The folder.
        dir: PathBuf,
        /// Import options.
        #[command(flatten)]
        opts: ImportOpts,
    },
    /// Salesforce exports (Data Loader or Japanese report CSV).
    Salesforce {
        /// Tasks (ToDo): activities and next actions.
        #[arg(long)]
        tasks: Option<PathBuf>,
        /// Events (行動).
        #[arg(long)]
        events: Option<PathBuf>,
        /// Leads.
        #[arg(long)]
        leads: Option<PathBuf>,
        /// Contacts.
        #[arg(long)]
        contacts: Option<PathBuf>,
        /// Accounts.
        #[arg(long)]
        accounts: Option<PathBuf>,
        /// Users (reps).
        #[arg(long)]
        users: Option<PathBuf>,
        /// Import options.
        #[command(flatten)]
        opts: ImportOpts,
    },
    /// HubSpot exports (API property names or UI labels).
    Hubspot {
        /// Calls.
        #[arg(long)]
        calls: Option<PathBuf>,
        /// Emails.
        #[arg(long)]
        emails: Option<PathBuf>,
        /// Meetings.
        #[arg(long)]
        meetings: Option<PathBuf>,
        /// Tasks: next actions.
        #[arg(long)]
        tasks: Option<PathBuf>,
        /// Contacts: leads.
        #[arg(long)]
        contacts: Option<PathBuf>,
        /// Owners: reps.
        #[arg(long)]
        owners: Option<PathBuf>,
        /// Import options.
        #[command(flatten)]
        opts: ImportOpts,
    },
    /// Any other CSV, described by a TOML mapping file (docs/mapping.md).
    Csv {
        /// The mapping file.
        #[arg(long)]
        mapping: PathBuf,
        /// The CSV file.
        file: PathBuf,
        /// Import options.
        #[command(flatten)]
        opts: ImportOpts,
    },
}

/// Options every import takes.
#[derive(Debug, Args)]
pub struct ImportOpts {
    /// Write every rejected row with its reason to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Store the good rows and still report the bad ones.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// `kura export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write (created if missing).
    pub dir: PathBuf,
}

/// Output formats for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table for the terminal.
    Table,
    /// JSON with the keys of METRICS.md.
    Json,
    /// CSV, one row per organisation, team and rep.
    Csv,
    /// Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

/// `kura diagnose`
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// `latest` (default), a date inside a low-attendance window, or A..B.
    #[arg(long, default_value = "latest")]
    pub window: String,
    /// Show one team only.
    #[arg(long)]
    pub team: Option<String>,
    /// Show one rep only.
    #[arg(long)]
    pub rep: Option<String>,
    /// Every low-attendance window in the data, one row per team and rep.
    #[arg(long)]
    pub history: bool,
    /// With --history: only the windows that overlap this year.
    #[arg(long)]
    pub year: Option<i16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// `kura demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Random seed: the same seed gives the same organisation.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// The demo's last day (default: today).
    #[arg(long)]
    pub today: Option<String>,
    /// Output format of the diagnosis.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// `kura sim`
#[derive(Debug, Args)]
pub struct SimArgs {
    /// The folder to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// First day (default: about 18 months before --to).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (default: today).
    #[arg(long)]
    pub to: Option<String>,
    /// Teams.
    #[arg(long, default_value_t = 3)]
    pub teams: u32,
    /// Reps per team.
    #[arg(long, default_value_t = 8)]
    pub reps_per_team: u32,
    /// Multiply the organisation (e.g. 40 for ~1,000 reps).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
}

/// `kura pace`
#[derive(Debug, Args)]
pub struct PaceArgs {
    /// A weekly target (counted activities a week).
    #[arg(long, conflicts_with = "monthly_target")]
    pub weekly_target: Option<u64>,
    /// A monthly target.
    #[arg(long)]
    pub monthly_target: Option<u64>,
    /// The month, YYYY-MM (default: the month of --today).
    #[arg(long)]
    pub month: Option<String>,
    /// Progress of one rep only (with activity data in the database).
    #[arg(long, conflicts_with = "team")]
    pub rep: Option<String>,
    /// Progress of one team's reps only.
    #[arg(long)]
    pub team: Option<String>,
    /// The day progress is measured to, included (default: today), YYYY-MM-DD.
    #[arg(long)]
    pub today: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `kura calendar ...`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Japanese national holidays of a year or a range of years.
    Holidays(HolidaysArgs),
    /// Low-attendance windows (bridge days, Obon, year end) of a year.
    Windows(YearArgs),
    /// Every ISO week of a year with its business days.
    Weeks(YearArgs),
    /// Whether a date is a business day, and why.
    Day(DayArgs),
}

/// Output formats for lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for the terminal.
    Table,
    /// CSV with a header line.
    Csv,
    /// JSON for machines.
    Json,
}

/// `kura calendar holidays`
#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// First year (1948–2150; default: this year).
    #[arg(long)]
    pub year: Option<i16>,
    /// Last year, inclusive (default: --year).
    #[arg(long)]
    pub to: Option<i16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// A year and a format.
#[derive(Debug, Args)]
pub struct YearArgs {
    /// The year (1948–2150; default: this year).
    #[arg(long)]
    pub year: Option<i16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `kura calendar day`
#[derive(Debug, Args)]
pub struct DayArgs {
    /// The date, YYYY-MM-DD.
    pub date: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `kura plan`
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// `next` (default: the first low-attendance window starting after
    /// today), a date inside a low-attendance window, or A..B.
    #[arg(long, default_value = "next")]
    pub window: String,
    /// Plan for one rep only.
    #[arg(long)]
    pub rep: Option<String>,
    /// Plan for one team only.
    #[arg(long)]
    pub team: Option<String>,
    /// The day the plan is made (default: today), YYYY-MM-DD.
    #[arg(long)]
    pub today: Option<String>,
    /// Output format: csv is the call list, one row per contact.
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
}

/// How `kura plan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Text for the terminal.
    Table,
    /// The whole plan as JSON.
    Json,
    /// The call list, for a dialer or a spreadsheet.
    Csv,
    /// Markdown, for a wiki or a chat.
    Markdown,
    /// A self-contained HTML page, to share or print.
    Html,
}

/// `kura availability ...`
#[derive(Debug, Subcommand)]
pub enum AvailabilityCommand {
    /// Record a customer's state for a range of days (the recorded state
    /// wins over the inferred one).
    Set(AvailabilitySetArgs),
}

/// `kura availability set`
#[derive(Debug, Args)]
pub struct AvailabilitySetArgs {
    /// The lead or contact id.
    pub target: String,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last day, YYYY-MM-DD (inclusive).
    #[arg(long)]
    pub to: String,
    /// The state: partners_off, colleagues_off, catch_up_time, covering,
    /// peak_season, unchanged, away or unknown.
    #[arg(long)]
    pub state: String,
    /// A note, e.g. what the customer said.
    #[arg(long)]
    pub note: Option<String>,
}

/// `kura topics ...`
#[derive(Debug, Subcommand)]
pub enum TopicsCommand {
    /// Add (or replace, by id) the topics of a TOML file.
    Add {
        /// The topics file.
        file: PathBuf,
    },
    /// List the stored topics.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TopicsFormat::Table)]
        format: TopicsFormat,
    },
    /// Add the topics of an RSS or Atom feed, a file or an http(s) URL, by
    /// keyword rules.
    Feed {
        /// The feed: a file, or an http:// or https:// URL to fetch.
        feed: String,
        /// Keyword rules (TOML; default: Kura's built-in rules).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Seconds to wait for a URL: to connect, and for the whole download.
        #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Remove a stored topic by id.
    Remove {
        /// The topic's id.
        id: String,
    },
}

/// How `kura topics list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TopicsFormat {
    /// One line per topic.
    Table,
    /// JSON.
    Json,
}
