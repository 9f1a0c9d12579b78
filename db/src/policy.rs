//! Who may do what: the one place where permissions are decided.
//!
//! GraphQL resolvers and REST routes (which run GraphQL operations) both go
//! through the engine (`engine.rs`), and the engine asks this module. A rule
//! is either a yes/no decision about one row, or, for lists, a predicate that
//! scopes the rows a caller may see. Rules come from Zou's permission
//! profiles (`routes.tsv`, `behaviours.md` §3); where Zou's rule is a hole,
//! the stricter rule is used and listed in the README.

use crate::error::{Error, Result};
use crate::filter::Pred;
use crate::model::TableMeta;
use crate::pool::{Db, Dialect};
use crate::sql::Sql;
use crate::value::SqlValue;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Zou's roles. `admin` is global only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Manager,
    Supervisor,
    /// Zou calls artists `user`.
    User,
    Client,
    Vendor,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "admin" => Role::Admin,
            "manager" => Role::Manager,
            "supervisor" => Role::Supervisor,
            "user" => Role::User,
            "client" => Role::Client,
            "vendor" => Role::Vendor,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Supervisor => "supervisor",
            Role::User => "user",
            Role::Client => "client",
            Role::Vendor => "vendor",
        }
    }
    /// Manager rights: admin or manager.
    pub fn is_manager(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }
    /// Supervisor rights: admin, manager or supervisor.
    pub fn is_supervisor(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Supervisor)
    }
}

/// How a token identifies its holder (`identity_type` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityType {
    /// An interactive login.
    Person,
    /// A bot's API token.
    Bot,
    /// A person's API token.
    PersonApi,
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
    pub is_bot: bool,
    pub identity: IdentityType,
    pub departments: Vec<Uuid>,
    /// Team memberships: project id → per-project role override.
    pub projects: HashMap<Uuid, Option<Role>>,
    /// The token's jti and, for access tokens, its refresh token's jti.
    pub jti: Option<String>,
    pub refresh_jti: Option<String>,
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn is_member(&self, project: Uuid) -> bool {
        self.is_admin() || self.projects.contains_key(&project)
    }

    /// The role that applies in a project: the per-project override when
    /// the actor is on the team (an `admin` override is ignored), the global
    /// role otherwise. `None` when not on the team (admins always are).
    pub fn project_role(&self, project: Uuid) -> Option<Role> {
        if self.is_admin() {
            return Some(Role::Admin);
        }
        match self.projects.get(&project) {
            Some(Some(r)) if *r != Role::Admin => Some(*r),
            Some(_) => Some(self.role),
            None => None,
        }
    }

    pub fn project_ids(&self) -> Vec<Uuid> {
        self.projects.keys().copied().collect()
    }

    /// Load a person's identity, departments and team memberships.
    pub async fn load(db: &mut Db, id: Uuid, identity: IdentityType) -> Result<Option<Actor>> {
        let sql = {
            let mut s =
                db.sql("SELECT \"role\", \"is_bot\", \"active\" FROM \"person\" WHERE \"id\" = ");
            s.bind(SqlValue::Uuid(Some(id)));
            s
        };
        let Some((role, is_bot, active)) = db
            .fetch_optional::<(String, bool, Option<bool>)>(&sql)
            .await?
        else {
            return Ok(None);
        };
        if active == Some(false) {
            return Ok(None);
        }
        Ok(Some(Actor::build(db, id, &role, is_bot, identity).await?))
    }

    /// An actor whose person row is already known: load departments and
    /// team memberships (one statement).
    pub async fn build(
        db: &mut Db,
        id: Uuid,
        role: &str,
        is_bot: bool,
        identity: IdentityType,
    ) -> Result<Actor> {
        let role = Role::parse(role).unwrap_or(Role::User);
        let mut s = db.sql(
            "SELECT \"project_id\", \"role\", NULL FROM \"project_person_link\" WHERE \"person_id\" = ",
        );
        s.bind(SqlValue::Uuid(Some(id)));
        s.push(" UNION ALL SELECT \"department_id\", NULL, 1 FROM \"department_link\" WHERE \"person_id\" = ");
        s.bind(SqlValue::Uuid(Some(id)));
        let rows = db
            .fetch_all::<(Uuid, Option<String>, Option<i32>)>(&s)
            .await?;
        let mut projects = HashMap::new();
        let mut departments = Vec::new();
        for (target, prole, is_dept) in rows {
            if is_dept.is_some() {
                departments.push(target);
            } else {
                projects.insert(target, prole.as_deref().and_then(Role::parse));
            }
        }
        Ok(Actor {
            id,
            role,
            is_bot,
            identity,
            departments,
            projects,
            jti: None,
            refresh_jti: None,
        })
    }
}

