//! Asset instances and the shots of a scene (see [`super`]).
//!
//! An asset instance is a numbered use of an asset: inside a scene
//! (`scene_id`) or inside another asset (`target_asset_id`). Its name is
//! `<asset name>_<number on 4 digits>`, numbers counting per (asset, scene)
//! or per (asset, target asset). Shots use instances through
//! `asset_instance_link`. A scene's shots are the shots whose `source_id`
//! is the scene.
//!
//! Zou's permissions here are loose and kept: any member of the project
//! (vendors and clients included) may create instances, link them to shots
//! and move shots into scenes. Reading the instances of a scene or a shot
//! needs the entity itself to be readable (vendors: only entities they
//! have a task on); reading those of an asset needs membership only.

use super::{find, readable, Kind};
use crate::guard;
use serde_json::{Map, Value};
use tusk_db::events::NewEvent;
use tusk_db::zou::ZouRow;
use tusk_db::{Error, Model, Result, Session, SqlValue, Tx};
use tusk_schema::{AssetInstance, Entity};
use uuid::Uuid;

// ---------------------------------------------------------------------------
// Shared helpers

/// An event payload in Postgres `jsonb` key order (shorter keys first, then
/// bytewise), the order Zou's `api_event.data` comes back in.
pub fn jsonb_map(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    let mut pairs = pairs;
    pairs.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn id_json(id: Uuid) -> Value {
    Value::String(id.to_string())
}

/// An entity as Zou answers it from these routes: the plain row, with
/// `"type": "Entity"` (not its kind).
pub fn entity_json(e: &Entity) -> Result<Value> {
    Ok(serde_json::to_value(ZouRow {
        row: e,
        relations: None,
        fields: None,
        extra: None,
        type_override: Some("Entity"),
    })?)
}

/// An asset instance as Zou serializes it (`"type": "AssetInstance"`).
pub fn instance_json(i: &AssetInstance) -> Result<Value> {
    Ok(Value::Object(tusk_db::zou::json_map(i)?))
}

/// Group rows under a key, keeping the first-seen order of keys and the
/// order of rows inside each group.
fn grouped<'a>(items: impl IntoIterator<Item = (String, &'a AssetInstance)>) -> Result<Value> {
    let mut out = Map::new();
    for (k, i) in items {
        let v = instance_json(i)?;
        match out.entry(k).or_insert_with(|| Value::Array(vec![])) {
            Value::Array(a) => a.push(v),
            _ => unreachable!("groups are arrays"),
        }
    }
    Ok(Value::Object(out))
}

/// Instances matching `cond` (an SQL condition on `ai`, values bound), in
/// creation order.
async fn instances_where(
    s: &Session,
    cond: &str,
    args: Vec<SqlValue>,
) -> Result<Vec<AssetInstance>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<AssetInstance as Model>::META.select_list(Some("ai")))
        .push(" FROM \"asset_instance\" ai WHERE ")
        .push_bound(cond, args)
        .push(" ORDER BY ai.\"created_at\", ai.\"number\"");
    db.fetch_all(&q).await
}

/// The instance `id`, or Zou's 404.
async fn find_instance(s: &Session, id: Uuid) -> Result<AssetInstance> {
    tusk_db::engine::find::<AssetInstance>(&mut s.db(), id)
        .await?
        .ok_or_else(Error::not_found)
}

/// The asset `id` (an entity of an asset type), or Zou's 404.
async fn find_asset(s: &Session, id: Uuid) -> Result<Entity> {
    find(s, id, Some(Kind::Asset)).await
}

/// Lock the asset row while an instance number is chosen, so that two
/// concurrent creations cannot pick the same number (SQLite already has a
/// single writer).
async fn lock_asset(tx: &mut Tx, asset: Uuid) -> Result<()> {
    if tx.dialect() == tusk_db::Dialect::Postgres {
        let mut q = tx.sql("SELECT \"id\" FROM \"entity\" WHERE \"id\" = ");
        q.bind(SqlValue::Uuid(Some(asset))).push(" FOR UPDATE");
        tx.fetch_optional::<(Uuid,)>(&q).await?;
    }
    Ok(())
}

