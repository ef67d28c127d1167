package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

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

import dev.stocktake.support.testing.MutableClock;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.support.testing.StandInContext;
import dev.stocktake.sql.compaction.CompactionException;
import dev.stocktake.sql.compaction.CompactionSql;
import dev.stocktake.sql.compaction.CompactionState;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The compaction handler end to end against the emulator: Athena (moto runs no SQL; it answers each started statement
 * with the next queued result, so the tests queue the copy's and the counts' results in order and read back the
 * statements Athena was given), the Parquet files and the state object on S3.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompactionHandlerTest {

    static final String BUCKET = "stocktake-compaction";
    static final String STATE_KEY = "compaction/state.json";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:stocktake-compaction";
    /** 2026-09 and 2026-10 are finished (three settle days after 2026-10-31). */
    static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");
    static final ResultTable NO_ROWS = new ResultTable(List.of(), List.of());
    static final ResultTable SEPTEMBER = counts("2026/09/10", "300", "10", "2026/09/11", "310", "10");
    static final ResultTable OCTOBER = counts("2026/10/01", "320", "11");
    static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static FaultInjectingProxy proxy;
    static MotoApi moto;
    static S3Client s3;
    static AthenaClient athena;

    MutableClock clock;
    ByteArrayOutputStream logs;

    @BeforeAll
    static void start(Emulator started) {
        emulator = started;
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        moto = new MotoApi(emulator);
        s3 = CompactionTesting.s3(emulator.endpoint());
        athena = CompactionTesting.athena(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        s3.close();
        athena.close();
        proxy.close();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        proxy.resetCounts();
        s3.createBucket(request -> request.bucket(BUCKET));
        s3.putBucketVersioning(request -> request.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        athena.createWorkGroup(request -> request.name("stocktake"));
        clock = new MutableClock(NOW);
        logs = new ByteArrayOutputStream();
    }

    @AfterEach
    void tearDown() {
        proxy.clearFaults();
        proxy.transformResponses("athena:StartQueryExecution", (accessKey, body) -> body); // clearFaults keeps transformers
    }

    static ResultTable counts(String... dayRowsFiles) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < dayRowsFiles.length; i += 3) {
            rows.add(List.of(dayRowsFiles[i], dayRowsFiles[i + 1], dayRowsFiles[i + 2]));
        }
        return new ResultTable(List.of("dt", "row_count", "file_count"), rows);
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", BUCKET);
        env.put("REPORT_PREFIX", "credential-reports/");
        env.put("COMPACTED_PREFIX", "compacted-reports/");
        env.put("COMPACTION_STATE_KEY", STATE_KEY);
        env.put("FIRST_REPORT_DAY", "2026-09-10");
        env.put("SETTLE_DAYS", "3");
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        return env;
    }

    CompactionHandler handler() {
        return new CompactionHandler(CompactionFactory.create(CompactionConfig.fromEnv(env()), Emulator.defaultCredentials(),
                Region.US_EAST_1, new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), "stocktake-compaction"),
                clock, clock.sleeper(), new SplittableRandom(5)), clock);
    }

    Map<String, Object> invoke(Map<String, Object> event, int remainingMillis) {
        return handler().handleRequest(event, new StandInContext(FUNCTION_ARN, remainingMillis));
    }

    /** The statements Athena was given, in the order they were started, each checked to run in the workgroup and database. */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        for (String id : athena.listQueryExecutions(request -> request.workGroup("stocktake")).queryExecutionIds()) {
            QueryExecution execution = athena.getQueryExecution(request -> request.queryExecutionId(id)).queryExecution();
            assertThat(execution.queryExecutionContext().database()).isEqualTo("stocktake");
            statements.add(execution.query());
        }
        return statements;
    }

    static List<String> month(YearMonth month) {
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        return List.of(CompactionSql.copyDays(first, last), CompactionSql.csvCounts(first, last), CompactionSql.copyCounts(first, last));
    }

    static String view(LocalDate compactedThrough) {
        return CompactionSql.reportRowsView(CompactionFactory.shippedView(), Optional.ofNullable(compactedThrough));
    }

    Optional<String> stateText() {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(STATE_KEY)).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    CompactionState state() {
        return CompactionState.parse(stateText().orElseThrow(), STATE_KEY);
    }

    void putState(CompactionState state) {
        s3.putObject(request -> request.bucket(BUCKET).key(STATE_KEY), RequestBody.fromString(state.toJson()));
    }

    void put(String... keys) {
        for (String key : keys) {
            s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
    }

    List<String> keys() {
        return s3.listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream().map(S3Object::key).sorted().toList();
    }

    List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a log line is not JSON: " + line, e);
            }
        }).toList();
    }

    static CompactionState.Month recorded(String month, long rows, long files, int days) {
        return new CompactionState.Month(month, rows, files, days, NOW.toString());
    }

    @Test
    void the_schedule_compacts_every_finished_month_oldest_first_then_moves_the_view() {
        put("compacted-reports/dt=2026%2F09%2F10/leftover-of-a-failed-run.parquet", "credential-reports/2026/09/10/prod.csv");
        moto.queueAthenaResults(true, NO_ROWS, SEPTEMBER, SEPTEMBER, NO_ROWS, OCTOBER, OCTOBER, NO_ROWS);

        Map<String, Object> response = invoke(Map.of(), 900_000);

        List<String> expected = new ArrayList<>();
        expected.addAll(month(YearMonth.of(2026, 9)));
        expected.addAll(month(YearMonth.of(2026, 10)));
        expected.add(view(LocalDate.of(2026, 10, 31)));
        assertThat(statements()).containsExactlyElementsOf(expected);
        assertThat(expected.getLast()).contains("where dt <= '2026/10/31' /* compacted_through */")
                .contains("where dt > '2026/10/31' /* compacted_through */");
        assertThat(state().months()).containsExactly(recorded("2026-09", 610, 20, 2), recorded("2026-10", 320, 11, 1));
        // the failed run's leftover is gone before the copy; the CSVs are never touched
        assertThat(keys()).containsExactly(STATE_KEY,
                "credential-reports/2026/09/10/prod.csv");

        assertThat(response).containsEntry("action", "compact")
                .containsEntry("compactedThrough", "2026-10-31")
                .containsEntry("pending", List.of())
                .containsEntry("compacted", List.of(
                        Map.of("month", "2026-09", "rows", 610L, "files", 20L, "days", 2),
                        Map.of("month", "2026-10", "rows", 320L, "files", 11L, "days", 1)));

        List<JsonNode> lines = logLines();
        assertThat(lines).extracting(line -> line.path("message").asText())
                .containsExactly("month compacted", "month compacted", "compaction done");
        assertThat(lines.get(0).path("month").asText()).isEqualTo("2026-09");
        assertThat(lines.get(0).path("rows").asLong()).isEqualTo(610);
        JsonNode done = lines.getLast();
        assertThat(done.path("service").asText()).isEqualTo("stocktake-compaction");
        assertThat(done.path("months").asText()).isEqualTo("2026-09,2026-10");
        assertThat(done.path("compactedThrough").asText()).isEqualTo("2026-10-31");
        assertThat(done.path("CompactedMonths").asInt()).isEqualTo(2);
        assertThat(done.path("CompactedRows").asLong()).isEqualTo(930);
        assertThat(done.path("PendingMonths").asInt()).isZero();
        assertThat(done.path("CompactionFailures").asInt()).isZero();
        assertThat(done.path("_aws").path("CloudWatchMetrics").isArray()).isTrue();
    }

    @Test
    void a_second_run_copies_nothing_and_only_restores_the_view() {
        putState(new CompactionState(List.of(recorded("2026-09", 610, 20, 2), recorded("2026-10", 320, 11, 1))));
        String before = stateText().orElseThrow();

        Map<String, Object> response = invoke(null, 900_000);

        assertThat(statements()).containsExactly(view(LocalDate.of(2026, 10, 31)));
        assertThat(stateText()).contains(before);
        assertThat(response).containsEntry("compacted", List.of()).containsEntry("compactedThrough", "2026-10-31");
    }

    @Test
    void a_month_is_started_only_with_more_than_five_minutes_left_and_the_rest_is_pending() {
        clock = new MutableClock(Instant.parse("2026-12-05T02:00:00Z")); // 2026-09, -10 and -11 are finished
        // each statement takes two minutes: a month (three statements) six
        proxy.transformResponses("athena:StartQueryExecution", (accessKey, body) -> {
            clock.advance(Duration.ofMinutes(2));
            return body;
        });
        moto.queueAthenaResults(true, NO_ROWS, SEPTEMBER, SEPTEMBER, NO_ROWS, OCTOBER, OCTOBER, NO_ROWS);

        // 15 minutes: 14.5 before the deadline; September leaves 8.5, October 2.5: November waits for the next run
        Map<String, Object> response = invoke(Map.of(), 900_000);

        assertThat(response).containsEntry("compactedThrough", "2026-10-31").containsEntry("pending", List.of("2026-11"));
        assertThat(state().months()).extracting(CompactionState.Month::month).containsExactly("2026-09", "2026-10");
        assertThat(statements()).hasSize(7).last().isEqualTo(view(LocalDate.of(2026, 10, 31)));
        assertThat(logLines().getLast().path("PendingMonths").asInt()).isEqualTo(1);
        assertThat(logLines().getLast().path("pending").asText()).isEqualTo("2026-11");
    }

    @Test
    void too_little_time_for_a_month_compacts_nothing_and_keeps_the_view() {
        Map<String, Object> response = invoke(Map.of(), 5 * 60_000);

        assertThat(statements()).containsExactly(view(null));
        assertThat(response).containsEntry("compacted", List.of()).containsEntry("pending", List.of("2026-09", "2026-10"));
        assertThat(response.get("compactedThrough")).isNull();
        assertThat(stateText()).isEmpty();
    }

    @Test
    void a_copy_that_does_not_match_its_csvs_fails_deletes_it_and_leaves_the_state_and_boundary_as_they_were() {
        putState(new CompactionState(List.of(recorded("2026-09", 610, 20, 2))));
        String before = stateText().orElseThrow();
        put("compacted-reports/dt=2026%2F09%2F10/kept.parquet", "compacted-reports/dt=2026%2F10%2F01/partial.parquet");
        moto.queueAthenaResults(true, NO_ROWS, OCTOBER, counts("2026/10/01", "319", "11"), NO_ROWS);

        assertThatThrownBy(() -> invoke(Map.of(), 900_000))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("the Parquet copy of 2026-10 does not match its CSVs: 2026/10/01: CSV 320 rows in 11 "
                        + "files, copy 319 rows in 11 files.")
                .hasMessageContaining("report_rows reads 2026-10 from the CSVs");

        List<String> expected = new ArrayList<>(month(YearMonth.of(2026, 10)));
        expected.add(view(LocalDate.of(2026, 9, 30)));
        assertThat(statements()).containsExactlyElementsOf(expected);
        assertThat(stateText()).contains(before);
        assertThat(keys()).containsExactly("compacted-reports/dt=2026%2F09%2F10/kept.parquet", STATE_KEY);
        JsonNode failed = logLines().getLast();
        assertThat(failed.path("level").asText()).isEqualTo("ERROR");
        assertThat(failed.path("message").asText()).isEqualTo("compaction failed");
        assertThat(failed.path("error").asText()).startsWith("the Parquet copy of 2026-10 does not match its CSVs");
        assertThat(failed.path("CompactionFailures").asInt()).isEqualTo(1);
    }

    @Test
    void a_copy_athena_fails_is_named_with_athenas_reason() {
        proxy.failNext("athena:StartQueryExecution", 1, Fault.error(400, "InvalidRequestException",
                "HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets"));
        moto.queueAthenaResults(true, NO_ROWS);

        assertThatThrownBy(() -> invoke(Map.of(), 900_000))
                .isInstanceOf(CompactionException.class)
                .hasMessageStartingWith("copying 2026-09 to Parquet failed: Athena query 'copy 2026-09': could not be started "
                        + "in workgroup stocktake (database stocktake): InvalidRequestException (HTTP 400): HIVE_TOO_MANY_OPEN_PARTITIONS")
                .hasMessageContaining("the next run tries again");
        assertThat(stateText()).isEmpty();
        assertThat(statements()).containsExactly(view(null));
    }

    @Test
    void recompact_takes_the_month_out_of_the_view_copies_it_again_and_puts_it_back() {
        putState(new CompactionState(List.of(new CompactionState.Month("2026-09", 600, 20, 2, "2026-10-04T02:00:00Z"),
                recorded("2026-10", 320, 11, 1))));
        moto.queueAthenaResults(true, NO_ROWS, NO_ROWS, SEPTEMBER, SEPTEMBER, NO_ROWS);

        Map<String, Object> response = invoke(Map.of("recompact", "2026-09"), 900_000);

        List<String> expected = new ArrayList<>();
        expected.add(view(null)); // September out: the unbroken run from the first month is broken
        expected.addAll(month(YearMonth.of(2026, 9)));
        expected.add(view(LocalDate.of(2026, 10, 31)));
        assertThat(statements()).containsExactlyElementsOf(expected);
        assertThat(state().months()).containsExactly(recorded("2026-09", 610, 20, 2), recorded("2026-10", 320, 11, 1));
        assertThat(response).containsEntry("action", "recompact 2026-09").containsEntry("compactedThrough", "2026-10-31")
                .containsEntry("compacted", List.of(Map.of("month", "2026-09", "rows", 610L, "files", 20L, "days", 2)));
    }

    @Test
    void a_csv_written_after_its_months_copy_makes_the_schedule_copy_that_month_again() {
        // September was copied on 4 October; a report of 10 September is written now (the emulator stamps real time)
        putState(new CompactionState(List.of(new CompactionState.Month("2026-09", 600, 20, 2, "2026-10-04T02:00:00Z"),
                recorded("2026-10", 320, 11, 1))));
        put("credential-reports/2026/09/10/prod@111111111111.csv");
        moto.queueAthenaResults(true, NO_ROWS, NO_ROWS, SEPTEMBER, SEPTEMBER, NO_ROWS);

        Map<String, Object> response = invoke(Map.of(), 900_000);

        List<String> expected = new ArrayList<>();
        expected.add(view(null)); // September out of the view at once: the late CSV is read from the start
        expected.addAll(month(YearMonth.of(2026, 9)));
        expected.add(view(LocalDate.of(2026, 10, 31)));
        assertThat(statements()).containsExactlyElementsOf(expected);
        assertThat(state().months()).containsExactly(recorded("2026-09", 610, 20, 2), recorded("2026-10", 320, 11, 1));
        assertThat(response).containsEntry("late", List.of("2026-09")).containsEntry("compactedThrough", "2026-10-31")
                .containsEntry("compacted", List.of(Map.of("month", "2026-09", "rows", 610L, "files", 20L, "days", 2)));
        JsonNode done = logLines().getLast();
        assertThat(done.path("late").asText()).isEqualTo("2026-09");
        assertThat(done.path("LateMonths").asInt()).isEqualTo(1);
    }

    @Test
    void recompacting_an_unfinished_month_fails_before_touching_anything() {
        assertThatThrownBy(() -> invoke(Map.of("recompact", "2026-11"), 900_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("month 2026-11 cannot be compacted on 2026-11-05: months from 2026-09");
        assertThat(statements()).isEmpty();
        assertThat(logLines().getLast().path("message").asText()).isEqualTo("compaction failed");
    }

    @Test
    void an_event_it_does_not_take_fails_naming_the_events_it_takes() {
        assertThatThrownBy(() -> invoke(Map.of("day", "2026-10-01"), 900_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the compaction handler takes {} (the daily schedule: compact the finished months) or "
                        + "{\"recompact\": \"2026-10\"} (copy one finished month again); got an event with the keys [day]");
        assertThatThrownBy(() -> invoke(Map.of("recompact", "October"), 900_000))
                .hasMessage("\"recompact\" must be a month yyyy-MM such as \"2026-10\", got \"October\"");
        assertThatThrownBy(() -> invoke(Map.of("recompact", 202610), 900_000))
                .hasMessage("\"recompact\" must be a month yyyy-MM such as \"2026-10\", got 202610");
        assertThat(statements()).isEmpty();
        assertThat(proxy.calls("athena:StartQueryExecution")).isZero();
    }

    @Test
    void the_schedules_events_mean_the_daily_run() {
        assertThat(CompactionHandler.request(null)).isEqualTo(new CompactionJob.Scheduled());
        assertThat(CompactionHandler.request(Map.of())).isEqualTo(new CompactionJob.Scheduled());
        assertThat(CompactionHandler.request(Map.of("version", "0", "id", "e1", "detail-type", "Scheduled Event",
                "source", "aws.events", "detail", Map.of()))).isEqualTo(new CompactionJob.Scheduled());
        assertThat(CompactionHandler.request(Map.of("source", "aws.scheduler", "time", "2026-11-05T02:00:00Z")))
                .isEqualTo(new CompactionJob.Scheduled());
        assertThatThrownBy(() -> CompactionHandler.request(Map.of("source", "aws.events", "recompact", "2026-10")))
                .hasMessageContaining("got an event with the keys [recompact, source]");
        assertThat(CompactionHandler.request(Map.of("recompact", " 2026-10 ")))
                .isEqualTo(new CompactionJob.Recompact(YearMonth.of(2026, 10)));
    }

    @Test
    void the_jar_holds_the_view_with_its_boundary() {
        assertThat(CompactionFactory.shippedView()).startsWith("create or replace view report_rows as\nselect")
                .contains("'1970/01/01' /* compacted_through */");
    }
}
