//! GraphQL fields for projects beyond the generated ones: open projects,
//! team, settings, descriptors, budgets and the project picture. Each
//! calls the same service as its REST route, so permissions agree.

use super::{budgets, descriptors, Setting, SettingsBatch, TaskTypeOptions};
use async_graphql::{Context, InputObject, Json, Object, Upload, ID};
use serde_json::Value;
use tusk_db::policy::Role;
use tusk_db::{Error, Session};
use tusk_schema::{
    Budget, BudgetEntry, MetadataDescriptor, Project, ProjectTaskStatusLink, ProjectTaskTypeLink,
    TaskType,
};
use uuid::Uuid;

type R<T> = async_graphql::Result<T>;

fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
    ctx.data::<Session>()
}

fn uuid(id: &ID) -> R<Uuid> {
    Ok(tusk_db::value::parse_uuid(id.as_str())?)
}

fn role(r: Option<String>) -> R<Option<Role>> {
    match r {
        None => Ok(None),
        Some(s) => match Role::parse(&s) {
            Some(r) if r != Role::Admin => Ok(Some(r)),
            _ => Err(Error::Invalid(format!("{s} is not a project role")).into()),
        },
    }
}

async fn project(s: &Session, id: Uuid) -> R<Project> {
    Ok(crate::guard::project(s, id).await?)
}

#[derive(Default)]
pub struct ProductionQuery;

#[Object]
impl ProductionQuery {
    /// Open projects (the caller's, or all for admins), by name.
    async fn open_projects(&self, ctx: &Context<'_>, name: Option<String>) -> R<Vec<Project>> {
        Ok(super::open_rows(session(ctx)?, name.as_deref()).await?)
    }

    /// Minutes spent on a project per department, person and month (admins).
    async fn project_month_time_spents(&self, ctx: &Context<'_>, project_id: ID) -> R<Json<Value>> {
        Ok(Json(
            budgets::month_time_spents(session(ctx)?, uuid(&project_id)?).await?,
        ))
    }
}

/// Options of a task type enabled on a project.
#[derive(InputObject, Default)]
pub struct ProjectTaskTypeInput {
    pub task_type_id: ID,
    pub priority: Option<i32>,
    pub hd_bitrate_compression: Option<i32>,
    pub ld_bitrate_compression: Option<i32>,
    pub is_client_visible: Option<bool>,
}

impl ProjectTaskTypeInput {
    fn options(&self) -> TaskTypeOptions {
        TaskTypeOptions {
            priority: self.priority,
            bitrates: (self.hd_bitrate_compression.is_some()
                || self.ld_bitrate_compression.is_some())
            .then_some((self.hd_bitrate_compression, self.ld_bitrate_compression)),
            is_client_visible: self.is_client_visible,
        }
    }
}

/// Several settings at once, all or nothing.
#[derive(InputObject, Default)]
pub struct ProjectSettingsInput {
    #[graphql(default)]
    pub task_types: Vec<ProjectTaskTypeInput>,
    #[graphql(default)]
    pub task_status_ids: Vec<ID>,
    #[graphql(default)]
    pub asset_type_ids: Vec<ID>,
    /// `taskTypes` is the whole set: other task types are disabled.
    #[graphql(default)]
    pub replace_task_types: bool,
}

/// A custom field.
#[derive(InputObject)]
pub struct DescriptorInput {
    /// Asset, Shot, Sequence, Episode, Edit, Project or Task.
    #[graphql(default_with = "\"Asset\".to_string()")]
    pub entity_type: String,
    /// For Task descriptors: the task type they belong to.
    pub task_type_id: Option<ID>,
    pub name: String,
    /// string, number, list, taglist, boolean, checklist, date, url, textarea or person.
    #[graphql(default_with = "\"string\".to_string()")]
    pub data_type: String,
    #[graphql(default)]
    pub for_client: bool,
    #[graphql(default)]
    pub choices: Vec<String>,
    #[graphql(default)]
    pub departments: Vec<ID>,
}

/// Changes to a custom field (a new name moves the stored values).
#[derive(InputObject)]
pub struct DescriptorChangesInput {
    pub name: Option<String>,
    #[graphql(default_with = "\"string\".to_string()")]
    pub data_type: String,
    #[graphql(default)]
    pub for_client: bool,
    #[graphql(default)]
    pub choices: Vec<String>,
    #[graphql(default)]
    pub departments: Vec<ID>,
}

