package dev.stocktake.directory;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.stocktake.directory.DirectoryException.Reason;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.report.ReportKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Exports the account directory to {@code <prefix>YYYY/MM/DD/accounts.csv}: the day's list of
 * accounts against which Stocktake tells which active accounts did not report. One writer (the
 * management account), so a same-day re-run simply makes its export the current version; with
 * {@link DirectoryConfig#lock()} each export carries an Object Lock retention, so an earlier version stays until it ends.
 */
public final class DirectoryExporter {

    public static final String FILE_NAME = "accounts.csv";

    private final OrganizationDirectory directory;
    private final S3Client s3;
    private final DirectoryConfig config;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public DirectoryExporter(OrganizationDirectory directory, S3Client s3, DirectoryConfig config, JsonLog log, Clock clock,
                             Sleeper sleeper, RandomGenerator random) {
        this.directory = directory;
        this.s3 = s3;
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** What was exported where. */
    public record Export(String bucket, String key, int accounts, int active, int bytes) {
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    public Export export(Deadline deadline) {
        Instant start = clock.instant();
        Retrier retrier = new Retrier(Backoff.DEFAULT, sleeper, random);
        try {
            List<AccountRecord> accounts = directory.read(deadline, retrier);
            byte[] csv = DirectoryCsv.render(accounts);
            String key = config.directoryPrefix() + ReportKeys.datePath(start, config.timeZone()) + FILE_NAME;
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(config.bucket()).key(key)
                    .contentType("text/csv").metadata(Map.of("collected-at", start.toString(),
                            "exporter-version", version()));
            if (config.lock() != null) {
                // The bucket has Object Lock without a default retention: this write locks the export itself.
                request.objectLockMode(ObjectLockMode.fromValue(config.lock().mode().name()))
                        .objectLockRetainUntilDate(config.lock().retainUntil(start));
            }
            if (config.kmsKeyArn() != null) {
                request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(config.kmsKeyArn()).bucketKeyEnabled(true);
            } else {
                request.serverSideEncryption(ServerSideEncryption.AES256);
            }
            PutObjectRequest built = request.build();
            try {
                retrier.call(DirectoryException.giveUp(), deadline, AwsErrors::isTransient,
                        () -> s3.putObject(built, RequestBody.fromBytes(csv)));
            } catch (SdkException e) {
                throw new DirectoryException(Reason.AWS_ERROR, "PutObject s3://" + config.bucket()
                        + "/" + key + " failed: " + AwsErrors.describe(e) + ". Check the job role's s3:PutObject"
                        + (config.lock() != null ? " and s3:PutObjectRetention" : "") + " on the "
                        + config.directoryPrefix() + " prefix" + (config.lock() != null
                                ? ", and that the bucket has Object Lock enabled (" + DirectoryConfig.EXPORT_LOCK_MODE
                                + " asks for a retention)" : "") + ".", e);
            }
            int active = (int) accounts.stream().filter(a -> "ACTIVE".equals(a.state())).count();
            Export export = new Export(config.bucket(), key, accounts.size(), active, csv.length);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("bucket", export.bucket());
            fields.put("key", export.key());
            fields.put("accounts", export.accounts());
            fields.put("activeAccounts", export.active());
            fields.put("retries", retrier.retries());
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("DirectoryAccounts", export.accounts());
            metrics.put("DirectoryActiveAccounts", export.active());
            metrics.put("DirectoryExportFailures", 0);
            metrics.put("Retries", retrier.retries());
            metrics.put("DurationMs", java.time.Duration.between(start, clock.instant()).toMillis());
            log.event(clock.instant(), "INFO", "account directory exported", fields, metrics);
            return export;
        } catch (SdkException e) {
            DirectoryException failure = new DirectoryException(Reason.AWS_ERROR,
                    "cannot read the organization: " + AwsErrors.describe(AwsErrors.rootCause(e)) + ". The job must run in the "
                            + "management account (or a delegated administrator) with organizations:List* read access.", e);
            logFailure(failure, retrier);
            throw failure;
        } catch (DirectoryException e) {
            logFailure(e, retrier);
            throw e;
        }
    }

    private void logFailure(DirectoryException e, Retrier retrier) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("DirectoryExportFailures", 1);
        metrics.put("Retries", retrier.retries());
        log.event(clock.instant(), "ERROR", "account directory NOT exported",
                Map.of("reason", e.reason().name(), "error", e.getMessage()), metrics);
    }

    /** This job's version, stamped into the export's metadata. */
    static String version() {
        try (java.io.InputStream in = DirectoryExporter.class.getResourceAsStream("directory.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
