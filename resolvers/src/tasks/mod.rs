//! Tasks, comments and the status workflow (area 08).
//!
//! - [`comments`]: commenting a task, with its status change, mentions,
//!   hashtags, notifications, news and status automations.
//!
//! As in the other areas, each feature module has its services first, its
//! REST handlers (`rest`, registered by `rest-compat/src/tasks/`) and its
//! GraphQL fields (`gql`), merged into [`TasksFieldsMutation`].

pub mod comments;

use async_graphql::MergedObject;

/// Every mutation of the area.
#[derive(MergedObject, Default)]
pub struct TasksFieldsMutation(comments::gql::CommentsMutation);
