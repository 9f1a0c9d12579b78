//! Hand-written additions to generated types: computed JSON keys and
//! GraphQL fields that a description alone cannot express.

use serde::ser::SerializeMap;

/// Zou adds `full_name` ("first last", trimmed) to every person.
pub fn person_json<S: SerializeMap>(
    p: &crate::Person,
    map: &mut S,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(), S::Error> {
    if keep("full_name") {
        map.serialize_entry("full_name", &p.full_name())?;
    }
    Ok(())
}

impl crate::Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// GraphQL fields of a person beyond its columns.
pub struct PersonExtra<'a>(pub &'a crate::Person);

#[async_graphql::Object]
impl PersonExtra<'_> {
    /// "First Last", trimmed.
    async fn full_name(&self) -> String {
        self.0.full_name()
    }
}

use serde_json::{json, Map, Value};
use tusk_db::policy::{Action, Principal, Role};
use tusk_db::{Error, Result, Session, SqlValue};
use uuid::Uuid;

/// The keys of a task's project and assignees the comment rules need.
async fn task_facts(s: &Session, task: Uuid) -> Result<(Option<Uuid>, Vec<Uuid>)> {
    let mut db = s.db();
    let mut q = db.sql("SELECT t.\"project_id\", l.\"person_id\" FROM \"task\" t LEFT JOIN \"task_person_link\" l ON l.\"task_id\" = t.\"id\" WHERE t.\"id\" = ");
    q.bind(SqlValue::Uuid(Some(task)));
    let rows = db.fetch_all::<(Option<Uuid>, Option<Uuid>)>(&q).await?;
    let project = rows.first().and_then(|r| r.0);
    Ok((project, rows.into_iter().filter_map(|r| r.1).collect()))
}

/// Zou's comment rules (admins are let through before this).
pub async fn comment_check(
    s: &Session,
    action: Action,
    row: Option<&crate::Comment>,
) -> Result<()> {
    let actor = s.principal.actor()?;
    let Some(c) = row else {
        return Err(Error::forbidden());
    };
    let (project, assignees) = task_facts(s, c.object_id).await?;
    let Some(role) = project.and_then(|p| actor.project_role(p)) else {
        return Err(Error::forbidden());
    };
    let own = c.person_id == actor.id;
    let ok = match action {
        Action::Get => match role {
            Role::Client => own || c.for_client == Some(true),
            Role::Vendor => own || assignees.contains(&actor.id),
            _ => true,
        },
        Action::Update | Action::Delete => role.is_manager() || own,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// GET one of a comment adds its author.
pub async fn comment_extra(s: &Session, c: &crate::Comment) -> Result<Map<String, Value>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT \"first_name\", \"last_name\", \"has_avatar\", \"role\" FROM \"person\" WHERE \"id\" = ");
    q.bind(SqlValue::Uuid(Some(c.person_id)));
    let mut m = Map::new();
    if let Some((first, last, avatar, role)) = db
        .fetch_optional::<(String, String, Option<bool>, String)>(&q)
        .await?
    {
        m.insert(
            "person".into(),
            json!({"id": c.person_id.to_string(), "first_name": first, "last_name": last,
                   "full_name": format!("{first} {last}").trim(), "has_avatar": avatar.unwrap_or(false),
                   "role": role}),
        );
    }
    Ok(m)
}

/// An attachment is readable by the members of its comment's project
/// (vendors: on their tasks), or of its chat's.
pub async fn attachment_check(
    s: &Session,
    action: Action,
    row: Option<&crate::AttachmentFile>,
) -> Result<()> {
    let actor = s.principal.actor()?;
    let (Action::Get, Some(a)) = (action, row) else {
        return Err(Error::forbidden());
    };
    let task = match a.comment_id {
        Some(c) => {
            let mut db = s.db();
            let mut q = db.sql("SELECT \"object_id\" FROM \"comment\" WHERE \"id\" = ");
            q.bind(SqlValue::Uuid(Some(c)));
            db.fetch_optional::<(Uuid,)>(&q).await?.map(|r| r.0)
        }
        None => None,
    };
    let Some(task) = task else {
        return Err(Error::forbidden());
    };
    let (project, assignees) = task_facts(s, task).await?;
    match project.and_then(|p| actor.project_role(p)) {
        Some(Role::Vendor) if !assignees.contains(&actor.id) => Err(Error::forbidden()),
        Some(_) => Ok(()),
        None => Err(Error::forbidden()),
    }
}