/// Where a new instance goes.
enum Placement {
    Scene(Uuid),
    InAsset(Uuid),
}

/// Insert the next instance of `asset` in the scene or asset `place`, and
/// record `asset_instance:new` (no project on the event, as in Zou).
async fn create_instance(
    s: &Session,
    asset: &Entity,
    place: Placement,
    description: Option<String>,
) -> Result<AssetInstance> {
    let mut tx = s.db.begin().await?;
    lock_asset(&mut tx, asset.id).await?;
    let (column, holder) = match place {
        Placement::Scene(id) => ("scene_id", id),
        Placement::InAsset(id) => ("target_asset_id", id),
    };
    let mut q =
        tx.sql("SELECT CAST(COALESCE(MAX(\"number\"), 0) AS BIGINT) FROM \"asset_instance\" WHERE \"asset_id\" = ");
    q.bind(SqlValue::Uuid(Some(asset.id)))
        .push(" AND ")
        .ident(column)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(holder)));
    let number = tx.fetch_scalar::<i64>(&q).await? + 1;
    let number = i32::try_from(number).map_err(|_| Error::bad_request("Too many instances"))?;
    let meta = <AssetInstance as Model>::META;
    let values = tusk_db::engine::assignments(
        meta,
        vec![
            ("asset_id", SqlValue::Uuid(Some(asset.id))),
            (
                "name",
                SqlValue::Text(Some(format!("{}_{number:04}", asset.name))),
            ),
            ("number", SqlValue::Int(Some(number))),
            ("description", SqlValue::Text(description)),
            ("active", SqlValue::Bool(Some(true))),
            (column, SqlValue::Uuid(Some(holder))),
        ],
    );
    let row: AssetInstance = tusk_db::engine::insert(&mut tx, &values).await?;
    let data = match place {
        Placement::Scene(scene) => jsonb_map(vec![
            ("asset_id", id_json(asset.id)),
            ("scene_id", id_json(scene)),
            ("asset_instance_id", id_json(row.id)),
        ]),
        Placement::InAsset(target) => jsonb_map(vec![
            ("asset_id", id_json(target)),
            ("asset_instance_id", id_json(row.id)),
            ("asset_instantiated", id_json(asset.id)),
        ]),
    };
    let ev = s
        .record(&mut tx, NewEvent::new("asset_instance:new", data, None))
        .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

