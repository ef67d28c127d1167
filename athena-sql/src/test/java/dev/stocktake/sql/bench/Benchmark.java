package dev.stocktake.sql.bench;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code daily_counts} over the last 30 report days against the whole year on the embedded Trino, and prints
 * what each read. Not a test: run through {@code athena-sql/bench/run.sh}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Benchmark <report folder> <runs per query>");
        }
        int runs = Integer.parseInt(args[1]);
        // taken before the engine starts: Trino's logging takes over System.out afterwards
        PrintStream out = System.out;
        long startedAt = System.nanoTime();
        try (LocalAthena athena = LocalAthena.start(Path.of(args[0]))) {
            out.printf("engine started in %.1f s over %d files (%s .. %s)%n", (System.nanoTime() - startedAt) / 1e9,
                    athena.folder().files(), athena.folder().firstDay(), athena.folder().lastDay());
            LocalDate from = athena.folder().lastDay().minusDays(29);
            measure(out, athena, "daily_counts, last 30 days",
                    "select * from daily_counts where dt >= date '" + from + "'", runs);
            measure(out, athena, "daily_counts, whole year", "select * from daily_counts", runs);
        }
    }

    private static void measure(PrintStream out, LocalAthena athena, String label, String sql, int runs) {
        athena.execute("<benchmark>", sql); // warm-up
        List<Long> millis = new ArrayList<>();
        QueryResult result = null;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            result = athena.execute("<benchmark>", sql);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        out.printf("%-28s rows %6d  files read %6d  bytes read %,13d  median %,7d ms  runs %s%n", label,
                result.rows().size(), result.completedSplits(), result.physicalInputBytes(), sorted.get(sorted.size() / 2),
                millis);
        out.println("  " + sql);
        out.flush();
    }
}
