package dev.stocktake.sql.compaction;

import dev.stocktake.sql.table.TableDefinition;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.stream.Collectors.joining;

/**
 * The statements of the compaction job, the same on Athena and on the embedded Trino: the copy of a range of days
 * from {@code credential_reports} into {@code report_rows_compacted}, the per-day counts that check it, and the
 * {@code report_rows} view with a new boundary.
 *
 * <p>Days are written into the statements as {@code 'yyyy/MM/dd'} literals formatted from {@link LocalDate}s (never
 * from text a caller gave), because Athena takes no execution parameters in DDL and the view must hold its boundary as
 * a literal for both of its branches to prune statically.
 */
public final class CompactionSql {

    /** The view the boundary lives in. */
    public static final String VIEW = "report_rows";

    /**
     * The day literal as shipped: nothing compacted, every day read from the CSVs. A real day before any report:
     * Athena parses a literal compared with the date-projected {@code dt} with the projection's format.
     */
    public static final String NOTHING_COMPACTED = "1970/01/01";

    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final Pattern BOUNDARY = Pattern.compile("'(\\d{4}/\\d{2}/\\d{2})' /\\* compacted_through \\*/");

    private CompactionSql() {
    }

    /** A day as the {@code dt} partition value, {@code yyyy/MM/dd}. */
    public static String dt(LocalDate day) {
        return DT.format(day);
    }

    /**
     * Copies every line of the report files of the days {@code first..last} (inclusive), header lines included, with
     * its file's path and size;
     * the rows of one day go to that day's partition. At most 31 days, under Athena's 100 partitions per INSERT.
     */
    public static String copyDays(LocalDate first, LocalDate last) {
        checkRange(first, last);
        String columns = TableDefinition.credentialReportsTemplate().columnNames().stream()
                .map(CompactionSql::quoted)
                .collect(joining(", "));
        return "insert into report_rows_compacted\n"
                + "select " + columns + ",\n"
                + "    \"$path\" as source_file,\n"
                + "    \"$file_size\" as file_size,\n"
                + "    dt\n"
                + "from credential_reports\n"
                + "where dt between '" + dt(first) + "' and '" + dt(last) + "'";
    }

    /** Rows and distinct files per day of the CSVs, days {@code first..last}: {@code dt, row_count, file_count}. */
    public static String csvCounts(LocalDate first, LocalDate last) {
        checkRange(first, last);
        return "select dt, count(*) as row_count, count(distinct \"$path\") as file_count\n"
                + "from credential_reports\n"
                + "where dt between '" + dt(first) + "' and '" + dt(last) + "'\n"
                + "group by dt";
    }

    /** Rows and distinct source files per day of the Parquet copy, days {@code first..last}, as {@link #csvCounts}. */
    public static String copyCounts(LocalDate first, LocalDate last) {
        checkRange(first, last);
        return "select dt, count(*) as row_count, count(distinct source_file) as file_count\n"
                + "from report_rows_compacted\n"
                + "where dt between '" + dt(first) + "' and '" + dt(last) + "'\n"
                + "group by dt";
    }

    /**
     * The shipped {@code report_rows} statement with its boundary replaced: days up to and including
     * {@code compactedThrough} from the Parquet copy, later days from the CSVs; empty means nothing compacted.
     *
     * @param shipped the statement as shipped ({@code athena-sql/views/report_rows.sql})
     * @throws IllegalArgumentException when the statement does not hold the boundary exactly twice, once per branch
     */
    public static String reportRowsView(String shipped, Optional<LocalDate> compactedThrough) {
        Matcher matcher = BOUNDARY.matcher(shipped);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        if (found != 2) {
            throw new IllegalArgumentException("the report_rows view must hold its boundary as '<yyyy/MM/dd>' /* "
                    + "compacted_through */ exactly twice (once per branch), found it " + found + " time(s)");
        }
        String day = compactedThrough.map(CompactionSql::dt).orElse(NOTHING_COMPACTED);
        return BOUNDARY.matcher(shipped).replaceAll("'" + day + "' /* compacted_through */");
    }

    /** The boundary a {@code report_rows} statement holds; empty when nothing is compacted. */
    public static Optional<LocalDate> boundaryOf(String viewSql) {
        Matcher matcher = BOUNDARY.matcher(viewSql);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no '<yyyy/MM/dd>' /* compacted_through */ boundary in the view");
        }
        String day = matcher.group(1);
        return day.equals(NOTHING_COMPACTED) ? Optional.empty() : Optional.of(LocalDate.parse(day, DT));
    }

    private static void checkRange(LocalDate first, LocalDate last) {
        if (last.isBefore(first) || first.plusDays(30).isBefore(last)) {
            throw new IllegalArgumentException("a copy covers 1 to 31 days (Athena writes at most 100 partitions per "
                    + "INSERT), got " + first + " to " + last);
        }
    }

    private static String quoted(String column) {
        return "\"" + column + "\"";
    }
}
