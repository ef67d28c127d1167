package dev.stocktake.directory.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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

    static Emulator emulator;
    static FaultInjectingProxy proxy;
    static AthenaClient athena;

    FakeClock clock;
    ByteArrayOutputStream logBytes;
    CoverageCheck check;

    @BeforeAll
    static void start(Emulator running) {
        emulator = running;
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        athena = AthenaClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(Emulator.defaultCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        athena.createWorkGroup(r -> r.name(WORKGROUP));
    }

    @AfterAll
    static void stop() {
        motoApi("/moto-api/state-manager/unset-transition", Map.of("model_name", "athena::execution"));
        athena.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        clock = new FakeClock(Instant.parse("2026-03-06T03:00:00Z"));
        logBytes = new ByteArrayOutputStream();
        check = new CoverageCheck(athena, new CoverageConfig(WORKGROUP, "stocktake", ZoneId.of("Asia/Tokyo"), null),
                new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), CoverageCheck.SERVICE), clock, clock::sleep);
        proxy.resetCounts();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
        motoApi("/moto-api/state-manager/unset-transition", Map.of("model_name", "athena::execution"));
    }

    @Test
    void publishes_the_days_coverage_as_metrics_after_polling_with_growing_waits() throws IOException {
        motoApi("/moto-api/state-manager/set-transition", Map.of("model_name", "athena::execution",
                "transition", Map.of("progression", "manual", "times", 2)));
        queueResults(List.of("expected_accounts", "reported_accounts", "missing_accounts", "coverage_percent"),
                List.of("5", "4", "1", "80.0"));

        Coverage coverage = check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5)));

        assertThat(coverage).isEqualTo(new Coverage(DAY, 5, 4, 1, 80.0));
        // QUEUED, RUNNING, SUCCEEDED, one step every second poll: waits of 200, 400, 800 ms
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
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
        queueResults(List.of("expected_accounts", "reported_accounts", "missing_accounts", "coverage_percent"),
                List.of("4", "4", "0", "100.0"));

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
                .hasMessageStartingWith("coverage of 2026-03-05: Athena query ")
                .hasMessageEndingWith(" FAILED: TABLE_NOT_FOUND: line 1:85: Table 'awsdatacatalog.stocktake.coverage' does not exist");
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"level\":\"ERROR\"", "\"CoverageCheckFailures\":1").doesNotContain("CoveragePercent");
    }

    @Test
    void a_day_without_a_coverage_row_is_a_failure_not_full_coverage() {
        queueResults(List.of("expected_accounts", "reported_accounts", "missing_accounts", "coverage_percent"));

        assertThatThrownBy(() -> check.check(DAY, Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOf(CoverageCheckException.class)
                .hasMessageContaining("the coverage view has no row for that day");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("CoveragePercent");
    }

    @Test
    void gives_up_and_stops_the_query_when_the_time_runs_out() {
        motoApi("/moto-api/state-manager/set-transition", Map.of("model_name", "athena::execution",
                "transition", Map.of("progression", "manual", "times", 1000)));

        assertThatThrownBy(() -> check.check(DAY, Deadline.after(clock, Duration.ofSeconds(10))))
                .isInstanceOf(CoverageCheckException.class)
                .hasMessageEndingWith("when the time ran out");
        assertThat(proxy.calls(OP_STOP)).isEqualTo(1);
        assertThat(clock.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void checks_yesterday_in_the_report_time_zone() {
        // 2026-03-06 03:00 UTC is 12:00 in Tokyo: yesterday there is 03-05; in Honolulu it is still 03-05, so 03-04
        assertThat(CoverageCheck.dayToCheck(Instant.parse("2026-03-06T03:00:00Z"), ZoneId.of("Asia/Tokyo"))).isEqualTo(DAY);
        assertThat(CoverageCheck.dayToCheck(Instant.parse("2026-03-06T03:00:00Z"), ZoneId.of("Pacific/Honolulu")))
                .isEqualTo(DAY.minusDays(1));
    }

    @Test
    void the_poll_delay_doubles_up_to_five_seconds() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 30).stream().map(CoverageCheck::pollDelay).toList()).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
                Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Queues one result for the next execution whose results are read, the header first as Athena sends it. */
    static void queueResults(List<String> columns, List<?>... rows) {
        List<Object> all = new ArrayList<>();
        all.add(Map.of("Data", columns.stream().map(c -> Map.of("VarCharValue", c)).toList()));
        for (List<?> row : rows) {
            all.add(Map.of("Data", row.stream().map(v -> Map.of("VarCharValue", v)).toList()));
        }
        List<Object> info = columns.stream().<Object>map(c -> Map.of("Name", c, "Label", c, "Type", "varchar")).toList();
        motoApi("/moto-api/static/athena/query-results", Map.of("results", List.of(Map.of("rows", all, "column_info", info))));
    }

    static void motoApi(String path, Object body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(emulator.endpoint().resolve(path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isLessThan(300);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clock that sleeping advances. */
    static final class FakeClock extends Clock {
        Instant now;
        final List<Duration> sleeps = new ArrayList<>();

        FakeClock(Instant now) {
            this.now = now;
        }

        void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
