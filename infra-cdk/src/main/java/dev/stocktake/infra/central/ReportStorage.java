package dev.stocktake.infra.central;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.BlockedEncryptionType;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where the reports and query results live: the report key (with {@code encryption.mode} KMS), the report bucket every
 * collector writes to with its policy ({@link ReportBucketPolicy}: the collectors' (reports and IAM details), the
 * directory job's and the Identity Center exporter's statements),
 * the Athena results bucket, and the bucket both log their access to.
 *
 * <p>The report bucket is versioned and has S3 Object Lock enabled without a default retention: the collectors and
 * the directory job lock each object they write ({@code objectLock} in the config). Server access logging does not
 * deliver to a bucket with a default retention, and locking log objects one by one is not possible, so the access
 * logs bucket has no Object Lock (docs/security.md says what that leaves open).
 */
public final class ReportStorage extends Construct {
    private final Key key;
    private final Bucket reportBucket;
    private final Bucket resultsBucket;

    public ReportStorage(Construct scope, String id, StocktakeConfig config) {
        super(scope, id);
        key = config.encryption().usesKms() ? reportKey(config) : null;

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        List<LifecycleRule> reportRules = new ArrayList<>();
        reportRules.add(LifecycleRule.builder()
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(config.retention().noncurrentVersionDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());
        if (config.retention().reportExpirationDays() > 0) {
            reportRules.add(LifecycleRule.builder()
                    .id("expire-reports")
                    .prefix(config.reportPrefix())
                    .expiration(Duration.days(config.retention().reportExpirationDays()))
                    .build());
        }
        Bucket.Builder reports = Bucket.Builder.create(this, "Reports")
                .bucketName(config.reportBucketName())
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                // Object Lock can only be turned on when the bucket is created. No default retention: the writers
                // of reports and directory exports lock each object they write (objectLock in the config), while the
                // compaction job's copy and state stay deletable by that job (docs/security.md).
                .objectLockEnabled(true)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("reports/")
                .lifecycleRules(reportRules)
                .removalPolicy(RemovalPolicy.RETAIN);
        encrypt(reports);
        reportBucket = reports.build();
        String bucketArn = reportBucket.getBucketArn();
        ReportBucketPolicy.statements(bucketArn, config.reportPrefix(), StocktakeConfig.DETAILS_PREFIX, config.organizationId())
                .forEach(reportBucket::addToResourcePolicy);
        List<String> encrypted = new ArrayList<>(List.of(config.reportPrefix(), StocktakeConfig.DETAILS_PREFIX,
                StocktakeConfig.IDENTITY_CENTER_PREFIX));
        if (config.remediation().enabled()) {
            encrypted.add(StocktakeConfig.REMEDIATION_PREFIX);
        }
        ReportBucketPolicy.encryptionStatements(bucketArn, encrypted, key != null ? key.getKeyArn() : null,
                        key != null ? Encryption.reportKeyAliasArn(Stack.of(this).getPartition(), config) : null)
                .forEach(reportBucket::addToResourcePolicy);
        reportBucket.addToResourcePolicy(ReportBucketPolicy.directoryStatement(bucketArn,
                StocktakeConfig.DIRECTORY_PREFIX, Names.directoryRoleArn(config)));
        ReportBucketPolicy.identityCenterStatements(bucketArn, StocktakeConfig.IDENTITY_CENTER_PREFIX,
                        StocktakeConfig.IDENTITY_CENTER_FILE,
                        config.identityCenter().enabled() ? Names.identityCenterRoleArn(config) : null)
                .forEach(reportBucket::addToResourcePolicy);
        if (config.remediation().enabled()) {
            ReportBucketPolicy.remediationStatements(bucketArn, StocktakeConfig.REMEDIATION_PREFIX,
                            StocktakeConfig.DIRECTORY_PREFIX, AllowlistOptions.PREFIX + AllowlistOptions.OBJECT_NAME,
                            config.remediation().trustedPrincipals(), config.organizationId())
                    .forEach(reportBucket::addToResourcePolicy);
        }

        Bucket.Builder results = Bucket.Builder.create(this, "AthenaResults")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("athena-results/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-results")
                        .expiration(Duration.days(config.retention().athenaResultsDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                // Retained like the other buckets: CloudFormation cannot delete a bucket that still has objects.
                .removalPolicy(RemovalPolicy.RETAIN);
        encrypt(results);
        resultsBucket = results.build();
    }

    /**
     * Reserves the compaction job's prefixes ({@code compacted-reports/}, {@code compaction/}) in the bucket policy for
     * its role, or for nobody when the job is not deployed ({@link ReportBucketPolicy#compactionStatement}).
     *
     * @param compactionRole the job's role, or null
     */
    public void reserveCompactionPrefixes(IRole compactionRole) {
        reportBucket.addToResourcePolicy(ReportBucketPolicy.compactionStatement(reportBucket.getBucketArn(),
                StocktakeConfig.COMPACTED_PREFIX, StocktakeConfig.COMPACTION_STATE_PREFIX,
                compactionRole != null ? compactionRole.getRoleArn() : null));
    }

    private Key reportKey(StocktakeConfig config) {
        Key k = Key.Builder.create(this, "ReportKey")
                .alias(Encryption.REPORT_KEY_ALIAS)
                .description("Stocktake: encrypts the IAM credential reports and Athena query results")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // The collectors encrypt their report through S3 only: GenerateDataKey, via S3 in this region, for the report
        // bucket only (S3 sends the bucket's ARN as the encryption context with an S3 Bucket Key, the object's ARN
        // without; the bucket's own ARN, not a reference, as the bucket refers to this key), by collector roles of this
        // organization.
        Map<String, Object> reportBucketContext = Map.of(S3_ARN_CONTEXT, List.of(
                reportBucketArn(config), reportBucketArn(config) + "/*"));
        k.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CollectorsEncryptReportsThroughS3")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of(
                                "aws:PrincipalOrgID", config.organizationId(),
                                "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com"),
                        "ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN),
                        "StringLike", reportBucketContext))
                .build());
        // The account-directory job (management account) encrypts its export the same way.
        k.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DirectoryJobEncryptsThroughS3")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of(
                                "aws:PrincipalArn", Names.directoryRoleArn(config),
                                "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com"),
                        "StringLike", reportBucketContext))
                .build());
        // The Identity Center exporter (management account or delegated administrator) encrypts its export the same way.
        if (config.identityCenter().enabled()) {
            k.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("IdentityCenterExporterEncryptsThroughS3")
                    .principals(List.of(new AnyPrincipal()))
                    .actions(List.of("kms:GenerateDataKey"))
                    .resources(List.of("*"))
                    .conditions(Map.of(
                            "StringEquals", Map.of(
                                    "aws:PrincipalArn", Names.identityCenterRoleArn(config),
                                    "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com"),
                            "StringLike", reportBucketContext))
                    .build());
        }
        // The remediation operators (remediation.enabled) write the journal and read the directory, the allowlist and the
        // journal with their own credentials, through S3 only: GenerateDataKey and Decrypt for the report bucket.
        // (S3's SSE-KMS never calls kms:Encrypt.)
        if (config.remediation().enabled()) {
            k.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("RemediationOperatorsUseThroughS3")
                    .principals(List.of(new AnyPrincipal()))
                    .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                    .resources(List.of("*"))
                    .conditions(Map.of(
                            "StringEquals", Map.of(
                                    "aws:PrincipalOrgID", config.organizationId(),
                                    "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com"),
                            "ArnLike", Map.of("aws:PrincipalArn", config.remediation().trustedPrincipals()),
                            "StringLike", reportBucketContext))
                    .build());
        }
        return k;
    }

    /** The encryption context key S3 sends to KMS: the bucket's ARN (S3 Bucket Key) or the object's. */
    static final String S3_ARN_CONTEXT = "kms:EncryptionContext:aws:s3:arn";

    private String reportBucketArn(StocktakeConfig config) {
        return "arn:" + Stack.of(this).getPartition() + ":s3:::" + config.reportBucketName();
    }

    private void encrypt(Bucket.Builder bucket) {
        if (key != null) {
            bucket.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true);
        } else {
            bucket.encryption(BucketEncryption.S3_MANAGED);
        }
        // SSE-C (customer-provided keys) would make an object unreadable to Athena and to every reader.
        bucket.blockedEncryptionTypes(List.of(BlockedEncryptionType.SSE_C));
    }

    /** The report key, or null with S3-managed encryption. */
    public Key key() {
        return key;
    }

    public Bucket reportBucket() {
        return reportBucket;
    }

    public Bucket resultsBucket() {
        return resultsBucket;
    }
}
