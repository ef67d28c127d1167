package dev.stocktake.sql.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * The credential report fixtures ({@code src/test/resources/dev/stocktake/sql/fixtures/reports}), copied to a folder
 * with the file times the collector would have left: every report written at 06:00 UTC on its day, except the
 * report of "team a/b" on 2026-03-02 written at 09:00 (git keeps no file times, so they are set here). That day the
 * account (222222222222) also has a report under an earlier name, "old team": two keys of one account on one day,
 * of which the views use the later in key order ({@link #RERUN_FILE}) and list the other in rejected_reports.
 */
public final class ReportFixtures {

    public static final String RERUN_FILE = "2026/03/02/team%20a%2Fb@222222222222.csv";
    /** The same account's report of that day under its earlier name, kept out. */
    public static final String RENAMED_FILE = "2026/03/02/old%20team@222222222222.csv";

    private ReportFixtures() {
    }

    public static Path copyTo(Path target) {
        try {
            Path source = Path.of(resource("dev/stocktake/sql/fixtures/reports").toURI());
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    String relative = source.relativize(path).toString().replace('\\', '/');
                    Path copy = target.resolve(relative);
                    Files.createDirectories(copy.getParent());
                    Files.copy(path, copy);
                    LocalDate day = LocalDate.parse(relative.substring(0, 10).replace('/', '-'));
                    LocalTime time = relative.equals(RERUN_FILE) ? LocalTime.of(9, 0) : LocalTime.of(6, 0);
                    Files.setLastModifiedTime(copy, FileTime.from(day.atTime(time).toInstant(ZoneOffset.UTC)));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A data folder as a copy of the bucket leaves it: the report fixtures under {@code credential-reports/} and the
     * account directory fixtures ({@code fixtures/accounts}: exports of 2026-03-01, 03-03 and 03-05) under
     * {@code accounts/}.
     */
    public static Path copyWithAccountsTo(Path target) {
        copyTo(target.resolve("credential-reports"));
        try {
            Path source = Path.of(resource("dev/stocktake/sql/fixtures/accounts").toURI());
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve("accounts").resolve(source.relativize(path).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(path, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A data folder as a copy of the bucket leaves it with the allowlist deployed: the report fixtures under
     * {@code credential-reports/} and the allowlist fixture ({@code fixtures/allowlist/allowlist.csv}) as
     * {@code allowlist/allowlist.csv}.
     */
    public static Path copyWithAllowlistTo(Path target) {
        copyTo(target.resolve("credential-reports"));
        try {
            Path copy = target.resolve("allowlist").resolve("allowlist.csv");
            Files.createDirectories(copy.getParent());
            Files.copy(allowlistFixture(), copy);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The allowlist fixture, {@code fixtures/allowlist/allowlist.csv}. */
    public static Path allowlistFixture() {
        try {
            return Path.of(resource("dev/stocktake/sql/fixtures/allowlist/allowlist.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the sizes of the given report files under {@code folder}. */
    public static long sizeOf(Path folder, List<String> files) {
        long total = 0;
        for (String file : files) {
            try {
                total += Files.size(folder.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    private static URL resource(String name) {
        URL url = ReportFixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return url;
    }

    static InputStream open(String name) {
        return ReportFixtures.class.getClassLoader().getResourceAsStream(name);
    }

    /** One expected row, as the engine returns it. */
    static java.util.List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }

    static java.time.LocalDate day(String isoDate) {
        return java.time.LocalDate.parse(isoDate);
    }

    /** A TIMESTAMP as the engine returns it, from {@code yyyy-MM-dd HH:mm:ss}. */
    static java.time.LocalDateTime ts(String isoDateTime) {
        return java.time.LocalDateTime.parse(isoDateTime.replace(' ', 'T'));
    }
}
