//! JSON Web Tokens, as flask-jwt-extended makes and checks them for Zou.
//!
//! Tokens are HS256, signed with `SECRET_KEY`, with the claims `fresh`,
//! `iat`, `jti`, `type`, `sub`, `nbf`, `exp`, `identity_type` and, on access
//! tokens, `refresh_jti`. Verification follows PyJWT's order of checks so
//! that a bad token gets the same status and message as from Zou (gazu looks
//! for `"Signature has expired"` before refreshing).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde::Serialize;
use serde_json::{json, Map, Value};
use tusk_db::Error;
use uuid::Uuid;

/// Access or refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Access,
    Refresh,
}

/// The verified claims Tusk uses.
#[derive(Debug, Clone)]
pub struct Claims {
    pub sub: String,
    pub jti: Option<String>,
    pub identity_type: Option<String>,
    pub refresh_jti: Option<String>,
    pub exp: Option<i64>,
}

#[derive(Serialize)]
struct Payload<'a> {
    fresh: bool,
    iat: i64,
    jti: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    sub: &'a str,
    nbf: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<i64>,
    identity_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_jti: Option<&'a str>,
}

/// 422 with flask-jwt-extended's `{"msg": …}` body.
pub fn unprocessable(msg: &str) -> Error {
    Error::body(422, json!({ "msg": msg }))
}

/// 401 with flask-jwt-extended's `{"msg": …}` body.
pub fn unauthorized_msg(msg: &str) -> Error {
    Error::body(401, json!({ "msg": msg }))
}

pub fn revoked() -> Error {
    unauthorized_msg("Token has been revoked")
}

pub fn expired() -> Error {
    Error::body(
        401,
        json!({ "error": true, "message": "Signature has expired" }),
    )
}

/// A freshly signed token and its jti.
pub struct Issued {
    pub token: String,
    pub jti: String,
}

/// Sign a token for `sub`. `ttl_secs = None` makes a token without expiry
/// (API tokens without an expiration date).
pub fn issue(
    secret: &str,
    sub: Uuid,
    kind: Kind,
    identity_type: &str,
    refresh_jti: Option<&str>,
    now: i64,
    ttl_secs: Option<i64>,
) -> Issued {
    let jti = Uuid::new_v4().to_string();
    let sub = sub.to_string();
    let payload = Payload {
        fresh: false,
        iat: now,
        jti: &jti,
        kind: match kind {
            Kind::Access => "access",
            Kind::Refresh => "refresh",
        },
        sub: &sub,
        nbf: now,
        exp: ttl_secs.map(|t| now + t),
        identity_type,
        refresh_jti,
    };
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap_or_default());
    let signing_input = format!("{header}.{body}");
    let sig = jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &EncodingKey::from_secret(secret.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap_or_default();
    Issued {
        token: format!("{signing_input}.{sig}"),
        jti,
    }
}

fn b64(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()
}

fn json_object(bytes: &[u8], what: &str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(unprocessable(&format!(
            "Invalid {what} string: must be a json object"
        ))),
        Err(_) => Err(unprocessable(&format!(
            "Invalid {what} string: Expecting value: line 1 column 1 (char 0)"
        ))),
    }
}

