//! Hand-written additions to generated types: computed JSON keys and
//! GraphQL fields that a description alone cannot express.

use tusk_db::out::Out;

/// Zou adds `full_name` ("first last", trimmed) to every person.
pub fn person_json<O: Out>(
    p: &crate::Person,
    out: &mut O,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(), O::Error> {
    if keep("full_name") {
        out.put("full_name", &p.full_name())?;
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

/// GET one project: status name, descriptors, task type and status links.
pub async fn project_extra(s: &Session, p: &crate::Project) -> Result<Map<String, Value>> {
    let mut db = s.db();
    let opts = ProjectKeys {
        status_name: true,
        descriptors: true,
        links: true,
        first_episode: false,
    };
    let scope = match &s.principal {
        Principal::Actor(a) => {
            DescriptorScope::of(a.project_role(p.id).unwrap_or(a.role), &a.departments)
        }
        _ => DescriptorScope::ForClient,
    };
    let mut all =
        projects_extra(&mut db, std::slice::from_ref(p), &opts, &|_| scope.clone()).await?;
    Ok(all.remove(&p.id).unwrap_or_default())
}

/// Which metadata descriptors a caller may read (Zou's narrowing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DescriptorScope {
    All,
    /// Clients: `for_client` descriptors only.
    ForClient,
    /// Vendors: descriptors of no department or of one of these.
    Departments(Vec<Uuid>),
}

impl DescriptorScope {
    /// The scope of a role (`departments`: the caller's).
    pub fn of(role: Role, departments: &[Uuid]) -> DescriptorScope {
        match role {
            Role::Client => DescriptorScope::ForClient,
            Role::Vendor => DescriptorScope::Departments(departments.to_vec()),
            _ => DescriptorScope::All,
        }
    }

    pub fn allows(&self, for_client: bool, departments: &[Uuid]) -> bool {
        match self {
            DescriptorScope::All => true,
            DescriptorScope::ForClient => for_client,
            DescriptorScope::Departments(mine) => {
                departments.is_empty() || departments.iter().any(|d| mine.contains(d))
            }
        }
    }
}

/// What to add to project rows.
pub struct ProjectKeys {
    /// `project_status_name`.
    pub status_name: bool,
    /// `descriptors`, as `scope` lets the caller see them.
    pub descriptors: bool,
    /// `task_type_links`, `task_types_priority`, `task_statuses_link`.
    pub links: bool,
    /// `first_episode_id` for tv shows.
    pub first_episode: bool,
}

/// A metadata descriptor as Zou serializes it inside a project.
pub fn descriptor_json(d: &crate::MetadataDescriptor, departments: &[Uuid]) -> Value {
    json!({"id": d.id.to_string(), "name": d.name, "field_name": d.field_name, "data_type": d.data_type,
           "choices": d.choices.as_ref().map_or(json!([]), tusk_db::Json::value), "for_client": d.for_client.unwrap_or(false),
           "entity_type": d.entity_type, "task_type_id": d.task_type_id.map(|t| t.to_string()),
           "position": d.position, "departments": departments.iter().map(|x| x.to_string()).collect::<Vec<_>>()})
}

/// Descriptors of `projects` with their departments, in creation order (as
/// a project's `descriptors` are in Zou). One statement each, whatever the
/// number of projects.
pub async fn descriptors_of(
    db: &mut tusk_db::Db,
    projects: &[Uuid],
) -> Result<Vec<(crate::MetadataDescriptor, Vec<Uuid>)>> {
    let meta = <crate::MetadataDescriptor as tusk_db::Model>::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM \"metadata_descriptor\" WHERE \"project_id\"")
        .in_uuids(projects)
        .push(" ORDER BY \"created_at\", \"id\"");
    let found: Vec<crate::MetadataDescriptor> = db.fetch_all(&q).await?;
    let mut q = db.sql("SELECT l.\"metadata_descriptor_id\", l.\"department_id\" FROM \"department_metadata_descriptor_link\" l JOIN \"metadata_descriptor\" d ON d.\"id\" = l.\"metadata_descriptor_id\" WHERE d.\"project_id\"");
    q.in_uuids(projects);
    let links = db.fetch_all::<(Uuid, Uuid)>(&q).await?;
    let mut by: std::collections::HashMap<Uuid, Vec<Uuid>> = Default::default();
    for (d, dep) in links {
        by.entry(d).or_default().push(dep);
    }
    Ok(found
        .into_iter()
        .map(|d| {
            let deps = by.remove(&d.id).unwrap_or_default();
            (d, deps)
        })
        .collect())
}

/// The extra keys of many projects at once (a constant number of
/// statements). `scope` gives the descriptor visibility per project.
pub async fn projects_extra(
    db: &mut tusk_db::Db,
    projects: &[crate::Project],
    opts: &ProjectKeys,
    scope: &(dyn Fn(Uuid) -> DescriptorScope + Sync),
) -> Result<std::collections::HashMap<Uuid, Map<String, Value>>> {
    let mut out: std::collections::HashMap<Uuid, Map<String, Value>> =
        projects.iter().map(|p| (p.id, Map::new())).collect();
    if projects.is_empty() {
        return Ok(out);
    }
    let ids: Vec<Uuid> = projects.iter().map(|p| p.id).collect();
    if opts.descriptors {
        for m in out.values_mut() {
            m.insert("descriptors".into(), json!([]));
        }
        for (d, deps) in descriptors_of(db, &ids).await? {
            let pid = d.project_id;
            let visible = scope(pid).allows(d.for_client.unwrap_or(false), &deps);
            if visible {
                if let Some(Value::Array(a)) =
                    out.get_mut(&pid).and_then(|m| m.get_mut("descriptors"))
                {
                    a.push(descriptor_json(&d, &deps));
                }
            }
        }
    }
    if opts.links {
        let mut q = db.sql("SELECT \"project_id\", \"task_type_id\", \"priority\", \"hd_bitrate_compression\", \"ld_bitrate_compression\", \"is_client_visible\" FROM \"project_task_type_link\" WHERE \"project_id\"");
        q.in_uuids(&ids);
        // Per project: the links, and the priorities alone.
        type Links = (Map<String, Value>, Map<String, Value>);
        let mut links: std::collections::HashMap<Uuid, Links> = Default::default();
        for (pid, tt, prio, hd, ld, visible) in db
            .fetch_all::<(
                Uuid,
                Uuid,
                Option<i32>,
                Option<i32>,
                Option<i32>,
                Option<bool>,
            )>(&q)
            .await?
        {
            let e = links.entry(pid).or_default();
            e.0.insert(
                tt.to_string(),
                json!({"priority": prio, "hd_bitrate_compression": hd, "ld_bitrate_compression": ld, "is_client_visible": visible}),
            );
            e.1.insert(tt.to_string(), json!(prio));
        }
        let mut q = db.sql("SELECT \"project_id\", \"task_status_id\", \"priority\", \"roles_for_board\", \"is_client_allowed\" FROM \"project_task_status_link\" WHERE \"project_id\"");
        q.in_uuids(&ids);
        let mut status_links: std::collections::HashMap<Uuid, Map<String, Value>> =
            Default::default();
        for (pid, ts, prio, roles, allowed) in db
            .fetch_all::<(
                Uuid,
                Uuid,
                Option<i32>,
                Option<tusk_db::types::List<String>>,
                Option<bool>,
            )>(&q)
            .await?
        {
            status_links.entry(pid).or_default().insert(
                ts.to_string(),
                json!({"priority": prio, "roles_for_board": roles.map(|r| r.0).unwrap_or_default(), "is_client_allowed": allowed}),
            );
        }
        for (pid, m) in out.iter_mut() {
            let (l, p) = links.remove(pid).unwrap_or_default();
            m.insert("task_type_links".into(), Value::Object(l));
            m.insert("task_types_priority".into(), Value::Object(p));
            m.insert(
                "task_statuses_link".into(),
                Value::Object(status_links.remove(pid).unwrap_or_default()),
            );
        }
    }
    if opts.first_episode {
        let shows: Vec<Uuid> = projects
            .iter()
            .filter(|p| p.production_type.as_deref() == Some("tvshow"))
            .map(|p| p.id)
            .collect();
        if !shows.is_empty() {
            // The first running episode by name, else the first episode.
            let mut q = db.sql("SELECT e.\"project_id\", e.\"id\", e.\"status\" FROM \"entity\" e JOIN \"entity_type\" t ON t.\"id\" = e.\"entity_type_id\" WHERE t.\"name\" = 'Episode' AND e.\"project_id\"");
            q.in_uuids(&shows)
                .push(" ORDER BY e.\"project_id\", e.\"name\"");
            let mut first: std::collections::HashMap<Uuid, (Uuid, bool)> = Default::default();
            for (pid, id, status) in db.fetch_all::<(Uuid, Uuid, Option<String>)>(&q).await? {
                let running = status.as_deref() == Some("running");
                match first.get(&pid) {
                    None => {
                        first.insert(pid, (id, running));
                    }
                    Some((_, false)) if running => {
                        first.insert(pid, (id, true));
                    }
                    _ => {}
                }
            }
            for (pid, (id, _)) in first {
                if let Some(m) = out.get_mut(&pid) {
                    m.insert("first_episode_id".into(), json!(id.to_string()));
                }
            }
        }
    }
    if opts.status_name {
        let mut q = db.sql("SELECT p.\"id\", s.\"name\" FROM \"project\" p JOIN \"project_status\" s ON s.\"id\" = p.\"project_status_id\" WHERE p.\"id\"");
        q.in_uuids(&ids);
        let names: std::collections::HashMap<Uuid, String> = db
            .fetch_all::<(Uuid, String)>(&q)
            .await?
            .into_iter()
            .collect();
        for (pid, m) in out.iter_mut() {
            m.insert("project_status_name".into(), json!(names.get(pid)));
        }
    }
    Ok(out)
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

/// Zou's `slugify(name, separator="_")`: ASCII transliteration, lower case,
/// runs of anything else turned into one `_`.
pub fn field_name_of(name: &str) -> String {
    slug::slugify(name).replace('-', "_")
}

/// The rows whose `data` holds the values of `d`: (table, condition).
fn data_rows_of(d: &crate::MetadataDescriptor, q: &mut tusk_db::sql::Sql) -> &'static str {
    let pid = SqlValue::Uuid(Some(d.project_id));
    match d.entity_type.as_str() {
        "Project" => {
            q.push("\"id\" = ").bind(pid);
            "project"
        }
        "Task" => {
            q.push("\"project_id\" = ")
                .bind(pid)
                .push(" AND \"task_type_id\" = ")
                .bind(SqlValue::Uuid(d.task_type_id));
            "task"
        }
        "Asset" => {
            q.push("\"project_id\" = ").bind(pid).push(
                " AND \"entity_type_id\" IN (SELECT \"id\" FROM \"entity_type\" WHERE \"name\" NOT IN ('Shot', 'Sequence', 'Episode', 'Scene', 'Edit', 'Concept'))",
            );
            "entity"
        }
        kind @ ("Shot" | "Sequence" | "Episode" | "Scene" | "Edit") => {
            q.push("\"project_id\" = ")
                .bind(pid)
                .push(" AND \"entity_type_id\" IN (SELECT \"id\" FROM \"entity_type\" WHERE \"name\" = ")
                .bind(SqlValue::Text(Some(kind.to_owned())))
                .push(")");
            "entity"
        }
        _ => {
            q.push("1 = 0");
            "entity"
        }
    }
}

/// Move the values of descriptor `d` from `data.<old>` to `data.<new>` on
/// every row that holds one (a rename), in one statement.
pub async fn rename_data_key(
    tx: &mut tusk_db::Tx,
    d: &crate::MetadataDescriptor,
    old: &str,
    new: &str,
) -> Result<()> {
    let mut cond = tx.sql("");
    let table = data_rows_of(d, &mut cond);
    let mut q = tx.sql("UPDATE ");
    q.ident(table).push(" SET \"data\" = ");
    let text = |s: &str| SqlValue::Text(Some(s.to_owned()));
    match tx.dialect() {
        tusk_db::Dialect::Postgres => {
            q.push("(\"data\" - ")
                .bind(text(old))
                .push(") || jsonb_build_object(")
                .bind(text(new))
                .push("::text, \"data\" -> ")
                .bind(text(old))
                .push(") WHERE jsonb_typeof(\"data\" -> ")
                .bind(text(old))
                .push(") NOT IN ('null') AND ");
        }
        tusk_db::Dialect::Sqlite => {
            let (po, pn) = (format!("$.\"{old}\""), format!("$.\"{new}\""));
            q.push("json_set(json_remove(\"data\", ")
                .bind(text(&po))
                .push("), ")
                .bind(text(&pn))
                .push(", json_extract(\"data\", ")
                .bind(text(&po))
                .push(")) WHERE json_type(\"data\", ")
                .bind(text(&po))
                .push(") NOT IN ('null') AND ");
        }
    }
    q.append(&cond);
    tx.execute(&q).await?;
    Ok(())
}

/// Remove `data.<key>` from every row holding a value of descriptor `d`.
pub async fn strip_data_key(
    tx: &mut tusk_db::Tx,
    d: &crate::MetadataDescriptor,
    key: &str,
) -> Result<()> {
    let mut cond = tx.sql("");
    let table = data_rows_of(d, &mut cond);
    let mut q = tx.sql("UPDATE ");
    q.ident(table).push(" SET \"data\" = ");
    let k = SqlValue::Text(Some(key.to_owned()));
    match tx.dialect() {
        tusk_db::Dialect::Postgres => {
            q.push("\"data\" - ")
                .bind(k.clone())
                .push(" WHERE \"data\" ? ")
                .bind(k)
                .push(" AND ");
        }
        tusk_db::Dialect::Sqlite => {
            let p = SqlValue::Text(Some(format!("$.\"{key}\"")));
            q.push("json_remove(\"data\", ")
                .bind(p.clone())
                .push(") WHERE json_type(\"data\", ")
                .bind(p)
                .push(") IS NOT NULL AND ");
        }
    }
    q.append(&cond);
    tx.execute(&q).await?;
    Ok(())
}

/// A member of a project's team, with the role they have in it.
#[derive(async_graphql::SimpleObject)]
pub struct TeamMember {
    pub person: crate::Person,
    /// The per-project role override (`None`: the person's global role).
    pub project_role: Option<String>,
}

/// GraphQL fields of a project beyond its columns and links.
pub struct ProjectFields<'a>(pub &'a crate::Project);

