package dev.stocktake.sql.bench;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

import dev.stocktake.sql.compaction.CompactionSql;
import dev.stocktake.sql.compaction.CompactionState;
import dev.stocktake.sql.compaction.CompactionStateStore;
import dev.stocktake.sql.compaction.Compactor;
import dev.stocktake.sql.compaction.FolderCompactedFiles;
import dev.stocktake.sql.compaction.SqlRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Times the queries the HTML dashboard and the digest run, and the views the QuickSight data sets read, on the
 * embedded Trino and prints what each read (Trino's physical input bytes). Not a test: run through
 * {@code sql-engine/bench/run.sh}.
 *
 * <p>Phases (the second argument, comma-separated), in the order given:
 * <ul>
 *   <li>{@code pruned}: the queries that filter on dt, over the last 30 days and the few days they name (median of
 *   {@code runs})</li>
 *   <li>{@code year}: the queries that read every report day, over the whole folder (one run each: a read of the
 *   year takes minutes here)</li>
 *   <li>{@code before-after}: the four rewritten views against the views they replaced ({@code <name>_before}, from
 *   {@code src/test/resources/dev/stocktake/sql/bench/baseline}), median of {@code runs} each</li>
 *   <li>{@code compaction}: the whole-history queries on the CSVs, then the compaction job ({@link Compactor}) over
 *   every finished month, then the same queries through the compacted {@code report_rows}</li>
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
            throw new IllegalArgumentException("usage: Benchmark <report folder> <phases: pruned,year,before-after,compaction> <runs>");
        }
        List<String> phases = List.of(args[1].split(","));
        for (String phase : phases) {
            if (!List.of("pruned", "year", "before-after", "compaction").contains(phase)) {
                throw new IllegalArgumentException("unknown phase '" + phase + "'; phases: pruned, year, before-after, compaction");
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
                    default -> benchmark.compaction();
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

    /**
     * The compaction job on the year: the whole-history queries on the CSVs (view as shipped), then the job's own
     * {@link Compactor} copies every finished month (its statements, its per-day check), then the same queries through
     * the re-created {@code report_rows}, and a check that they return the same rows.
     */
    private void compaction() {
        out.println("== compaction: the job copies the finished months to Parquet; the same queries before and after");
        String from = "date '" + latest().minusDays(29) + "'";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("daily_counts, last 30 days", "select * from daily_counts where dt >= " + from);
        queries.put("daily_counts, whole year", "select * from daily_counts");
        queries.put("goal_progress", "select * from goal_progress");
        queries.put("user_changes, whole year", "select * from user_changes");
        queries.put("missing_reports, whole year", "select * from missing_reports");
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            before.put(query.getKey(), sortedRows(measure("CSV " + query.getKey(), query.getValue(), 1)));
        }
        String shipped = SqlCatalog.shipped().view(CompactionSql.VIEW).orElseThrow().statement();
        // today = the day after the last report day, as when the folder was generated
        Clock clock = Clock.fixed(latest().plusDays(1).atTime(4, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        List<String> statements = new ArrayList<>();
        SqlRunner timed = (name, sql) -> {
            long start = System.nanoTime();
            QueryResult result = athena.execute(name, sql);
            statements.add(String.format("%-22s %7.1f s  bytes read %,13d", name, (System.nanoTime() - start) / 1e9,
                    result.physicalInputBytes()));
            return result.rows().stream()
                    .map(row -> row.stream().map(value -> value == null ? null : String.valueOf(value)).toList())
                    .toList();
        };
        CompactionStateStore state = CompactionStateStore.inMemory();
        long start = System.nanoTime();
        Compactor.Result result = new Compactor(timed, new FolderCompactedFiles(athena.compactedRoot()), state, shipped,
                athena.folder().firstDay(), 2, clock).run(() -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        statements.forEach(line -> out.println("  " + line));
        long rows = result.compacted().stream().mapToLong(CompactionState.Month::rows).sum();
        out.printf("compacted %d months (%s .. %s), %,d rows, in %.1f s; boundary %s%n", result.compacted().size(),
                result.compacted().getFirst().month(), result.compacted().getLast().month(), rows, seconds,
                result.compactedThrough().orElseThrow());
        out.println("  parquet files, bytes: " + athena.execute("<benchmark>",
                "select count(*), sum(size) from (select \"$path\", max(\"$file_size\") as size"
                        + " from report_rows_compacted group by \"$path\")").rows().getFirst());
        out.printf("  CSV bytes of the compacted days: %,d%n", csvBytesThrough(result.compactedThrough().orElseThrow()));
        for (Map.Entry<String, String> query : queries.entrySet()) {
            List<String> after = sortedRows(measure("compacted " + query.getKey(), query.getValue(), runs));
            out.println("  same rows as on the CSVs: " + after.equals(before.get(query.getKey())));
            if (!after.equals(before.get(query.getKey()))) {
                throw new IllegalStateException(query.getKey() + " returns other rows after the compaction");
            }
        }
    }

    private static List<String> sortedRows(QueryResult result) {
        return result.rows().stream().map(Object::toString).sorted().toList();
    }

    private long csvBytesThrough(LocalDate last) {
        try (java.util.stream.Stream<Path> paths = Files.walk(athena.folder().root())) {
            return paths.filter(Files::isRegularFile).filter(path -> {
                String relative = athena.folder().root().relativize(path).toString().replace('\\', '/');
                return !LocalDate.parse(relative.substring(0, 10).replace('/', '-')).isAfter(last);
            }).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private QueryResult measure(String label, String sql, int times) {
        List<Long> millis = new ArrayList<>();
        QueryResult result = null;
        for (int run = 0; run < times; run++) {
            long start = System.nanoTime();
            result = athena.execute("<benchmark>", sql);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        out.printf("%-40s rows %7d  splits %7d  bytes read %,13d  median %,8d ms  runs %s%n", label,
                result.rows().size(), result.scanSplits(), result.physicalInputBytes(), sorted.get(sorted.size() / 2),
                millis);
        out.flush();
        return result;
    }
}