/// The caller: nobody, an authenticated actor, or someone whose credentials
/// were refused (the refusal is what any protected operation answers).
#[derive(Debug, Clone, Default)]
pub enum Principal {
    #[default]
    Anonymous,
    Actor(Arc<Actor>),
    /// A token was sent but refused: status and Zou body of the refusal.
    Rejected(u16, serde_json::Value),
}

/// Zou's answer to a protected route called without a token.
pub const MISSING_JWT: &str = "Missing JWT in cookies or headers (Missing cookie \"access_token_cookie\"; Missing Authorization Header)";

impl Principal {
    pub fn actor(&self) -> Result<&Arc<Actor>> {
        match self {
            Principal::Actor(a) => Ok(a),
            Principal::Anonymous => {
                Err(Error::body(401, serde_json::json!({ "msg": MISSING_JWT })))
            }
            Principal::Rejected(status, body) => Err(Error::body(*status, body.clone())),
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(self, Principal::Actor(a) if a.is_admin())
    }
}

/// A permission profile for one action on one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, even without a token.
    Public,
    /// Any authenticated caller.
    LoggedIn,
    /// Any authenticated caller but vendors.
    NoVendor,
    /// Global role manager or admin.
    ManagerGlobal,
    /// Admin only.
    Admin,
    /// On the team of the row's project (admins always are).
    ProjectMember,
    /// On the team, not a vendor.
    ProjectMemberNoVendor,
    /// On the team, neither vendor nor client.
    ProjectMemberNoVendorNoClient,
    /// Supervisor rights in the row's project.
    ProjectSupervisor,
    /// Manager rights in the row's project.
    ProjectManager,
    /// The row's `person_id` is the caller, or the caller is admin.
    SelfOrAdmin,
    /// Zou's "task actor": manager or client of the project, supervisor in
    /// the project, or assignee of the row's task (see `VendorScope` for
    /// where the task id is).
    TaskActor,
    /// A task actor who is not a client.
    TaskActorNoClient,
    /// Manager of the project, or assigned to a task of the row's entity.
    EntityAssigneeOrManager,
    /// Decided by the table's own hook (`Hooks::check`).
    Custom,
}

/// How lists are narrowed for non-admin callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// No narrowing.
    None,
    /// Rows of the caller's projects.
    OwnProjects,
    /// The caller's own rows (`person_id`).
    Own,
}

/// How to find the project a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectOf {
    /// The table is not project-scoped.
    None,
    /// The row itself is the project.
    Itself,
    /// A column of the row holds the project id.
    Column(&'static str),
    /// A column holds the id of a row of another table which has the
    /// project id: `Via("task_id", "task")`.
    Via(&'static str, &'static str),
}

/// How vendors are narrowed: they only see what touches tasks assigned to
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorScope {
    None,
    /// The row is an entity: one of its tasks is assigned to the vendor.
    Entity,
    /// A column holds an entity id (same test).
    EntityColumn(&'static str),
    /// The row is a task assigned to the vendor.
    Task,
    /// A column holds a task id assigned to the vendor.
    TaskColumn(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub list: Rule,
    pub get: Rule,
    pub create: Rule,
    pub update: Rule,
    pub delete: Rule,
    pub list_scope: ListScope,
    pub project: ProjectOf,
    pub vendor: VendorScope,
}

impl Rules {
    /// Zou's default for CRUD tables: everything admin only.
    pub const ADMIN: Rules = Rules {
        list: Rule::Admin,
        get: Rule::Admin,
        create: Rule::Admin,
        update: Rule::Admin,
        delete: Rule::Admin,
        list_scope: ListScope::None,
        project: ProjectOf::None,
        vendor: VendorScope::None,
    };
}

/// The CRUD actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    List,
    Get,
    Create,
    Update,
    Delete,
}

impl Rules {
    pub fn rule(&self, a: Action) -> Rule {
        match a {
            Action::List => self.list,
            Action::Get => self.get,
            Action::Create => self.create,
            Action::Update => self.update,
            Action::Delete => self.delete,
        }
    }
}

/// What is known about the row an action touches.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowFacts {
    pub project_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
}