fn caller_role(
    ctx: &async_graphql::Context<'_>,
    project: Uuid,
) -> async_graphql::Result<(Role, Vec<Uuid>)> {
    let s = ctx.data::<Session>()?;
    let a = s.principal.actor()?;
    Ok((
        a.project_role(project).unwrap_or(a.role),
        a.departments.clone(),
    ))
}

#[async_graphql::Object]
impl ProjectFields<'_> {
    /// Its breakdown: episodes, sequences, shots, scenes, edits, concepts
    /// and assets, each by name.
    #[graphql(flatten)]
    async fn breakdown(&self) -> crate::views::ProjectBreakdown<'_> {
        crate::views::ProjectBreakdown(self.0)
    }

    /// Whether the project's status is open.
    async fn is_open(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<bool> {
        let status =
            tusk_db::loaders::by_id::<crate::ProjectStatus>(ctx, self.0.project_status_id).await?;
        Ok(status.is_some_and(|s| matches!(s.name.as_str(), "Open" | "open" | "Active")))
    }

    /// The team with each member's per-project role.
    async fn team_members(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Vec<TeamMember>> {
        let links =
            tusk_db::loaders::by_column::<crate::ProjectPersonLink>(ctx, "project_id", self.0.id)
                .await?;
        let mut out = Vec::with_capacity(links.len());
        for l in links.iter() {
            if let Some(person) =
                tusk_db::loaders::by_id::<crate::Person>(ctx, Some(l.person_id)).await?
            {
                out.push(TeamMember {
                    person,
                    project_role: l.role.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Custom fields of the project's entities, as the caller may see them
    /// (clients: those meant for clients; vendors: those of their
    /// departments or of none), by position then name.
    async fn descriptors(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Vec<crate::MetadataDescriptor>> {
        let (role, departments) = caller_role(ctx, self.0.id)?;
        let scope = DescriptorScope::of(role, &departments);
        let mut all =
            tusk_db::loaders::by_column::<crate::MetadataDescriptor>(ctx, "project_id", self.0.id)
                .await?
                .to_vec();
        all.sort_by(|a, b| {
            (a.position.is_none(), a.position, &a.name).cmp(&(
                b.position.is_none(),
                b.position,
                &b.name,
            ))
        });
        let rel = <crate::MetadataDescriptor as tusk_db::Model>::META
            .many("departments")
            .ok_or("no departments")?;
        let mut out = Vec::new();
        for d in all {
            let deps: Vec<Uuid> = if scope == DescriptorScope::All {
                vec![]
            } else {
                tusk_db::loaders::linked::<crate::Department>(ctx, rel, d.id)
                    .await?
                    .iter()
                    .map(|x| x.id)
                    .collect()
            };
            if scope.allows(d.for_client.unwrap_or(false), &deps) {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The project's budgets, by revision (managers of the project only).
    async fn budgets(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Vec<crate::Budget>> {
        let (role, _) = caller_role(ctx, self.0.id)?;
        if !role.is_manager() {
            return Err(Error::forbidden().into());
        }
        let mut all = tusk_db::loaders::by_column::<crate::Budget>(ctx, "project_id", self.0.id)
            .await?
            .to_vec();
        all.sort_by_key(|b| b.revision);
        Ok(all)
    }
}

impl tusk_db::loaders::PrefetchExtra for crate::Project {
    fn prefetch_extra<'a>(
        loaders: &'a tusk_db::loaders::Loaders,
        look: &'a async_graphql::Lookahead<'a>,
        rows: &'a [Self],
    ) -> futures::future::BoxFuture<'a, async_graphql::Result<()>> {
        crate::views::prefetch_project(loaders, look, rows)
    }
}
