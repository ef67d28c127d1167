package dev.stocktake.dashboard;

import java.util.List;

/** The SQL the dashboard runs, each statement over the shipped views, with the question it answers. */
final class DashboardStatements {

    private DashboardStatements() {
    }

    /**
     * The statements run, in order; each is SQL over the shipped views. {@code <latest>} stands for the latest report
     * day as a date literal (a literal lets the engine read that day's files only). Totals and trends read
     * {@code daily_counts_filled}, never sums of {@code daily_counts}: an account without an accepted report counts with
     * its last report for up to 3 days (flagged {@code carried_forward}), after that it is missing, never zero.
     */
    static final List<Statement> ALL = List.of(
            new Statement("daily_counts",
                    "How many IAM users and console-capable IAM users does each account count on each report day, with an "
                            + "account's last report carried forward for up to 3 days while it has none (view "
                            + "daily_counts_filled: carried_forward, report_dt)?",
                    """
                    select dt, account_id, account_name, users, console_users, console_users_without_mfa,
                        users_with_active_key, keys_older_than_90_days, users_inactive_over_90_days, report_dt, carried_forward
                    from daily_counts_filled
                    order by account_id, dt"""),
            new Statement("goal_progress",
                    "Where did console-capable IAM users start, where are they today against the organization's next and "
                            + "final milestone, and on how many accounts (reported, carried, missing) does today's figure rest?",
                    "select * from goal_progress"),
            new Statement("milestone_progress",
                    "How far is each configured milestone (organization, OU or root, account) from its maximum of "
                            + "console-capable IAM users, and is it met, on track, behind or missed? (view milestone_progress)",
                    """
                    select * from milestone_progress
                    order by case scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, scope, day"""),
            new Statement("milestone_blockers",
                    "Which accounts, and whose console users in them, hold back each scope's next milestone? The first "
                            + "20 of each scope by rank (view milestone_blockers)",
                    """
                    select * from milestone_blockers
                    where rank <= 20
                    order by case scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, scope, rank,
                        account_id, owner"""),
            new Statement("milestone_blocker_owners",
                    "Which owners hold back each scope's next milestone, with how many console users in how many "
                            + "accounts? (view milestone_blockers, summed per owner)",
                    """
                    select scope_type, scope, owner, sum(console_users) as console_users,
                        count(distinct account_id) as accounts, sum(share_of_scope) as share_of_scope
                    from milestone_blockers
                    group by scope_type, scope, owner
                    order by case scope_type when 'organization' then 0 when 'ou' then 1 else 2 end, scope,
                        console_users desc, owner"""),
            new Statement("migration_verdicts",
                    "How many IAM users today have each migration verdict, and how many of them can sign in to the "
                            + "console? (view migration_status)",
                    """
                    select verdict, count(*) as users, count_if(has_console_access) as console_users
                    from migration_status
                    where dt = <latest>
                    group by verdict
                    order by verdict"""),
            new Statement("owner_todo",
                    "What does each owner have to remove or migrate today, by account and verdict? (view owner_todo)",
                    """
                    select owner, account_id, account_name, verdict, users, console_users, user_names, action,
                        remediation_state, remediation
                    from owner_todo
                    where dt = <latest>
                    order by owner, account_name, account_id, verdict"""),
            new Statement("to_remove",
                    "Which IAM users of today's reports are not accepted by the allowlist, one row each, with the verdict, "
                            + "the owner (the migration views' owner chain: allowlist entry, user tag, account tag, OU or "
                            + "organization default), the account, what they hold, the last use and what to do? "
                            + "holds_credential: a console password or an active access key; those are the users to remove "
                            + "(view migration_status: every verdict but allowlisted; (no owner) when none was found), and "
                            + "whether stocktake remediate quarantined or removed it (remediation_state, remediation)",
                    """
                    select verdict, coalesce(owner, '(no owner)') as owner, owner_source, account_name, account_id, user_name,
                        coalesce(has_console_access, false) or active_access_keys > 0 as holds_credential,
                        coalesce(has_console_access, false) as has_console_access, active_access_keys,
                        cast(last_activity as date) as last_used, idle_days, action, remediation_state, remediation
                    from migration_status
                    where dt = <latest> and verdict <> 'allowlisted'
                    order by 2, account_name, account_id, user_name"""),
            new Statement("remediation",
                    "Which IAM users has stocktake remediate quarantined or removed, as of today's reports: since when, by "
                            + "which plan and operator, and how many days of the watch window are left? (view remediation_status)",
                    """
                    select account_name, account_id, user_name, remediation_state, remediation, since_day, plan_id, operator,
                        quarantine_plan_id, days_since_quarantine, watch_days_to_go
                    from remediation_status
                    where dt = <latest>
                    order by case remediation_state when 'partially_quarantined' then 0 when 'removal_started' then 1
                        when 'quarantined' then 2 when 'removed' then 3 else 4 end, account_name, account_id, user_name"""),
            new Statement("accounts_today",
                    "How does each account compare today with 7 and 14 days ago, and is today's figure carried from an "
                            + "earlier report? (view daily_counts_filled)",
                    """
                    select max_by(c.account_name, c.dt) as account_name, c.account_id,
                        sum(if(c.dt = <latest>, c.users)) as users_today,
                        sum(if(c.dt = date_add('day', -7, <latest>), c.users)) as users_7_days_ago,
                        sum(if(c.dt = date_add('day', -14, <latest>), c.users)) as users_14_days_ago,
                        sum(if(c.dt = <latest>, c.console_users)) as console_users_today,
                        sum(if(c.dt = date_add('day', -7, <latest>), c.console_users)) as console_users_7_days_ago,
                        sum(if(c.dt = date_add('day', -14, <latest>), c.console_users)) as console_users_14_days_ago,
                        bool_or(c.dt = <latest> and c.carried_forward) as carried_today,
                        max(if(c.dt = <latest>, c.report_dt)) as report_dt_today
                    from daily_counts_filled c
                    where c.dt in (<latest>, date_add('day', -7, <latest>), date_add('day', -14, <latest>))
                    group by c.account_id
                    order by console_users_today desc nulls last, account_name, c.account_id"""),
            new Statement("user_changes",
                    "What changed in each account since its previous report, and which users did stocktake remediate "
                            + "quarantine or remove?",
                    """
                    select * from user_changes
                    where users_added + users_removed + console_access_granted + console_access_removed
                        + access_keys_added + mfa_removed + users_quarantined + quarantines_undone > 0
                    order by dt desc, account_name, account_id"""),
            new Statement("stale_credentials",
                    "Which passwords and access keys have gone unused for more than 90 days, or were never used, today?",
                    """
                    select s.*, o.owner
                    from stale_credentials s
                    left join (select account_id, user_name, owner from migration_status where dt = <latest>) o
                        on o.account_id = s.account_id and o.user_name = s.user_name
                    where s.dt = <latest>
                    order by s.finding, s.days_idle desc, s.account_name, s.user_name, s.credential"""),
            new Statement("console_users",
                    "Which IAM users can sign in to the console today, when did they last do so, and who owns them (the "
                            + "migration views' owner chain: allowlist entry, user tag, account tag, OU or organization default)?",
                    """
                    select c.*, o.owner, o.owner_source
                    from console_users c
                    left join (select account_id, user_name, owner, owner_source from migration_status where dt = <latest>) o
                        on o.account_id = c.account_id and o.user_name = c.user_name
                    where c.dt = <latest>
                    order by c.account_name, c.user_name"""),
            new Statement("allowlist_split",
                    "Of the IAM users holding a console password or an active access key today, how many are accepted "
                            + "(allowlisted) and how many are to be removed? (view iam_users, allowlist_status)",
                    """
                    select
                        count_if(allowlist_status = 'allowed') as accepted_users,
                        count_if(allowlist_status <> 'allowed') as users_to_remove,
                        count_if(has_console_access and allowlist_status = 'allowed') as accepted_console_users,
                        count_if(has_console_access and allowlist_status <> 'allowed') as console_users_to_remove,
                        count_if(allowlist_status = 'violation') as violations,
                        count_if(allowlist_status = 'expired') as expired
                    from iam_users
                    where dt = <latest> and not is_root and (coalesce(has_console_access, false) or active_access_keys > 0)"""),
            new Statement("allowlist_findings",
                    "Which IAM users does the allowlist flag today: listed only by an expired entry, or holding a credential "
                            + "their entry does not allow, and who owns the entry? (view allowlist_findings)",
                    """
                    select account_name, account_id, user_name, allowlist_status, credentials_held, allowlist_owner,
                        allowlist_reason, allowlist_ticket, allowlist_expires, days_since_expiry
                    from allowlist_findings
                    where dt = <latest>
                    order by allowlist_status, allowlist_owner, account_name, user_name"""),
            new Statement("coverage",
                    "What share of the active accounts that should have reported on each day did report? (view coverage)",
                    """
                    select dt, directory_dt, active_accounts, inactive_accounts, accounts_not_yet_expected, expected_accounts,
                        reported_accounts, missing_accounts, rejected_reports, coverage_percent
                    from coverage
                    where dt <= <latest>
                    order by dt"""),
            new Statement("missing_accounts",
                    "Which active accounts did not report, where do they sit in the organization, who owns them, on how "
                            + "many days were they missing, and is today's report rejected or their last one carried? "
                            + "(view missing_reports)",
                    """
                    select m.account_id, max_by(m.account_name, m.dt) as account_name, max_by(m.ou_path, m.dt) as ou_path,
                        max_by(m.owner, m.dt) as owner, count(*) as days_missing, min(m.dt) as first_missing_dt,
                        max(m.dt) as last_missing_dt, max(m.dt) = <latest> as missing_today,
                        max_by(m.last_report_dt, m.dt) as last_report_dt,
                        coalesce(bool_or(m.dt = <latest> and m.carried_forward), false) as carried_today,
                        coalesce(bool_or(m.dt = <latest> and m.report_rejected), false) as rejected_today
                    from missing_reports m
                    where m.dt <= <latest>
                    group by m.account_id
                    order by missing_today desc, days_missing desc, account_name, m.account_id"""),
            new Statement("rejected_reports",
                    "Which stored report files are kept out of every number, and why? (view rejected_reports; the "
                            + "file name, never its contents)",
                    """
                    select dt, account_name, account_id, regexp_extract(source_file, '[^/]+$') as file_name, reason, bad_rows
                    from rejected_reports
                    order by dt desc, account_name, account_id, file_name"""));

    /** One statement: its result's name, the question it answers, the SQL. */
    record Statement(String name, String question, String sql) {
    }
}
