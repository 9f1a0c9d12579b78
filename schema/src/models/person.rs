//! `person`: User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.

use crate::models::prelude::*;

/// User account (also bots and share-link guests): identity, auth secrets, role, preferences, notification channels.
#[model(table = "person", rest = "persons", json_extra = crate::extra::person_json, extra = crate::extra::PersonExtra)]
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
    pub data: Option<Value>,
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
    #[col(len = 60)]
    pub notifications_slack_userid: Option<String>,
    #[col(default = "false")]
    pub notifications_mattermost_enabled: Option<bool>,
    #[col(len = 60)]
    pub notifications_mattermost_userid: Option<String>,
    #[col(default = "false")]
    pub notifications_discord_enabled: Option<bool>,
    #[col(len = 60)]
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