/// The caller must be on the team of the project that owns `asset` (it is
/// named in the answer). Zou does not check this; Tusk does not let a
/// member of one project instantiate, and so read, another's assets.
async fn check_asset_project(s: &Session, holder_project: Uuid, asset: &Entity) -> Result<()> {
    if asset.project_id != holder_project && !asset.is_shared {
        guard::member(s, asset.project_id).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Scenes

/// `GET /data/scenes/{id}/asset-instances`: the scene's instances keyed by
/// asset id (the scene must be readable: vendors need a task on it).
pub async fn scene_instances(s: &Session, scene: Uuid) -> Result<Value> {
    readable(s, scene, Some(Kind::Scene)).await?;
    let rows = instances_where(s, "ai.\"scene_id\" = ?", vec![SqlValue::Uuid(Some(scene))]).await?;
    grouped(rows.iter().map(|i| (i.asset_id.to_string(), i)))
}

/// `GET /data/scenes/{id}/camera-instances`: Zou answers `{}` (cameras are
/// not modelled).
pub async fn scene_camera_instances(s: &Session, scene: Uuid) -> Result<Value> {
    readable(s, scene, Some(Kind::Scene)).await?;
    Ok(Value::Object(Map::new()))
}

/// `POST /data/scenes/{id}/asset-instances`: a new instance of `asset` in
/// the scene, numbered after the asset's other instances there. Any member
/// of the scene's project may do it (vendors and clients too, as in Zou).
pub async fn create_scene_instance(
    s: &Session,
    scene: Uuid,
    asset: Uuid,
    description: Option<String>,
) -> Result<AssetInstance> {
    let scene = find(s, scene, Some(Kind::Scene)).await?;
    guard::member(s, scene.project_id).await?;
    let asset = find_asset(s, asset).await?;
    check_asset_project(s, scene.project_id, &asset).await?;
    create_instance(s, &asset, Placement::Scene(scene.id), description).await
}

/// `GET /data/scenes/{id}/shots`: the shots placed in the scene (their
/// `source_id`), with `project_name` and `sequence_name`, by name.
pub async fn scene_shots(s: &Session, scene: Uuid) -> Result<Vec<Value>> {
    let scene = readable(s, scene, Some(Kind::Scene)).await?;
    let shot_type = super::entity_type_id(s, "Shot").await?;
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Entity as Model>::META.select_list(Some("e")))
        .push(" FROM \"entity\" e WHERE e.\"source_id\" = ")
        .bind(SqlValue::Uuid(Some(scene.id)))
        .push(" AND e.\"entity_type_id\" = ")
        .bind(SqlValue::Uuid(Some(shot_type)))
        .push(" ORDER BY e.\"name\"");
    let shots: Vec<Entity> = db.fetch_all(&q).await?;
    let names = names_of(s, &shots).await?;
    shots
        .iter()
        .map(|e| {
            let mut m = tusk_db::zou::json_map(e)?;
            m.insert("project_name".into(), Value::String(names.0.clone()));
            let seq = e.parent_id.and_then(|p| names.1.get(&p).cloned());
            m.insert(
                "sequence_name".into(),
                seq.map(Value::String).unwrap_or(Value::Null),
            );
            Ok(Value::Object(m))
        })
        .collect()
}

/// The project name of `shots` (one project) and their parents' names.
async fn names_of(
    s: &Session,
    shots: &[Entity],
) -> Result<(String, std::collections::HashMap<Uuid, String>)> {
    let Some(first) = shots.first() else {
        return Ok((String::new(), Default::default()));
    };
    let project = guard::project(s, first.project_id).await?;
    let parents: Vec<Uuid> = shots.iter().filter_map(|e| e.parent_id).collect();
    let mut db = s.db();
    let mut q = db.sql("SELECT \"id\", \"name\" FROM \"entity\" WHERE \"id\"");
    q.in_uuids(&parents);
    let rows = db.fetch_all::<(Uuid, String)>(&q).await?;
    Ok((project.name, rows.into_iter().collect()))
}

/// Record `shot:update` then `shot:<action>` (`add-to-scene`,
/// `remove-from-scene`), each with the project, as Zou does.
async fn scene_events(
    s: &Session,
    tx: &mut Tx,
    shot: &Entity,
    scene: Uuid,
    action: &str,
) -> Result<Vec<tusk_db::events::Event>> {
    let p = Some(shot.project_id);
    let update = jsonb_map(vec![
        ("shot_id", id_json(shot.id)),
        ("project_id", id_json(shot.project_id)),
    ]);
    let moved = jsonb_map(vec![
        ("shot_id", id_json(shot.id)),
        ("scene_id", id_json(scene)),
        ("project_id", id_json(shot.project_id)),
    ]);
    Ok(vec![
        s.record(tx, NewEvent::new("shot:update", update, p))
            .await?,
        s.record(tx, NewEvent::new(format!("shot:{action}"), moved, p))
            .await?,
    ])
}

/// The scene and the shot of a scene-shot write: both must exist (404),
/// the caller must be on the scene's team, and the shot must belong to the
/// scene's project (Tusk refuses with 400 what Zou would link across
/// projects).
async fn scene_and_shot(s: &Session, scene: Uuid, shot: Uuid) -> Result<(Entity, Entity)> {
    let scene = find(s, scene, Some(Kind::Scene)).await?;
    guard::member(s, scene.project_id).await?;
    let shot = find(s, shot, Some(Kind::Shot)).await?;
    if shot.project_id != scene.project_id {
        return Err(Error::bad_request(
            "The shot and the scene belong to different projects",
        ));
    }
    Ok((scene, shot))
}

async fn set_source(tx: &mut Tx, shot: Uuid, source: Option<Uuid>) -> Result<Entity> {
    let values = tusk_db::engine::assignments(
        <Entity as Model>::META,
        vec![("source_id", SqlValue::Uuid(source))],
    );
    tusk_db::engine::update_in_tx(tx, shot, &values).await
}

/// `POST /data/scenes/{id}/shots`: put the shot in the scene (its
/// `source_id`); answers the shot (`"type": "Entity"`). Doing it again does
/// it again, events included, as in Zou.
pub async fn add_shot_to_scene(s: &Session, scene: Uuid, shot: Uuid) -> Result<Entity> {
    let (scene, shot) = scene_and_shot(s, scene, shot).await?;
    let mut tx = s.db.begin().await?;
    let row = set_source(&mut tx, shot.id, Some(scene.id)).await?;
    let events = scene_events(s, &mut tx, &shot, scene.id, "add-to-scene").await?;
    s.commit(tx, events).await?;
    Ok(row)
}

/// `DELETE /data/scenes/{id}/shots/{shot_id}`: take the shot out of the
/// scene. Zou answers 204 with its events even when the shot was not in
/// the scene; Tusk then leaves the shot's `source_id` as it is (it may
/// name another scene).
pub async fn remove_shot_from_scene(s: &Session, scene: Uuid, shot: Uuid) -> Result<()> {
    let (scene, shot) = scene_and_shot(s, scene, shot).await?;
    let mut tx = s.db.begin().await?;
    if shot.source_id == Some(scene.id) {
        set_source(&mut tx, shot.id, None).await?;
    }
    let events = scene_events(s, &mut tx, &shot, scene.id, "remove-from-scene").await?;
    s.commit(tx, events).await?;
    Ok(())
}

/// `GET /data/sequences/{id}/scenes`: the scenes of a sequence, by name
/// (the sequence must be readable).
pub async fn sequence_scenes(s: &Session, sequence: Uuid) -> Result<Vec<Entity>> {
    let seq = readable(s, sequence, Some(Kind::Sequence)).await?;
    let scene_type = super::entity_type_id(s, "Scene").await?;
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Entity as Model>::META.select_list(Some("e")))
        .push(" FROM \"entity\" e WHERE e.\"parent_id\" = ")
        .bind(SqlValue::Uuid(Some(seq.id)))
        .push(" AND e.\"entity_type_id\" = ")
        .bind(SqlValue::Uuid(Some(scene_type)))
        .push(" ORDER BY e.\"name\"");
    db.fetch_all(&q).await
}

