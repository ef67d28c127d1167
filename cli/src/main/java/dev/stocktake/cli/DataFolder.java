package dev.stocktake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import dev.stocktake.sql.engine.S3Reports;

/**
 * What {@code --data} names, as a local folder: the folder itself, or an {@code s3://bucket/prefix} copied to a
 * temporary folder that {@link #close()} deletes.
 *
 * <p>The bucket holds the reports under {@code credential-reports/}, the account directory's exports under
 * {@code accounts/} and the allowlist at {@code allowlist/allowlist.csv}, side by side. A prefix that holds the
 * reports themselves ({@code s3://bucket/credential-reports/}, or any other report prefix) is copied to
 * {@code <copy>/credential-reports/}, and the {@code accounts/} and {@code allowlist/} prefixes beside it (under the
 * same parent prefix) to {@code <copy>/accounts/} and {@code <copy>/allowlist/}, where the embedded engine reads
 * them. A prefix that holds {@code credential-reports/} itself (the bucket's root, say) is copied as it is. Either
 * sibling may be absent: coverage and the allowlist are then simply unknown.
 *
 * @param temporaryCopy    the temporary folder holding the copy from S3 (deleted on close), or {@code null}
 * @param copiedFiles      the reports copied from S3, or -1 when {@code --data} was a local folder
 * @param copiedExports    the account directory exports copied from S3 (0 when there are none), or -1 for a folder
 * @param copiedAllowlists the allowlist files copied from S3 (0 or 1), or -1 for a folder
 */
record DataFolder(Path folder, Path temporaryCopy, int copiedFiles, int copiedExports, int copiedAllowlists)
        implements AutoCloseable {

    static final String REPORTS = "credential-reports";
    static final String ACCOUNTS = "accounts";
    static final String ALLOWLIST = "allowlist";

    static DataFolder open(String data, Map<String, String> env) throws IOException {
        if (!data.startsWith("s3://")) {
            return new DataFolder(Path.of(data), null, -1, -1, -1);
        }
        S3Reports.Location location = S3Reports.Location.parse(data);
        Path copy = Files.createTempDirectory("stocktake-reports-");
        try {
            Path reports = copy.resolve(REPORTS);
            int files = S3Reports.download(location, env, copy.resolve("prefix"));
            Path downloaded = copy.resolve("prefix");
            if (Files.isDirectory(downloaded.resolve(REPORTS))) {
                // the prefix holds credential-reports/ (and accounts/, allowlist/ beside it): the copy is laid out already
                int exports = count(downloaded.resolve(ACCOUNTS));
                int allowlists = count(downloaded.resolve(ALLOWLIST));
                return new DataFolder(downloaded, copy, count(downloaded.resolve(REPORTS)), exports, allowlists);
            }
            if (files > 0) {
                Files.move(downloaded, reports);
            }
            String parent = parentPrefix(location.prefix());
            int exports = 0;
            int allowlists = 0;
            if (parent != null) {
                exports = S3Reports.download(new S3Reports.Location(location.bucket(), parent + ACCOUNTS + "/"), env,
                        copy.resolve(ACCOUNTS));
                allowlists = S3Reports.download(new S3Reports.Location(location.bucket(), parent + ALLOWLIST + "/"), env,
                        copy.resolve(ALLOWLIST));
            }
            return new DataFolder(copy, copy, files, exports, allowlists);
        } catch (RuntimeException | IOException e) {
            delete(copy);
            throw e;
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

    /** Where the account directory and the allowlist were looked for, beside an S3 prefix of reports. */
    static String siblings(String data) {
        S3Reports.Location location = S3Reports.Location.parse(data);
        String parent = parentPrefix(location.prefix());
        String root = "s3://" + location.bucket() + "/" + (parent == null ? location.prefix() : parent);
        return root + ACCOUNTS + "/ and " + root + ALLOWLIST + "/";
    }

    boolean fromS3() {
        return temporaryCopy != null;
    }

    /** A line saying what came with the reports from S3: the account directory and the allowlist, or that they did not. */
    String companions(String data) {
        return (copiedExports == 0 ? "no account directory exports (coverage unknown)"
                : copiedExports + " account directory export(s)")
                + " and " + (copiedAllowlists == 0 ? "no allowlist" : "the allowlist")
                + " from " + siblings(data);
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
