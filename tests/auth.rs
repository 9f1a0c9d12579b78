//! Auth core, as Zou answers it (docs/zou-reference/auth-index.md): login
//! (JSON, form, desktop login), tokens and their claims, cookies, refresh,
//! logout revocation, change-password, lockout, bcrypt hashes, login logs.

mod support;

use axum::body::Body;
use axum::http::Request;
use base64::Engine as _;
use serde_json::{json, Value};
use support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

async fn login_raw(t: &TestApp, body: Value) -> support::Res {
    t.call("POST", "/auth/login", None, Some(body)).await
}

#[tokio::test]
async fn login_answers_like_zou() {
    let t = TestApp::new().await;
    let r = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v = r.json();
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        top,
        [
            "user",
            "organisation",
            "login",
            "access_token",
            "refresh_token"
        ]
    );
    assert_eq!(v["login"], true);
    let user = &v["user"];
    assert_eq!(user["type"], "Person");
    assert_eq!(user["email"], ADMIN_EMAIL);
    assert_eq!(user["full_name"], "Super Admin");
    assert_eq!(user["role"], "admin");
    assert_eq!(user["departments"], json!([]));
    for secret in [
        "password",
        "jti",
        "totp_secret",
        "login_failed_attemps",
        "last_login_failed",
        "otp_recovery_codes",
    ] {
        assert!(
            user.get(secret).is_none(),
            "{secret} must never be serialized"
        );
    }
    // Zou's exact key set for a person.
    let expected = [
        "active",
        "archived",
        "contract_type",
        "country",
        "created_at",
        "daily_salary",
        "data",
        "departments",
        "desktop_login",
        "display_date_format",
        "email",
        "email_otp_enabled",
        "expiration_date",
        "fido_enabled",
        "first_name",
        "full_name",
        "has_avatar",
        "id",
        "is_bot",
        "is_generated_from_ldap",
        "is_guest",
        "last_name",
        "last_presence",
        "ldap_uid",
        "locale",
        "notifications_discord_enabled",
        "notifications_discord_userid",
        "notifications_enabled",
        "notifications_mattermost_enabled",
        "notifications_mattermost_userid",
        "notifications_slack_enabled",
        "notifications_slack_userid",
        "phone",
        "position",
        "preferred_two_factor_authentication",
        "preview_open_until",
        "preview_opened_at",
        "preview_project_id",
        "role",
        "seniority",
        "shotgun_id",
        "studio_id",
        "timezone",
        "totp_enabled",
        "type",
        "updated_at",
        "use_12_hour_clock",
    ];
    assert_eq!(support::keys(user), expected);
    // Datetimes: naive, seconds precision.
    let created = user["created_at"].as_str().unwrap();
    assert_eq!(created.len(), 19, "{created}");
    assert!(!created.ends_with('Z'));
    // The organisation is made on first login, with chat tokens for admins.
    assert_eq!(v["organisation"]["name"], "Kitsu");
    assert_eq!(v["organisation"]["hours_by_day"], json!(8.0));
    assert!(v["organisation"].get("chat_token_slack").is_some());
    // No cookies for scripts.
    assert!(r.cookies().is_empty());
}

#[tokio::test]
async fn tokens_carry_zou_claims_and_lifetimes() {
    let t = TestApp::new().await;
    let v = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await
    .json();
    let a = claims(v["access_token"].as_str().unwrap());
    let r = claims(v["refresh_token"].as_str().unwrap());
    assert_eq!(a["type"], "access");
    assert_eq!(r["type"], "refresh");
    assert_eq!(a["identity_type"], "person");
    assert_eq!(a["sub"], v["user"]["id"]);
    assert_eq!(a["refresh_jti"], r["jti"]);
    assert_eq!(
        a["exp"].as_i64().unwrap() - a["iat"].as_i64().unwrap(),
        7 * 24 * 3600
    );
    assert_eq!(
        r["exp"].as_i64().unwrap() - r["iat"].as_i64().unwrap(),
        15 * 24 * 3600
    );
    assert!(r.get("refresh_jti").is_none());
}

