package dev.stocktake.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.stocktake.sql.engine.LocalAthena;

/**
 * Writes the dashboard and what it was built from into a folder:
 * <pre>
 * dashboard.html          the dashboard (self-contained, works offline)
 * data/&lt;name&gt;.csv          each result it shows, with data/&lt;name&gt;.sql, the statement that produced it
 * </pre>
 * (The email and Slack previews are the notifier's: {@code notifier-lambda}'s {@code NotifierPreview}.)
 */
public final class DashboardFiles {

    private DashboardFiles() {
    }

    /** Runs the dashboard's SQL on {@code athena} and writes the files into {@code folder}. */
    public static Written write(LocalAthena athena, Path folder) {
        return write(DashboardData.load(athena), folder);
    }

    /** Writes {@code data} into {@code folder}, generated now. */
    public static Written write(DashboardData data, Path folder) {
        return write(data, folder, Clock.systemUTC());
    }

    /** Writes {@code data} into {@code folder}; the page says it was generated at {@code clock}'s instant (in UTC). */
    public static Written write(DashboardData data, Path folder, Clock clock) {
        try {
            Path root = Files.createDirectories(folder.toAbsolutePath().normalize());
            Path dataFolder = Files.createDirectories(root.resolve("data"));
            for (Dataset dataset : data.datasets()) {
                Files.writeString(dataFolder.resolve(dataset.name() + ".csv"), Csv.write(dataset), StandardCharsets.UTF_8);
                Files.writeString(dataFolder.resolve(dataset.name() + ".sql"),
                        "-- " + dataset.question() + "\n" + dataset.sql() + "\n", StandardCharsets.UTF_8);
            }
            Path dashboard = root.resolve("dashboard.html");
            Files.writeString(dashboard, DashboardPage.render(data, clock.instant()), StandardCharsets.UTF_8);
            return new Written(data, dashboard, dataFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dashboard into " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** What was written, and the data it shows. */
    public record Written(DashboardData data, Path dashboard, Path dataFolder) {
    }

    /** RFC 4180 CSV of a dataset, header first; a field is quoted only when it must be (a comma, a quote, a line break). */
    static final class Csv {

        private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

        private Csv() {
        }

        static String write(Dataset dataset) {
            List<String[]> lines = new ArrayList<>(dataset.rows().size() + 1);
            lines.add(dataset.columns().toArray(String[]::new));
            for (List<Object> row : dataset.rows()) {
                lines.add(row.stream().map(value -> value == null ? null : value.toString()).toArray(String[]::new));
            }
            try {
                return CSV.writer(CsvSchema.emptySchema().withLineSeparator("\r\n")).writeValueAsString(lines);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + dataset.name() + " as CSV", e);
            }
        }
    }
}
