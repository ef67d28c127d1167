package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The account directory job in the management account, from {@code test.config.json} (KMS mode). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountDirectoryStackTest {
    static StocktakeApp.Stacks stacks;
    static Template directory;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        directory = Template.fromStack(stacks.accountDirectory());
    }

    @Test
    void deploys_to_the_management_account_in_the_collector_region() {
        assertThat(stacks.accountDirectory().getAccount()).isEqualTo("111111111111");
        assertThat(stacks.accountDirectory().getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void role_has_exactly_the_five_organizations_read_actions_put_under_accounts_the_key_and_its_logs() {
        directory.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "stocktake-account-directory",
                "ManagedPolicyArns", Match.absent(),
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "lambda.amazonaws.com"))))))));
        directory.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        List<Map<String, Object>> statements = Json.roleStatements(directory, stacks.accountDirectory().role());
        assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow"));
        TreeSet<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(Json.list(s.get("Action"))));
        assertThat(actions).containsExactly("kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
                "organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent",
                "organizations:ListRoots", "organizations:ListTagsForResource", "s3:PutObject", "s3:PutObjectRetention");
        Map<String, Map<String, Object>> bySid = new java.util.HashMap<>();
        statements.forEach(s -> bySid.put((String) s.get("Sid"), s));
        assertThat(bySid.get("ListOrganization").get("Resource")).isEqualTo("*");
        assertThat(bySid.get("WalkOrganizationTree").get("Resource").toString())
                .contains(":organizations::111111111111:root/o-testorg1234/*", ":organizations::111111111111:ou/o-testorg1234/*");
        assertThat(bySid.get("AccountTags").get("Resource").toString())
                .contains(":organizations::111111111111:account/o-testorg1234/*");
        assertThat(bySid.get("WriteDirectory").get("Resource").toString())
                .contains(":s3:::stocktake-reports-222222222222-eu-west-1/accounts/*");
        assertThat(bySid.get("EncryptDirectory").get("Resource"))
                .isEqualTo("arn:aws:kms:eu-west-1:222222222222:key/*");
    }

    @Test
    void function_runs_the_directory_handler_from_the_account_directory_jar_with_the_bucket_prefix_and_key() {
        directory.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "stocktake-account-directory",
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "dev.stocktake.directory.DirectoryHandler::handleRequest",
                "Environment", Map.of("Variables", Map.of(
                        "REPORT_BUCKET", "stocktake-reports-222222222222-eu-west-1",
                        "DIRECTORY_PREFIX", "accounts/",
                        "REPORT_TIME_ZONE", "Europe/Berlin",
                        // test.config.json: reportExpirationDays 730, no objectLock section
                        "EXPORT_LOCK_MODE", "GOVERNANCE",
                        "EXPORT_LOCK_DAYS", "730",
                        "KMS_KEY_ARN", "arn:aws:kms:eu-west-1:222222222222:alias/stocktake-reports",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
    }

    @Test
    void schedule_runs_daily_before_the_collectors_window_with_retries_and_a_dead_letter_queue() {
        directory.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "stocktake-account-directory-daily",
                "ScheduleExpression", "cron(30 1 * * ? *)",
                "ScheduleExpressionTimezone", "Europe/Berlin",
                "State", "ENABLED",
                "Target", Match.objectLike(Map.of(
                        "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 3600, "MaximumRetryAttempts", 3),
                        "DeadLetterConfig", Match.objectLike(Map.of()))))));
    }

    @Test
    void log_group_keeps_the_configured_retention_and_a_failure_raises_an_alarm() {
        directory.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/stocktake-account-directory",
                "RetentionInDays", 30));
        directory.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "stocktake-account-directory-errors",
                "MetricName", "Errors",
                "Threshold", 1)));
    }
}
