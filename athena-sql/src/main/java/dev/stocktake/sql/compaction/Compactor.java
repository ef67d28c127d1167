package dev.stocktake.sql.compaction;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The compaction job: copies each finished month of credential reports into the Parquet table
 * {@code report_rows_compacted}, checks the copy row for row against the CSVs, records the month, and re-creates the
 * {@code report_rows} view so the views read compacted days from Parquet. The CSVs are never touched: they stay the
 * source of truth, and the view reads any day not (or no longer) recorded as compacted from them.
 *
 * <p>A month is finished {@code settleDays} after its end (so a collector re-run on the last days lands first). Per
 * month: delete whatever Parquet files the month already has (a failed attempt's leftovers), copy it with one
 * {@code INSERT INTO}, compare rows and files per day; on a mismatch delete the copy and fail, leaving the view as it
 * was. Months are done oldest first while the caller's budget allows another one, so a first run over a long history
 * continues on the next run. A compacted month with a CSV written after its copy started (a collector re-run, a report
 * uploaded by hand) is taken out of the view at the start of a run and copied again. The view is re-created on every
 * run, which also restores the boundary after a deployment re-created the view as shipped.
 */
public final class Compactor {

    private final SqlRunner sql;
    private final CompactedFiles files;
    private final CompactionStateStore store;
    private final ReportFiles reports;
    private final String shippedView;
    private final LocalDate firstReportDay;
    private final int settleDays;
    private final Clock clock;

    /**
     * @param shippedView    the {@code report_rows} statement as shipped (athena-sql/views/report_rows.sql)
     * @param firstReportDay the first day reports can exist (the projection start of {@code credential_reports})
     * @param settleDays     days after a month's end before it is compacted (late re-runs land first)
     */
    public Compactor(SqlRunner sql, CompactedFiles files, CompactionStateStore store, String shippedView,
                     LocalDate firstReportDay, int settleDays, Clock clock) {
        this(sql, files, store, ReportFiles.NOT_CHECKED, shippedView, firstReportDay, settleDays, clock);
    }

    /**
     * @param reports the raw reports, asked on every run whether a compacted month got a CSV written after its copy
     *                started; such a month is taken out of the view and copied again
     */
    public Compactor(SqlRunner sql, CompactedFiles files, CompactionStateStore store, ReportFiles reports,
                     String shippedView, LocalDate firstReportDay, int settleDays, Clock clock) {
        this.sql = Objects.requireNonNull(sql);
        this.files = Objects.requireNonNull(files);
        this.store = Objects.requireNonNull(store);
        this.reports = Objects.requireNonNull(reports);
        this.shippedView = Objects.requireNonNull(shippedView);
        CompactionSql.reportRowsView(shippedView, Optional.empty()); // fails now on a view without its boundary
        this.firstReportDay = Objects.requireNonNull(firstReportDay);
        if (settleDays < 0 || settleDays > 27) {
            throw new IllegalArgumentException("settle days must be 0 to 27, got " + settleDays);
        }
        this.settleDays = settleDays;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * What a run did.
     *
     * @param compacted        the months copied and checked in this run, oldest first
     * @param compactedThrough the view's boundary after the run; empty when nothing is compacted
     * @param pending          finished months still to compact (left for the next run: out of budget)
     * @param late             compacted months found with a CSV written after their copy started, taken out of the
     *                         view in this run (and copied again, unless they are still pending)
     */
    public record Result(List<CompactionState.Month> compacted, Optional<LocalDate> compactedThrough,
                         List<YearMonth> pending, List<YearMonth> late) {
        public Result {
            compacted = List.copyOf(compacted);
            pending = List.copyOf(pending);
            late = List.copyOf(late);
        }
    }

    /** The last month finished on {@code today}, or empty when none is yet. */
    public Optional<YearMonth> lastFinishedMonth(LocalDate today) {
        YearMonth month = YearMonth.from(today.minusDays(settleDays)).minusMonths(1);
        return month.isBefore(YearMonth.from(firstReportDay)) ? Optional.empty() : Optional.of(month);
    }

    /**
     * Compacts every finished month not yet compacted, oldest first, while {@code budget} says there is time for
     * another month, then re-creates the view with the resulting boundary.
     *
     * @throws CompactionException when a copy fails or does not match the CSVs (that month's copy is deleted; months
     *                             compacted before it in this run stay recorded, and the view is re-created for them)
     */
    public Result run(BooleanSupplier budget) {
        CompactionState stored = store.read().orElse(CompactionState.EMPTY);
        List<YearMonth> late = new ArrayList<>();
        for (CompactionState.Month month : stored.months()) {
            YearMonth yearMonth = month.yearMonth();
            Instant copied = Instant.parse(month.compactedAt());
            if (reports.lastModified(yearMonth.atDay(1), yearMonth.atEndOfMonth())
                    .filter(modified -> modified.isAfter(copied)).isPresent()) {
                late.add(yearMonth);
            }
        }
        if (!late.isEmpty()) {
            // out of the view before anything else: the late CSVs are read at once, the month is copied again below
            for (YearMonth month : late) {
                stored = stored.without(month);
            }
            store.write(stored);
            recreateView(stored);
        }
        CompactionState state = stored;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<YearMonth> todo = new ArrayList<>();
        lastFinishedMonth(today).ifPresent(last -> {
            for (YearMonth month = YearMonth.from(firstReportDay); !month.isAfter(last); month = month.plusMonths(1)) {
                if (!state.contains(month)) {
                    todo.add(month);
                }
            }
        });
        List<CompactionState.Month> done = new ArrayList<>();
        CompactionState current = state;
        try {
            while (!todo.isEmpty() && budget.getAsBoolean()) {
                YearMonth month = todo.removeFirst();
                CompactionState.Month compacted = compact(month);
                CompactionState next = current.with(compacted);
                store.write(next);
                // only a month whose record is stored may be read from Parquet (the finally below)
                current = next;
                done.add(compacted);
            }
        } finally {
            // also after a failure: the months checked before it are recorded and the view may read them
            recreateView(current);
        }
        return new Result(done, current.compactedThrough(YearMonth.from(firstReportDay)), todo, late);
    }

    /**
     * Copies one compacted month again (after a late CSV for one of its days, say): the month is taken out of the
     * view first (read from the CSVs meanwhile), then copied and checked as in {@link #run}, then put back.
     *
     * @throws IllegalArgumentException when the month is not finished yet
     * @throws CompactionException      when the copy fails or does not match (the month then stays on the CSVs until a
     *                                  later run copies it)
     */
    public Result recompact(YearMonth month) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Optional<YearMonth> last = lastFinishedMonth(today);
        if (month.isBefore(YearMonth.from(firstReportDay)) || last.isEmpty() || month.isAfter(last.get())) {
            throw new IllegalArgumentException("month " + month + " cannot be compacted on " + today + ": months from "
                    + YearMonth.from(firstReportDay) + " (the first report day's) to "
                    + last.map(YearMonth::toString).orElse("(none finished yet)") + " can, a month being finished "
                    + settleDays + " day(s) after its end");
        }
        CompactionState current = store.read().orElse(CompactionState.EMPTY).without(month);
        store.write(current);
        recreateView(current);
        // on a failure the state no longer lists the month: the view reads it from the CSVs, the next run copies it
        CompactionState.Month compacted = compact(month);
        current = current.with(compacted);
        store.write(current);
        recreateView(current);
        return new Result(List.of(compacted), current.compactedThrough(YearMonth.from(firstReportDay)), List.of(),
                List.of());
    }

    private CompactionState.Month compact(YearMonth month) {
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        // recorded as compactedAt: a CSV of the month written after this instant is late (the copy may miss it)
        Instant copyStarted = Instant.now(clock);
        files.deleteDays(first, last);
        try {
            sql.run("copy " + month, CompactionSql.copyDays(first, last));
        } catch (RuntimeException e) {
            int deleted;
            try {
                deleted = files.deleteDays(first, last);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                throw new CompactionException("copying " + month + " to Parquet failed: " + e.getMessage() + ". Its "
                        + "partial copy could not be deleted either (" + cleanup.getMessage() + "); report_rows reads "
                        + month + " from the CSVs, and the next run deletes the leftovers before it tries again.", e);
            }
            throw new CompactionException("copying " + month + " to Parquet failed: " + e.getMessage() + ". Its partial "
                    + "copy (" + deleted + " file(s)) was deleted; report_rows reads " + month + " from the CSVs, and "
                    + "the next run tries again.", e);
        }
        Map<String, long[]> csv = counts(sql.run("count CSV " + month, CompactionSql.csvCounts(first, last)));
        Map<String, long[]> copy = counts(sql.run("count copy " + month, CompactionSql.copyCounts(first, last)));
        if (!csv.keySet().equals(copy.keySet()) || csv.entrySet().stream()
                .anyMatch(e -> !java.util.Arrays.equals(e.getValue(), copy.get(e.getKey())))) {
            int deleted = files.deleteDays(first, last);
            throw new CompactionException("the Parquet copy of " + month + " does not match its CSVs: "
                    + differences(csv, copy) + ". The copy (" + deleted + " file(s)) was deleted; report_rows reads "
                    + month + " from the CSVs, and the next run copies it again. A CSV written during the copy (a "
                    + "collector re-run) explains one mismatch; if it repeats, compare the days named above.");
        }
        long rows = csv.values().stream().mapToLong(c -> c[0]).sum();
        long sourceFiles = csv.values().stream().mapToLong(c -> c[1]).sum();
        return new CompactionState.Month(month.toString(), rows, sourceFiles, csv.size(), copyStarted.toString());
    }

    private void recreateView(CompactionState state) {
        sql.run("view " + CompactionSql.VIEW,
                CompactionSql.reportRowsView(shippedView, state.compactedThrough(YearMonth.from(firstReportDay))));
    }

    /** {@code dt -> [rows, files]} from rows of {@code dt, row_count, file_count}. */
    private static Map<String, long[]> counts(List<List<String>> rows) {
        Map<String, long[]> counts = new TreeMap<>();
        for (List<String> row : rows) {
            if (row.size() != 3) {
                throw new CompactionException("a count query returned " + row.size() + " columns, expected dt, "
                        + "row_count, file_count: " + row);
            }
            counts.put(row.get(0), new long[] {Long.parseLong(row.get(1)), Long.parseLong(row.get(2))});
        }
        return counts;
    }

    private static String differences(Map<String, long[]> csv, Map<String, long[]> copy) {
        List<String> out = new ArrayList<>();
        TreeMap<String, Boolean> days = new TreeMap<>();
        csv.keySet().forEach(day -> days.put(day, true));
        copy.keySet().forEach(day -> days.put(day, true));
        for (String day : days.keySet()) {
            long[] a = csv.getOrDefault(day, new long[2]);
            long[] b = copy.getOrDefault(day, new long[2]);
            if (!java.util.Arrays.equals(a, b)) {
                out.add(day + ": CSV " + a[0] + " rows in " + a[1] + " files, copy " + b[0] + " rows in " + b[1] + " files");
            }
        }
        int shown = Math.min(out.size(), 5);
        return String.join("; ", out.subList(0, shown)) + (out.size() > shown ? "; and " + (out.size() - shown)
                + " more day(s)" : "");
    }
}