// ---------------------------------------------------------------------------
// Shots

/// `GET /data/shots/{id}/asset-instances`: the instances the shot uses,
/// keyed by asset id (the shot must be readable).
pub async fn shot_instances(s: &Session, shot: Uuid) -> Result<Value> {
    readable(s, shot, Some(Kind::Shot)).await?;
    let rows = instances_where(
        s,
        "ai.\"id\" IN (SELECT \"asset_instance_id\" FROM \"asset_instance_link\" WHERE \"entity_id\" = ?)",
        vec![SqlValue::Uuid(Some(shot))],
    )
    .await?;
    grouped(rows.iter().map(|i| (i.asset_id.to_string(), i)))
}

async fn is_linked(tx: &mut Tx, shot: Uuid, instance: Uuid) -> Result<bool> {
    let mut q = tx.sql("SELECT COUNT(*) FROM \"asset_instance_link\" WHERE \"entity_id\" = ");
    q.bind(SqlValue::Uuid(Some(shot)))
        .push(" AND \"asset_instance_id\" = ")
        .bind(SqlValue::Uuid(Some(instance)));
    Ok(tx.fetch_scalar::<i64>(&q).await? > 0)
}

/// The shot and instance of a link write: both must exist (404) and the
/// caller must be on the shot's team (and reach the instance's project).
async fn shot_and_instance(
    s: &Session,
    shot: Uuid,
    instance: Uuid,
) -> Result<(Entity, AssetInstance)> {
    let shot = find(s, shot, Some(Kind::Shot)).await?;
    guard::member(s, shot.project_id).await?;
    let instance = find_instance(s, instance).await?;
    let asset = find(s, instance.asset_id, None).await?;
    check_asset_project(s, shot.project_id, &asset).await?;
    Ok((shot, instance))
}

