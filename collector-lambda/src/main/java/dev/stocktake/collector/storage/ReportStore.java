package dev.stocktake.collector.storage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.collector.account.AccountName;
import dev.stocktake.report.CredentialReport;
import dev.stocktake.report.ReportFormat.HeaderCheck;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.support.aws.AwsErrors;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import dev.stocktake.support.storage.CreateOrReplace;
import dev.stocktake.support.storage.ObjectLockRetention;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes a report to the central bucket at its one key of the day,
 * {@code <prefix>YYYY/MM/DD/<encoded account name>@<account id>.csv} ({@link ReportKeys#reportKey}). The account ID
 * makes the key this account's alone: two accounts with the same name get two keys, and the bucket policy lets a
 * collector write only keys ending {@code @<its own account id>.csv}. Every PutObject carries a condition header,
 * as the bucket policy requires:
 *
 * <ol>
 *   <li>{@code If-None-Match: *}: the first report of the day creates the key.
 *   <li>On 412 the key exists, and can only be this account's own report from earlier today (a re-run): {@code HEAD}
 *       it for its ETag and replace it with {@code If-Match: <etag>}. The bucket is versioned, so the earlier report
 *       stays as a noncurrent version.
 *   <li>If that fails with 412 too (a concurrent run of this account changed the key in between), or the key is gone
 *       by the {@code HEAD}, the decision is taken again, at most {@value #MAX_DECISIONS} times.
 * </ol>
 *
 * Every object carries the tag {@value #ACCOUNT_TAG}{@code =<account-id>} and metadata naming the account, the
 * report's generation time, the collection time, the collector version, how the name was found and the layout of
 * the report's header. With an {@link ObjectLockRetention}, every PutObject also sets the S3 Object Lock mode and
 * retain-until date (collection time plus the days).
 *
 * <p>The account's IAM details file ({@link #storeDetails}) is written the same way, with the same protections, at
 * {@link ReportKeys#detailsKey}: the report's day, name and ID under the details prefix, ending {@code .json}.
 */
public final class ReportStore {

    /** The object tag naming the writing account (the bucket policy lets a collector read back only its own). */
    public static final String ACCOUNT_TAG = "stocktake-account-id";
    /** User metadata keys (sent as {@code x-amz-meta-*}). */
    public static final String META_ACCOUNT_ID = "account-id";
    public static final String META_ACCOUNT_NAME = "account-name";
    public static final String META_NAME_SOURCE = "account-name-source";
    public static final String META_NAME_FALLBACK_REASON = "account-name-fallback-reason";
    public static final String META_GENERATED_TIME = "report-generated-time";
    public static final String META_COLLECTED_AT = "collected-at";
    public static final String META_COLLECTOR_VERSION = "collector-version";
    /** {@code standard} or {@code unknown} ({@link dev.stocktake.report.ReportFormat.Layout#label()}). */
    public static final String META_REPORT_LAYOUT = "report-layout";
    /** For an unknown layout: how its header differs, naming column names only. */
    public static final String META_LAYOUT_DIFFERENCE = "report-layout-difference";

    /** The content type of an IAM details file (JSON Lines). */
    public static final String DETAILS_CONTENT_TYPE = "application/x-ndjson";

    private static final int MAX_DECISIONS = 5;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ZoneId zone;
    private final String kmsKeyArn;
    private final String collectorVersion;
    private final ObjectLockRetention retention;

    /**
     * @param kmsKeyArn SSE-KMS key for the reports, or {@code null} for SSE-S3
     * @param retention the Object Lock retention of every report, or {@code null} for none
     */
    public ReportStore(S3Client s3, String bucket, String prefix, ZoneId zone, String kmsKeyArn, String collectorVersion,
                       ObjectLockRetention retention) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.zone = zone;
        this.kmsKeyArn = kmsKeyArn;
        this.collectorVersion = collectorVersion;
        this.retention = retention;
    }

    public StoredReport store(String accountId, AccountName name, CredentialReport report, HeaderCheck header,
                              Instant collectedAt, Deadline deadline, Retrier retrier) {
        String key = ReportKeys.reportKey(prefix, collectedAt, zone, name.name(), accountId);
        return write(Kind.REPORT, accountId, key, report.content(), "text/csv",
                metadata(accountId, name, report, header, collectedAt), collectedAt, deadline, retrier);
    }

    /**
     * Writes the account's IAM details file of the collection at {@code collectedAt}, beside its report:
     * {@code <detailsPrefix>YYYY/MM/DD/<encoded account name>@<account id>.json} ({@link ReportKeys#detailsKey}, the same
     * day, name and ID as the report's key), with exactly the report's protections: the same conditional create or
     * {@code If-Match} replace, encryption, account tag and Object Lock retention. Metadata: the account ID and name,
     * the collection time and the collector version.
     *
     * @throws CollectionException at step {@link Step#WRITE_DETAILS} when it could not be written
     */
    public StoredReport storeDetails(String detailsPrefix, String accountId, AccountName name, byte[] jsonLines,
                                     Instant collectedAt, Deadline deadline, Retrier retrier) {
        String key = ReportKeys.detailsKey(detailsPrefix, collectedAt, zone, name.name(), accountId);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_ACCOUNT_ID, accountId);
        metadata.put(META_ACCOUNT_NAME, ReportKeys.encodeName(name.name()));
        metadata.put(META_COLLECTED_AT, collectedAt.toString());
        metadata.put(META_COLLECTOR_VERSION, collectorVersion);
        return write(Kind.DETAILS, accountId, key, jsonLines, DETAILS_CONTENT_TYPE, metadata, collectedAt, deadline, retrier);
    }

    /** What is written: the words of its messages and the step its failures name. */
    private enum Kind {
        REPORT("report", "report prefix", Step.WRITE_REPORT),
        DETAILS("IAM details file", "IAM details prefix", Step.WRITE_DETAILS);

        final String noun;
        final String prefixName;
        final Step step;

        Kind(String noun, String prefixName, Step step) {
            this.noun = noun;
            this.prefixName = prefixName;
            this.step = step;
        }
    }

    private StoredReport write(Kind kind, String accountId, String key, byte[] content, String contentType,
                               Map<String, String> metadata, Instant collectedAt, Deadline deadline, Retrier retrier) {
        // 412 on create: this account's own object of the day is there already (no other account can write this key)
        PutObjectRequest.Builder request = request(accountId, key, contentType, metadata, collectedAt);
        CreateOrReplace.Written written = CreateOrReplace.write(MAX_DECISIONS,
                (ifNoneMatch, ifMatch) -> put(kind, accountId, key, request.ifNoneMatch(ifNoneMatch).ifMatch(ifMatch).build(),
                        content, deadline, retrier),
                () -> eTagOf(kind, accountId, key, deadline, retrier))
                .orElseThrow(() -> new CollectionException(accountId, kind.step, Reason.CONFLICT,
                        "s3://" + bucket + "/" + key + " kept changing between our conditional writes (" + MAX_DECISIONS
                                + " tries); another run of this account is probably writing at the same time. Nothing was lost:"
                                + " that run's " + kind.noun + " is in place.", null));
        return new StoredReport(bucket, key, written.eTag(), written.outcome() == CreateOrReplace.Outcome.CREATED
                ? StoredReport.Outcome.CREATED : StoredReport.Outcome.REPLACED_OWN, written.attempts());
    }

    private PutObjectRequest.Builder request(String accountId, String key, String contentType, Map<String, String> metadata,
                                             Instant collectedAt) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .metadata(metadata)
                .tagging(ACCOUNT_TAG + "=" + accountId);
        if (kmsKeyArn != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyArn).bucketKeyEnabled(true);
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        if (retention != null) {
            // S3 wants a checksum on every PutObject with Object Lock parameters: name the algorithm explicitly.
            request.objectLockMode(ObjectLockMode.fromValue(retention.mode().name()))
                    .objectLockRetainUntilDate(retention.retainUntil(collectedAt))
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32);
        }
        return request;
    }

    /** @return the new ETag, or {@code null} when the condition did not hold (HTTP 412) */
    private String put(Kind kind, String accountId, String key, PutObjectRequest request, byte[] content, Deadline deadline,
                       Retrier retrier) {
        try {
            return retrier.call(CollectionException.giveUp(accountId, kind.step), deadline, CreateOrReplace::retryableWrite,
                    () -> s3.putObject(request, RequestBody.fromBytes(content)).eTag());
        } catch (SdkException e) {
            if (CreateOrReplace.preconditionFailed(e)) {
                return null;
            }
            throw new CollectionException(accountId, kind.step, Reason.AWS_ERROR,
                    "PutObject s3://" + bucket + "/" + key + " failed: " + AwsErrors.describe(e)
                            + ". Check the collector role's s3:PutObject and s3:PutObjectTagging on the " + kind.prefixName
                            + (retention == null ? "" : ", its s3:PutObjectRetention (" + retention.mode()
                                    + " retention is configured) and that the bucket has Object Lock enabled")
                            + (kmsKeyArn == null ? "" : " and its kms:GenerateDataKey on " + kmsKeyArn)
                            + ". Nothing was written.", e);
        }
    }

    /** The ETag of this account's own object at {@code key}, or {@code null} when there is none any more. */
    private String eTagOf(Kind kind, String accountId, String key, Deadline deadline, Retrier retrier) {
        HeadObjectResponse head;
        try {
            head = retrier.call(CollectionException.giveUp(accountId, kind.step), deadline, AwsErrors::isTransient,
                    () -> s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new CollectionException(accountId, kind.step, Reason.AWS_ERROR,
                    "s3://" + bucket + "/" + key + " already holds this account's " + kind.noun + " of the day, and replacing"
                            + " it needs its ETag, but HeadObject failed: " + AwsErrors.describe(e) + ". Check the collector role's"
                            + " s3:GetObject on its own " + kind.noun + " keys. Nothing was written; the earlier " + kind.noun
                            + " stays.", e);
        } catch (SdkException e) {
            throw new CollectionException(accountId, kind.step, Reason.AWS_ERROR,
                    "HeadObject s3://" + bucket + "/" + key + " failed: " + AwsErrors.describe(e)
                            + ". Nothing was written; the earlier " + kind.noun + " stays.", e);
        }
        return head.eTag();
    }

    private Map<String, String> metadata(String accountId, AccountName name, CredentialReport report, HeaderCheck header,
                                         Instant collectedAt) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_ACCOUNT_ID, accountId);
        // S3 metadata is US-ASCII; the encoded form is exact and reversible.
        metadata.put(META_ACCOUNT_NAME, ReportKeys.encodeName(name.name()));
        metadata.put(META_NAME_SOURCE, name.source().label());
        if (name.fallbackReason() != null) {
            metadata.put(META_NAME_FALLBACK_REASON, ascii(name.fallbackReason(), 256));
        }
        metadata.put(META_GENERATED_TIME, report.generatedTime().toString());
        metadata.put(META_COLLECTED_AT, collectedAt.toString());
        metadata.put(META_COLLECTOR_VERSION, collectorVersion);
        metadata.put(META_REPORT_LAYOUT, header.layout().label());
        if (header.difference() != null) {
            metadata.put(META_LAYOUT_DIFFERENCE, ascii(header.difference(), 512));
        }
        return metadata;
    }

    private static String ascii(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (out.length() >= max) {
                break;
            }
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
