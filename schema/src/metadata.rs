//! Entity metadata as typed GraphQL values.
//!
//! Zou keeps an entity's custom fields in `entity.data[field_name]`, each
//! described by a metadata descriptor of the entity's project and kind
//! (`Asset`, `Shot`, `Sequence`, `Episode`, `Edit`). GraphQL gives every
//! entity (and every kind view) a `metadata` list: one [`MetadataValue`]
//! per descriptor the caller may see (clients: those meant for clients;
//! vendors: those of their departments or of none), with the stored value
//! in the typed field that fits its `dataType` and, always, as JSON.
//!
//! Descriptors are loaded once per project for a whole page of entities
//! (and their departments once for all of them), so `metadata` costs a
//! fixed number of statements whatever the number of rows. To filter on a
//! field, use the entity filter's `data` keys:
//! `assets(filter: {data: [{key: "difficulty", gte: 3}]})`.

use crate::extra::DescriptorScope;
use crate::{Department, Entity, EntityType, MetadataDescriptor};
use async_graphql::{Context, Json, Lookahead, Object, SimpleObject};
use futures::future::BoxFuture;
use serde_json::Value;
use tusk_db::loaders::{self, Loaders};
use tusk_db::Model;
use uuid::Uuid;

/// One custom field of an entity.
#[derive(SimpleObject, Clone)]
pub struct MetadataValue {
    /// The field's description.
    pub descriptor: MetadataDescriptor,
    /// The key in `data` (and in the `data` filter).
    pub field_name: String,
    /// string, number, list, taglist, boolean, checklist, date, url, textarea or person.
    pub data_type: String,
    /// The value as text, for every data type stored as a scalar.
    pub text: Option<String>,
    /// `number` fields (numbers, or text holding one).
    pub number: Option<f64>,
    /// `boolean` fields (`true`/`false`, or their text).
    pub boolean: Option<bool>,
    /// `taglist` fields: the tags (a list, or comma-separated text).
    pub list: Option<Vec<String>>,
    /// The stored value as it is (null when unset).
    pub json: Option<Json<Value>>,
}

impl MetadataValue {
    /// The typed value of `raw` for `descriptor`.
    pub fn new(descriptor: MetadataDescriptor, raw: Option<&Value>) -> MetadataValue {
        let data_type = descriptor
            .data_type
            .clone()
            .unwrap_or_else(|| "string".into());
        let raw = raw.filter(|v| !v.is_null());
        let text = raw.and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        });
        let number = match data_type.as_str() {
            "number" => raw.and_then(|v| match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
                _ => None,
            }),
            _ => None,
        };
        let boolean = match data_type.as_str() {
            "boolean" => raw.and_then(|v| match v {
                Value::Bool(b) => Some(*b),
                Value::String(s) => match s.to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                },
                _ => None,
            }),
            _ => None,
        };
        let list = match data_type.as_str() {
            "taglist" => raw.and_then(|v| match v {
                Value::String(s) => Some(
                    s.split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                Value::Array(a) => Some(
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                ),
                _ => None,
            }),
            _ => None,
        };
        MetadataValue {
            field_name: descriptor.field_name.clone(),
            data_type,
            text,
            number,
            boolean,
            list,
            json: raw.cloned().map(Json),
            descriptor,
        }
    }
}

/// The descriptor `entity_type` of an entity type's name.
fn descriptor_kind(entity_type_name: &str) -> &'static str {
    crate::kinds::kind_of_name(entity_type_name)
}

/// GraphQL fields of an entity beyond its columns.
pub struct EntityFields<'a>(pub &'a Entity);

#[Object]
impl EntityFields<'_> {
    /// The entity's custom fields, one per metadata descriptor of its
    /// project and kind that the caller may see, by position then name.
    /// Filter on them with the `data` keys of the entity filter.
    async fn metadata(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MetadataValue>> {
        let e = self.0;
        let kind = match loaders::by_id::<EntityType>(ctx, Some(e.entity_type_id)).await? {
            Some(t) => descriptor_kind(&t.name),
            None => return Ok(vec![]),
        };
        let s = ctx.data::<tusk_db::Session>()?;
        let scope = match s.principal.actor() {
            Ok(a) => DescriptorScope::of(
                a.project_role(e.project_id).unwrap_or(a.role),
                &a.departments,
            ),
            Err(_) => return Ok(vec![]),
        };
        let mut all: Vec<MetadataDescriptor> =
            loaders::by_column::<MetadataDescriptor>(ctx, "project_id", e.project_id)
                .await?
                .iter()
                .filter(|d| d.entity_type == kind)
                .cloned()
                .collect();
        all.sort_by(|a, b| {
            (a.position.is_none(), a.position, &a.name).cmp(&(
                b.position.is_none(),
                b.position,
                &b.name,
            ))
        });
        let rel = <MetadataDescriptor as Model>::META
            .many("departments")
            .ok_or("no departments")?;
        let data = e.data.as_ref().map(tusk_db::Json::value);
        let mut out = Vec::with_capacity(all.len());
        for d in all {
            let deps: Vec<Uuid> = match scope {
                DescriptorScope::Departments(_) => loaders::linked::<Department>(ctx, rel, d.id)
                    .await?
                    .iter()
                    .map(|x| x.id)
                    .collect(),
                _ => vec![],
            };
            if scope.allows(d.for_client.unwrap_or(false), &deps) {
                let raw = data.as_ref().and_then(|v| v.get(&d.field_name));
                out.push(MetadataValue::new(d, raw));
            }
        }
        Ok(out)
    }
}

/// Load what `metadata` reads for a page of entities: their entity types,
/// the descriptors of their projects and those descriptors' departments,
/// one statement each.
pub fn prefetch<'a>(
    l: &'a Loaders,
    look: &'a Lookahead<'a>,
    rows: &'a [Entity],
) -> BoxFuture<'a, async_graphql::Result<()>> {
    Box::pin(async move {
        if rows.is_empty() || !look.field("metadata").exists() {
            return Ok(());
        }
        let _: Vec<EntityType> =
            loaders::load_ids(l, rows.iter().map(|r| r.entity_type_id)).await?;
        let descriptors: Vec<MetadataDescriptor> =
            loaders::load_column(l, "project_id", rows.iter().map(|r| r.project_id)).await?;
        if let Some(rel) = <MetadataDescriptor as Model>::META.many("departments") {
            let _: Vec<Department> =
                loaders::load_linked(l, rel, descriptors.iter().map(|d| d.id)).await?;
        }
        Ok(())
    })
}

impl tusk_db::loaders::PrefetchExtra for Entity {
    fn prefetch_extra<'a>(
        loaders: &'a Loaders,
        look: &'a Lookahead<'a>,
        rows: &'a [Self],
    ) -> BoxFuture<'a, async_graphql::Result<()>> {
        prefetch(loaders, look, rows)
    }
}
