package dev.stocktake.infra.central;

import dev.stocktake.infra.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The report bucket's statements for the collectors of the organization.
 *
 * <p>What a collector does (see the collector's contract): {@code PutObject} with {@code If-None-Match: *} of its one key
 * of the day, {@code <prefix>YYYY/MM/DD/<encoded account name>@<its account ID>.csv}; on 412 a {@code HeadObject}
 * (authorised as {@code s3:GetObject}) of that key and an overwrite with {@code If-Match: <etag>}; the per-object Object
 * Lock retention ({@code s3:PutObjectRetention}). Every object carries the tag {@code stocktake-account-id=<its account>},
 * which needs {@code s3:PutObjectTagging} as well.
 *
 * <p>So: the Allow statements grant exactly that, to collector roles of this organization, and only on keys matching
 * {@code <prefix>????/??/??/*@${aws:PrincipalAccount}.csv}: S3 itself binds a key to the account that writes it. The
 * IAM User Guide ("IAM policy elements: Variables and tags") allows policy variables in resource-based policies and in
 * the resource part of a {@code Resource} ARN, and global condition keys such as {@code aws:PrincipalAccount} (present
 * in every signed request) as variables; the variable is used only in {@code Resource} of Allow statements (not in
 * {@code NotResource}, whose support for variables the guide does not state), so a collector in another account
 * (which needs the bucket's Allow) cannot write any other key. A collector in the central account itself is bound by
 * its identity policy, which names the same pattern ({@code CollectorStack}). {@code *} in an ARN also matches
 * {@code /}, so a Deny refuses keys nested deeper than {@code YYYY/MM/DD/<name>} (an encoded name has no {@code /}).
 *
 * <p>The Deny statements hold even for a collector in the central account: nothing but put/get/retention under the
 * prefix, only with its own account's tag, only conditional writes (an overwrite needs the ETag, and reading the ETag
 * needs the own-account tag), no re-tagging of another account's object (which would otherwise make it readable).
 * Encryption, for every writer under the prefix: with KMS no {@code x-amz-server-side-encryption} other than
 * {@code aws:kms} and no key but the report key (without these headers the bucket's default, the report key, applies);
 * with S3-managed encryption nothing but {@code AES256}; never SSE-C (also blocked by the bucket's encryption setting,
 * {@code BlockedEncryptionTypes}). S3 has no condition key for an object's size, so the views reject files over
 * 16 MiB instead (athena-sql's {@code rejected_reports}).
 * Condition keys, checked in the Service Authorization Reference: {@code s3:RequestObjectTag/<key>}
 * (PutObject, PutObjectTagging), {@code s3:ExistingObjectTag/<key>} (GetObject, PutObjectTagging),
 * {@code s3:if-match} / {@code s3:if-none-match} (PutObject), {@code s3:x-amz-server-side-encryption},
 * {@code s3:x-amz-server-side-encryption-aws-kms-key-id}, {@code s3:x-amz-server-side-encryption-customer-algorithm}
 * (PutObject), {@code aws:PrincipalOrgID}, {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}.
 */
public final class ReportBucketPolicy {
    static final String OWN_ACCOUNT = "${aws:PrincipalAccount}";
    static final String REQUEST_TAG = "s3:RequestObjectTag/" + Names.ACCOUNT_TAG;
    static final String EXISTING_TAG = "s3:ExistingObjectTag/" + Names.ACCOUNT_TAG;
    static final List<String> COLLECTOR_ACTIONS = List.of("s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectRetention",
            "s3:GetObject");
    /** A report key of the calling account: {@code YYYY/MM/DD/<encoded name>@<its account ID>.csv}. */
    public static final String OWN_REPORT_KEY = "????/??/??/*@" + OWN_ACCOUNT + ".csv";
    /** A details key of the calling account: {@code YYYY/MM/DD/<encoded name>@<its account ID>.json}. */
    public static final String OWN_DETAILS_KEY = "????/??/??/*@" + OWN_ACCOUNT + ".json";
    /** Anything with more than the four segments {@code YYYY/MM/DD/<name>@<id>.csv}. */
    static final String NESTED_KEY = "*/*/*/*/*";

    private ReportBucketPolicy() {
    }

    /**
     * The account-directory job's statement: its role, by ARN ({@code aws:PrincipalArn}, so the policy is valid before
     * the role exists in the management account), may put objects under {@code directoryPrefix} with their Object Lock
     * retention (a put that carries {@code x-amz-object-lock-*} headers is also authorised as
     * {@code s3:PutObjectRetention}, which a cross-account writer needs from the bucket policy too) and do nothing else.
     */
    public static PolicyStatement directoryStatement(String bucketArn, String directoryPrefix, String directoryRoleArn) {
        return PolicyStatement.Builder.create()
                .sid("DirectoryJobPutsAccountDirectory")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject", "s3:PutObjectRetention"))
                .resources(List.of(bucketArn + "/" + directoryPrefix + "*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalArn", directoryRoleArn)))
                .build();
    }

    /**
     * The Identity Center exporter's statements: its role, by ARN ({@code aws:PrincipalArn}: the role lives in the
     * management account or the Identity Center delegated administrator, and the policy is valid before it exists), may
     * create or replace its one object of the day, {@code <prefix>YYYY/MM/DD/identity-center.json} ({@code PutObject}
     * with its Object Lock retention, {@code PutObjectRetention}; {@code GetObject} for the ETag of a same-day replace)
     * and nothing else: not a report, not a details file, no read of any other key, no key nested deeper. A role of
     * that name in any other account matches no statement. Nobody else may write, tag or delete under the prefix: the
     * export is what the migration views believe about every person's access ({@code exporterRoleArn} null, the
     * exporter not deployed: nobody).
     */
    public static List<PolicyStatement> identityCenterStatements(String bucketArn, String prefix, String fileName,
                                                                 String exporterRoleArn) {
        String own = bucketArn + "/" + prefix + "????/??/??/" + fileName;
        List<PolicyStatement> out = new ArrayList<>();
        PolicyStatement.Builder others = PolicyStatement.Builder.create()
                .sid("OnlyTheExporterWritesIdentityCenter")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(OBJECT_WRITES)
                .resources(List.of(bucketArn + "/" + prefix + "*"));
        if (exporterRoleArn == null) {
            out.add(others.build());
            return out;
        }
        others.conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", exporterRoleArn)));
        Map<String, Object> isExporter = Map.of("aws:PrincipalArn", exporterRoleArn);
        out.add(PolicyStatement.Builder.create()
                .sid("ExporterPutsIdentityCenter")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(IDENTITY_CENTER_ACTIONS)
                .resources(List.of(own))
                .conditions(Map.of("ArnEquals", isExporter))
                .build());
        out.add(PolicyStatement.Builder.create()
                .sid("ExporterDoesNothingElse")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .notActions(IDENTITY_CENTER_ACTIONS)
                .resources(List.of(bucketArn, bucketArn + "/*"))
                .conditions(Map.of("ArnEquals", isExporter))
                .build());
        out.add(PolicyStatement.Builder.create()
                .sid("ExporterOnlyItsKey")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(IDENTITY_CENTER_ACTIONS)
                .notResources(List.of(own))
                .conditions(Map.of("ArnEquals", isExporter))
                .build());
        out.add(PolicyStatement.Builder.create()
                .sid("ExporterNoNestedKeys")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(IDENTITY_CENTER_ACTIONS)
                .resources(List.of(bucketArn + "/" + prefix + NESTED_KEY))
                .conditions(Map.of("ArnEquals", isExporter))
                .build());
        out.add(others.build());
        return out;
    }

    /** What the Identity Center exporter does to its key: put (with retention), read back the ETag. */
    static final List<String> IDENTITY_CENTER_ACTIONS = List.of("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject");

    /**
     * The deployed files' statements ({@link DeployedFiles}: the allowlist, the identity mapping, the migration settings,
     * the milestones, each under its own prefix of {@code prefixes}): collectors never touch those prefixes (they are
     * kept under their own prefixes already; this holds even if that changes), and the role of CDK's BucketDeployment
     * handler, whose identity policy is CDK's standard read-write grant on the whole bucket, may read, write and delete
     * objects under those prefixes only and list nothing else: it can neither read nor change a report, a details file
     * or an Identity Center export.
     */
    public static List<PolicyStatement> deployedFileStatements(String bucketArn, List<String> prefixes, String deploymentRoleArn) {
        List<String> files = prefixes.stream().map(p -> bucketArn + "/" + p + "*").toList();
        List<String> allowedResources = new ArrayList<>();
        allowedResources.add(bucketArn);
        allowedResources.addAll(files);
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("CollectorsNeverTouchDeployedFiles")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .resources(files)
                        .conditions(Map.of("ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN)))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("FileDeploymentOnlyUnderItsPrefixes")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .notResources(allowedResources)
                        .conditions(Map.of("ArnEquals", Map.of("aws:PrincipalArn", deploymentRoleArn)))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("FileDeploymentListsOnlyItsPrefixes")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
                        .resources(List.of(bucketArn))
                        .conditions(Map.of(
                                "ArnEquals", Map.of("aws:PrincipalArn", deploymentRoleArn),
                                "StringNotLike", Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList())))
                        .build());
    }

    /** What an operator of {@code stocktake remediate} does to a journal record: create it (with its retention), read it. */
    static final List<String> JOURNAL_ACTIONS = List.of("s3:PutObject", "s3:PutObjectRetention");

    /**
     * The remediation operators' statements ({@code remediation.enabled}; {@code operators} are
     * {@code remediation.trustedPrincipals}, matched with {@code ArnLike aws:PrincipalArn}, of the organization):
     * <ul>
     *   <li>create journal records under {@code journalPrefix} ({@code s3:PutObject}, and {@code s3:PutObjectRetention},
     *       which a put with Object Lock headers needs too); the encryption rules of the reports hold there as well
     *       ({@link #encryptionStatements} with the journal prefix)</li>
     *   <li>read what apply reads: the journal, the account directory ({@code directoryPrefix}) and the deployed
     *       allowlist ({@code allowlistKey}), and list those two prefixes ({@code s3:prefix})</li>
     *   <li>the journal is append-only, for everyone: a put without {@code If-None-Match} (condition key
     *       {@code s3:if-none-match}, PutObject) is refused, so no record is overwritten; nobody may delete a record or
     *       a version of one, tag it, change its ACL or legal hold; nobody but the operators may write there</li>
     * </ul>
     * Nothing else: no report, no details file, no Identity Center export.
     */
    public static List<PolicyStatement> remediationStatements(String bucketArn, String journalPrefix, String directoryPrefix,
                                                              String allowlistKey, List<String> operators,
                                                              String organizationId) {
        String journal = bucketArn + "/" + journalPrefix + "*";
        Map<String, Object> isOperator = Map.of("aws:PrincipalArn", operators);
        Map<String, Object> inOrganization = Map.of("aws:PrincipalOrgID", organizationId);
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("OperatorsCreateJournalRecords")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(JOURNAL_ACTIONS)
                        .resources(List.of(journal))
                        .conditions(Map.of("ArnLike", isOperator, "StringEquals", inOrganization))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OperatorsReadJournalDirectoryAllowlist")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(journal, bucketArn + "/" + directoryPrefix + "*", bucketArn + "/" + allowlistKey))
                        .conditions(Map.of("ArnLike", isOperator, "StringEquals", inOrganization))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OperatorsListJournalAndDirectory")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(bucketArn))
                        .conditions(Map.of("ArnLike", isOperator, "StringEquals", inOrganization,
                                "StringLike", Map.of("s3:prefix", List.of(journalPrefix + "*", directoryPrefix + "*"))))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OnlyOperatorsWriteJournal")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(OBJECT_WRITES)
                        .resources(List.of(journal))
                        .conditions(Map.of("ArnNotLike", isOperator))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("JournalRecordsNeverOverwritten")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(journal))
                        .conditions(Map.of("Null", Map.of("s3:if-none-match", "true")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("JournalRecordsNeverDeletedOrChanged")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:DeleteObject*", "s3:PutObjectAcl", "s3:PutObjectLegalHold", "s3:PutObjectTagging",
                                "s3:PutObjectVersionAcl", "s3:PutObjectVersionTagging", "s3:RestoreObject",
                                "s3:BypassGovernanceRetention"))
                        .resources(List.of(journal))
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

    /**
     * The collector statements for a bucket ARN, the report and details prefixes and the organization (the encryption
     * every write there must use is {@link #encryptionStatements}). A collector writes two objects a day, each under its own
     * prefix and with the same rules: its report {@code <prefix>YYYY/MM/DD/<name>@<id>.csv} and, after it, its IAM
     * details {@code <detailsPrefix>YYYY/MM/DD/<name>@<id>.json} (tags of its IAM users, last use of its Identity Center
     * roles), bound to its account by {@link #OWN_REPORT_KEY} and {@link #OWN_DETAILS_KEY} alike.
     */
    public static List<PolicyStatement> statements(String bucketArn, String prefix, String detailsPrefix, String organizationId) {
        List<String> written = List.of(bucketArn + "/" + prefix + "*", bucketArn + "/" + detailsPrefix + "*");
        List<String> own = List.of(bucketArn + "/" + prefix + OWN_REPORT_KEY, bucketArn + "/" + detailsPrefix + OWN_DETAILS_KEY);
        Map<String, Object> isCollector = Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN);
        List<PolicyStatement> out = new ArrayList<>(List.of(
                PolicyStatement.Builder.create()
                        .sid("CollectorsPutOwnReports")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                        .resources(own)
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", organizationId, REQUEST_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsLockOwnReports")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObjectRetention"))
                        .resources(own)
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", organizationId),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsReadBackOwnReports")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(own)
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
                        .notResources(written)
                        .conditions(Map.of("ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsNoNestedKeys")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(COLLECTOR_ACTIONS)
                        .resources(List.of(bucketArn + "/" + prefix + NESTED_KEY, bucketArn + "/" + detailsPrefix + NESTED_KEY))
                        .conditions(Map.of("ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsTagWithOwnAccount")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
                        .resources(written)
                        .conditions(Map.of(
                                "StringNotEquals", Map.of(REQUEST_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsReadOnlyOwnAccount")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(written)
                        .conditions(Map.of(
                                "StringNotEquals", Map.of(EXISTING_TAG, OWN_ACCOUNT),
                                "ArnLike", isCollector))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("CollectorsNeverRetagOtherAccounts")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObjectTagging"))
                        .resources(written)
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
                        .resources(written)
                        .conditions(Map.of(
                                "Null", Map.of("s3:if-none-match", "true", "s3:if-match", "true"),
                                "ArnLike", isCollector))
                        .build()));
        return out;
    }

    /**
     * Every write under the prefixes the views read raw files from (the reports, the collectors' details, the Identity
     * Center export: {@code prefixes}, each ending in {@code /}), by anyone, is encrypted so that Athena can read it:
     * never SSE-C; with KMS, no
     * {@code x-amz-server-side-encryption} but {@code aws:kms}, never {@code aws:kms} without a key ID (S3 would use the
     * caller's AWS managed {@code aws/s3} key) and no key ID but the report key's ARN or its alias ARN (the collectors in
     * other accounts name the key by its alias ARN, {@code reportKeyAliasArn}); with S3-managed encryption, no
     * {@code x-amz-server-side-encryption} but {@code AES256}. A request without these headers gets the bucket's default
     * encryption (the report key, or SSE-S3), which is what the views read. ({@code StringNotEquals} alone would also
     * match a request without the header, so each check is paired with {@code Null: false}.)
     */
    public static List<PolicyStatement> encryptionStatements(String bucketArn, List<String> prefixes, String reportKeyArn,
                                                             String reportKeyAliasArn) {
        List<String> reports = prefixes.stream().map(p -> bucketArn + "/" + p + "*").toList();
        List<PolicyStatement> out = new ArrayList<>();
        out.add(deny("ReportsNeverCustomerKeys", reports, Map.of("Null", Map.of(SSE_C_ALGORITHM, "false"))));
        out.add(deny(reportKeyArn != null ? "ReportsOnlySseKms" : "ReportsOnlySseS3", reports, Map.of(
                "Null", Map.of(SSE, "false"),
                "StringNotEquals", Map.of(SSE, reportKeyArn != null ? "aws:kms" : "AES256"))));
        if (reportKeyArn != null) {
            out.add(deny("ReportsNeverAwsManagedKey", reports, Map.of(
                    "StringEquals", Map.of(SSE, "aws:kms"),
                    "Null", Map.of(SSE_KMS_KEY, "true"))));
            out.add(deny("ReportsOnlyUnderReportKey", reports, Map.of(
                    "Null", Map.of(SSE_KMS_KEY, "false"),
                    "StringNotEquals", Map.of(SSE_KMS_KEY, List.of(reportKeyArn, reportKeyAliasArn)))));
        }
        return out;
    }

    private static PolicyStatement deny(String sid, List<String> reports, Map<String, Object> conditions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(reports)
                .conditions(conditions)
                .build();
    }

    static final String SSE = "s3:x-amz-server-side-encryption";
    static final String SSE_KMS_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";
    static final String SSE_C_ALGORITHM = "s3:x-amz-server-side-encryption-customer-algorithm";
}