/// Decide a yes/no rule for a row. `Custom` rules are decided by the
/// table's hook and are not handled here.
pub fn check(principal: &Principal, rule: Rule, row: RowFacts) -> Result<()> {
    if rule == Rule::Public {
        return Ok(());
    }
    let actor = principal.actor()?;
    if actor.is_admin() {
        return Ok(());
    }
    let in_project = |min: fn(Role) -> bool| -> bool {
        row.project_id
            .and_then(|p| actor.project_role(p))
            .is_some_and(min)
    };
    let ok = match rule {
        Rule::Public | Rule::LoggedIn => true,
        Rule::NoVendor => actor.role != Role::Vendor,
        Rule::ManagerGlobal => actor.role.is_manager(),
        Rule::Admin => false,
        Rule::ProjectMember => in_project(|_| true),
        Rule::ProjectMemberNoVendor => in_project(|r| r != Role::Vendor),
        Rule::ProjectMemberNoVendorNoClient => {
            in_project(|r| !matches!(r, Role::Vendor | Role::Client))
        }
        Rule::ProjectSupervisor => in_project(Role::is_supervisor),
        Rule::ProjectManager => in_project(Role::is_manager),
        Rule::SelfOrAdmin => row.person_id == Some(actor.id),
        // Decided by the engine (they need the database) or the table.
        Rule::TaskActor
        | Rule::TaskActorNoClient
        | Rule::EntityAssigneeOrManager
        | Rule::Custom => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// The list predicate for a caller, or `Pred::False` when the caller may not
/// list at all (the engine answers 403 before that).
pub fn list_scope(principal: &Principal, meta: &TableMeta, dialect: Dialect) -> Result<Pred> {
    let actor = principal.actor()?;
    if actor.is_admin() {
        return Ok(Pred::True);
    }
    let rules = &meta.rules;
    let mut preds = Vec::new();
    match rules.list_scope {
        ListScope::None => {}
        ListScope::Own => {
            let mut s = Sql::new(dialect);
            s.qualified(meta.table, "person_id")
                .push(" = ")
                .bind(SqlValue::Uuid(Some(actor.id)));
            preds.push(Pred::Raw(s));
        }
        ListScope::OwnProjects => preds.push(project_pred(meta, dialect, &actor.project_ids())),
    }
    if actor.role == Role::Vendor || actor.projects.values().any(|r| *r == Some(Role::Vendor)) {
        if let Some(p) = vendor_pred(meta, dialect, actor) {
            preds.push(p);
        }
    }
    Ok(Pred::and(preds))
}

/// `project_id IN (...)`, following `ProjectOf`.
pub fn project_pred(meta: &TableMeta, dialect: Dialect, projects: &[Uuid]) -> Pred {
    let ids = || projects.iter().map(|p| SqlValue::Uuid(Some(*p)));
    let mut s = Sql::new(dialect);
    match meta.rules.project {
        ProjectOf::None => return Pred::True,
        ProjectOf::Itself => {
            s.qualified(meta.table, "id").push(" IN ").bind_list(ids());
        }
        ProjectOf::Column(c) => {
            s.qualified(meta.table, c).push(" IN ").bind_list(ids());
        }
        ProjectOf::Via(c, table) => {
            s.qualified(meta.table, c)
                .push(" IN (SELECT \"id\" FROM ")
                .ident(table);
            s.push(" WHERE \"project_id\" IN ")
                .bind_list(ids())
                .push(")");
        }
    }
    Pred::Raw(s)
}

/// Vendors only see what touches a task assigned to them. Applied when the
/// caller is a vendor globally (project-level vendor overrides are applied
/// per project by the same test).
fn vendor_pred(meta: &TableMeta, dialect: Dialect, actor: &Actor) -> Option<Pred> {
    let mut s = Sql::new(dialect);
    let me = SqlValue::Uuid(Some(actor.id));
    let assigned_entities = |s: &mut Sql, col: &str| {
        s.qualified(meta.table, col);
        s.push(" IN (SELECT t.\"entity_id\" FROM \"task\" t JOIN \"task_person_link\" l ON l.\"task_id\" = t.\"id\" WHERE l.\"person_id\" = ");
        s.bind(me.clone()).push(")");
    };
    let assigned_tasks = |s: &mut Sql, col: &str| {
        s.qualified(meta.table, col);
        s.push(" IN (SELECT \"task_id\" FROM \"task_person_link\" WHERE \"person_id\" = ");
        s.bind(me.clone()).push(")");
    };
    match meta.rules.vendor {
        VendorScope::None => return None,
        VendorScope::Entity => assigned_entities(&mut s, "id"),
        VendorScope::EntityColumn(c) => assigned_entities(&mut s, c),
        VendorScope::Task => assigned_tasks(&mut s, "id"),
        VendorScope::TaskColumn(c) => assigned_tasks(&mut s, c),
    }
    if actor.role == Role::Vendor {
        Some(Pred::Raw(s))
    } else {
        // Vendor on some projects only: narrow those projects' rows.
        let vendor_projects: Vec<Uuid> = actor
            .projects
            .iter()
            .filter(|(_, r)| **r == Some(Role::Vendor))
            .map(|(p, _)| *p)
            .collect();
        let in_vendor_projects = project_pred(meta, dialect, &vendor_projects);
        Some(Pred::Or(vec![
            Pred::Not(Box::new(in_vendor_projects)),
            Pred::Raw(s),
        ]))
    }
}

/// Resolve the project of a row, following `ProjectOf::Via` with one query.
pub async fn project_of(
    db: &mut Db,
    meta: &TableMeta,
    values: &(dyn Fn(&str) -> Option<SqlValue> + Sync),
) -> Result<Option<Uuid>> {
    Ok(match meta.rules.project {
        ProjectOf::None => None,
        ProjectOf::Itself => values("id").and_then(|v| v.as_uuid()),
        ProjectOf::Column(c) => values(c).and_then(|v| v.as_uuid()),
        ProjectOf::Via(c, table) => match values(c).and_then(|v| v.as_uuid()) {
            None => None,
            Some(id) => {
                let mut s = db.sql("SELECT \"project_id\" FROM ");
                s.ident(table)
                    .push(" WHERE \"id\" = ")
                    .bind(SqlValue::Uuid(Some(id)));
                db.fetch_optional::<(Option<Uuid>,)>(&s)
                    .await?
                    .and_then(|r| r.0)
            }
        },
    })
}

/// Is the actor assigned to `task_id`?
pub async fn is_assignee(db: &mut Db, actor: &Actor, task_id: Uuid) -> Result<bool> {
    let mut s = db.sql("SELECT COUNT(*) FROM \"task_person_link\" WHERE \"task_id\" = ");
    s.bind(SqlValue::Uuid(Some(task_id)))
        .push(" AND \"person_id\" = ");
    s.bind(SqlValue::Uuid(Some(actor.id)));
    Ok(db.fetch_scalar::<i64>(&s).await? > 0)
}

/// Decide the rules that need the database: task actors and entity
/// assignees.
pub async fn check_with_db(
    db: &mut Db,
    principal: &Principal,
    meta: &TableMeta,
    rule: Rule,
    row: RowFacts,
    values: &(dyn Fn(&str) -> Option<SqlValue> + Sync),
) -> Result<()> {
    let actor = principal.actor()?;
    if actor.is_admin() {
        return Ok(());
    }
    let role = row.project_id.and_then(|p| actor.project_role(p));
    let ok = match rule {
        Rule::TaskActor | Rule::TaskActorNoClient => {
            let allowed_role = match role {
                None => false,
                Some(Role::Manager) | Some(Role::Supervisor) => true,
                Some(Role::Client) => rule == Rule::TaskActor,
                _ => false,
            };
            allowed_role
                || match (role, meta.rules.vendor) {
                    (Some(_), VendorScope::TaskColumn(c)) => {
                        match values(c).and_then(|v| v.as_uuid()) {
                            Some(task) => is_assignee(db, actor, task).await?,
                            None => false,
                        }
                    }
                    _ => false,
                }
        }
        Rule::EntityAssigneeOrManager => {
            role.is_some_and(Role::is_manager)
                || match (role, meta.rules.vendor) {
                    (Some(_), VendorScope::EntityColumn(c)) => {
                        match values(c).and_then(|v| v.as_uuid()) {
                            Some(entity) => vendor_reaches_entity(db, actor, entity).await?,
                            None => false,
                        }
                    }
                    _ => false,
                }
        }
        other => return check(principal, other, row),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// Is `entity_id` reachable by the vendor (one of its tasks is assigned to
/// them)?
pub async fn vendor_reaches_entity(db: &mut Db, actor: &Actor, entity_id: Uuid) -> Result<bool> {
    let mut s = db.sql("SELECT COUNT(*) FROM \"task\" t JOIN \"task_person_link\" l ON l.\"task_id\" = t.\"id\" WHERE t.\"entity_id\" = ");
    s.bind(SqlValue::Uuid(Some(entity_id)))
        .push(" AND l.\"person_id\" = ");
    s.bind(SqlValue::Uuid(Some(actor.id)));
    Ok(db.fetch_scalar::<i64>(&s).await? > 0)
}
