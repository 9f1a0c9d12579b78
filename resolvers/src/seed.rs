//! `init-data` and `create-admin`: the rows `zou init-data` creates and the
//! first administrator.

use crate::app::App;
use crate::auth::passwords;
use serde_json::{json, Value};
use tusk_db::{engine, zou, Db, Error, Model, Result, SqlValue};
use tusk_schema::{Department, EntityType, Person, ProjectStatus, TaskStatus, TaskType};

async fn exists(db: &mut Db, table: &str, where_sql: &str, args: Vec<SqlValue>) -> Result<bool> {
    let mut s = db.sql("SELECT COUNT(*) FROM ");
    s.ident(table).push(" WHERE ").push_bound(where_sql, args);
    Ok(db.fetch_scalar::<i64>(&s).await? > 0)
}

async fn insert_json<M: Model>(db: &Db, row: Value) -> Result<M> {
    let (values, _) = zou::parse_body(M::META, &row, true)?;
    let mut tx = db.begin().await?;
    let m = engine::insert::<M>(&mut tx, &values).await?;
    tx.commit().await?;
    Ok(m)
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(Some(s.to_owned()))
}

/// Create what `zou init-data` creates, skipping what already exists.
/// Returns the number of rows created.
pub async fn init_data(db: &Db) -> Result<usize> {
    let mut db = db.clone();
    let mut created = 0;
    for name in ["Open", "Closed"] {
        if !exists(&mut db, "project_status", "\"name\" = ?", vec![text(name)]).await? {
            insert_json::<ProjectStatus>(&db, json!({"name": name, "color": "#000000"})).await?;
            created += 1;
        }
    }
    for name in [
        "Shot",
        "Scene",
        "Sequence",
        "Episode",
        "Edit",
        "Concept",
        "ConceptFolder",
        "Character",
        "Prop",
        "Environment",
        "FX",
    ] {
        if !exists(&mut db, "entity_type", "\"name\" = ?", vec![text(name)]).await? {
            insert_json::<EntityType>(&db, json!({"name": name})).await?;
            created += 1;
        }
    }
    let departments = [
        ("Modeling", "#78909C"),
        ("Animation", "#009688"),
        ("FX", "#26C6DA"),
        ("Compositing", "#F06292"),
        ("Concept", "#8D6E63"),
        ("Layout", "#7CB342"),
    ];
    for (name, color) in departments {
        if !exists(&mut db, "department", "\"name\" = ?", vec![text(name)]).await? {
            insert_json::<Department>(&db, json!({"name": name, "color": color})).await?;
            created += 1;
        }
    }
    // (name, color, priority, for_entity, department)
    let task_types: [(&str, &str, i32, &str, Option<&str>); 13] = [
        ("Concept", "#8D6E63", 1, "Concept", None),
        ("Concept", "#8D6E63", 1, "Asset", Some("Concept")),
        ("Modeling", "#78909C", 2, "Asset", Some("Modeling")),
        ("Shading", "#64B5F6", 3, "Asset", Some("Modeling")),
        ("Rigging", "#9CCC65", 4, "Asset", Some("Animation")),
        ("Storyboard", "#43A047", 1, "Shot", Some("Concept")),
        ("Layout", "#7CB342", 2, "Shot", Some("Layout")),
        ("Animation", "#009688", 3, "Shot", Some("Animation")),
        ("Lighting", "#F9A825", 4, "Shot", Some("Compositing")),
        ("FX", "#26C6DA", 5, "Shot", Some("FX")),
        ("Rendering", "#F06292", 6, "Shot", Some("Compositing")),
        ("Compositing", "#ff5252", 7, "Shot", Some("Compositing")),
        ("Edit", "#9b298c", 8, "Edit", Some("Compositing")),
    ];
    for (name, color, priority, for_entity, dept) in task_types {
        let dept_id = match dept {
            Some(d) => {
                let mut s = db.sql("SELECT \"id\" FROM \"department\" WHERE \"name\" = ");
                s.bind(text(d));
                db.fetch_optional::<(uuid::Uuid,)>(&s).await?.map(|r| r.0)
            }
            None => None,
        };
        let found = exists(
            &mut db,
            "task_type",
            "\"name\" = ? AND \"for_entity\" = ?",
            vec![text(name), text(for_entity)],
        )
        .await?;
        if !found {
            insert_json::<TaskType>(
                &db,
                json!({"name": name, "short_name": "", "color": color, "priority": priority,
                       "for_entity": for_entity, "department_id": dept_id.map(|u| u.to_string())}),
            )
            .await?;
            created += 1;
        }
    }
    // Zou's statuses; flags not given are false (artists and clients allowed).
    let statuses = json!([
        {"name": "Todo", "short_name": "todo", "color": "#f5f5f5", "is_default": true},
        {"name": "Work In Progress", "short_name": "wip", "color": "#3273dc", "is_wip": true},
        {"name": "Waiting For Approval", "short_name": "wfa", "color": "#ab26ff", "is_feedback_request": true},
        {"name": "Retake", "short_name": "retake", "color": "#ff3860", "is_retake": true},
        {"name": "Done", "short_name": "done", "color": "#22d160", "is_done": true},
        {"name": "Ready To Start", "short_name": "ready", "color": "#fbc02d"},
        {"name": "Neutral", "short_name": "neutral", "color": "#CCCCCC", "is_default": true, "for_concept": true},
        {"name": "Approved", "short_name": "approved", "color": "#66BB6A", "for_concept": true},
        {"name": "Rejected", "short_name": "rejected", "color": "#E81123", "for_concept": true},
    ]);
    for status in statuses.as_array().into_iter().flatten() {
        let short = status["short_name"].as_str().unwrap_or_default();
        if !exists(
            &mut db,
            "task_status",
            "\"short_name\" = ?",
            vec![text(short)],
        )
        .await?
        {
            let mut row = json!({"priority": 1, "is_done": false, "is_retake": false,
                                 "is_feedback_request": false, "is_default": false, "is_wip": false,
                                 "for_concept": false, "is_artist_allowed": true, "is_client_allowed": true});
            if let (Some(r), Some(s)) = (row.as_object_mut(), status.as_object()) {
                r.extend(s.clone());
            }
            insert_json::<TaskStatus>(&db, row).await?;
            created += 1;
        }
    }
    Ok(created)
}

