package dev.stocktake.infra.central;

import dev.stocktake.infra.Names;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The report bucket's statements for the collectors of the organization.
 *
 * <p>What a collector does (see the collector's contract): {@code PutObject} with
 * {@code If-None-Match: *} of {@code <prefix>YYYY/MM/DD/<name>.csv}; on 412 a {@code HeadObject}
 * (authorised as {@code s3:GetObject}) to see whether its own account wrote it; then either an
 * overwrite with {@code If-Match: <etag>} or a write to {@code <name>@<account>.csv}. Every object
 * carries the tag {@code stocktake-account-id=<its account>}, which needs {@code s3:PutObjectTagging}
 * as well.
 *
 * <p>So: the two Allow statements grant exactly that, to collector roles of this organization; the
 * Deny statements hold even for a collector in the central account itself (whose identity policy
 * alone would otherwise suffice): nothing but put/get under the prefix, only with its own account's
 * tag, only conditional writes (an overwrite needs the ETag, and reading the ETag needs the own-account
 * tag), and no re-tagging of another account's object (which would otherwise make it readable).
 * Condition keys, checked in the Service Authorization Reference: {@code s3:RequestObjectTag/<key>}
 * (PutObject, PutObjectTagging), {@code s3:ExistingObjectTag/<key>} (GetObject, PutObjectTagging),
 * {@code s3:if-match} / {@code s3:if-none-match} (PutObject), {@code aws:PrincipalOrgID},
 * {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}.
 */
public final class ReportBucketPolicy {
    static final String OWN_ACCOUNT = "${aws:PrincipalAccount}";
    static final String REQUEST_TAG = "s3:RequestObjectTag/" + Names.ACCOUNT_TAG;
    static final String EXISTING_TAG = "s3:ExistingObjectTag/" + Names.ACCOUNT_TAG;
    static final List<String> COLLECTOR_ACTIONS = List.of("s3:PutObject", "s3:PutObjectTagging", "s3:GetObject");

    private ReportBucketPolicy() {
    }

    /**
     * The account-directory job's statement: its role, by ARN ({@code aws:PrincipalArn}, so the policy is valid before
     * the role exists in the management account), may put objects under {@code directoryPrefix} and do nothing else.
     */
    public static PolicyStatement directoryStatement(String bucketArn, String directoryPrefix, String directoryRoleArn) {
        return PolicyStatement.Builder.create()
                .sid("DirectoryJobPutsAccountDirectory")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucketArn + "/" + directoryPrefix + "*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalArn", directoryRoleArn)))
                .build();
    }

    /**
     * The allowlist's statements: collectors never touch {@code allowlistPrefix} (they are kept under the report
     * prefix already; this holds even if that changes), and the role of CDK's BucketDeployment handler, whose identity
     * policy is CDK's standard read-write grant on the whole bucket, may read, write and delete objects under
     * {@code allowlistPrefix} only and list nothing else: it can neither read nor change a report.
     */
    public static List<PolicyStatement> allowlistStatements(String bucketArn, String allowlistPrefix, String deploymentRoleArn) {
        String allowlist = bucketArn + "/" + allowlistPrefix + "*";
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("CollectorsNeverTouchAllowlist")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .resources(List.of(allowlist))
                        .conditions(Map.of("ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN)))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AllowlistDeploymentOnlyUnderAllowlist")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .notResources(List.of(bucketArn, allowlist))
                        .conditions(Map.of("ArnEquals", Map.of("aws:PrincipalArn", deploymentRoleArn)))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AllowlistDeploymentListsOnlyAllowlist")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
                        .resources(List.of(bucketArn))
                        .conditions(Map.of(
                                "ArnEquals", Map.of("aws:PrincipalArn", deploymentRoleArn),
                                "StringNotLike", Map.of("s3:prefix", allowlistPrefix + "*")))
                        .build());
    }

    /** What changes an object: denied under the compaction job's prefixes to everyone but the job. */
    static final List<String> OBJECT_WRITES = List.of("s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject",
            "s3:AbortMultipartUpload");

    /**
     * The compaction job's statement: nobody but its role ({@code aws:PrincipalArn}; Athena writes the Parquet copy with
     * the caller's credentials, so its writes count as the role's) may write, tag, restore or delete objects under
     * {@code compactedPrefix} (the Parquet copy the views read) or {@code statePrefix} (which months the copy holds);
     * with {@code compactionRoleArn} null (the job is not deployed) nobody may. Reading stays with the identity
     * policies. Collectors are kept out twice: they are also denied everything outside their report prefix.
     */
    public static PolicyStatement compactionStatement(String bucketArn, String compactedPrefix, String statePrefix,
                                                      String compactionRoleArn) {
        PolicyStatement.Builder deny = PolicyStatement.Builder.create()
                .sid("OnlyTheCompactionJobWritesCompactedReports")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(OBJECT_WRITES)
                .resources(List.of(bucketArn + "/" + compactedPrefix + "*", bucketArn + "/" + statePrefix + "*"));
        if (compactionRoleArn != null) {
            deny.conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", compactionRoleArn)));
        }
        return deny.build();
    }

    /** The collector statements for a bucket ARN, report prefix and organization. */
    public static List<PolicyStatement> statements(String bucketArn, String prefix, String organizationId) {
        String reports = bucketArn + "/" + prefix + "*";
        Map<String, Object> isCollector = Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN);
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("CollectorsPutOwnReports")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", organizationId, REQUEST_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsReadBackOwnReports")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", organizationId, EXISTING_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsDoNothingElse")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .notActions(COLLECTOR_ACTIONS)
                        .resources(List.of(bucketArn, bucketArn + "/*"))
                        .conditions(Map.of("ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsStayUnderPrefix")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(COLLECTOR_ACTIONS)
                        .notResources(List.of(reports))
                        .conditions(Map.of("ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsTagWithOwnAccount")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "StringNotEquals", Map.of(REQUEST_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsReadOnlyOwnAccount")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "StringNotEquals", Map.of(EXISTING_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsNeverRetagOtherAccounts")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObjectTagging"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "Null", Map.of(EXISTING_TAG, "false"),
                                "StringNotEquals", Map.of(EXISTING_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsWriteOnlyConditionally")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(reports))
                        .conditions(Map.of(
                                "Null", Map.of("s3:if-none-match", "true", "s3:if-match", "true"),
                                "ArnLike", isCollector))
                        .build());
    }
}
