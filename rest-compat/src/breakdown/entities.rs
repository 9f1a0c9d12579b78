//! Routes of the breakdown: see `tusk_resolvers::breakdown::entities`.

use crate::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