#[tokio::test]
async fn login_accepts_form_bodies_and_desktop_login() {
    let t = TestApp::new().await;
    let form = format!(
        "email={}&password={}",
        "admin%40example.com", ADMIN_PASSWORD
    );
    let req = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    assert_eq!(t.send(req).await.status(), 200);
    // Credentials in the query string, as legacy clients send them.
    let req = Request::builder()
        .method("POST")
        .uri(format!(
            "/auth/login?email=admin@example.com&password={ADMIN_PASSWORD}"
        ))
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(req).await.status(), 200);
    // Email matching ignores case.
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "ADMIN@example.com", "password": ADMIN_PASSWORD})
        )
        .await
        .status(),
        200
    );
    // The identifier falls back to desktop_login (case-sensitive).
    let (id, _) = t.person("user", "artist@example.com").await;
    let r = t
        .put(
            &format!("/data/persons/{id}"),
            &t.admin,
            json!({"desktop_login": "artist.desk"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let r = login_raw(
        &t,
        json!({"email": "artist.desk", "password": "secret1234"}),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.json()["user"]["desktop_login"], "artist.desk");
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "ARTIST.DESK", "password": "secret1234"})
        )
        .await
        .status(),
        400
    );
}

#[tokio::test]
async fn login_validation_and_failures() {
    let t = TestApp::new().await;
    let r = login_raw(&t, json!({})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Validation error.", "data": {"errors": [{"field": "email", "message": "Field required"}]}})
    );
    let r = login_raw(&t, json!({"email": ""})).await;
    assert_eq!(
        r.json()["data"]["errors"][0]["message"],
        "String should have at least 1 character"
    );
    let r = login_raw(&t, json!({"email": 1, "password": 2})).await;
    assert_eq!(r.json()["data"]["errors"].as_array().unwrap().len(), 2);
    // Malformed JSON is not an error of its own: the body falls back to
    // form and query, where the email is missing.
    let req = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json()["data"]["errors"][0]["message"], "Field required");

    let wrong = json!({"login": false, "message": "Wrong email or password."});
    let r = login_raw(&t, json!({"email": "nobody@example.com", "password": "x"})).await;
    assert_eq!((r.status(), r.json()), (400, wrong.clone()));
    let r = login_raw(&t, json!({"email": ADMIN_EMAIL, "password": "wrong"})).await;
    assert_eq!((r.status(), r.json()), (400, wrong));
    assert_eq!(
        t.count("SELECT CAST(login_failed_attemps AS BIGINT) FROM person WHERE email = 'admin@example.com'").await,
        1
    );
}

#[tokio::test]
async fn lockout_after_five_failures() {
    let t = TestApp::new().await;
    for _ in 0..5 {
        assert_eq!(
            login_raw(&t, json!({"email": ADMIN_EMAIL, "password": "bad"}))
                .await
                .status(),
            400
        );
    }
    let locked = json!({"error": true, "login": false, "too_many_failed_login_attemps": true,
                        "message": "Too many failed login attempts, retry in a minute."});
    // Even the right password is refused during the minute.
    let r = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await;
    assert_eq!((r.status(), r.json()), (400, locked));
    // A minute later (moved back in time), the right password works and
    // resets the counter.
    let mut db = t.built.app.db.clone();
    let q = db.sql(
        "UPDATE person SET last_login_failed = last_login_failed - INTERVAL '2 minutes' WHERE email = 'admin@example.com'",
    );
    let q = if t.is_postgres() {
        q
    } else {
        db.sql("UPDATE person SET last_login_failed = datetime(last_login_failed, '-2 minutes') WHERE email = 'admin@example.com'")
    };
    db.execute(&q).await.unwrap();
    assert_eq!(
        login_raw(
            &t,
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        )
        .await
        .status(),
        200
    );
    assert_eq!(t.count("SELECT CAST(login_failed_attemps AS BIGINT) FROM person WHERE email = 'admin@example.com'").await, 0);
}

