//! The GraphQL schema: every table's generated queries and mutations, the
//! auth operations, the event feed and its subscription, and the hidden
//! fields the REST façade runs.

use crate::app::{App, Credentials};
use crate::auth;
use crate::rest::{RestMutation, RestQuery};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, MergedObject, Object, Schema, SimpleObject, Subscription, ID};
use futures::{Stream, StreamExt};
use serde_json::Value;
use tusk_db::events::Event;
use tusk_db::loaders;
use tusk_db::policy::{Principal, Role};
use tusk_db::{engine, Error, Session, SqlValue};
use tusk_schema::{Organisation, Person};
use uuid::Uuid;

/// Depth and complexity limits: a query deeper or bigger than this is
/// refused before it runs.
pub const MAX_DEPTH: usize = 16;
pub const MAX_COMPLEXITY: usize = 2_000_000;

#[derive(MergedObject, Default)]
pub struct Query(
    tusk_schema::ModelQuery,
    tusk_schema::views::ViewQuery,
    AuthQuery,
    EventQuery,
    crate::projects::gql::ProductionQuery,
    crate::breakdown::gql::BreakdownFieldsQuery,
    RestQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    tusk_schema::ModelMutation,
    AuthMutation,
    crate::projects::gql::ProductionMutation,
    crate::breakdown::gql::BreakdownFieldsMutation,
    crate::tasks::TasksFieldsMutation,
    RestMutation,
);

pub type TuskSchema = Schema<Query, Mutation, Subscription>;

/// Build the schema (once, at startup).
pub fn build(app: App) -> TuskSchema {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .data(app)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The published schema (SDL), without the fields only the REST façade
/// uses (async-graphql prints hidden fields too).
pub fn sdl() -> String {
    let full = Schema::build(Query::default(), Mutation::default(), Subscription)
        .finish()
        .sdl();
    full.lines()
        .filter(|l| !l.trim_start().starts_with("_rest"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Attach a request's session and loaders to a GraphQL request.
pub fn with_session(
    req: async_graphql::Request,
    session: Session,
    creds: Credentials,
) -> async_graphql::Request {
    let loaders = loaders::new_loaders(session.clone());
    req.data(session).data(loaders).data(creds)
}

fn session<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a Session> {
    ctx.data::<Session>()
}

// ---------------------------------------------------------------------------
// Auth

#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Valid 7 days.
    pub access_token: String,
    /// Valid 15 days; exchange it with `refreshToken`.
    pub refresh_token: String,
    pub user: Person,
    pub organisation: Organisation,
}

#[derive(SimpleObject)]
pub struct RefreshPayload {
    pub access_token: String,
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The authenticated person, or null.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let s = session(ctx)?;
        match &s.principal {
            Principal::Actor(a) => Ok(engine::find::<Person>(&mut s.db(), a.id).await?),
            Principal::Anonymous => Ok(None),
            Principal::Rejected(..) => Err(s.principal.actor().unwrap_err().into()),
        }
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Log in with an email (or desktop login) and a password; `totp` when
    /// two-factor authentication is on.
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
        totp: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        let app = ctx.data::<App>()?;
        let creds = ctx.data::<Credentials>()?;
        let s = session(ctx)?;
        let form = auth::LoginForm {
            email,
            password,
            totp,
            recovery_code: None,
        };
        let ok = auth::login(app, &mut s.db(), &form, creds).await?;
        Ok(AuthPayload {
            access_token: ok.access_token,
            refresh_token: ok.refresh_token,
            user: ok.person,
            organisation: ok.organisation,
        })
    }

    /// A new access token from a refresh token (given here, or in the
    /// `Authorization` header or `refresh_token_cookie`).
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        refresh_token: Option<String>,
    ) -> async_graphql::Result<RefreshPayload> {
        let app = ctx.data::<App>()?;
        let s = session(ctx)?;
        let mut creds = ctx.data::<Credentials>()?.clone();
        if let Some(t) = refresh_token {
            creds.refresh_cookie = Some(t);
        }
        Ok(RefreshPayload {
            access_token: auth::refresh(app, &s.db, &creds).await?,
        })
    }

    /// Revoke the current access token and its refresh token.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let app = ctx.data::<App>()?;
        let s = session(ctx)?;
        auth::logout(app, &mut s.db(), s.principal.actor()?).await?;
        Ok(true)
    }

    /// Change one's own password.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        old_password: String,
        password: String,
        password_2: String,
    ) -> async_graphql::Result<bool> {
        let app = ctx.data::<App>()?;
        let s = session(ctx)?;
        let body = serde_json::json!({"old_password": old_password, "password": password, "password_2": password_2});
        auth::change_password(app, &mut s.db(), s.principal.actor()?, &body).await?;
        Ok(true)
    }
}

// ---------------------------------------------------------------------------
// Event feed

/// One event of the change feed.
#[derive(SimpleObject, Clone)]
pub struct FeedEvent {
    pub id: ID,
    /// Zou's event name, such as `task:update`.
    pub name: String,
    pub data: async_graphql::Json<Value>,
    pub project_id: Option<ID>,
    pub user_id: Option<ID>,
    pub created_at: chrono::NaiveDateTime,
    /// Resume the feed after this event with `events(after: cursor)`.
    pub cursor: String,
}

fn cursor_of(created_at: chrono::NaiveDateTime, id: Uuid) -> String {
    format!("{}_{}", created_at.and_utc().timestamp_micros(), id)
}

