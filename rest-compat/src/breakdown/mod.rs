//! Zou's breakdown routes (areas 06 and 07 beyond CRUD): the `shots`,
//! `assets`, `breakdown`, `entities`, `edits`, `concepts` blueprints and the
//! CSV exports of the seed. One file per feature, as in
//! `tusk_resolvers::breakdown`, whose handlers they register.

use crate::Routes;

mod casting;
mod entities;
mod export;
mod instances;
mod stats;
mod with_tasks;

pub fn routes(r: Routes) -> Routes {
    let r = with_tasks::routes(r);
    let r = entities::routes(r);
    let r = casting::routes(r);
    let r = instances::routes(r);
    let r = stats::routes(r);
    export::routes(r)
}
