//! The OpenAPI 3 document served at `/api/openapi.json`, generated from the
//! code so it cannot drift: the handlers' `#[utoipa::path]` attributes, the
//! report types' `ToSchema` derives (kura-core and kura-calendar's
//! `openapi` feature), and the ingestion items built from the bundle's own
//! field list (`kura_import::Entity::fields`), the same list the importer
//! reads with.

use super::{calendar, diagnosis, ingest, pacing, plan};
use crate::web::auth::SESSION_COOKIE;
use crate::web::problem::Problem;
use kura_core::model::{
    ActivityKind, CallResult, CustomerState, Direction, NextActionStatus, Outcome,
};
use kura_import::{Entity, FieldKind};
use std::borrow::Cow;
use std::sync::LazyLock;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};

/// The API's description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kura API",
        description = "Push activities, next actions, leads and customer availability from a \
                       dialer or a CRM, and read the calendar, the stock/flow diagnosis, the \
                       window plan and the pacing of targets. Errors are RFC 9457 problem \
                       details (application/problem+json) naming the field at fault. See \
                       docs/api.md."
    ),
    paths(
        ingest::activities,
        ingest::next_actions,
        ingest::leads,
        ingest::availability,
        calendar::holidays,
        calendar::windows,
        diagnosis::diagnosis,
        diagnosis::rep,
        plan::plan,
        pacing::pacing,
    ),
    components(schemas(Problem)),
    modifiers(&Security),
    tags(
        (name = "ingestion", description = "Batches of rows, all or nothing, idempotent by id (ingest tokens)"),
        (name = "calendar", description = "Holidays and low-attendance windows"),
        (name = "diagnosis", description = "Stock-type or flow-type, with the evidence"),
        (name = "plan", description = "Who to contact in a low-attendance window, and why now"),
        (name = "pacing", description = "Targets paced by business days"),
    )
)]
pub struct ApiDoc;

/// The document as JSON, built once.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the generated OpenAPI document serialises")
});

/// The two ways to authenticate: an API token, or a browser session.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `kura token create NAME --scope ingest|read`",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie set by signing in to the dashboard (reads only)",
            ))),
        );
    }
}

/// The error answers of a read endpoint.
#[derive(IntoResponses)]
#[expect(
    dead_code,
    reason = "the variants only describe answers in the document"
)]
pub enum ReadErrors {
    /// A query parameter is wrong; `field` names it.
    #[response(
        status = 400,
        description = "A query parameter is wrong; `field` names it",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    /// No token and no session.
    #[response(
        status = 401,
        description = "No valid API token or session",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    /// An ingest token.
    #[response(
        status = 403,
        description = "The token's scope is ingest",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// A rep or team that is unknown or hidden from the caller.
    #[response(
        status = 404,
        description = "Nothing the caller may see answers the request",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
}

/// The error answers of an ingestion endpoint.
#[derive(IntoResponses)]
#[expect(
    dead_code,
    reason = "the variants only describe answers in the document"
)]
pub enum IngestErrors {
    /// An item is wrong; nothing was stored.
    #[response(
        status = 400,
        description = "The body is not JSON, or an item is wrong (`field` is a JSON pointer to \
                       it, e.g. /activities/3/occurred_at); nothing of the batch is stored",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    /// No token.
    #[response(
        status = 401,
        description = "No valid API token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    /// A read token or a browser session.
    #[response(
        status = 403,
        description = "Not an ingest token",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// Over `kura serve --max-body-mib`.
    #[response(
        status = 413,
        description = "The body is larger than the server accepts",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    /// Not `application/json`.
    #[response(
        status = 415,
        description = "The body is not declared as application/json",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
}

/// The schema of one item of an entity's batch: its bundle columns.
fn item_schema(entity: Entity) -> Schema {
    let mut item = ObjectBuilder::new().description(Some(format!(
        "One row of {}: its columns as fields (FORMATS.md); null or absent is unknown",
        entity.file_name()
    )));
    for field in entity.fields() {
        item = item.property(field.name, field_schema(field.kind, field.required));
        if field.required {
            item = item.required(field.name);
        }
    }
    Schema::Object(item.build())
}

