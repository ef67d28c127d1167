package dev.stocktake.infra.policy;

import static dev.stocktake.infra.policy.Deployment.CENTRAL;
import static dev.stocktake.infra.policy.Deployment.MANAGEMENT;
import static dev.stocktake.infra.policy.Deployment.MEMBER_A;
import static dev.stocktake.infra.policy.Deployment.MEMBER_B;
import static dev.stocktake.infra.policy.Deployment.OPERATOR;
import static dev.stocktake.infra.policy.Deployment.ORG;
import static dev.stocktake.infra.policy.Deployment.OUTSIDER;
import static dev.stocktake.infra.policy.Deployment.OUTSIDER_ORG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The security matrix: requests against the synthesized, resolved policies of {@link Deployment}, each with the
 * decision it must get. A row is pending (never passing) while the control it needs is not in the templates yet.
 */
final class Matrix {
    enum Expect { ALLOWED, DENIED }

    /** Who calls: the session's ARN, its role's ARN, its account and organization (null outside any). */
    record Caller(String label, String sessionArn, String roleArn, String account, String org) {
        static Caller role(String label, String account, String roleName, String org) {
            return new Caller(label, "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + roleName,
                    "arn:aws:iam::" + account + ":role/" + roleName, account, org);
        }

        ObjectNode context() {
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            c.put("aws:PrincipalArn", roleArn).put("aws:PrincipalAccount", account).put("aws:SecureTransport", "true");
            if (org != null) {
                c.put("aws:PrincipalOrgID", org);
            }
            return c;
        }
    }

    /** One row: what is asked, what it must get, and the simulation (null with a pending reason). */
    record Row(String id, String request, Expect expected, ObjectNode simulation, String pending, String fixed) {
    }

    static final String TODAY = "2026/12/03/";
    static final ObjectNode ALLOW_ALL = policy(statement("Allow", "*", "*"));
    static final String REPORT_ALIAS = Encryption.REPORT_KEY_ALIAS;
    /** A key policy that lets every principal of the organization use the key (someone else's key, carelessly open). */
    static final ObjectNode OPEN_KEY_POLICY = openKeyPolicy();

    /** KMS's default key policy: the account's IAM policies decide who may use the key. */
    static ObjectNode defaultKeyPolicy(String account) {
        ObjectNode s = statement("Allow", "kms:*", "*");
        s.putObject("Principal").put("AWS", "arn:aws:iam::" + account + ":root");
        return policy(s);
    }

    private static ObjectNode openKeyPolicy() {
        ObjectNode s = statement("Allow", "kms:*", "*");
        s.put("Principal", "*");
        s.putObject("Condition").putObject("StringEquals").put("aws:PrincipalOrgID", ORG);
        return policy(s);
    }

    final Deployment d;
    final List<Row> rows = new ArrayList<>();
    /** Applied to the bucket policy before it goes into a simulation (the broken-policy tests change it). */
    private final UnaryOperator<ObjectNode> bucketPolicyEdit;

    Matrix(Deployment d, UnaryOperator<ObjectNode> bucketPolicyEdit) {
        this.d = d;
        this.bucketPolicyEdit = bucketPolicyEdit;
        build();
    }