#[tokio::test]
async fn inactive_accounts_cannot_log_in_and_lose_their_tokens() {
    let t = TestApp::new().await;
    let (id, token) = t.person("user", "artist@example.com").await;
    assert_eq!(t.get("/auth/authenticated", &token).await.status(), 200);
    assert_eq!(
        t.put(
            &format!("/data/persons/{id}"),
            &t.admin,
            json!({"active": false})
        )
        .await
        .status(),
        200
    );
    let r = login_raw(
        &t,
        json!({"email": "artist@example.com", "password": "secret1234"}),
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json(),
        json!({"error": true, "login": false, "unactive": true, "message": "User is unactive, he cannot log in."})
    );
    let r = t.get("/auth/authenticated", &token).await;
    assert_eq!(r.status(), 401);
    // Its token was revoked on that first use.
    let r = t.get("/auth/authenticated", &token).await;
    assert_eq!(r.json(), json!({"msg": "Token has been revoked"}));
}

#[tokio::test]
async fn bcrypt_hashes_from_zou_verify_and_are_rehashed() {
    let t = TestApp::new().await;
    let (id, _) = t.person("user", "legacy@example.com").await;
    let bcrypt = bcrypt::hash("zou-password", 4).unwrap();
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("UPDATE person SET password = ");
    q.bind(tusk_db::SqlValue::Bytes(Some(bcrypt.into_bytes())));
    q.push(" WHERE id = ")
        .bind(tusk_db::SqlValue::Uuid(Some(id.parse().unwrap())));
    db.execute(&q).await.unwrap();
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "legacy@example.com", "password": "zou-password"})
        )
        .await
        .status(),
        200
    );
    let mut q = db.sql("SELECT password FROM person WHERE id = ");
    q.bind(tusk_db::SqlValue::Uuid(Some(id.parse().unwrap())));
    let stored: Vec<u8> = db.fetch_scalar(&q).await.unwrap();
    assert!(
        stored.starts_with(b"$argon2id$"),
        "rehashed with argon2id on login"
    );
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "legacy@example.com", "password": "zou-password"})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "legacy@example.com", "password": "nope"})
        )
        .await
        .status(),
        400
    );
}

#[tokio::test]
async fn browsers_get_cookies_and_cookies_authenticate() {
    let t = TestApp::new().await;
    let req = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/json")
        .header("user-agent", CHROME)
        .body(Body::from(
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).to_string(),
        ))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 200);
    let cookies = r.cookies();
    assert_eq!(cookies.len(), 2);
    assert!(
        cookies[0].starts_with("access_token_cookie=")
            && cookies[0].contains("HttpOnly; Path=/; SameSite=Lax")
    );
    assert!(
        cookies[1].starts_with("refresh_token_cookie=")
            && cookies[1].contains("Path=/auth/refresh-token")
    );
    let access = r.json()["access_token"].as_str().unwrap().to_owned();
    let refresh = r.json()["refresh_token"].as_str().unwrap().to_owned();
    let req = Request::builder()
        .uri("/auth/authenticated")
        .header("cookie", format!("access_token_cookie={access}"))
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json()["authenticated"], true);
    assert_eq!(r.json()["user"]["fido_devices"], json!([]));
    // The cookie is read first: a bad cookie wins over a good header.
    let req = Request::builder()
        .uri("/auth/authenticated")
        .header("cookie", "access_token_cookie=abc")
        .header("authorization", format!("Bearer {access}"))
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(
        (r.status(), r.json()),
        (422, json!({"msg": "Not enough segments"}))
    );
    // Browser refresh: the access cookie is set, the refresh cookie dropped.
    let req = Request::builder()
        .uri("/auth/refresh-token")
        .header("cookie", format!("refresh_token_cookie={refresh}"))
        .header("user-agent", CHROME)
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!((r.status(), r.json()), (200, json!({"refresh": true})));
    let c = r.cookies();
    assert!(c.iter().any(|c| c.starts_with("access_token_cookie=ey")));
    assert!(c
        .iter()
        .any(|c| c.starts_with("refresh_token_cookie=;") && c.contains("1970")));
}

