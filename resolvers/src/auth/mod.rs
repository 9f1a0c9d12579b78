//! Authentication: login, token refresh, logout, password change.
//!
//! These services are shared by the GraphQL mutations (`login`,
//! `refreshToken`, `logout`, `changePassword`) and the REST routes under
//! `/auth` (which run them through hidden GraphQL fields). Behaviour follows
//! Zou (`behaviours.md` §2 and `docs/zou-reference/auth-index.md`).

pub mod tokens;
pub use tusk_db::passwords;

use crate::app::{App, Credentials};
use serde_json::{json, Map, Value};
use tokens::Kind;
use tusk_db::policy::{Actor, IdentityType};
use tusk_db::{engine, Db, Error, Model, Result, SqlValue};
use tusk_schema::{Organisation, Person};
use uuid::Uuid;

/// Failed attempts before the lockout, and its length.
pub const MAX_FAILED_ATTEMPTS: i32 = 5;
pub const LOCKOUT_SECS: i64 = 60;

/// Zou sets cookies (and logs `web` logins) for known browsers only.
pub fn is_browser(ua: &str) -> bool {
    const MARKERS: [&str; 12] = [
        "Chrome/",
        "Chromium/",
        "Firefox/",
        "Safari/",
        "Edg/",
        "Edge/",
        "OPR/",
        "Opera",
        "Vivaldi",
        "Brave",
        "CriOS/",
        "FxiOS/",
    ];
    MARKERS.iter().any(|m| ua.contains(m))
}

fn validation(errors: Vec<(&str, &str)>) -> Error {
    let errs: Vec<Value> = errors
        .into_iter()
        .map(|(f, m)| json!({"field": f, "message": m}))
        .collect();
    Error::body(
        400,
        json!({"error": true, "message": "Validation error.", "data": {"errors": errs}}),
    )
}

fn wrong_credentials() -> Error {
    Error::body(
        400,
        json!({"login": false, "message": "Wrong email or password."}),
    )
}

/// A required, non-empty string field of a Zou body (pydantic's messages).
fn required_str<'a>(
    obj: &'a Map<String, Value>,
    field: &'static str,
    errs: &mut Vec<(&'static str, &'static str)>,
) -> Option<&'a str> {
    match obj.get(field) {
        None => {
            errs.push((field, "Field required"));
            None
        }
        Some(Value::String(s)) if s.is_empty() => {
            errs.push((field, "String should have at least 1 character"));
            None
        }
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            errs.push((field, "Input should be a valid string"));
            None
        }
    }
}

fn optional_str<'a>(
    obj: &'a Map<String, Value>,
    field: &'static str,
    errs: &mut Vec<(&'static str, &'static str)>,
) -> Option<&'a str> {
    match obj.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            errs.push((field, "Input should be a valid string"));
            None
        }
    }
}

/// What a login needs.
#[derive(Debug, Clone)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub totp: Option<String>,
    pub recovery_code: Option<String>,
}

impl LoginForm {
    /// Validate a Zou login body (already merged from JSON or form/query).
    pub fn parse(body: &Value) -> Result<LoginForm> {
        let Some(obj) = body.as_object() else {
            return Err(validation(vec![(
                "",
                "Input should be a valid dictionary or instance of LoginSchema",
            )]));
        };
        let mut errs = Vec::new();
        let email = required_str(obj, "email", &mut errs);
        let password = match obj.get("password") {
            None | Some(Value::Null) => Some("default"),
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                errs.push(("password", "Input should be a valid string"));
                None
            }
        };
        let totp = optional_str(obj, "totp", &mut errs);
        let _ = optional_str(obj, "email_otp", &mut errs);
        let recovery_code = optional_str(obj, "recovery_code", &mut errs);
        if !errs.is_empty() {
            return Err(validation(errs));
        }
        Ok(LoginForm {
            email: email.unwrap_or_default().to_owned(),
            password: password.unwrap_or("default").to_owned(),
            totp: totp.map(str::to_owned),
            recovery_code: recovery_code.map(str::to_owned),
        })
    }
}