fn link_event(shot: Uuid, instance: Uuid, action: &str) -> NewEvent {
    NewEvent::new(
        format!("asset_instance:{action}"),
        jsonb_map(vec![
            ("shot_id", id_json(shot)),
            ("asset_instance_id", id_json(instance)),
        ]),
        None,
    )
}

/// `POST /data/shots/{id}/asset-instances`: the shot uses the instance
/// (instances of a scene or of an asset alike); answers the shot with
/// `"type": "Entity"`. Linking it twice is a 400 (Zou crashes).
pub async fn add_instance_to_shot(s: &Session, shot: Uuid, instance: Uuid) -> Result<Entity> {
    let (shot, instance) = shot_and_instance(s, shot, instance).await?;
    let mut tx = s.db.begin().await?;
    if is_linked(&mut tx, shot.id, instance.id).await? {
        return Err(Error::bad_request(
            "This asset instance is already in the shot",
        ));
    }
    let mut q = tx
        .sql("INSERT INTO \"asset_instance_link\" (\"entity_id\", \"asset_instance_id\") VALUES ");
    q.bind_list([
        SqlValue::Uuid(Some(shot.id)),
        SqlValue::Uuid(Some(instance.id)),
    ]);
    tx.execute(&q).await?;
    let ev = s
        .record(&mut tx, link_event(shot.id, instance.id, "add-to-shot"))
        .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(shot)
}

/// `DELETE /data/shots/{id}/asset-instances/{instance_id}`: the shot no
/// longer uses the instance. A link that does not exist is a 404 (Zou
/// crashes).
pub async fn remove_instance_from_shot(s: &Session, shot: Uuid, instance: Uuid) -> Result<()> {
    let (shot, instance) = shot_and_instance(s, shot, instance).await?;
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("DELETE FROM \"asset_instance_link\" WHERE \"entity_id\" = ");
    q.bind(SqlValue::Uuid(Some(shot.id)))
        .push(" AND \"asset_instance_id\" = ")
        .bind(SqlValue::Uuid(Some(instance.id)));
    if tx.execute(&q).await? == 0 {
        return Err(Error::not_found());
    }
    let ev = s
        .record(
            &mut tx,
            link_event(shot.id, instance.id, "remove-from-shot"),
        )
        .await?;
    s.commit(tx, vec![ev]).await
}

// ---------------------------------------------------------------------------
// Assets

/// The asset of an asset view: it must exist and the caller be on its
/// project's team.
async fn member_asset(s: &Session, asset: Uuid) -> Result<Entity> {
    let a = find_asset(s, asset).await?;
    guard::member(s, a.project_id).await?;
    Ok(a)
}

/// `GET /data/assets/{id}/asset-asset-instances`: the instances placed
/// inside the asset, keyed by the instantiated asset's id.
pub async fn asset_asset_instances(s: &Session, asset: Uuid) -> Result<Value> {
    member_asset(s, asset).await?;
    let rows = instances_where(
        s,
        "ai.\"target_asset_id\" = ?",
        vec![SqlValue::Uuid(Some(asset))],
    )
    .await?;
    grouped(rows.iter().map(|i| (i.asset_id.to_string(), i)))
}