fn parse_cursor(c: &str) -> tusk_db::Result<(chrono::NaiveDateTime, Uuid)> {
    let bad = || Error::bad_request("Malformed cursor");
    let (ts, id) = c.split_once('_').ok_or_else(bad)?;
    let micros: i64 = ts.parse().map_err(|_| bad())?;
    let t = chrono::DateTime::from_timestamp_micros(micros)
        .ok_or_else(bad)?
        .naive_utc();
    Ok((t, Uuid::parse_str(id).map_err(|_| bad())?))
}

impl From<Event> for FeedEvent {
    fn from(e: Event) -> Self {
        FeedEvent {
            id: ID(e.id.to_string()),
            name: e.name,
            data: async_graphql::Json(e.data),
            project_id: e.project_id.map(|p| ID(p.to_string())),
            user_id: e.user_id.map(|p| ID(p.to_string())),
            created_at: e.created_at,
            cursor: cursor_of(e.created_at, e.id),
        }
    }
}

/// Who may read the feed: admins everything; managers the events of their
/// projects. `None` means everything.
fn feed_scope(p: &Principal) -> tusk_db::Result<Option<Vec<Uuid>>> {
    let a = p.actor()?;
    if a.is_admin() {
        return Ok(None);
    }
    let projects: Vec<Uuid> = a
        .projects
        .keys()
        .copied()
        .filter(|pid| a.project_role(*pid).is_some_and(Role::is_manager))
        .collect();
    if projects.is_empty() {
        return Err(Error::forbidden());
    }
    Ok(Some(projects))
}

async fn feed_page(
    s: &Session,
    after: Option<&str>,
    first: i64,
    project: Option<Uuid>,
) -> tusk_db::Result<Vec<Event>> {
    let scope = feed_scope(&s.principal)?;
    let mut db = s.db();
    let mut q = db.sql(
        "SELECT \"id\", \"name\", \"data\", \"project_id\", \"user_id\", \"created_at\" FROM \"api_event\" WHERE 1=1",
    );
    if let Some(c) = after {
        let (t, id) = parse_cursor(c)?;
        q.push(" AND (\"created_at\" > ")
            .bind(SqlValue::Timestamp(Some(t)));
        q.push(" OR (\"created_at\" = ")
            .bind(SqlValue::Timestamp(Some(t)));
        q.push(" AND \"id\" > ")
            .bind(SqlValue::Uuid(Some(id)))
            .push("))");
    }
    if let Some(p) = project {
        q.push(" AND \"project_id\" = ")
            .bind(SqlValue::Uuid(Some(p)));
    }
    if let Some(ps) = &scope {
        q.push(" AND \"project_id\"").in_uuids(ps);
    }
    q.push(" ORDER BY \"created_at\", \"id\" LIMIT ")
        .bind(SqlValue::BigInt(Some(first)));
    let rows = db
        .fetch_all::<(
            Uuid,
            String,
            Option<Value>,
            Option<Uuid>,
            Option<Uuid>,
            chrono::NaiveDateTime,
        )>(&q)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, data, project_id, user_id, created_at)| Event {
            id,
            name,
            data: data.unwrap_or(Value::Null),
            project_id,
            user_id,
            created_at,
        })
        .collect())
}

#[derive(Default)]
pub struct EventQuery;

#[Object]
impl EventQuery {
    /// The change feed: events in the order they happened, resumable from
    /// a cursor. Admins see every event, managers those of their projects.
    async fn events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        #[graphql(default = 100)] first: i32,
        project_id: Option<ID>,
    ) -> async_graphql::Result<Connection<String, FeedEvent>> {
        let s = session(ctx)?;
        let first = (first.clamp(0, 10_000)) as i64;
        let project = project_id
            .map(|p| tusk_db::value::parse_uuid(&p))
            .transpose()?;
        let mut rows = feed_page(s, after.as_deref(), first + 1, project).await?;
        let more = rows.len() as i64 > first;
        rows.truncate(first as usize);
        let mut c = Connection::new(after.is_some(), more);
        c.edges.extend(rows.into_iter().map(|e| {
            let f = FeedEvent::from(e);
            Edge::new(f.cursor.clone(), f)
        }));
        Ok(c)
    }
}

pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Events as they happen. With `after`, the events recorded since that
    /// cursor are replayed first, so a client can resume without a gap.
    async fn events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        project_id: Option<ID>,
    ) -> async_graphql::Result<impl Stream<Item = FeedEvent>> {
        let s = session(ctx)?.clone();
        let scope = feed_scope(&s.principal)?;
        let project = project_id
            .map(|p| tusk_db::value::parse_uuid(&p))
            .transpose()?;
        // Subscribe before reading the backlog, so nothing falls between.
        let live = tokio_stream::wrappers::BroadcastStream::new(s.bus.subscribe());
        let backlog = match &after {
            Some(c) => feed_page(&s, Some(c), 10_000, project).await?,
            None => vec![],
        };
        let last = backlog.last().map(|e| (e.created_at, e.id));
        let visible = move |e: &Event| {
            project.is_none_or(|p| e.project_id == Some(p))
                && scope
                    .as_ref()
                    .is_none_or(|ps| e.project_id.is_some_and(|p| ps.contains(&p)))
                && last.is_none_or(|l| (e.created_at, e.id) > l)
        };
        let live = live.filter_map(move |r| {
            futures::future::ready(r.ok().filter(|e| visible(e)).map(FeedEvent::from))
        });
        Ok(futures::stream::iter(backlog.into_iter().map(FeedEvent::from)).chain(live))
    }
}