/// A staffing line of a budget. `dailySalary` is a decimal string or
/// number with at most two decimals.
#[derive(InputObject)]
pub struct BudgetEntryInput {
    pub department_id: Option<ID>,
    pub person_id: Option<ID>,
    pub start_date: Option<String>,
    pub months_duration: Option<i32>,
    pub daily_salary: Option<Json<Value>>,
    pub position: Option<String>,
    pub seniority: Option<String>,
    /// Month (`YYYY-MM`) → amount; amounts of 0 or less are dropped.
    pub exceptions: Option<Json<Value>>,
}

impl BudgetEntryInput {
    fn to_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.into(), v);
            }
        };
        put(
            "department_id",
            self.department_id
                .as_ref()
                .map(|i| Value::String(i.to_string())),
        );
        put(
            "person_id",
            self.person_id
                .as_ref()
                .map(|i| Value::String(i.to_string())),
        );
        put("start_date", self.start_date.clone().map(Value::String));
        put("months_duration", self.months_duration.map(Value::from));
        put(
            "daily_salary",
            self.daily_salary.as_ref().map(|j| j.0.clone()),
        );
        put("position", self.position.clone().map(Value::String));
        put("seniority", self.seniority.clone().map(Value::String));
        put("exceptions", self.exceptions.as_ref().map(|j| j.0.clone()));
        Value::Object(m)
    }
}

fn ids(v: &[ID]) -> Vec<String> {
    v.iter().map(|i| i.to_string()).collect()
}

#[derive(Default)]
pub struct ProductionMutation;

#[Object]
impl ProductionMutation {
    /// Add a person to a project's team (managers of the project).
    async fn add_team_member(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        person_id: ID,
        role: Option<String>,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        super::add_member(s, p, uuid(&person_id)?, self::role(role)?).await?;
        project(s, p).await
    }

    /// Remove a person from a project's team.
    async fn remove_team_member(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        person_id: ID,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        super::remove_member(s, p, uuid(&person_id)?).await?;
        project(s, p).await
    }

    /// Set (or clear, with null) a member's role in the project.
    async fn set_team_member_role(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        person_id: ID,
        role: Option<String>,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        super::set_member_role(s, p, uuid(&person_id)?, self::role(role)?).await?;
        project(s, p).await
    }

    /// Enable a catalogue row (asset type, task type…) on a project.
    async fn add_project_setting(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        kind: Setting,
        id: ID,
        task_type: Option<ProjectTaskTypeInput>,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        let opts = task_type.map(|t| t.options()).unwrap_or_default();
        super::add_setting(s, p, kind, uuid(&id)?, opts).await?;
        project(s, p).await
    }

    /// Disable a catalogue row on a project.
    async fn remove_project_setting(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        kind: Setting,
        id: ID,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        super::remove_setting(s, p, kind, uuid(&id)?).await?;
        project(s, p).await
    }

    /// Apply several settings at once (all or nothing).
    async fn update_project_settings(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        input: ProjectSettingsInput,
    ) -> R<Project> {
        let s = session(ctx)?;
        let p = uuid(&project_id)?;
        let mut batch = SettingsBatch {
            replace_task_types: input.replace_task_types,
            ..Default::default()
        };
        for t in &input.task_types {
            batch.task_types.push((uuid(&t.task_type_id)?, t.options()));
        }
        batch.task_status_ids = input.task_status_ids.iter().map(uuid).collect::<R<_>>()?;
        batch.asset_type_ids = input.asset_type_ids.iter().map(uuid).collect::<R<_>>()?;
        super::apply_batch(s, p, batch).await?;
        project(s, p).await
    }

    /// Add a custom field to a project.
    async fn create_project_descriptor(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        input: DescriptorInput,
    ) -> R<MetadataDescriptor> {
        let d = descriptors::NewDescriptor {
            entity_type: input.entity_type,
            task_type_id: input.task_type_id.map(|i| i.to_string()),
            name: crate::route::NonEmpty(input.name),
            data_type: input.data_type,
            for_client: Some(crate::route::LaxBool(input.for_client)),
            choices: input.choices,
            departments: ids(&input.departments),
        };
        if d.name.0.is_empty() {
            return Err(crate::route::validation(
                "name",
                "String should have at least 1 character",
            )
            .into());
        }
        Ok(descriptors::create(session(ctx)?, uuid(&project_id)?, d).await?)
    }

