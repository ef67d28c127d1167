package dev.stocktake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.emulator.MotoApi;
import dev.stocktake.support.testing.StandInContext;
import dev.stocktake.sql.compaction.CompactionState;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The compaction handler from the deployable itself: {@code target/stocktake-compaction.jar} alone on the class path of
 * a fresh JVM, built by the no-arg constructor from environment variables only, invoked once against the emulator.
 * Runs after {@code package} (failsafe).
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CompactionShadedJarIT {

    static final Path JAR = Path.of("target", "stocktake-compaction.jar");
    static final Path STAND_IN_CLASSES = Path.of("target", "compaction-stand-in-classes");
    static final String BUCKET = "stocktake-shaded-compaction";

    static Emulator emulator;
    static S3Client s3;
    static AthenaClient athena;
    static DeployableJvm deployable;

    @BeforeAll
    static void seed(Emulator started) throws IOException {
        emulator = started;
        emulator.reset();
        assertThat(JAR).as("run after `package`").exists();
        s3 = CompactionTesting.s3(emulator.endpoint());
        athena = CompactionTesting.athena(emulator.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET));
        athena.createWorkGroup(r -> r.name("stocktake"));
        deployable = DeployableJvm.prepare(JAR, STAND_IN_CLASSES, CompactionLambdaStandIn.class, StandInContext.class);
    }

    @AfterAll
    static void stop() {
        s3.close();
        athena.close();
    }

    static Map<String, String> lambdaEnvironment() {
        Map<String, String> env = DeployableJvm.awsEnvironment(emulator.endpoint());
        env.put("ATHENA_WORKGROUP", "stocktake");
        env.put("ATHENA_DATABASE", "stocktake");
        env.put("REPORT_BUCKET", BUCKET);
        env.put("REPORT_PREFIX", "credential-reports/");
        env.put("COMPACTED_PREFIX", "compacted-reports/");
        env.put("COMPACTION_STATE_KEY", "compaction/state.json");
        // the last finished month, on the real clock: settle days 0, the first report a month before it
        env.put("FIRST_REPORT_DAY", YearMonth.now().minusMonths(1).atDay(1).toString());
        env.put("SETTLE_DAYS", "0");
        return env;
    }

    @Test
    void the_deployable_alone_compacts_the_finished_month_records_it_and_moves_the_view() throws Exception {
        YearMonth month = YearMonth.now().minusMonths(1);
        String day = month.atDay(1).toString().replace('-', '/');
        ResultTable counts = new ResultTable(List.of("dt", "row_count", "file_count"), List.of(List.of(day, "12", "3")));
        ResultTable none = new ResultTable(List.of(), List.of());
        new MotoApi(emulator).queueAthenaResults(true, none, counts, counts, none);

        DeployableJvm.Run run = deployable.run(lambdaEnvironment(), "{}");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"compaction done\"").contains("\"service\":\"stocktake-compaction\"")
                .contains("RESPONSE {\"action\":\"compact\",\"compacted\":[{\"month\":\"" + month + "\",\"rows\":12,\"files\":3,"
                        + "\"days\":1}],\"compactedThrough\":\"" + month.atEndOfMonth() + "\",\"pending\":[],\"late\":[]}");
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("SLF4J");
        CompactionState state = CompactionState.parse(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("compaction/state.json"))
                .asUtf8String(), "compaction/state.json");
        assertThat(state.months()).extracting(CompactionState.Month::month).containsExactly(month.toString());
        List<String> ids = athena.listQueryExecutions(r -> r.workGroup("stocktake")).queryExecutionIds();
        assertThat(ids).hasSize(4);
        assertThat(athena.getQueryExecution(r -> r.queryExecutionId(ids.getLast())).queryExecution().query())
                .startsWith("create or replace view report_rows as")
                .contains("'" + month.atEndOfMonth().toString().replace('-', '/') + "' /* compacted_through */");
    }

    @Test
    void a_missing_variable_fails_the_init_naming_it() throws Exception {
        Map<String, String> env = lambdaEnvironment();
        env.remove("COMPACTED_PREFIX");

        DeployableJvm.Run run = deployable.run(env, "{}");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("COMPACTED_PREFIX is not set");
    }

    @Test
    void the_jar_has_the_compaction_and_the_shipped_view_but_no_trino_or_embedded_engine() throws IOException {
        List<String> names = deployable.entries();
        assertThat(names).contains("dev/stocktake/compaction/CompactionHandler.class",
                "dev/stocktake/sql/compaction/Compactor.class", "dev/stocktake/sql/views/report_rows.sql",
                "dev/stocktake/sql/views/views.txt");
        assertThat(names).noneMatch(name -> name.startsWith("io/trino/") || name.startsWith("dev/stocktake/sql/engine/")
                || name.startsWith("io/airlift/"));
    }
}