/// `POST /data/assets/{id}/asset-asset-instances`: a new instance of
/// `instantiated` inside the asset, numbered after its other instances
/// there.
pub async fn create_asset_instance(
    s: &Session,
    target: Uuid,
    instantiated: Uuid,
    description: Option<String>,
) -> Result<AssetInstance> {
    let target = member_asset(s, target).await?;
    let asset = find_asset(s, instantiated).await?;
    check_asset_project(s, target.project_id, &asset).await?;
    create_instance(s, &asset, Placement::InAsset(target.id), description).await
}

/// `GET /data/assets/{id}/scene-asset-instances`: the asset's instances
/// keyed by scene id; those in no scene (inside other assets) come under
/// the key `"None"`, as in Zou.
pub async fn asset_scene_instances(s: &Session, asset: Uuid) -> Result<Value> {
    member_asset(s, asset).await?;
    let rows = instances_where(s, "ai.\"asset_id\" = ?", vec![SqlValue::Uuid(Some(asset))]).await?;
    grouped(rows.iter().map(|i| {
        let k = i
            .scene_id
            .map(|u| u.to_string())
            .unwrap_or_else(|| "None".into());
        (k, i)
    }))
}

/// `GET /data/assets/{id}/shot-asset-instances`: the asset's instances used
/// by shots, keyed by shot id (an instance used by two shots is under both).
pub async fn asset_shot_instances(s: &Session, asset: Uuid) -> Result<Value> {
    member_asset(s, asset).await?;
    let rows = instances_where(s, "ai.\"asset_id\" = ?", vec![SqlValue::Uuid(Some(asset))]).await?;
    if rows.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let ids: Vec<Uuid> = rows.iter().map(|i| i.id).collect();
    let mut db = s.db();
    let mut q = db.sql(
        "SELECT \"entity_id\", \"asset_instance_id\" FROM \"asset_instance_link\" WHERE \"asset_instance_id\"",
    );
    q.in_uuids(&ids).push(" ORDER BY \"entity_id\"");
    let links = db.fetch_all::<(Uuid, Uuid)>(&q).await?;
    let by_id: std::collections::HashMap<Uuid, &AssetInstance> =
        rows.iter().map(|i| (i.id, i)).collect();
    // Shots in the order of their first instance, instances in creation order.
    let mut pairs: Vec<(usize, String, &AssetInstance)> = links
        .iter()
        .filter_map(|(shot, inst)| {
            let i = by_id.get(inst)?;
            let pos = rows.iter().position(|r| r.id == *inst)?;
            Some((pos, shot.to_string(), *i))
        })
        .collect();
    pairs.sort_by_key(|p| p.0);
    grouped(pairs.into_iter().map(|(_, k, i)| (k, i)))
}

// ---------------------------------------------------------------------------
// REST handlers

/// REST handlers of the instance and scene-shot routes.
pub mod rest {
    use crate::rest::RestReply;
    use crate::route::{validation, Ctx, Req};
    use serde_json::Value;
    use tusk_db::Result;
    use uuid::Uuid;

    /// Pydantic's message for a string that is not a UUID (pydantic-core
    /// parses with the `uuid` crate; its older wording is kept).
    fn uuid_message(raw: &str) -> String {
        let err = match Uuid::parse_str(raw) {
            Ok(_) => return String::new(),
            Err(e) => e.to_string(),
        };
        let err = if let Some(n) = err.strip_prefix("invalid length: found ") {
            format!("invalid length: expected length 32 for simple format, found {n}")
        } else if let Some((head, at)) = err
            .rsplit_once(" at ")
            .filter(|_| err.starts_with("invalid character"))
        {
            // pydantic-core's `uuid` counts characters from 1.
            match at.parse::<usize>() {
                Ok(i) => format!("{head} at {}", i + 1),
                Err(_) => err,
            }
        } else {
            err
        };
        format!("Input should be a valid UUID, {err}")
    }

