//! Zou's task routes (area 08 beyond CRUD): the `tasks` and `comments`
//! blueprints. One file per feature, as in `tusk_resolvers::tasks`, whose
//! handlers they register.

use crate::Routes;

mod comments;

pub fn routes(r: Routes) -> Routes {
    comments::routes(r)
}
