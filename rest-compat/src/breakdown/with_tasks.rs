//! Routes of the breakdown: see `tusk_resolvers::breakdown::with_tasks`.

use crate::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
