//! Routes of the breakdown CSV exports: see
//! `tusk_resolvers::breakdown::export`.

use crate::Routes;
use tusk_resolvers::breakdown::export::rest as h;
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    r.get("/export/csv/projects.csv", handler!(h::projects_csv))
        .get(
            "/export/csv/projects/{project_id}/casting.csv",
            handler!(h::casting_csv),
        )
}
