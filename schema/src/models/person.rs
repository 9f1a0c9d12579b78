//! `person`: User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.

use crate::models::prelude::*;

/// User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.
#[model(table = "person", hooks, rules = RULES, rest = "persons", json_extra = crate::extra::person_json, extra = crate::extra::PersonExtra)]
#[index(name = "only_one_email_by_person", columns = "email, is_bot", unique, predicate = "is_bot IS NOT TRUE")]
#[index(name = "person_oidc_identity_uc", columns = "oidc_issuer, oidc_subject", unique)]
#[index(name = "person_saml_identity_uc", columns = "saml_issuer, saml_subject", unique)]
#[many(name = "departments", link = "department_link", this = "person_id", other = "department_id", target = "department")]
pub struct Person {
    #[col(len = 80)]
    pub first_name: String,
    #[col(len = 80)]
    pub last_name: String,
    #[col(len = 255)]
    pub email: Option<String>,
    #[col(len = 30)]
    pub phone: Option<String>,
    #[col(len = 2)]
    pub country: Option<String>,
    #[col(len = 255, default = "'open-ended'", choices = "open-ended, fixed-term, short-term, freelance, apprentice, internship")]
    pub contract_type: String,
    #[col(default = "true")]
    pub active: Option<bool>,
    #[col(default = "false")]
    pub archived: Option<bool>,
    pub last_presence: Option<NaiveDate>,
    #[col(secret)]
    pub password: Option<Vec<u8>>,
    #[col(len = 80)]
    pub desktop_login: Option<String>,
    #[col(default = "0", secret)]
    pub login_failed_attemps: Option<i32>,
    #[col(secret)]
    pub last_login_failed: Option<NaiveDateTime>,
    #[col(default = "false")]
    pub totp_enabled: Option<bool>,
    #[col(len = 32, secret)]
    pub totp_secret: Option<String>,
    #[col(default = "false")]
    pub email_otp_enabled: Option<bool>,
    #[col(len = 32, secret)]
    pub email_otp_secret: Option<String>,
    #[col(default = "false")]
    pub fido_enabled: Option<bool>,
    #[col(secret)]
    pub fido_credentials: Option<List<Value>>,
    #[col(secret)]
    pub otp_recovery_codes: Option<List<Vec<u8>>>,
    #[col(len = 255, choices = "totp, email_otp, fido")]
    pub preferred_two_factor_authentication: Option<String>,
    #[col(unique)]
    pub shotgun_id: Option<i32>,
    #[col(len = 50, default = "'Europe/Paris'")]
    pub timezone: Option<String>,
    #[col(len = 10, default = "'en_US'")]
    pub locale: Option<String>,
    #[col(default = "false")]
    pub use_12_hour_clock: Option<bool>,
    #[col(len = 20, default = "'YYYY-MM-DD'")]
    pub display_date_format: Option<String>,
    pub data: Option<Json>,
    #[col(len = 255, default = "'user'", choices = "user, admin, supervisor, manager, client, vendor")]
    pub role: String,
    #[col(len = 255, default = "'artist'", choices = "supervisor, lead, artist")]
    pub position: Option<String>,
    #[col(len = 255, default = "'mid'", choices = "senior, mid, junior")]
    pub seniority: Option<String>,
    #[col(default = "0")]
    pub daily_salary: Option<i32>,
    #[col(default = "false")]
    pub has_avatar: Option<bool>,
    #[col(default = "false")]
    pub notifications_enabled: Option<bool>,
    #[col(default = "false")]
    pub notifications_slack_enabled: Option<bool>,
    #[col(len = 60, default = "''")]
    pub notifications_slack_userid: Option<String>,
    #[col(default = "false")]
    pub notifications_mattermost_enabled: Option<bool>,
    #[col(len = 60, default = "''")]
    pub notifications_mattermost_userid: Option<String>,
    #[col(default = "false")]
    pub notifications_discord_enabled: Option<bool>,
    #[col(len = 60, default = "''")]
    pub notifications_discord_userid: Option<String>,
    #[col(default = "false")]
    pub is_bot: bool,
    #[col(default = "false")]
    pub is_guest: bool,
    #[col(len = 60, unique, secret)]
    pub jti: Option<String>,
    #[col(secret)]
    pub oidc_issuer: Option<String>,
    #[col(len = 255, secret)]
    pub oidc_subject: Option<String>,
    #[col(secret)]
    pub saml_issuer: Option<String>,
    #[col(len = 255, secret)]
    pub saml_subject: Option<String>,
    #[col(fk = "project", unique_index)]
    pub preview_project_id: Option<Uuid>,
    pub preview_opened_at: Option<NaiveDateTime>,
    pub preview_open_until: Option<NaiveDateTime>,
    pub expiration_date: Option<NaiveDate>,
    #[col(default = "false")]
    pub is_generated_from_ldap: Option<bool>,
    #[col(len = 60, unique)]
    pub ldap_uid: Option<String>,
    #[col(fk = "studio", index)]
    pub studio_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::LoggedIn,
    create: Rule::Admin,
    update: Rule::Custom,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for Person {
    const WRITABLE_SECRETS: &'static [&'static str] = &["password"];

