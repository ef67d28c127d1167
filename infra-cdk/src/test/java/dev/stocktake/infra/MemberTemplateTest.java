package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the StackSet deploys into every member account, from {@code test.config.json}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MemberTemplateTest {
    static StocktakeApp.Stacks stacks;
    static Template member;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        member = Template.fromJSON(Fixtures.jsonMap(stacks.member().templateBody()));
    }

    @Test
    void collector_role_has_exactly_the_actions_the_collector_needs_on_their_resources() {
        member.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "stocktake-collector",
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent())));
        Map<String, Object> bySid = new HashMap<>();
        Map<String, List<String>> actionsBySid = new HashMap<>();
        List<Map<String, Object>> statements = collectorStatements();
        assertThat(statements).hasSize(8);
        for (Map<String, Object> s : statements) {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            if (s.get("Sid") != null) {
                bySid.put((String) s.get("Sid"), s.get("Resource"));
                actionsBySid.put((String) s.get("Sid"), Json.list(s.get("Action")));
            }
        }
        assertThat(actionsBySid).isEqualTo(Map.of(
                "CredentialReport", List.of("iam:GenerateCredentialReport", "iam:GetCredentialReport"),
                "ListUsersAndRoles", List.of("iam:ListUsers", "iam:ListRoles"),
                "UserTags", List.of("iam:ListUserTags"),
                "IdentityCenterRoles", List.of("iam:GetRole"),
                "AccountName", List.of("sts:AssumeRole", "sts:SetSourceIdentity"),
                "WriteOwnReport", List.of("s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectRetention", "s3:GetObject"),
                "EncryptReport", List.of("kms:GenerateDataKey")));
        // the log group's grantWrite (no Sid)
        Map<String, Object> logs = Json.grantWith(statements, "logs:PutLogEvents");
        assertThat(Json.list(logs.get("Action"))).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(bySid.get("CredentialReport")).isEqualTo("*");
        assertThat(bySid.get("AccountName")).isEqualTo("arn:aws:iam::111111111111:role/stocktake-org-read");
        assertThat(bySid.get("ListUsersAndRoles")).isEqualTo("*");
        // the account's own users and the roles IAM Identity Center provisions (its reserved path), in the deploying account
        assertThat(bySid.get("UserTags")).isEqualTo(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/*"))));
        assertThat(bySid.get("IdentityCenterRoles")).isEqualTo(Map.of("Fn::Join", List.of("", List.of("arn:",
                Map.of("Ref", "AWS::Partition"), ":iam::", Map.of("Ref", "AWS::AccountId"), ":role/aws-reserved/sso.amazonaws.com/*"))));
        assertThat(Json.list(bySid.get("WriteOwnReport"))).hasSize(2);
        assertThat(bySid.get("WriteOwnReport").toString())
                .contains(":s3:::stocktake-reports-222222222222-eu-west-1/credential-reports/????/??/??/*@${aws:PrincipalAccount}.csv")
                .contains(":s3:::stocktake-reports-222222222222-eu-west-1/iam-details/????/??/??/*@${aws:PrincipalAccount}.json");
        // the report key by its alias: a key of the central account and region that carries alias/stocktake-reports
        assertThat(bySid.get("EncryptReport"))
                .isEqualTo("arn:aws:kms:eu-west-1:222222222222:key/*");
        assertThat(statements.stream().filter(s -> "EncryptReport".equals(s.get("Sid"))).findFirst().orElseThrow()
                .get("Condition")).isEqualTo(Map.of("ForAnyValue:StringEquals",
                        Map.of("kms:ResourceAliases", List.of("alias/stocktake-reports"))));
        assertThat(logs.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(logGroupId(), "Arn")));
    }

    @Test
    void collector_runs_java25_on_arm64_with_snapstart_and_the_contracts_environment() {
        member.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "stocktake-collector",
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "dev.stocktake.collector.CollectorHandler::handleRequest",
                "MemorySize", 512,
                "Timeout", 300,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Map.of(
                        "REPORT_BUCKET", "stocktake-reports-222222222222-eu-west-1",
                        "REPORT_PREFIX", "credential-reports/",
                        "DETAILS_PREFIX", "iam-details/",
                        "MANAGEMENT_ROLE_ARN", "arn:aws:iam::111111111111:role/stocktake-org-read",
                        "REPORT_TIME_ZONE", "Europe/Berlin",
                        // test.config.json: reportExpirationDays 730, no objectLock section
                        "REPORT_LOCK_MODE", "GOVERNANCE",
                        "REPORT_LOCK_DAYS", "730",
                        "KMS_KEY_ARN", "arn:aws:kms:eu-west-1:222222222222:alias/stocktake-reports",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
        member.resourceCountIs("AWS::Lambda::Version", 1);
        member.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
    }

    @Test
    void schedule_is_daily_in_its_time_zone_with_a_flexible_window_retries_and_a_dead_letter_queue() {
        String queueId = Json.resources(member, "AWS::SQS::Queue").keySet().iterator().next();
        String aliasId = Json.resources(member, "AWS::Lambda::Alias").keySet().iterator().next();
        member.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "ScheduleExpression", "cron(0 3 * * ? *)",
                "ScheduleExpressionTimezone", "Europe/Berlin",
                "FlexibleTimeWindow", Map.of("Mode", "FLEXIBLE", "MaximumWindowInMinutes", 120),
                "State", "ENABLED",
                "Target", Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", aliasId),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 7200),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(queueId, "Arn"))))))));
    }

    @Test
    void schedule_invokes_through_its_named_role_trusted_by_this_accounts_schedules_only() {
        String roleId = roleId("stocktake-collector-scheduler");
        member.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "stocktake-collector-daily",
                "Target", Match.objectLike(Map.of("RoleArn", Map.of("Fn::GetAtt", List.of(roleId, "Arn")))))));
        member.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "stocktake-collector-scheduler",
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))))));
        // invoke the live alias, and put what it could not deliver into the dead-letter queue; nothing else
        assertThat(statementsOf(roleId)).containsExactlyInAnyOrder(
                Map.of("Action", "lambda:InvokeFunction", "Effect", "Allow",
                        "Resource", Map.of("Ref", Json.resources(member, "AWS::Lambda::Alias").keySet().iterator().next())),
                Map.of("Action", "sqs:SendMessage", "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(Json.resources(member, "AWS::SQS::Queue").keySet().iterator().next(), "Arn"))));
    }

    @Test
    void alarms_are_forwarded_with_a_named_role_that_may_only_put_events_on_the_central_bus() {
        String roleId = roleId("stocktake-collector-alarm-forwarder");
        member.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "stocktake-collector-alarm-forwarder",
                "Targets", List.of(Match.objectLike(Map.of("RoleArn", Map.of("Fn::GetAtt", List.of(roleId, "Arn"))))))));
        List<Map<String, Object>> statements = statementsOf(roleId);
        assertThat(statements).hasSize(1);
        assertThat(statements.getFirst()).containsEntry("Action", "events:PutEvents")
                .containsEntry("Resource", "arn:aws:events:eu-west-1:222222222222:event-bus/stocktake");
    }

    @Test
    void dead_letter_queue_is_encrypted_and_tls_only() {
        member.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
        member.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void failures_raise_an_alarm_forwarded_to_the_central_bus() {
        member.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "stocktake-collector-errors",
                "MetricName", "Errors",
                "Namespace", "AWS/Lambda",
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
        member.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "stocktake-collector-dead-letters",
                "MetricName", "ApproximateNumberOfMessagesVisible")));
        member.resourceCountIs("AWS::CloudWatch::CompositeAlarm", 0);
        member.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Match.objectLike(Map.of(
                        "source", List.of("aws.cloudwatch"),
                        "detail-type", List.of("CloudWatch Alarm State Change"),
                        "resources", Match.arrayWith(List.of(Map.of("Fn::GetAtt", List.of(alarmId("stocktake-collector-errors"), "Arn")))))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", "arn:aws:events:eu-west-1:222222222222:event-bus/stocktake"))))));
    }

    @Test
    void log_group_keeps_logs_for_the_configured_days() {
        member.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/stocktake-collector",
                "RetentionInDays", 30));
    }

    @Test
    void management_account_stack_is_the_same_template_as_a_plain_stack() {
        Template management = Template.fromStack(stacks.managementCollector());
        assertThat(types(management)).isEqualTo(types(member));
        assertThat(stacks.managementCollector().getAccount()).isEqualTo("111111111111");
    }

    private static TreeSet<String> types(Template template) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        TreeSet<String> out = new TreeSet<>();
        // A version's logical ID hashes its code location, which differs between the two synthesizers.
        resources.forEach((id, r) -> out.add(r.get("Type") + ("AWS::Lambda::Version".equals(r.get("Type")) ? "" : " " + id)));
        return out;
    }

    /** The statements of the policies attached to the collector role (not the scheduler's). */
    private static List<Map<String, Object>> collectorStatements() {
        return statementsOf(roleId("stocktake-collector"));
    }

    private static String roleId(String roleName) {
        return Json.resources(member, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> roleName.equals(Json.props(e.getValue()).get("RoleName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** The statements of the policies attached to one role of the member template. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String roleId) {
        return Json.resources(member, "AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<Object>) Json.props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> ((List<Map<String, Object>>) ((Map<String, Object>) Json.props(p).get("PolicyDocument"))
                        .get("Statement")).stream())
                .toList();
    }

    private static String alarmId(String name) {
        return Json.resources(member, "AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(e -> name.equals(Json.props(e.getValue()).get("AlarmName"))).findFirst().orElseThrow().getKey();
    }

    private static String logGroupId() {
        return Json.resources(member, "AWS::Logs::LogGroup").keySet().iterator().next();
    }
}
