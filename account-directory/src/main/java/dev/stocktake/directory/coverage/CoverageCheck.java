package dev.stocktake.directory.coverage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.athena.AthenaQueryException;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;

/**
 * Runs the {@code coverage} view on Athena for one day and publishes the result as CloudWatch metrics (one EMF log
 * line: {@code CoveragePercent}, {@code ExpectedAccounts}, {@code ReportedAccounts}, {@code MissingAccounts} in
 * namespace {@value JsonLog#NAMESPACE}). A day the view has no row for, or with no account expected, is a failure,
 * not a coverage of 100 %: the check then throws, publishes no {@code CoveragePercent}, and the alarm (which treats
 * missing data as breaching) fires.
 */
public final class CoverageCheck {

    /** The {@code service} of its log lines and the {@code Service} dimension of its metrics (the alarm reads it). */
    public static final String SERVICE = "stocktake-coverage-check";

    /**
     * Between two GetQueryExecution calls: 200 ms doubling up to 5 s. One small query: a shorter first wait than the
     * digest's, which starts several large ones.
     */
    public static final Backoff POLL = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    /** The name of the check's one statement in {@link AthenaQueries}' messages. */
    static final String QUERY = "coverage";

    private final AthenaQueries athena;
    private final JsonLog log;
    private final Clock clock;

    /** @param athena runs the query in the Stocktake workgroup and database, polling with {@link #POLL} */
    public CoverageCheck(AthenaQueries athena, JsonLog log, Clock clock) {
        this.athena = athena;
        this.log = log;
        this.clock = clock;
    }

    /** The day a run at {@code now} checks: yesterday in the report time zone (its collection window is over). */
    public static LocalDate dayToCheck(Instant now, ZoneId zone) {
        return LocalDate.ofInstant(now, zone).minusDays(1);
    }

    /** The SQL the check runs: the {@code coverage} row of one day. */
    static String sql(LocalDate day) {
        return "select expected_accounts, reported_accounts, missing_accounts, coverage_percent from coverage "
                + "where dt = date '" + day + "'";
    }

    public Coverage check(LocalDate day, Deadline deadline) {
        Instant start = clock.instant();
        try {
            Coverage coverage = run(day, deadline);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("day", day.toString());
            fields.put("expectedAccounts", coverage.expectedAccounts());
            fields.put("reportedAccounts", coverage.reportedAccounts());
            fields.put("missingAccounts", coverage.missingAccounts());
            fields.put("coveragePercent", coverage.percent());
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("CoveragePercent", coverage.percent());
            metrics.put("ExpectedAccounts", coverage.expectedAccounts());
            metrics.put("ReportedAccounts", coverage.reportedAccounts());
            metrics.put("MissingAccounts", coverage.missingAccounts());
            metrics.put("CoverageCheckFailures", 0);
            metrics.put("DurationMs", Duration.between(start, clock.instant()).toMillis());
            log.event(clock.instant(), "INFO", "coverage checked", fields, metrics);
            return coverage;
        } catch (CoverageCheckException e) {
            log.event(clock.instant(), "ERROR", "coverage NOT checked", Map.of("day", day.toString(), "error", e.getMessage()),
                    Map.of("CoverageCheckFailures", 1));
            throw e;
        }
    }

    private Coverage run(LocalDate day, Deadline deadline) {
        ResultTable result;
        try {
            result = athena.runAll(List.of(new AthenaQueries.Statement(QUERY, sql(day), List.of())), deadline).get(QUERY);
        } catch (AthenaQueryException e) {
            throw new CoverageCheckException("coverage of " + day + ": " + e.getMessage(), e);
        }
        if (result.isEmpty()) {
            throw new CoverageCheckException("coverage of " + day + ": the coverage view has no row for that day: no account "
                    + "directory export covers it and no account reported (is the account-directory job running?)");
        }
        List<String> values = result.rows().getFirst();
        long expected = number(day, values, 0);
        long reported = number(day, values, 1);
        long missing = number(day, values, 2);
        String percent = values.size() > 3 ? values.get(3) : null;
        if (expected == 0 || percent == null) {
            throw new CoverageCheckException("coverage of " + day + ": no account was expected to report (an empty account "
                    + "directory?)");
        }
        return new Coverage(day, expected, reported, missing, Double.parseDouble(percent));
    }

    private static long number(LocalDate day, List<String> values, int index) {
        String value = index < values.size() ? values.get(index) : null;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CoverageCheckException("coverage of " + day + ": column " + (index + 1) + " is not a number: " + value, e);
        }
    }
}
