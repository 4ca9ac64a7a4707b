//! Batch ingestion: `POST /api/v1/{activities,next-actions,leads,availability}`.
//!
//! A dialer or a CRM pushes rows as JSON, one batch per request:
//! `{"activities": [{"id": "a1", "occurred_at": "2026-09-24T10:15:00+09:00",
//! "rep": "sato", "kind": "call"}, …]}`. Each item has the columns of the
//! entity's bundle file (FORMATS.md) as fields, read by the bundle reader's
//! own rules (`kura_import::build_record`): the same defaults, the same
//! accepted values, timestamps without an offset in the organisation's zone.
//!
//! The whole batch is checked before anything is written; the first bad
//! item refuses the batch with a 400 whose `field` is a JSON pointer to the
//! value at fault (`/activities/3/occurred_at`). A valid batch is stored in
//! one import transaction, so a request is all or nothing, and rows are
//! upserted by id, so sending the same batch again changes nothing
//! (`0 new, 0 changed`).

use super::extract::ApiJson;
use crate::web::auth::ApiCaller;
use crate::web::problem::Problem;
use crate::web::state::AppState;
use axum::extract::State;
use kura_core::model::Record;
use kura_import::{Entity, FieldKind, build_record};
use kura_store::{ImportMeta, SourceFile};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use utoipa::ToSchema;

/// What a committed batch did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IngestSummary {
    /// The import batch id (`kura import` lists batches by it).
    pub batch_id: i64,
    /// Items in the request.
    pub received: u64,
    /// Rows whose id was not stored before.
    pub new: u64,
    /// Rows whose id was stored with different content.
    pub changed: u64,
    /// Rows stored exactly so already (re-sent).
    pub unchanged: u64,
    /// Reps created because an item named a rep not stored yet (they have
    /// no team until a `reps.csv` import gives them one).
    pub implied_reps: u64,
}

/// `POST /api/v1/activities`
#[utoipa::path(
    post,
    path = "/api/v1/activities",
    tag = "ingestion",
    summary = "Store a batch of activities (calls, emails, meetings)",
    description = "Items have the columns of activities.csv (FORMATS.md). All or nothing; idempotent by id.",
    request_body(content = super::openapi::ActivityBatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The batch is stored", body = IngestSummary),
        super::openapi::IngestErrors,
    ),
    security(("bearer" = []))
)]
pub async fn activities(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<Value>,
) -> Result<axum::Json<IngestSummary>, Problem> {
    ingest(state, caller, Entity::Activities, body).await
}

/// `POST /api/v1/next-actions`
#[utoipa::path(
    post,
    path = "/api/v1/next-actions",
    tag = "ingestion",
    summary = "Store a batch of next actions (ネクストアクション)",
    description = "Items have the columns of next_actions.csv (FORMATS.md). All or nothing; idempotent by id.",
    request_body(content = super::openapi::NextActionBatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The batch is stored", body = IngestSummary),
        super::openapi::IngestErrors,
    ),
    security(("bearer" = []))
)]
pub async fn next_actions(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<Value>,
) -> Result<axum::Json<IngestSummary>, Problem> {
    ingest(state, caller, Entity::NextActions, body).await
}

/// `POST /api/v1/leads`
#[utoipa::path(
    post,
    path = "/api/v1/leads",
    tag = "ingestion",
    summary = "Store a batch of leads and contacts",
    description = "Items have the columns of leads.csv (FORMATS.md). All or nothing; idempotent by id.",
    request_body(content = super::openapi::LeadBatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The batch is stored", body = IngestSummary),
        super::openapi::IngestErrors,
    ),
    security(("bearer" = []))
)]
pub async fn leads(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<Value>,
) -> Result<axum::Json<IngestSummary>, Problem> {
    ingest(state, caller, Entity::Leads, body).await
}

/// `POST /api/v1/availability`
#[utoipa::path(
    post,
    path = "/api/v1/availability",
    tag = "ingestion",
    summary = "Store a batch of customer states for date ranges",
    description = "Items have the columns of availability.csv (FORMATS.md). All or nothing; \
                   idempotent by target, from and to.",
    request_body(content = super::openapi::AvailabilityBatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The batch is stored", body = IngestSummary),
        super::openapi::IngestErrors,
    ),
    security(("bearer" = []))
)]
pub async fn availability(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<Value>,
) -> Result<axum::Json<IngestSummary>, Problem> {
    ingest(state, caller, Entity::Availability, body).await
}

