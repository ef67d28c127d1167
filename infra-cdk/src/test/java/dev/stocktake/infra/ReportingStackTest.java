package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.infra.central.QuickSightResources;
import dev.stocktake.infra.central.ReportingStack;
import dev.stocktake.infra.config.StocktakeConfig;
import java.nio.file.Files;
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
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code StocktakeReporting}: the notifier deployed as notifier-lambda/README.md asks, and the QuickSight resources.
 * {@code test.config.json}: KMS, email and an existing Slack secret, QuickSight for one group;
 * {@code s3managed.config.json}: S3-managed encryption, Slack only through a secret the stack creates, no QuickSight.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportingStackTest {
    /** The report key: the central stack's export, imported (same account and region). */
    static final Map<String, Object> KEY = Map.of("Fn::ImportValue", "StocktakeReportKeyArn");
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:stocktake/slack-AbCdEf";
    static final String GROUP = "arn:aws:quicksight:eu-west-1:222222222222:group/default/stocktake-owners";

    static Map<String, Map<String, Object>> bySid(List<Map<String, Object>> statements) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        statements.forEach(s -> out.put((String) s.get("Sid"), s));
        return out;
    }

    static TreeSet<String> actions(List<Map<String, Object>> statements) {
        TreeSet<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(Json.list(s.get("Action"))));
        return actions;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithEmailSlackAndQuickSight {
        StocktakeApp.Stacks stacks;
        ReportingStack reporting;
        Template template;

        @BeforeAll
        void synthesize() {
            stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
            reporting = stacks.reporting();
            template = Template.fromStack(reporting);
        }

        @Test
        void deploys_to_the_central_account_and_region_after_the_central_stack() {
            assertThat(reporting.getStackName()).isEqualTo("StocktakeReporting");
            assertThat(reporting.getAccount()).isEqualTo("222222222222");
            assertThat(reporting.getRegion()).isEqualTo("eu-west-1");
            assertThat(reporting.getDependencies()).contains(stacks.central());
        }

        @Test
        void notifier_runs_the_handler_from_the_notifier_jar_with_the_documented_environment() {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-notifier",
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "Handler", "dev.stocktake.notifier.NotifierHandler::handleRequest",
                    "MemorySize", 512,
                    "Timeout", 300,
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "KmsKeyArn", KEY,
                    "Environment", Map.of("Variables", Map.ofEntries(
                            Map.entry("ATHENA_WORKGROUP", "stocktake"),
                            Map.entry("ATHENA_DATABASE", "stocktake"),
                            Map.entry("REPORT_BUCKET", "stocktake-reports-222222222222-eu-west-1"),
                            Map.entry("DELIVERY_MARKER_PREFIX", "notifier/deliveries/"),
                            Map.entry("DIGEST_RECIPIENTS", "iam-owners@example.com,security@example.com"),
                            Map.entry("DIGEST_SENDER", "Stocktake <stocktake@mail.example.com>"),
                            Map.entry("SES_CONFIGURATION_SET", "stocktake"),
                            Map.entry("SLACK_WEBHOOK_SECRET_ARN", SECRET),
                            Map.entry("QUICKSIGHT_DASHBOARD_ID", "stocktake"),
                            Map.entry("REPORT_TIME_ZONE", "Europe/Berlin"),
                            Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))))));
            template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", "/aws/lambda/stocktake-notifier", "RetentionInDays", 30));
        }

        @Test
        void schedule_invokes_the_live_alias_daily_in_the_collectors_time_zone_with_retries_and_a_dead_letter_queue() {
            template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
            template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                    "Name", "stocktake-notifier-daily",
                    "ScheduleExpression", "cron(45 7 * * ? *)",
                    "ScheduleExpressionTimezone", "Europe/Berlin",
                    "State", "ENABLED",
                    "Target", Match.objectLike(Map.of(
                            "Arn", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("NotifierLive.*"))),
                            "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 7200),
                            "DeadLetterConfig", Match.objectLike(Map.of("Arn", Match.objectLike(Map.of(
                                    "Fn::GetAtt", List.of(Match.stringLikeRegexp("NotifierScheduleDeadLetters.*"), "Arn"))))))))));
            template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "stocktake-notifier-schedule-dlq", "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600));
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }

        @Test
        void notifier_role_has_exactly_the_readmes_actions() {
            template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                    "Description", "Stocktake notifier: the daily digest by email and Slack",
                    "ManagedPolicyArns", Match.absent())));
            List<Map<String, Object>> statements = Json.roleStatements(template, reporting.notifier().role());
            assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow"));
            assertThat(actions(statements)).containsExactly(
                    "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup", "athena:StartQueryExecution",
                    "athena:StopQueryExecution", "glue:BatchGetPartition", "glue:GetDatabase", "glue:GetPartition",
                    "glue:GetPartitions", "glue:GetTable", "glue:GetTables",
                    "kms:Decrypt", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
                    "quicksight:DescribeDashboard", "quicksight:DescribeDashboardSnapshotJob",
                    "quicksight:DescribeDashboardSnapshotJobResult", "quicksight:StartDashboardSnapshotJob",
                    "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                    "s3:PutObject", "secretsmanager:GetSecretValue", "ses:SendEmail");
        }

        @Test
        void each_notifier_permission_is_scoped_to_its_resources() {
            Map<String, Map<String, Object>> sid = bySid(Json.roleStatements(template, reporting.notifier().role()));
            assertThat(sid.get("RunDigestQueries").get("Resource").toString()).contains(":athena:eu-west-1:222222222222:workgroup/stocktake");
            assertThat(sid.get("ReadCatalog").get("Resource").toString())
                    .contains(":glue:eu-west-1:222222222222:catalog", ":database/stocktake", ":table/stocktake/*");
            assertThat(Json.list(sid.get("ReadReportsDirectoryAndAllowlist").get("Action"))).containsExactly("s3:GetObject");
            assertThat(sid.get("ReadReportsDirectoryAndAllowlist").get("Resource").toString())
                    .contains("stocktake-reports-222222222222-eu-west-1/credential-reports/*",
                            "stocktake-reports-222222222222-eu-west-1/accounts/*",
                            "stocktake-reports-222222222222-eu-west-1/allowlist/allowlist.csv");
            // the migration views' sources, and nothing under them that is written to
            assertThat(Json.list(sid.get("ReadMigrationSources").get("Action"))).containsExactly("s3:GetObject");
            assertThat(sid.get("ReadMigrationSources").get("Resource").toString())
                    .contains("stocktake-reports-222222222222-eu-west-1/iam-details/*",
                            "stocktake-reports-222222222222-eu-west-1/identity-center/*",
                            "stocktake-reports-222222222222-eu-west-1/identity-mapping/identity-mapping.csv",
                            "stocktake-reports-222222222222-eu-west-1/migration-settings/migration-settings.csv",
                            "stocktake-reports-222222222222-eu-west-1/milestones/milestones.csv");
            assertThat(sid.get("DeliveryMarkers").get("Resource").toString())
                    .contains("stocktake-reports-222222222222-eu-west-1/notifier/deliveries/*").doesNotContain("credential-reports");
            assertThat(sid.get("QueryResults").get("Resource").toString()).contains("AthenaResults").doesNotContain("stocktake-reports");
            assertThat(sid.get("ReportKey").get("Resource")).isEqualTo(KEY);
            // SES v2 SendEmail with simple content: SES builds the MIME message, so no ses:SendRawEmail
            assertThat(Json.list(sid.get("SendDigest").get("Action"))).containsExactly("ses:SendEmail");
            assertThat(sid.get("SendDigest").get("Resource").toString())
                    .contains(":ses:eu-west-1:222222222222:identity/stocktake@mail.example.com",
                            ":ses:eu-west-1:222222222222:identity/mail.example.com",
                            ":ses:eu-west-1:222222222222:configuration-set/stocktake")
                    .doesNotContain("identity/*");
            assertThat(sid.get("ReadSlackWebhook").get("Resource")).isEqualTo(SECRET);
            assertThat(sid.get("DashboardSnapshot").get("Resource").toString())
                    .contains(":quicksight:eu-west-1:222222222222:dashboard/stocktake");
        }

        @Test
        void alarms_on_errors_dead_letters_failed_and_doubtful_digests_notify_an_encrypted_topic() {
            for (String name : List.of("stocktake-notifier-errors", "stocktake-notifier-dead-letters")) {
                template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", name,
                        "AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("Topic.*")))))));
            }
            for (String metric : List.of("DigestFailures", "DigestInDoubt")) {
                template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                        "Namespace", "Stocktake", "MetricName", metric,
                        "Dimensions", List.of(Map.of("Name", "Service", "Value", "stocktake-notifier")),
                        "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                        "AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("Topic.*")))))));
            }
            template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
            template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                    "TopicName", "stocktake-reporting",
                    "KmsMasterKeyId", Match.objectLike(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("TopicKey.*"), "Arn"))))));
            template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        }

        @Test
        void quicksight_data_source_is_athena_on_the_workgroup_over_ssl_as_its_own_role() {
            template.hasResourceProperties("AWS::QuickSight::DataSource", Match.objectLike(Map.of(
                    "AwsAccountId", "222222222222",
                    "DataSourceId", "stocktake-athena",
                    "Type", "ATHENA",
                    "SslProperties", Map.of("DisableSsl", false),
                    "DataSourceParameters", Map.of("AthenaParameters", Map.of(
                            "WorkGroup", "stocktake",
                            "RoleArn", Map.of("Fn::GetAtt", List.of(logicalId(reporting.quickSight().role()), "Arn")))),
                    "Permissions", List.of(Map.of("Principal", GROUP, "Actions", QuickSightResources.DATA_SOURCE_USER_ACTIONS)))));
            template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                    "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
                            "Action", "sts:AssumeRole", "Effect", "Allow",
                            "Principal", Map.of("Service", "quicksight.amazonaws.com"),
                            "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", "222222222222")))))))));
        }

        @Test
        void quicksight_role_may_only_query_the_workgroup_and_read_what_the_views_read() {
            List<Map<String, Object>> statements = Json.roleStatements(template, reporting.quickSight().role());
            assertThat(actions(statements)).allSatisfy(a -> assertThat(a).matches("(athena|glue|s3|kms):.*"));
            assertThat(actions(statements)).doesNotContain("s3:DeleteObject", "glue:CreateTable", "glue:UpdateTable",
                    "athena:CreateWorkGroup");
            Map<String, Map<String, Object>> sid = bySid(statements);
            assertThat(sid.get("RunQueriesInTheWorkgroup").get("Resource").toString()).contains(":workgroup/stocktake");
            assertThat(sid.get("ReadReportsDirectoryAndAllowlist").get("Action")).isEqualTo("s3:GetObject");
            assertThat(sid.get("ReadReportsDirectoryAndAllowlist").get("Resource").toString())
                    .contains("/credential-reports/*", "/accounts/*", "/allowlist/allowlist.csv");
            assertThat(sid.get("ReadMigrationSources").get("Resource").toString())
                    .contains("/iam-details/*", "/identity-center/*", "/identity-mapping/identity-mapping.csv",
                            "/migration-settings/migration-settings.csv", "/milestones/milestones.csv");
            assertThat(statements).filteredOn(s -> Json.list(s.get("Action")).contains("s3:PutObject"))
                    .singleElement().satisfies(s -> assertThat(s.get("Resource").toString()).contains("AthenaResults"));
            assertThat(sid.get("DecryptReportsEncryptResults").get("Resource")).isEqualTo(KEY);
        }

        @Test
        void quicksight_data_sets_are_the_modules_in_spice_on_the_data_source_shared_with_the_principals() {
            Map<String, Map<String, Object>> dataSets = Json.resources(template, "AWS::QuickSight::DataSet");
            assertThat(dataSets).hasSize(13);
            assertThat(dataSets.values()).extracting(r -> Json.props(r).get("DataSetId")).containsExactlyInAnyOrder(
                    "stocktake-daily-counts-filled", "stocktake-console-users", "stocktake-user-changes", "stocktake-goal-progress",
                    "stocktake-coverage", "stocktake-missing-reports", "stocktake-allowlist-findings", "stocktake-rejected-reports",
                    "stocktake-milestone-progress", "stocktake-milestone-blockers", "stocktake-migration-status", "stocktake-owner-todo",
                    "stocktake-remediation-status");
            String dataSource = logicalId(reporting.quickSight().dataSource());
            for (Map<String, Object> dataSet : dataSets.values()) {
                Map<String, Object> props = Json.props(dataSet);
                assertThat(props).containsEntry("ImportMode", "SPICE").containsEntry("AwsAccountId", "222222222222");
                assertThat(props.get("Permissions")).isEqualTo(List.of(Map.of("Principal", GROUP,
                        "Actions", QuickSightResources.DATA_SET_USER_ACTIONS)));
                assertThat(props.get("PhysicalTableMap").toString()).contains("Fn::GetAtt=[" + dataSource + ", Arn]")
                        .doesNotContain("${");
            }
            template.hasResourceProperties("AWS::QuickSight::DataSet", Match.objectLike(Map.of(
                    "DataSetId", "stocktake-coverage",
                    "PhysicalTableMap", Map.of("coverage", Map.of("RelationalTable", Match.objectLike(Map.of(
                            "Catalog", "AwsDataCatalog", "Schema", "stocktake", "Name", "coverage")))))));
            template.hasResourceProperties("AWS::QuickSight::DataSet", Match.objectLike(Map.of(
                    "DataSetId", "stocktake-daily-counts-filled",
                    "PhysicalTableMap", Map.of("daily-counts-filled", Map.of("CustomSql", Match.objectLike(Map.of(
                            "SqlQuery", Match.stringLikeRegexp("^select[\\s\\S]*from \"stocktake\".daily_counts_filled d[\\s\\S]*"))))))));
        }

        @Test
        void each_data_set_is_refreshed_daily_after_the_collectors_window() {
            Map<String, Map<String, Object>> refreshes = Json.resources(template, "AWS::QuickSight::RefreshSchedule");
            assertThat(refreshes).hasSize(13);
            assertThat(refreshes.values()).allSatisfy(r -> {
                assertThat(Json.props(r).get("Schedule")).isEqualTo(Map.of(
                        "ScheduleId", "stocktake-daily", "RefreshType", "FULL_REFRESH",
                        "ScheduleFrequency", Map.of("Interval", "DAILY", "TimeOfTheDay", "07:15", "TimeZone", "Europe/Berlin")));
                assertThat(Json.list(r.get("DependsOn"))).anySatisfy(d -> assertThat(d).startsWith("QuickSightDataSet"));
            });
        }

        @Test
        void dashboard_is_the_modules_definition_on_the_deployed_data_sets_owned_by_the_principals() {
            Map<String, Map<String, Object>> dashboards = Json.resources(template, "AWS::QuickSight::Dashboard");
            assertThat(dashboards).hasSize(1);
            Map<String, Object> dashboard = dashboards.values().iterator().next();
            Map<String, Object> props = Json.props(dashboard);
            assertThat(props).containsEntry("DashboardId", "stocktake").containsEntry("AwsAccountId", "222222222222");
            assertThat(props.get("Permissions")).isEqualTo(List.of(Map.of("Principal", GROUP,
                    "Actions", QuickSightResources.DASHBOARD_OWNER_ACTIONS)));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> declarations = (List<Map<String, Object>>) ((Map<String, Object>) props.get("Definition"))
                    .get("DataSetIdentifierDeclarations");
            assertThat(declarations).hasSize(13).allSatisfy(d -> assertThat(d.get("DataSetArn").toString())
                    .matches("\\{Fn::GetAtt=\\[QuickSightDataSet.*, Arn]}"));
            assertThat(Json.list(dashboard.get("DependsOn"))).hasSize(13);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithSlackOnlyAndS3ManagedEncryption {
        StocktakeApp.Stacks stacks;
        Template template;

        @BeforeAll
        void synthesize() {
            stacks = Fixtures.stacks("s3managed.config.json", Fixtures.paths());
            template = Template.fromStack(stacks.reporting());
        }

        @Test
        void creates_the_slack_secret_and_the_notifier_reads_only_it() {
            template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("Name", "stocktake/slack-webhook")));
            String secret = logicalId(stacks.reporting().slackSecret());
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-notifier",
                    "KmsKeyArn", Match.absent(),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "SLACK_WEBHOOK_SECRET_ARN", Map.of("Ref", secret),
                            "DIGEST_RECIPIENTS", Match.absent(),
                            "QUICKSIGHT_DASHBOARD_ID", Match.absent()))))));
            Map<String, Map<String, Object>> sid = bySid(Json.roleStatements(template, stacks.reporting().notifier().role()));
            assertThat(sid.get("ReadSlackWebhook").get("Resource")).isEqualTo(Map.of("Ref", secret));
            assertThat(sid).doesNotContainKeys("SendDigest", "DashboardSnapshot", "ReportKey");
            template.hasOutput("SlackWebhookSecretArn", Match.objectLike(Map.of()));
        }

        @Test
        void deploys_no_quicksight_resource_without_principals() {
            for (String type : List.of("AWS::QuickSight::DataSource", "AWS::QuickSight::DataSet",
                    "AWS::QuickSight::RefreshSchedule", "AWS::QuickSight::Dashboard")) {
                template.resourceCountIs(type, 0);
            }
        }
    }

    @Test
    void without_a_digest_channel_or_quicksight_principals_there_is_no_reporting_stack() throws Exception {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(Fixtures.resource("s3managed.config.json"));
        config.remove("notifier");
        Path out = Files.createTempDirectory("stocktake-cdk");
        App app = StocktakeApp.newApp(out.resolve("cdk.out").toString());
        StocktakeApp.Stacks stacks = StocktakeApp.define(app,
                StocktakeConfig.parse(config.toString(), StocktakeApp.knownRegions()), Fixtures.paths(), out.resolve("member"));
        assertThat(stacks.reporting()).isNull();
        assertThat(stacks.all()).extracting(s -> s.getStackName()).doesNotContain("StocktakeReporting");
    }

    @Test
    void a_missing_notifier_jar_fails_synth_with_the_command_that_builds_it() throws Exception {
        Path out = Files.createTempDirectory("stocktake-cdk");
        App app = StocktakeApp.newApp(out.resolve("cdk.out").toString());
        RepoPaths paths = Fixtures.paths().withNotifierJar(out.resolve("missing.jar"));
        assertThatThrownBy(() -> StocktakeApp.define(app, Fixtures.config("s3managed.config.json"), paths, out.resolve("member")))
                .hasMessageContaining("missing.jar does not exist")
                .hasMessageContaining(RepoPaths.BUILD_NOTIFIER);
    }

    /** The logical ID of a construct's resource in its stack. */
    private static String logicalId(software.constructs.IConstruct construct) {
        if (construct instanceof software.amazon.awscdk.CfnElement element) {
            software.amazon.awscdk.Stack stack = software.amazon.awscdk.Stack.of(element);
            return (String) stack.resolve(stack.getLogicalId(element));
        }
        return dev.stocktake.infra.nag.Nag.logicalId(construct);
    }
}
