package dev.stocktake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.stocktake.sql.engine.ReportFolderException;
import dev.stocktake.sql.engine.S3Reports;

/**
 * What {@code --data} names, as a local folder: the folder itself (the {@code reports/} folder inside the output of
 * {@code ./stocktake demo}, see {@link #local}), or an {@code s3://bucket/prefix} copied to a temporary folder that
 * {@link #close()} deletes.
 *
 * <p>The bucket holds the reports under {@code credential-reports/} and, side by side with them, the companions the
 * views read: the account directory's exports ({@code accounts/}), the collector's IAM details ({@code iam-details/}),
 * the Identity Center exports ({@code identity-center/}), the allowlist ({@code allowlist/}), the identity mapping
 * ({@code identity-mapping/}), the migration settings ({@code migration-settings/}) and the milestones
 * ({@code milestones/}). A prefix that holds the reports themselves ({@code s3://bucket/credential-reports/}, or any
 * other report prefix) is copied to {@code <copy>/credential-reports/}, and each companion prefix beside it (under the
 * same parent prefix) to {@code <copy>/<companion>/}, where the embedded engine reads them. A prefix that holds
 * {@code credential-reports/} itself (the bucket's root, say) is copied as it is. Any companion may be absent: the
 * views then use their defaults or say "unknown" (coverage, Identity Center matching, owners, milestones).
 *
 * @param temporaryCopy the temporary folder holding the copy from S3 (deleted on close), or {@code null}
 * @param copiedFiles   the reports copied from S3, or -1 when {@code --data} was a local folder
 * @param companionsFrom where the companions were looked for in S3 ({@code s3://bucket/parent/}), or {@code null}
 *                       (a local folder; the bucket's root when the reports were at its top)
 * @param copiedCompanions the files copied from S3 per companion folder, in {@link #COMPANIONS} order (0 when there
 *                         are none); empty for a local folder
 */
