package dev.stocktake.sql.bench;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

import io.trino.testing.StandaloneQueryRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Times the queries the HTML dashboard and the digest run, and the views the QuickSight data sets read, on the
 * embedded Trino and prints what each read (Trino's physical input bytes). Not a test: run through
 * {@code athena-sql/bench/run.sh}.
 *
 * <p>Phases (the second argument, comma-separated), in the order given:
 * <ul>
 *   <li>{@code pruned}: the queries that filter on dt, over the last 30 days and the few days they name (median of
 *   {@code runs})</li>
 *   <li>{@code year}: the queries that read every report day, over the whole folder (one run each: a read of the
 *   year takes minutes here)</li>
 *   <li>{@code before-after}: the four rewritten views against the views they replaced ({@code <name>_before}, from
 *   {@code src/test/resources/dev/stocktake/sql/bench/baseline}), median of {@code runs} each</li>
 *   <li>{@code parquet}: a Parquet copy of the reports (CTAS into the local metastore, partitioned by month) read
 *   through copies of the same views</li>
 * </ul>
 */
public final class Benchmark {

    /** The notifier's digest queries (the benchmark runs from the repository root). */
    static final Path DIGEST_SQL = Path.of("notifier-lambda/src/main/resources/dev/stocktake/notifier/digest/sql");

    static final List<String> REWRITTEN = List.of("daily_counts", "user_changes", "stale_credentials", "goal_progress");

    private final PrintStream out;
    private final LocalAthena athena;
    private final int runs;

    private Benchmark(PrintStream out, LocalAthena athena, int runs) {
        this.out = out;
        this.athena = athena;
        this.runs = runs;
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Benchmark <report folder> <phases: pruned,year,before-after,parquet> <runs>");
        }
        List<String> phases = List.of(args[1].split(","));
        for (String phase : phases) {
            if (!List.of("pruned", "year", "before-after", "parquet").contains(phase)) {
                throw new IllegalArgumentException("unknown phase '" + phase + "'; phases: pruned, year, before-after, parquet");
            }
        }
        int runs = Integer.parseInt(args[2]);
        // taken before the engine starts: Trino's logging takes over System.out afterwards
        PrintStream out = System.out;
        long startedAt = System.nanoTime();
        try (LocalAthena athena = LocalAthena.start(Path.of(args[0]))) {
            out.printf("engine started in %.1f s over %d files (%s .. %s)%n", (System.nanoTime() - startedAt) / 1e9,
                    athena.folder().files(), athena.folder().firstDay(), athena.folder().lastDay());
            Benchmark benchmark = new Benchmark(out, athena, runs);
            for (String phase : phases) {
                switch (phase) {
                    case "pruned" -> benchmark.pruned();
                    case "year" -> benchmark.year();
                    case "before-after" -> benchmark.beforeAfter();
                    default -> benchmark.parquet();
                }
            }
        } catch (RuntimeException e) {
            // Trino's logging has taken System.err over: print the failure where the figures go
            e.printStackTrace(out);
            out.flush();
            throw e;
        }
    }

    private LocalDate latest() {
        return athena.folder().lastDay();
    }

    private String latestLiteral() {
        return "date '" + latest() + "'";
    }

    /** The queries that name their days: what a 30-day dashboard and the day's digest read. */
    private void pruned() {
        out.println("== pruned: queries filtering on dt (median of " + runs + ")");
        String from = "date '" + latest().minusDays(29) + "'";
        String day = "'" + latest() + "'";
        measure("daily_counts, last 30 days", "select * from daily_counts where dt >= " + from, runs);
        measure("dashboard stale_credentials (1 day)", "select * from stale_credentials where dt = " + latestLiteral()
                + " order by finding, days_idle desc, account_name, user_name, credential", runs);
        measure("dashboard console_users (1 day)", "select * from console_users where dt = " + latestLiteral()
                + " order by account_name, user_name", runs);
        for (String digest : List.of("accounts", "new_users", "oldest_unused_credentials", "console_users")) {
            measure("digest " + digest, file(DIGEST_SQL.resolve(digest + ".sql")).replace("?", day), runs);
        }
    }

    /** The queries that read every report day (the dashboard's history, the goal, the QuickSight data sets). */
    private void year() {
        out.println("== year: queries reading every report day (1 run each)");
        measure("daily_counts, whole year", "select * from daily_counts", 1);
        measure("user_changes, whole year", "select * from user_changes", 1);
        measure("goal_progress", "select * from goal_progress", 1);
        SqlFile named = SqlCatalog.shipped().query("today_vs_7_and_14_days_ago").orElseThrow();
        measure("today_vs_7_and_14_days_ago", named.statement(), 1);
    }

    private void beforeAfter() {
        out.println("== before-after: the rewritten views against the old ones (median of " + runs + ")");
        for (String view : REWRITTEN) {
            athena.execute("baseline/" + view + ".sql", before(resource("/dev/stocktake/sql/bench/baseline/" + view + ".sql")));
        }
        for (String view : REWRITTEN) {
            measure(view + " (old)", "select * from " + view + "_before", runs);
            measure(view + " (new)", "select * from " + view, runs);
        }
    }

    /** What a Parquet copy behind the same views would give: the decision on compaction. */
    private void parquet() {
        out.println("== parquet: a copy of the reports in Parquet, partitioned by month, behind copies of the views");
        // LocalAthena's catalog collects no table statistics, which Trino's Hive writer needs: write the copy through a
        // second Hive catalog of the same engine, with its own file metastore
        Path metastore;
        try {
            metastore = Files.createTempDirectory("stocktake-parquet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runner().createCatalog("parquet", "hive", Map.of(
                "hive.metastore", "file",
                "hive.metastore.catalog.dir", "local://" + metastore.toAbsolutePath() + "/",
                "fs.local.enabled", "true",
                "local.location", "/"));
        athena.execute("<benchmark>", "create schema parquet.stocktake");
        long start = System.nanoTime();
        QueryResult copy = athena.execute("<benchmark>", """
                create table parquet.stocktake.report_rows_parquet
                with (format = 'PARQUET', partitioned_by = array['month'])
                as select r.*, "$path" as copied_path,
                    cast("$file_modified_time" at time zone 'UTC' as timestamp(3)) as copied_modified_time,
                    substr(dt, 1, 7) as month
                from credential_reports r""");
        out.printf("copied %s rows to Parquet in %.1f s, %,d bytes read%n", copy.rows().getFirst().getFirst(),
                (System.nanoTime() - start) / 1e9, copy.physicalInputBytes());
        out.println("  parquet files, bytes: " + athena.execute("<benchmark>",
                "select count(*), sum(size) from (select \"$path\", max(\"$file_size\") as size"
                        + " from parquet.stocktake.report_rows_parquet group by \"$path\")").rows().getFirst());
        SqlCatalog catalog = SqlCatalog.shipped();
        String iamUsers = catalog.view("iam_users").orElseThrow().statement()
                .replace("create or replace view iam_users as", "create or replace view iam_users_parquet as")
                .replace("from credential_reports r", "from parquet.stocktake.report_rows_parquet r")
                .replace("\"$path\"", "r.copied_path")
                .replace("\"$file_modified_time\"", "r.copied_modified_time");
        if (!iamUsers.contains("parquet.stocktake.report_rows_parquet")) {
            throw new IllegalStateException("iam_users no longer reads 'from credential_reports r': update the benchmark");
        }
        athena.execute("<benchmark>", iamUsers);
        for (String view : List.of("daily_counts", "goal_progress")) {
            athena.execute("<benchmark>", catalog.view(view).orElseThrow().statement()
                    .replaceAll("\\b(iam_users|daily_counts|goal_progress)\\b", "$1_parquet"));
        }
        String from = "date '" + latest().minusDays(29) + "'";
        measure("parquet daily_counts, last 30 days", "select * from daily_counts_parquet where dt >= " + from, runs);
        measure("parquet daily_counts, whole year", "select * from daily_counts_parquet", runs);
        measure("parquet goal_progress", "select * from goal_progress_parquet", runs);
        // the same rows as from the CSV (both read through the same view text)
        long differences = (Long) athena.execute("<benchmark>", """
                select count(*) from (
                    (select * from daily_counts except select * from daily_counts_parquet)
                    union all
                    (select * from daily_counts_parquet except select * from daily_counts))""").rows().getFirst().getFirst();
        out.println("  daily_counts rows differing between CSV and Parquet: " + differences);
        athena.execute("<benchmark>", "drop table parquet.stocktake.report_rows_parquet");
        deleteRecursively(metastore);
    }

    private static void deleteRecursively(Path folder) {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /** The engine's query runner (LocalAthena keeps it private: the benchmark only adds a catalog to it). */
    private StandaloneQueryRunner runner() {
        try {
            Field field = LocalAthena.class.getDeclaredField("runner");
            field.setAccessible(true);
            return (StandaloneQueryRunner) field.get(athena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LocalAthena no longer holds its StandaloneQueryRunner in 'runner'", e);
        }
    }

    /** A view's text creating {@code <name>_before} and reading the other views' {@code _before} versions. */
    static String before(String sql) {
        String renamed = sql.strip().replaceFirst(";$", "");
        for (String view : REWRITTEN) {
            renamed = renamed.replaceAll("\\b" + view + "\\b", view + "_before");
        }
        return renamed;
    }

    static String resource(String name) {
        try (InputStream in = Benchmark.class.getResourceAsStream(name)) {
            String text = new String(Objects.requireNonNull(in, "missing resource " + name).readAllBytes(), StandardCharsets.UTF_8);
            return text.strip().replaceFirst(";$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String file(Path path) {
        try {
            return Files.readString(path).strip().replaceFirst(";$", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath() + " (run from the repository root)", e);
        }
    }

    private void measure(String label, String sql, int times) {
        List<Long> millis = new ArrayList<>();
        QueryResult result = null;
        for (int run = 0; run < times; run++) {
            long start = System.nanoTime();
            result = athena.execute("<benchmark>", sql);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        out.printf("%-40s rows %7d  splits %7d  bytes read %,13d  median %,8d ms  runs %s%n", label,
                result.rows().size(), result.completedSplits(), result.physicalInputBytes(), sorted.get(sorted.size() / 2),
                millis);
        out.flush();
    }
}
