package dev.stocktake.directory.coverage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

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

    /** First and largest wait between two GetQueryExecution calls. */
    static final Duration FIRST_POLL = Duration.ofMillis(200);
    static final Duration MAX_POLL = Duration.ofSeconds(5);

    private final AthenaClient athena;
    private final CoverageConfig config;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;

    public CoverageCheck(AthenaClient athena, CoverageConfig config, JsonLog log, Clock clock, Sleeper sleeper) {
        this.athena = athena;
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The day a run at {@code now} checks: yesterday in the report time zone (its collection window is over). */
    public static LocalDate dayToCheck(Instant now, java.time.ZoneId zone) {
        return LocalDate.ofInstant(now, zone).minusDays(1);
    }

    /** The SQL the check runs: the {@code coverage} row of one day. */
    static String sql(LocalDate day) {
        return "select expected_accounts, reported_accounts, missing_accounts, coverage_percent from coverage "
                + "where dt = date '" + day + "'";
    }

    /** The wait before poll number {@code attempt} (0-based): 200 ms doubling, at most 5 s. */
    static Duration pollDelay(int attempt) {
        Duration delay = FIRST_POLL.multipliedBy(1L << Math.min(attempt, 10));
        return delay.compareTo(MAX_POLL) > 0 ? MAX_POLL : delay;
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
        String id;
        try {
            id = athena.startQueryExecution(r -> r.queryString(sql(day)).workGroup(config.workGroup())
                    .queryExecutionContext(c -> c.database(config.database()))).queryExecutionId();
        } catch (SdkException e) {
            throw new CoverageCheckException("coverage of " + day + ": StartQueryExecution in workgroup " + config.workGroup()
                    + " failed: " + e.getMessage(), e);
        }
        QueryExecution execution = await(day, id, deadline);
        if (execution.status().state() != QueryExecutionState.SUCCEEDED) {
            throw new CoverageCheckException("coverage of " + day + ": Athena query " + id + " " + execution.status().state()
                    + ": " + execution.status().stateChangeReason());
        }
        GetQueryResultsResponse results;
        try {
            results = athena.getQueryResults(r -> r.queryExecutionId(id));
        } catch (SdkException e) {
            throw new CoverageCheckException("coverage of " + day + ": GetQueryResults of " + id + " failed: " + e.getMessage(), e);
        }
        List<Row> rows = results.resultSet().rows();
        // Athena's first row is the header
        List<Row> data = rows.isEmpty() || !isHeader(rows.getFirst()) ? rows : rows.subList(1, rows.size());
        if (data.isEmpty()) {
            throw new CoverageCheckException("coverage of " + day + ": the coverage view has no row for that day: no account "
                    + "directory export covers it and no account reported (is the account-directory job running?)");
        }
        List<Datum> values = data.getFirst().data();
        long expected = number(day, values, 0);
        long reported = number(day, values, 1);
        long missing = number(day, values, 2);
        String percent = values.size() > 3 ? values.get(3).varCharValue() : null;
        if (expected == 0 || percent == null) {
            throw new CoverageCheckException("coverage of " + day + ": no account was expected to report (an empty account "
                    + "directory?)");
        }
        return new Coverage(day, expected, reported, missing, Double.parseDouble(percent));
    }

    private QueryExecution await(LocalDate day, String id, Deadline deadline) {
        for (int attempt = 0; ; attempt++) {
            QueryExecution execution;
            try {
                execution = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
            } catch (SdkException e) {
                throw new CoverageCheckException("coverage of " + day + ": GetQueryExecution of " + id + " failed: "
                        + e.getMessage(), e);
            }
            QueryExecutionState state = execution.status().state();
            if (state == QueryExecutionState.SUCCEEDED || state == QueryExecutionState.FAILED
                    || state == QueryExecutionState.CANCELLED) {
                return execution;
            }
            Duration wait = pollDelay(attempt);
            if (!deadline.allows(wait)) {
                try {
                    athena.stopQueryExecution(r -> r.queryExecutionId(id));
                } catch (SdkException ignored) {
                    // the timeout below is the error to report
                }
                throw new CoverageCheckException("coverage of " + day + ": Athena query " + id + " still " + state
                        + " when the time ran out");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoverageCheckException("coverage of " + day + ": interrupted while waiting for query " + id, e);
            }
        }
    }

    private static boolean isHeader(Row row) {
        return !row.data().isEmpty() && "expected_accounts".equals(row.data().getFirst().varCharValue());
    }

    private static long number(LocalDate day, List<Datum> values, int index) {
        String value = index < values.size() ? values.get(index).varCharValue() : null;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CoverageCheckException("coverage of " + day + ": column " + (index + 1) + " is not a number: " + value, e);
        }
    }
}