    /// The body as an object, or pydantic's error naming the schema.
    fn object(r: &Req, schema: &str) -> Result<serde_json::Map<String, Value>> {
        match r.payload() {
            Value::Object(m) => Ok(m),
            _ => Err(validation(
                "",
                &format!("Input should be a valid dictionary or instance of {schema}"),
            )),
        }
    }

    /// A required UUID field of a pydantic schema.
    pub(crate) fn uuid_field(body: &serde_json::Map<String, Value>, name: &str) -> Result<Uuid> {
        match body.get(name) {
            None => Err(crate::route::missing(name)),
            Some(Value::String(s)) => {
                Uuid::parse_str(s).map_err(|_| validation(name, &uuid_message(s)))
            }
            Some(_) => Err(validation(
                name,
                "UUID input should be a string, bytes or UUID object",
            )),
        }
    }

    /// An optional string field (`description`), at most `max` characters.
    fn text_field(
        body: &serde_json::Map<String, Value>,
        name: &str,
        max: usize,
    ) -> Result<Option<String>> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.chars().count() > max => Err(validation(
                name,
                &format!("String should have at most {max} characters"),
            )),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(validation(name, "Input should be a valid string")),
        }
    }

    fn ok(v: &impl serde::Serialize) -> Result<RestReply> {
        RestReply::ok(200, v)
    }

    pub async fn scene_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::scene_instances(c.s, r.id("scene_id")?).await?)
    }

    pub async fn scene_camera_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::scene_camera_instances(c.s, r.id("scene_id")?).await?)
    }

    pub async fn create_scene_instance(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let scene = r.id("scene_id")?;
        let b = object(&r, "SceneAssetInstanceSchema")?;
        let asset = uuid_field(&b, "asset_id")?;
        let description = text_field(&b, "description", 200)?;
        let i = super::create_scene_instance(c.s, scene, asset, description).await?;
        RestReply::ok(201, &super::instance_json(&i)?)
    }

    pub async fn scene_shots(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::scene_shots(c.s, r.id("scene_id")?).await?)
    }

    pub async fn add_shot_to_scene(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let scene = r.id("scene_id")?;
        let b = object(&r, "SceneShotSchema")?;
        let shot = uuid_field(&b, "shot_id")?;
        let e = super::add_shot_to_scene(c.s, scene, shot).await?;
        RestReply::ok(201, &super::entity_json(&e)?)
    }

    pub async fn remove_shot_from_scene(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        super::remove_shot_from_scene(c.s, r.id("scene_id")?, r.id("shot_id")?).await?;
        Ok(RestReply::no_content())
    }

    pub async fn sequence_scenes(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let rows = super::sequence_scenes(c.s, r.id("sequence_id")?).await?;
        let maps = tusk_db::zou::json_maps(c.s, &rows, false, None).await?;
        ok(&maps)
    }

    pub async fn shot_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::shot_instances(c.s, r.id("shot_id")?).await?)
    }

    pub async fn add_instance_to_shot(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let shot = r.id("shot_id")?;
        let b = object(&r, "ShotAssetInstanceSchema")?;
        let instance = uuid_field(&b, "asset_instance_id")?;
        let e = super::add_instance_to_shot(c.s, shot, instance).await?;
        RestReply::ok(201, &super::entity_json(&e)?)
    }

    pub async fn remove_instance_from_shot(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        super::remove_instance_from_shot(c.s, r.id("shot_id")?, r.id("asset_instance_id")?).await?;
        Ok(RestReply::no_content())
    }

    pub async fn asset_asset_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::asset_asset_instances(c.s, r.id("asset_id")?).await?)
    }

    pub async fn create_asset_instance(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let target = r.id("asset_id")?;
        let b = object(&r, "AssetAssetInstanceSchema")?;
        let asset = uuid_field(&b, "asset_to_instantiate_id")?;
        let description = text_field(&b, "description", 200)?;
        let i = super::create_asset_instance(c.s, target, asset, description).await?;
        RestReply::ok(201, &super::instance_json(&i)?)
    }

    pub async fn asset_scene_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::asset_scene_instances(c.s, r.id("asset_id")?).await?)
    }

    pub async fn asset_shot_instances(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::asset_shot_instances(c.s, r.id("asset_id")?).await?)
    }
}

