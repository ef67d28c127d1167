package dev.stocktake.sql.athena;

import static dev.stocktake.emulator.MotoApi.json;
import static dev.stocktake.emulator.MotoApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.support.retry.Deadline;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.support.testing.MutableClock;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/**
 * The Athena call flow against the emulator (moto runs no SQL: it answers with queued, canned results), with the
 * fault proxy in front of it for what moto never does: a failed query, a second page.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AthenaQueriesTest {

    static final String OP_STATE = "athena:GetQueryExecution";
    static final String OP_RESULTS = "athena:GetQueryResults";
    static final String OP_STOP = "athena:StopQueryExecution";
    static final String OP_START = "athena:StartQueryExecution";

    static FaultInjectingProxy proxy;
    static AthenaClient client;
    static MotoApi moto;

    MutableClock clock;
    AthenaQueries queries;

    @BeforeAll
    static void start(Emulator emulator) {
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        client = Clients.athena(proxy.endpoint());
        moto = new MotoApi(emulator);
        client.createWorkGroup(request -> request.name("stocktake"));
    }

    @AfterAll
    static void stop() {
        moto.athenaImmediate();
        client.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-15T07:30:00Z"));
        queries = new AthenaQueries(client, "stocktake", "stocktake", AthenaQueries.POLL, clock.sleeper(), new SplittableRandom(7));
        proxy.resetCounts();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
        moto.athenaImmediate();
    }

    static ResultTable table(List<String> columns, List<?>... rows) {
        return new ResultTable(columns, Arrays.stream(rows).map(r -> {
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) r;
            return row;
        }).toList());
    }

    static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    @Test
    void runs_each_statement_polls_until_done_and_returns_the_rows_without_the_header_nulls_kept() {
        moto.athenaAdvancesEvery(2);
        moto.queueAthenaResults(true,
                table(List.of("account_name", "console_users"), row("prod", "2"), row("legacy", null)),
                table(List.of("baseline_day"), row("2026-02-15")));

        Map<String, ResultTable> results = queries.runAll(List.of(
                new AthenaQueries.Statement("accounts", "select 1", List.of("'2026-03-15'")),
                new AthenaQueries.Statement("goal", "select 2", List.of())), Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(results).containsOnlyKeys("accounts", "goal");
        assertThat(results.get("accounts").columns()).containsExactly("account_name", "console_users");
        assertThat(results.get("accounts").rows()).containsExactly(row("prod", "2"), row("legacy", null));
        assertThat(results.get("goal").rows()).containsExactly(row("2026-02-15"));
        // QUEUED, RUNNING, SUCCEEDED, one step every second poll: four polls, with growing waits between them
        assertThat(clock.sleeps()).hasSize(3);
        assertThat(clock.sleeps().get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(clock.sleeps().get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(clock.sleeps().get(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(proxy.calls(OP_STATE)).isEqualTo(8);
        assertThat(proxy.calls(OP_START)).isEqualTo(2);
    }

    @Test
    void starts_in_the_workgroup_and_database_with_the_day_as_execution_parameter() {
        moto.queueAthenaResults(true, table(List.of("n"), row("1")));
        queries.runAll(List.of(new AthenaQueries.Statement("accounts", "select count(*) as n from daily_counts where dt = cast(? as date)",
                List.of("'2026-03-15'"))), Deadline.after(clock, Duration.ofMinutes(5)));

        QueryExecution execution = client.listQueryExecutions(request -> request.workGroup("stocktake")).queryExecutionIds().stream()
                .map(id -> client.getQueryExecution(request -> request.queryExecutionId(id)).queryExecution())
                .filter(e -> e.query().contains("count(*) as n"))
                .findFirst().orElseThrow();
        assertThat(execution.workGroup()).isEqualTo("stocktake");
        assertThat(execution.queryExecutionContext().database()).isEqualTo("stocktake");
        assertThat(execution.executionParameters()).containsExactly("'2026-03-15'");
    }

    @Test
    void reads_every_page_of_the_results() {
        ResultTable secondPage = table(List.of("user_name"), row("gina"), row("ivan"));
        moto.queueAthenaResults(false, secondPage);
        ResultTable firstPage = table(List.of("user_name"), row("alice"), row("dave"));
        proxy.failNext(OP_RESULTS, 1, new Fault.Canned(200, "application/x-amz-json-1.1", json(map(
                "ResultSet", map("Rows", MotoApi.rows(firstPage, true),
                        "ResultSetMetadata", map("ColumnInfo", MotoApi.columns(firstPage))),
                "NextToken", "page-2"))));

        Map<String, ResultTable> results = queries.runAll(List.of(new AthenaQueries.Statement("console_users", "select 3", List.of())),
                Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(results.get("console_users").rows()).containsExactly(row("alice"), row("dave"), row("gina"), row("ivan"));
        assertThat(proxy.calls(OP_RESULTS)).isEqualTo(2);
    }

    @Test
    void a_failed_query_fails_the_run_with_athenas_reason_and_stops_the_others() {
        proxy.failNext(OP_STATE, 1, new Fault.Canned(200, "application/x-amz-json-1.1", json(map("QueryExecution", map(
                "QueryExecutionId", "0000-failed",
                "Status", map("State", "FAILED",
                        "StateChangeReason", "COLUMN_NOT_FOUND: line 3:5: Column 'consol_users' cannot be resolved",
                        "AthenaError", map("ErrorCategory", 2, "ErrorType", 1006, "Retryable", false,
                                "ErrorMessage", "COLUMN_NOT_FOUND: line 3:5: Column 'consol_users' cannot be resolved")))))));

        assertThatThrownBy(() -> queries.runAll(List.of(
                        new AthenaQueries.Statement("accounts", "select consol_users from daily_counts", List.of()),
                        new AthenaQueries.Statement("goal", "select 2", List.of())),
                Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOf(AthenaQueryException.class)
                .hasMessageStartingWith("Athena query 'accounts': execution ")
                .hasMessageContaining("FAILED in workgroup stocktake: COLUMN_NOT_FOUND: line 3:5: Column 'consol_users' cannot be resolved")
                .satisfies(e -> assertThat(((AthenaQueryException) e).query()).isEqualTo("accounts"));
        assertThat(proxy.calls(OP_STOP)).as("the other query is stopped").isEqualTo(1);
        assertThat(proxy.calls(OP_RESULTS)).as("no results read").isZero();
    }

    @Test
    void polling_stops_before_the_deadline_and_stops_the_queries_still_running() {
        moto.athenaAdvancesEvery(1_000);

        assertThatThrownBy(() -> queries.runAll(List.of(
                        new AthenaQueries.Statement("accounts", "select 1", List.of()),
                        new AthenaQueries.Statement("goal", "select 2", List.of())),
                Deadline.after(clock, Duration.ofSeconds(20))))
                .isInstanceOf(AthenaQueryException.class)
                .hasMessageStartingWith("Athena query 'accounts, goal': still running after ")
                .hasMessageContaining("ms left before the deadline: accounts (")
                .hasMessageContaining(", QUEUED), goal (")
                .hasMessageContaining("The queries were stopped and none of their results were used.");
        Duration waited = clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isLessThan(Duration.ofSeconds(20));
        assertThat(clock.sleeps()).last().satisfies(last -> assertThat(last).isLessThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(proxy.calls(OP_STOP)).isEqualTo(2);
    }

    @Test
    void an_athena_error_on_start_names_the_query_and_the_workgroup_and_stops_those_started() {
        proxy.failNext(OP_START, 1, Fault.error(400, "InvalidRequestException", "WorkGroup stocktake is disabled."));
        assertThatThrownBy(() -> queries.runAll(List.of(new AthenaQueries.Statement("accounts", "select 1", List.of())),
                Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOf(AthenaQueryException.class)
                .hasMessage("Athena query 'accounts': could not be started in workgroup stocktake (database stocktake): "
                        + "InvalidRequestException (HTTP 400): WorkGroup stocktake is disabled.");

        // the first statement starts (a real execution), the second cannot: the first is stopped
        String first = client.startQueryExecution(request -> request.queryString("select 1").workGroup("stocktake")).queryExecutionId();
        proxy.resetCounts();
        proxy.clearFaults();
        proxy.failNext(OP_START, 1, new Fault.Canned(200, "application/x-amz-json-1.1", json(map("QueryExecutionId", first))));
        proxy.failNext(OP_START, 1, Fault.error(400, "InvalidRequestException", "Queue is full."));
        assertThatThrownBy(() -> queries.runAll(List.of(new AthenaQueries.Statement("accounts", "select 1", List.of()),
                        new AthenaQueries.Statement("goal", "select 2", List.of())), Deadline.after(clock, Duration.ofMinutes(5))))
                .hasMessageStartingWith("Athena query 'goal': could not be started");
        assertThat(proxy.calls(OP_STOP)).as("the query already started is stopped").isEqualTo(1);
    }
}