/// Is there an active administrator?
pub async fn has_admin(db: &Db) -> Result<bool> {
    let mut db = db.clone();
    let s = db.sql("SELECT COUNT(*) FROM \"person\" WHERE \"role\" = 'admin' AND \"is_bot\" = ");
    let mut s = s;
    s.bind(SqlValue::Bool(Some(false)));
    Ok(db.fetch_scalar::<i64>(&s).await? > 0)
}

/// Create an administrator, as `zou create-admin` does.
pub async fn create_admin(app: &App, email: &str, password: &str) -> Result<Person> {
    if password.chars().count() < app.settings.min_password_length {
        return Err(Error::bad_request("Password is too short."));
    }
    let mut db = app.db.clone();
    if crate::auth::find_login(&mut db, email).await?.is_some() {
        return Err(Error::bad_request(format!(
            "A person with email {email} already exists."
        )));
    }
    let hash = passwords::hash(password).await?;
    let (mut values, _) = zou::parse_body(
        Person::META,
        &json!({"first_name": "Super", "last_name": "Admin", "email": email, "role": "admin",
                "phone": "", "desktop_login": ""}),
        true,
    )?;
    values.push((
        tusk_db::filter::col(Person::META, "password"),
        SqlValue::Bytes(Some(hash)),
    ));
    let mut tx = app.db.begin().await?;
    let p = engine::insert::<Person>(&mut tx, &values).await?;
    tx.commit().await?;
    Ok(p)
}
