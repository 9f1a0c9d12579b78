//! Routes of the breakdown: see `tusk_resolvers::breakdown::with_tasks`.
//! The with-tasks views Kitsu's production pages load, and the detail
//! GETs that embed their rows.

use crate::Routes;
use tusk_resolvers::breakdown::with_tasks::rest as h;
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    r.get("/data/shots/with-tasks", handler!(h::shots))
        .get("/data/assets/with-tasks", handler!(h::assets))
        .get("/data/sequences/with-tasks", handler!(h::sequences))
        .get("/data/episodes/with-tasks", handler!(h::episodes))
        .get("/data/edits/with-tasks", handler!(h::edits))
        .get("/data/concepts/with-tasks", handler!(h::concepts))
        .get("/data/scenes/with-tasks", handler!(h::scenes))
        .get(
            "/data/entities/{entity_id}/entities-linked/with-tasks",
            handler!(h::entities_linked),
        )
        .get("/data/shots/{shot_id}", handler!(h::shot))
        .get("/data/assets/{asset_id}", handler!(h::asset))
        .get("/data/edits/{edit_id}", handler!(h::edit))
        .get("/data/concepts/{concept_id}", handler!(h::concept))
}
