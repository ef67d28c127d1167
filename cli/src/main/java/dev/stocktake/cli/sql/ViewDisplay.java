package dev.stocktake.cli.sql;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code stocktake sql --view} shows each shipped view in a terminal: which day (views with a row per account or
 * user and day show the latest day unless told otherwise) and which few columns fit a terminal ({@code -o wide},
 * csv and json print them all).
 *
 * @param name         the view
 * @param hasDay       whether the view has a report day column {@code dt} (a date) that {@code --day} filters on
 * @param latestDay    whether the view is one row per account or user and day ({@code dt}), shown for the latest day
 *                     by default; series views (a row per day) and lists to fix (rejected files) show every day
 * @param shortColumns the columns {@code -o table} shows, in this order
 */
public record ViewDisplay(String name, boolean hasDay, boolean latestDay, List<String> shortColumns) {

    public ViewDisplay {
        shortColumns = List.copyOf(shortColumns);
    }

    /** A row per account or user and day: the latest day by default. */
    private static ViewDisplay daily(String name, String... columns) {
        return new ViewDisplay(name, true, true, List.of(columns));
    }

    /** A row per day (a series) or a list to work through: every day by default, {@code --day} for one. */
    private static ViewDisplay series(String name, String... columns) {
        return new ViewDisplay(name, true, false, List.of(columns));
    }

    /** No report day column. */
    private static ViewDisplay whole(String name, String... columns) {
        return new ViewDisplay(name, false, false, List.of(columns));
    }

    /** Every shipped view (a test checks this against the views and their columns on the engine). */
    static final Map<String, ViewDisplay> SHIPPED = java.util.stream.Stream.of(
            daily("accounts_by_day", "dt", "account_id", "account_name", "status", "ou_path", "owner", "reported"),
            whole("allowlist_entries", "account", "user_pattern", "credentials", "owner", "expires"),
            daily("allowlist_findings", "dt", "account_name", "user_name", "allowlist_status", "credentials_held",
                    "allowlist_owner", "allowlist_expires"),
            daily("allowlist_review", "dt", "account_name", "user_name", "verdict", "allowlist_status", "allowlist_owner",
                    "allowlist_expires"),
            daily("checked_rows", "dt", "account_name", "user", "is_header", "is_bad_row", "rejection"),
            daily("console_users", "dt", "account_name", "user_name", "mfa_active", "active_access_keys",
                    "days_since_last_activity", "allowlist_status"),
            series("coverage", "dt", "expected_accounts", "reported_accounts", "missing_accounts", "rejected_reports",
                    "coverage_percent"),
            daily("daily_counts", "dt", "account_name", "users", "console_users", "console_users_without_mfa",
                    "users_with_active_key"),
            daily("daily_counts_filled", "dt", "account_name", "users", "console_users", "report_dt", "carried_forward"),
            whole("goal_progress", "current_day", "current_console_users", "target_console_users", "next_milestone_name",
                    "next_milestone_max", "days_to_milestone", "on_track"),
            daily("iam_users", "dt", "account_name", "user_name", "has_console_access", "mfa_active", "active_access_keys",
                    "days_since_last_activity"),
            daily("iam_users_by_org", "dt", "account_name", "owner", "user_name", "has_console_access", "active_access_keys"),
            daily("migration_status", "dt", "account_name", "user_name", "owner", "verdict", "action"),
            whole("milestone_blockers", "scope", "day", "account_name", "owner", "console_users", "rank"),
            whole("milestone_progress", "scope", "name", "day", "max_console_users", "current_console_users", "status",
                    "projected_day"),
            daily("missing_reports", "dt", "account_id", "account_name", "owner", "last_report_dt", "days_since_last_report"),
            daily("owner_todo", "dt", "owner", "account_name", "verdict", "users", "console_users", "action"),
            series("rejected_reports", "dt", "source_file", "reason"),
            daily("remediation_status", "dt", "account_name", "user_name", "remediation_state", "since_day", "plan_id",
                    "remediation"),
            whole("remediation_timeline", "account_id", "user_name", "state", "since_day", "until_day", "plan_id", "operator"),
            whole("report_rows", "dt", "source_file", "c01", "c02"),
            daily("stale_credentials", "dt", "account_name", "user_name", "credential", "finding", "days_idle"),
            daily("user_changes", "dt", "account_name", "users_added", "users_removed", "console_access_granted",
                    "console_access_removed", "access_keys_added", "mfa_removed"))
            .collect(java.util.stream.Collectors.toUnmodifiableMap(ViewDisplay::name, display -> display));

    /** How {@code view} is shown; a view without an entry (a new one) shows every day and every column. */
    public static ViewDisplay of(String view) {
        return Optional.ofNullable(SHIPPED.get(view)).orElse(new ViewDisplay(view, false, false, List.of()));
    }

    /**
     * The statement that shows the view: every column (the output picks the short set), one day or all, ordered
     * by the first three short columns (the first three columns when there is no short set, as
     * {@code LocalAthena.view} does), so the rows a narrow table shows read in order.
     *
     * @param day the day to show, or {@code null} for every day
     */
    public String statement(LocalDate day) {
        String order = shortColumns.isEmpty() ? "1, 2, 3" : String.join(", ", shortColumns.subList(0, Math.min(3, shortColumns.size())));
        return "select * from " + name + (day == null ? "" : " where dt = date '" + day + "'") + " order by " + order;
    }
}
