package dev.stocktake.sql.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local folder laid out like the report bucket under its prefix: {@code YYYY/MM/DD/<account-name>.csv}
 * (or holding such a folder as {@code credential-reports/}).
 *
 * @param root      the folder the day folders are in (absolute, normalised)
 * @param firstDay  the earliest report day found (the start of the projected range)
 * @param lastDay   the latest report day found
 * @param files     number of report files
 */
public record ReportFolder(Path root, LocalDate firstDay, LocalDate lastDay, int files) {

    static final String LAYOUT = "YYYY/MM/DD/<account-name>.csv";
    private static final Pattern REPORT = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/[^/]+\\.csv");

    /**
     * Checks the layout of {@code folder} and finds its first and last report day. Hidden files and folders
     * (starting with {@code .} or {@code _}, which Trino ignores as well) are skipped.
     *
     * @throws ReportFolderException when the folder does not exist, holds no report, or holds a file elsewhere
     */
    public static ReportFolder scan(Path folder) {
        Path root = locate(folder.toAbsolutePath().normalize());
        List<String> badFiles = new ArrayList<>();
        LocalDate first = null;
        LocalDate last = null;
        int count = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (isHidden(relative)) {
                    continue;
                }
                LocalDate day = reportDay(relative);
                if (day == null) {
                    badFiles.add(relative);
                    continue;
                }
                count++;
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (!badFiles.isEmpty()) {
            throw new ReportFolderException("bad layout in " + root + ": expected only " + LAYOUT + " files, found "
                    + String.join(", ", badFiles.subList(0, Math.min(5, badFiles.size())))
                    + (badFiles.size() > 5 ? " and " + (badFiles.size() - 5) + " more" : ""));
        }
        if (count == 0) {
            throw new ReportFolderException("no credential reports in " + root + ": expected files laid out like the bucket, "
                    + LAYOUT);
        }
        return new ReportFolder(root, first, last, count);
    }

    /**
     * The folder itself, or its {@code credential-reports/} sub-folder (the default prefix, as
     * {@code stocktake collect --out} and a bucket copy leave it) when the folder has no year folder of its own.
     */
    private static Path locate(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ReportFolderException("no such folder: " + folder);
        }
        Path prefixed = folder.resolve("credential-reports");
        if (Files.isDirectory(prefixed) && !hasYearFolder(folder)) {
            return prefixed;
        }
        return folder;
    }

    private static boolean hasYearFolder(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.anyMatch(child -> Files.isDirectory(child) && child.getFileName().toString().matches("\\d{4}"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static boolean isHidden(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate reportDay(String relative) {
        Matcher matcher = REPORT.matcher(relative);
        if (!matcher.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
