//! Routes of the breakdown: see `tusk_resolvers::breakdown::instances`.
//! Asset instances of scenes, shots and assets (Zou's `breakdown` and
//! `assets` blueprints) and the shots of a scene (`shots` blueprint).

use crate::Routes;
use tusk_resolvers::breakdown::instances::rest as h;
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    r.get(
        "/data/scenes/{scene_id}/asset-instances",
        handler!(h::scene_instances),
    )
    .post(
        "/data/scenes/{scene_id}/asset-instances",
        handler!(h::create_scene_instance),
    )
    .get(
        "/data/scenes/{scene_id}/camera-instances",
        handler!(h::scene_camera_instances),
    )
    .get("/data/scenes/{scene_id}/shots", handler!(h::scene_shots))
    .post(
        "/data/scenes/{scene_id}/shots",
        handler!(h::add_shot_to_scene),
    )
    .delete(
        "/data/scenes/{scene_id}/shots/{shot_id}",
        handler!(h::remove_shot_from_scene),
    )
    .get(
        "/data/sequences/{sequence_id}/scenes",
        handler!(h::sequence_scenes),
    )
    .get(
        "/data/shots/{shot_id}/asset-instances",
        handler!(h::shot_instances),
    )
    .post(
        "/data/shots/{shot_id}/asset-instances",
        handler!(h::add_instance_to_shot),
    )
    .delete(
        "/data/shots/{shot_id}/asset-instances/{asset_instance_id}",
        handler!(h::remove_instance_from_shot),
    )
    .get(
        "/data/assets/{asset_id}/asset-asset-instances",
        handler!(h::asset_asset_instances),
    )
    .post(
        "/data/assets/{asset_id}/asset-asset-instances",
        handler!(h::create_asset_instance),
    )
    .get(
        "/data/assets/{asset_id}/scene-asset-instances",
        handler!(h::asset_scene_instances),
    )
    .get(
        "/data/assets/{asset_id}/shot-asset-instances",
        handler!(h::asset_shot_instances),
    )
}
