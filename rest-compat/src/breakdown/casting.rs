//! Routes of the casting: see `tusk_resolvers::breakdown::casting`.

use crate::Routes;
use tusk_resolvers::breakdown::casting::rest as h;
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    const P: &str = "/data/projects/{project_id}";
    let p = |rest: &str| format!("{P}{rest}");
    r.get(
        &p("/entities/{entity_id}/casting"),
        handler!(h::entity_casting),
    )
    .put(
        &p("/entities/{entity_id}/casting"),
        handler!(h::set_entity_casting),
    )
    .put(&p("/entities/casting"), handler!(h::set_castings))
    .get(
        "/data/assets/{asset_id}/casting",
        handler!(h::asset_casting),
    )
    .put(
        "/data/assets/{asset_id}/casting",
        handler!(h::set_asset_casting),
    )
    .get("/data/assets/{asset_id}/cast-in", handler!(h::cast_in))
    // Bulk views.
    .get(
        &p("/asset-types/{asset_type_id}/casting"),
        handler!(h::asset_type_casting),
    )
    .get(&p("/episodes/casting"), handler!(h::episodes_casting))
    .get(
        &p("/sequences/all/casting"),
        handler!(h::all_sequences_casting),
    )
    .get(
        &p("/sequences/{sequence_id}/casting"),
        handler!(h::sequence_casting),
    )
    .get(
        &p("/episodes/{episode_id}/sequences/all/casting"),
        handler!(h::episode_sequences_casting),
    )
    // Shared assets.
    .post("/actions/assets/share", handler!(h::share_assets))
    .post(
        "/actions/projects/{project_id}/assets/share",
        handler!(h::share_project_assets),
    )
    .post(
        "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share",
        handler!(h::share_asset_type_assets),
    )
    .get(&p("/assets/shared-used"), handler!(h::shared_used))
    .get(
        &p("/episodes/{episode_id}/assets/shared-used"),
        handler!(h::episode_shared_used),
    )
    // Entity links.
    .get(&p("/entity-links"), handler!(h::project_links))
    .delete(
        &p("/entity-links/{entity_link_id}"),
        handler!(h::delete_link),
    )
}
