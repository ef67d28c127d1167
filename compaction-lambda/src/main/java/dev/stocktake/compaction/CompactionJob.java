package dev.stocktake.compaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.compaction.CompactedFiles;
import dev.stocktake.sql.compaction.CompactionSql;
import dev.stocktake.sql.compaction.CompactionState;
import dev.stocktake.sql.compaction.CompactionStateStore;
import dev.stocktake.sql.compaction.Compactor;
import dev.stocktake.sql.compaction.ReportFiles;

/**
 * One compaction run on AWS: the {@link Compactor} over Athena ({@link AthenaSqlRunner}), the Parquet files on S3
 * ({@link S3CompactedFiles}) and the state object ({@link S3CompactionStateStore}), bounded by the invocation's
 * deadline, with one JSON log line (also CloudWatch EMF) saying what it did or why it failed.
 */
public final class CompactionJob {

    /**
     * Another month is started only while more than this is left before the deadline. A month is three statements
     * on Athena (the copy and two counts), each reading the month once: a year of 300 accounts (109,500 CSV files)
     * copied in 195 s on the benchmark machine, so a month at 1,000 accounts is about a minute of reading; five
     * minutes leaves room for the workgroup's queue and Athena's per-file overhead, and a 15-minute Lambda still
     * does at least two months a run (a long history is caught up over the next daily runs).
     */
    public static final Duration MONTH_BUDGET = Duration.ofMinutes(5);

    /** What an invocation asks for. */
    public sealed interface Request {
    }

    /** The daily schedule: every finished month not compacted yet, oldest first, within the budget. */
    public record Scheduled() implements Request {
    }

    /** Copy one compacted month again (after a late CSV for one of its days). */
    public record Recompact(YearMonth month) implements Request {
    }

    private final AthenaQueries athena;
    private final CompactedFiles files;
    private final CompactionStateStore store;
    private final ReportFiles reports;
    private final String shippedView;
    private final LocalDate firstReportDay;
    private final int settleDays;
    private final JsonLog log;
    private final Clock clock;

    /**
     * @param shippedView the {@code report_rows} statement as deployed (fails here, at init, when it has no boundary)
     */
    public CompactionJob(AthenaQueries athena, CompactedFiles files, CompactionStateStore store, ReportFiles reports,
                         String shippedView, LocalDate firstReportDay, int settleDays, JsonLog log, Clock clock) {
        CompactionSql.reportRowsView(shippedView, Optional.empty());
        this.athena = athena;
        this.files = files;
        this.store = store;
        this.reports = reports;
        this.shippedView = shippedView;
        this.firstReportDay = firstReportDay;
        this.settleDays = settleDays;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Runs {@code request}; statements still running at {@code deadline} are stopped.
     *
     * @throws dev.stocktake.sql.compaction.CompactionException when a copy fails or does not match its CSVs, or the
     *                                                          state cannot be read or written
     * @throws IllegalArgumentException                         when a month to recompact is not finished yet
     */
    public Compactor.Result run(Request request, Deadline deadline) {
        Instant start = clock.instant();
        Compactor compactor = new Compactor(new AthenaSqlRunner(athena, deadline), files, store, reports, shippedView,
                firstReportDay, settleDays, clock);
        Compactor.Result result;
        try {
            result = switch (request) {
                case Scheduled scheduled -> compactor.run(() -> deadline.allows(MONTH_BUDGET));
                case Recompact recompact -> compactor.recompact(recompact.month());
            };
        } catch (RuntimeException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("component", "compaction");
            fields.put("action", action(request));
            fields.put("error", String.valueOf(e.getMessage()));
            log.event(clock.instant(), "ERROR", "compaction failed", fields, Map.of("CompactionFailures", 1,
                    "CompactionDurationMs", Duration.between(start, clock.instant()).toMillis()));
            throw e;
        }
        for (CompactionState.Month month : result.compacted()) {
            log.info(clock.instant(), "month compacted", Map.of("component", "compaction", "month", month.month(),
                    "rows", month.rows(), "files", month.files(), "days", month.days()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("component", "compaction");
        fields.put("action", action(request));
        fields.put("months", String.join(",", result.compacted().stream().map(CompactionState.Month::month).toList()));
        fields.put("compactedThrough", result.compactedThrough().map(LocalDate::toString).orElse(null));
        fields.put("pending", String.join(",", result.pending().stream().map(YearMonth::toString).toList()));
        fields.put("late", String.join(",", result.late().stream().map(YearMonth::toString).toList()));
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("CompactedMonths", result.compacted().size());
        metrics.put("CompactedRows", result.compacted().stream().mapToLong(CompactionState.Month::rows).sum());
        metrics.put("CompactedFiles", result.compacted().stream().mapToLong(CompactionState.Month::files).sum());
        metrics.put("PendingMonths", result.pending().size());
        metrics.put("LateMonths", result.late().size());
        metrics.put("CompactionFailures", 0);
        metrics.put("CompactionDurationMs", Duration.between(start, clock.instant()).toMillis());
        log.event(clock.instant(), "INFO", "compaction done", fields, metrics);
        return result;
    }

    /** The invocation's answer: the months compacted, the view's boundary and what is left for the next run. */
    public static Map<String, Object> summary(Request request, Compactor.Result result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("action", action(request));
        List<Map<String, Object>> months = new ArrayList<>();
        for (CompactionState.Month month : result.compacted()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("month", month.month());
            entry.put("rows", month.rows());
            entry.put("files", month.files());
            entry.put("days", month.days());
            months.add(entry);
        }
        summary.put("compacted", months);
        summary.put("compactedThrough", result.compactedThrough().map(LocalDate::toString).orElse(null));
        summary.put("pending", result.pending().stream().map(YearMonth::toString).toList());
        summary.put("late", result.late().stream().map(YearMonth::toString).toList());
        return summary;
    }

    private static String action(Request request) {
        return switch (request) {
            case Scheduled scheduled -> "compact";
            case Recompact recompact -> "recompact " + recompact.month();
        };
    }
}