    Map<String, ObjectNode> simulations() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        rows.stream().filter(r -> r.simulation() != null).forEach(r -> out.put(r.id(), r.simulation()));
        return out;
    }

    Row row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private void build() {
        Caller collectorA = Caller.role("collector of member A", MEMBER_A, Names.COLLECTOR_ROLE, ORG);
        Caller collectorCentral = Caller.role("collector of the central account", CENTRAL, Names.COLLECTOR_ROLE, ORG);
        Caller outsiderCollector = Caller.role("role named stocktake-collector outside the organization", OUTSIDER,
                Names.COLLECTOR_ROLE, OUTSIDER_ORG);
        String ownKey = TODAY + "team-a@" + MEMBER_A + ".csv";
        String bKey = TODAY + "team-b@" + MEMBER_B + ".csv";
        ArrayNode collectorPolicies = d.collectorPolicies(MEMBER_A);

        // --- the report bucket: collectors ---
        s3("collector-own-key", "collector of A creates its own key (If-None-Match: *, own tag, report key)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObject", ownKey, put(MEMBER_A, "if-none-match"));
        s3("collector-own-key-if-match", "collector of A replaces its own key of today (If-Match: <etag>)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObject", ownKey, put(MEMBER_A, "if-match"));
        s3("collector-own-key-no-headers", "collector of A creates its own key without SSE headers (bucket default: the report key)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObject", ownKey, conditional(MEMBER_A, "if-none-match"));
        s3("collector-own-retention", "collector of A sets Object Lock retention on its own key",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObjectRetention", ownKey, ctx());
        s3("collector-other-account-key", "collector of A writes B's key (…@" + MEMBER_B + ".csv)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", bKey, put(MEMBER_A, "if-none-match"));
        s3("collector-other-account-key-tagged-b", "collector of A writes B's key tagged as B",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", bKey, put(MEMBER_B, "if-none-match"));
        // A's own administrators may widen the collector role's policy (they are not trusted): the bucket policy alone decides
        s3("collector-widened-other-account-key", "collector of A, its role policy widened to s3:* by A's administrator, writes B's key",
                Expect.DENIED, collectorA, policies(ALLOW_ALL), "s3:PutObject", bKey, put(MEMBER_A, "if-none-match"));
        s3("collector-widened-delete", "collector of A, its role policy widened to s3:* by A's administrator, deletes B's report",
                Expect.DENIED, collectorA, policies(ALLOW_ALL), "s3:DeleteObject", bKey, ctx());
        s3("central-collector-other-account-key", "collector of the central account writes B's key (same account as the bucket)",
                Expect.DENIED, collectorCentral, d.collectorPolicies(CENTRAL), "s3:PutObject", bKey, put(CENTRAL, "if-none-match"));
        s3("collector-legacy-key", "collector of A writes a key outside the pattern (the seed's YYYY/MM/DD/<name>.csv)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", TODAY + "team-a.csv", put(MEMBER_A, "if-none-match"));
        s3("collector-future-other-folder", "collector of A writes its ID outside the date folders (<prefix>x@<A>.csv)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", "x@" + MEMBER_A + ".csv", put(MEMBER_A, "if-none-match"));
        s3("collector-nested-key", "collector of A writes a nested key (YYYY/MM/DD/x/<name>@<A>.csv)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", TODAY + "x/team-a@" + MEMBER_A + ".csv",
                put(MEMBER_A, "if-none-match"));
        s3("collector-outside-prefix", "collector of A writes outside the report prefix (accounts/…)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", null, put(MEMBER_A, "if-none-match"));
        s3("collector-sse-s3", "collector of A writes its key with SSE-S3 instead of the report key",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption", "AES256"));
        s3("collector-other-kms-key", "collector of A writes its key under another KMS key",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption", "aws:kms")
                        .put("s3:x-amz-server-side-encryption-aws-kms-key-id",
                                "arn:aws:kms:eu-west-1:" + MEMBER_A + ":key/99999999-8888-7777-6666-555555555555"));
        s3("collector-alias-arn", "collector of A writes its key naming the report key by its alias ARN (as it is configured)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption", "aws:kms")
                        .put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyAliasArn()));
        s3("collector-own-account-alias-arn", "collector of A writes its key under the alias " + REPORT_ALIAS + " of its own account",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption", "aws:kms")
                        .put("s3:x-amz-server-side-encryption-aws-kms-key-id",
                                "arn:aws:kms:" + Deployment.REGION + ":" + MEMBER_A + ":" + REPORT_ALIAS));
        s3("collector-sse-c", "collector of A writes its key with SSE-C (customer-provided key)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption-customer-algorithm", "AES256"));
        s3("collector-aws-managed-key", "collector of A writes its key with aws:kms but no key ID (S3 would use the aws/s3 key)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey,
                conditional(MEMBER_A, "if-none-match").put("s3:x-amz-server-side-encryption", "aws:kms"));
        s3("collector-unconditional-overwrite", "collector of A overwrites its key without If-None-Match / If-Match",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", ownKey, tagged(MEMBER_A));
        s3("collector-delete", "collector of A deletes its own key",
                Expect.DENIED, collectorA, collectorPolicies, "s3:DeleteObject", ownKey, ctx());
        s3("collector-delete-version", "collector of A deletes a version of its own key",
                Expect.DENIED, collectorA, collectorPolicies, "s3:DeleteObjectVersion", ownKey, ctx());
        s3("collector-read-own", "collector of A reads back its own key (HeadObject for the ETag)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:GetObject", ownKey, existing(MEMBER_A));
        s3("collector-read-other", "collector of A reads B's report",
                Expect.DENIED, collectorA, collectorPolicies, "s3:GetObject", bKey, existing(MEMBER_B));
        s3("collector-retag-other", "collector of A re-tags B's report as A",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObjectTagging", bKey,
                existing(MEMBER_B).put("s3:RequestObjectTag/" + Names.ACCOUNT_TAG, MEMBER_A));
        rows.add(new Row("collector-list", "collector of A lists the bucket", Expect.DENIED,
                sim(collectorA, collectorPolicies, "s3:ListBucket", d.bucketArn(), CENTRAL,
                        collectorA.context().put("s3:prefix", d.config.reportPrefix()), bucketPolicy(), List.of()), null, null));
        s3("outsider-collector-own-key", "a role named stocktake-collector outside the organization writes its own key",
                Expect.DENIED, outsiderCollector, d.collectorPolicies(OUTSIDER), "s3:PutObject",
                TODAY + "evil@" + OUTSIDER + ".csv", put(OUTSIDER, "if-none-match"));

        // --- the report bucket: other writers ---
        ArrayNode compaction = d.compactionPolicies();
        Caller compactionRole = new Caller("compaction job", "arn:aws:sts::" + CENTRAL + ":assumed-role/compaction/job",
                roleArn(d.central(), Deployment.functionRoleId(d.central(), dev.stocktake.infra.central.ReportCompaction.FUNCTION_NAME)),
                CENTRAL, ORG);
        rows.add(new Row("compaction-writes-report", "compaction role writes a report key", Expect.DENIED,
                sim(compactionRole, compaction, "s3:PutObject", d.reportArn(bKey), CENTRAL, compactionRole.context(),
                        bucketPolicy(), List.of()), null, null));
        rows.add(new Row("compaction-writes-copy", "compaction role writes the compacted copy", Expect.ALLOWED,
                sim(compactionRole, compaction, "s3:PutObject",
                        d.bucketArn() + "/" + StocktakeConfig.COMPACTED_PREFIX + "month=2026-11/part-0.parquet", CENTRAL,
                        compactionRole.context(), bucketPolicy(), List.of()), null, null));
        // the compaction role may replace the report_rows view (its documented trust) and no other table or view
        String tables = "arn:aws:glue:" + Deployment.REGION + ":" + CENTRAL + ":table/" + d.config.athena().databaseName() + "/";
        rows.add(new Row("compaction-replaces-report-rows", "compaction role replaces the report_rows view (glue:UpdateTable)",
                Expect.ALLOWED, sim(compactionRole, compaction, "glue:UpdateTable", tables + "report_rows", CENTRAL,
                        compactionRole.context(), null, List.of()), null, null));
        rows.add(new Row("compaction-replaces-iam-users", "compaction role replaces the iam_users view (glue:UpdateTable)",
                Expect.DENIED, sim(compactionRole, compaction, "glue:UpdateTable", tables + "iam_users", CENTRAL,
                        compactionRole.context(), null, List.of()), null, null));
        rows.add(new Row("compaction-changes-report-table", "compaction role changes the credential_reports table "
                + "(glue:UpdateTable)", Expect.DENIED, sim(compactionRole, compaction, "glue:UpdateTable",
                tables + "credential_reports", CENTRAL, compactionRole.context(), null, List.of()), null, null));
        Caller centralAdmin = Caller.role("central administrator", CENTRAL, "Admin", ORG);
        rows.addAll(objectLockRows(centralAdmin, collectorA, collectorPolicies, ownKey, bKey));

        // --- the report key ---
        String s3Service = "s3." + Deployment.REGION + ".amazonaws.com";
        rows.add(new Row("kms-collector-report-bucket", "collector of A: GenerateDataKey via S3 for the report bucket",
                Expect.ALLOWED, kms(collectorA, collectorPolicies, s3Service, d.bucketArn()), null, null));
        rows.add(new Row("kms-collector-object-context", "collector of A: GenerateDataKey via S3 for an object of the report bucket (no bucket key)",
                Expect.ALLOWED, kms(collectorA, collectorPolicies, s3Service, d.reportArn(ownKey)), null, null));
        rows.add(new Row("kms-collector-other-bucket", "collector of A: GenerateDataKey via S3 for another bucket",
                Expect.DENIED, kms(collectorA, collectorPolicies, s3Service, "arn:aws:s3:::attacker-bucket-" + MEMBER_A), null, null));
        rows.add(new Row("kms-collector-direct", "collector of A: GenerateDataKey directly, not through S3",
                Expect.DENIED, kms(collectorA, collectorPolicies, null, d.bucketArn()), null, null));
        rows.add(new Row("kms-outsider", "role named stocktake-collector outside the organization: GenerateDataKey via S3",
                Expect.DENIED, kms(outsiderCollector, d.collectorPolicies(OUTSIDER), s3Service, d.bucketArn()), null, null));
        // the collectors name the key by its alias (no key ARN in their config): their own policy admits a key of the
        // central account and region only if it carries the report key's alias
        String otherCentralKey = "arn:aws:kms:" + Deployment.REGION + ":" + CENTRAL + ":key/99999999-8888-7777-6666-555555555555";
        rows.add(new Row("kms-collector-other-central-key", "collector of A: GenerateDataKey via S3 with another key of the"
                + " central account (no stocktake alias) whose key policy admits the whole organization", Expect.DENIED,
                kms(collectorA, collectorPolicies, s3Service, d.bucketArn(), otherCentralKey, CENTRAL, List.of("alias/other"),
                        OPEN_KEY_POLICY), null, null));
        String ownAccountKey = "arn:aws:kms:" + Deployment.REGION + ":" + MEMBER_A + ":key/99999999-8888-7777-6666-555555555555";
        rows.add(new Row("kms-collector-lookalike-alias", "collector of A: GenerateDataKey via S3 with a key of A that A's"
                + " administrator gave the alias " + REPORT_ALIAS + " (default key policy: IAM policies decide)", Expect.DENIED,
                kms(collectorA, collectorPolicies, s3Service, d.bucketArn(), ownAccountKey, MEMBER_A, List.of(REPORT_ALIAS),
                        defaultKeyPolicy(MEMBER_A)), null, null));
        Caller directoryJob = Caller.role("account directory job", MANAGEMENT, Names.DIRECTORY_ROLE, ORG);
        rows.add(new Row("kms-directory", "account directory job: GenerateDataKey via S3 for the report bucket",
                Expect.ALLOWED, kms(directoryJob, d.directoryPolicies(), s3Service, d.bucketArn()), null, null));
        rows.add(new Row("kms-directory-other-central-key", "account directory job: GenerateDataKey via S3 with another key"
                + " of the central account (no stocktake alias) whose key policy admits the whole organization", Expect.DENIED,
                kms(directoryJob, d.directoryPolicies(), s3Service, d.bucketArn(), otherCentralKey, CENTRAL, List.of(),
                        OPEN_KEY_POLICY), null, null));

        // --- the org-read role ---
        CfnResolver orgRead = d.orgRead();
        String orgReadRole = Deployment.roleId(orgRead, Names.ORG_READ_ROLE);
        ObjectNode trust = Deployment.trustPolicy(orgRead, orgReadRole);
        // the collector's session name and (once the trust requires it) its source identity are its own account
        rows.add(new Row("org-read-assume", "collector of A assumes the org-read role as stocktake-" + MEMBER_A, Expect.ALLOWED,
                assume(collectorA, collectorPolicies, trust, "stocktake-" + MEMBER_A, MEMBER_A), null, null));
        rows.add(new Row("org-read-wrong-session", "collector of A assumes the org-read role as stocktake-" + MEMBER_B
                + " (wrong session name)", Expect.DENIED,
                assume(collectorA, collectorPolicies, trust, "stocktake-" + MEMBER_B, MEMBER_A), null, null));
        boolean sourceIdentityBound = trust.toString().contains("sts:SourceIdentity");
        // AssumeRole with a SourceIdentity is also authorised as sts:SetSourceIdentity, across accounts on both sides
        rows.add(new Row("org-read-set-source-identity", "collector of A sets its own account as the source identity of"
                + " the org-read session (sts:SetSourceIdentity)", Expect.ALLOWED,
                sourceIdentityBound ? sim(collectorA, collectorPolicies, "sts:SetSourceIdentity", d.orgReadRoleArn(), MANAGEMENT,
                        // the Service Authorization Reference gives SetSourceIdentity sts:SourceIdentity, not sts:RoleSessionName
                        collectorA.context().put("sts:SourceIdentity", MEMBER_A),
                        trust, List.of()) : null,
                sourceIdentityBound ? null : "the org-read trust does not require sts:SourceIdentity yet (issue 16 item 5)", null));
        rows.add(new Row("org-read-set-other-source-identity", "collector of A sets account B as the source identity of"
                + " the org-read session (sts:SetSourceIdentity)", Expect.DENIED,
                sourceIdentityBound ? sim(collectorA, collectorPolicies, "sts:SetSourceIdentity", d.orgReadRoleArn(), MANAGEMENT,
                        collectorA.context().put("sts:SourceIdentity", MEMBER_B), trust, List.of()) : null,
                sourceIdentityBound ? null : "the org-read trust does not require sts:SourceIdentity yet (issue 16 item 5)", null));
        rows.add(new Row("org-read-wrong-source-identity", "collector of A assumes the org-read role with source identity "
                + MEMBER_B, Expect.DENIED,
                sourceIdentityBound ? assume(collectorA, collectorPolicies, trust, "stocktake-" + MEMBER_A, MEMBER_B) : null,
                sourceIdentityBound ? null : "the org-read trust does not require sts:SourceIdentity yet (issue 16 item 5, the hardening branch)",
                null));
        rows.add(new Row("org-read-outsider", "role named stocktake-collector outside the organization assumes the org-read role",
                Expect.DENIED, assume(outsiderCollector, d.collectorPolicies(OUTSIDER), trust, "stocktake-" + OUTSIDER, OUTSIDER),
                null, null));
        Caller orgReadSession = new Caller("org-read session", "arn:aws:sts::" + MANAGEMENT + ":assumed-role/"
                + Names.ORG_READ_ROLE + "/stocktake-" + MEMBER_A, d.orgReadRoleArn(), MANAGEMENT, ORG);
        ArrayNode orgReadPolicies = Deployment.identityPolicies(orgRead, orgReadRole);
        String accountA = "arn:aws:organizations::" + MANAGEMENT + ":account/" + ORG + "/" + MEMBER_A;
        String accountB = "arn:aws:organizations::" + MANAGEMENT + ":account/" + ORG + "/" + MEMBER_B;
        rows.add(new Row("org-read-describe", "org-read session of A's collector describes account A", Expect.ALLOWED,
                sim(orgReadSession, orgReadPolicies, "organizations:DescribeAccount", accountA, MANAGEMENT,
                        orgReadSession.context().put("aws:SourceIdentity", MEMBER_A), null, List.of()), null, null));
        boolean ownAccountOnly = !orgReadPolicies.toString().contains("/" + ORG + "/*");
        rows.add(new Row("org-read-describe-other", "org-read session of A's collector describes account B", Expect.DENIED,
                ownAccountOnly ? sim(orgReadSession, orgReadPolicies, "organizations:DescribeAccount", accountB, MANAGEMENT,
                        orgReadSession.context().put("aws:SourceIdentity", MEMBER_A), null, List.of()) : null,
                ownAccountOnly ? null : "the org-read role may still describe every account of the organization"
                        + " (issue 16 item 5, the hardening branch)", null));
        rows.add(new Row("org-read-list", "org-read session lists the organization's accounts", Expect.DENIED,
                sim(orgReadSession, orgReadPolicies, "organizations:ListAccounts", "*", MANAGEMENT,
                        orgReadSession.context().put("aws:SourceIdentity", MEMBER_A), null, List.of()), null, null));

        // --- the alert bus ---
        ObjectNode bus = d.busPolicy();
        Caller forwarderA = Caller.role("alert forwarder of A", MEMBER_A, dev.stocktake.infra.config.AlertOptions.FORWARDER_ROLE, ORG);
        Caller forwarderOutsider = Caller.role("alert forwarder outside the organization", OUTSIDER,
                dev.stocktake.infra.config.AlertOptions.FORWARDER_ROLE, OUTSIDER_ORG);
        Caller adminA = Caller.role("administrator of A", MEMBER_A, "Admin", ORG);
        rows.add(new Row("forwarder-puts", "alert forwarder of A puts an IAM event on the central bus", Expect.ALLOWED,
                events(forwarderA, d.forwarderPolicies(MEMBER_A), bus), null, null));
        rows.add(new Row("forwarder-as-b", "alert forwarder of A puts an event about B (the bus admits any forwarder of the"
                + " organization; the event's account is set by EventBridge and checked by the notifier's CloudTrailEvent)",
                Expect.ALLOWED, events(forwarderA, d.forwarderPolicies(MEMBER_A), bus), null, null));
        rows.add(new Row("admin-puts-on-bus", "administrator of A (not the forwarder) puts events on the central bus", Expect.DENIED,
                events(adminA, policies(ALLOW_ALL), bus), null, null));
        rows.add(new Row("forwarder-outsider", "alert forwarder outside the organization puts events on the central bus",
                Expect.DENIED, events(forwarderOutsider, d.forwarderPolicies(OUTSIDER), bus), null, null));

        // --- SCP guardrails (management account) ---
        scpRows(adminA);

        // --- issue 17: the collectors' IAM details, the Identity Center export, the views on them ---
        detailsRows(collectorA, collectorPolicies);
        // the account directory job (management account) locks each export: its put carries Object Lock headers, which
        // S3 also authorises as s3:PutObjectRetention, across accounts on both sides
        Caller directory = Caller.role("account directory job", MANAGEMENT, Names.DIRECTORY_ROLE, ORG);
        String export = d.bucketArn() + "/" + StocktakeConfig.DIRECTORY_PREFIX + TODAY + "accounts.csv";
        s3Key("directory-puts-export", "account directory job writes its export of the day (accounts/YYYY/MM/DD/accounts.csv)",
                Expect.ALLOWED, directory, d.directoryPolicies(), "s3:PutObject", export,
                ctx().put("s3:x-amz-server-side-encryption", "aws:kms").put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyArn())
                        .put("s3:object-lock-mode", "GOVERNANCE"));
        s3Key("directory-locks-export", "account directory job sets the Object Lock retention of its export",
                Expect.ALLOWED, directory, d.directoryPolicies(), "s3:PutObjectRetention", export, ctx());
        s3Key("directory-writes-identity-center", "account directory job writes the Identity Center export key",
                Expect.DENIED, directory, policies(ALLOW_ALL), "s3:PutObject",
                d.bucketArn() + "/" + StocktakeConfig.IDENTITY_CENTER_PREFIX + TODAY + StocktakeConfig.IDENTITY_CENTER_FILE,
                ctx().put("s3:x-amz-server-side-encryption", "aws:kms").put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyArn()));
        identityCenterRows(centralAdmin);
        viewRows();
        remediationRows(adminA, centralAdmin);
    }

    /**
     * Issue 19: the remediation role in every member account, its operators ({@code remediation.trustedPrincipals}: the
     * role stocktake-operator of account 555555555555, administrator in its own account) and their journal in the
     * bucket, and the guardrail that protects the role.
     */
    private void remediationRows(Caller adminA, Caller centralAdmin) {
        if (!d.config.remediation().enabled()) {
            throw new IllegalStateException("policy-eval.config.json must enable remediation");
        }
        Caller operator = Caller.role("remediation operator", OPERATOR, "stocktake-operator", ORG);
        Caller otherOperatorAccountRole = Caller.role("another role of the operators' account", OPERATOR, "Admin", ORG);
        Caller operatorOutsideOrg = Caller.role("the operator's role, its account outside the organization", OPERATOR,
                "stocktake-operator", OUTSIDER_ORG);
        Caller outsider = Caller.role("role named stocktake-operator outside the organization", OUTSIDER, "stocktake-operator",
                OUTSIDER_ORG);
        ArrayNode admin = policies(ALLOW_ALL);
        String roleA = Deployment.remediationRoleArn(MEMBER_A);
        ObjectNode trustA = d.remediationTrust(MEMBER_A);
        String session = "stocktake-q-20261203-1a2b3c";
        rows.add(new Row("remediation-operator-assumes", "remediation operator assumes the remediation role of A (session "
                + session + ")", Expect.ALLOWED, assumeRemediation(operator, trustA, roleA, session), null, null));
        rows.add(new Row("remediation-operator-other-session-name", "remediation operator assumes the remediation role of A"
                + " with a session name the CLI never uses (alice)", Expect.DENIED,
                assumeRemediation(operator, trustA, roleA, "alice"), null, null));
        rows.add(new Row("remediation-other-role-assumes", "another role of the operators' account (administrator there)"
                + " assumes the remediation role of A", Expect.DENIED,
                assumeRemediation(otherOperatorAccountRole, trustA, roleA, session), null, null));
        rows.add(new Row("remediation-member-admin-assumes", "administrator of A assumes the remediation role of its own account",
                Expect.DENIED, assumeRemediation(adminA, trustA, roleA, session), null, null));
        rows.add(new Row("remediation-operator-outside-org-assumes", "the operator's role, its account no longer in the"
                + " organization, assumes the remediation role of A", Expect.DENIED,
                assumeRemediation(operatorOutsideOrg, trustA, roleA, session), null, null));
        rows.add(new Row("remediation-outsider-assumes", "role named stocktake-operator outside the organization assumes the"
                + " remediation role of A", Expect.DENIED, assumeRemediation(outsider, trustA, roleA, session), null, null));

        // what the role may do in its account
        Caller roleSession = new Caller("remediation role of A", "arn:aws:sts::" + MEMBER_A + ":assumed-role/"
                + Names.REMEDIATION_ROLE + "/" + session, roleA, MEMBER_A, ORG);
        ArrayNode rolePolicies = d.remediationPolicies(MEMBER_A);
        String iamA = "arn:aws:iam::" + MEMBER_A + ":";
        record Step(String id, String action, String resource, Expect expected, String request) {
        }
        for (Step step : List.of(
                new Step("update-access-key", "iam:UpdateAccessKey", iamA + "user/alice", Expect.ALLOWED, "deactivates a key of user alice of A"),
                new Step("delete-login-profile", "iam:DeleteLoginProfile", iamA + "user/alice", Expect.ALLOWED, "deletes alice's console password"),
                new Step("create-login-profile", "iam:CreateLoginProfile", iamA + "user/alice", Expect.ALLOWED, "re-creates alice's login profile (undo)"),
                new Step("put-user-policy", "iam:PutUserPolicy", iamA + "user/alice", Expect.ALLOWED, "puts the deny-all inline policy on alice"),
                new Step("delete-user", "iam:DeleteUser", iamA + "user/alice", Expect.ALLOWED, "deletes user alice"),
                new Step("delete-user-with-path", "iam:DeleteUser", iamA + "user/contractors/bob", Expect.ALLOWED, "deletes user bob (path /contractors/)"),
                new Step("leave-group", "iam:RemoveUserFromGroup", iamA + "group/developers", Expect.ALLOWED, "removes alice from group developers"),
                new Step("deactivate-mfa", "iam:DeactivateMFADevice", iamA + "user/alice", Expect.ALLOWED, "deactivates alice's MFA device"),
                new Step("key-last-used", "iam:GetAccessKeyLastUsed", iamA + "user/alice", Expect.ALLOWED, "reads when alice's key was last used"),
                new Step("create-access-key", "iam:CreateAccessKey", iamA + "user/alice", Expect.DENIED, "creates an access key for alice"),
                new Step("attach-user-policy", "iam:AttachUserPolicy", iamA + "user/alice", Expect.DENIED, "attaches a managed policy (AdministratorAccess) to alice"),
                new Step("create-user", "iam:CreateUser", iamA + "user/mallory", Expect.DENIED, "creates a user"),
                new Step("add-to-group", "iam:AddUserToGroup", iamA + "group/admins", Expect.DENIED, "adds a user to group admins"),
                new Step("delete-role", "iam:DeleteRole", iamA + "role/team-app", Expect.DENIED, "deletes role team-app"),
                new Step("put-role-policy", "iam:PutRolePolicy", iamA + "role/team-app", Expect.DENIED, "puts an inline policy on role team-app"),
                new Step("update-own-trust", "iam:UpdateAssumeRolePolicy", roleA, Expect.DENIED, "changes its own trust policy"),
                new Step("update-group-policy", "iam:PutGroupPolicy", iamA + "group/developers", Expect.DENIED, "puts an inline policy on group developers"),
                new Step("password-policy", "iam:UpdateAccountPasswordPolicy", "*", Expect.DENIED, "changes the account's password policy"))) {
            rows.add(new Row("remediation-role-" + step.id(), "remediation role of A " + step.request() + " (" + step.action() + ")",
                    step.expected(), sim(roleSession, rolePolicies, step.action(), step.resource(), MEMBER_A, roleSession.context(),
                    null, List.of()), null, null));
        }
        rows.add(new Row("remediation-role-other-account", "remediation role of A deactivates a key of user alice of B"
                + " (iam:UpdateAccessKey)", Expect.DENIED, sim(roleSession, rolePolicies, "iam:UpdateAccessKey",
                "arn:aws:iam::" + MEMBER_B + ":user/alice", MEMBER_B, roleSession.context(), null, List.of()), null, null));
        s3Key("remediation-role-reads-report", "remediation role of A reads a report", Expect.DENIED, roleSession, rolePolicies,
                "s3:GetObject", d.reportArn(TODAY + "team-a@" + MEMBER_A + ".csv"), existing(MEMBER_A));
        s3Key("remediation-role-writes-journal", "remediation role of A writes a journal record (the journal is written with"
                        + " the operator's credentials)", Expect.DENIED, roleSession, rolePolicies, "s3:PutObject",
                journal("s1.after.json"), ctx().put("s3:if-none-match", "*"));
        String s3Service = "s3." + Deployment.REGION + ".amazonaws.com";
        rows.add(new Row("remediation-role-report-key", "remediation role of A: Decrypt with the report key via S3",
                Expect.DENIED, kmsAction("kms:Decrypt", roleSession, rolePolicies, s3Service), null, null));

        // the operators' journal and reads in the central bucket
        s3Key("operator-creates-journal-record", "remediation operator creates a journal record (If-None-Match: *, bucket"
                        + " default encryption, as the CLI sends it)", Expect.ALLOWED, operator, admin, "s3:PutObject",
                journal("s1.before.json"), ctx().put("s3:if-none-match", "*"));
        s3Key("operator-creates-locked-journal-record", "remediation operator creates a journal record under the report key"
                        + " with an Object Lock retention (--lock-mode GOVERNANCE)", Expect.ALLOWED, operator, admin, "s3:PutObject",
                journal("s1.before.json"), ctx().put("s3:if-none-match", "*").put("s3:x-amz-server-side-encryption", "aws:kms")
                        .put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyArn()).put("s3:object-lock-mode", "GOVERNANCE"));
        s3Key("operator-locks-journal-record", "remediation operator sets the retention of a journal record",
                Expect.ALLOWED, operator, admin, "s3:PutObjectRetention", journal("s1.before.json"), ctx());
        s3Key("operator-overwrites-journal-record", "remediation operator overwrites a journal record (no If-None-Match)",
                Expect.DENIED, operator, admin, "s3:PutObject", journal("s1.before.json"), ctx());
        s3Key("operator-overwrites-journal-if-match", "remediation operator replaces a journal record with If-Match: <etag>",
                Expect.DENIED, operator, admin, "s3:PutObject", journal("s1.before.json"),
                ctx().put("s3:if-match", "\"0123456789abcdef\""));
        s3Key("operator-deletes-journal-record", "remediation operator deletes a journal record", Expect.DENIED, operator, admin,
                "s3:DeleteObject", journal("s1.before.json"), ctx());
        s3Key("operator-deletes-journal-version", "remediation operator deletes a version of a journal record", Expect.DENIED,
                operator, admin, "s3:DeleteObjectVersion", journal("s1.before.json"), ctx());
        s3Key("operator-journal-sse-s3", "remediation operator writes a journal record with SSE-S3 instead of the report key",
                Expect.DENIED, operator, admin, "s3:PutObject", journal("s1.before.json"),
                ctx().put("s3:if-none-match", "*").put("s3:x-amz-server-side-encryption", "AES256"));
        s3Key("operator-writes-report", "remediation operator writes a report key (credential-reports/…@" + MEMBER_B + ".csv)",
                Expect.DENIED, operator, admin, "s3:PutObject", d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"),
                ctx().put("s3:if-none-match", "*").put("s3:RequestObjectTag/" + Names.ACCOUNT_TAG, MEMBER_B));
        s3Key("operator-writes-directory", "remediation operator writes an account directory export (accounts/…)",
                Expect.DENIED, operator, admin, "s3:PutObject",
                d.bucketArn() + "/" + StocktakeConfig.DIRECTORY_PREFIX + TODAY + "accounts.csv", ctx().put("s3:if-none-match", "*"));
        s3Key("operator-reads-directory", "remediation operator reads the account directory export", Expect.ALLOWED, operator,
                admin, "s3:GetObject", d.bucketArn() + "/" + StocktakeConfig.DIRECTORY_PREFIX + TODAY + "accounts.csv", ctx());
        s3Key("operator-reads-allowlist", "remediation operator reads the deployed allowlist", Expect.ALLOWED, operator, admin,
                "s3:GetObject", d.bucketArn() + "/allowlist/allowlist.csv", ctx());
        s3Key("operator-reads-journal", "remediation operator reads a journal record", Expect.ALLOWED, operator, admin,
                "s3:GetObject", journal("s1.before.json"), ctx());
        s3Key("operator-reads-report", "remediation operator reads a report", Expect.DENIED, operator, admin, "s3:GetObject",
                d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"), existing(MEMBER_B));
        rows.add(new Row("operator-lists-journal", "remediation operator lists a plan's journal folder", Expect.ALLOWED,
                sim(operator, admin, "s3:ListBucket", d.bucketArn(), CENTRAL, operator.context().put("s3:prefix",
                        StocktakeConfig.REMEDIATION_PREFIX + TODAY + "q-20261203-1a2b3c/"), bucketPolicy(), List.of()), null, null));
        rows.add(new Row("operator-lists-reports", "remediation operator lists the reports", Expect.DENIED,
                sim(operator, admin, "s3:ListBucket", d.bucketArn(), CENTRAL, operator.context().put("s3:prefix",
                        d.config.reportPrefix()), bucketPolicy(), List.of()), null, null));
        s3Key("other-role-creates-journal-record", "another role of the operators' account (administrator there) creates a"
                        + " journal record", Expect.DENIED, otherOperatorAccountRole, admin, "s3:PutObject", journal("s9.before.json"),
                ctx().put("s3:if-none-match", "*"));
        s3Key("central-admin-creates-journal-record", "central administrator (AdministratorAccess, not an operator) creates a"
                        + " journal record", Expect.DENIED, centralAdmin, admin, "s3:PutObject", journal("s9.before.json"),
                ctx().put("s3:if-none-match", "*"));
        s3Key("central-admin-deletes-journal-record", "central administrator (AdministratorAccess) deletes a journal record",
                Expect.DENIED, centralAdmin, admin, "s3:DeleteObject", journal("s1.before.json"), ctx());
        rows.add(new Row("kms-operator-encrypts-journal", "remediation operator: GenerateDataKey via S3 for the report bucket",
                Expect.ALLOWED, kmsAction("kms:GenerateDataKey", operator, admin, s3Service), null, null));
        rows.add(new Row("kms-operator-decrypts", "remediation operator: Decrypt via S3 for the report bucket (reads the"
                + " directory, the allowlist, the journal)", Expect.ALLOWED, kmsAction("kms:Decrypt", operator, admin, s3Service),
                null, null));
        rows.add(new Row("kms-operator-direct", "remediation operator: Decrypt directly, not through S3", Expect.DENIED,
                kmsAction("kms:Decrypt", operator, admin, null), null, null));
        rows.add(new Row("kms-other-role-decrypts", "another role of the operators' account: Decrypt via S3 for the report bucket",
                Expect.DENIED, kmsAction("kms:Decrypt", otherOperatorAccountRole, admin, s3Service), null, null));

        // the guardrail SCP (attached to the target OU of member A)
        List<ObjectNode> scps = d.serviceControlPolicies();
        List<ObjectNode> levels = scpLevels(scps);
        Caller stackSetExecution = Caller.role("StackSet execution role of A", MEMBER_A, "stacksets-exec-0123456789abcdef0123456789abcdef", ORG);
        rows.add(new Row("scp-admin-changes-remediation-trust", "administrator of A (AdministratorAccess) changes the"
                + " remediation role's trust policy", Expect.DENIED, sim(adminA, admin, "iam:UpdateAssumeRolePolicy", roleA,
                MEMBER_A, adminA.context(), null, levels), null, null));
        rows.add(new Row("scp-admin-widens-remediation-role", "administrator of A attaches a policy to the remediation role",
                Expect.DENIED, sim(adminA, admin, "iam:AttachRolePolicy", roleA, MEMBER_A, adminA.context(), null, levels),
                null, null));
        rows.add(new Row("scp-admin-deletes-remediation-stack", "administrator of A deletes the remediation StackSet's stack",
                Expect.DENIED, sim(adminA, admin, "cloudformation:DeleteStack", "arn:aws:cloudformation:" + Deployment.REGION
                        + ":" + MEMBER_A + ":stack/StackSet-" + Names.REMEDIATION_STACK_SET + "-0a1b2c3d/11111111-2222-3333-4444-555555555555",
                MEMBER_A, adminA.context(), null, levels), null, null));
        rows.add(new Row("scp-stackset-updates-remediation-role", "StackSet execution role of A updates the remediation role's"
                + " policy", Expect.ALLOWED, sim(stackSetExecution, admin, "iam:PutRolePolicy", roleA, MEMBER_A,
                stackSetExecution.context(), null, levels), null, null));
    }

    /** A journal record's object ARN in the folder of plan q-20261203-1a2b3c. */
    private String journal(String name) {
        return d.bucketArn() + "/" + StocktakeConfig.REMEDIATION_PREFIX + TODAY + "q-20261203-1a2b3c/" + name;
    }

    private ObjectNode assumeRemediation(Caller caller, ObjectNode trust, String roleArn, String sessionName) {
        return sim(caller, policies(ALLOW_ALL), "sts:AssumeRole", roleArn, MEMBER_A,
                caller.context().put("sts:RoleSessionName", sessionName), trust, List.of());
    }

    /** {@code action} with the report key, via S3 for the report bucket (or directly), under its key policy. */
    private ObjectNode kmsAction(String action, Caller caller, ArrayNode identity, String viaService) {
        ObjectNode context = caller.context().put("kms:EncryptionContext:aws:s3:arn", d.bucketArn());
        if (viaService != null) {
            context.put("kms:ViaService", viaService);
        }
        context.putArray(Encryption.RESOURCE_ALIASES).add(REPORT_ALIAS);
        ObjectNode simulation = sim(caller, identity, action, d.keyArn(), CENTRAL, context, d.keyPolicy(), List.of());
        simulation.putArray("unvalidatedContextKeys").add("kms:EncryptionContext:aws:s3:arn");
        return simulation;
    }

    /**
     * The collector's second object of the day, {@code iam-details/YYYY/MM/DD/<name>@<id>.json}: the report's rules,
     * under their own prefix; and the two IAM read actions that name resources, on their resources only.
     */
    private void detailsRows(Caller collectorA, ArrayNode collectorPolicies) {
        String details = d.bucketArn() + "/" + StocktakeConfig.DETAILS_PREFIX;
        s3Key("collector-own-details", "collector of A creates its own details key (iam-details/…/team-a@" + MEMBER_A
                        + ".json, If-None-Match: *, own tag, report key)", Expect.ALLOWED, collectorA, collectorPolicies,
                "s3:PutObject", details + TODAY + "team-a@" + MEMBER_A + ".json", put(MEMBER_A, "if-none-match"));
        s3Key("collector-own-details-retention", "collector of A sets Object Lock retention on its own details key",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:PutObjectRetention",
                details + TODAY + "team-a@" + MEMBER_A + ".json", ctx());
        s3Key("collector-own-details-read-back", "collector of A reads back its own details key (HeadObject for the ETag)",
                Expect.ALLOWED, collectorA, collectorPolicies, "s3:GetObject",
                details + TODAY + "team-a@" + MEMBER_A + ".json", existing(MEMBER_A));
        s3Key("collector-other-account-details", "collector of A writes B's details key (…@" + MEMBER_B + ".json)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", details + TODAY + "team-b@" + MEMBER_B + ".json",
                put(MEMBER_A, "if-none-match"));
        s3Key("collector-widened-other-account-details", "collector of A, its role policy widened to s3:* by A's"
                        + " administrator, writes B's details key", Expect.DENIED, collectorA, policies(ALLOW_ALL),
                "s3:PutObject", details + TODAY + "team-b@" + MEMBER_B + ".json", put(MEMBER_A, "if-none-match"));
        s3Key("collector-nested-details", "collector of A writes a nested details key (iam-details/YYYY/MM/DD/x/<name>@<A>.json)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject",
                details + TODAY + "x/team-a@" + MEMBER_A + ".json", put(MEMBER_A, "if-none-match"));
        s3Key("collector-details-outside-pattern", "collector of A writes its details outside the date folders (iam-details/team-a@<A>.json)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", details + "team-a@" + MEMBER_A + ".json",
                put(MEMBER_A, "if-none-match"));
        s3Key("collector-details-as-csv", "collector of A writes a .csv under iam-details/ (a report where the details go)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", details + TODAY + "team-a@" + MEMBER_A + ".csv",
                put(MEMBER_A, "if-none-match"));
        s3Key("collector-details-unconditional", "collector of A overwrites its details key without If-None-Match / If-Match",
                Expect.DENIED, collectorA, collectorPolicies, "s3:PutObject", details + TODAY + "team-a@" + MEMBER_A + ".json",
                tagged(MEMBER_A));
        s3Key("collector-details-read-other", "collector of A reads B's details (IAM user tags of B)",
                Expect.DENIED, collectorA, collectorPolicies, "s3:GetObject", details + TODAY + "team-b@" + MEMBER_B + ".json",
                existing(MEMBER_B));
        String iam = "arn:aws:iam::" + MEMBER_A + ":";
        rows.add(new Row("collector-get-sso-role", "collector of A reads an Identity Center role of A (iam:GetRole on "
                + "role/aws-reserved/sso.amazonaws.com/…/AWSReservedSSO_…)", Expect.ALLOWED,
                sim(collectorA, collectorPolicies, "iam:GetRole", iam + "role/aws-reserved/sso.amazonaws.com/eu-west-1/"
                        + "AWSReservedSSO_AdministratorAccess_0123456789abcdef", MEMBER_A, collectorA.context(), null, List.of()),
                null, null));
        rows.add(new Row("collector-get-other-role", "collector of A reads a role of A outside the Identity Center path "
                + "(iam:GetRole on role/team-app): denied by its identity policy", Expect.DENIED,
                sim(collectorA, collectorPolicies, "iam:GetRole", iam + "role/team-app", MEMBER_A, collectorA.context(), null,
                        List.of()), null, null));
        rows.add(new Row("collector-list-user-tags", "collector of A lists the tags of an IAM user of A", Expect.ALLOWED,
                sim(collectorA, collectorPolicies, "iam:ListUserTags", iam + "user/alice", MEMBER_A, collectorA.context(),
                        null, List.of()), null, null));
        rows.add(new Row("collector-tag-user", "collector of A tags an IAM user of A (a write)", Expect.DENIED,
                sim(collectorA, collectorPolicies, "iam:TagUser", iam + "user/alice", MEMBER_A, collectorA.context(),
                        null, List.of()), null, null));
    }

    /**
     * The Identity Center exporter (management account with policy-eval.config.json): its one key of the day and
     * nothing else in the bucket; a role of the same name elsewhere gets nothing; nobody else writes under
     * {@code identity-center/}; the exporter reads Identity Center and writes nothing there.
     */
    private void identityCenterRows(Caller centralAdmin) {
        if (d.config.identityCenter() == null || !d.config.identityCenter().enabled()) {
            throw new IllegalStateException("policy-eval.config.json must deploy the Identity Center exporter");
        }
        ArrayNode exporterPolicies = d.identityCenterPolicies();
        String exporterAccount = d.config.identityCenter().accountId();
        Caller exporter = Caller.role("Identity Center exporter", exporterAccount, Names.IDENTITY_CENTER_ROLE, ORG);
        Caller lookalike = Caller.role("role named stocktake-identity-center-export in member B", MEMBER_B,
                Names.IDENTITY_CENTER_ROLE, ORG);
        String ic = d.bucketArn() + "/" + StocktakeConfig.IDENTITY_CENTER_PREFIX;
        String ownKey = ic + TODAY + StocktakeConfig.IDENTITY_CENTER_FILE;
        ObjectNode lockedPut = ctx().put("s3:if-none-match", "*").put("s3:x-amz-server-side-encryption", "aws:kms")
                .put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyArn())
                .put("s3:object-lock-mode", "GOVERNANCE").put("s3:object-lock-remaining-retention-days", "400");
        s3Key("exporter-own-key", "Identity Center exporter writes its export of the day (identity-center/YYYY/MM/DD/"
                        + "identity-center.json, report key, Object Lock)", Expect.ALLOWED, exporter, exporterPolicies,
                "s3:PutObject", ownKey, lockedPut.deepCopy());
        s3Key("exporter-own-retention", "Identity Center exporter sets Object Lock retention on its export",
                Expect.ALLOWED, exporter, exporterPolicies, "s3:PutObjectRetention", ownKey, ctx());
        s3Key("exporter-reads-own-key", "Identity Center exporter reads back its export of the day (HeadObject for the ETag)",
                Expect.ALLOWED, exporter, exporterPolicies, "s3:GetObject", ownKey, ctx());
        s3Key("exporter-writes-report", "Identity Center exporter writes a report key (credential-reports/…@" + MEMBER_B + ".csv)",
                Expect.DENIED, exporter, exporterPolicies, "s3:PutObject", d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"),
                lockedPut.deepCopy());
        s3Key("exporter-writes-details", "Identity Center exporter writes an iam-details key (…@" + MEMBER_B + ".json)",
                Expect.DENIED, exporter, exporterPolicies, "s3:PutObject",
                d.bucketArn() + "/" + StocktakeConfig.DETAILS_PREFIX + TODAY + "team-b@" + MEMBER_B + ".json", lockedPut.deepCopy());
        s3Key("exporter-reads-report", "Identity Center exporter reads a report", Expect.DENIED, exporter, exporterPolicies,
                "s3:GetObject", d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"), existing(MEMBER_B));
        s3Key("exporter-widened-writes-report", "Identity Center exporter, its role policy widened to s3:* in the management"
                        + " account, writes a report key", Expect.DENIED, exporter, policies(ALLOW_ALL), "s3:PutObject",
                d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"), lockedPut.deepCopy());
        s3Key("exporter-widened-reads-report", "Identity Center exporter, its role policy widened to s3:*, reads a report",
                Expect.DENIED, exporter, policies(ALLOW_ALL), "s3:GetObject", d.reportArn(TODAY + "team-b@" + MEMBER_B + ".csv"),
                existing(MEMBER_B));
        s3Key("exporter-other-file-name", "Identity Center exporter writes another file in the day folder (identity-center/…/x.json)",
                Expect.DENIED, exporter, policies(ALLOW_ALL), "s3:PutObject", ic + TODAY + "x.json", lockedPut.deepCopy());
        s3Key("exporter-nested-key", "Identity Center exporter writes a nested key (identity-center/a/bc/de/fg/identity-center.json)",
                Expect.DENIED, exporter, policies(ALLOW_ALL), "s3:PutObject", ic + "a/bc/de/fg/" + StocktakeConfig.IDENTITY_CENTER_FILE,
                lockedPut.deepCopy());
        s3Key("exporter-deletes-own-key", "Identity Center exporter, its role policy widened to s3:*, deletes its export",
                Expect.DENIED, exporter, policies(ALLOW_ALL), "s3:DeleteObject", ownKey, ctx());
        s3Key("exporter-lookalike-other-account", "a role named stocktake-identity-center-export in member B (s3:*) writes"
                        + " the export key", Expect.DENIED, lookalike, policies(ALLOW_ALL), "s3:PutObject", ownKey,
                lockedPut.deepCopy());
        s3Key("admin-writes-identity-center", "central administrator (AdministratorAccess) overwrites the Identity Center"
                        + " export", Expect.DENIED, centralAdmin, policies(ALLOW_ALL), "s3:PutObject", ownKey, lockedPut.deepCopy());
        s3Key("collector-writes-identity-center", "collector of A writes the Identity Center export key", Expect.DENIED,
                Caller.role("collector of member A", MEMBER_A, Names.COLLECTOR_ROLE, ORG), policies(ALLOW_ALL), "s3:PutObject",
                ownKey, put(MEMBER_A, "if-none-match"));
        String s3Service = "s3." + Deployment.REGION + ".amazonaws.com";
        rows.add(new Row("kms-exporter", "Identity Center exporter: GenerateDataKey via S3 for the report bucket",
                Expect.ALLOWED, kms(exporter, exporterPolicies, s3Service, d.bucketArn()), null, null));
        rows.add(new Row("kms-exporter-lookalike", "role named stocktake-identity-center-export in member B: GenerateDataKey"
                + " via S3 for the report bucket", Expect.DENIED, kms(lookalike, policies(ALLOW_ALL), s3Service, d.bucketArn()),
                null, null));
        // Identity Center itself: read only, on the instance's resources
        String instance = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
        String permissionSet = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
        rows.add(new Row("exporter-lists-assignments", "Identity Center exporter lists the account assignments of a permission set"
                + " in account A", Expect.ALLOWED, sim(exporter, exporterPolicies, "sso:ListAccountAssignments",
                "arn:aws:sso:::account/" + MEMBER_A, exporterAccount, exporter.context(), null, List.of()), null, null));
        rows.add(new Row("exporter-describes-permission-set", "Identity Center exporter describes a permission set",
                Expect.ALLOWED, sim(exporter, exporterPolicies, "sso:DescribePermissionSet", permissionSet, exporterAccount,
                exporter.context(), null, List.of()), null, null));
        rows.add(new Row("exporter-creates-assignment", "Identity Center exporter assigns a permission set (a write)",
                Expect.DENIED, sim(exporter, exporterPolicies, "sso:CreateAccountAssignment", instance, exporterAccount,
                exporter.context(), null, List.of()), null, null));
        rows.add(new Row("exporter-lists-users", "Identity Center exporter lists the identity store's users", Expect.ALLOWED,
                sim(exporter, exporterPolicies, "identitystore:ListUsers", "arn:aws:identitystore::" + exporterAccount
                        + ":identitystore/d-0123456789", exporterAccount, exporter.context(), null, List.of()), null, null));
        rows.add(new Row("exporter-updates-user", "Identity Center exporter changes a user (identitystore:UpdateUser)",
                Expect.DENIED, sim(exporter, exporterPolicies, "identitystore:UpdateUser", "arn:aws:identitystore::"
                        + exporterAccount + ":identitystore/d-0123456789", exporterAccount, exporter.context(), null, List.of()),
                null, null));
    }

    /**
     * The views custom resource may create and replace the views that ship (views.txt), the new migration views among
     * them, and no table: not the new tables the views read.
     */
    private void viewRows() {
        CfnResolver c = d.central();
        ArrayNode handler = d.viewsHandlerPolicies();
        Caller views = new Caller("views custom resource", "arn:aws:sts::" + CENTRAL + ":assumed-role/views/handler",
                roleArn(c, d.viewsHandlerRoleId()), CENTRAL, ORG);
        String tables = "arn:aws:glue:" + Deployment.REGION + ":" + CENTRAL + ":table/" + d.config.athena().databaseName() + "/";
        for (String view : List.of("migration_status", "owner_todo", "milestone_progress", "milestone_blockers")) {
            boolean shipped = d.shippedViews.contains(view);
            rows.add(new Row("views-replace-" + view.replace('_', '-'), "views custom resource replaces the new view "
                    + view + " (glue:UpdateTable)", Expect.ALLOWED,
                    shipped ? sim(views, handler, "glue:UpdateTable", tables + view, CENTRAL, views.context(), null, List.of())
                            : null,
                    shipped ? null : view + " is not in athena-sql/views/views.txt yet (the views branch)", null));
        }
        rows.add(new Row("views-replace-goal-progress", "views custom resource replaces goal_progress (glue:UpdateTable)",
                Expect.ALLOWED, sim(views, handler, "glue:UpdateTable", tables + "goal_progress", CENTRAL, views.context(), null,
                List.of()), null, null));
        for (String table : List.of("identity_center", "iam_details", "identity_mapping", "milestones", "credential_reports")) {
            rows.add(new Row("views-changes-" + table.replace('_', '-') + "-table", "views custom resource changes the "
                    + table + " table (glue:UpdateTable)", Expect.DENIED,
                    sim(views, handler, "glue:UpdateTable", tables + table, CENTRAL, views.context(), null, List.of()), null, null));
        }
        rows.add(new Row("views-deletes-migration-settings-table", "views custom resource drops the migration_settings table"
                + " (glue:DeleteTable)", Expect.DENIED, sim(views, handler, "glue:DeleteTable", tables + "migration_settings",
                CENTRAL, views.context(), null, List.of()), null, null));
    }

    /** Like {@link #s3} with the whole object ARN. */
    private void s3Key(String id, String request, Expect expected, Caller caller, ArrayNode identity, String action,
                       String objectArn, ObjectNode requestContext) {
        ObjectNode context = caller.context();
        context.setAll(requestContext);
        rows.add(new Row(id, request, expected, sim(caller, identity, action, objectArn, CENTRAL, context, bucketPolicy(),
                List.of()), null, null));
    }

    private void s3(String id, String request, Expect expected, Caller caller, ArrayNode identity, String action,
                    String keyAfterPrefix, ObjectNode requestContext) {
        String resource = keyAfterPrefix == null
                ? d.bucketArn() + "/" + StocktakeConfig.DIRECTORY_PREFIX + "accounts.csv"
                : d.reportArn(keyAfterPrefix);
        ObjectNode context = caller.context();
        context.setAll(requestContext);
        rows.add(new Row(id, request, expected, sim(caller, identity, action, resource, CENTRAL, context, bucketPolicy(), List.of()),
                null, null));
    }

    private ObjectNode bucketPolicy() {
        return bucketPolicyEdit.apply(d.bucketPolicy().deepCopy());
    }

    /**
     * Object Lock: deleting a locked version is refused by S3 itself (not a policy) unless, in GOVERNANCE mode, the
     * caller is allowed {@code s3:BypassGovernanceRetention} and sends the bypass header. Central administrators are
     * trusted with that in GOVERNANCE (docs/security.md: only COMPLIANCE holds against them); collectors never are.
     */
    private List<Row> objectLockRows(Caller admin, Caller collectorA, ArrayNode collectorPolicies, String ownKey, String bKey) {
        String pending = d.reportBucket().path("Properties").path("ObjectLockEnabled").asBoolean(false) ? null
                : "the report bucket has no Object Lock yet (issue 16 item 2, the hardening branch)";
        boolean compliance = d.reportBucket().path("Properties").path("ObjectLockConfiguration").path("Rule")
                .path("DefaultRetention").path("Mode").asText("").equals("COMPLIANCE");
        List<Row> out = new ArrayList<>();
        out.add(new Row("admin-deletes-locked-version", "central administrator (AdministratorAccess) deletes a locked report"
                + " version without the bypass header", Expect.DENIED, null, pending,
                "DENIED by S3 Object Lock: a locked version cannot be deleted before its retention ends"));
        String bypass = "central administrator (AdministratorAccess) deletes a locked version with"
                + " s3:BypassGovernanceRetention (GOVERNANCE, the test config's mode: trusted, recorded by CloudTrail)";
        out.add(compliance
                ? new Row("admin-bypasses-retention", bypass, Expect.DENIED, null, pending,
                        "DENIED by Object Lock in COMPLIANCE mode: nobody can bypass")
                : new Row("admin-bypasses-retention", bypass, Expect.ALLOWED, pending != null ? null
                        : sim(admin, policies(ALLOW_ALL), "s3:BypassGovernanceRetention", d.reportArn(bKey), CENTRAL,
                                admin.context(), bucketPolicy(), List.of()), pending, null));
        out.add(new Row("collector-bypasses-retention", "collector of A bypasses the GOVERNANCE retention of its own report",
                Expect.DENIED, pending != null ? null : sim(collectorA, collectorPolicies, "s3:BypassGovernanceRetention",
                        d.reportArn(ownKey), CENTRAL, collectorA.context(), bucketPolicy(), List.of()), pending, null));
        out.add(new Row("collector-widened-bypasses-retention", "collector of A, its role policy widened to s3:* by A's"
                + " administrator, bypasses the retention of B's report", Expect.DENIED, pending != null ? null
                : sim(collectorA, policies(ALLOW_ALL), "s3:BypassGovernanceRetention", d.reportArn(bKey), CENTRAL,
                        collectorA.context(), bucketPolicy(), List.of()), pending, null));
        return out;
    }

    private void scpRows(Caller adminA) {
        List<ObjectNode> scps = d.serviceControlPolicies();
        String function = "arn:aws:lambda:" + Deployment.REGION + ":" + MEMBER_A + ":function:" + Names.COLLECTOR_FUNCTION;
        Caller stackSetExecution = Caller.role("StackSet execution role of A", MEMBER_A, "stacksets-exec-0123456789abcdef0123456789abcdef", ORG);
        String pending = scps.isEmpty()
                ? "no AWS::Organizations::Policy (SERVICE_CONTROL_POLICY) in the management account's templates yet"
                        + " (issue 16 item 4, the hardening branch)"
                : null;
        List<ObjectNode> levels = scps.isEmpty() ? List.of() : scpLevels(scps);
        rows.add(new Row("scp-admin-updates-collector", "administrator of A (AdministratorAccess) updates the collector's code",
                Expect.DENIED, pending != null ? null : sim(adminA, policies(ALLOW_ALL), "lambda:UpdateFunctionCode", function,
                        MEMBER_A, adminA.context(), null, levels), pending, null));
        rows.add(new Row("scp-stackset-updates-collector", "StackSet execution role of A updates the collector's code",
                Expect.ALLOWED, pending != null ? null : sim(stackSetExecution, policies(ALLOW_ALL), "lambda:UpdateFunctionCode",
                        function, MEMBER_A, stackSetExecution.context(), null, levels), pending, null));
    }

    /** Root and member OU with FullAWSAccess, the guardrails attached to the target OU, the account with FullAWSAccess. */
    private List<ObjectNode> scpLevels(List<ObjectNode> guardrails) {
        List<ObjectNode> levels = new ArrayList<>();
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("orgIdentifier", "r-abc1");
        root.putArray("policies").addObject().put("name", "FullAWSAccess").set("policy", ALLOW_ALL);
        levels.add(root);
        ObjectNode ou = JsonNodeFactory.instance.objectNode().put("orgIdentifier", d.config.targetOuIds().getFirst());
        ArrayNode ouPolicies = ou.putArray("policies");
        ouPolicies.addObject().put("name", "FullAWSAccess").set("policy", ALLOW_ALL);
        for (int i = 0; i < guardrails.size(); i++) {
            ouPolicies.addObject().put("name", "StocktakeGuardrails" + i).set("policy", guardrails.get(i));
        }
        levels.add(ou);
        ObjectNode account = JsonNodeFactory.instance.objectNode().put("orgIdentifier", MEMBER_A);
        account.putArray("policies").addObject().put("name", "FullAWSAccess").set("policy", ALLOW_ALL);
        levels.add(account);
        return levels;
    }

    private ObjectNode assume(Caller caller, ArrayNode identity, ObjectNode trust, String sessionName, String sourceIdentity) {
        return sim(caller, identity, "sts:AssumeRole", d.orgReadRoleArn(), MANAGEMENT,
                caller.context().put("sts:RoleSessionName", sessionName).put("sts:SourceIdentity", sourceIdentity), trust, List.of());
    }

    /** GenerateDataKey with the report key (which carries its alias), under its key policy. */
    private ObjectNode kms(Caller caller, ArrayNode identity, String viaService, String s3Arn) {
        return kms(caller, identity, viaService, s3Arn, d.keyArn(), CENTRAL, List.of(REPORT_ALIAS), d.keyPolicy());
    }

    /**
     * GenerateDataKey with {@code keyArn} in {@code keyAccount}, whose aliases ({@code kms:ResourceAliases}, which KMS
     * puts in every request on a key) are {@code aliases}, under {@code keyPolicy}.
     */
    private ObjectNode kms(Caller caller, ArrayNode identity, String viaService, String s3Arn, String keyArn,
                           String keyAccount, List<String> aliases, ObjectNode keyPolicy) {
        ObjectNode context = caller.context().put("kms:EncryptionContext:aws:s3:arn", s3Arn);
        if (viaService != null) {
            context.put("kms:ViaService", viaService);
        }
        ArrayNode aliasValues = context.putArray(Encryption.RESOURCE_ALIASES);
        aliases.forEach(aliasValues::add);
        ObjectNode simulation = sim(caller, identity, "kms:GenerateDataKey", keyArn, keyAccount, context, keyPolicy, List.of());
        // iam-simulate 0.1.173's validation drops kms:EncryptionContext:<key> (see policy-eval/evaluate.mjs)
        simulation.putArray("unvalidatedContextKeys").add("kms:EncryptionContext:aws:s3:arn");
        return simulation;
    }

    private ObjectNode events(Caller caller, ArrayNode identity, ObjectNode bus) {
        return sim(caller, identity, "events:PutEvents", d.busArn(), CENTRAL,
                caller.context().put("events:source", "aws.iam").put("events:detail-type", "AWS API Call via CloudTrail"), bus, List.of());
    }

    private static String roleArn(CfnResolver r, String roleId) {
        JsonNode name = r.resolve(r.resources("AWS::IAM::Role").get(roleId).path("Properties").path("RoleName"));
        return "arn:aws:iam::" + r.account() + ":role/" + (name == null || name.isMissingNode() ? roleId : name.asText());
    }

    // --- request context helpers ---
    private static ObjectNode ctx() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode tagged(String account) {
        return ctx().put("s3:RequestObjectTag/" + Names.ACCOUNT_TAG, account);
    }

    private static ObjectNode conditional(String tagAccount, String header) {
        return tagged(tagAccount).put("s3:" + header, header.equals("if-none-match") ? "*" : "\"0123456789abcdef\"");
    }

    /** A conditional put the way the collector sends it: SSE-KMS under the report key, with a bucket key. */
    private ObjectNode put(String tagAccount, String header) {
        return conditional(tagAccount, header).put("s3:x-amz-server-side-encryption", "aws:kms")
                .put("s3:x-amz-server-side-encryption-aws-kms-key-id", d.keyArn());
    }

    private static ObjectNode existing(String account) {
        return ctx().put("s3:ExistingObjectTag/" + Names.ACCOUNT_TAG, account);
    }

    // --- policy helpers ---
    static ObjectNode statement(String effect, String action, String resource) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("Effect", effect).put("Action", action).put("Resource", resource);
        return s;
    }

    static ObjectNode policy(ObjectNode... statements) {
        ObjectNode p = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
        ArrayNode list = p.putArray("Statement");
        for (ObjectNode s : statements) {
            list.add(s);
        }
        return p;
    }

    static ArrayNode policies(ObjectNode policy) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        out.addObject().put("name", "AdministratorAccess").set("policy", policy);
        return out;
    }

    static ObjectNode sim(Caller caller, ArrayNode identity, String action, String resource, String resourceAccount,
                          ObjectNode context, ObjectNode resourcePolicy, List<ObjectNode> scps) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        ObjectNode request = s.putObject("request");
        request.put("principal", caller.sessionArn()).put("action", action);
        request.putObject("resource").put("resource", resource).put("accountId", resourceAccount);
        request.set("contextVariables", context);
        s.set("identityPolicies", identity.deepCopy());
        ArrayNode scpLevels = s.putArray("serviceControlPolicies");
        scps.forEach(scpLevels::add);
        s.putArray("resourceControlPolicies");
        if (resourcePolicy != null) {
            s.set("resourcePolicy", resourcePolicy);
        }
        return s;
    }
}
