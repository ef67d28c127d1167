package dev.stocktake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.ReportFolder;

/**
 * The warning {@code stocktake sql} and {@code stocktake report} print on stderr after their output when the view
 * {@code rejected_reports} lists files: report files that are kept out of every number, so the answer the user just
 * got rests on fewer reports than the folder holds.
 *
 * <p>It covers every file the engine reads (the whole data folder) for {@code report}, which shows every day of it;
 * for {@code sql}, the days the statement read (a statement that read no report, or only the latest day, does not wait
 * for every day to be checked). It never fails the command: when the view does not exist (the SQL
 * shipped before it) or cannot be read, nothing is said.
 */
public final class RejectedReports {

    /** Files named in the warning; the rest are counted. */
    static final int SHOWN = 5;

    private RejectedReports() {
    }

    /**
     * The warning, or an empty string when there is nothing to warn about.
     *
     * @param command the command's name for the message, e.g. {@code stocktake sql}
     * @param data    the {@code --data} argument, for the command that lists them all
     */
    public static String warning(LocalAthena athena, String command, String data) {
        List<List<Object>> rows;
        long total;
        try {
            if (!athena.hasView("rejected_reports")) {
                return "";
            }
            // one pass: the latest files, each row carrying the total
            rows = athena.execute("rejected_reports", "select dt, source_file, reason, count(*) over () from rejected_reports"
                    + " order by dt desc, source_file limit " + SHOWN).rows();
            if (rows.isEmpty()) {
                return "";
            }
            total = (Long) rows.getFirst().get(3);
        } catch (RuntimeException e) {
            return ""; // a warning is a courtesy: the command's own answer stands
        }
        return text(command, data, total, rows,
                "local://" + athena.folder().root().toAbsolutePath().normalize().toString().replace('\\', '/') + "/");
    }

    /**
     * The warning about every day of the folder the engine reads, with each day's answer kept in {@code cache} (see
     * {@link RejectedFiles}): after {@code stocktake demo} or {@code report}, a question over any of those days finds
     * its answer there. Without a cache, as {@link #warning(LocalAthena, String, String)}.
     */
    public static String warning(LocalAthena athena, String command, String data, Path cache) {
        if (cache == null) {
            return warning(athena, command, data);
        }
        ReportFolder folder = athena.folder();
        // the table's projection ends today (UTC): later days are not read, as on Athena
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate last = folder.lastDay().isAfter(today) ? today : folder.lastDay();
        return warning(athena, command, data, folder.firstDay().datesUntil(last.plusDays(1))
                .collect(Collectors.toCollection(TreeSet::new)), cache);
    }

    /**
     * The warning about the rejected files of {@code days} only: the days the command's statements read
     * ({@link LocalAthena#reportDaysRead()}), so that a statement over one day does not wait for every day to be
     * checked, and one that read no report ({@code select 1}) gets no warning.
     */
    public static String warning(LocalAthena athena, String command, String data, SortedSet<LocalDate> days) {
        return warning(athena, command, data, days, null);
    }

    /**
     * As {@link #warning(LocalAthena, String, String, SortedSet)}, with each day's answer kept in {@code cache} (see
     * {@link RejectedFiles}; {@code null} for none), so that a day checked before is not checked again.
     */
    public static String warning(LocalAthena athena, String command, String data, SortedSet<LocalDate> days, Path cache) {
        if (days.isEmpty()) {
            return "";
        }
        List<RejectedFiles.Rejected> rejected;
        try {
            if (!athena.hasView("rejected_reports")) {
                return "";
            }
            rejected = RejectedFiles.on(athena, days, cache);
        } catch (RuntimeException e) {
            return ""; // a warning is a courtesy: the command's own answer stands
        }
        if (rejected.isEmpty()) {
            return "";
        }
        return text(command, data, rejected.size(), rejected.stream().limit(SHOWN)
                .map(r -> List.<Object>of(r.day(), r.file(), r.reason())).toList(), "");
    }

    /** The warning's text: {@code rows} are the files shown (day, file, reason), {@code root} is cut off their paths. */
    private static String text(String command, String data, long total, List<List<Object>> rows, String root) {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        err.printf("%s: warning: %d report file%s %s kept out of every number (rejected_reports)%s:%n", command, total,
                total == 1 ? "" : "s", total == 1 ? "is" : "are", total > SHOWN ? "; the latest " + SHOWN : "");
        for (List<Object> row : rows) {
            String file = String.valueOf(row.get(1));
            err.printf("  %s  %s: %s%n", row.get(0), !root.isEmpty() && file.startsWith(root) ? file.substring(root.length()) : file,
                    row.get(2));
        }
        err.printf("  See %s: ./stocktake sql --data %s --view rejected_reports%n", total > SHOWN ? "all of them" : "them",
                quoted(data));
        err.flush();
        return text.toString();
    }

    /** How many files {@code rejected_reports} lists, or -1 when it does not exist or cannot be read. */
    public static long count(LocalAthena athena) {
        try {
            if (!athena.hasView("rejected_reports")) {
                return -1;
            }
            return (Long) athena.execute("rejected_reports", "select count(*) from rejected_reports").rows().getFirst().getFirst();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String quoted(String data) {
        return data.matches("[A-Za-z0-9_./:@%+=-]+") ? data : "'" + data.replace("'", "'\\''") + "'";
    }
}
