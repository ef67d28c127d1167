package dev.stocktake.directory.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.athena.Clients;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.testing.MutableClock;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/**
 * The coverage check against the emulator's Athena (moto runs no SQL: it answers with queued, canned results), with the
 * fault proxy in front of it for what moto never does: a failed query.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CoverageCheckTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OP_STATE = "athena:GetQueryExecution";
    static final String OP_STOP = "athena:StopQueryExecution";
    static final String WORKGROUP = "stocktake-coverage";
    static final LocalDate DAY = LocalDate.of(2026, 3, 5);

    static final List<String> COLUMNS = List.of("expected_accounts", "reported_accounts", "missing_accounts", "coverage_percent");
    /** Always the top of the jitter range: every wait is the schedule's ceiling, so the test can name each one. */
    static final RandomGenerator CEILING = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    static FaultInjectingProxy proxy;
    static AthenaClient athena;
    static MotoApi moto;

    MutableClock clock;
    ByteArrayOutputStream logBytes;
    CoverageCheck check;

    @BeforeAll
    static void start(Emulator emulator) {
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        athena = Clients.athena(proxy.endpoint());
        moto = new MotoApi(emulator);
        athena.createWorkGroup(r -> r.name(WORKGROUP));
    }

    @AfterAll
    static void stop() {
        moto.athenaImmediate();
        athena.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-06T03:00:00Z"));
        logBytes = new ByteArrayOutputStream();
        check = new CoverageCheck(new AthenaQueries(athena, WORKGROUP, "stocktake", CoverageCheck.POLL, clock.sleeper(), CEILING),
                new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), CoverageCheck.SERVICE), clock);
        proxy.resetCounts();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
        moto.athenaImmediate();
    }

    @Test
    void publishes_the_days_coverage_as_metrics_after_polling_with_growing_waits() throws IOException {
        moto.athenaAdvancesEvery(2);
        queueResults(List.of("5", "4", "1", "80.0"));

        Coverage coverage = check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(coverage).isEqualTo(new Coverage(DAY, 5, 4, 1, 80.0));
        // QUEUED, RUNNING, SUCCEEDED, one step every second poll: waits of 200, 400, 800 ms
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        JsonNode line = JSON.readTree(logBytes.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.path("message").asText()).isEqualTo("coverage checked");
        assertThat(line.path("day").asText()).isEqualTo("2026-03-05");
        assertThat(line.path("CoveragePercent").asDouble()).isEqualTo(80.0);
        assertThat(line.path("MissingAccounts").asLong()).isEqualTo(1);
        assertThat(line.path("Service").asText()).isEqualTo("stocktake-coverage-check");
        JsonNode emf = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(emf.path("Namespace").asText()).isEqualTo("Stocktake");
        assertThat(emf.path("Metrics").findValuesAsText("Name")).contains("CoveragePercent", "ExpectedAccounts",
                "ReportedAccounts", "MissingAccounts");
    }

    @Test
    void runs_the_coverage_view_for_the_day_in_the_workgroup_and_database() {
        queueResults(List.of("4", "4", "0", "100.0"));

        check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5)));

        QueryExecution execution = athena.listQueryExecutions(r -> r.workGroup(WORKGROUP)).queryExecutionIds().stream()
                .map(id -> athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution())
                .filter(e -> e.query().contains("from coverage"))
                .findFirst().orElseThrow();
        assertThat(execution.query()).isEqualTo("select expected_accounts, reported_accounts, missing_accounts, "
                + "coverage_percent from coverage where dt = date '2026-03-05'");
        assertThat(execution.workGroup()).isEqualTo(WORKGROUP);
        assertThat(execution.queryExecutionContext().database()).isEqualTo("stocktake");
    }

    @Test
    void a_failed_query_fails_with_athenas_reason_and_publishes_no_coverage() {
        proxy.failNext(OP_STATE, 1, new Fault.Canned(200, "application/x-amz-json-1.1", """
                {"QueryExecution":{"QueryExecutionId":"0000-failed","Status":{"State":"FAILED",
                "StateChangeReason":"TABLE_NOT_FOUND: line 1:85: Table 'awsdatacatalog.stocktake.coverage' does not exist"}}}"""));

        assertThatThrownBy(() -> check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOf(CoverageCheckException.class)
                .hasMessageStartingWith("coverage of 2026-03-05: Athena query 'coverage': execution ")
                .hasMessageEndingWith(" FAILED in workgroup stocktake-coverage: TABLE_NOT_FOUND: line 1:85: "
                        + "Table 'awsdatacatalog.stocktake.coverage' does not exist");
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"level\":\"ERROR\"", "\"CoverageCheckFailures\":1").doesNotContain("CoveragePercent");
    }

    @Test
    void a_day_without_a_coverage_row_is_a_failure_not_full_coverage() {
        queueResults();

        assertThatThrownBy(() -> check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOf(CoverageCheckException.class)
                .hasMessageContaining("the coverage view has no row for that day");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("CoveragePercent");
    }

    @Test
    void gives_up_and_stops_the_query_when_the_time_runs_out() {
        moto.athenaAdvancesEvery(1000);

        assertThatThrownBy(() -> check.check(DAY, Deadline.after(clock, Duration.ofSeconds(10))))
                .isInstanceOf(CoverageCheckException.class)
                .hasMessageStartingWith("coverage of 2026-03-05: Athena query 'coverage': still running after ")
                .hasMessageContaining("before the deadline: coverage (")
                .hasMessageContaining("The queries were stopped");
        assertThat(proxy.calls(OP_STOP)).isEqualTo(1);
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void checks_yesterday_in_the_report_time_zone() {
        // 2026-03-06 03:00 UTC is 12:00 in Tokyo: yesterday there is 03-05; in Honolulu it is still 03-05, so 03-04
        assertThat(CoverageCheck.dayToCheck(Instant.parse("2026-03-06T03:00:00Z"), ZoneId.of("Asia/Tokyo"))).isEqualTo(DAY);
        assertThat(CoverageCheck.dayToCheck(Instant.parse("2026-03-06T03:00:00Z"), ZoneId.of("Pacific/Honolulu")))
                .isEqualTo(DAY.minusDays(1));
    }

    @Test
    void the_poll_delay_doubles_from_200_ms_up_to_five_seconds() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 30).stream().map(CoverageCheck.POLL::ceiling).toList()).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
                Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Queues one result for the next execution whose results are read, the header first as Athena sends it. */
    @SafeVarargs
    static void queueResults(List<String>... rows) {
        moto.queueAthenaResults(true, new ResultTable(COLUMNS, List.of(rows)));
    }
}