/// The schema of one field's value.
fn field_schema(kind: FieldKind, required: bool) -> Schema {
    let keys = |all: Vec<&'static str>| Some(all);
    let (ty, format, description, values): (Type, Option<KnownFormat>, &str, Option<Vec<&str>>) =
        match kind {
            FieldKind::Text => (
                Type::String,
                None,
                "Text (an id may also be a number)",
                None,
            ),
            FieldKind::Timestamp => (
                Type::String,
                None,
                "RFC 3339 with an offset (2026-09-24T10:15:00+09:00), or local time \
                 YYYY-MM-DD HH:MM[:SS] in the organisation's time zone",
                None,
            ),
            FieldKind::Date => (Type::String, Some(KnownFormat::Date), "YYYY-MM-DD", None),
            FieldKind::Bool => (
                Type::Boolean,
                None,
                "true or false (also \"1\", \"0\")",
                None,
            ),
            FieldKind::Kind => (
                Type::String,
                None,
                "The kind of activity",
                keys(ActivityKind::ALL.iter().map(|k| k.key()).collect()),
            ),
            FieldKind::Direction => (
                Type::String,
                None,
                "Who started it (default outbound)",
                keys(Direction::ALL.iter().map(|k| k.key()).collect()),
            ),
            FieldKind::CallResult => (
                Type::String,
                None,
                "The result of a call (calls only)",
                keys(CallResult::ALL.iter().map(|k| k.key()).collect()),
            ),
            FieldKind::Outcome => (
                Type::String,
                None,
                "What it produced (default none)",
                keys(Outcome::ALL.iter().map(|k| k.key()).collect()),
            ),
            FieldKind::Status => (
                Type::String,
                None,
                "open (default without completed_at), completed or cancelled",
                keys(NextActionStatus::ALL.iter().map(|k| k.key()).collect()),
            ),
            FieldKind::State => (
                Type::String,
                None,
                "The customer's state in the range (METRICS.md §10)",
                keys(CustomerState::ALL.iter().map(|k| k.key()).collect()),
            ),
        };
    let schema_type = if required {
        SchemaType::from(ty)
    } else {
        SchemaType::from_iter([ty, Type::Null])
    };
    let mut schema = ObjectBuilder::new()
        .schema_type(schema_type)
        .description(Some(description))
        .format(format.map(SchemaFormat::KnownFormat));
    if let Some(mut values) = values.map(|v| {
        v.into_iter()
            .map(serde_json::Value::from)
            .collect::<Vec<_>>()
    }) {
        if !required {
            values.push(serde_json::Value::Null);
        }
        schema = schema.enum_values(Some(values));
    }
    Schema::Object(schema.build())
}

/// The schema of a batch: `{"<entity>": [item, …]}`.
fn batch_schema(entity: Entity, item: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .description(Some(format!(
            "A batch of {}: stored all or nothing, upserted by id",
            entity.key()
        )))
        .property(
            entity.key(),
            ArrayBuilder::new().items(RefOr::Ref(Ref::from_schema_name(item))),
        )
        .required(entity.key())
        .into()
}

/// A request body type of an ingestion endpoint, with its item schema.
macro_rules! batch {
    ($(#[$doc:meta])* $batch:ident, $item:literal, $entity:expr) => {
        $(#[$doc])*
        pub struct $batch;

        impl PartialSchema for $batch {
            fn schema() -> RefOr<Schema> {
                batch_schema($entity, $item)
            }
        }

        impl ToSchema for $batch {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($batch))
            }

            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push(($item.to_string(), RefOr::T(item_schema($entity))));
            }
        }
    };
}

batch!(
    /// `{"activities": [...]}`
    ActivityBatch,
    "ActivityItem",
    Entity::Activities
);
batch!(
    /// `{"next_actions": [...]}`
    NextActionBatch,
    "NextActionItem",
    Entity::NextActions
);
batch!(
    /// `{"leads": [...]}`
    LeadBatch,
    "LeadItem",
    Entity::Leads
);
batch!(
    /// `{"availability": [...]}`
    AvailabilityBatch,
    "AvailabilityItem",
    Entity::Availability
);