    /// Anyone may edit their own row (not its role, activity, studio…);
    /// clients only see the persons they share a project with.
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        _values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        let actor = s.principal.actor()?;
        match (action, row) {
            (tusk_db::policy::Action::Update, Some(p)) if p.id == actor.id => Ok(()),
            (tusk_db::policy::Action::Get, Some(p)) => {
                if !crate::extra::is_client(&s.principal) || crate::extra::shares_project(s, p.id).await? {
                    Ok(())
                } else {
                    Err(tusk_db::Error::forbidden())
                }
            }
            _ => Err(tusk_db::Error::forbidden()),
        }
    }

    async fn list_scope(s: &tusk_db::Session) -> tusk_db::Result<Option<tusk_db::filter::Pred>> {
        if crate::extra::is_client(&s.principal) {
            return Ok(Some(crate::extra::shared_project_pred(s)?));
        }
        Ok(None)
    }

    /// Non-admins get the minimal form, which has the departments.
    fn list_relations(s: &tusk_db::Session) -> bool {
        !s.principal.is_admin()
    }

    fn visible_keys(s: &tusk_db::Session, one: bool) -> Option<&'static [&'static str]> {
        match &s.principal {
            tusk_db::policy::Principal::Actor(a) if a.is_admin() => None,
            tusk_db::policy::Principal::Actor(a) if one && a.role.is_manager() => None,
            tusk_db::policy::Principal::Actor(a) if a.role == tusk_db::policy::Role::Client => {
                Some(crate::extra::PERSON_FOR_CLIENT)
            }
            _ => Some(crate::extra::PERSON_MINIMAL),
        }
    }

    async fn before_create(
        _s: &tusk_db::Session,
        tx: &mut tusk_db::Tx,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        normalize_email(tx, values, None).await?;
        hash_password(values).await
    }

    async fn before_update(
        s: &tusk_db::Session,
        tx: &mut tusk_db::Tx,
        old: &Self,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        if !s.principal.is_admin() {
            values.retain(|(c, _)| !crate::extra::PERSON_ADMIN_ONLY.contains(&c.name) && c.name != "password");
        }
        normalize_email(tx, values, Some(old.id)).await?;
        hash_password(values).await
    }
}

/// Emails are lower-cased and unique among humans (`Email already in use.`).
async fn normalize_email(
    tx: &mut tusk_db::Tx,
    values: &mut tusk_db::Assignments,
    except: Option<Uuid>,
) -> tusk_db::Result<()> {
    let is_bot = values.iter().any(|(c, v)| c.name == "is_bot" && *v == tusk_db::SqlValue::Bool(Some(true)));
    for (c, v) in values.iter_mut() {
        if c.name != "email" {
            continue;
        }
        if let tusk_db::SqlValue::Text(Some(e)) = v {
            *e = e.trim().to_lowercase();
            if is_bot {
                continue;
            }
            let mut q = tx.sql("SELECT COUNT(*) FROM \"person\" WHERE lower(\"email\") = ");
            q.bind(tusk_db::SqlValue::Text(Some(e.clone())));
            q.push(" AND \"is_bot\" = ").bind(tusk_db::SqlValue::Bool(Some(false)));
            if let Some(id) = except {
                q.push(" AND \"id\" <> ").bind(tusk_db::SqlValue::Uuid(Some(id)));
            }
            if tx.fetch_scalar::<i64>(&q).await? > 0 {
                return Err(tusk_db::Error::Invalid("Email already in use.".into()));
            }
        }
    }
    Ok(())
}

/// A password given in a body is stored hashed (argon2id).
async fn hash_password(values: &mut tusk_db::Assignments) -> tusk_db::Result<()> {
    for (c, v) in values.iter_mut() {
        if c.name == "password" {
            if let tusk_db::SqlValue::Text(Some(clear)) = v {
                *v = tusk_db::SqlValue::Bytes(Some(tusk_db::passwords::hash(clear).await?));
            }
        }
    }
    Ok(())
}