#[tokio::test]
async fn token_errors_have_zou_bodies() {
    let t = TestApp::new().await;
    let r = t.call("GET", "/auth/authenticated", None, None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json(),
        json!({"msg": "Missing JWT in cookies or headers (Missing cookie \"access_token_cookie\"; Missing Authorization Header)"})
    );
    for (token, status, body) in [
        ("abc", 422, json!({"msg": "Not enough segments"})),
        ("a.b.c", 422, json!({"msg": "Invalid header padding"})),
    ] {
        let r = t.get("/auth/authenticated", token).await;
        assert_eq!((r.status(), r.json()), (status, body), "token {token}");
    }
    // Signed with another key.
    let other = tusk_resolvers::auth::tokens::issue(
        "another-key",
        uuid::Uuid::new_v4(),
        tusk_resolvers::auth::tokens::Kind::Access,
        "person",
        None,
        chrono::Utc::now().timestamp(),
        Some(60),
    );
    let r = t.get("/data/projects", &other.token).await;
    assert_eq!(
        (r.status(), r.json()),
        (422, json!({"msg": "Signature verification failed"}))
    );
    // Expired: gazu looks for this exact message before refreshing.
    let admin_id = claims(&t.admin)["sub"].as_str().unwrap().parse().unwrap();
    let expired = tusk_resolvers::auth::tokens::issue(
        "test-secret-key",
        admin_id,
        tusk_resolvers::auth::tokens::Kind::Access,
        "person",
        None,
        chrono::Utc::now().timestamp() - 1000,
        Some(10),
    );
    let r = t.get("/data/projects", &expired.token).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            401,
            json!({"error": true, "message": "Signature has expired"})
        )
    );
    // A refresh token is not an access token, and vice versa.
    let v = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await
    .json();
    let refresh = v["refresh_token"].as_str().unwrap();
    let r = t.get("/data/projects", refresh).await;
    assert_eq!(
        (r.status(), r.json()),
        (422, json!({"msg": "Only non-refresh tokens are allowed"}))
    );
    let r = t.get("/auth/refresh-token", &t.admin).await;
    assert_eq!(
        (r.status(), r.json()),
        (422, json!({"msg": "Only refresh tokens are allowed"}))
    );
    // A bearer-less header.
    let req = Request::builder()
        .uri("/data/projects")
        .header("authorization", "Bearer")
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 422);
    // Nothing of this ever answers 500.
}

#[tokio::test]
async fn refresh_and_logout_revocation_survives_restart() {
    let t = TestApp::new().await;
    let v = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await
    .json();
    let access = v["access_token"].as_str().unwrap().to_owned();
    let refresh = v["refresh_token"].as_str().unwrap().to_owned();
    let r = t.get("/auth/refresh-token", &refresh).await;
    assert_eq!(r.status(), 200);
    let new_access = r.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(claims(&new_access)["refresh_jti"], claims(&refresh)["jti"]);
    assert_eq!(
        t.get("/auth/authenticated", &new_access).await.status(),
        200
    );

    let r = t.get("/auth/logout", &access).await;
    assert_eq!((r.status(), r.json()), (200, json!({"logout": true})));
    let revoked = json!({"msg": "Token has been revoked"});
    let r = t.get("/auth/authenticated", &access).await;
    assert_eq!((r.status(), r.json()), (401, revoked.clone()));
    let r = t.get("/auth/refresh-token", &refresh).await;
    assert_eq!((r.status(), r.json()), (401, revoked.clone()));

    // A new server on the same database still refuses the token.
    let again = tusk::build(&support::config_for(&t.db)).await.unwrap();
    let req = Request::builder()
        .uri("/auth/authenticated")
        .header("authorization", format!("Bearer {access}"))
        .body(Body::empty())
        .unwrap();
    use tower::ServiceExt;
    let res = again.service.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
}

