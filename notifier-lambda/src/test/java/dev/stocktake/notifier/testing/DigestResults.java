package dev.stocktake.notifier.testing;

import java.util.Arrays;
import java.util.List;

import dev.stocktake.sql.athena.ResultTable;

/**
 * Results of the sixteen digest queries for 2026-03-15 as Athena returns them (strings), in the order the notifier
 * reads them: the canned answers for the emulator, which runs no SQL. The real queries' results are proven on Trino
 * in {@code DigestOnViewsTest}; these have the same columns.
 */
public final class DigestResults {

    private DigestResults() {
    }

    public static ResultTable[] day() {
        return new ResultTable[] {
                table(List.of("account_name", "account_id", "users", "console_users", "console_users_without_mfa",
                                "console_users_day_before", "console_users_7_days_before", "console_users_14_days_before",
                                "carried_forward", "report_dt"),
                        row("prod", "111111111111", "5", "2", "1", "3", "4", "5", "false", "2026-03-15"),
                        row("sandbox <&>", "333333333333", "1", "1", "1", "1", "1", "1", "false", "2026-03-15")),
                table(List.of("baseline_day", "baseline_console_users", "current_day", "current_console_users", "rate_from_day",
                                "recent_daily_reduction", "current_reported_accounts", "current_carried_accounts",
                                "current_missing_accounts", "target_reached"),
                        row("2026-02-15", "11", "2026-03-15", "3", "2026-03-08", "0.7143", "2", "0", "1", "false")),
                table(List.of("account_name", "account_id", "user_name", "arn", "user_created_at", "has_console_access",
                                "mfa_active", "active_access_keys", "previous_dt"),
                        row("prod", "111111111111", "svc-deploy", "arn:aws:iam::111111111111:user/svc-deploy",
                                "2026-03-14 22:00:00.000", "false", "false", "1", "2026-03-14")),
                table(List.of("account_name", "account_id", "user_name", "credential", "finding", "created_at", "last_used",
                                "days_idle", "stale_total"),
                        row("prod", "111111111111", "old-admin", "password", "unused", "2024-05-01 10:00:00.000",
                                "2025-06-01 12:00:00.000", "287", "1")),
                table(List.of("account_name", "account_id", "user_name", "arn", "user_created_at", "password_last_used",
                                "password_last_used_state", "mfa_active", "active_access_keys", "access_key_1_last_used",
                                "access_key_2_last_used", "days_since_last_activity"),
                        row("prod", "111111111111", "alice", "arn:aws:iam::111111111111:user/alice", "2024-05-01 10:00:00.000",
                                "2026-03-14 09:00:00.000", "timestamp", "true", "0", null, null, "1"),
                        row("prod", "111111111111", "old-admin", "arn:aws:iam::111111111111:user/old-admin",
                                "2024-05-01 10:00:00.000", "2025-06-01 12:00:00.000", "timestamp", "false", "0", null, null, "287"),
                        row("sandbox <&>", "333333333333", "+ops@corp", "arn:aws:iam::333333333333:user/+ops@corp",
                                "2026-01-01 00:00:00.000", null, "no_information", "false", "0", null, null, "73")),
                table(List.of("active_accounts", "expected_accounts", "reported_accounts", "missing_accounts", "coverage_percent",
                                "rejected_reports", "carried_accounts", "directory_dt"),
                        row("3", "3", "2", "1", "66.67", "0", "0", "2026-03-15")),
                table(List.of("account_name", "account_id", "ou_path", "owner", "last_report_dt", "days_since_last_report",
                                "carried_forward", "report_rejected"),
                        row("legacy", "444444444444", "Root/Legacy", "legacy-team@example.com", "2026-03-10", "5", "false", "false")),
                table(List.of("accepted_users", "users_to_remove", "accepted_console_users", "console_users_to_remove", "violations",
                                "expired"),
                        row("1", "3", "0", "3", "1", "1")),
                table(List.of("account_name", "account_id", "user_name", "allowlist_status", "credentials_held", "allowlist_owner",
                                "allowlist_reason", "allowlist_ticket", "allowlist_expires", "days_since_expiry"),
                        row("prod", "111111111111", "old-admin", "expired", "console", "security@example.com", "Break-glass", "SEC-1",
                                "2026-03-01", "14")),
                table(List.of("account_name", "account_id", "file_name", "reason", "bad_rows"),
                        row(null, null, "prod.csv", "not a report key: expected "
                                + "YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv", "0")),
                table(List.of("scope_type", "scope", "day", "max_console_users", "name", "is_next", "current_day",
                                "current_console_users", "distance", "accounts_in_scope", "missing_accounts", "status", "projected_day"),
                        row("organization", "", "2026-04-30", "1", "under 2", "true", "2026-03-15", "3", "2", "3", "1", "behind",
                                "2026-03-18")),
                table(List.of("scope_type", "scope", "day", "max_console_users", "account_id", "account_name", "owner",
                                "console_users", "share_of_scope", "rank"),
                        row("organization", "", "2026-04-30", "1", "111111111111", "prod", "platform@example.com", "2", "0.6667", "1")),
                table(List.of("scope_type", "scope", "owner", "console_users", "accounts", "share_of_scope", "owner_rank"),
                        row("organization", "", "platform@example.com", "2", "1", "0.6667", "1")),
                table(List.of("verdict", "users", "console_users"),
                        row("needs_assignment", "2", "2"), row("machine_user", "1", "0")),
                table(List.of("owner_rank", "owner", "owner_users", "owner_console_users", "owner_accounts", "verdict", "users",
                                "console_users", "accounts"),
                        row("1", "platform@example.com", "3", "2", "1", "needs_assignment", "2", "2", "1"),
                        row("1", "platform@example.com", "3", "2", "1", "machine_user", "1", "0", "1")),
                // nobody quarantined or removed by stocktake remediate (the digest then has no Remediation section)
                table(List.of("account_name", "account_id", "user_name", "remediation_state", "remediation", "since_day",
                        "changed_today", "plan_id", "watch_days_to_go"))};
    }

    private static ResultTable table(List<String> columns, List<?>... rows) {
        return new ResultTable(columns, Arrays.stream(rows).map(DigestResults::strings).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(List<?> row) {
        return (List<String>) row;
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }
}
