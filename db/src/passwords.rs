//! Password hashing: argon2id for every new hash; Zou's bcrypt hashes still
//! verify (and are replaced by argon2id at the next successful login).
//!
//! Hashes are stored as bytes in `person.password`, like Zou's bcrypt
//! hashes: a PHC string (`$argon2id$…`) or a bcrypt string (`$2b$…`).
//! Hashing is slow on purpose, so it runs on the blocking thread pool.

use crate::error::{Error, Result};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Hash a new password with argon2id (default parameters: 19 MiB, t=2).
pub async fn hash(password: &str) -> Result<Vec<u8>> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string().into_bytes())
            .map_err(Error::internal)
    })
    .await
    .map_err(Error::internal)?
}

/// Does `password` match the stored hash? Unknown formats never match.
pub async fn verify(password: &str, stored: &[u8]) -> bool {
    let password = password.to_owned();
    let stored = stored.to_vec();
    tokio::task::spawn_blocking(move || verify_sync(&password, &stored))
        .await
        .unwrap_or(false)
}

fn verify_sync(password: &str, stored: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(stored) else {
        return false;
    };
    if s.starts_with("$argon2") {
        return PasswordHash::new(s)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
    }
    if s.starts_with("$2") {
        // bcrypt reads at most 72 bytes, as Zou's check does.
        let bytes = password.as_bytes();
        let cut = &bytes[..bytes.len().min(72)];
        return bcrypt::verify(cut, s).unwrap_or(false);
    }
    false
}

/// True when the stored hash is not argon2id and should be replaced.
pub fn needs_rehash(stored: &[u8]) -> bool {
    !stored.starts_with(b"$argon2id$")
}

/// Spend about the time of a real check, so that an unknown login cannot be
/// told from a wrong password by timing.
pub async fn dummy_verify() {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let h = DUMMY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(b"dummy-password", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone();
    let _ = verify("not the password", h.as_bytes()).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2_and_bcrypt() {
        let h = hash("secret1234").await.unwrap();
        assert!(h.starts_with(b"$argon2id$"));
        assert!(verify("secret1234", &h).await);
        assert!(!verify("wrong", &h).await);
        assert!(!needs_rehash(&h));
        // A bcrypt hash as Zou stores it.
        let b = bcrypt::hash("mysecretpassword", 4).unwrap();
        assert!(verify("mysecretpassword", b.as_bytes()).await);
        assert!(!verify("nope", b.as_bytes()).await);
        assert!(needs_rehash(b.as_bytes()));
    }
}
