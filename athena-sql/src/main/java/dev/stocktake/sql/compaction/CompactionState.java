package dev.stocktake.sql.compaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The months the job has copied to Parquet and checked row for row against the CSVs, with what it found. The boundary
 * of {@code report_rows} is the last day of the unbroken run of compacted months from the first one: a month missing
 * from the middle (a failed re-copy, say) sends it and every later month back to the CSVs until it is copied again.
 *
 * @param months the compacted months, oldest first
 */
public record CompactionState(List<Month> months) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Nothing compacted yet. */
    public static final CompactionState EMPTY = new CompactionState(List.of());

    public CompactionState {
        months = months.stream().sorted(Comparator.comparing(Month::month)).toList();
        for (int i = 1; i < months.size(); i++) {
            if (months.get(i).month().equals(months.get(i - 1).month())) {
                throw new IllegalArgumentException("month " + months.get(i).month() + " is listed twice");
            }
        }
    }

    /**
     * One compacted month.
     *
     * @param month       {@code yyyy-MM}
     * @param rows        report rows copied (= rows in the month's CSVs when it was checked)
     * @param files       CSV files they came from
     * @param days        days with at least one report
     * @param compactedAt when its copy started, ISO 8601: a CSV of the month written later makes the copy stale
     */
    public record Month(String month, long rows, long files, int days, String compactedAt) {
        public Month {
            try {
                YearMonth.parse(month);
                Instant.parse(compactedAt);
            } catch (DateTimeParseException | NullPointerException e) {
                throw new IllegalArgumentException("month must be yyyy-MM and compactedAt an ISO 8601 instant, got "
                        + month + " and " + compactedAt);
            }
            if (rows < 0 || files < 0 || days < 0) {
                throw new IllegalArgumentException("counts must not be negative in month " + month);
            }
        }

        public YearMonth yearMonth() {
            return YearMonth.parse(month);
        }
    }

    public boolean contains(YearMonth month) {
        return months.stream().anyMatch(m -> m.yearMonth().equals(month));
    }

    /** This state with {@code month} recorded (replacing an earlier record of it). */
    public CompactionState with(Month month) {
        List<Month> next = new ArrayList<>(without(month.yearMonth()).months());
        next.add(month);
        return new CompactionState(next);
    }

    /** This state without {@code month}. */
    public CompactionState without(YearMonth month) {
        return new CompactionState(months.stream().filter(m -> !m.yearMonth().equals(month)).toList());
    }

    /**
     * The last day of the unbroken run of compacted months starting at {@code firstMonth} (the month of the first
     * report); empty when {@code firstMonth} itself is not compacted.
     */
    public Optional<LocalDate> compactedThrough(YearMonth firstMonth) {
        YearMonth month = firstMonth;
        while (contains(month)) {
            month = month.plusMonths(1);
        }
        return month.equals(firstMonth) ? Optional.empty() : Optional.of(month.minusMonths(1).atEndOfMonth());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param source where the text came from, for the message
     * @throws CompactionException when the text is not a state this class wrote
     */
    public static CompactionState parse(String json, String source) {
        try {
            CompactionState state = JSON.readValue(json, CompactionState.class);
            if (state == null || state.months() == null) {
                throw new IllegalArgumentException("no \"months\" list");
            }
            return state;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CompactionException("the compaction state " + source + " is not valid (" + firstLine(e)
                    + "). Nothing was compacted and report_rows was left as it is. Restore the object from its previous "
                    + "version (the bucket is versioned), or delete it: the next run then copies every finished month "
                    + "again, replacing the Parquet files, and reads the CSVs meanwhile.", e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
