package dev.stocktake.compaction;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

import dev.stocktake.sql.compaction.CompactionException;
import dev.stocktake.sql.compaction.ReportFiles;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The raw reports on S3 ({@code <REPORT_PREFIX>YYYY/MM/DD/<name>@<account id>.csv}): when a range of days was last written, from a
 * listing of the month's prefix (one request per 1,000 reports: about 31 a month at 1,000 accounts). The reports are
 * only listed, never read or changed.
 */
public final class S3ReportFiles implements ReportFiles {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ReportFiles(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * @throws IllegalArgumentException when the days are not within one month
     * @throws CompactionException      when the listing fails (nothing was changed)
     */
    @Override
    public Optional<Instant> lastModified(LocalDate first, LocalDate last) {
        if (!YearMonth.from(first).equals(YearMonth.from(last)) || last.isBefore(first)) {
            throw new IllegalArgumentException("the days must lie within one month, got " + first + " to " + last);
        }
        String monthPrefix = prefix + String.format("%04d/%02d/", first.getYear(), first.getMonthValue());
        Optional<Instant> latest = Optional.empty();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(monthPrefix))
                    .contents()) {
                Optional<LocalDate> day = dayOf(object.key().substring(monthPrefix.length()), first);
                if (day.isPresent() && !day.get().isBefore(first) && !day.get().isAfter(last)
                        && (latest.isEmpty() || object.lastModified().isAfter(latest.get()))) {
                    latest = Optional.of(object.lastModified());
                }
            }
        } catch (SdkException e) {
            throw new CompactionException("cannot list the reports under s3://" + bucket + "/" + monthPrefix + ": "
                    + AwsErrors.describe(e) + ". Nothing was compacted and report_rows was left as it is. Check the "
                    + "role's s3:ListBucket for the reports' prefix, then run again.", e);
        }
        return latest;
    }

    /** The day of {@code DD/<file>} within the month of {@code any}; empty for keys laid out otherwise. */
    private static Optional<LocalDate> dayOf(String rest, LocalDate any) {
        int slash = rest.indexOf('/');
        if (slash != 2 || !Character.isDigit(rest.charAt(0)) || !Character.isDigit(rest.charAt(1))) {
            return Optional.empty();
        }
        int dayOfMonth = Integer.parseInt(rest.substring(0, 2));
        return dayOfMonth >= 1 && dayOfMonth <= YearMonth.from(any).lengthOfMonth()
                ? Optional.of(any.withDayOfMonth(dayOfMonth)) : Optional.empty();
    }
}