/// GET one of a project adds the status name, the metadata descriptors
/// and the task type and status links with their settings.
pub async fn project_extra(s: &Session, p: &crate::Project) -> Result<Map<String, Value>> {
    let mut db = s.db();
    let mut m = Map::new();
    let mut q = db.sql("SELECT \"name\" FROM \"project_status\" WHERE \"id\" = ");
    q.bind(SqlValue::Uuid(p.project_status_id));
    let status = db.fetch_optional::<(String,)>(&q).await?.map(|r| r.0);
    let pid = SqlValue::Uuid(Some(p.id));
    let meta = <crate::MetadataDescriptor as tusk_db::Model>::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM \"metadata_descriptor\" WHERE \"project_id\" = ");
    q.bind(pid.clone()).push(" ORDER BY \"position\", \"name\"");
    let found: Vec<crate::MetadataDescriptor> = db.fetch_all(&q).await?;
    let mut q = db.sql("SELECT l.\"metadata_descriptor_id\", l.\"department_id\" FROM \"department_metadata_descriptor_link\" l JOIN \"metadata_descriptor\" d ON d.\"id\" = l.\"metadata_descriptor_id\" WHERE d.\"project_id\" = ");
    q.bind(pid.clone());
    let dept_links = db.fetch_all::<(Uuid, Uuid)>(&q).await?;
    let descriptors: Vec<Value> = found
        .into_iter()
        .map(|d| {
            let depts: Vec<String> =
                dept_links.iter().filter(|(id, _)| *id == d.id).map(|(_, x)| x.to_string()).collect();
            json!({"id": d.id.to_string(), "name": d.name, "field_name": d.field_name, "data_type": d.data_type,
                   "choices": d.choices.unwrap_or(json!([])), "for_client": d.for_client.unwrap_or(false),
                   "entity_type": d.entity_type, "task_type_id": d.task_type_id.map(|t| t.to_string()),
                   "position": d.position, "departments": depts})
        })
        .collect();
    let mut q = db.sql("SELECT \"task_type_id\", \"priority\", \"hd_bitrate_compression\", \"ld_bitrate_compression\", \"is_client_visible\" FROM \"project_task_type_link\" WHERE \"project_id\" = ");
    q.bind(pid.clone());
    let mut links = Map::new();
    let mut priorities = Map::new();
    for (tt, prio, hd, ld, visible) in db
        .fetch_all::<(Uuid, Option<i32>, Option<i32>, Option<i32>, Option<bool>)>(&q)
        .await?
    {
        links.insert(
            tt.to_string(),
            json!({"priority": prio, "hd_bitrate_compression": hd, "ld_bitrate_compression": ld, "is_client_visible": visible}),
        );
        priorities.insert(tt.to_string(), json!(prio));
    }
    let mut q = db.sql("SELECT \"task_status_id\", \"priority\", \"roles_for_board\", \"is_client_allowed\" FROM \"project_task_status_link\" WHERE \"project_id\" = ");
    q.bind(pid);
    let mut status_links = Map::new();
    for (ts, prio, roles, allowed) in db
        .fetch_all::<(
            Uuid,
            Option<i32>,
            Option<tusk_db::types::List<String>>,
            Option<bool>,
        )>(&q)
        .await?
    {
        status_links.insert(
            ts.to_string(),
            json!({"priority": prio, "roles_for_board": roles.map(|r| r.0).unwrap_or_default(), "is_client_allowed": allowed}),
        );
    }
    m.insert("descriptors".into(), Value::Array(descriptors));
    m.insert("task_type_links".into(), Value::Object(links));
    m.insert("task_types_priority".into(), Value::Object(priorities));
    m.insert("task_statuses_link".into(), Value::Object(status_links));
    m.insert("project_status_name".into(), json!(status));
    Ok(m)
}

/// Keys a non-admin sees of a person (Zou's minimal form).
pub const PERSON_MINIMAL: &[&str] = &[
    "id",
    "type",
    "first_name",
    "last_name",
    "full_name",
    "has_avatar",
    "active",
    "departments",
    "studio_id",
    "role",
    "desktop_login",
    "is_bot",
];
/// Keys a client sees of a person.
pub const PERSON_FOR_CLIENT: &[&str] = &[
    "id",
    "type",
    "first_name",
    "last_name",
    "full_name",
    "has_avatar",
    "active",
    "role",
    "is_bot",
];

/// Person columns only admins may change, even on their own row.
pub const PERSON_ADMIN_ONLY: &[&str] = &[
    "role",
    "active",
    "archived",
    "studio_id",
    "is_bot",
    "is_guest",
    "is_generated_from_ldap",
    "ldap_uid",
    "login_failed_attemps",
    "last_login_failed",
    "expiration_date",
    "daily_salary",
    "position",
    "seniority",
    "contract_type",
];