/// A successful login.
pub struct LoginOk {
    pub person: Person,
    pub departments: Vec<Uuid>,
    pub organisation: Organisation,
    pub access_token: String,
    pub refresh_token: String,
}

async fn person_where(
    db: &mut Db,
    column: &str,
    value: &str,
    case_insensitive: bool,
) -> Result<Option<Person>> {
    let meta = Person::META;
    let mut s = db.sql("SELECT ");
    s.push(&meta.select_list(None))
        .push(" FROM \"person\" WHERE ");
    if case_insensitive {
        s.push("lower(")
            .ident(column)
            .push(") = lower(")
            .bind(SqlValue::Text(Some(value.to_owned())))
            .push(")");
    } else {
        s.ident(column)
            .push(" = ")
            .bind(SqlValue::Text(Some(value.to_owned())));
    }
    // Humans first: a bot may share an email.
    s.push(" ORDER BY \"is_bot\" ASC LIMIT 1");
    db.fetch_optional(&s).await
}

/// Find a person by email (case-insensitive), else by desktop login.
pub async fn find_login(db: &mut Db, login: &str) -> Result<Option<Person>> {
    if login.is_empty() {
        return Ok(None);
    }
    if let Some(p) = person_where(db, "email", login, true).await? {
        return Ok(Some(p));
    }
    person_where(db, "desktop_login", login, false).await
}

async fn set_person(db: &mut Db, id: Uuid, sets: &[(&str, SqlValue)]) -> Result<()> {
    let mut s = db.sql("UPDATE \"person\" SET ");
    for (i, (c, v)) in sets.iter().enumerate() {
        if i > 0 {
            s.push(", ");
        }
        s.ident(c).push(" = ").bind(v.clone());
    }
    s.push(", \"updated_at\" = ")
        .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())));
    s.push(" WHERE \"id\" = ").bind(SqlValue::Uuid(Some(id)));
    db.execute(&s).await?;
    Ok(())
}

fn locked_out(p: &Person) -> bool {
    let attempts = p.login_failed_attemps.unwrap_or(0);
    attempts >= MAX_FAILED_ATTEMPTS
        && p.last_login_failed
            .is_some_and(|t| (tusk_db::fmt::now() - t).num_seconds() < LOCKOUT_SECS)
}

/// The studio's organisation row, created on first use (as Zou does).
pub async fn organisation(db: &mut Db) -> Result<Organisation> {
    let meta = Organisation::META;
    let select = |db: &Db| {
        let mut s = db.sql("SELECT ");
        s.push(&meta.select_list(None))
            .push(" FROM \"organisation\" ORDER BY \"created_at\" LIMIT 1");
        s
    };
    if let Some(o) = db.fetch_optional::<Organisation>(&select(db)).await? {
        return Ok(o);
    }
    let now = tusk_db::fmt::now();
    let mut s = db.sql("INSERT INTO \"organisation\" (\"id\", \"created_at\", \"updated_at\", \"name\", \"hours_by_day\", \"chat_token_slack\", \"chat_webhook_mattermost\", \"chat_token_discord\") VALUES (");
    s.bind(SqlValue::Uuid(Some(Uuid::new_v4()))).push(", ");
    s.bind(SqlValue::Timestamp(Some(now))).push(", ");
    s.bind(SqlValue::Timestamp(Some(now)))
        .push(", 'Kitsu', 8, '', '', '') ON CONFLICT DO NOTHING");
    db.execute(&s).await?;
    db.fetch_one::<Organisation>(&select(db)).await
}

/// Issue an access and a refresh token for a person.
pub fn issue_pair(app: &App, id: Uuid) -> (tokens::Issued, tokens::Issued) {
    let now = App::now_ts();
    let key = &app.settings.secret_key;
    let refresh = tokens::issue(
        key,
        id,
        Kind::Refresh,
        "person",
        None,
        now,
        Some(app.settings.refresh_ttl_secs),
    );
    let access = tokens::issue(
        key,
        id,
        Kind::Access,
        "person",
        Some(&refresh.jti),
        now,
        Some(app.settings.access_ttl_secs),
    );
    (access, refresh)
}

