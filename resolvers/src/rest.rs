//! Hidden GraphQL fields through which the REST façade answers.
//!
//! Each REST route runs one pre-parsed GraphQL operation calling one of
//! these fields. The field checks permissions through the same services as
//! the public schema, then writes the response, already serialized by serde
//! (and possibly as a stream from the database), into the request's
//! [`RestSink`]. GraphQL only dispatches; it never builds the big lists
//! value by value (see `../shared/research/gql-overhead.md`).
//!
//! The fields are hidden from introspection and the SDL, and refuse to run
//! without a sink, so they are of no use to GraphQL clients.

use crate::app::{App, Credentials};
use crate::auth::{self, LoginForm};
use async_graphql::{Context, Json, Object};
use serde_json::{json, Value};
use std::sync::Mutex;
use tusk_db::policy::Principal;
use tusk_db::zou::Body;
use tusk_db::{Error, Result, Session, SqlValue};

/// A cookie the REST response must set or clear (flask-jwt-extended names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieOp {
    SetAccess(String),
    SetRefresh(String),
    ClearAccess,
    ClearRefresh,
}

/// What a REST route answers.
pub struct RestReply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
    pub cookies: Vec<CookieOp>,
    /// Extra response headers (`content-disposition`, `cache-control` …).
    pub headers: Vec<(&'static str, String)>,
}

impl RestReply {
    pub fn json(status: u16, v: &Value) -> Self {
        Self::bytes(status, serde_json::to_vec(v).unwrap_or_default())
    }
    /// Serialize any value as the JSON answer.
    pub fn ok<T: serde::Serialize>(status: u16, v: &T) -> Result<Self> {
        Ok(Self::bytes(status, serde_json::to_vec(v)?))
    }
    pub fn bytes(status: u16, bytes: Vec<u8>) -> Self {
        RestReply {
            status,
            content_type: "application/json",
            body: Body::Full(bytes),
            cookies: vec![],
            headers: vec![],
        }
    }
    /// A streamed or buffered JSON body.
    pub fn body(status: u16, body: Body) -> Self {
        RestReply {
            status,
            content_type: "application/json",
            body,
            cookies: vec![],
            headers: vec![],
        }
    }
    /// `204 No Content`.
    pub fn no_content() -> Self {
        Self::bytes(204, vec![])
    }
    /// A file or other non-JSON body.
    pub fn file(content_type: &'static str, body: Body) -> Self {
        RestReply {
            status: 200,
            content_type,
            body,
            cookies: vec![],
            headers: vec![],
        }
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Where a hidden field leaves the REST response.
#[derive(Default)]
pub struct RestSink(Mutex<Option<RestReply>>);

impl RestSink {
    pub fn put(&self, r: RestReply) {
        if let Ok(mut g) = self.0.lock() {
            *g = Some(r);
        }
    }
    pub fn take(&self) -> Option<RestReply> {
        self.0.lock().ok().and_then(|mut g| g.take())
    }
}

fn sink<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a RestSink> {
    ctx.data::<std::sync::Arc<RestSink>>()
        .map(|s| s.as_ref())
        .map_err(|_| Error::not_found().into())
}

fn session<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a Session> {
    ctx.data::<Session>()
}

fn parse_id(s: &str) -> Result<uuid::Uuid> {
    tusk_db::value::parse_uuid(s)
}

fn pairs(params: Vec<Vec<String>>) -> Vec<(String, String)> {
    params
        .into_iter()
        .filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone())))
        .collect()
}

/// Run the hand-written route the REST request carries (see [`crate::route`]).
async fn run_route(
    ctx: &Context<'_>,
    path: std::collections::HashMap<String, String>,
    query: Vec<Vec<String>>,
    body: Value,
) -> async_graphql::Result<bool> {
    let out = sink(ctx)?;
    let call = ctx.data::<crate::route::RouteCall>()?;
    let upload = call.upload.lock().ok().and_then(|mut u| u.take());
    let req = crate::route::Req {
        path,
        query: pairs(query),
        body,
        upload,
    };
    let c = crate::route::Ctx {
        s: session(ctx)?,
        app: ctx.data::<App>()?,
        creds: ctx.data::<Credentials>()?,
    };
    out.put((call.handler)(c, req).await?);
    Ok(true)
}

#[derive(Default)]
pub struct RestQuery;

