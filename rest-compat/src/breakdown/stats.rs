//! Routes of the breakdown: see `tusk_resolvers::breakdown::stats`.
//! Episode stats, retake stats and quotas (Zou's `shots` blueprint), the
//! quota shots of a person (`persons` blueprint) and `set-shot-nb-frames`.

use crate::Routes;
use tusk_resolvers::breakdown::stats::rest as h;
use tusk_resolvers::handler;

pub fn routes(r: Routes) -> Routes {
    const P: &str = "/data/projects/{project_id}";
    let p = |rest: &str| format!("{P}{rest}");
    const Q: &str = "/data/persons/{person_id}/quota-shots";
    let q = |rest: &str| format!("{Q}{rest}");
    r.post(
        "/actions/projects/{project_id}/task-types/{task_type_id}/set-shot-nb-frames",
        handler!(h::set_shot_nb_frames),
    )
    .get(&p("/episodes/stats"), handler!(h::episode_stats))
    .get(
        &p("/episodes/retake-stats"),
        handler!(h::episode_retake_stats),
    )
    .get(&p("/quotas/{task_type_id}"), handler!(h::project_quotas))
    .get(
        &p("/quotas/persons/{person_id}"),
        handler!(h::person_quotas),
    )
    .get(&q("/month/{year}/{month}"), handler!(h::month_quota_shots))
    .get(&q("/week/{year}/{week}"), handler!(h::week_quota_shots))
    .get(
        &q("/day/{year}/{month}/{day}"),
        handler!(h::day_quota_shots),
    )
}
