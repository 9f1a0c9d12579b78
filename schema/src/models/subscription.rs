//! `subscription`: Person subscribed to a task, or to a (sequence entity, task type) pair, for notifications.

use crate::models::prelude::*;

/// Person subscribed to a task, or to a (sequence entity, task type) pair, for notifications.
#[model(table = "subscription", rest = "subscriptions", gql = "NotificationSubscription")]
#[index(name = "subscription_entity_uc", columns = "person_id, task_type_id, entity_id", unique)]
#[index(name = "subscription_task_uc", columns = "person_id, task_id", unique)]
pub struct Subscription {
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
}
