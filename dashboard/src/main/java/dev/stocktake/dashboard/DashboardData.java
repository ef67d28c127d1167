package dev.stocktake.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

/**
 * Everything the dashboard, the email digest and the Slack message show, as results of SQL over the shipped
 * views (the same views Athena and QuickSight read), so the dashboard and Athena always agree.
 *
 * @param firstDay  the first report day in the data
 * @param latestDay the latest report day in the data ("today")
 * @param datasets  the results, by {@link Dataset#name()}
 */
public record DashboardData(LocalDate firstDay, LocalDate latestDay, List<Dataset> datasets) {

    public DashboardData {
        datasets = List.copyOf(datasets);
    }

    /** Runs the statements on {@code athena}. */
    public static DashboardData load(LocalAthena athena) {
        List<Dataset> datasets = new ArrayList<>();
        String latest = null;
        for (DashboardStatements.Statement statement : DashboardStatements.ALL) {
            String sql = latest == null ? statement.sql() : statement.sql().replace("<latest>", "date '" + latest + "'");
            QueryResult result = athena.execute("dashboard:" + statement.name(), sql);
            Dataset dataset = new Dataset(statement.name(), statement.question(), sql, result.columns(), plain(result.rows()));
            datasets.add(dataset);
            if (statement.name().equals("daily_counts")) {
                datasets.add(totals(dataset));
                latest = dataset.values("dt").stream().map(String.class::cast).max(String::compareTo).orElseThrow();
            }
        }
        Dataset totals = datasets.get(1);
        List<Object> days = totals.values("dt");
        return new DashboardData(LocalDate.parse((String) days.getFirst()), LocalDate.parse((String) days.getLast()), datasets);
    }

