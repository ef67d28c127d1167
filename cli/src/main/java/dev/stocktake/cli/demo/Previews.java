package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.dashboard.DashboardData;
import dev.stocktake.dashboard.Dataset;
import dev.stocktake.notifier.NotifierPreview;
import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.notifier.digest.DigestQuery;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;

/**
 * What the notifier would email and post to Slack for the latest report day, rendered by the notifier's own code
 * ({@link NotifierPreview}) from its digest queries run on the embedded Trino. Nothing is sent.
 */
public final class Previews {

    private Previews() {
    }

    /** The files written. */
    public record Written(Path email, Path emailText, Path slack, Path attachment) {
    }

    /**
     * Runs the digest's queries for the latest day of {@code data} and writes the previews into {@code folder}. The
     * digest's {@code goal} query reads the {@code goal_progress} view, whose rows the dashboard already has: those
     * are used instead of reading every report again.
     */
    public static Written write(LocalAthena athena, DashboardData data, Path folder) {
        Map<String, ResultTable> results = new LinkedHashMap<>();
        for (DigestQuery query : DigestQuery.all()) {
            if (query.name().equals(DigestQuery.GOAL)) {
                ResultTable goal = goalColumns(data.dataset("goal_progress"), query);
                if (goal != null) {
                    results.put(query.name(), goal);
                    continue;
                }
            }
            QueryResult result = athena.execute("notifier:" + query.name(), query.inlined(data.latestDay()));
            results.put(query.name(), ResultTable.fromValues(result.columns(), result.rows()));
        }
        NotifierPreview.Preview preview = NotifierPreview.render(data.latestDay(), results);
        try {
            Path email = Files.writeString(folder.resolve("email-preview.html"), preview.html(), StandardCharsets.UTF_8);
            Path text = Files.writeString(folder.resolve("email-preview.txt"), "Subject: " + preview.subject() + "\n\n" + preview.text(),
                    StandardCharsets.UTF_8);
            Path slack = Files.writeString(folder.resolve("slack-preview.json"), preview.slackJson(), StandardCharsets.UTF_8);
            Path attachment = Files.writeString(folder.resolve(preview.csvName()), preview.csv(), StandardCharsets.UTF_8);
            return new Written(email, text, slack, attachment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the previews into " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The goal query's columns taken from the goal_progress rows, when the query is a plain projection of that view;
     * else {@code null} (then it is run).
     */
    private static ResultTable goalColumns(Dataset goalProgress, DigestQuery query) {
        String statement = query.sql().lines().filter(line -> !line.strip().startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b).strip();
        if (!statement.matches("(?is)select\\s+[a-z_,\\s]+\\s+from\\s+goal_progress")) {
            return null;
        }
        List<String> columns = java.util.Arrays.stream(statement.replaceAll("(?is)^select\\s+", "").replaceAll("(?is)\\s+from\\s+goal_progress$", "")
                .split(",")).map(String::strip).toList();
        if (!goalProgress.columns().containsAll(columns)) {
            return null;
        }
        List<List<Object>> rows = goalProgress.rows().stream()
                .map(row -> columns.stream().map(column -> row.get(goalProgress.column(column))).toList())
                .toList();
        return ResultTable.fromValues(columns, rows);
    }
}
