package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.stocktake.sql.athena.ResultTable;

/**
 * What the day's digest says, read from the results of the {@link DigestQuery digest queries}: the email, its CSV
 * attachment and the Slack message are all rendered from this.
 *
 * @param day             the digest's day (the report day in {@code REPORT_TIME_ZONE})
 * @param totals          all accounts together
 * @param goal            progress to the goal, or {@code null} when there is no report at all yet
 * @param accounts        per account, most console users first
 * @param newUsers        IAM users new since the account's previous report
 * @param oldestUnused    the stale credentials idle the longest (at most 20)
 * @param staleTotal      how many stale credentials there are in all
 * @param consoleUsers    every console-capable IAM user on the day (the CSV attachment)
 * @param coverage        the accounts expected to report on the day and those that did, or {@code null} when no
 *                        account directory export covers the day (coverage unknown)
 * @param missingAccounts the expected accounts without a report on the day, silent longest first
 * @param allowlist       the users holding a credential on the day: accepted (allowlisted) or to remove
 * @param findings        the users the allowlist flags on the day (expired entries, violations), with the owner
 * @param rejected        the report files of the day kept out of every number (view {@code rejected_reports})
 */
public record Digest(LocalDate day, Totals totals, Goal goal, List<AccountLine> accounts, List<NewUser> newUsers,
                     List<StaleCredential> oldestUnused, long staleTotal, ResultTable consoleUsers, Coverage coverage,
                     List<MissingAccount> missingAccounts, AllowlistSplit allowlist, List<Finding> findings,
                     List<RejectedReport> rejected) {

    public Digest {
        accounts = List.copyOf(accounts);
        newUsers = List.copyOf(newUsers);
        oldestUnused = List.copyOf(oldestUnused);
        missingAccounts = List.copyOf(missingAccounts);
        findings = List.copyOf(findings);
        rejected = List.copyOf(rejected);
    }

    /**
     * A stored report file of the day kept out of every number (view {@code rejected_reports}); never its contents.
     *
     * @param accountName the name its key gives, or {@code null} when the key is not a report key
     * @param accountId   the ID its key gives, or {@code null} likewise
     * @param fileName    the last part of its key
     * @param badRows     lines that failed a check (0 when the reason is about the whole file)
     */
    public record RejectedReport(String accountName, String accountId, String fileName, String reason, long badRows) {

        /** {@code prod (111111111111)}, or the file name when the key names no account. */
        public String account() {
            return accountName == null ? fileName : accountName + " (" + accountId + ")";
        }
    }

    /**
     * IAM users (the root user excluded) holding a console password or an active access key on the day: accepted when
     * their allowlist entry allows what they hold ({@code allowlist_status = 'allowed'}), else to remove.
     */
    public record AllowlistSplit(long acceptedUsers, long usersToRemove, long acceptedConsoleUsers, long consoleUsersToRemove,
                                 long violations, long expired) {
    }

    /**
     * A user the allowlist flags: {@code expired} (listed only by entries past their last day) or {@code violation}
     * (holding a credential its entry does not allow).
     *
     * @param credentialsHeld {@code console}, {@code access-keys}, {@code both} or {@code none}
     * @param expires         the entry's last day ({@code YYYY-MM-DD})
     * @param daysSinceExpiry for expired entries, the days since their last day; else {@code null}
     */
    public record Finding(String accountName, String accountId, String userName, String status, String credentialsHeld,
                          String owner, String reason, String ticket, String expires, Long daysSinceExpiry) {
    }

    /**
     * The day's coverage, from the {@code coverage} view.
     *
     * @param missingAccounts expected accounts without an accepted report of the day (carried and rejected included)
     * @param percent         reported / expected × 100, or {@code null} when no account was expected
     * @param rejectedReports of the missing, those whose report was stored but rejected
     * @param carriedAccounts of the missing, those whose last report (at most 3 days old) the totals carry
     */
    public record Coverage(long activeAccounts, long expectedAccounts, long reportedAccounts, long missingAccounts,
                           Double percent, long rejectedReports, long carriedAccounts) {

        /** Whether every expected account reported. */
        public boolean complete() {
            return missingAccounts == 0;
        }
    }

    /**
     * An active account without a report on the day (view {@code missing_reports}).
     *
     * @param lastReportDay        the last day it reported ({@code YYYY-MM-DD}), or {@code null} when it never did
     * @param daysSinceLastReport  days from that report to the digest's day, or {@code null} when it never reported
     * @param carried              that report is at most 3 days old: the totals count it (carried forward)
     * @param rejected             it stored a report of the day, but the report was rejected
     */
    public record MissingAccount(String accountName, String accountId, String ouPath, String owner, String lastReportDay,
                                 Long daysSinceLastReport, boolean carried, boolean rejected) {
    }

    /**
     * Console-capable IAM users of all accounts (without the root user), on the day and before it, as
     * {@code daily_counts_filled} counts them: an account without an accepted report counts with its last report for
     * up to 3 days (carried), after that it is missing, never zero. A figure is {@code null} when no account counts that
     * day.
     *
     * @param accountsReporting the accounts whose own report of the day is in the totals
     * @param accountsCarried   the accounts in the totals with an earlier report
     * @param accountsMissing   expected accounts in neither, or {@code null} when unknown (no account directory export
     *                          covers the day and it is not goal_progress's current day)
     */
    public record Totals(Long consoleUsers, Long consoleUsersDayBefore, Long consoleUsers7DaysBefore,
                         Long consoleUsers14DaysBefore, long consoleUsersWithoutMfa, long users, int accountsReporting,
                         int accountsReportingDayBefore, int accountsCarried, Long accountsMissing) {

        /** Whether any account counts on the digest's day. */
        public boolean hasReports() {
            return consoleUsers != null;
        }

        /** {@code 3 reported, 1 carried from an earlier report, 0 missing} ({@code missing unknown} without a source). */
        public String accountsLine() {
            return accountsReporting + " reported, " + accountsCarried + " carried from an earlier report, "
                    + (accountsMissing == null ? "missing unknown" : accountsMissing + " missing");
        }
    }

    /**
     * The goal: cut console-capable IAM users by {@code targetReduction} from the baseline.
     *
     * @param projectedDay    when the target is met at the recent pace ({@code day} once met), or {@code null}
     * @param missingAccounts expected accounts neither reporting nor carried on the day, or {@code null} when unknown
     */
    public record Goal(LocalDate baselineDay, long baselineConsoleUsers, double targetReduction, long targetConsoleUsers,
                       long currentConsoleUsers, double reductionSoFar, Double recentDailyReduction, LocalDate projectedDay,
                       Long missingAccounts) {

        /** At or under the target by the figures, whether or not every expected account is in them. */
        public boolean atOrUnderTarget() {
            return currentConsoleUsers <= targetConsoleUsers;
        }

        /** Whether the figure rests on incomplete (or unknown) coverage: then the goal is never claimed. */
        public boolean incomplete() {
            return missingAccounts == null || missingAccounts > 0;
        }

        /** Reached: at or under the target AND no expected account missing (goal_progress's target_reached rule). */
        public boolean reached() {
            return atOrUnderTarget() && !incomplete();
        }

        /** {@code rests on incomplete coverage (2 accounts missing)}, or {@code null} when coverage is complete. */
        public String incompleteNote() {
            if (!incomplete()) {
                return null;
            }
            return missingAccounts == null ? "rests on coverage not known (no account directory export for the day)"
                    : "rests on incomplete coverage (" + DigestFormat.plural(missingAccounts, "account", "accounts") + " missing)";
        }

        /** The share of the way from the baseline to the target, 0 to 1. */
        public double progress() {
            long way = baselineConsoleUsers - targetConsoleUsers;
            if (way <= 0) {
                return atOrUnderTarget() ? 1 : 0;
            }
            return Math.max(0, Math.min(1, (double) (baselineConsoleUsers - currentConsoleUsers) / way));
        }
    }

    /**
     * One account's console users on the day, the day before, 7 and 14 days before ({@code null}: it does not count that
     * day), from {@code daily_counts_filled}.
     *
     * @param carried   the day's figures come from an earlier report (none of the day, or the day's was rejected)
     * @param reportDay the day of the report the day's figures come from ({@code YYYY-MM-DD}), or {@code null}
     */
    public record AccountLine(String accountName, String accountId, Long users, Long consoleUsers,
                              Long consoleUsersWithoutMfa, Long consoleUsersDayBefore, Long consoleUsers7DaysBefore,
                              Long consoleUsers14DaysBefore, boolean carried, String reportDay) {
    }

    /** An IAM user that is in its account's report on the day but not in the previous one. */
    public record NewUser(String accountName, String accountId, String userName, String createdAt, boolean consoleAccess,
                          boolean mfaActive, long activeAccessKeys) {
    }

    /** A password or access key unused for long, or never used. */
    public record StaleCredential(String accountName, String accountId, String userName, String credential,
                                  String finding, String createdAt, String lastUsed, long daysIdle) {
    }

    /**
     * Reads the digest from the query results.
     *
     * @param results         the results by query name ({@link DigestQuery#name()}); every query must be there
     * @param targetReduction the goal, e.g. 0.9 for 90 % fewer console-capable IAM users than at the baseline
     */
    public static Digest from(LocalDate day, Map<String, ResultTable> results, double targetReduction) {
        ResultTable accountRows = required(results, DigestQuery.ACCOUNTS);
        List<AccountLine> accounts = map(accountRows, row -> new AccountLine(
                row.text("account_name"), row.text("account_id"), row.number("users"), row.number("console_users"),
                row.number("console_users_without_mfa"), row.number("console_users_day_before"),
                row.number("console_users_7_days_before"), row.number("console_users_14_days_before"),
                row.flag("carried_forward"), row.text("report_dt") == null || row.text("report_dt").isEmpty() ? null
                        : row.text("report_dt").substring(0, 10)));

        List<MissingAccount> missing = map(required(results, DigestQuery.MISSING_ACCOUNTS), row -> new MissingAccount(
                row.text("account_name"), row.text("account_id"), row.text("ou_path"), row.text("owner"),
                row.text("last_report_dt") == null || row.text("last_report_dt").isEmpty() ? null : row.text("last_report_dt").substring(0, 10),
                row.number("days_since_last_report"), row.flag("carried_forward"), row.flag("report_rejected")));

        ResultTable coverageRows = required(results, DigestQuery.COVERAGE);
        Coverage coverage = null;
        if (!coverageRows.isEmpty()) {
            Row row = new Row(coverageRows, coverageRows.rows().getFirst());
            // of the missing accounts, those whose last report the totals carry (missing_reports says so per account;
            // the coverage view stays prunable by day, which a carry-forward window would prevent)
            long carried = missing.stream().filter(MissingAccount::carried).count();
            coverage = new Coverage(orZero(row.number("active_accounts")), orZero(row.number("expected_accounts")),
                    orZero(row.number("reported_accounts")), orZero(row.number("missing_accounts")), row.decimal("coverage_percent"),
                    orZero(row.number("rejected_reports")), carried);
        }

        // expected accounts neither reporting nor carried: goal_progress knows them for its current day (by the account
        // directory, else by the accounts of the 30 days before); for another day the directory-based coverage does
        ResultTable goalRows = required(results, DigestQuery.GOAL);
        Row goalRow = goalRows.isEmpty() ? null : new Row(goalRows, goalRows.rows().getFirst());
        Long missingAccounts = null;
        if (goalRow != null && goalRow.text("current_day") != null && goalRow.text("current_day").startsWith(day.toString())) {
            missingAccounts = goalRow.number("current_missing_accounts");
        } else if (coverage != null) {
            missingAccounts = coverage.missingAccounts() - coverage.carriedAccounts();
        }
        Totals totals = new Totals(
                sum(accounts, AccountLine::consoleUsers), sum(accounts, AccountLine::consoleUsersDayBefore),
                sum(accounts, AccountLine::consoleUsers7DaysBefore), sum(accounts, AccountLine::consoleUsers14DaysBefore),
                orZero(sum(accounts, AccountLine::consoleUsersWithoutMfa)), orZero(sum(accounts, AccountLine::users)),
                (int) accounts.stream().filter(a -> a.consoleUsers() != null && !a.carried()).count(),
                (int) accounts.stream().filter(a -> a.consoleUsersDayBefore() != null).count(),
                (int) accounts.stream().filter(a -> a.consoleUsers() != null && a.carried()).count(),
                missingAccounts);

        Goal goal = null;
        if (goalRow != null && totals.hasReports()) {
            goal = goal(day, LocalDate.parse(goalRow.text("baseline_day").substring(0, 10)), goalRow.number("baseline_console_users"),
                    totals.consoleUsers(), targetReduction, goalRow.decimal("recent_daily_reduction"), missingAccounts);
        }

        List<NewUser> newUsers = map(required(results, DigestQuery.NEW_USERS), row -> new NewUser(
                row.text("account_name"), row.text("account_id"), row.text("user_name"), row.text("user_created_at"),
                row.flag("has_console_access"), row.flag("mfa_active"), orZero(row.number("active_access_keys"))));

        ResultTable staleRows = required(results, DigestQuery.OLDEST_UNUSED_CREDENTIALS);
        List<StaleCredential> stale = map(staleRows, row -> new StaleCredential(
                row.text("account_name"), row.text("account_id"), row.text("user_name"), row.text("credential"),
                row.text("finding"), row.text("created_at"), row.text("last_used"), orZero(row.number("days_idle"))));
        long staleTotal = staleRows.isEmpty() ? 0 : orZero(new Row(staleRows, staleRows.rows().getFirst()).number("stale_total"));

        ResultTable splitRows = required(results, DigestQuery.ALLOWLIST);
        AllowlistSplit split = new AllowlistSplit(0, 0, 0, 0, 0, 0);
        if (!splitRows.isEmpty()) {
            Row row = new Row(splitRows, splitRows.rows().getFirst());
            split = new AllowlistSplit(orZero(row.number("accepted_users")), orZero(row.number("users_to_remove")),
                    orZero(row.number("accepted_console_users")), orZero(row.number("console_users_to_remove")),
                    orZero(row.number("violations")), orZero(row.number("expired")));
        }
        List<Finding> findings = map(required(results, DigestQuery.ALLOWLIST_FINDINGS), row -> new Finding(
                row.text("account_name"), row.text("account_id"), row.text("user_name"), row.text("allowlist_status"),
                row.text("credentials_held"), row.text("allowlist_owner"), row.text("allowlist_reason"),
                row.text("allowlist_ticket"), row.text("allowlist_expires") == null ? null : DigestFormat.day(row.text("allowlist_expires")),
                row.number("days_since_expiry")));

        List<RejectedReport> rejected = map(required(results, DigestQuery.REJECTED_REPORTS), row -> new RejectedReport(
                row.text("account_name"), row.text("account_id"), row.text("file_name"), row.text("reason"),
                orZero(row.number("bad_rows"))));

        return new Digest(day, totals, goal, accounts, newUsers, stale, staleTotal, required(results, DigestQuery.CONSOLE_USERS),
                coverage, missing, split, findings, rejected);
    }

    /** The goal's figures; the projection uses the recent daily reduction (console users fewer per day). */
    static Goal goal(LocalDate day, LocalDate baselineDay, long baseline, long current, double targetReduction,
                     Double recentDailyReduction, Long missingAccounts) {
        long target = (long) Math.floor(baseline * (1 - targetReduction) + 1e-9);
        double reductionSoFar = baseline == 0 ? 0 : 1 - (double) current / baseline;
        LocalDate projected = null;
        if (current <= target) {
            projected = day;
        } else if (recentDailyReduction != null && recentDailyReduction > 0) {
            projected = day.plusDays((long) Math.ceil((current - target) / recentDailyReduction - 1e-9));
        }
        return new Goal(baselineDay, baseline, targetReduction, target, current, reductionSoFar, recentDailyReduction, projected,
                missingAccounts);
    }

    private static ResultTable required(Map<String, ResultTable> results, String name) {
        ResultTable table = results.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no result for the digest query '" + name + "'; results: " + results.keySet());
        }
        return table;
    }

    private static <T> List<T> map(ResultTable table, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(table.rows().size());
        for (List<String> values : table.rows()) {
            list.add(mapper.apply(new Row(table, values)));
        }
        return list;
    }

    private static Long sum(List<AccountLine> accounts, Function<AccountLine, Long> figure) {
        Long total = null;
        for (AccountLine account : accounts) {
            Long value = figure.apply(account);
            if (value != null) {
                total = (total == null ? 0 : total) + value;
            }
        }
        return total;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** One result row, read by column name. */
    private record Row(ResultTable table, List<String> values) {

        String text(String column) {
            return values.get(table.column(column));
        }

        Long number(String column) {
            String value = text(column);
            if (value == null || value.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(value.contains(".") ? value.substring(0, value.indexOf('.')) : value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column " + column + " holds '" + value + "', not a whole number", e);
            }
        }

        Double decimal(String column) {
            String value = text(column);
            if (value == null || value.isEmpty()) {
                return null;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column " + column + " holds '" + value + "', not a number", e);
            }
        }

        boolean flag(String column) {
            return "true".equalsIgnoreCase(text(column));
        }
    }
}
