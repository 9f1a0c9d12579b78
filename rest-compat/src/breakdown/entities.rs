//! Routes of the breakdown entities: see `tusk_resolvers::breakdown::entities`.
//! Zou's `shots`, `assets`, `edits`, `concepts` and `entities` blueprints,
//! less the `with-tasks` views, casting, instances and stats.

use crate::Routes;
use tusk_resolvers::breakdown::entities::rest as h;
use tusk_resolvers::breakdown::Kind::{Asset, Concept, Edit, Episode, Scene, Sequence, Shot};
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    const P: &str = "/data/projects/{project_id}";
    let p = |rest: &str| format!("{P}{rest}");
    // Global lists (admins, or members with `project_id`).
    let r = r
        .get("/data/shots", handler!(h::global, Shot))
        .get("/data/shots/all", handler!(h::global, Shot))
        .get("/data/scenes/all", handler!(h::global, Scene))
        .get("/data/sequences", handler!(h::global, Sequence))
        .get("/data/episodes", handler!(h::global, Episode))
        .get("/data/edits", handler!(h::global, Edit))
        .get("/data/edits/all", handler!(h::global, Edit))
        .get("/data/concepts", handler!(h::global, Concept))
        .get("/data/assets", handler!(h::global, Asset))
        .get("/data/assets/all", handler!(h::global, Asset))
        .get("/data/asset-types", handler!(h::asset_types_route))
        .get(
            "/data/asset-types/{asset_type_id}",
            handler!(h::asset_type_route),
        );
    // Per project: list and create.
    let r = r
        .get(&p("/shots"), handler!(h::of_project, Shot))
        .post(&p("/shots"), handler!(h::create_in_project, Shot))
        .get(&p("/scenes"), handler!(h::of_project, Scene))
        .post(&p("/scenes"), handler!(h::create_in_project, Scene))
        .get(&p("/sequences"), handler!(h::of_project, Sequence))
        .post(&p("/sequences"), handler!(h::create_in_project, Sequence))
        .get(&p("/episodes"), handler!(h::of_project, Episode))
        .post(&p("/episodes"), handler!(h::create_in_project, Episode))
        .get(&p("/edits"), handler!(h::of_project, Edit))
        .post(&p("/edits"), handler!(h::create_in_project, Edit))
        .get(&p("/concepts"), handler!(h::of_project, Concept))
        .post(&p("/concepts"), handler!(h::create_in_project, Concept))
        .get(&p("/assets"), handler!(h::of_project, Asset))
        .get(&p("/asset-types"), handler!(h::project_asset_types_route))
        .get(
            &p("/asset-types/{asset_type_id}/assets"),
            handler!(h::project_assets_of_type_route),
        )
        .post(
            &p("/asset-types/{asset_type_id}/assets/new"),
            handler!(h::create_asset_route),
        )
        .post(
            "/actions/projects/{project_id}/delete-entities",
            handler!(h::delete_entities_route),
        );
    // Shots.
    let r = r
        .put("/data/shots/{shot_id}", handler!(h::put_shot))
        .delete("/data/shots/{shot_id}", handler!(h::remove, Shot))
        .get(
            "/data/shots/{shot_id}/assets",
            handler!(h::cast_assets_route, Shot),
        )
        .get(
            "/data/shots/{shot_id}/asset-types",
            handler!(h::shot_asset_types_route),
        )
        .get("/data/shots/{shot_id}/tasks", handler!(h::tasks, Shot))
        .get(
            "/data/shots/{shot_id}/task-types",
            handler!(h::task_types, Shot),
        )
        .get(
            "/data/shots/{shot_id}/preview-files",
            handler!(h::preview_files, Shot),
        )
        .get(
            "/data/shots/{shot_id}/versions",
            handler!(h::entity_versions, Shot),
        );
    // Scenes.
    let r = r
        .get("/data/scenes/{scene_id}", handler!(h::get_detail, Scene))
        .delete("/data/scenes/{scene_id}", handler!(h::remove, Scene))
        .get("/data/scenes/{scene_id}/tasks", handler!(h::tasks, Scene))
        .get(
            "/data/scenes/{scene_id}/task-types",
            handler!(h::task_types, Scene),
        );
    // Sequences.
    let r = r
        .get(
            "/data/sequences/{sequence_id}",
            handler!(h::get_detail, Sequence),
        )
        .delete(
            "/data/sequences/{sequence_id}",
            handler!(h::remove, Sequence),
        )
        .get(
            "/data/sequences/{sequence_id}/shots",
            handler!(h::sequence_shots_route),
        )
        .get(
            "/data/sequences/{sequence_id}/tasks",
            handler!(h::tasks, Sequence),
        )
        .get(
            "/data/sequences/{sequence_id}/task-types",
            handler!(h::task_types, Sequence),
        )
        .get(
            "/data/sequences/{sequence_id}/shot-tasks",
            handler!(h::shot_tasks, Sequence),
        );
    // Episodes.
    let r = r
        .get(
            "/data/episodes/{episode_id}",
            handler!(h::get_detail, Episode),
        )
        .delete("/data/episodes/{episode_id}", handler!(h::remove, Episode))
        .get(
            "/data/episodes/{episode_id}/shots",
            handler!(h::episode_shots_route),
        )
        .get(
            "/data/episodes/{episode_id}/sequences",
            handler!(h::episode_sequences_route),
        )
        .get(
            "/data/episodes/{episode_id}/tasks",
            handler!(h::tasks, Episode),
        )
        .get(
            "/data/episodes/{episode_id}/task-types",
            handler!(h::task_types, Episode),
        )
        .get(
            "/data/episodes/{episode_id}/shot-tasks",
            handler!(h::shot_tasks, Episode),
        )
        .get(
            "/data/episodes/{episode_id}/asset-tasks",
            handler!(h::asset_tasks),
        )
        .get(
            "/data/episodes/{episode_id}/edits",
            handler!(h::episode_edits_route),
        )
        .get(
            "/data/episodes/{episode_id}/edit-tasks",
            handler!(h::edit_tasks),
        );
    // Edits.
    let r = r
        .delete("/data/edits/{edit_id}", handler!(h::remove, Edit))
        .get("/data/edits/{edit_id}/tasks", handler!(h::tasks, Edit))
        .get(
            "/data/edits/{edit_id}/task-types",
            handler!(h::task_types, Edit),
        )
        .get(
            "/data/edits/{edit_id}/preview-files",
            handler!(h::preview_files, Edit),
        )
        .get(
            "/data/edits/{edit_id}/versions",
            handler!(h::entity_versions, Edit),
        );
    // Concepts.
    let r = r
        .delete("/data/concepts/{concept_id}", handler!(h::remove, Concept))
        .get(
            "/data/concepts/{concept_id}/tasks",
            handler!(h::tasks, Concept),
        )
        .get(
            "/data/concepts/{concept_id}/task-types",
            handler!(h::task_types, Concept),
        )
        .get(
            "/data/concepts/{concept_id}/preview-files",
            handler!(h::preview_files, Concept),
        );
    // Assets.
    let r = r
        .delete("/data/assets/{asset_id}", handler!(h::remove, Asset))
        .get(
            "/data/assets/{asset_id}/assets",
            handler!(h::cast_assets_route, Asset),
        )
        .get("/data/assets/{asset_id}/tasks", handler!(h::tasks, Asset))
        .get(
            "/data/assets/{asset_id}/task-types",
            handler!(h::task_types, Asset),
        );
    // Any entity.
    r.get(
        "/data/entities/{entity_id}/preview-files",
        handler!(h::entity_preview_files),
    )
    .post(
        "/data/entities/{entity_id}/tasks",
        handler!(h::create_tasks_route),
    )
}
