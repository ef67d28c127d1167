-- What did stocktake remediate do to each IAM user, and in which remediation state was the user from when to when?
-- One row per account, IAM user and state change, from the remediation journal only (no report is read): state,
-- since (the time of the journal record that made it so) and until (the next change, NULL = still so), the plan and
-- the operator (the ARN of whoever ran the record's command), and for the quarantine its plan, start and completion.
-- States: quarantined (every step of the user's latest quarantine plan done, the deny-all policy last, none undone),
-- partially_quarantined (started, not all done: a failed or running apply), quarantine_undone (a step of it undone),
-- removal_started (a deletion plan's first step recorded, delete_user not yet done) and removed (delete_user done).
-- The state after a change is decided by every record up to it: the latest plan of the user (by its first record)
-- decides. since_day/until_day are the UTC days of since/until: the state on a report day dt is the row with
-- since_day <= dt and (until_day is null or until_day > dt), i.e. the state at the end of that day.
-- The plan, step and phase come from each record, else from its key (<plan id>/<step id>.<phase>.json); a file that is
-- not a journal record (no account, user or valid time) is ignored.
create or replace view remediation_timeline as
with records as (
    select
        coalesce(plan_id, regexp_extract("$path", '/([dq]-[0-9]{8}-[0-9a-z]+)/[^/]+$', 1)) as plan_id,
        coalesce(step_id, regexp_extract("$path", '/([^/]+)\.(started|done|undo-started|undone)\.json$', 1)) as step_id,
        replace(lower(coalesce(phase, regexp_extract("$path", '\.(started|done|undo-started|undone)\.json$', 1))), '-', '_')
            as phase,
        lower(action) as action,
        account_id,
        user_name,
        try(from_iso8601_timestamp(at)) as at,
        operator
    from remediation_journal
),
valid as (
    select *
    from records
    where plan_id is not null and step_id is not null and account_id is not null and user_name is not null
        and at is not null and phase in ('started', 'done', 'undo_started', 'undone')
),
changes as (
    -- the moments a user's state may change: the time of each of its records
    select distinct account_id, user_name, at as changed_at
    from valid
),
steps as (
    -- each step of each plan as it stood at each change
    select
        c.account_id,
        c.user_name,
        c.changed_at,
        v.plan_id,
        v.step_id,
        max(v.action) as action,
        min(v.at) as first_at,
        max(v.at) filter (where v.phase = 'done') as done_at,
        max(v.at) filter (where v.phase = 'undone') as undone_at,
        max_by(v.operator, v.at) as operator
    from changes c
    join valid v on v.account_id = c.account_id and v.user_name = c.user_name and v.at <= c.changed_at
    group by c.account_id, c.user_name, c.changed_at, v.plan_id, v.step_id
),
plans as (
    select
        account_id,
        user_name,
        changed_at,
        plan_id,
        starts_with(plan_id, 'd-') as is_deletion,
        min(first_at) as plan_first_at,
        count(*) as steps,
        count_if(done_at is not null) as steps_done,
        count_if(undone_at is not null) as steps_undone,
        bool_or(action = 'attach_deny_policy' and done_at is not null) as deny_policy_done,
        max(done_at) as last_done_at,
        max(undone_at) as last_undone_at,
        max(done_at) filter (where action = 'delete_user') as deleted_at,
        max_by(operator, greatest(first_at, coalesce(done_at, first_at), coalesce(undone_at, first_at))) as operator
    from steps
    group by account_id, user_name, changed_at, plan_id
),
decided as (
    select
        account_id,
        user_name,
        changed_at,
        -- the latest plan decides; the latest quarantine plan is kept for a deletion's quarantine columns
        max_by(cast(row(plan_id, is_deletion, steps, steps_done, steps_undone, deny_policy_done, plan_first_at,
            last_done_at, last_undone_at, deleted_at, operator) as row(plan_id varchar, is_deletion boolean, steps bigint,
            steps_done bigint, steps_undone bigint, deny_policy_done boolean, plan_first_at timestamp(3) with time zone,
            last_done_at timestamp(3) with time zone, last_undone_at timestamp(3) with time zone,
            deleted_at timestamp(3) with time zone, operator varchar)), plan_first_at) as latest,
        max_by(plan_id, plan_first_at) filter (where not is_deletion) as quarantine_plan_id,
        max_by(plan_first_at, plan_first_at) filter (where not is_deletion) as quarantine_started_at,
        max_by(if(deny_policy_done and steps_done = steps and steps_undone = 0, last_done_at), plan_first_at)
            filter (where not is_deletion) as quarantined_at
    from plans
    group by account_id, user_name, changed_at
),
states as (
    select
        account_id,
        user_name,
        changed_at,
        case
            when latest.is_deletion and latest.deleted_at is not null then 'removed'
            when latest.is_deletion then 'removal_started'
            when latest.steps_undone > 0 then 'quarantine_undone'
            when latest.deny_policy_done and latest.steps_done = latest.steps then 'quarantined'
            else 'partially_quarantined'
        end as state,
        latest.plan_id as plan_id,
        latest.operator as operator,
        quarantine_plan_id,
        quarantine_started_at,
        quarantined_at
    from decided
),
runs as (
    -- a change that leaves the state and plan as they were is no new row
    select
        states.*,
        lag(state) over (partition by account_id, user_name order by changed_at) as state_before,
        lag(plan_id) over (partition by account_id, user_name order by changed_at) as plan_before
    from states
),
kept as (
    select *
    from runs
    where state_before is null or state_before <> state or plan_before <> plan_id
)
select
    account_id,
    user_name,
    cast(state as varchar) as state,
    changed_at as since,
    date(changed_at at time zone 'UTC') as since_day,
    lead(changed_at) over (partition by account_id, user_name order by changed_at) as until,
    date(lead(changed_at) over (partition by account_id, user_name order by changed_at) at time zone 'UTC') as until_day,
    plan_id,
    operator,
    quarantine_plan_id,
    quarantine_started_at,
    quarantined_at
from kept