/// Log in: lockout, password (argon2id or Zou's bcrypt, rehashed), the
/// "default" password reset, inactive accounts, 2FA, then tokens and a
/// `login_log` row.
pub async fn login(
    app: &App,
    db: &mut Db,
    form: &LoginForm,
    creds: &Credentials,
) -> Result<LoginOk> {
    let Some(person) = find_login(db, &form.email).await? else {
        passwords::dummy_verify().await;
        return Err(wrong_credentials());
    };
    let attempts = person.login_failed_attemps.unwrap_or(0);
    if locked_out(&person) {
        return Err(Error::body(
            400,
            json!({"error": true, "login": false, "too_many_failed_login_attemps": true,
                   "message": "Too many failed login attempts, retry in a minute."}),
        ));
    }
    let mut attempts = attempts;
    if attempts >= MAX_FAILED_ATTEMPTS {
        set_person(
            db,
            person.id,
            &[("login_failed_attemps", SqlValue::Int(Some(0)))],
        )
        .await?;
        attempts = 0;
    }
    let ok = match &person.password {
        Some(h) => passwords::verify(&form.password, h).await,
        None => {
            passwords::dummy_verify().await;
            false
        }
    };
    if !ok {
        set_person(
            db,
            person.id,
            &[
                ("login_failed_attemps", SqlValue::Int(Some(attempts + 1))),
                (
                    "last_login_failed",
                    SqlValue::Timestamp(Some(tusk_db::fmt::now())),
                ),
            ],
        )
        .await?;
        return Err(wrong_credentials());
    }
    if form.password == "default" {
        let token = random_token(64);
        let email = person.email.clone().unwrap_or_default();
        app.kv
            .set(db, &format!("reset-token-{email}"), &token, 7200)
            .await?;
        return Err(Error::body(
            400,
            json!({"login": false, "default_password": true, "token": token}),
        ));
    }
    if person.active == Some(false) {
        return Err(Error::body(
            401,
            json!({"error": true, "login": false, "unactive": true,
                   "message": "User is unactive, he cannot log in."}),
        ));
    }
    check_two_factor(db, &person, form).await?;

    let mut sets = Vec::new();
    if attempts != 0 {
        sets.push(("login_failed_attemps", SqlValue::Int(Some(0))));
    }
    if person
        .password
        .as_deref()
        .is_some_and(passwords::needs_rehash)
    {
        sets.push((
            "password",
            SqlValue::Bytes(Some(passwords::hash(&form.password).await?)),
        ));
    }
    if !sets.is_empty() {
        set_person(db, person.id, &sets).await?;
    }
    let (access, refresh) = issue_pair(app, person.id);
    write_login_log(db, person.id, creds).await?;
    let organisation = organisation(db).await?;
    let departments = departments_of(db, person.id).await?;
    Ok(LoginOk {
        person,
        departments,
        organisation,
        access_token: access.token,
        refresh_token: refresh.token,
    })
}

async fn check_two_factor(db: &mut Db, person: &Person, form: &LoginForm) -> Result<()> {
    let totp = person.totp_enabled == Some(true);
    let email = person.email_otp_enabled == Some(true);
    let fido = person.fido_enabled == Some(true);
    if !(totp || email || fido) {
        return Ok(());
    }
    let mut enabled: Vec<&str> = Vec::new();
    if totp {
        enabled.push("totp");
    }
    if email {
        enabled.push("email_otp");
    }
    if fido {
        enabled.push("fido");
    }
    enabled.push("recovery_code");
    if form.totp.is_none() && form.recovery_code.is_none() {
        return Err(Error::body(
            400,
            json!({"login": false, "missing_OTP": true,
                   "preferred_two_factor_authentication": person.preferred_two_factor_authentication,
                   "two_factor_authentication_enabled": enabled}),
        ));
    }
    let valid = match (&form.totp, &person.totp_secret) {
        (Some(code), Some(secret)) if totp => verify_totp(secret, code),
        _ => false,
    };
    if valid {
        return Ok(());
    }
    let _ = db;
    Err(Error::body(400, json!({"login": false, "wrong_OTP": true})))
}

