package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.ConfigException;
import dev.stocktake.infra.config.StocktakeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The real-time alert stacks: the forwarder's rule pattern and role (member template and management stack), the
 * StackSet to us-east-1, the central bus's organization-only policy, the queue, the Lambda and its least-privilege
 * role. cdk-nag and cfn-lint over these templates: {@code NagTest} and {@code CfnLintTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AlertStacksTest {
    static final String BUS_ARN = "arn:aws:events:eu-west-1:222222222222:event-bus/stocktake-alerts";
    static final Map<String, Object> PATTERN = Map.of(
            "source", List.of("aws.iam"),
            "detail-type", List.of("AWS API Call via CloudTrail"),
            "detail", Map.of("eventSource", List.of("iam.amazonaws.com"),
                    "eventName", List.of("CreateUser", "DeleteUser", "CreateLoginProfile", "UpdateLoginProfile",
                            "DeleteLoginProfile", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "DeactivateMFADevice")));

    AlertStacks stacks;
    Template central;
    Template member;
    Template management;
    Template stackSet;

    private static AlertStacks shared;

    /**
     * The alert stacks of {@code alerts.config.json}, defined once per JVM and shared with {@code NagTest} and
     * {@code CfnLintTest} (the stacks are only read, and synthesizing again is allowed).
     */
    static synchronized AlertStacks shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("stocktake-alerts-cdk");
            App app = StocktakeApp.newApp(dir.resolve("cdk.out").toString());
            shared = AlertStacks.define(app, Fixtures.config("alerts.config.json"), fakeJar(dir), dir.resolve("forwarder"));
        }
        return shared;
    }

    /** The synthesized templates of the alert stacks and the forwarder's StackSet template. */
    static List<Path> templates(AlertStacks alerts) {
        Path outdir = Path.of(((App) Stage.of(alerts.central())).synth().getDirectory());
        List<Path> templates = new ArrayList<>();
        for (String name : List.of(AlertStacks.ALERTS, AlertStacks.FORWARDER_STACK_SET, AlertStacks.MANAGEMENT_FORWARDER)) {
            templates.add(outdir.resolve(name + ".template.json"));
        }
        templates.add(alerts.member().templateFile());
        return templates;
    }

    @BeforeAll
    void synth() throws IOException {
        stacks = shared();
        central = Template.fromStack(stacks.central());
        member = Template.fromJSON(Fixtures.jsonMap(stacks.member().templateBody()));
        management = Template.fromStack(stacks.managementForwarder());
        stackSet = Template.fromStack(stacks.stackSet());
    }

    /** Any zip serves as the Lambda's code asset here; the real jar is tested in notifier-lambda. */
    static Path fakeJar(Path dir) throws IOException {
        Path jar = dir.resolve("stocktake-notifier.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("placeholder.txt"));
            zip.write("alerts".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    @Nested
    class Forwarder {
        @Test
        void the_rule_matches_the_nine_iam_calls_as_cloudtrail_delivers_them_and_targets_the_central_bus_with_its_role() {
            for (Template t : List.of(member, management)) {
                t.resourceCountIs("AWS::Events::Rule", 1);
                t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                        "EventPattern", PATTERN,
                        "State", "ENABLED",
                        "Targets", List.of(Match.objectLike(Map.of(
                                "Arn", BUS_ARN,
                                "RoleArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of(Match.stringLikeRegexp("Role.*")))))))))));
            }
        }

        @Test
        void the_role_is_for_eventbridge_and_may_only_put_events_on_the_central_bus() {
            for (Template t : List.of(member, management)) {
                t.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                        "RoleName", AlertOptions.FORWARDER_ROLE,
                        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                                "Action", "sts:AssumeRole", "Effect", "Allow",
                                "Principal", Map.of("Service", "events.amazonaws.com")))))))));
                t.resourceCountIs("AWS::IAM::Policy", 1);
                t.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of("Action", "events:PutEvents", "Effect", "Allow", "Resource", BUS_ARN))))));
            }
        }

        @Test
        void the_management_account_gets_it_in_us_east_1() {
            assertThat(stacks.managementForwarder().getAccount()).isEqualTo("111111111111");
            assertThat(stacks.managementForwarder().getRegion()).isEqualTo("us-east-1");
        }

        @Test
        void a_service_managed_stack_set_deploys_it_to_us_east_1_of_every_target_ou_with_automatic_deployment() {
            stackSet.hasResourceProperties("AWS::CloudFormation::StackSet", Match.objectLike(Map.of(
                    "StackSetName", "stocktake-alert-forwarder",
                    "PermissionModel", "SERVICE_MANAGED",
                    "CallAs", "DELEGATED_ADMIN",
                    "AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false),
                    "Capabilities", List.of("CAPABILITY_NAMED_IAM"),
                    "StackInstancesGroup", List.of(Map.of(
                            "DeploymentTargets", Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456", "ou-ab12-99998888")),
                            "Regions", List.of("us-east-1"))))));
            assertThat(stacks.stackSet().getAccount()).isEqualTo("333333333333");
            assertThat(stacks.member().templateBody()).contains("\"stocktake-alert-forwarder\"").doesNotContain("BootstrapVersion");
        }
    }

    @Nested
    class Central {
        @Test
        void the_bus_admits_only_the_forwarder_roles_of_this_organization() {
            central.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "stocktake-alerts"));
            central.resourceCountIs("AWS::Events::EventBusPolicy", 1);
            central.hasResourceProperties("AWS::Events::EventBusPolicy", Match.objectLike(Map.of(
                    "Statement", Match.objectLike(Map.of(
                            "Sid", "cdk-OrganizationForwardersOnly",
                            "Effect", "Allow",
                            "Principal", Map.of("AWS", "*"),
                            "Action", "events:PutEvents",
                            "Condition", Map.of(
                                    "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234"),
                                    "ArnLike", Map.of("aws:PrincipalArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                                            Map.of("Ref", "AWS::Partition"), ":iam::*:role/stocktake-alert-forwarder"))))))))));
        }

        @Test
        void the_bus_rule_uses_the_same_pattern_and_feeds_the_encrypted_tls_only_queue_with_a_dead_letter_queue() {
            central.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                    "EventPattern", PATTERN,
                    "EventBusName", Match.anyValue(),
                    "Targets", List.of(Match.objectLike(Map.of("Arn", Match.objectLike(Map.of("Fn::GetAtt",
                            Match.arrayWith(List.of("Arn"))))))))));
            central.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                    "QueueName", "stocktake-alerts",
                    "SqsManagedSseEnabled", true,
                    "VisibilityTimeout", 360,
                    "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5)))));
            central.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                    "QueueName", "stocktake-alerts-dlq", "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600)));
            central.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                    "Statement", Match.arrayWith(List.of(
                            Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                            Match.objectLike(Map.of("Effect", "Allow", "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                                    "Principal", Map.of("Service", "events.amazonaws.com"))))))))));
        }

        @Test
        void the_lambda_runs_the_alert_handler_on_java25_from_the_queue_with_batch_item_failures_and_a_short_batching_window() {
            central.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "stocktake-alerts",
                    "Runtime", "java25",
                    "Handler", "dev.stocktake.notifier.alert.AlertHandler::handleRequest",
                    "Timeout", 60,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "REPORT_BUCKET", "stocktake-reports-222222222222-eu-west-1",
                            "DEDUPE_TABLE", Match.anyValue(),
                            "ALERT_RECIPIENTS", "security@example.com",
                            "ALERT_SENDER", "Stocktake <stocktake@example.com>",
                            "SES_CONFIGURATION_SET", "stocktake",
                            "BURST_WINDOW_SECONDS", "120",
                            "REPORT_TIME_ZONE", "Europe/Berlin",
                            "SLACK_WEBHOOK_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:222222222222:secret:stocktake/slack-webhook-AbCdEf",
                            // the config names another webhook host: the Lambda is told, or it refuses the URL
                            "SLACK_WEBHOOK_HOST", "chat.example.com"))))));
            central.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                    "BatchSize", 100,
                    "MaximumBatchingWindowInSeconds", 20,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "ScalingConfig", Map.of("MaximumConcurrency", 2))));
            central.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                    "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")),
                    "BillingMode", "PAY_PER_REQUEST",
                    "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
        }

        @Test
        void the_role_reads_only_the_allowlist_and_the_account_exports_and_sends_only_as_the_sender() {
            List<Map<String, Object>> statements = Json.roleStatements(central, stacks.central().role());
            assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow")
                    .doesNotContainKeys("NotAction", "NotResource"));
            Map<String, Map<String, Object>> sid = ReportCompactionTest.bySid(
                    statements.stream().filter(s -> s.get("Sid") != null).toList());
            String bucket = "arn:aws:s3:::stocktake-reports-222222222222-eu-west-1";
            String ses = "arn:aws:ses:eu-west-1:222222222222:";

            // reads the allowlist and the account exports, lists only their prefixes, decrypts with the report key
            Map<String, Object> read = sid.get("ReadAllowlistAndAccountNames");
            ReportCompactionTest.assertStatement(read, List.of("s3:GetObject"),
                    List.of(bucket + "/allowlist/allowlist.csv", bucket + "/accounts/*"));
            Map<String, Object> list = sid.get("MissingExportIsNotFound");
            ReportCompactionTest.assertStatement(list, List.of("s3:ListBucket"), List.of(bucket));
            assertThat(list.get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix",
                    List.of("accounts/*", "allowlist/allowlist.csv"))));
            Map<String, Object> decrypt = sid.get("DecryptBucketObjects");
            ReportCompactionTest.assertStatement(decrypt, List.of("kms:Decrypt"),
                    List.of("<import StocktakeReportKeyArn>")); // the central stack's export of the report key
            // sends only as the sender (its address and domain identities) through the configuration set
            Map<String, Object> send = sid.get("SendAlertEmail");
            ReportCompactionTest.assertStatement(send, List.of("ses:SendEmail"), List.of(ses + "identity/stocktake@example.com",
                    ses + "identity/example.com", ses + "configuration-set/stocktake"));
            Map<String, Object> slack = sid.get("SlackWebhookUrl");
            ReportCompactionTest.assertStatement(slack, List.of("secretsmanager:GetSecretValue"),
                    List.of("arn:aws:secretsmanager:eu-west-1:222222222222:secret:stocktake/slack-webhook-AbCdEf"));
            Map<String, Object> dedupe = Json.grantWith(statements, "dynamodb:PutItem");
            ReportCompactionTest.assertStatement(dedupe, List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"),
                    List.of("<" + Json.resources(central, "AWS::DynamoDB::Table").keySet().iterator().next() + ".Arn>"));

            // no other statement reaches S3, KMS, SES, Secrets Manager or DynamoDB, and none names every resource
            assertThat(statements).filteredOn(s -> Json.list(s.get("Action")).stream()
                            .anyMatch(a -> a.matches("(s3|kms|ses|secretsmanager|dynamodb):.*")))
                    .containsExactlyInAnyOrder(read, list, decrypt, send, slack, dedupe);
            assertThat(statements).allSatisfy(s -> assertThat(ReportCompactionTest.resources(s)).doesNotContain("*"));
        }

        @Test
        void alarms_watch_the_dead_letter_queue_the_queues_age_and_alerts_in_doubt() {
            central.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "stocktake-alerts-dead-letters", "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1)));
            central.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "stocktake-alerts-delayed", "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300)));
            central.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "stocktake-alerts-in-doubt", "MetricName", "AlertInDoubt", "Namespace", "Stocktake",
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", "stocktake-alerts")))));
        }
    }

    @Nested
    class Config {
        static StocktakeConfig parse(String alerts) {
            String json = Fixtures.resource("alerts.config.json").replaceFirst("(?s)\"alerts\": \\{.*?\\n  \\}", "\"alerts\": " + alerts);
            return StocktakeConfig.parse(json, StocktakeApp.knownRegions());
        }

        @Test
        void without_an_alerts_section_nothing_is_deployed() throws IOException {
            StocktakeConfig config = parse("{}");
            assertThat(config.alerts().enabled()).isFalse();
            App other = StocktakeApp.newApp(Files.createTempDirectory("stocktake-no-alerts").toString());
            assertThat(AlertStacks.define(other, config, Path.of("unused.jar"), Path.of("unused"))).isNull();
        }

        @Test
        void enabled_without_a_channel_is_refused() {
            assertThatThrownBy(() -> parse("{\"enabled\": true}")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("alerts: enabled without a channel");
        }

        @Test
        void bad_values_name_their_field() {
            assertThatThrownBy(() -> parse("{\"enabled\": \"yes\", \"recipients\": [\"nobody\"], \"sender\": \"x\", "
                    + "\"slackWebhookSecretArn\": \"arn:aws:secretsmanager:us-east-1:999999999999:secret:x-AbCdEf\", "
                    + "\"eventBusName\": \"default\", \"burstWindowSeconds\": 0}"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("alerts.enabled: must be true or false")
                    .hasMessageContaining("alerts.recipients[0]: 'nobody' is not an email address")
                    .hasMessageContaining("alerts.sender: 'x' is not an address")
                    .hasMessageContaining("alerts.slackWebhookSecretArn: the secret must be in the central account 222222222222")
                    .hasMessageContaining("alerts.eventBusName: 'default' is not a custom event bus name")
                    .hasMessageContaining("alerts.burstWindowSeconds: '0' must be a whole number from 1 to 3600");
            assertThatThrownBy(() -> parse("{\"enabled\": true, \"recipients\": [\"a@example.com\"]}"))
                    .hasMessageContaining("alerts.sender: required with alerts.recipients");
        }

        @Test
        void the_bus_arn_is_in_the_central_account_and_region() {
            StocktakeConfig config = parse("{\"enabled\": true, \"eventBusName\": \"iam-alerts\", \"recipients\": [\"a@example.com\"], "
                    + "\"sender\": \"a@example.com\"}");
            assertThat(config.alerts().eventBusArn(config)).isEqualTo("arn:aws:events:eu-west-1:222222222222:event-bus/iam-alerts");
            assertThat(config.alerts().slackWebhookSecretArn()).isNull();
        }
    }
}
