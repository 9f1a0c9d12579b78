//! The application state shared by every request, and how a request
//! becomes a [`Session`]: credentials → verified token → actor.

use crate::auth::tokens::{self, Kind};
use serde_json::json;
use std::sync::Arc;
use tusk_db::events::EventBus;
use tusk_db::policy::{Actor, IdentityType, Principal};
use tusk_db::{Db, Error, Result, Session, SqlValue};
use uuid::Uuid;

/// Settings the services need (the binary reads them from flags and the
/// environment).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Signs tokens. Never logged, never serialized.
    pub secret_key: String,
    /// Access token lifetime (Zou: 7 days).
    pub access_ttl_secs: i64,
    /// Refresh token lifetime (Zou: 15 days).
    pub refresh_ttl_secs: i64,
    pub min_password_length: usize,
    pub default_locale: String,
    pub default_timezone: String,
    /// The Zou version Tusk answers as (`GET /`).
    pub zou_version: String,
    /// Where files are stored (Zou's `PREVIEW_FOLDER`); in memory when unset.
    pub files_dir: Option<std::path::PathBuf>,
}

impl Settings {
    pub fn new(secret_key: String) -> Self {
        Settings {
            secret_key,
            access_ttl_secs: 7 * 24 * 3600,
            refresh_ttl_secs: 15 * 24 * 3600,
            min_password_length: 8,
            default_locale: "en_US".into(),
            default_timezone: "Europe/Paris".into(),
            zou_version: "1.0.97".into(),
            files_dir: None,
        }
    }
}

/// A small key-value store with expiry: revoked token ids, password reset
/// tokens. The database by default (so it survives restarts and is shared by
/// every instance), or Redis when `KV_HOST` is set (db 0, plain keys with a
/// TTL, as Zou does: `<jti>` → `"true"`, `reset-token-<email>` → token).
#[derive(Clone)]
pub enum Kv {
    Database,
    Redis(redis::aio::MultiplexedConnection),
}

impl Kv {
    pub async fn redis(url: &str) -> Result<Kv> {
        let client = redis::Client::open(url).map_err(Error::internal)?;
        let conn = client
            .get_multiplexed_async_connection()
            .await
            .map_err(Error::internal)?;
        Ok(Kv::Redis(conn))
    }

    /// Set `key` to `value` for `ttl_secs`.
    pub async fn set(&self, db: &mut Db, key: &str, value: &str, ttl_secs: i64) -> Result<()> {
        match self {
            Kv::Database => {
                let now = tusk_db::fmt::now();
                let until = now + chrono::Duration::seconds(ttl_secs);
                let mut s = db.sql("DELETE FROM \"tusk_kv\" WHERE \"expires_at\" < ");
                s.bind(SqlValue::Timestamp(Some(now)));
                db.execute(&s).await?;
                let mut s =
                    db.sql("INSERT INTO \"tusk_kv\" (\"key\", \"value\", \"expires_at\") VALUES (");
                s.bind(SqlValue::Text(Some(key.to_owned()))).push(", ");
                s.bind(SqlValue::Text(Some(value.to_owned()))).push(", ");
                s.bind(SqlValue::Timestamp(Some(until)));
                s.push(") ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\", \"expires_at\" = excluded.\"expires_at\"");
                db.execute(&s).await?;
            }
            Kv::Redis(conn) => {
                let mut c = conn.clone();
                redis::cmd("SET")
                    .arg(key)
                    .arg(value)
                    .arg("EX")
                    .arg(ttl_secs)
                    .query_async::<()>(&mut c)
                    .await
                    .map_err(Error::internal)?;
            }
        }
        Ok(())
    }

    /// The live value of `key`.
    pub async fn get(&self, db: &mut Db, key: &str) -> Result<Option<String>> {
        match self {
            Kv::Database => {
                let mut s = db.sql("SELECT \"value\" FROM \"tusk_kv\" WHERE \"key\" = ");
                s.bind(SqlValue::Text(Some(key.to_owned())))
                    .push(" AND \"expires_at\" > ");
                s.bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())));
                Ok(db.fetch_optional::<(String,)>(&s).await?.map(|r| r.0))
            }
            Kv::Redis(conn) => {
                let mut c = conn.clone();
                redis::cmd("GET")
                    .arg(key)
                    .query_async(&mut c)
                    .await
                    .map_err(Error::internal)
            }
        }
    }

    pub async fn delete(&self, db: &mut Db, key: &str) -> Result<()> {
        match self {
            Kv::Database => {
                let mut s = db.sql("DELETE FROM \"tusk_kv\" WHERE \"key\" = ");
                s.bind(SqlValue::Text(Some(key.to_owned())));
                db.execute(&s).await?;
            }
            Kv::Redis(conn) => {
                let mut c = conn.clone();
                redis::cmd("DEL")
                    .arg(key)
                    .query_async::<()>(&mut c)
                    .await
                    .map_err(Error::internal)?;
            }
        }
        Ok(())
    }

    /// Revoke a token id (Zou's logout).
    pub async fn revoke(&self, db: &mut Db, jti: &str, ttl_secs: i64) -> Result<()> {
        self.set(db, jti, "true", ttl_secs).await
    }

    pub async fn is_revoked(&self, db: &mut Db, jti: &str) -> Result<bool> {
        Ok(self.get(db, jti).await?.is_some())
    }
}

/// What a request presents to identify itself.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub authorization: Option<String>,
    pub access_cookie: Option<String>,
    pub refresh_cookie: Option<String>,
    pub user_agent: Option<String>,
    /// `X-Real-IP`, else the peer address.
    pub ip: Option<String>,
}