// ---------------------------------------------------------------------------
// GraphQL

/// GraphQL fields of the instance and scene-shot writes; each calls the
/// same service as its REST route, so permissions agree.
pub mod gql {
    use async_graphql::{Context, Object, ID};
    use tusk_db::Session;
    use tusk_schema::{AssetInstance, Entity};
    use uuid::Uuid;

    type R<T> = async_graphql::Result<T>;

    fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
        ctx.data::<Session>()
    }

    pub(crate) fn uuid(id: &ID) -> R<Uuid> {
        Ok(tusk_db::value::parse_uuid(id.as_str())?)
    }

    #[derive(Default)]
    pub struct InstancesMutation;

    #[Object]
    impl InstancesMutation {
        /// A new instance of an asset in a scene, numbered after the
        /// asset's other instances there (`Hero_0001`, `Hero_0002`…).
        async fn create_scene_asset_instance(
            &self,
            ctx: &Context<'_>,
            scene_id: ID,
            asset_id: ID,
            description: Option<String>,
        ) -> R<AssetInstance> {
            Ok(super::create_scene_instance(
                session(ctx)?,
                uuid(&scene_id)?,
                uuid(&asset_id)?,
                description,
            )
            .await?)
        }

        /// A new instance of `assetToInstantiateId` inside the asset `assetId`.
        async fn create_asset_asset_instance(
            &self,
            ctx: &Context<'_>,
            asset_id: ID,
            asset_to_instantiate_id: ID,
            description: Option<String>,
        ) -> R<AssetInstance> {
            Ok(super::create_asset_instance(
                session(ctx)?,
                uuid(&asset_id)?,
                uuid(&asset_to_instantiate_id)?,
                description,
            )
            .await?)
        }

        /// The shot uses the asset instance; answers the shot.
        async fn add_asset_instance_to_shot(
            &self,
            ctx: &Context<'_>,
            shot_id: ID,
            asset_instance_id: ID,
        ) -> R<Entity> {
            Ok(super::add_instance_to_shot(
                session(ctx)?,
                uuid(&shot_id)?,
                uuid(&asset_instance_id)?,
            )
            .await?)
        }

        /// The shot no longer uses the asset instance.
        async fn remove_asset_instance_from_shot(
            &self,
            ctx: &Context<'_>,
            shot_id: ID,
            asset_instance_id: ID,
        ) -> R<bool> {
            super::remove_instance_from_shot(
                session(ctx)?,
                uuid(&shot_id)?,
                uuid(&asset_instance_id)?,
            )
            .await?;
            Ok(true)
        }

        /// Put a shot in a scene (the shot's `sourceId`); answers the shot.
        async fn add_shot_to_scene(
            &self,
            ctx: &Context<'_>,
            scene_id: ID,
            shot_id: ID,
        ) -> R<Entity> {
            Ok(super::add_shot_to_scene(session(ctx)?, uuid(&scene_id)?, uuid(&shot_id)?).await?)
        }

        /// Take a shot out of a scene.
        async fn remove_shot_from_scene(
            &self,
            ctx: &Context<'_>,
            scene_id: ID,
            shot_id: ID,
        ) -> R<bool> {
            super::remove_shot_from_scene(session(ctx)?, uuid(&scene_id)?, uuid(&shot_id)?).await?;
            Ok(true)
        }
    }
}
