package dev.stocktake.collector.storage;

import dev.stocktake.report.ReportKeys;

import dev.stocktake.support.aws.AwsErrors;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.collector.account.AccountName;
import dev.stocktake.report.CredentialReport;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes a report to the central bucket so that there is exactly one object per account per day
 * and no account ever replaces another's, without listing the bucket and without race windows:
 *
 * <ol>
 *   <li>{@code PUT <day>/<name>.csv} with {@code If-None-Match: *}: succeeds when the name is free.
 *   <li>On 412 the key exists: {@code HEAD} it. If its {@code account-id} metadata is this account
 *       (a same-day re-run), replace it with {@code If-Match: <etag>}; a concurrent change makes
 *       that fail with 412 and the whole decision is taken again.
 *   <li>If the object belongs to another account — or the bucket policy denies the HEAD with 403,
 *       because a collector may read back only objects tagged with its own account — write
 *       {@code <day>/<name>@<account-id>.csv}, a key no other account can claim.
 * </ol>
 *
 * Every object carries the tag {@value #ACCOUNT_TAG}{@code =<account-id>} (what the bucket policy
 * checks on read-back) and metadata naming the account, the report's generation time, the
 * collection time, the collector version and how the name was found.
 */
public final class ReportStore {

    /** The object tag the bucket policy matches against {@code aws:PrincipalAccount}. */
    public static final String ACCOUNT_TAG = "stocktake-account-id";
    /** User metadata keys (sent as {@code x-amz-meta-*}). */
    public static final String META_ACCOUNT_ID = "account-id";
    public static final String META_ACCOUNT_NAME = "account-name";
    public static final String META_NAME_SOURCE = "account-name-source";
    public static final String META_NAME_FALLBACK_REASON = "account-name-fallback-reason";
    public static final String META_GENERATED_TIME = "report-generated-time";
    public static final String META_COLLECTED_AT = "collected-at";
    public static final String META_COLLECTOR_VERSION = "collector-version";

    private static final int MAX_DECISIONS = 5;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ZoneId zone;
    private final String kmsKeyArn;
    private final String collectorVersion;

    /**
     * @param kmsKeyArn SSE-KMS key for the reports, or {@code null} for SSE-S3
     */
    public ReportStore(S3Client s3, String bucket, String prefix, ZoneId zone, String kmsKeyArn, String collectorVersion) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.zone = zone;
        this.kmsKeyArn = kmsKeyArn;
        this.collectorVersion = collectorVersion;
    }

    public StoredReport store(String accountId, AccountName name, CredentialReport report, Instant collectedAt,
                              Deadline deadline, Retrier retrier) {
        String primary = ReportKeys.reportKey(prefix, collectedAt, zone, name.name(), accountId);
        Map<String, String> metadata = metadata(accountId, name, report, collectedAt);
        int attempts = 0;
        for (int decision = 0; decision < MAX_DECISIONS; decision++) {
            attempts++;
            var created = put(accountId, primary, report, metadata, Condition.ABSENT, null, deadline, retrier);
            if (created != null) {
                return new StoredReport(bucket, primary, created, StoredReport.Outcome.CREATED, attempts);
            }
            Owner owner = ownerOf(accountId, primary, deadline, retrier);
            switch (owner) {
                case Owner.Gone gone -> {
                    // Deleted between our PUT and HEAD: decide again.
                }
                case Owner.Other other -> throw new CollectionException(accountId, Step.WRITE_REPORT, Reason.CONFLICT,
                        "s3://" + bucket + "/" + primary + " exists and is not this account's report", null);
                case Owner.Self self -> {
                    attempts++;
                    String replaced = put(accountId, primary, report, metadata, Condition.MATCHES, self.eTag(), deadline, retrier);
                    if (replaced != null) {
                        return new StoredReport(bucket, primary, replaced, StoredReport.Outcome.REPLACED_OWN, attempts);
                    }
                    // Changed since our HEAD (a concurrent run of this account): decide again.
                }
            }
        }
        throw new CollectionException(accountId, Step.WRITE_REPORT, Reason.CONFLICT,
                "s3://" + bucket + "/" + primary + " kept changing between our conditional writes (" + MAX_DECISIONS
                        + " tries); another run of this account is probably writing at the same time. Nothing was lost:"
                        + " that run's report is in place.", null);
    }

    private enum Condition { NONE, ABSENT, MATCHES }

    /** @return the new ETag, or {@code null} when the condition did not hold (HTTP 412) */
    private String put(String accountId, String key, CredentialReport report, Map<String, String> metadata,
                       Condition condition, String eTag, Deadline deadline, Retrier retrier) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType("text/csv")
                .metadata(metadata)
                .tagging(ACCOUNT_TAG + "=" + accountId);
        if (kmsKeyArn != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyArn).bucketKeyEnabled(true);
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        switch (condition) {
            case ABSENT -> request.ifNoneMatch("*");
            case MATCHES -> request.ifMatch(eTag);
            case NONE -> { }
        }
        PutObjectRequest built = request.build();
        byte[] content = report.content();
        try {
            return retrier.call(CollectionException.giveUp(accountId, Step.WRITE_REPORT), deadline, ReportStore::retryableWrite,
                    () -> s3.putObject(built, RequestBody.fromBytes(content)).eTag());
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 412) {
                return null;
            }
            throw new CollectionException(accountId, Step.WRITE_REPORT, Reason.AWS_ERROR,
                    "PutObject s3://" + bucket + "/" + key + " failed: " + AwsErrors.describe(e)
                            + ". Check the collector role's s3:PutObject and s3:PutObjectTagging on the report prefix"
                            + (kmsKeyArn == null ? "" : " and its kms:GenerateDataKey on " + kmsKeyArn)
                            + ". Nothing was written.", e);
        }
    }

    /** 409 ConditionalRequestConflict means a concurrent conditional write: try again. */
    private static boolean retryableWrite(SdkException e) {
        if (e instanceof AwsServiceException service && service.statusCode() == 409) {
            return true;
        }
        return AwsErrors.isTransient(e);
    }

    private sealed interface Owner {
        record Self(String eTag) implements Owner { }
        record Other() implements Owner { }
        record Gone() implements Owner { }
    }

    private Owner ownerOf(String accountId, String key, Deadline deadline, Retrier retrier) {
        HeadObjectResponse head;
        try {
            head = retrier.call(CollectionException.giveUp(accountId, Step.WRITE_REPORT), deadline, AwsErrors::isTransient,
                    () -> s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return new Owner.Gone();
            }
            if (e.statusCode() == 403) {
                // The bucket policy lets a collector read only objects tagged with its own account.
                return new Owner.Other();
            }
            throw new CollectionException(accountId, Step.WRITE_REPORT, Reason.AWS_ERROR,
                    "HeadObject s3://" + bucket + "/" + key + " failed: " + AwsErrors.describe(e) + ". Nothing was written.", e);
        }
        String owner = head.metadata().get(META_ACCOUNT_ID);
        return accountId.equals(owner) ? new Owner.Self(head.eTag()) : new Owner.Other();
    }

    private Map<String, String> metadata(String accountId, AccountName name, CredentialReport report, Instant collectedAt) {
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
