package dev.stocktake.notifier;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stocktake.sql.athena.ResultTable;
import dev.stocktake.notifier.digest.ConsoleUsersCsv;
import dev.stocktake.notifier.digest.Digest;
import dev.stocktake.notifier.digest.DigestHtml;
import dev.stocktake.notifier.digest.DigestQuery;
import dev.stocktake.notifier.digest.DigestText;
import dev.stocktake.notifier.slack.SlackMessage;

/**
 * What the notifier would send, rendered locally without sending anything: for {@code ./stocktake demo} and for a
 * look at the digest before deploying. Same code as the Lambda from the query results on.
 *
 * <pre>{@code
 * try (LocalAthena athena = LocalAthena.start(folder)) {
 *     Preview preview = NotifierPreview.render(day, (name, sql) -> {
 *         QueryResult result = athena.execute(name, sql);
 *         return ResultTable.fromValues(result.columns(), result.rows());
 *     });
 *     Files.writeString(out.resolve("digest.html"), preview.html());
 *     Files.writeString(out.resolve("slack.json"), preview.slackJson());
 * }
 * }</pre>
 */
public final class NotifierPreview {

    private NotifierPreview() {
    }

    /** Runs one digest query on some engine: {@code sql} has the day written in (no parameter). */
    @FunctionalInterface
    public interface QueryRunner {
        ResultTable run(String name, String sql);
    }

    /**
     * Everything the notifier would send for one day.
     *
     * @param subject   the email's subject
     * @param html      the email's HTML body (email-safe, self-contained)
     * @param text      the email's plain-text alternative
     * @param csv       the attachment's content
     * @param csvName   the attachment's file name
     * @param slackJson the Slack webhook payload
     */
    public record Preview(String subject, String html, String text, String csv, String csvName, String slackJson) {
    }

    /** Runs the digest queries for {@code day} with {@code runner} and renders the result. */
    public static Preview render(LocalDate day, QueryRunner runner) {
        Map<String, ResultTable> results = new LinkedHashMap<>();
        for (DigestQuery query : DigestQuery.all()) {
            results.put(query.name(), runner.run(query.name(), query.inlined(day)));
        }
        return render(day, results);
    }

    /** Renders from results the caller already has, by query name ({@link DigestQuery#all()}). */
    public static Preview render(LocalDate day, Map<String, ResultTable> results) {
        Digest digest = Digest.from(day, results);
        return new Preview(DigestHtml.subject(digest),
                DigestHtml.render(digest, List.of("Preview: nothing was sent. The email also attaches the QuickSight "
                        + "dashboard as a PDF when one is configured.")),
                DigestText.render(digest), ConsoleUsersCsv.render(digest), ConsoleUsersCsv.fileName(day),
                SlackMessage.render(digest));
    }
}
