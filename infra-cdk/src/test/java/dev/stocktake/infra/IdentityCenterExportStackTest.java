package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Identity Center exporter ({@code StocktakeIdentityCenterExport}): where it is deployed, its least-privilege role,
 * its function and schedule, and that it can be turned off. Whether the central bucket lets it write its key and
 * nothing else is evaluated by the policy matrix ({@code dev.stocktake.infra.policy}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentityCenterExportStackTest {

    /** {@code test.config.json}: the delegated administrator 333333333333 in us-east-1, instance and store named, KMS. */
    @Nested
    class InADelegatedAdministratorWithTheInstanceNamed {
        static StocktakeApp.Stacks stacks;
        static Template template;
        static Map<String, Map<String, Object>> bySid;

        @BeforeAll
        static void synthesize() {
            stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
            template = Template.fromStack(stacks.identityCenter());
            bySid = new HashMap<>();
            Json.roleStatements(template, stacks.identityCenter().role()).forEach(s -> bySid.put((String) s.get("Sid"), s));
        }

        @Test
        void deploys_to_the_configured_account_and_region() {
            assertThat(stacks.identityCenter().getStackName()).isEqualTo("StocktakeIdentityCenterExport");
            assertThat(stacks.identityCenter().getAccount()).isEqualTo("333333333333");
            assertThat(stacks.identityCenter().getRegion()).isEqualTo("us-east-1");
            assertThat(stacks.all()).contains(stacks.identityCenter());
        }

        @Test
        void role_has_exactly_the_read_actions_of_the_export_its_key_and_its_logs() {
            template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                    "RoleName", "stocktake-identity-center-export",
                    "ManagedPolicyArns", Match.absent(),
                    "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
                            "Action", "sts:AssumeRole", "Effect", "Allow",
                            "Principal", Map.of("Service", "lambda.amazonaws.com"))))))));
            template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
            List<Map<String, Object>> statements = Json.roleStatements(template, stacks.identityCenter().role());
            assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow"));
            TreeSet<String> actions = new TreeSet<>();
            statements.forEach(s -> actions.addAll(Json.list(s.get("Action"))));
            assertThat(actions).containsExactly("identitystore:ListGroupMemberships", "identitystore:ListGroups",
                    "identitystore:ListUsers", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
                    "s3:GetObject", "s3:PutObject", "s3:PutObjectRetention",
                    "sso:DescribePermissionSet", "sso:ListAccountAssignments", "sso:ListAccountsForProvisionedPermissionSet",
                    "sso:ListInstances", "sso:ListPermissionSets");
        }

        @Test
        void the_sso_actions_name_the_configured_instance_its_permission_sets_and_the_accounts() {
            assertThat(bySid.get("FindInstance").get("Resource")).isEqualTo("*");
            assertThat(resources("ListPermissionSets")).containsExactly("arn:<P>:sso:::instance/ssoins-7223a1b2c3d4e5f6");
            assertThat(resources("ReadPermissionSets")).containsExactly("arn:<P>:sso:::instance/ssoins-7223a1b2c3d4e5f6",
                    "arn:<P>:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/*");
            assertThat(resources("ListAccountAssignments")).containsExactly("arn:<P>:sso:::instance/ssoins-7223a1b2c3d4e5f6",
                    "arn:<P>:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/*", "arn:<P>:sso:::account/*");
        }

        @Test
        void the_identity_store_actions_name_the_configured_store_in_this_account_and_the_management_account() {
            List<String> stores = List.of("arn:<P>:identitystore::333333333333:identitystore/d-9067a1b2c3",
                    "arn:<P>:identitystore::111111111111:identitystore/d-9067a1b2c3");
            assertThat(resources("ListUsers")).containsExactlyElementsOf(concat(stores, "arn:<P>:identitystore:::user/*"));
            assertThat(resources("ListGroups")).containsExactlyElementsOf(concat(stores, "arn:<P>:identitystore:::group/*"));
            assertThat(resources("ListGroupMemberships")).containsExactlyElementsOf(concat(stores,
                    "arn:<P>:identitystore:::group/*", "arn:<P>:identitystore:::membership/*"));
        }

        @Test
        void the_role_writes_only_its_export_key_encrypted_with_the_report_key() {
            assertThat(resources("WriteExport")).containsExactly(
                    "arn:<P>:s3:::stocktake-reports-222222222222-eu-west-1/identity-center/????/??/??/identity-center.json");
            assertThat(bySid.get("EncryptExport").get("Resource"))
                    .isEqualTo("arn:aws:kms:eu-west-1:222222222222:key/*");
        }

        @Test
        void function_gets_the_bucket_prefix_instance_lock_and_key_and_runs_daily_before_the_collectors() {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-identity-center-export",
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "Environment", Map.of("Variables", Map.of(
                            "REPORT_BUCKET", "stocktake-reports-222222222222-eu-west-1",
                            "IDENTITY_CENTER_PREFIX", "identity-center/",
                            "REPORT_TIME_ZONE", "Europe/Berlin",
                            "INSTANCE_ARN", "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
                            // test.config.json: reportExpirationDays 730, no objectLock section
                            "EXPORT_LOCK_MODE", "GOVERNANCE",
                            "EXPORT_LOCK_DAYS", "730",
                            "KMS_KEY_ARN", "arn:aws:kms:eu-west-1:222222222222:alias/stocktake-reports",
                            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
            template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                    "Name", "stocktake-identity-center-export-daily",
                    "ScheduleExpression", "cron(45 0 * * ? *)",
                    "ScheduleExpressionTimezone", "Europe/Berlin",
                    "Target", Match.objectLike(Map.of(
                            "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 3600, "MaximumRetryAttempts", 3),
                            "DeadLetterConfig", Match.objectLike(Map.of()))))));
            template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                    "RoleName", "stocktake-identity-center-export-scheduler")));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "stocktake-identity-center-export-errors", "MetricName", "Errors", "Threshold", 1)));
            template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", "/aws/lambda/stocktake-identity-center-export", "RetentionInDays", 30));
        }

        private static List<String> resources(String sid) {
            return IdentityCenterExportStackTest.resources(bySid.get(sid));
        }
    }

    /** {@code s3managed.config.json}: the default, the management account and the central region, nothing named. */
    @Nested
    class InTheManagementAccountByDefault {
        @Test
        void runs_in_the_management_account_and_central_region_on_any_instance_and_store_of_that_account() {
            StocktakeApp.Stacks stacks = Fixtures.stacks("s3managed.config.json", Fixtures.paths());
            assertThat(stacks.identityCenter().getAccount()).isEqualTo("111111111111");
            assertThat(stacks.identityCenter().getRegion()).isEqualTo("eu-west-1");
            Template template = Template.fromStack(stacks.identityCenter());
            Map<String, Map<String, Object>> bySid = new HashMap<>();
            Json.roleStatements(template, stacks.identityCenter().role()).forEach(s -> bySid.put((String) s.get("Sid"), s));
            assertThat(resources(bySid.get("ListPermissionSets"))).containsExactly("arn:<P>:sso:::instance/*");
            assertThat(resources(bySid.get("ListUsers"))).containsExactly("arn:<P>:identitystore::111111111111:identitystore/*", "arn:<P>:identitystore:::user/*");
            assertThat(bySid).doesNotContainKey("EncryptExport");
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-identity-center-export",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "INSTANCE_ARN", Match.absent(), "KMS_KEY_ARN", Match.absent()))))));
        }
    }

    @Test
    void turned_off_there_is_no_exporter_stack_and_no_jar_is_needed() {
        // nocompaction.config.json: identityCenter.enabled false
        StocktakeApp.Stacks off = Fixtures.stacks("nocompaction.config.json",
                Fixtures.fixturePaths().withIdentityCenterJar(Path.of("/nonexistent/identity-center-export.jar")));
        assertThat(off.identityCenter()).isNull();
        assertThat(off.all()).noneMatch(s -> s.getStackName().equals(StocktakeApp.IDENTITY_CENTER));
    }

    @Test
    void turned_on_without_the_jar_the_synth_names_the_command_that_builds_it() {
        RepoPaths paths = Fixtures.fixturePaths().withIdentityCenterJar(Path.of("/nonexistent/identity-center-export.jar"));
        assertThatThrownBy(() -> paths.identityCenterJar())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The Identity Center exporter jar /nonexistent/identity-center-export.jar does not exist")
                .hasMessageContaining(RepoPaths.BUILD_IDENTITY_CENTER)
                .hasMessageContaining("identityCenter.enabled to false");
    }

    /** A statement's resources, each as {@link #partition} writes it. */
    static List<String> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        List<?> all = resource instanceof List<?> l ? l : List.of(resource);
        return all.stream().map(IdentityCenterExportStackTest::partition).toList();
    }

    /** A resource as text with its partition written {@code <P>} (the template's {@code arn:${AWS::Partition}}). */
    @SuppressWarnings("unchecked")
    static String partition(Object resource) {
        if (resource instanceof String s) {
            return s.replace("arn:aws:", "arn:<P>:");
        }
        Map<String, Object> join = (Map<String, Object>) resource;
        List<Object> parts = (List<Object>) ((List<Object>) join.get("Fn::Join")).get(1);
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof String s ? s : "<P>");
        }
        return out.toString();
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
