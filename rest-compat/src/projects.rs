//! Zou's `projects` blueprint (area 04 beyond CRUD): open and all
//! projects, team, production settings, metadata descriptors, budgets,
//! and the project thumbnail routes of the `previews` blueprint.

use crate::Routes;
use tusk_resolvers::handler;
use tusk_resolvers::projects::rest as h;

pub fn routes(r: Routes) -> Routes {
    const P: &str = "/data/projects/{project_id}";
    let p = |rest: &str| format!("{P}{rest}");
    r.get("/data/projects/open", handler!(h::open))
        .get("/data/projects/all", handler!(h::all))
        // Team.
        .get(&p("/team"), handler!(h::team))
        .post(&p("/team"), handler!(h::add_member))
        .delete(&p("/team/{person_id}"), handler!(h::remove_member))
        .put(&p("/team/{person_id}"), handler!(h::set_member_role))
        // Settings.
        .get(&p("/task-types"), handler!(h::task_types))
        .post(&p("/settings/asset-types"), handler!(h::add_asset_type))
        .delete(
            &p("/settings/asset-types/{asset_type_id}"),
            handler!(h::remove_asset_type),
        )
        .post(&p("/settings/task-types"), handler!(h::add_task_type))
        // Not a Zou route, but gazu's `get_project_task_types` calls it.
        .get(&p("/settings/task-types"), handler!(h::task_types))
        .delete(
            &p("/settings/task-types/{task_type_id}"),
            handler!(h::remove_task_type),
        )
        .get(&p("/settings/task-status"), handler!(h::task_statuses))
        .post(&p("/settings/task-status"), handler!(h::add_task_status))
        .put(
            &p("/settings/task-status/{task_status_id}"),
            handler!(h::set_task_status_client_allowed),
        )
        .delete(
            &p("/settings/task-status/{task_status_id}"),
            handler!(h::remove_task_status),
        )
        .post(&p("/settings/batch"), handler!(h::settings_batch))
        .get(
            &p("/settings/status-automations"),
            handler!(h::status_automations),
        )
        .post(
            &p("/settings/status-automations"),
            handler!(h::add_status_automation),
        )
        .delete(
            &p("/settings/status-automations/{status_automation_id}"),
            handler!(h::remove_status_automation),
        )
        .get(
            &p("/settings/preview-background-files"),
            handler!(h::preview_backgrounds),
        )
        .post(
            &p("/settings/preview-background-files"),
            handler!(h::add_preview_background),
        )
        .delete(
            &p("/settings/preview-background-files/{preview_background_file_id}"),
            handler!(h::remove_preview_background),
        )
        // Metadata descriptors.
        .get(&p("/metadata-descriptors"), handler!(h::descriptors))
        .post(&p("/metadata-descriptors"), handler!(h::create_descriptor))
        .post(
            &p("/metadata-descriptors/reorder"),
            handler!(h::reorder_descriptors),
        )
        .get(
            &p("/metadata-descriptors/{metadata_descriptor_id}"),
            handler!(h::descriptor),
        )
        .put(
            &p("/metadata-descriptors/{metadata_descriptor_id}"),
            handler!(h::update_descriptor),
        )
        .delete(
            &p("/metadata-descriptors/{metadata_descriptor_id}"),
            handler!(h::delete_descriptor),
        )
        .post(
            "/data/metadata-descriptors/all-projects",
            handler!(h::create_descriptor_everywhere),
        )
        .post(
            "/actions/metadata-descriptors/all-projects/reorder",
            handler!(h::reorder_descriptors_everywhere),
        )
        .put(
            "/data/metadata-descriptors/all-projects/{field_name}",
            handler!(h::update_descriptor_everywhere),
        )
        .delete(
            "/data/metadata-descriptors/all-projects/{field_name}",
            handler!(h::delete_descriptor_everywhere),
        )
        // Budgets.
        .get(&p("/budgets"), handler!(h::budgets))
        .post(&p("/budgets"), handler!(h::create_budget))
        .get(&p("/budgets/time-spents"), handler!(h::month_time_spents))
        .get(&p("/budgets/{budget_id}"), handler!(h::budget))
        .put(&p("/budgets/{budget_id}"), handler!(h::update_budget))
        .delete(&p("/budgets/{budget_id}"), handler!(h::delete_budget))
        .get(
            &p("/budgets/{budget_id}/entries"),
            handler!(h::budget_entries),
        )
        .post(
            &p("/budgets/{budget_id}/entries"),
            handler!(h::create_budget_entry),
        )
        .get(
            &p("/budgets/{budget_id}/entries/{entry_id}"),
            handler!(h::budget_entry),
        )
        .put(
            &p("/budgets/{budget_id}/entries/{entry_id}"),
            handler!(h::update_budget_entry),
        )
        .delete(
            &p("/budgets/{budget_id}/entries/{entry_id}"),
            handler!(h::delete_budget_entry),
        )
        // Project pictures (`{id}` and `{id}.png` share the route).
        .get(
            "/pictures/thumbnails/projects/{instance_id}",
            handler!(h::project_thumbnail),
        )
        .post(
            "/pictures/thumbnails/projects/{instance_id}",
            handler!(h::upload_project_thumbnail),
        )
        // The `{id}.png` spelling is answered by the routes above (one path
        // segment); listed for `tusk routes`.
        .also("GET", "/pictures/thumbnails/projects/{instance_id}.png")
        .also("POST", "/pictures/thumbnails/projects/{instance_id}.png")
        // Priorities (Zou's crud blueprint).
        .post(
            "/actions/task-types/reorder",
            handler!(h::reorder_task_types),
        )
        .post(
            "/actions/projects/{project_id}/task-type-links/reorder",
            handler!(h::reorder_task_type_links),
        )
        .post(
            "/actions/projects/{project_id}/task-status-links/reorder",
            handler!(h::reorder_task_status_links),
        )
}