/// Check a TOTP code (±1 time step), as Zou does.
pub fn verify_totp(secret_b32: &str, code: &str) -> bool {
    let Ok(secret) = totp_rs::Secret::Encoded(secret_b32.to_owned()).to_bytes() else {
        return false;
    };
    let t = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, secret);
    t.check_current(code.trim()).unwrap_or(false)
}

/// A random `[A-Z0-9]` token.
pub fn random_token(len: usize) -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

async fn write_login_log(db: &mut Db, person: Uuid, creds: &Credentials) -> Result<()> {
    let now = tusk_db::fmt::now();
    let mut s = db.sql("INSERT INTO \"login_log\" (\"id\", \"created_at\", \"updated_at\", \"person_id\", \"ip_address\", \"origin\") VALUES (");
    s.bind(SqlValue::Uuid(Some(Uuid::new_v4()))).push(", ");
    s.bind(SqlValue::Timestamp(Some(now))).push(", ");
    s.bind(SqlValue::Timestamp(Some(now))).push(", ");
    s.bind(SqlValue::Uuid(Some(person))).push(", ");
    s.bind(SqlValue::Text(creds.ip.clone())).push(", ");
    s.bind(SqlValue::Text(Some(
        if creds.is_browser() { "web" } else { "script" }.into(),
    )))
    .push(")");
    db.execute(&s).await?;
    Ok(())
}

