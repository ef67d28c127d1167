package dev.stocktake.compaction;

import dev.stocktake.support.aws.AwsErrors;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stocktake.sql.compaction.CompactedFiles;
import dev.stocktake.sql.compaction.CompactionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Parquet copy's files on S3: the objects under {@code s3://<bucket>/<prefix>dt=<day>/}. Athena (Trino) escapes
 * the partition value in the folder name ({@code dt=2026%2F10%2F01/}); a folder written unescaped
 * ({@code dt=2026/10/01/}) is recognised too. Objects whose key holds no such day are never deleted.
 *
 * <p>The bucket is versioned: a delete leaves a delete marker and the old version, which the bucket's lifecycle
 * rules expire.
 */
public final class S3CompactedFiles implements CompactedFiles {

    /** DeleteObjects takes at most 1,000 keys per call. */
    static final int BATCH = 1000;
    /** How many keys a failure message names before "and N more". */
    private static final int NAMED = 10;
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern UNESCAPED = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/.*");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param prefix {@code report_rows_compacted}'s location in the bucket, ending in {@code /} (e.g.
     *               {@code compacted-reports/})
     */
    public S3CompactedFiles(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * @throws CompactionException when the listing fails, or when S3 did not delete some of the files (naming them)
     */
    @Override
    public int deleteDays(LocalDate first, LocalDate last) {
        List<String> keys = new ArrayList<>();
        for (int year = first.getYear(); year <= last.getYear(); year++) {
            for (String key : list(prefix + "dt=" + year)) {
                Optional<LocalDate> day = day(prefix, key);
                if (day.isPresent() && !day.get().isBefore(first) && !day.get().isAfter(last)) {
                    keys.add(key);
                }
            }
        }
        List<String> failed = new ArrayList<>();
        String reason = null;
        for (int start = 0; start < keys.size(); start += BATCH) {
            List<String> batch = keys.subList(start, Math.min(keys.size(), start + BATCH));
            try {
                DeleteObjectsResponse response = s3.deleteObjects(request -> request.bucket(bucket)
                        .delete(delete -> delete.quiet(true).objects(batch.stream()
                                .map(key -> ObjectIdentifier.builder().key(key).build()).toList())));
                for (S3Error error : response.errors()) {
                    failed.add(error.key());
                    reason = reason != null ? reason : error.code() + ": " + error.message();
                }
            } catch (SdkException e) {
                failed.addAll(batch);
                reason = reason != null ? reason : AwsErrors.describe(e);
            }
        }
        if (!failed.isEmpty()) {
            throw new CompactionException(failed.size() + " of the " + keys.size() + " Parquet file(s) of " + first + " to "
                    + last + " in s3://" + bucket + "/" + prefix + " were not deleted (" + reason + "): "
                    + named(failed) + ". The CSVs are untouched and report_rows keeps reading these days from them. Check "
                    + "the role's s3:DeleteObject on " + prefix + "*, then run again (the job deletes them before "
                    + "copying).");
        }
        return keys.size();
    }

    /**
     * The day of a Parquet file from its key, {@code <prefix>dt=2026%2F10%2F01/<file>} or
     * {@code <prefix>dt=2026/10/01/<file>}; empty for any other key.
     */
    static Optional<LocalDate> day(String prefix, String key) {
        if (!key.startsWith(prefix + "dt=")) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length() + "dt=".length());
        Matcher unescaped = UNESCAPED.matcher(rest);
        String value;
        if (unescaped.matches()) {
            value = unescaped.group(1) + "/" + unescaped.group(2) + "/" + unescaped.group(3);
        } else {
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            try {
                value = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(LocalDate.parse(value, DT));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private List<String> list(String keyPrefix) {
        try {
            return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(keyPrefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        } catch (SdkException e) {
            throw new CompactionException("cannot list the Parquet files s3://" + bucket + "/" + keyPrefix + "*: "
                    + AwsErrors.describe(e) + ". Nothing was deleted or copied and report_rows was left as it was. Check "
                    + "the role's s3:ListBucket on the bucket for the prefix " + prefix + ", then run again.", e);
        }
    }

    private static String named(List<String> keys) {
        List<String> shown = keys.subList(0, Math.min(NAMED, keys.size()));
        return String.join(", ", shown) + (keys.size() > shown.size() ? " and " + (keys.size() - shown.size()) + " more" : "");
    }
}