public record DataFolder(Path folder, Path temporaryCopy, int copiedFiles, String companionsFrom,
                  Map<String, Integer> copiedCompanions)
        implements AutoCloseable {

    static final String REPORTS = "credential-reports";
    static final String ACCOUNTS = "accounts";
    static final String ALLOWLIST = "allowlist";
    static final String IAM_DETAILS = "iam-details";
    static final String IDENTITY_CENTER = "identity-center";
    static final String IDENTITY_MAPPING = "identity-mapping";
    static final String MIGRATION_SETTINGS = "migration-settings";
    static final String MILESTONES = "milestones";
    /** The remediation journal ({@code stocktake remediate}): who was quarantined or removed by Stocktake. */
    static final String REMEDIATION = "remediation";

    /** The prefixes copied beside the reports, each into the folder of the same name. */
    static final List<String> COMPANIONS = List.of(ACCOUNTS, IAM_DETAILS, IDENTITY_CENTER, ALLOWLIST, IDENTITY_MAPPING,
            MIGRATION_SETTINGS, MILESTONES, REMEDIATION);

    public DataFolder {
        copiedCompanions = Collections.unmodifiableMap(new LinkedHashMap<>(copiedCompanions));
    }

    /** Where {@code ./stocktake demo} puts the bucket's copy inside its output folder. */
    static final String DEMO_REPORTS = "reports";

    public static DataFolder open(String data, Map<String, String> env) throws IOException {
        if (!data.startsWith("s3://")) {
            return new DataFolder(local(Path.of(data)), null, -1, null, Map.of());
        }
        S3Reports.Location location = S3Reports.Location.parse(data);
        Path copy = Files.createTempDirectory("stocktake-reports-");
        try {
            Path reports = copy.resolve(REPORTS);
            // the prefix holds credential-reports/ (the bucket's root, say): the companions are beside that folder
            String parent = location.prefix();
            int files = S3Reports.download(new S3Reports.Location(location.bucket(), parent + REPORTS + "/"), env, reports);
            if (files == 0) {
                // else the prefix holds the reports themselves: the companions are beside the prefix
                files = S3Reports.download(location, env, reports);
                parent = parentPrefix(location.prefix());
            }
            Map<String, Integer> companions = new LinkedHashMap<>();
            for (String companion : COMPANIONS) {
                companions.put(companion, parent == null ? 0 : S3Reports.download(
                        new S3Reports.Location(location.bucket(), parent + companion + "/"), env, copy.resolve(companion),
                        ".csv", ".json"));
            }
            return new DataFolder(copy, copy, files, parent == null ? null : "s3://" + location.bucket() + "/" + parent, companions);
        } catch (RuntimeException e) {
            delete(copy);
            throw e;
        }
    }

    /**
     * The folder the engine reads for a local {@code --data}: the folder itself when it holds the reports
     * ({@code YYYY/}) or a copy of the bucket ({@code credential-reports/}); its {@code reports/} folder when it is
     * the output of {@code ./stocktake demo} ({@code reports/credential-reports/} beside {@code dashboard.html}).
     *
     * @throws ReportFolderException when the folder does not exist or is none of these, saying what was expected
     */
    static Path local(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            throw new ReportFolderException("no such folder: " + data.toAbsolutePath().normalize()
                    + " (--data takes " + EXPECTED + ")");
        }
        if (Files.isDirectory(data.resolve(REPORTS)) || hasYearFolder(data)) {
            return data;
        }
        Path demoReports = data.resolve(DEMO_REPORTS);
        if (Files.isDirectory(demoReports.resolve(REPORTS))) {
            return demoReports;
        }
        throw new ReportFolderException("no credential reports in " + data.toAbsolutePath().normalize() + ": expected "
                + EXPECTED);
    }

    private static final String EXPECTED = "a folder laid out like the bucket (YYYY/MM/DD/<account-name>@<account-id>.csv),"
            + " a copy of the bucket (credential-reports/YYYY/MM/DD/... with accounts/, allowlist/, ... beside it),"
            + " the output folder of ./stocktake demo (reports/credential-reports/...), or s3://bucket/prefix/";

    private static boolean hasYearFolder(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.anyMatch(child -> Files.isDirectory(child) && child.getFileName().toString().matches("\\d{4}"));
        }
    }

    /**
     * The prefix that holds {@code prefix}: {@code credential-reports/} → {@code ""}, {@code a/b/} → {@code a/};
     * {@code null} for the bucket's root (nothing is beside it).
     */
    static String parentPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        String withoutSlash = prefix.substring(0, prefix.length() - 1);
        int slash = withoutSlash.lastIndexOf('/');
        return slash < 0 ? "" : withoutSlash.substring(0, slash + 1);
    }

    public boolean fromS3() {
        return temporaryCopy != null;
    }

    /** The account directory exports copied from S3 (0 when there are none), or -1 for a folder. */
    int copiedExports() {
        return copied(ACCOUNTS);
    }

    /** The allowlist files copied from S3 (0 or 1), or -1 for a folder. */
    int copiedAllowlists() {
        return copied(ALLOWLIST);
    }

    /** The files copied from S3 into companion folder {@code companion}, or -1 for a folder. */
    int copied(String companion) {
        return fromS3() ? copiedCompanions.getOrDefault(companion, 0) : -1;
    }

    /**
     * A line saying what came with the reports from S3, companion by companion, and what did not (and so is unknown
     * or defaulted in the views).
     */
    String companions() {
        List<String> found = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String companion : COMPANIONS) {
            int files = copied(companion);
            if (files > 0) {
                found.add(companion + "/ (" + files + (files == 1 ? " file)" : " files)"));
            } else {
                absent.add(companion + "/");
            }
        }
        return (found.isEmpty() ? "no companion files" : String.join(", ", found))
                + (absent.isEmpty() ? "" : "; none in " + String.join(", ", absent)
                        + (absent.contains(ACCOUNTS + "/") ? " (coverage unknown)" : ""))
                + (companionsFrom == null ? " (nothing is beside the bucket's root)" : " from " + companionsFrom);
    }

    private static int count(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return (int) paths.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() {
        if (temporaryCopy != null) {
            delete(temporaryCopy);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