pub async fn departments_of(db: &mut Db, person: Uuid) -> Result<Vec<Uuid>> {
    let mut s = db.sql("SELECT \"department_id\" FROM \"department_link\" WHERE \"person_id\" = ");
    s.bind(SqlValue::Uuid(Some(person)));
    Ok(db
        .fetch_all::<(Uuid,)>(&s)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// A new access token from a refresh token (which is not rotated).
pub async fn refresh(app: &App, db: &Db, creds: &Credentials) -> Result<String> {
    let Some(actor) = app.principal(db, creds, Kind::Refresh).await? else {
        return Err(crate::app::missing(Kind::Refresh, false));
    };
    if actor.identity != IdentityType::Person {
        return Err(Error::forbidden());
    }
    let now = App::now_ts();
    let access = tokens::issue(
        &app.settings.secret_key,
        actor.id,
        Kind::Access,
        "person",
        actor.jti.as_deref(),
        now,
        Some(app.settings.access_ttl_secs),
    );
    Ok(access.token)
}

/// Revoke the access token and its refresh token.
pub async fn logout(app: &App, db: &mut Db, actor: &Actor) -> Result<()> {
    if actor.identity != IdentityType::Person {
        return Err(Error::forbidden());
    }
    if let Some(j) = &actor.jti {
        app.kv.revoke(db, j, app.settings.access_ttl_secs).await?;
    }
    if let Some(j) = &actor.refresh_jti {
        app.kv.revoke(db, j, app.settings.refresh_ttl_secs).await?;
    }
    Ok(())
}

/// Change one's own password: lockout, old password, length, confirmation.
pub async fn change_password(app: &App, db: &mut Db, actor: &Actor, body: &Value) -> Result<()> {
    if actor.identity != IdentityType::Person {
        return Err(Error::forbidden());
    }
    let obj = body.as_object().cloned().unwrap_or_default();
    let mut errs = Vec::new();
    let old = required_str(&obj, "old_password", &mut errs).map(str::to_owned);
    let new = required_str(&obj, "password", &mut errs).map(str::to_owned);
    let confirm = required_str(&obj, "password_2", &mut errs).map(str::to_owned);
    if !errs.is_empty() {
        return Err(validation(errs));
    }
    let (old, new, confirm) = (
        old.unwrap_or_default(),
        new.unwrap_or_default(),
        confirm.unwrap_or_default(),
    );
    let person = engine::find::<Person>(db, actor.id)
        .await?
        .ok_or_else(Error::not_found)?;
    if locked_out(&person) {
        return Err(Error::body(
            400,
            json!({"error": true, "message": "Too many failed login attempts.", "too_many_failed_login_attemps": true}),
        ));
    }
    let ok = match &person.password {
        Some(h) => passwords::verify(&old, h).await,
        None => false,
    };
    if !ok {
        // Zou resets the counter to 1 here; counting up keeps the lockout
        // meaningful (listed among the deliberate differences).
        set_person(
            db,
            person.id,
            &[
                (
                    "login_failed_attemps",
                    SqlValue::Int(Some(person.login_failed_attemps.unwrap_or(0) + 1)),
                ),
                (
                    "last_login_failed",
                    SqlValue::Timestamp(Some(tusk_db::fmt::now())),
                ),
            ],
        )
        .await?;
        return Err(Error::bad_request("Old password is wrong."));
    }
    if new.chars().count() < app.settings.min_password_length {
        return Err(Error::bad_request("Password is too short."));
    }
    if new != confirm {
        return Err(Error::bad_request("Confirmation password doesn't match."));
    }
    let hash = passwords::hash(&new).await?;
    set_person(db, person.id, &[("password", SqlValue::Bytes(Some(hash)))]).await
}

/// Zou's JSON for the current user: the person with `departments`.
pub fn user_json(person: &Person, departments: &[Uuid], fido_devices: bool) -> Result<Value> {
    let ids: Vec<String> = departments.iter().map(|u| u.to_string()).collect();
    let rels = [("departments", Value::from(ids))];
    let mut v: Value = serde_json::from_slice(&tusk_db::zou::row_json(person, Some(&rels))?)
        .map_err(Error::internal)?;
    if fido_devices {
        if let Some(o) = v.as_object_mut() {
            o.insert("fido_devices".into(), json!([]));
        }
    }
    Ok(v)
}

/// Zou's JSON for the organisation: chat tokens for admins only.
pub fn organisation_json(o: &Organisation, admin: bool) -> Result<Value> {
    let mut v: Value = serde_json::to_value(o).map_err(Error::internal)?;
    if !admin {
        if let Some(m) = v.as_object_mut() {
            for k in [
                "chat_token_slack",
                "chat_webhook_mattermost",
                "chat_token_discord",
            ] {
                m.remove(k);
            }
        }
    }
    Ok(v)
}

/// Bots get an API token when created (and a new one when their expiration
/// date is set): identity `bot`, valid until the end of the expiration date
/// or forever, and the only valid one (its jti is kept on the person).
pub async fn with_api_token(
    app: &App,
    s: &tusk_db::Session,
    table: &str,
    answer: Vec<u8>,
    issue: bool,
) -> Result<Vec<u8>> {
    if table != "person" || !issue {
        return Ok(answer);
    }
    let mut v: Value = serde_json::from_slice(&answer).map_err(Error::internal)?;
    if v.get("is_bot") != Some(&Value::Bool(true)) {
        return Ok(answer);
    }
    let Some(id) = v
        .get("id")
        .and_then(Value::as_str)
        .and_then(|x| Uuid::parse_str(x).ok())
    else {
        return Ok(answer);
    };
    let now = App::now_ts();
    let ttl = v
        .get("expiration_date")
        .and_then(Value::as_str)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|end| end.and_utc().timestamp() - now);
    let issued = tokens::issue(
        &app.settings.secret_key,
        id,
        Kind::Access,
        "bot",
        None,
        now,
        ttl,
    );
    let mut db = s.db();
    set_person(
        &mut db,
        id,
        &[("jti", SqlValue::Text(Some(issued.jti.clone())))],
    )
    .await?;
    if let Some(o) = v.as_object_mut() {
        o.insert("access_token".into(), Value::String(issued.token));
    }
    serde_json::to_vec(&v).map_err(Error::internal)
}