    /**
     * All accounts together per report day: the sums of the day's {@code daily_counts_filled} rows, with how many
     * accounts reported that day and how many are carried from an earlier report.
     */
    static Dataset totals(Dataset dailyCounts) {
        List<String> columns = List.of("dt", "accounts", "reported_accounts", "carried_accounts", "users", "console_users",
                "console_users_without_mfa", "users_with_active_key");
        int counted = 3;
        java.util.SortedMap<String, long[]> sums = new java.util.TreeMap<>();
        int carried = dailyCounts.column("carried_forward");
        for (List<Object> row : dailyCounts.rows()) {
            long[] sum = sums.computeIfAbsent((String) row.get(dailyCounts.column("dt")), day -> new long[columns.size() - 1]);
            sum[0]++;
            sum[Boolean.TRUE.equals(row.get(carried)) ? 2 : 1]++;
            for (int i = counted + 1; i < columns.size(); i++) {
                sum[i - 1] += number(row.get(dailyCounts.column(columns.get(i))));
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        sums.forEach((day, sum) -> {
            List<Object> row = new ArrayList<>();
            row.add(day);
            for (long value : sum) {
                row.add(value);
            }
            rows.add(row);
        });
        return new Dataset("daily_totals",
                "How many IAM users and console-capable IAM users do all accounts have together on each report day, and "
                        + "how many accounts are carried from an earlier report?",
                "-- the rows of daily_counts_filled (data/daily_counts.csv), summed per dt; carried_accounts counts the rows "
                        + "with carried_forward", columns, rows);
    }

    public Dataset dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dataset " + name));
    }

    /** The goal's figures, from the {@code goal_progress} view. */
    public Goal goal() {
        Dataset goal = dataset("goal_progress");
        return new Goal(
                LocalDate.parse((String) goal.first("baseline_day")),
                number(goal.first("baseline_console_users")),
                LocalDate.parse((String) goal.first("current_day")),
                number(goal.first("current_console_users")),
                goal.first("target_console_users") == null ? null : number(goal.first("target_console_users")),
                goal.first("reduction_so_far") == null ? 0 : ((Number) goal.first("reduction_so_far")).doubleValue(),
                goal.first("progress_to_target") == null ? null : ((Number) goal.first("progress_to_target")).doubleValue(),
                goal.first("projected_target_day") == null ? null : LocalDate.parse((String) goal.first("projected_target_day")),
                number(goal.first("current_reported_accounts")), number(goal.first("current_carried_accounts")),
                number(goal.first("current_missing_accounts")), Boolean.TRUE.equals(goal.first("target_reached")));
    }

    /** The milestones, who holds them back, today's verdict counts and the owners' to-do. */
    public MigrationData migration() {
        return MigrationData.of(this);
    }

    /** Today's users holding a credential, split by what the allowlist says of them. */
    public AllowlistSplit allowlistSplit() {
        Dataset split = dataset("allowlist_split");
        return new AllowlistSplit(number(split.first("accepted_users")), number(split.first("users_to_remove")),
                number(split.first("accepted_console_users")), number(split.first("console_users_to_remove")),
                number(split.first("violations")), number(split.first("expired")));
    }

    /**
     * IAM users holding a console password or an active access key on the latest day: accepted (their allowlist entry
     * allows it) or to remove (not listed, or flagged: a violation or an expired entry).
     */
    public record AllowlistSplit(long acceptedUsers, long usersToRemove, long acceptedConsoleUsers, long consoleUsersToRemove,
                                 long violations, long expired) {
    }

    /**
     * Coverage on the latest report day, from the {@code coverage} view, or {@code null} when there is no account
     * directory export to compare with (coverage is then unknown).
     */
    public Coverage coverage() {
        Dataset coverage = dataset("coverage");
        int dt = coverage.column("dt");
        for (List<Object> row : coverage.rows().reversed()) {
            if (latestDay.toString().equals(row.get(dt))) {
                Object percent = row.get(coverage.column("coverage_percent"));
                return new Coverage(latestDay, number(row.get(coverage.column("active_accounts"))),
                        number(row.get(coverage.column("expected_accounts"))), number(row.get(coverage.column("reported_accounts"))),
                        number(row.get(coverage.column("missing_accounts"))),
                        percent == null ? null : ((Number) percent).doubleValue(),
                        number(row.get(coverage.column("rejected_reports"))),
                        // of the missing, those carried in the totals: missing_accounts already says so per account
                        missingToday().stream().filter(MissingAccount::carried).count());
            }
        }
        return null;
    }

    /** The accounts missing on the latest report day (view {@code missing_reports}), most days missing first. */
    public List<MissingAccount> missingToday() {
        Dataset missing = dataset("missing_accounts");
        return missing.rows().stream()
                .filter(row -> Boolean.TRUE.equals(row.get(missing.column("missing_today"))))
                .map(row -> new MissingAccount((String) row.get(missing.column("account_name")),
                        (String) row.get(missing.column("account_id")), (String) row.get(missing.column("ou_path")),
                        (String) row.get(missing.column("owner")), number(row.get(missing.column("days_missing"))),
                        row.get(missing.column("last_report_dt")) == null ? null
                                : LocalDate.parse((String) row.get(missing.column("last_report_dt"))),
                        Boolean.TRUE.equals(row.get(missing.column("carried_today"))),
                        Boolean.TRUE.equals(row.get(missing.column("rejected_today")))))
                .toList();
    }

    /** Every rejected report file (view {@code rejected_reports}), newest day first. */
    public List<RejectedReport> rejected() {
        Dataset rejected = dataset("rejected_reports");
        return rejected.rows().stream()
                .map(row -> new RejectedReport(LocalDate.parse((String) row.get(rejected.column("dt"))),
                        (String) row.get(rejected.column("account_name")), (String) row.get(rejected.column("account_id")),
                        (String) row.get(rejected.column("file_name")), (String) row.get(rejected.column("reason")),
                        number(row.get(rejected.column("bad_rows")))))
                .toList();
    }

    /** The report files of the latest report day that were rejected. */
    public List<RejectedReport> rejectedToday() {
        return rejected().stream().filter(r -> r.day().equals(latestDay)).toList();
    }

    /**
     * A stored report file kept out of every number (view {@code rejected_reports}); never its contents.
     *
     * @param accountName the name its key gives, or {@code null} when the key is not a report key
     * @param accountId   the ID its key gives, or {@code null} likewise
     * @param fileName    the last part of its key
     * @param badRows     lines that failed a check (0 when the reason is about the whole file)
     */
    public record RejectedReport(LocalDate day, String accountName, String accountId, String fileName, String reason,
                                 long badRows) {
    }

    /**
     * The day's coverage: accounts expected to report (active, joined before the day) and those that did.
     *
     * @param missingAccounts  expected accounts without an accepted report of the day (carried or rejected ones included)
     * @param percent          reported / expected × 100, or {@code null} when no account was expected
     * @param rejectedReports  of the missing, those whose report was stored but rejected (view {@code rejected_reports})
     * @param carriedAccounts  of the missing, those whose last report (at most 3 days old) is carried in the totals
     */
    public record Coverage(LocalDate day, long activeAccounts, long expectedAccounts, long reportedAccounts,
                           long missingAccounts, Double percent, long rejectedReports, long carriedAccounts) {
    }

    /**
     * An active account without a report on the latest day.
     *
     * @param daysMissing  report days of the data on which it was missing
     * @param lastReportDay the last day it did report, or {@code null} when it never did
     * @param carried      its last report (at most 3 days old) is carried in today's totals
     * @param rejected     it stored a report today, but the report was rejected
     */
    public record MissingAccount(String accountName, String accountId, String ouPath, String owner, long daysMissing,
                                 LocalDate lastReportDay, boolean carried, boolean rejected) {
    }

    /**
     * Today's IAM users that are not accepted by the allowlist (result {@code to_remove}, from {@code migration_status}).
     * The users <em>to remove</em> are those holding a console password or an active access key; the others hold no
     * credential (they can do nothing, but are still IAM users to clean up).
     */
    public ToRemove toRemove() {
        Dataset rows = dataset("to_remove");
        int holds = rows.column("holds_credential");
        int console = rows.column("has_console_access");
        long users = rows.rows().stream().filter(r -> Boolean.TRUE.equals(r.get(holds))).count();
        long consoleUsers = rows.rows().stream().filter(r -> Boolean.TRUE.equals(r.get(console))).count();
        return new ToRemove(users, consoleUsers, users - consoleUsers, rows.rows().size() - users);
    }

    /**
     * @param users             not allowlisted, holding a console password or an active access key: to remove
     * @param consoleUsers      of them, those that can sign in to the console
     * @param keysOnly          of them, those holding active access keys only
     * @param withoutCredential not allowlisted, holding no credential at all (not counted in {@code users})
     */
    public record ToRemove(long users, long consoleUsers, long keysOnly, long withoutCredential) {

        /** Every IAM user of today's reports that the allowlist does not accept. */
        public long notAllowlisted() {
            return users + withoutCredential;
        }
    }

    /** Today's remediation by stocktake remediate (result {@code remediation}): users per state. */
    public Remediation remediation() {
        Dataset rows = dataset("remediation");
        int state = rows.column("remediation_state");
        java.util.function.Function<String, Long> count = s -> rows.rows().stream().filter(r -> s.equals(r.get(state))).count();
        return new Remediation(count.apply("quarantined"), count.apply("partially_quarantined"), count.apply("quarantine_undone"),
                count.apply("removal_started"), count.apply("removed"));
    }

    /**
     * IAM users per remediation state as of the latest report day (view {@code remediation_status}).
     *
     * @param quarantined          every quarantine step done, none undone: in the watch window or past it
     * @param partiallyQuarantined an apply that did not finish
     * @param undone               a quarantine undone
     * @param removalStarted       a deletion plan that did not finish
     * @param removed              deleted by a Stocktake deletion plan
     */
    public record Remediation(long quarantined, long partiallyQuarantined, long undone, long removalStarted, long removed) {
    }

    /** Console-capable IAM users of accounts carried from an earlier report on the latest day (in no table of today). */
    public long carriedConsoleUsersToday() {
        Dataset counts = dataset("daily_counts");
        int dt = counts.column("dt");
        int carried = counts.column("carried_forward");
        int console = counts.column("console_users");
        return counts.rows().stream()
                .filter(r -> latestDay.toString().equals(r.get(dt)) && Boolean.TRUE.equals(r.get(carried)))
                .mapToLong(r -> number(r.get(console))).sum();
    }

    /** The accounts with the most console users today, most first (ties by name). */
    public List<AccountFigure> topAccounts(int limit) {
        Dataset today = dataset("accounts_today");
        int name = today.column("account_name");
        int id = today.column("account_id");
        int now = today.column("console_users_today");
        int week = today.column("console_users_7_days_ago");
        return today.rows().stream()
                .filter(row -> row.get(now) != null && number(row.get(now)) > 0)
                .limit(limit)
                .map(row -> new AccountFigure((String) row.get(name), (String) row.get(id), number(row.get(now)),
                        row.get(week) == null ? null : number(row.get(week))))
                .toList();
    }

    /**
     * Console-capable IAM users on the baseline day and today against the organization's next milestone (view
     * {@code goal_progress}, totals of {@code daily_counts_filled}).
     *
     * @param targetConsoleUsers the next organization milestone's maximum, or {@code null} when none is configured
     * @param progressToTarget   (baseline - current) / (baseline - target), or {@code null} without a target
     * @param projectedDay       when the target is met at the recent pace, or {@code null}
     * @param reportedAccounts   accounts whose own report of the current day is in the total
     * @param carriedAccounts    accounts counted with an earlier report (none today, or today's rejected; at most 3 days old)
     * @param missingAccounts    accounts expected on the current day that are neither: the total rests on incomplete coverage
     * @param targetReached      the view's {@code target_reached}: at or under the target AND no expected account missing
     */
    public record Goal(LocalDate baselineDay, long baselineConsoleUsers, LocalDate currentDay, long currentConsoleUsers,
                       Long targetConsoleUsers, double reductionSoFar, Double progressToTarget, LocalDate projectedDay,
                       long reportedAccounts, long carriedAccounts, long missingAccounts, boolean targetReached) {

        /** Whether the target is reached: only ever when no expected account is missing ({@code target_reached}). */
        public boolean reached() {
            return targetReached;
        }

        /** {@code 48 reported, 1 carried from an earlier report, 0 missing}. */
        public String accountsLine() {
            return reportedAccounts + " reported, " + carriedAccounts + " carried from an earlier report, " + missingAccounts
                    + " missing";
        }
    }

    /** @param consoleUsers7DaysAgo {@code null} when the account has no report that day */
    public record AccountFigure(String accountName, String accountId, long consoleUsers, Long consoleUsers7DaysAgo) {
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Values as JSON-friendly Java values: dates and timestamps as ISO strings, decimals as doubles. */
    static List<List<Object>> plain(List<List<Object>> rows) {
        List<List<Object>> plain = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> values = new ArrayList<>(row.size());
            for (Object value : row) {
                values.add(switch (value) {
                    case null -> null;
                    case LocalDate date -> date.toString();
                    case LocalDateTime timestamp -> TIMESTAMP.format(timestamp);
                    case ZonedDateTime timestamp -> TIMESTAMP.format(timestamp.toLocalDateTime());
                    case BigDecimal decimal -> decimal.doubleValue();
                    case Integer integer -> integer.longValue();
                    default -> value;
                });
            }
            plain.add(values);
        }
        return plain;
    }
}
