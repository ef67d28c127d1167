package dev.stocktake.identitycenter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.stocktake.identitycenter.IdentityCenterException.Reason;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsErrors;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.support.storage.CreateOrReplace;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Exports one Identity Center instance to {@code <prefix>YYYY/MM/DD/identity-center.json}: its users, groups,
 * memberships and account assignments as JSON Lines ({@link ExportLines}). Everything is read and rendered in memory
 * first; only a complete export is written, so a failed export writes nothing and throws an
 * {@link IdentityCenterException} naming the call and what to do. The write is conditional: {@code If-None-Match: *}
 * creates the day's object; a same-day re-run finds it (412), reads its ETag and replaces it with
 * {@code If-Match: <etag>}, so two runs racing never overwrite each other blindly (the bucket is versioned: the earlier
 * export stays as a noncurrent version). SSE-KMS or SSE-S3, and with {@link IdentityCenterConfig#lock()} an Object Lock
 * retention from the export time.
 */
public final class IdentityCenterExporter {

    public static final String FILE_NAME = "identity-center.json";
    /** How long {@link #export(Instant)} and {@link #export(LocalDate)} may take. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(10);
    private static final int MAX_DECISIONS = 5;

    private final SsoAdminClient ssoAdmin;
    private final IdentitystoreClient identityStore;
    private final S3Client s3;
    private final IdentityCenterConfig config;
    private final JsonLog log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public IdentityCenterExporter(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, S3Client s3,
                                  IdentityCenterConfig config, JsonLog log, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.ssoAdmin = ssoAdmin;
        this.identityStore = identityStore;
        this.s3 = s3;
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** How the day's object was written. */
    public enum Outcome {
        /** The first export of the day. */
        CREATED,
        /** A same-day re-run: this export replaced the earlier one (which stays as a noncurrent version). */
        REPLACED
    }

    /**
     * What was exported where.
     *
     * @param assignments       assignment lines as Identity Center lists them (USER and GROUP principals)
     * @param memberAssignments the lines added by expanding GROUP assignments to the group's members
     * @param apiCalls          successful Identity Center calls (one per page); retries are not counted here
     */
    public record ExportResult(String bucket, String key, String instanceArn, int users, int groups, int memberships,
                               int assignments, int memberAssignments, int apiCalls, int bytes, Outcome outcome) {
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** Exports now's state as the export of {@code now}'s day in the configured zone, within {@link #DEFAULT_BUDGET}. */
    public ExportResult export(Instant now) {
        return export(now, Deadline.after(clock, DEFAULT_BUDGET));
    }

    /** Exports the current state (exported at the clock's now) as the export of {@code day}, within {@link #DEFAULT_BUDGET}. */
    public ExportResult export(LocalDate day) {
        return export(day, clock.instant(), Deadline.after(clock, DEFAULT_BUDGET));
    }

    /** Exports now's state as the export of {@code now}'s day in the configured zone, giving up at {@code deadline}. */
    public ExportResult export(Instant now, Deadline deadline) {
        return export(now.atZone(config.timeZone()).toLocalDate(), now, deadline);
    }

    /** Exports the current state, stamped {@code exportedAt}, as the export of {@code day}, giving up at {@code deadline}. */
    public ExportResult export(LocalDate day, Instant exportedAt, Deadline deadline) {
        Instant start = clock.instant();
        Retrier retrier = new Retrier(Backoff.DEFAULT, sleeper, random);
        ApiCalls calls = new ApiCalls();
        String key = key(config.prefix(), day);
        try {
            IdentityCenterData data = new IdentityCenterReader(ssoAdmin, identityStore, deadline, retrier, calls)
                    .read(config.instanceArn());
            byte[] body = ExportLines.render(data, exportedAt);
            ExportLines.Counts counts = ExportLines.counts(data);
            Outcome outcome = write(key, body, exportedAt, deadline, retrier);
            ExportResult result = new ExportResult(config.bucket(), key, data.instanceArn(), counts.users(), counts.groups(),
                    counts.memberships(), counts.assignments(), counts.memberAssignments(), calls.total(), body.length, outcome);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("bucket", result.bucket());
            fields.put("key", result.key());
            fields.put("outcome", outcome.name());
            fields.put("instanceArn", result.instanceArn());
            fields.put("users", result.users());
            fields.put("groups", result.groups());
            fields.put("memberships", result.memberships());
            fields.put("assignments", result.assignments());
            fields.put("memberAssignments", result.memberAssignments());
            fields.put("apiCalls", result.apiCalls());
            fields.put("apiCallsByAction", calls.byAction());
            fields.put("retries", retrier.retries());
            fields.put("bytes", result.bytes());
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("IdentityCenterUsers", result.users());
            metrics.put("IdentityCenterGroups", result.groups());
            metrics.put("IdentityCenterAssignments", result.assignments());
            metrics.put("IdentityCenterApiCalls", result.apiCalls());
            metrics.put("IdentityCenterExportFailures", 0);
            metrics.put("Retries", retrier.retries());
            metrics.put("DurationMs", Duration.between(start, clock.instant()).toMillis());
            log.event(clock.instant(), "INFO", "Identity Center exported", fields, metrics);
            return result;
        } catch (IdentityCenterException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("key", key);
            fields.put("reason", e.reason().name());
            fields.put("error", e.getMessage());
            fields.put("apiCalls", calls.total());
            fields.put("apiCallsByAction", calls.byAction());
            fields.put("retries", retrier.retries());
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("IdentityCenterExportFailures", 1);
            metrics.put("Retries", retrier.retries());
            log.event(clock.instant(), "ERROR", "Identity Center NOT exported", fields, metrics);
            throw e;
        }
    }

    /** {@code <prefix>YYYY/MM/DD/identity-center.json}. */
    public static String key(String prefix, LocalDate day) {
        return prefix + ReportKeys.datePath(day) + FILE_NAME;
    }

    /**
     * Creates the day's object, or replaces this exporter's own earlier export of the day with {@code If-Match} on its
     * ETag; decides again when the object changes in between.
     */
    private Outcome write(String key, byte[] body, Instant exportedAt, Deadline deadline, Retrier retrier) {
        PutObjectRequest.Builder request = request(key, exportedAt);
        CreateOrReplace.Written written = CreateOrReplace.write(MAX_DECISIONS,
                (ifNoneMatch, ifMatch) -> put(key, request.ifNoneMatch(ifNoneMatch).ifMatch(ifMatch).build(), body, deadline,
                        retrier),
                () -> eTagOf(key, deadline, retrier))
                .orElseThrow(() -> new IdentityCenterException(Reason.CONFLICT, "s3://" + config.bucket() + "/" + key
                        + " kept changing between our conditional writes (" + MAX_DECISIONS + " tries): another run of the"
                        + " export is probably writing at the same time. Its export is in place; this one was not written.",
                        null));
        return written.outcome() == CreateOrReplace.Outcome.CREATED ? Outcome.CREATED : Outcome.REPLACED;
    }

    private PutObjectRequest.Builder request(String key, Instant exportedAt) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(config.bucket()).key(key)
                .contentType("application/x-ndjson")
                .metadata(Map.of("exported-at", exportedAt.toString(), "exporter-version", version()));
        if (config.kmsKeyArn() != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(config.kmsKeyArn()).bucketKeyEnabled(true);
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        if (config.lock() != null) {
            // The bucket has Object Lock without a default retention: this write locks the export itself. S3 wants a
            // checksum on every PutObject with Object Lock parameters.
            request.objectLockMode(ObjectLockMode.fromValue(config.lock().mode().name()))
                    .objectLockRetainUntilDate(config.lock().retainUntil(exportedAt))
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32);
        }
        return request;
    }

    /** @return the new ETag, or {@code null} when its condition did not hold (HTTP 412) */
    private String put(String key, PutObjectRequest request, byte[] body, Deadline deadline, Retrier retrier) {
        try {
            String eTag = retrier.call(IdentityCenterException.giveUp("s3:PutObject"), deadline, CreateOrReplace::retryableWrite,
                    () -> s3.putObject(request, RequestBody.fromBytes(body))).eTag();
            return eTag == null ? "" : eTag; // written: only a 412 (below) means the condition did not hold
        } catch (SdkException e) {
            if (CreateOrReplace.preconditionFailed(e)) {
                return null;
            }
            throw new IdentityCenterException(Reason.AWS_ERROR, "PutObject s3://" + config.bucket() + "/" + key + " failed: "
                    + AwsErrors.describe(e) + ". Check the export role's s3:PutObject on the " + config.prefix() + " prefix"
                    + (config.lock() != null ? ", its s3:PutObjectRetention and that the bucket has Object Lock enabled ("
                            + IdentityCenterConfig.EXPORT_LOCK_MODE + " asks for a retention)" : "")
                    + (config.kmsKeyArn() != null ? ", and its kms:GenerateDataKey on " + config.kmsKeyArn() : "")
                    + ". Nothing was written.", e);
        }
    }

    /** The ETag of the day's export already at {@code key}, or {@code null} when it is gone. */
    private String eTagOf(String key, Deadline deadline, Retrier retrier) {
        try {
            return retrier.call(IdentityCenterException.giveUp("s3:HeadObject"), deadline, AwsErrors::isTransient,
                    () -> s3.headObject(r -> r.bucket(config.bucket()).key(key))).eTag();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new IdentityCenterException(Reason.AWS_ERROR, "s3://" + config.bucket() + "/" + key + " already holds"
                    + " today's export, and replacing it needs its ETag, but HeadObject failed: " + AwsErrors.describe(e)
                    + ". Check the export role's s3:GetObject on the " + config.prefix() + " prefix. Nothing was written;"
                    + " the earlier export stays.", e);
        } catch (SdkException e) {
            throw new IdentityCenterException(Reason.AWS_ERROR, "HeadObject s3://" + config.bucket() + "/" + key + " failed: "
                    + AwsErrors.describe(e) + ". Nothing was written; the earlier export stays.", e);
        }
    }

    /** This job's version, stamped into the export's metadata. */
    static String version() {
        try (java.io.InputStream in = IdentityCenterExporter.class.getResourceAsStream("identity-center-export.properties")) {
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