/// Checks the caller, validates the whole batch, then stores it in one
/// import transaction.
async fn ingest(
    state: AppState,
    caller: ApiCaller,
    entity: Entity,
    body: Value,
) -> Result<axum::Json<IngestSummary>, Problem> {
    caller.require_ingest()?;
    let records = batch_records(entity, &body, state.settings.zone.time_zone())?;
    let source = match &caller {
        ApiCaller::Token { name, .. } => format!("POST /api/v1/{} (token {name})", path(entity)),
        ApiCaller::Person(v) => format!("POST /api/v1/{} ({})", path(entity), v.user.name),
    };
    let received = records.len() as u64;
    let summary = state
        .blocking(move |_, store| {
            let meta = ImportMeta::new("api").with_file(SourceFile {
                name: source,
                blake3: None,
            });
            let mut tx = store.begin_import(meta)?;
            for record in records {
                tx.put(record)?;
            }
            Ok(tx.commit()?)
        })
        .await?;
    let changes = summary.get(store_entity(entity));
    Ok(axum::Json(IngestSummary {
        batch_id: summary.batch_id,
        received,
        new: changes.new,
        changed: changes.changed,
        unchanged: changes.unchanged,
        implied_reps: summary.implied_reps,
    }))
}

/// The URL path segment of an entity's endpoint.
pub fn path(entity: Entity) -> &'static str {
    match entity {
        Entity::NextActions => "next-actions",
        other => other.key(),
    }
}

/// The store's name for an entity.
fn store_entity(entity: Entity) -> kura_store::Entity {
    match entity {
        Entity::Reps => kura_store::Entity::Rep,
        Entity::Accounts => kura_store::Entity::Account,
        Entity::Leads => kura_store::Entity::Lead,
        Entity::Activities => kura_store::Entity::Activity,
        Entity::NextActions => kura_store::Entity::NextAction,
        Entity::Availability => kura_store::Entity::Availability,
    }
}

/// Every item of a batch as a record, or the problem with the first bad one.
pub fn batch_records(
    entity: Entity,
    body: &Value,
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<Record>, Problem> {
    let key = entity.key();
    let items = batch_items(entity, body)?;
    let mut records = Vec::with_capacity(items.len());
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/{key}/{i}");
        let record = item_record(entity, item, &pointer, zone)?;
        if let Some(id) = Entity::id_of(&record) {
            if let Some(first) = first_seen.get(id) {
                return Err(Problem::invalid(
                    format!("{pointer}/id"),
                    format!(
                        "id {id:?} is also the id of /{key}/{first}: an id may appear only once in a batch (send the latest version of the row only)"
                    ),
                ));
            }
            first_seen.insert(id.to_string(), i);
        }
        records.push(record);
    }
    Ok(records)
}

/// The items array of `{"<entity>": [...]}`.
fn batch_items(entity: Entity, body: &Value) -> Result<&Vec<Value>, Problem> {
    let key = entity.key();
    let shape = || format!("send an object {{\"{key}\": [ ... ]}} holding the items");
    let Value::Object(fields) = body else {
        return Err(Problem::invalid(
            "",
            format!("the body is not an object: {}", shape()),
        ));
    };
    if let Some(other) = fields.keys().find(|k| k.as_str() != key) {
        return Err(Problem::invalid(
            format!("/{}", escape(other)),
            format!("unknown member {other:?}: {}", shape()),
        ));
    }
    match fields.get(key) {
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(Problem::invalid(
            format!("/{key}"),
            format!("{key} is not an array: {}", shape()),
        )),
        None => Err(Problem::invalid(
            format!("/{key}"),
            format!("{key} is missing: {}", shape()),
        )),
    }
}

/// One item as a record.
fn item_record(
    entity: Entity,
    item: &Value,
    pointer: &str,
    zone: &jiff::tz::TimeZone,
) -> Result<Record, Problem> {
    let Value::Object(members) = item else {
        return Err(Problem::invalid(
            pointer,
            format!(
                "the item is not an object: give the fields of one row of {} as an object",
                entity.file_name()
            ),
        ));
    };
    let values = item_values(entity, members, pointer)?;
    build_record(
        entity,
        values.iter().map(|(field, text)| (*field, text.as_str())),
        zone,
    )
    .map_err(|e| {
        let name = entity.fields()[e.field].name;
        Problem::invalid(format!("{pointer}/{name}"), e.message.en)
    })
}