#[Object]
impl RestQuery {
    // Every hand-written GET route (`crate::route`).
    #[graphql(visible = false, name = "_restGet")]
    async fn rest_get(
        &self,
        ctx: &Context<'_>,
        path: Json<std::collections::HashMap<String, String>>,
        query: Vec<Vec<String>>,
    ) -> async_graphql::Result<bool> {
        run_route(ctx, path.0, query, Value::Null).await
    }

    // Index routes: `/`, `/status…`, `/stats`, `/config`.
    #[graphql(visible = false, name = "_restIndex")]
    async fn rest_index(&self, ctx: &Context<'_>, route: String) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let app = ctx.data::<App>()?;
        let s = session(ctx)?;
        out.put(crate::index::answer(app, s, &route).await?);
        Ok(true)
    }

    // `/data/events/last`, `/data/events/names`, `/data/events/login-logs/last`.
    #[graphql(visible = false, name = "_restEvents")]
    async fn rest_events(
        &self,
        ctx: &Context<'_>,
        route: String,
        params: Vec<Vec<String>>,
    ) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let s = session(ctx)?;
        let params: Vec<(String, String)> = params
            .into_iter()
            .filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone())))
            .collect();
        let body = match route.as_str() {
            "last" => crate::events::last(s, &params).await?,
            "names" => crate::events::names(s).await?,
            "login-logs" => crate::events::login_logs(s, &params).await?,
            _ => return Err(Error::not_found().into()),
        };
        out.put(RestReply::json(200, &body));
        Ok(true)
    }

    // `GET /auth/authenticated`.
    #[graphql(visible = false, name = "_restAuthenticated")]
    async fn rest_authenticated(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let s = session(ctx)?;
        let actor = s.principal.actor()?;
        let mut db = s.db();
        let person = tusk_db::engine::find::<tusk_schema::Person>(&mut db, actor.id)
            .await?
            .ok_or_else(Error::not_found)?;
        let org = auth::organisation(&mut db).await?;
        let user = auth::user_json(&person, &actor.departments, true)?;
        let body = json!({
            "authenticated": true,
            "user": user,
            "organisation": auth::organisation_json(&org, actor.is_admin())?,
        });
        out.put(RestReply::json(200, &body));
        Ok(true)
    }

    // `GET /data/<collection>` and `GET /data/<collection>/<id>`.
    #[graphql(visible = false, name = "_restCrudRead")]
    async fn rest_crud_read(
        &self,
        ctx: &Context<'_>,
        table: String,
        id: Option<String>,
        params: Vec<Vec<String>>,
    ) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let s = session(ctx)?;
        s.principal.actor()?;
        let ops = tusk_schema::ops(&table).ok_or_else(Error::not_found)?;
        let params: Vec<(String, String)> = params
            .into_iter()
            .filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone())))
            .collect();
        let reply = match id {
            None => {
                let body = ops.list(s, &params).await?;
                RestReply::body(200, body)
            }
            Some(id) => {
                let id = parse_id(&id)?;
                let relations = !params.iter().any(|(k, v)| k == "relations" && v == "false");
                RestReply::bytes(200, ops.get(s, id, relations).await?)
            }
        };
        out.put(reply);
        Ok(true)
    }
}

#[derive(Default)]
pub struct RestMutation;

#[Object]
impl RestMutation {
    // Every hand-written POST, PUT and DELETE route (`crate::route`).
    #[graphql(visible = false, name = "_restSend")]
    async fn rest_send(
        &self,
        ctx: &Context<'_>,
        path: Json<std::collections::HashMap<String, String>>,
        query: Vec<Vec<String>>,
        body: Option<Json<Value>>,
    ) -> async_graphql::Result<bool> {
        run_route(ctx, path.0, query, body.map(|b| b.0).unwrap_or(Value::Null)).await
    }