    /// Change a custom field (renaming moves stored values to the new key).
    async fn update_project_descriptor(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        id: ID,
        input: DescriptorChangesInput,
    ) -> R<MetadataDescriptor> {
        let c = descriptors::DescriptorChanges {
            name: input.name,
            for_client: Some(crate::route::LaxBool(input.for_client)),
            data_type: input.data_type,
            choices: input.choices,
            departments: ids(&input.departments),
        };
        Ok(descriptors::update(session(ctx)?, uuid(&project_id)?, uuid(&id)?, c).await?)
    }

    /// Delete a custom field and its stored values.
    async fn delete_project_descriptor(&self, ctx: &Context<'_>, project_id: ID, id: ID) -> R<ID> {
        descriptors::delete(session(ctx)?, uuid(&project_id)?, uuid(&id)?).await?;
        Ok(id)
    }

    /// Order a project's custom fields of one entity type.
    async fn reorder_project_descriptors(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        entity_type: String,
        ids: Vec<ID>,
    ) -> R<Vec<MetadataDescriptor>> {
        Ok(descriptors::reorder(
            session(ctx)?,
            uuid(&project_id)?,
            &entity_type,
            &self::ids(&ids),
        )
        .await?)
    }

    /// Add a custom field to every open project the caller manages (global
    /// managers and admins), where no field of that name exists yet;
    /// answers the descriptors created.
    async fn create_descriptor_in_all_projects(
        &self,
        ctx: &Context<'_>,
        input: DescriptorInput,
    ) -> R<Vec<MetadataDescriptor>> {
        if input.entity_type == "Task" || input.task_type_id.is_some() {
            return Err(Error::Invalid(
                "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project."
                    .into(),
            )
            .into());
        }
        if input.name.is_empty() {
            return Err(crate::route::validation(
                "name",
                "String should have at least 1 character",
            )
            .into());
        }
        let d = descriptors::NewDescriptor {
            entity_type: input.entity_type,
            task_type_id: None,
            name: crate::route::NonEmpty(input.name),
            data_type: input.data_type,
            for_client: Some(crate::route::LaxBool(input.for_client)),
            choices: input.choices,
            departments: ids(&input.departments),
        };
        Ok(descriptors::create_everywhere(session(ctx)?, d).await?)
    }

    /// Change the custom field `fieldName` of `entityType` on every open
    /// project the caller manages; answers the descriptors changed.
    async fn update_descriptor_in_all_projects(
        &self,
        ctx: &Context<'_>,
        entity_type: String,
        field_name: String,
        input: DescriptorChangesInput,
    ) -> R<Vec<MetadataDescriptor>> {
        let c = descriptors::AllProjectsChanges {
            entity_type: crate::route::NonEmpty(entity_type),
            changes: descriptors::DescriptorChanges {
                name: input.name,
                for_client: Some(crate::route::LaxBool(input.for_client)),
                data_type: input.data_type,
                choices: input.choices,
                departments: ids(&input.departments),
            },
        };
        Ok(descriptors::update_everywhere(session(ctx)?, &field_name, c).await?)
    }

    /// Delete the custom field `fieldName` of `entityType` (and its stored
    /// values) from every open project the caller manages; answers the
    /// ids removed.
    async fn delete_descriptor_in_all_projects(
        &self,
        ctx: &Context<'_>,
        entity_type: String,
        field_name: String,
    ) -> R<Vec<ID>> {
        let removed =
            descriptors::delete_everywhere(session(ctx)?, Some(&entity_type), &field_name).await?;
        Ok(removed.into_iter().map(ID).collect())
    }

    /// Order the custom fields of `entityType` by field name on every open
    /// project the caller manages.
    async fn reorder_descriptors_in_all_projects(
        &self,
        ctx: &Context<'_>,
        entity_type: String,
        field_order: Vec<String>,
    ) -> R<Vec<MetadataDescriptor>> {
        if field_order.is_empty() {
            return Err(crate::route::validation(
                "field_order",
                "List should have at least 1 item after validation, not 0",
            )
            .into());
        }
        Ok(descriptors::reorder_everywhere(session(ctx)?, &entity_type, &field_order).await?)
    }

