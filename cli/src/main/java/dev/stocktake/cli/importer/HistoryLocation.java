package dev.stocktake.cli.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.stocktake.sql.engine.S3Reports;

/**
 * Where a history is read from or written to: a local folder, or an S3 bucket and prefix. Paths are relative to it
 * ({@code 2026/03/01/prod.csv}), with {@code /} as the separator.
 */
public interface HistoryLocation extends AutoCloseable {

    /**
     * {@code s3://bucket/prefix} or a folder.
     *
     * @param env       the environment: {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} (the emulator)
     * @param kmsKeyArn SSE-KMS key for objects written to S3, or {@code null} for SSE-S3
     * @throws IllegalArgumentException when an {@code s3://} location has no bucket
     */
    static HistoryLocation of(String location, Map<String, String> env, String kmsKeyArn) {
        if (location.startsWith("s3://")) {
            return new S3Location(S3Reports.client(env), S3Reports.Location.parse(location), kmsKeyArn);
        }
        return new FolderLocation(Path.of(location));
    }

    /**
     * Refuses a target inside the source or the other way round: the import would read what it writes, and the
     * views read every key under their prefix (the old files beside the new ones would be listed as rejected).
     */
    static void checkApart(String from, String to) {
        String a = normalised(from);
        String b = normalised(to);
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new IllegalArgumentException("--from " + from + " and --to " + to + " overlap: import into another folder "
                    + "or prefix (e.g. a new bucket's credential-reports/), then point Stocktake at it");
        }
    }

    private static String normalised(String location) {
        if (location.startsWith("s3://")) {
            S3Reports.Location parsed = S3Reports.Location.parse(location);
            return "s3://" + parsed.bucket() + "/" + parsed.prefix();
        }
        return Path.of(location).toAbsolutePath().normalize() + "/";
    }

    /** {@code s3://bucket/prefix/} or the folder, for messages. */
    String describe();

    /** Every file (object) below the location, in key order. */
    List<String> list();

    /** The files directly in the folder {@code dayPath} ({@code YYYY/MM/DD/}), as paths relative to the location. */
    List<String> listDay(String dayPath);

    byte[] read(String path);

    /**
     * Creates {@code path} with exactly {@code content} unless something is there already; never overwrites.
     *
     * @param accountId the report's account (S3: the object's tag and metadata, as the collector writes them)
     * @param metadata  what else to record with it, where the location keeps metadata (US-ASCII values)
     * @return {@code true} when created, {@code false} when {@code path} existed (nothing written)
     */
    boolean create(String path, byte[] content, String accountId, Map<String, String> metadata);

    @Override
    void close();
}
