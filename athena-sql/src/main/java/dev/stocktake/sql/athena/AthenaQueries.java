package dev.stocktake.sql.athena;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * Runs statements on Athena: starts them all (they run in parallel), polls each until it finishes with a growing
 * wait ({@link Backoff}), and reads every page of the results. A failed or cancelled query fails the run with
 * Athena's reason; when the next wait would pass the {@link Deadline}, the queries still running are stopped and
 * the run fails saying which ones.
 */
public final class AthenaQueries {

    /** Between polls: 0.5 s, 1 s, 2 s … up to 5 s, with jitter. */
    public static final Backoff POLL = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
    /** Rows per {@code GetQueryResults} page (Athena's maximum). */
    static final int PAGE_SIZE = 1000;

    private final AthenaClient athena;
    private final String workgroup;
    private final String database;
    private final Backoff poll;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public AthenaQueries(AthenaClient athena, String workgroup, String database, Backoff poll, Sleeper sleeper,
                         RandomGenerator random) {
        this.athena = athena;
        this.workgroup = workgroup;
        this.database = database;
        this.poll = poll;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * One statement to run.
     *
     * @param name       what it is called in messages and results (its file name without {@code .sql})
     * @param sql        the statement, without a trailing {@code ;}
     * @param parameters values for its {@code ?} parameters, as SQL literals (Athena {@code ExecutionParameters})
     */
    public record Statement(String name, String sql, List<String> parameters) {
        public Statement {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * Runs {@code statements} and returns their results by name, in the given order.
     *
     * @throws AthenaQueryException when a query cannot be started, fails, is cancelled, or is still running when the
     *                              deadline comes
     */
    public Map<String, ResultTable> runAll(List<Statement> statements, Deadline deadline) {
        Map<String, String> running = new LinkedHashMap<>();
        for (Statement statement : statements) {
            try {
                running.put(statement.name(), start(statement));
            } catch (AthenaQueryException e) {
                stopAll(running, null);
                throw e;
            }
        }
        Map<String, ResultTable> results = new LinkedHashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
        for (int attempt = 0; ; attempt++) {
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                QueryExecution execution = describe(entry.getKey(), entry.getValue());
                QueryExecutionState state = execution.status().state();
                switch (state) {
                    case SUCCEEDED -> {
                        results.put(entry.getKey(), read(entry.getKey(), entry.getValue()));
                        it.remove();
                    }
                    case FAILED, CANCELLED -> {
                        stopAll(running, entry.getKey());
                        throw new AthenaQueryException(entry.getKey(), "execution " + entry.getValue() + " " + state
                                + " in workgroup " + workgroup + ": " + reason(execution), null);
                    }
                    default -> states.put(entry.getKey(), String.valueOf(state));
                }
            }
            if (running.isEmpty()) {
                Map<String, ResultTable> ordered = new LinkedHashMap<>();
                statements.forEach(s -> ordered.put(s.name(), results.get(s.name())));
                return ordered;
            }
            Duration wait = poll.delay(attempt, random);
            if (!deadline.allows(wait)) {
                stopAll(running, null);
                List<String> pending = new ArrayList<>();
                running.forEach((name, id) -> pending.add(name + " (" + id + ", " + states.get(name) + ")"));
                throw new AthenaQueryException(String.join(", ", running.keySet()), "still running after " + (attempt + 1)
                        + " poll(s) with only " + deadline.remaining().toMillis() + " ms left before the deadline: "
                        + String.join(", ", pending) + ". The queries were stopped and none of their results were used. Raise the Lambda "
                        + "timeout or look at the workgroup's queue if this keeps happening.", null);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopAll(running, null);
                throw new AthenaQueryException(String.join(", ", running.keySet()), "interrupted while waiting", e);
            }
        }
    }

    private String start(Statement statement) {
        try {
            return athena.startQueryExecution(request -> {
                request.queryString(statement.sql())
                        .workGroup(workgroup)
                        .queryExecutionContext(context -> context.database(database));
                if (!statement.parameters().isEmpty()) {
                    request.executionParameters(statement.parameters());
                }
            }).queryExecutionId();
        } catch (SdkException e) {
            throw new AthenaQueryException(statement.name(), "could not be started in workgroup " + workgroup
                    + " (database " + database + "): " + AwsErrors.describe(e), e);
        }
    }

    private QueryExecution describe(String name, String executionId) {
        try {
            return athena.getQueryExecution(request -> request.queryExecutionId(executionId)).queryExecution();
        } catch (SdkException e) {
            throw new AthenaQueryException(name, "cannot read the state of execution " + executionId + ": "
                    + AwsErrors.describe(e), e);
        }
    }

    /** Every page of the results; the header row Athena puts first on the first page is left out. */
    private ResultTable read(String name, String executionId) {
        List<String> columns = null;
        List<List<String>> rows = new ArrayList<>();
        String nextToken = null;
        boolean firstPage = true;
        try {
            do {
                String token = nextToken;
                GetQueryResultsResponse page = athena.getQueryResults(request -> request.queryExecutionId(executionId)
                        .maxResults(PAGE_SIZE).nextToken(token));
                if (columns == null) {
                    columns = page.resultSet().resultSetMetadata().columnInfo().stream().map(ColumnInfo::name).toList();
                }
                List<Row> pageRows = page.resultSet().rows();
                for (int i = 0; i < pageRows.size(); i++) {
                    List<String> values = pageRows.get(i).data().stream().map(Datum::varCharValue).toList();
                    if (firstPage && i == 0 && values.equals(columns)) {
                        continue;
                    }
                    rows.add(values);
                }
                firstPage = false;
                nextToken = page.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            throw new AthenaQueryException(name, "cannot read the results of execution " + executionId + ": "
                    + AwsErrors.describe(e), e);
        }
        try {
            return new ResultTable(columns, rows);
        } catch (IllegalArgumentException e) {
            throw new AthenaQueryException(name, "execution " + executionId + " returned rows that do not match its "
                    + "columns: " + e.getMessage(), e);
        }
    }

    private static String reason(QueryExecution execution) {
        StringBuilder reason = new StringBuilder();
        if (execution.status().stateChangeReason() != null) {
            reason.append(execution.status().stateChangeReason());
        }
        if (execution.status().athenaError() != null && execution.status().athenaError().errorMessage() != null
                && !reason.toString().contains(execution.status().athenaError().errorMessage())) {
            reason.append(reason.isEmpty() ? "" : " ").append(execution.status().athenaError().errorMessage());
        }
        return reason.isEmpty() ? "Athena gave no reason" : reason.toString();
    }

    /** Stops the other queries still running (best effort: they are only left to finish when this fails). */
    private void stopAll(Map<String, String> running, String except) {
        running.forEach((name, id) -> {
            if (!name.equals(except)) {
                try {
                    athena.stopQueryExecution(request -> request.queryExecutionId(id));
                } catch (SdkException e) {
                    // the query ends on its own; the caller's error is the one that matters
                }
            }
        });
    }
}