    // `POST /auth/login` (the body already merged from JSON or form/query).
    #[graphql(visible = false, name = "_restLogin")]
    async fn rest_login(
        &self,
        ctx: &Context<'_>,
        body: Json<Value>,
    ) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let app = ctx.data::<App>()?;
        let creds = ctx.data::<Credentials>()?;
        let s = session(ctx)?;
        let form = LoginForm::parse(&body.0)?;
        let mut db = s.db();
        let ok = auth::login(app, &mut db, &form, creds).await?;
        let admin = ok.person.role == "admin";
        let mut user = auth::user_json(&ok.person, &ok.departments, false)?;
        if let Some(o) = user.as_object_mut() {
            // Zou puts `departments` last in the login answer.
            if let Some(d) = o.remove("departments") {
                o.insert("departments".into(), d);
            }
        }
        let body = json!({
            "user": user,
            "organisation": auth::organisation_json(&ok.organisation, admin)?,
            "login": true,
            "access_token": ok.access_token,
            "refresh_token": ok.refresh_token,
        });
        let mut reply = RestReply::json(200, &body);
        if creds.is_browser() {
            reply.cookies = vec![
                CookieOp::SetAccess(ok.access_token),
                CookieOp::SetRefresh(ok.refresh_token),
            ];
        }
        out.put(reply);
        Ok(true)
    }

    // `GET /auth/refresh-token`.
    #[graphql(visible = false, name = "_restRefresh")]
    async fn rest_refresh(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let app = ctx.data::<App>()?;
        let creds = ctx.data::<Credentials>()?;
        let s = session(ctx)?;
        let token = auth::refresh(app, &s.db, creds).await?;
        let reply = if creds.is_browser() {
            let mut r = RestReply::json(200, &json!({"refresh": true}));
            r.cookies = vec![CookieOp::SetAccess(token), CookieOp::ClearRefresh];
            r
        } else {
            RestReply::json(200, &json!({"access_token": token}))
        };
        out.put(reply);
        Ok(true)
    }

    // `GET /auth/logout`.
    #[graphql(visible = false, name = "_restLogout")]
    async fn rest_logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let app = ctx.data::<App>()?;
        let creds = ctx.data::<Credentials>()?;
        let s = session(ctx)?;
        let actor = s.principal.actor()?;
        auth::logout(app, &mut s.db(), actor).await?;
        let mut reply = RestReply::json(200, &json!({"logout": true}));
        if creds.is_browser() {
            reply.cookies = vec![CookieOp::ClearAccess, CookieOp::ClearRefresh];
        }
        out.put(reply);
        Ok(true)
    }

    // `POST /auth/change-password`.
    #[graphql(visible = false, name = "_restChangePassword")]
    async fn rest_change_password(
        &self,
        ctx: &Context<'_>,
        body: Json<Value>,
    ) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let app = ctx.data::<App>()?;
        let s = session(ctx)?;
        let actor = s.principal.actor()?;
        auth::change_password(app, &mut s.db(), actor, &body.0).await?;
        out.put(RestReply::json(200, &json!({"success": true})));
        Ok(true)
    }

    // `POST`, `PUT` and `DELETE` on `/data/<collection>[/<id>]`.
    #[graphql(visible = false, name = "_restCrudWrite")]
    async fn rest_crud_write(
        &self,
        ctx: &Context<'_>,
        table: String,
        action: String,
        id: Option<String>,
        body: Option<Json<Value>>,
    ) -> async_graphql::Result<bool> {
        let out = sink(ctx)?;
        let s = session(ctx)?;
        s.principal.actor()?;
        let ops = tusk_schema::ops(&table).ok_or_else(Error::not_found)?;
        let body = body.map(|b| b.0).unwrap_or(Value::Null);
        let reply = match (action.as_str(), id) {
            ("create", _) => {
                let out = ops.create(s, body).await?;
                RestReply::bytes(
                    201,
                    crate::auth::with_api_token(ctx.data::<App>()?, s, &table, out, true).await?,
                )
            }
            ("update", Some(id)) => {
                let renew = body.get("expiration_date").is_some_and(|v| !v.is_null());
                let out = ops.update(s, parse_id(&id)?, body).await?;
                RestReply::bytes(
                    200,
                    crate::auth::with_api_token(ctx.data::<App>()?, s, &table, out, renew).await?,
                )
            }
            ("delete", Some(id)) => {
                ops.delete(s, parse_id(&id)?).await?;
                RestReply::no_content()
            }
            _ => return Err(Error::not_found().into()),
        };
        out.put(reply);
        Ok(true)
    }
}

/// Is the caller an admin? (For routes whose answer depends on it.)
pub fn is_admin(p: &Principal) -> bool {
    p.is_admin()
}

/// Count rows of a table matching a raw, trusted condition.
pub async fn count_where(s: &Session, table: &str, cond: &str, args: Vec<SqlValue>) -> Result<i64> {
    let mut db = s.db();
    let mut q = db.sql("SELECT COUNT(*) FROM ");
    q.ident(table);
    if !cond.is_empty() {
        q.push(" WHERE ").push_bound(cond, args);
    }
    db.fetch_scalar::<i64>(&q).await
}