impl Credentials {
    /// The token of the wanted kind, following flask-jwt-extended: the
    /// cookie first (even a bad one), then the `Authorization: Bearer` header.
    pub fn token(&self, kind: Kind) -> Result<Option<String>> {
        let cookie = match kind {
            Kind::Access => &self.access_cookie,
            Kind::Refresh => &self.refresh_cookie,
        };
        if let Some(c) = cookie {
            return Ok(Some(c.clone()));
        }
        let Some(h) = &self.authorization else {
            return Ok(None);
        };
        let h = h.trim();
        if h == "Bearer" {
            return Err(tokens::unprocessable(
                "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
            ));
        }
        match h.strip_prefix("Bearer ") {
            Some(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_owned())),
            Some(_) => Err(tokens::unprocessable(
                "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
            )),
            None => Err(missing(kind, true)),
        }
    }

    /// Does the user agent look like a browser (Zou then uses cookies)?
    pub fn is_browser(&self) -> bool {
        crate::auth::is_browser(self.user_agent.as_deref().unwrap_or(""))
    }
}

/// Zou's 401 for a missing token.
pub fn missing(kind: Kind, bad_scheme: bool) -> Error {
    let cookie = match kind {
        Kind::Access => "access_token_cookie",
        Kind::Refresh => "refresh_token_cookie",
    };
    let header = if bad_scheme {
        "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
    } else {
        "Missing Authorization Header"
    };
    tokens::unauthorized_msg(&format!(
        "Missing JWT in cookies or headers (Missing cookie \"{cookie}\"; {header})"
    ))
}

/// Shared state.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub bus: EventBus,
    pub settings: Arc<Settings>,
    pub kv: Kv,
    pub storage: crate::storage::Storage,
}

impl App {
    pub fn new(db: Db, settings: Settings, kv: Kv) -> Self {
        let storage = match &settings.files_dir {
            Some(dir) => crate::storage::Storage::local(dir).unwrap_or_else(|e| {
                tracing::error!(
                    "file storage at {}: {}; keeping files in memory",
                    dir.display(),
                    e.message()
                );
                crate::storage::Storage::memory()
            }),
            None => crate::storage::Storage::memory(),
        };
        App {
            db,
            bus: EventBus::default(),
            settings: Arc::new(settings),
            kv,
            storage,
        }
    }

    pub fn now_ts() -> i64 {
        chrono::Utc::now().timestamp()
    }

    /// A session for a request with these credentials. A token that is
    /// refused makes a `Rejected` principal: public operations ignore it,
    /// protected ones answer with Zou's refusal.
    pub async fn session(&self, creds: &Credentials) -> Session {
        let db = self.db.for_request();
        let principal = match self.principal(&db, creds, Kind::Access).await {
            Ok(Some(actor)) => Principal::Actor(Arc::new(actor)),
            Ok(None) => Principal::Anonymous,
            Err(e) => Principal::Rejected(e.status(), e.zou_body()),
        };
        Session::new(db, principal, self.bus.clone())
    }

    /// Verify the token of `kind` and load its actor. `Ok(None)` when no
    /// token was presented.
    pub async fn principal(
        &self,
        db: &Db,
        creds: &Credentials,
        kind: Kind,
    ) -> Result<Option<Actor>> {
        let Some(token) = creds.token(kind)? else {
            return Ok(None);
        };
        let claims = tokens::verify(&self.settings.secret_key, &token, kind, Self::now_ts())?;
        let identity = match claims.identity_type.as_deref() {
            Some("person") => IdentityType::Person,
            Some("bot") => IdentityType::Bot,
            Some("person_api") => IdentityType::PersonApi,
            _ => return Err(tokens::revoked()),
        };
        let Some(jti) = claims.jti.clone() else {
            return Err(tokens::revoked());
        };
        let mut db = db.clone();
        let id = Uuid::parse_str(&claims.sub).ok();
        // One statement: the person's state, and whether the jti is revoked
        // (database store) or is the person's current API token.
        let row = match id {
            None => None,
            Some(id) => {
                let mut s = db.sql(
                    "SELECT \"active\", \"jti\", \"role\", \"is_bot\" FROM \"person\" WHERE \"id\" = ",
                );
                s.bind(SqlValue::Uuid(Some(id)));
                db.fetch_optional::<(Option<bool>, Option<String>, String, bool)>(&s)
                    .await?
            }
        };
        match identity {
            IdentityType::Person => {
                if self.kv.is_revoked(&mut db, &jti).await? {
                    return Err(tokens::revoked());
                }
            }
            IdentityType::Bot | IdentityType::PersonApi => {
                // Only the latest API token issued to the person is valid.
                if row.as_ref().and_then(|r| r.1.as_deref()) != Some(jti.as_str()) {
                    return Err(tokens::revoked());
                }
            }
        }
        let unauthorized = || {
            Error::body(
                401,
                json!({"error": true, "message": tusk_db::error::UNAUTHORIZED}),
            )
        };
        let Some((active, _, role, is_bot)) = row else {
            return Err(unauthorized());
        };
        let id = id.ok_or_else(unauthorized)?;
        if active == Some(false) {
            // Zou revokes the token of a person who was deactivated.
            if identity == IdentityType::Person {
                let ttl = self.settings.access_ttl_secs;
                self.kv.revoke(&mut db, &jti, ttl).await?;
                if let Some(r) = &claims.refresh_jti {
                    let rttl = if kind == Kind::Access {
                        self.settings.refresh_ttl_secs
                    } else {
                        ttl
                    };
                    self.kv.revoke(&mut db, r, rttl).await?;
                }
            }
            return Err(unauthorized());
        }
        let mut actor = Actor::build(&mut db, id, &role, is_bot, identity).await?;
        actor.jti = Some(jti);
        actor.refresh_jti = claims.refresh_jti;
        Ok(Some(actor))
    }
}
