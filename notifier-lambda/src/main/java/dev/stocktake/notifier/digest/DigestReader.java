package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.stocktake.notifier.digest.Digest.AccountLine;
import dev.stocktake.notifier.digest.Digest.AllowlistSplit;
import dev.stocktake.notifier.digest.Digest.Coverage;
import dev.stocktake.notifier.digest.Digest.Finding;
import dev.stocktake.notifier.digest.Digest.MissingAccount;
import dev.stocktake.notifier.digest.Digest.NewUser;
import dev.stocktake.notifier.digest.Digest.RejectedReport;
import dev.stocktake.notifier.digest.Digest.StaleCredential;
import dev.stocktake.notifier.digest.Digest.Totals;
import dev.stocktake.sql.athena.ResultTable;

/**
 * Reads a {@link Digest} from the results of the {@link DigestQuery digest queries} (values as Athena returns them:
 * strings, {@code null} or empty for NULL). Pure.
 */
final class DigestReader {

    private DigestReader() {
    }

    static Digest read(LocalDate day, Map<String, ResultTable> results) {
        List<AccountLine> accounts = map(required(results, DigestQuery.ACCOUNTS), row -> new AccountLine(
                row.text("account_name"), row.text("account_id"), row.number("users"), row.number("console_users"),
                row.number("console_users_without_mfa"), row.number("console_users_day_before"),
                row.number("console_users_7_days_before"), row.number("console_users_14_days_before"),
                row.flag("carried_forward"), row.day("report_dt")));

        List<MissingAccount> missing = map(required(results, DigestQuery.MISSING_ACCOUNTS), row -> new MissingAccount(
                row.text("account_name"), row.text("account_id"), row.text("ou_path"), row.text("owner"),
                row.day("last_report_dt"), row.number("days_since_last_report"), row.flag("carried_forward"),
                row.flag("report_rejected")));

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
                row.text("allowlist_ticket"), row.day("allowlist_expires"), row.number("days_since_expiry")));

        List<RejectedReport> rejected = map(required(results, DigestQuery.REJECTED_REPORTS), row -> new RejectedReport(
                row.text("account_name"), row.text("account_id"), row.text("file_name"), row.text("reason"),
                orZero(row.number("bad_rows"))));

        List<Digest.Remediated> remediation = map(required(results, DigestQuery.REMEDIATION), row -> new Digest.Remediated(
                row.text("account_name"), row.text("account_id"), row.text("user_name"), row.text("remediation_state"),
                row.text("remediation"), row.flag("changed_today"), row.text("plan_id"), row.number("watch_days_to_go")));

        return new Digest(day, totals, migration(results), accounts, newUsers, stale, staleTotal,
                required(results, DigestQuery.CONSOLE_USERS), coverage, missing, split, findings, rejected, remediation);
    }

    /** The milestones, their blockers, the day's verdict counts and the owners' to-do. */
    static Migration migration(Map<String, ResultTable> results) {
        List<Migration.Milestone> milestones = map(required(results, DigestQuery.MILESTONES), row -> new Migration.Milestone(
                row.text("scope_type"), row.text("scope"), row.date("day"), orZero(row.number("max_console_users")),
                row.text("name") == null || row.text("name").isEmpty() ? null : row.text("name"), row.flag("is_next"),
                row.date("current_day"), row.number("current_console_users"), row.number("distance"),
                row.number("accounts_in_scope"), row.number("missing_accounts"), row.text("status"), row.date("projected_day")));
        List<Migration.Blocker> blockers = map(required(results, DigestQuery.MILESTONE_BLOCKERS), row -> new Migration.Blocker(
                row.text("scope_type"), row.text("scope"), row.date("day"), orZero(row.number("max_console_users")),
                row.text("account_id"), row.text("account_name"), row.text("owner"), orZero(row.number("console_users")),
                row.decimal("share_of_scope"), orZero(row.number("rank"))));
        List<Migration.BlockerOwner> owners = map(required(results, DigestQuery.MILESTONE_OWNERS), row -> new Migration.BlockerOwner(
                row.text("scope_type"), row.text("scope"), row.text("owner"), orZero(row.number("console_users")),
                orZero(row.number("accounts")), row.decimal("share_of_scope")));

        Map<String, Migration.VerdictCount> counts = new LinkedHashMap<>();
        Migration.VERDICTS.forEach(v -> counts.put(v, new Migration.VerdictCount(v, 0, 0)));
        for (Row row : rows(required(results, DigestQuery.MIGRATION_VERDICTS))) {
            String verdict = row.text("verdict");
            if (!counts.containsKey(verdict)) {
                throw new IllegalArgumentException("migration_verdicts holds the verdict '" + verdict + "', not one of "
                        + Migration.VERDICTS + ": the digest and the view migration_status disagree; update the notifier");
            }
            counts.put(verdict, new Migration.VerdictCount(verdict, orZero(row.number("users")), orZero(row.number("console_users"))));
        }

        Map<String, List<Row>> todo = new LinkedHashMap<>();
        for (Row row : rows(required(results, DigestQuery.OWNER_TODO))) {
            todo.computeIfAbsent(row.text("owner"), owner -> new ArrayList<>()).add(row);
        }
        List<Migration.OwnerTodo> todos = todo.values().stream().map(ownerRows -> {
            Row first = ownerRows.getFirst();
            return new Migration.OwnerTodo(first.text("owner"), orZero(first.number("owner_users")),
                    orZero(first.number("owner_console_users")), orZero(first.number("owner_accounts")),
                    ownerRows.stream().map(r -> new Migration.VerdictCount(r.text("verdict"), orZero(r.number("users")),
                            orZero(r.number("console_users")))).toList());
        }).toList();
        return new Migration(milestones, blockers, owners, List.copyOf(counts.values()), todos);
    }

    private static ResultTable required(Map<String, ResultTable> results, String name) {
        ResultTable table = results.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no result for the digest query '" + name + "'; results: " + results.keySet());
        }
        return table;
    }

    private static List<Row> rows(ResultTable table) {
        return map(table, row -> row);
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

        /** A date or timestamp as its day, {@code YYYY-MM-DD}, or {@code null}. */
        String day(String column) {
            String value = text(column);
            return value == null || value.isEmpty() ? null : DigestFormat.day(value);
        }

        LocalDate date(String column) {
            String value = day(column);
            try {
                return value == null ? null : LocalDate.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("column " + column + " holds '" + text(column) + "', not a date", e);
            }
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
