package dev.stocktake.notifier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;

/**
 * The notifier's report fixtures ({@code src/test/resources/dev/stocktake/notifier/fixtures/reports}, written by
 * {@code generate.py} beside them, keys {@code YYYY/MM/DD/<percent-encoded name>@<account id>.csv}), copied to a folder
 * laid out like the bucket, each file timed 06:00 UTC on its day.
 *
 * <p>Accounts: prod (111111111111, with a root row), "team a/b" (222222222222, percent-encoded), "sandbox &lt;&amp;&gt;"
 * (333333333333, a name that must be escaped, with the user {@code +ops@corp}), legacy (444444444444, no report on
 * the digest's day: its report of the day before is carried), gone (666666666666, reports up to 03-08 only: missing on
 * the digest's day), forged (777777777777: its report of the digest's day also lists a user with prod's ARN, so it is
 * rejected and its report of the day before carried). Report days 2026-02-15 (the baseline), 03-01, 03-08, 03-14 and
 * 03-15, the digest's {@link #DAY}. Console users counted (daily_counts_filled): 13, 12, 10, 8 and 8. The account
 * directory ({@code accounts/}, exported on 2026-02-15 and 03-15) lists the six, all active, and retired
 * (555555555555), suspended. The allowlist allows ci-bot's key, lists old-admin by an expired entry and +ops@corp for
 * keys only (a violation). Milestones ({@code milestones/milestones.csv}): the organization's "under 5" (at most 5 by
 * 2026-04-30) and "zero" (0 by 2026-12-31), and team a/b's own "team first" (at most 1 by 2026-04-30). No Identity
 * Center export: every verdict but allowlisted and machine_user is identity_center_unknown.
 */
public final class Fixtures {

    public static final LocalDate DAY = LocalDate.of(2026, 3, 15);

    private Fixtures() {
    }

    /**
     * Copies the reports to {@code target/credential-reports/}, the account directory's exports to
     * {@code target/accounts/}, the allowlist to {@code target/allowlist/allowlist.csv} and the milestones to
     * {@code target/milestones/milestones.csv}, as the bucket holds them.
     *
     * @return {@code target}
     */
    public static Path copyTo(Path target) {
        try {
            copy("reports", target.resolve("credential-reports"));
            copy("accounts", target.resolve("accounts"));
            Path allowlist = Files.createDirectories(target.resolve("allowlist")).resolve("allowlist.csv");
            Files.copy(Path.of(Fixtures.class.getClassLoader().getResource("dev/stocktake/notifier/fixtures/allowlist/allowlist.csv")
                    .toURI()), allowlist);
            Path milestones = Files.createDirectories(target.resolve("milestones")).resolve("milestones.csv");
            Files.copy(Path.of(Fixtures.class.getClassLoader().getResource("dev/stocktake/notifier/fixtures/milestones/milestones.csv")
                    .toURI()), milestones);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(String folder, Path target) throws IOException, URISyntaxException {
        Path source = Path.of(Fixtures.class.getClassLoader().getResource("dev/stocktake/notifier/fixtures/" + folder).toURI());
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = source.relativize(path).toString().replace('\\', '/');
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(path, copy);
                LocalDate day = LocalDate.parse(relative.substring(0, 10).replace('/', '-'));
                Files.setLastModifiedTime(copy, FileTime.from(day.atTime(LocalTime.of(6, 0)).toInstant(ZoneOffset.UTC)));
            }
        }
    }
}
