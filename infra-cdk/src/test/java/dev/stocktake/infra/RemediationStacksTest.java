package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.management.GuardrailsStack;
import dev.stocktake.infra.member.RemediationRoleStack;
import dev.stocktake.infra.member.RemediationRoleTemplate;
import dev.stocktake.remediation.Action;
import dev.stocktake.remediation.Remediation;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The remediation role, its StackSet, the bucket and key grants of its operators and its guardrail, synthesized with
 * {@code remediation.enabled} ({@code remediation.config.json}), and their absence without it ({@code test.config.json}).
 * What the policies allow and deny is evaluated in {@code PolicyMatrixTest}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RemediationStacksTest {
    static final String CONFIG = "remediation.config.json";
    static final List<String> OPERATORS = List.of("arn:aws:iam::222222222222:role/stocktake-operator",
            "arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_StocktakeRemediation_*");

    static StocktakeApp.Stacks enabled() {
        return Fixtures.stacks(CONFIG, Fixtures.fixturePaths());
    }

    @Test
    void the_role_name_is_the_clis_default_role_name() {
        assertThat(Names.REMEDIATION_ROLE).isEqualTo(Remediation.DEFAULT_ROLE_NAME);
    }

    @Test
    void every_session_the_cli_opens_on_the_role_is_named_as_the_trust_policy_requires() throws Exception {
        // the trust admits sts:RoleSessionName like stocktake-*: each AccountClients the CLI makes must use such a name
        java.nio.file.Path commands = RepoPaths.locate().root().resolve("cli/src/main/java/dev/stocktake/cli/remediate");
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("\\.accounts\\(env, ([^)]+)\\)");
        int sessions = 0;
        try (var files = Files.list(commands)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                var m = call.matcher(source);
                while (m.find()) {
                    sessions++;
                    String argument = m.group(1).strip();
                    if (!argument.startsWith("\"")) {
                        var declared = java.util.regex.Pattern.compile("String " + argument + " = (\"[^\"]*\")").matcher(source);
                        assertThat(declared.find()).as("%s: the session name %s is a string declared in the file", file, argument).isTrue();
                        argument = declared.group(1);
                    }
                    assertThat(argument).as("%s: session name", file).startsWith("\"stocktake-");
                }
            }
        }
        assertThat(sessions).as("the remediate commands' sessions (plan, apply, undo)").isEqualTo(3);
        assertThat(Names.REMEDIATION_SESSION_PATTERN).isEqualTo("stocktake-*");
    }

    @Test
    void the_role_may_do_exactly_the_iam_actions_the_remediation_steps_need() {
        TreeSet<String> steps = new TreeSet<>();
        Arrays.stream(Action.values()).forEach(a -> steps.addAll(a.iamActions()));
        // the quarantine plan's reads (docs/remediation.md): all of them are some step's reads already
        steps.addAll(List.of("iam:GetUser", "iam:ListAccessKeys", "iam:GetLoginProfile", "iam:ListUserPolicies"));
        TreeSet<String> role = new TreeSet<>(RemediationRoleStack.USER_ACTIONS);
        role.addAll(RemediationRoleStack.GROUP_ACTIONS);
        assertThat(role).isEqualTo(steps);
        assertThat(RemediationRoleStack.USER_ACTIONS).isSorted().doesNotHaveDuplicates()
                .noneMatch(a -> a.contains("Role") || a.contains("*") || !a.startsWith("iam:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_role_template_has_one_role_trusted_by_the_operators_of_the_organization_with_one_hour_sessions() {
        RemediationRoleTemplate member = enabled().remediationRole();
        Template template = Template.fromStack(member.stack());
        assertThat(template.toJSON().get("Resources")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).hasSize(1);
        Map<String, Object> role = Json.props(Json.resources(template, "AWS::IAM::Role").values().iterator().next());
        assertThat(role).containsEntry("RoleName", "stocktake-remediation").containsEntry("MaxSessionDuration", 3600)
                .doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary", "Path");
        Map<String, Object> trust = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) role.get("AssumeRolePolicyDocument"))
                .get("Statement")).getFirst();
        assertThat(trust).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole")
                .containsEntry("Principal", Map.of("AWS", List.of("arn:aws:iam::222222222222:root", "arn:aws:iam::444444444444:root")))
                .containsEntry("Condition", Map.of(
                        "ArnLike", Map.of("aws:PrincipalArn", OPERATORS),
                        "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234"),
                        "StringLike", Map.of("sts:RoleSessionName", "stocktake-*")));
        List<Map<String, Object>> policies = (List<Map<String, Object>>) role.get("Policies");
        assertThat(policies).hasSize(1);
        assertThat(policies.getFirst()).containsEntry("PolicyName", "stocktake-remediation-iam-users");
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) policies.getFirst()
                .get("PolicyDocument")).get("Statement");
        assertThat(statements).hasSize(2).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow")
                .doesNotContainKeys("NotAction", "NotResource", "Condition"));
        assertThat(statements.get(0)).containsEntry("Action", RemediationRoleStack.USER_ACTIONS);
        assertThat(json(statements.get(0).get("Resource"))).isEqualTo(json(Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/*")))));
        assertThat(statements.get(1)).containsEntry("Action", List.of("iam:RemoveUserFromGroup"));
        assertThat(json(statements.get(1).get("Resource"))).isEqualTo(json(Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":iam::", Map.of("Ref", "AWS::AccountId"), ":group/*")))));
    }

    @Test
    void its_own_service_managed_stack_set_deploys_it_to_the_remediation_ous_with_automatic_deployment() throws Exception {
        StocktakeApp.Stacks stacks = enabled();
        Template template = Template.fromStack(stacks.remediationStackSet());
        Map<String, Object> set = Json.props(Json.resources(template, "AWS::CloudFormation::StackSet").values().iterator().next());
        assertThat(set).containsEntry("StackSetName", "stocktake-remediation").containsEntry("PermissionModel", "SERVICE_MANAGED")
                .containsEntry("CallAs", "DELEGATED_ADMIN")
                .containsEntry("AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false))
                .containsEntry("Capabilities", List.of("CAPABILITY_NAMED_IAM"))
                .containsEntry("StackInstancesGroup", List.of(Map.of(
                        "DeploymentTargets", Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456")),
                        "Regions", List.of("eu-west-1"))));
        assertThat(set.get("TemplateBody")).isEqualTo(stacks.remediationRole().templateBody());
        assertThat(Stack.of(stacks.remediationStackSet()).getAccount()).isEqualTo("333333333333");
        // the collector's StackSet is unchanged: still the collector's OUs
        Map<String, Object> collectors = Json.props(Json.resources(Template.fromStack(stacks.stackSet()),
                "AWS::CloudFormation::StackSet").values().iterator().next());
        assertThat(collectors).containsEntry("StackSetName", "stocktake-collector");
        assertThat(String.valueOf(collectors.get("StackInstancesGroup"))).contains("ou-ab12-99998888");
        assertThat(Files.readString(stacks.remediationRole().templateFile())).isEqualTo(stacks.remediationRole().templateBody());
    }

    @Test
    void the_operators_may_create_journal_records_and_read_what_apply_reads_and_nobody_overwrites_or_deletes_a_record() {
        Template central = Template.fromStack(enabled().central());
        Map<String, Map<String, Object>> bySid = new java.util.HashMap<>();
        Json.statements(central, "AWS::S3::BucketPolicy", "PolicyDocument").forEach(s -> bySid.put(String.valueOf(s.get("Sid")), s));
        assertThat(bySid.get("OperatorsCreateJournalRecords").get("Action")).isEqualTo(List.of("s3:PutObject", "s3:PutObjectRetention"));
        assertThat(String.valueOf(bySid.get("OperatorsCreateJournalRecords").get("Resource"))).endsWith("/remediation/*]]}");
        assertThat(bySid.get("OperatorsCreateJournalRecords").get("Condition")).isEqualTo(Map.of(
                "ArnLike", Map.of("aws:PrincipalArn", OPERATORS), "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234")));
        assertThat(String.valueOf(bySid.get("OperatorsReadJournalDirectoryAllowlist").get("Resource")))
                .contains("/remediation/*", "/accounts/*", "/allowlist/allowlist.csv");
        assertThat(bySid.get("OperatorsListJournalAndDirectory").get("Action")).isEqualTo("s3:ListBucket");
        assertThat(bySid.get("JournalRecordsNeverOverwritten")).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("Null", Map.of("s3:if-none-match", "true")));
        assertThat(bySid.get("JournalRecordsNeverDeletedOrChanged")).containsEntry("Effect", "Deny").doesNotContainKey("Condition");
        assertThat(bySid.get("OnlyOperatorsWriteJournal")).containsEntry("Effect", "Deny")
                .containsEntry("Condition", Map.of("ArnNotLike", Map.of("aws:PrincipalArn", OPERATORS)));
        assertThat(String.valueOf(bySid.get("ReportsOnlyUnderReportKey").get("Resource"))).contains("/remediation/*");
        List<Map<String, Object>> key = Json.statements(central, "AWS::KMS::Key", "KeyPolicy");
        Map<String, Object> operators = key.stream().filter(s -> "RemediationOperatorsUseThroughS3".equals(s.get("Sid")))
                .findFirst().orElseThrow();
        assertThat(operators.get("Action")).isEqualTo(List.of("kms:GenerateDataKey", "kms:Decrypt"));
        assertThat(String.valueOf(operators.get("Condition"))).contains("kms:ViaService=s3.eu-west-1.amazonaws.com",
                "aws:PrincipalOrgID=o-testorg1234", OPERATORS.get(0), OPERATORS.get(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_guardrail_scp_protects_the_role_and_its_stack_set_stacks_and_stays_within_its_size() {
        GuardrailsStack guardrails = enabled().guardrails();
        List<Map<String, Object>> statements = (List<Map<String, Object>>) guardrails.document().get("Statement");
        Map<String, Object> roles = statements.stream().filter(s -> "ProtectStocktakeRoles".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertThat((List<String>) roles.get("Resource")).contains("arn:aws:iam::*:role/stocktake-remediation");
        assertThat((List<String>) roles.get("Action")).contains("iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy",
                "iam:AttachRolePolicy", "iam:DeleteRole", "iam:CreateRole");
        Map<String, Object> stacks = statements.stream().filter(s -> "ProtectStocktakeStacks".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertThat((List<String>) stacks.get("Resource")).contains("arn:aws:cloudformation:*:*:stack/StackSet-stocktake-remediation-*/*");
        assertThat(GuardrailsStack.compact(guardrails.document()).length()).isLessThanOrEqualTo(GuardrailsStack.MAX_POLICY_CHARACTERS);
    }

    @Test
    void disabled_there_is_no_role_no_stack_set_no_bucket_or_key_grant_and_no_guardrail_for_it() {
        StocktakeApp.Stacks stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        assertThat(stacks.remediationStackSet()).isNull();
        assertThat(stacks.remediationRole()).isNull();
        for (Stack stack : stacks.all()) {
            String template = Template.fromStack(stack).toJSON().toString();
            // the read-only Glue table over remediation/, the views and QuickSight's remediation_status data set
            // (stocktake-remediation-status) exist either way: they show nothing
            // until someone writes a journal, which nobody may do while remediation is disabled (no grant below)
            assertThat(template).as(stack.getStackName()).doesNotContain(":role/stocktake-remediation",
                    "RoleName=stocktake-remediation", "StackSetName=stocktake-remediation", "OperatorsCreateJournalRecords", "OperatorsReadJournalDirectoryAllowlist", "OperatorsListJournalAndDirectory",
                    "OnlyOperatorsWriteJournal", "JournalRecordsNeverOverwritten", "JournalRecordsNeverDeletedOrChanged",
                    "RemediationOperatorsUseThroughS3", "StackSet-stocktake-remediation");
        }
        assertThat(stacks.member().templateBody()).doesNotContain("remediation");
    }

    @Test
    void a_trust_policy_over_iams_size_limit_fails_synth_naming_the_setting() throws Exception {
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(Fixtures.resource(CONFIG));
        ArrayNode principals = ((ObjectNode) node.get("remediation")).putArray("trustedPrincipals");
        for (int i = 0; i < 10; i++) {
            principals.add("arn:aws:iam::" + (100000000000L + i) + ":role/aws-reserved/sso.amazonaws.com/eu-west-1/"
                    + "AWSReservedSSO_StocktakeRemediationOperators_" + "0123456789abcdef".repeat(4) + i);
        }
        StocktakeConfig config = StocktakeConfig.parse(node.toString(), StocktakeApp.knownRegions());
        assertThatThrownBy(() -> RemediationRoleTemplate.synthesize(config, Files.createTempDirectory("remediation")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust policy would be")
                .hasMessageContaining("remediation.trustedPrincipals");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object value) {
        return new ObjectMapper().valueToTree(value);
    }
}