/// Persons sharing a project with the actor (what a client may see).
pub fn shared_project_pred(s: &Session) -> Result<tusk_db::filter::Pred> {
    let actor = s.principal.actor()?;
    let mut q = tusk_db::sql::Sql::new(s.db.dialect());
    q.qualified("person", "id")
        .push(" IN (SELECT \"person_id\" FROM \"project_person_link\" WHERE \"project_id\"");
    q.in_uuids(&actor.project_ids()).push(")");
    Ok(tusk_db::filter::Pred::Raw(q))
}

pub fn is_client(p: &Principal) -> bool {
    matches!(p, Principal::Actor(a) if a.role == Role::Client)
}

/// Do two persons share a project?
pub async fn shares_project(s: &Session, other: Uuid) -> Result<bool> {
    let actor = s.principal.actor()?;
    if actor.id == other {
        return Ok(!actor.projects.is_empty());
    }
    let mut db = s.db();
    let mut q = db.sql("SELECT COUNT(*) FROM \"project_person_link\" WHERE \"person_id\" = ");
    q.bind(SqlValue::Uuid(Some(other)))
        .push(" AND \"project_id\"")
        .in_uuids(&actor.project_ids());
    Ok(!actor.projects.is_empty() && db.fetch_scalar::<i64>(&q).await? > 0)
}

/// Day offs: one's own, or (to read) those of persons sharing a project
/// with a manager or supervisor.
pub async fn day_off_check(s: &Session, action: Action, person: Option<Uuid>) -> Result<()> {
    let actor = s.principal.actor()?;
    if person == Some(actor.id) {
        return Ok(());
    }
    if action == Action::Get && actor.role.is_supervisor() {
        if let Some(p) = person {
            if shares_project(s, p).await? {
                return Ok(());
            }
        }
    }
    Err(Error::forbidden())
}

/// Time spents may be deleted by admins, managers of the project and
/// their person, while that person is assigned to the task (as Zou).
pub async fn time_spent_delete_check(s: &Session, ts: &crate::TimeSpent) -> Result<()> {
    let actor = s.principal.actor()?;
    let (Some(task), Some(person)) = (ts.task_id, ts.person_id) else {
        return Err(Error::forbidden());
    };
    let (project, assignees) = task_facts(s, task).await?;
    let allowed = actor.is_admin()
        || actor.id == person
        || project
            .and_then(|p| actor.project_role(p))
            .is_some_and(Role::is_manager);
    if allowed && assignees.contains(&person) {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// `for_client = true`, for the lists clients see.
pub fn for_client(meta: &'static tusk_db::TableMeta) -> tusk_db::filter::Pred {
    tusk_db::filter::Pred::Cmp(
        tusk_db::filter::col(meta, "for_client"),
        tusk_db::filter::Op::Eq,
        SqlValue::Bool(Some(true)),
    )
}

/// Create the missing salary scale cells (9 per department).
pub async fn fill_salary_grid(s: &Session) -> Result<()> {
    let mut db = s.db();
    let q = db.sql(
        "SELECT d.\"id\", p.\"position\", n.\"seniority\" FROM \"department\" d \
         CROSS JOIN (SELECT 'supervisor' AS \"position\" UNION ALL SELECT 'lead' UNION ALL SELECT 'artist') p \
         CROSS JOIN (SELECT 'senior' AS \"seniority\" UNION ALL SELECT 'mid' UNION ALL SELECT 'junior') n \
         WHERE NOT EXISTS (SELECT 1 FROM \"salary_scale\" x WHERE x.\"department_id\" = d.\"id\" \
           AND x.\"position\" = p.\"position\" AND x.\"seniority\" = n.\"seniority\")",
    );
    let missing = db.fetch_all::<(Uuid, String, String)>(&q).await?;
    if missing.is_empty() {
        return Ok(());
    }
    let mut tx = s.db.begin().await?;
    let now = tusk_db::fmt::now();
    for (dept, position, seniority) in missing {
        let mut q = tx.sql("INSERT INTO \"salary_scale\" (\"id\", \"department_id\", \"position\", \"seniority\", \"salary\", \"created_at\", \"updated_at\") VALUES (");
        q.bind(SqlValue::Uuid(Some(Uuid::new_v4())))
            .push(", ")
            .bind(SqlValue::Uuid(Some(dept)))
            .push(", ");
        q.bind(SqlValue::Text(Some(position)))
            .push(", ")
            .bind(SqlValue::Text(Some(seniority)))
            .push(", 0, ");
        q.bind(SqlValue::Timestamp(Some(now)))
            .push(", ")
            .bind(SqlValue::Timestamp(Some(now)))
            .push(")");
        tx.execute(&q).await?;
    }
    tx.commit().await
}