    /// Set the studio-wide order of task types (admins): each listed task
    /// type gets its position (from 1) as priority.
    async fn reorder_task_types(
        &self,
        ctx: &Context<'_>,
        task_type_ids: Vec<ID>,
    ) -> R<Vec<TaskType>> {
        let ids = task_type_ids.iter().map(uuid).collect::<R<Vec<_>>>()?;
        Ok(super::priorities::reorder_task_types(session(ctx)?, &ids).await?)
    }

    /// Order the task types enabled on a project (managers of the project).
    async fn reorder_project_task_types(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        task_type_ids: Vec<ID>,
    ) -> R<Vec<ProjectTaskTypeLink>> {
        let ids = task_type_ids.iter().map(uuid).collect::<R<Vec<_>>>()?;
        Ok(
            super::priorities::reorder_task_type_links(session(ctx)?, uuid(&project_id)?, &ids)
                .await?,
        )
    }

    /// Order the task statuses enabled on a project (managers of the
    /// project); their board roles are kept.
    async fn reorder_project_task_statuses(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        task_status_ids: Vec<ID>,
    ) -> R<Vec<ProjectTaskStatusLink>> {
        let ids = task_status_ids.iter().map(uuid).collect::<R<Vec<_>>>()?;
        Ok(
            super::priorities::reorder_task_status_links(session(ctx)?, uuid(&project_id)?, &ids)
                .await?,
        )
    }

    /// Create a budget (the next revision of the project).
    async fn create_project_budget(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        name: String,
        currency: Option<String>,
    ) -> R<Budget> {
        if name.is_empty() {
            return Err(crate::route::validation(
                "name",
                "String should have at least 1 character",
            )
            .into());
        }
        let b = budgets::NewBudget {
            name: crate::route::NonEmpty(name),
            currency: currency.or(Some("USD".into())),
        };
        Ok(budgets::create(session(ctx)?, uuid(&project_id)?, b).await?)
    }

    async fn update_project_budget(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        id: ID,
        name: Option<String>,
        currency: Option<String>,
    ) -> R<Budget> {
        let c = budgets::BudgetChanges { name, currency };
        Ok(budgets::update(session(ctx)?, uuid(&project_id)?, uuid(&id)?, c).await?)
    }

    /// Delete a budget and its entries.
    async fn delete_project_budget(&self, ctx: &Context<'_>, project_id: ID, id: ID) -> R<ID> {
        budgets::delete(session(ctx)?, uuid(&project_id)?, uuid(&id)?).await?;
        Ok(id)
    }

    async fn create_project_budget_entry(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        budget_id: ID,
        input: BudgetEntryInput,
    ) -> R<BudgetEntry> {
        let e: budgets::EntrySchema = crate::route::parse_value(input.to_json())?;
        Ok(budgets::create_entry(session(ctx)?, uuid(&project_id)?, uuid(&budget_id)?, e).await?)
    }

    /// Replace every field of a budget entry (omitted ones are cleared).
    async fn update_project_budget_entry(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        budget_id: ID,
        id: ID,
        input: BudgetEntryInput,
    ) -> R<BudgetEntry> {
        let c: budgets::EntrySchema = crate::route::parse_value(input.to_json())?;
        Ok(budgets::replace_entry(
            session(ctx)?,
            uuid(&project_id)?,
            uuid(&budget_id)?,
            uuid(&id)?,
            c,
        )
        .await?)
    }

    async fn delete_project_budget_entry(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        budget_id: ID,
        id: ID,
    ) -> R<ID> {
        budgets::delete_entry(
            session(ctx)?,
            uuid(&project_id)?,
            uuid(&budget_id)?,
            uuid(&id)?,
        )
        .await?;
        Ok(id)
    }

    /// Upload the project's picture (multipart GraphQL request); answers
    /// the thumbnail's path.
    async fn upload_project_thumbnail(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        file: Upload,
    ) -> R<String> {
        let s = session(ctx)?;
        let app = ctx.data::<crate::App>()?;
        let mut bytes = Vec::new();
        let mut content = file.value(ctx)?.into_read();
        std::io::Read::read_to_end(&mut content, &mut bytes).map_err(Error::internal)?;
        let v = super::thumbnails::upload(s, &app.storage, uuid(&project_id)?, &bytes).await?;
        Ok(v["thumbnail_path"].as_str().unwrap_or_default().to_owned())
    }
}