#[tokio::test]
async fn change_password() {
    let t = TestApp::new().await;
    let (_, token) = t.person("user", "artist@example.com").await;
    let r = t.post("/auth/change-password", &token, json!({})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json()["data"]["errors"].as_array().unwrap().len(), 3);
    let body = |old: &str, new: &str, confirm: &str| json!({"old_password": old, "password": new, "password_2": confirm});
    let r = t
        .post(
            "/auth/change-password",
            &token,
            body("wrong", "newpassword", "newpassword"),
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Old password is wrong."})
        )
    );
    let r = t
        .post(
            "/auth/change-password",
            &token,
            body("secret1234", "short", "short"),
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Password is too short."})
    );
    let r = t
        .post(
            "/auth/change-password",
            &token,
            body("secret1234", "newpassword", "different"),
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Confirmation password doesn't match."})
    );
    let r = t
        .post(
            "/auth/change-password",
            &token,
            body("secret1234", "newpassword", "newpassword"),
        )
        .await;
    assert_eq!((r.status(), r.json()), (200, json!({"success": true})));
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "artist@example.com", "password": "secret1234"})
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        login_raw(
            &t,
            json!({"email": "artist@example.com", "password": "newpassword"})
        )
        .await
        .status(),
        200
    );
    let r = t
        .call(
            "POST",
            "/auth/change-password",
            None,
            Some(body("a", "b", "c")),
        )
        .await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn each_login_writes_a_login_log() {
    let t = TestApp::new().await;
    let before = t.count("SELECT COUNT(*) FROM login_log").await;
    let req = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/json")
        .header("user-agent", CHROME)
        .header("x-real-ip", "10.1.2.3")
        .body(Body::from(
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).to_string(),
        ))
        .unwrap();
    assert_eq!(t.send(req).await.status(), 200);
    let _ = login_raw(
        &t,
        json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await;
    let _ = login_raw(&t, json!({"email": ADMIN_EMAIL, "password": "wrong"})).await;
    assert_eq!(t.count("SELECT COUNT(*) FROM login_log").await, before + 2);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM login_log WHERE origin = 'web' AND ip_address = '10.1.2.3'")
            .await,
        1
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM login_log WHERE origin = 'script'")
            .await,
        before + 1
    );
}

#[tokio::test]
async fn graphql_mirrors_login_refresh_logout_and_me() {
    let t = TestApp::new().await;
    let d = t
        .gql_ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { email fullName } } }",
            json!({"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}),
        )
        .await;
    let access = d["login"]["accessToken"].as_str().unwrap().to_owned();
    let refresh = d["login"]["refreshToken"].as_str().unwrap().to_owned();
    assert_eq!(d["login"]["user"]["fullName"], "Super Admin");
    let me = t
        .gql_ok(Some(&access), "{ me { email role } }", json!({}))
        .await;
    assert_eq!(me["me"], json!({"email": ADMIN_EMAIL, "role": "admin"}));
    let anon = t.gql_ok(None, "{ me { email } }", json!({})).await;
    assert_eq!(anon["me"], Value::Null);
    let r = t
        .gql_ok(
            None,
            "mutation($r: String) { refreshToken(refreshToken: $r) { accessToken } }",
            json!({"r": refresh}),
        )
        .await;
    let fresh = r["refreshToken"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(claims(&fresh)["refresh_jti"], claims(&refresh)["jti"]);
    let out = t
        .gql_ok(Some(&access), "mutation { logout }", json!({}))
        .await;
    assert_eq!(out["logout"], true);
    let (v, _) = t.gql(Some(&access), "{ me { email } }", json!({})).await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let (v, _) = t
        .gql(
            None,
            "mutation { login(email: \"admin@example.com\", password: \"bad\") { accessToken } }",
            json!({}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert_eq!(v["errors"][0]["message"], "Wrong email or password.");
}

#[tokio::test]
async fn revocations_go_to_redis_when_kv_host_is_set() {
    let db = support::FreshDb::new().await;
    let mut config = support::config_for(&db);
    config.kv_host = Some("127.0.0.1".into());
    let built = tusk::build(&config).await.expect("Redis on 127.0.0.1:6379");
    assert!(matches!(built.app.kv, tusk_resolvers::Kv::Redis(_)));
    use tower::ServiceExt;
    let login = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).to_string(),
        ))
        .unwrap();
    let res = built.service.clone().oneshot(login).await.unwrap();
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let token = serde_json::from_slice::<Value>(&bytes).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let call = |path: &str| {
        Request::builder()
            .uri(path)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        built
            .service
            .clone()
            .oneshot(call("/auth/logout"))
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        built
            .service
            .clone()
            .oneshot(call("/auth/authenticated"))
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    // The jti is in Redis (db 0, as Zou), not in the database store.
    let jti = claims(&token)["jti"].as_str().unwrap().to_owned();
    let mut conn = built.app.db.clone();
    assert!(built.app.kv.is_revoked(&mut conn, &jti).await.unwrap());
    let q = conn.sql("SELECT COUNT(*) FROM tusk_kv");
    assert_eq!(conn.fetch_scalar::<i64>(&q).await.unwrap(), 0);
}
