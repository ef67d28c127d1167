package dev.stocktake.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves the security model by evaluating the synthesized policies (bucket policy, report key policy, collector and
 * compaction roles, org-read role trust and permissions, alert bus policy and forwarder role, SCP guardrails) with an
 * independent IAM evaluator, {@code @cloud-copilot/iam-simulate} (through {@code infra-cdk/policy-eval}), for fixed
 * accounts: central 111111111111, management 222222222222, members A 333333333333 and B 444444444444 of
 * o-abc123example, an outsider 999999999999. Each row of {@link Matrix} must get its expected decision; the matrix is
 * written to {@code target/policy-eval/security-matrix.md} and {@code docs/security-matrix.md}. The broken-policy
 * tests show that the matrix fails when a control is removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PolicyMatrixTest {
    static final Path WORK = Path.of("target/policy-eval");

    Deployment deployment;
    Matrix matrix;
    Map<String, PolicyEvaluator.Decision> decisions;

    @BeforeAll
    void evaluate() throws IOException {
        deployment = Deployment.get();
        matrix = new Matrix(deployment, p -> p);
        decisions = PolicyEvaluator.evaluate(matrix.simulations(), WORK.resolve("shipped"));
        String markdown = markdown();
        Files.writeString(WORK.resolve("security-matrix.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(RepoPaths.locate().root().resolve("docs/security-matrix.md"), markdown, StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> every_row_of_the_matrix_gets_its_expected_decision() {
        return matrix.rows.stream().map(row -> DynamicTest.dynamicTest(row.id() + ": " + row.request() + " -> " + row.expected(), () -> {
            if (row.pending() != null) {
                Assumptions.abort("PENDING, not passing: " + row.pending());
            }
            if (row.fixed() != null) {
                // decided by S3 itself (Object Lock), not by a policy: its premise is the bucket's Object Lock
                assertThat(row.expected()).isEqualTo(Matrix.Expect.DENIED);
                assertThat(deployment.reportBucket().path("Properties").path("ObjectLockEnabled").asBoolean(false))
                        .as("%s: the report bucket has Object Lock enabled", row.id()).isTrue();
                return;
            }
            PolicyEvaluator.Decision decision = decisions.get(row.id());
            assertThat(decision).as(row.id()).isNotNull();
            assertThat(decision.allowed() ? Matrix.Expect.ALLOWED : Matrix.Expect.DENIED)
                    .as("%s: %s (iam-simulate: %s; request in %s)", row.id(), row.request(), decision.result(),
                            WORK.resolve("shipped/requests.json"))
                    .isEqualTo(row.expected());
        }));
    }

    @Test
    void the_matrix_covers_allowed_and_denied_requests_of_every_policy() {
        assertThat(matrix.rows).extracting(Matrix.Row::expected).contains(Matrix.Expect.ALLOWED, Matrix.Expect.DENIED);
        assertThat(matrix.rows.stream().map(Matrix.Row::id)).contains(
                "collector-own-key", "collector-other-account-key", "collector-widened-other-account-key", "collector-legacy-key", "collector-nested-key",
                "collector-other-kms-key", "collector-sse-s3", "collector-sse-c", "collector-unconditional-overwrite",
                "collector-delete", "collector-read-other", "collector-list", "outsider-collector-own-key",
                "forwarder-as-b", "forwarder-outsider", "org-read-wrong-session", "compaction-writes-report",
                "admin-deletes-locked-version", "admin-bypasses-retention", "collector-bypasses-retention",
                "org-read-wrong-source-identity", "org-read-describe-other", "scp-admin-updates-collector", "scp-stackset-updates-collector",
                "collector-own-details", "collector-other-account-details", "collector-nested-details",
                "collector-details-outside-pattern", "collector-get-other-role", "exporter-own-key", "exporter-writes-report",
                "exporter-writes-details", "exporter-reads-report", "exporter-lookalike-other-account",
                "views-replace-migration-status", "views-changes-identity-center-table",
                "remediation-operator-assumes", "remediation-other-role-assumes", "remediation-outsider-assumes",
                "remediation-operator-outside-org-assumes", "remediation-role-update-access-key", "remediation-role-delete-role",
                "remediation-role-update-own-trust", "remediation-role-other-account", "remediation-role-reads-report",
                "remediation-role-report-key", "operator-creates-journal-record", "operator-overwrites-journal-record",
                "operator-writes-report", "scp-admin-changes-remediation-trust", "scp-stackset-updates-remediation-role");
    }

    @Test
    void the_collector_statements_reach_the_template_with_the_policy_variable_literal() {
        // Fn::Sub would have substituted (or rejected) ${aws:PrincipalAccount}: it must reach the template as written
        List<String> resources = new ArrayList<>();
        deployment.bucketPolicy().path("Statement").forEach(s -> {
            if (s.path("Sid").asText().startsWith("CollectorsPutOwnReports")) {
                JsonNode resource = s.path("Resource");
                if (resource.isArray()) {
                    resource.forEach(r -> resources.add(r.asText()));
                } else {
                    resources.add(resource.asText());
                }
            }
        });
        assertThat(resources).containsExactly(deployment.reportArn("????/??/??/*@${aws:PrincipalAccount}.csv"),
                deployment.bucketArn() + "/iam-details/????/??/??/*@${aws:PrincipalAccount}.json");
        assertThat(Deployment.identityPolicies(deployment.member(Deployment.MEMBER_A),
                Deployment.roleId(deployment.member(Deployment.MEMBER_A), dev.stocktake.infra.Names.COLLECTOR_ROLE)).toString())
                .contains(deployment.reportArn("????/??/??/*@${aws:PrincipalAccount}.csv"));
    }

    @Test
    void with_s3_managed_encryption_a_collector_writes_with_sse_s3_or_the_default_and_nothing_else() {
        Deployment s3 = Deployment.get("policy-eval-s3.config.json");
        Matrix.Caller collector = Matrix.Caller.role("collector of A", Deployment.MEMBER_A, dev.stocktake.infra.Names.COLLECTOR_ROLE,
                Deployment.ORG);
        String key = s3.reportArn(Matrix.TODAY + "team-a@" + Deployment.MEMBER_A + ".csv");
        Map<String, ObjectNode> requests = new java.util.LinkedHashMap<>();
        Map<String, String> expected = Map.of("sse-s3", "Allowed", "default", "Allowed", "sse-kms", "ExplicitlyDenied",
                "sse-c", "ExplicitlyDenied");
        for (String name : List.of("sse-s3", "default", "sse-kms", "sse-c")) {
            ObjectNode context = collector.context().put("s3:if-none-match", "*")
                    .put("s3:RequestObjectTag/" + dev.stocktake.infra.Names.ACCOUNT_TAG, Deployment.MEMBER_A);
            switch (name) {
                case "sse-s3" -> context.put("s3:x-amz-server-side-encryption", "AES256");
                case "sse-kms" -> context.put("s3:x-amz-server-side-encryption", "aws:kms");
                case "sse-c" -> context.put("s3:x-amz-server-side-encryption-customer-algorithm", "AES256");
                default -> { }
            }
            requests.put(name, Matrix.sim(collector, s3.collectorPolicies(Deployment.MEMBER_A), "s3:PutObject", key,
                    Deployment.CENTRAL, context, s3.bucketPolicy(), List.of()));
        }
        Map<String, PolicyEvaluator.Decision> decisions = PolicyEvaluator.evaluate(requests, WORK.resolve("s3-managed"));
        expected.forEach((name, result) -> assertThat(decisions.get(name).result()).as(name).isEqualTo(result));
    }

    // --- a broken policy fails the matrix ---

    @Test
    void without_the_deny_on_identity_center_a_central_administrator_may_rewrite_who_has_access() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-identity-center-deny", policy -> {
            removeStatement(policy, "OnlyTheExporterWritesIdentityCenter");
            return policy;
        }, "admin-writes-identity-center", "exporter-own-key");
        assertThat(broken.get("exporter-own-key").allowed()).isTrue();
        assertThat(broken.get("admin-writes-identity-center").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_alias_condition_a_collector_may_use_any_open_key_of_the_central_account() {
        // the collectors' kms:GenerateDataKey names key/* of the central account: kms:ResourceAliases narrows it to the
        // report key; without it, a carelessly open key there would do
        Map<String, ObjectNode> requests = new java.util.LinkedHashMap<>();
        for (String id : List.of("kms-collector-other-central-key", "kms-collector-report-bucket")) {
            ObjectNode request = matrix.simulations().get(id).deepCopy();
            int conditions = 0;
            for (JsonNode named : request.path("identityPolicies")) {
                for (JsonNode statement : named.path("policy").path("Statement")) {
                    if (statement.path("Sid").asText().equals("EncryptReport")) {
                        ((ObjectNode) statement).remove("Condition");
                        conditions++;
                    }
                }
            }
            assertThat(conditions).as("the collector's EncryptReport statement in %s", id).isEqualTo(1);
            requests.put(id, request);
        }
        Map<String, PolicyEvaluator.Decision> broken = PolicyEvaluator.evaluate(requests, WORK.resolve("no-alias-condition"));
        assertThat(broken.get("kms-collector-report-bucket").allowed()).isTrue();
        assertThat(broken.get("kms-collector-other-central-key").result()).isEqualTo("Allowed");
    }

    @Test
    void without_put_object_retention_in_its_statement_the_directory_job_could_not_lock_its_export_across_accounts() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("directory-no-retention", policy -> {
            for (JsonNode s : policy.path("Statement")) {
                if (s.path("Sid").asText().equals("DirectoryJobPutsAccountDirectory")) {
                    ((ObjectNode) s).put("Action", "s3:PutObject");
                }
            }
            return policy;
        }, "directory-locks-export", "directory-puts-export");
        assertThat(broken.get("directory-puts-export").allowed()).isTrue();
        assertThat(broken.get("directory-locks-export").result()).isEqualTo("ImplicitlyDenied");
    }

    @Test
    void without_the_exporters_key_pattern_the_exporter_may_write_another_file_of_the_day() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("exporter-any-key", policy -> {
            for (JsonNode s : policy.path("Statement")) {
                if (s.path("Sid").asText().startsWith("Exporter")) {
                    replaceResource((ObjectNode) s, "????/??/??/identity-center.json", "*");
                    JsonNode notResource = s.get("NotResource");
                    if (notResource != null) {
                        ((ObjectNode) s).put("NotResource", notResource.asText().replace("????/??/??/identity-center.json", "*"));
                    }
                }
            }
            return policy;
        }, "exporter-other-file-name");
        assertThat(broken.get("exporter-other-file-name").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_account_id_in_the_allowed_key_a_collector_may_write_another_accounts_report() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-account-in-key", policy -> {
            for (JsonNode s : policy.path("Statement")) {
                replaceResource((ObjectNode) s, "@${aws:PrincipalAccount}.csv", ".csv");
            }
            return policy;
        }, "collector-widened-other-account-key", "central-collector-other-account-key", "collector-own-key");
        assertThat(broken.get("collector-own-key").allowed()).isTrue();
        // the member's own identity policy no longer saves B's report: its administrator can widen it
        assertThat(broken.get("collector-widened-other-account-key").result())
                .as("the row 'collector of A (role widened) writes B's key' fails the matrix when the bucket policy lacks ${aws:PrincipalAccount}")
                .isEqualTo("Allowed");
        // in the central account the bucket policy alone suffices
        assertThat(broken.get("central-collector-other-account-key").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_sse_c_deny_a_collector_may_write_a_report_no_reader_can_decrypt() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-sse-c-deny", policy -> {
            removeStatement(policy, "ReportsNeverCustomerKeys");
            return policy;
        }, "collector-sse-c");
        assertThat(broken.get("collector-sse-c").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_conditional_write_deny_a_collector_may_overwrite_unconditionally() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-conditional-deny", policy -> {
            removeStatement(policy, "CollectorsWriteOnlyConditionally");
            return policy;
        }, "collector-unconditional-overwrite");
        assertThat(broken.get("collector-unconditional-overwrite").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_journals_if_none_match_deny_an_operator_may_overwrite_a_journal_record() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-journal-overwrite-deny", policy -> {
            removeStatement(policy, "JournalRecordsNeverOverwritten");
            return policy;
        }, "operator-overwrites-journal-record", "operator-creates-journal-record");
        assertThat(broken.get("operator-creates-journal-record").allowed()).isTrue();
        assertThat(broken.get("operator-overwrites-journal-record").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_operators_principal_condition_any_role_of_the_organization_may_write_the_journal() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("journal-any-principal", policy -> {
            for (JsonNode s : policy.path("Statement")) {
                if (s.path("Sid").asText().equals("OperatorsCreateJournalRecords")) {
                    ((ObjectNode) s.path("Condition")).remove("ArnLike");
                }
            }
            removeStatement(policy, "OnlyOperatorsWriteJournal");
            return policy;
        }, "other-role-creates-journal-record");
        assertThat(broken.get("other-role-creates-journal-record").result()).isEqualTo("Allowed");
    }

    @Test
    void without_the_nested_key_deny_a_collector_may_write_a_nested_key() {
        Map<String, PolicyEvaluator.Decision> broken = evaluateBroken("no-nested-deny", policy -> {
            removeStatement(policy, "CollectorsNoNestedKeys");
            return policy;
        }, "collector-nested-key", "collector-nested-details");
        assertThat(broken.get("collector-nested-key").result()).isEqualTo("Allowed");
        assertThat(broken.get("collector-nested-details").result()).isEqualTo("Allowed");
    }

    private Map<String, PolicyEvaluator.Decision> evaluateBroken(String name, java.util.function.UnaryOperator<ObjectNode> edit,
                                                                 String... rows) {
        Matrix brokenMatrix = new Matrix(deployment, edit);
        Map<String, ObjectNode> simulations = new java.util.LinkedHashMap<>();
        for (String row : rows) {
            simulations.put(row, brokenMatrix.row(row).simulation());
        }
        return PolicyEvaluator.evaluate(simulations, WORK.resolve("broken-" + name));
    }

    private static void replaceResource(ObjectNode statement, String from, String to) {
        JsonNode resource = statement.get("Resource");
        if (resource == null) {
            return;
        }
        if (resource.isTextual()) {
            statement.put("Resource", resource.asText().replace(from, to));
        } else {
            ArrayNode replaced = statement.putArray("Resource");
            resource.forEach(r -> replaced.add(r.asText().replace(from, to)));
        }
    }

    private static void removeStatement(ObjectNode policy, String sid) {
        Iterator<JsonNode> it = policy.path("Statement").iterator();
        boolean removed = false;
        while (it.hasNext()) {
            if (it.next().path("Sid").asText().equals(sid)) {
                it.remove();
                removed = true;
            }
        }
        assertThat(removed).as("statement %s in the bucket policy", sid).isTrue();
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Security matrix\n\n")
                .append("Generated by `PolicyMatrixTest` (infra-cdk) on every test run: each request evaluated with ")
                .append("[`@cloud-copilot/iam-simulate`](https://www.npmjs.com/package/@cloud-copilot/iam-simulate) ")
                .append("against the policies of the synthesized templates (`policy-eval.config.json`), CloudFormation ")
                .append("intrinsics resolved for fixed accounts: central `111111111111`, management `222222222222`, members ")
                .append("A `333333333333` and B `444444444444` of `o-abc123example`, the remediation operators' account ")
                .append("`555555555555` (its role `stocktake-operator` is `remediation.trustedPrincipals`), an outsider `999999999999` ")
                .append("(`o-zzz999outside`). A cross-account request needs the caller's identity policy and the resource ")
                .append("policy to allow it, as on AWS. PENDING rows need a control that is not in the templates yet; ")
                .append("they are reported as aborted, never as passing.\n\n")
                .append("| # | Request | Expected | Result |\n| --- | --- | --- | --- |\n");
        for (Matrix.Row row : matrix.rows) {
            String result;
            if (row.pending() != null) {
                result = "PENDING: " + row.pending();
            } else if (row.fixed() != null) {
                result = row.fixed();
            } else {
                PolicyEvaluator.Decision decision = decisions.get(row.id());
                String got = decision.allowed() ? "ALLOWED" : "DENIED";
                result = got + " (" + decision.result() + ")" + (got.equals(row.expected().name()) ? "" : " **MISMATCH**");
            }
            md.append("| `").append(row.id()).append("` | ").append(row.request().replace("|", "\\|")).append(" | ")
                    .append(row.expected()).append(" | ").append(result).append(" |\n");
        }
        return md.toString();
    }
}