/// Verify a token the way Zou does, returning its claims or Zou's error.
pub fn verify(secret: &str, token: &str, want: Kind, now: i64) -> Result<Claims, Error> {
    // PyJWT: split the signature off the right, then header/payload.
    let Some((signing_input, crypto)) = token.rsplit_once('.') else {
        return Err(unprocessable("Not enough segments"));
    };
    let Some((header_seg, payload_seg)) = signing_input.split_once('.') else {
        return Err(unprocessable("Not enough segments"));
    };
    let header_bytes = b64(header_seg).ok_or_else(|| unprocessable("Invalid header padding"))?;
    let header = json_object(&header_bytes, "header")?;
    let payload_bytes = b64(payload_seg).ok_or_else(|| unprocessable("Invalid payload padding"))?;
    let payload = json_object(&payload_bytes, "payload")?;
    if b64(crypto).is_none() {
        return Err(unprocessable("Invalid crypto padding"));
    }
    match header.get("alg").and_then(Value::as_str) {
        None => return Err(unprocessable("Algorithm not specified")),
        Some("HS256") => {}
        Some(_) => return Err(unprocessable("The specified alg value is not allowed")),
    }
    let ok = jsonwebtoken::crypto::verify(
        crypto,
        signing_input.as_bytes(),
        &DecodingKey::from_secret(secret.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap_or(false);
    if !ok {
        return Err(unprocessable("Signature verification failed"));
    }
    let exp = match payload.get("exp") {
        None => None,
        Some(v) => Some(
            v.as_i64()
                .or_else(|| v.as_f64().map(|f| f as i64))
                .ok_or_else(|| unprocessable("Expiration Time claim (exp) must be an integer."))?,
        ),
    };
    if let Some(e) = exp {
        if e <= now {
            return Err(expired());
        }
    }
    if let Some(nbf) = payload.get("nbf").and_then(Value::as_i64) {
        if nbf > now {
            return Err(unprocessable("The token is not yet valid (nbf)"));
        }
    }
    let sub = match payload.get("sub") {
        None => return Err(unprocessable("Missing claim: sub")),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(unprocessable("Subject must be a string")),
    };
    let kind = payload.get("type").and_then(Value::as_str);
    match want {
        Kind::Access if kind == Some("refresh") => {
            return Err(unprocessable("Only non-refresh tokens are allowed"))
        }
        Kind::Refresh if kind != Some("refresh") => {
            return Err(unprocessable("Only refresh tokens are allowed"))
        }
        _ => {}
    }
    let s = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(Claims {
        sub,
        jti: s("jti"),
        identity_type: s("identity_type"),
        refresh_jti: s("refresh_jti"),
        exp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "test-secret";

    #[test]
    fn round_trip_and_kinds() {
        let id = Uuid::new_v4();
        let r = issue(KEY, id, Kind::Refresh, "person", None, 1000, Some(100));
        let a = issue(
            KEY,
            id,
            Kind::Access,
            "person",
            Some(&r.jti),
            1000,
            Some(100),
        );
        let c = verify(KEY, &a.token, Kind::Access, 1050).unwrap();
        assert_eq!(c.sub, id.to_string());
        assert_eq!(c.refresh_jti.as_deref(), Some(r.jti.as_str()));
        assert_eq!(
            verify(KEY, &r.token, Kind::Refresh, 1050).unwrap().jti,
            Some(r.jti.clone())
        );
        let e = verify(KEY, &r.token, Kind::Access, 1050).unwrap_err();
        assert_eq!(
            e.zou_body(),
            json!({"msg": "Only non-refresh tokens are allowed"})
        );
        let e = verify(KEY, &a.token, Kind::Refresh, 1050).unwrap_err();
        assert_eq!(
            e.zou_body(),
            json!({"msg": "Only refresh tokens are allowed"})
        );
    }

    #[test]
    fn zou_error_messages() {
        let id = Uuid::new_v4();
        let a = issue(KEY, id, Kind::Access, "person", None, 1000, Some(100));
        let expired = verify(KEY, &a.token, Kind::Access, 1100).unwrap_err();
        assert_eq!(expired.status(), 401);
        assert_eq!(
            expired.zou_body(),
            json!({"error": true, "message": "Signature has expired"})
        );
        let other = verify("other", &a.token, Kind::Access, 1000).unwrap_err();
        assert_eq!(
            other.zou_body(),
            json!({"msg": "Signature verification failed"})
        );
        assert_eq!(
            verify(KEY, "abc", Kind::Access, 0).unwrap_err().zou_body(),
            json!({"msg": "Not enough segments"})
        );
        assert_eq!(
            verify(KEY, "a.b.c", Kind::Access, 0)
                .unwrap_err()
                .zou_body(),
            json!({"msg": "Invalid header padding"})
        );
        assert_eq!(
            verify(KEY, "a.b.c", Kind::Access, 0).unwrap_err().status(),
            422
        );
    }
}