/// The item's fields as (field index, text) pairs; `null` is "unknown".
fn item_values(
    entity: Entity,
    members: &Map<String, Value>,
    pointer: &str,
) -> Result<Vec<(usize, String)>, Problem> {
    let mut values = Vec::with_capacity(members.len());
    for (name, value) in members {
        let at = || format!("{pointer}/{}", escape(name));
        let field = entity.field(name).ok_or_else(|| {
            Problem::invalid(
                at(),
                format!(
                    "unknown field {name:?}: {} items take {}",
                    entity.key(),
                    entity.field_list()
                ),
            )
        })?;
        let kind = entity.fields()[field].kind;
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            Value::Bool(b) if kind == FieldKind::Bool => b.to_string(),
            Value::Number(n) if kind == FieldKind::Text => n.to_string(),
            _ => {
                return Err(Problem::invalid(at(), expected(name, kind)));
            }
        };
        values.push((field, text));
    }
    Ok(values)
}

/// What a field's JSON value must be.
fn expected(name: &str, kind: FieldKind) -> String {
    let what = match kind {
        FieldKind::Bool => "true or false",
        FieldKind::Text => "a string (or a number, for an id)",
        FieldKind::Timestamp => {
            "a string: RFC 3339 with an offset (2026-09-24T10:15:00+09:00) or local time YYYY-MM-DD HH:MM[:SS]"
        }
        FieldKind::Date => "a string YYYY-MM-DD",
        _ => "a string, one of the accepted keys",
    };
    format!("{name} must be {what}, or null when unknown")
}

/// A member name as a JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tokyo() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn items_take_the_bundle_columns_and_json_booleans() {
        let body = json!({"activities": [
            {"id": "a1", "occurred_at": "2020-09-23 10:15", "rep": "sato", "kind": "call",
             "personal": false, "call_result": "connected", "target": null},
            {"id": 42, "occurred_at": "2020-09-23T10:15:00+09:00", "rep": "sato", "kind": "email"},
        ]});
        let records = batch_records(Entity::Activities, &body, &tokyo()).unwrap();
        let Record::Activity(a) = &records[0] else {
            panic!("not an activity")
        };
        assert!(!a.personal);
        assert_eq!(a.target, None);
        // 10:15 in Tokyo is 01:15 UTC, however it is written.
        assert_eq!(a.occurred_at, "2020-09-23T01:15:00Z".parse().unwrap());
        let Record::Activity(b) = &records[1] else {
            panic!("not an activity")
        };
        assert_eq!((b.id.as_str(), b.occurred_at), ("42", a.occurred_at));
    }

    #[test]
    fn the_problem_points_at_the_value_at_fault() {
        let body = json!({"activities": [
            {"id": "a1", "occurred_at": "2020-09-23 10:15", "rep": "sato", "kind": "call"},
            {"id": "a2", "occurred_at": "yesterday", "rep": "sato", "kind": "call"},
        ]});
        let p = batch_records(Entity::Activities, &body, &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/activities/1/occurred_at"));
        assert!(p.detail.contains("RFC 3339"), "{}", p.detail);

        let body = json!({"next_actions": [{"id": "n1", "rep": "r", "created_at": "2020-09-01 09:00",
            "due_on": "2020-09-23", "promised": "maybe"}]});
        let p = batch_records(Entity::NextActions, &body, &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/next_actions/0/promised"));

        let body = json!({"leads": [{"id": "l1", "created_at": "2020-09-01 09:00", "a/b": 1}]});
        let p = batch_records(Entity::Leads, &body, &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/leads/0/a~1b"));
        assert!(
            p.detail.contains("leads items take id, account_id"),
            "{}",
            p.detail
        );
    }

    #[test]
    fn the_same_id_twice_and_the_wrong_shape_are_refused() {
        let item = json!({"id": "l1", "created_at": "2020-09-01 09:00"});
        let p =
            batch_records(Entity::Leads, &json!({"leads": [item, item]}), &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/leads/1/id"));
        assert!(p.detail.contains("/leads/0"), "{}", p.detail);

        let p = batch_records(Entity::Leads, &json!([item]), &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some(""));
        let p = batch_records(Entity::Leads, &json!({"activities": []}), &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/activities"));
        let p = batch_records(Entity::Leads, &json!({"leads": {}}), &tokyo()).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("/leads"));
    }
}
