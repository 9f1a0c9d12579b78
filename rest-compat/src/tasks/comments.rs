//! Routes of comments: see `tusk_resolvers::tasks::comments` (Zou's
//! `comments` blueprint).

use crate::Routes;
use tusk_resolvers::handler;
use tusk_resolvers::tasks::comments::rest as h;

pub fn routes(r: Routes) -> Routes {
    r.post(
        "/actions/tasks/{task_id}/comment",
        handler!(h::comment_task),
    )
}
