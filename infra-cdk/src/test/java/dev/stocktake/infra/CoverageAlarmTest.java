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

/**
 * The central stack's part of the coverage check (which active accounts reported), from {@code test.config.json} (KMS mode, threshold 97.5): the accounts table,
 * the bucket-policy and key-policy statements for the directory job, the views' order, and the coverage alarm.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CoverageAlarmTest {
    static StocktakeApp.Stacks stacks;
    static Template central;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        central = Template.fromStack(stacks.central());
    }

    @Test
    void accounts_table_is_athena_sqls_definition_projected_under_the_accounts_prefix() {
        central.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of(
                "DatabaseName", "stocktake",
                "TableInput", Match.objectLike(Map.of(
                        "Name", "accounts",
                        "TableType", "EXTERNAL_TABLE",
                        "PartitionKeys", List.of(Map.of("Name", "dt", "Type", "string")),
                        "Parameters", Match.objectLike(Map.of(
                                "projection.enabled", "true",
                                "projection.dt.range", "2026/01/01,NOW+1DAYS",
                                "skip.header.line.count", "1",
                                "storage.location.template", "s3://stocktake-reports-222222222222-eu-west-1/accounts/${dt}/")),
                        "StorageDescriptor", Match.objectLike(Map.of(
                                "Location", "s3://stocktake-reports-222222222222-eu-west-1/accounts/",
                                "SerdeInfo", Match.objectLike(Map.of(
                                        "SerializationLibrary", "org.apache.hadoop.hive.serde2.OpenCSVSerde")))))))));
        // credential_reports, accounts, allowlist, report_rows_compacted, the five migration tables and remediation_journal
        central.resourceCountIs("AWS::Glue::Table", 10);
    }

    @Test
    void bucket_policy_lets_only_the_directory_role_by_arn_put_under_accounts() {
        List<Map<String, Object>> statements = Json.statements(central, "AWS::S3::BucketPolicy", "PolicyDocument");
        List<Map<String, Object>> directory = statements.stream()
                .filter(s -> "DirectoryJobPutsAccountDirectory".equals(s.get("Sid"))).toList();
        assertThat(directory).hasSize(1);
        Map<String, Object> statement = directory.getFirst();
        // a put with Object Lock headers is also authorised as s3:PutObjectRetention (the job locks each export)
        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", List.of("s3:PutObject", "s3:PutObjectRetention"))
                .containsEntry("Principal", Map.of("AWS", "*"))
                .containsEntry("Condition", Map.of("StringEquals",
                        Map.of("aws:PrincipalArn", "arn:aws:iam::111111111111:role/stocktake-account-directory")));
        assertThat(statement.get("Resource").toString()).contains("/accounts/*");
        // no other Allow statement names the accounts/ prefix
        assertThat(statements.stream().filter(s -> "Allow".equals(s.get("Effect")) && s != statement)
                .map(s -> String.valueOf(s.get("Resource")))).noneMatch(r -> r.contains("/accounts/"));
    }

    @Test
    void report_key_lets_the_directory_role_encrypt_through_s3_for_the_report_bucket_only() {
        List<Map<String, Object>> statements = Json.statements(central, "AWS::KMS::Key", "KeyPolicy");
        assertThat(statements).anySatisfy(s -> assertThat(s)
                .containsEntry("Sid", "DirectoryJobEncryptsThroughS3")
                .containsEntry("Action", "kms:GenerateDataKey")
                .containsEntry("Condition", Map.of(
                        "StringEquals", Map.of(
                                "aws:PrincipalArn", "arn:aws:iam::111111111111:role/stocktake-account-directory",
                                "kms:ViaService", "s3.eu-west-1.amazonaws.com"),
                        "StringLike", Map.of("kms:EncryptionContext:aws:s3:arn", List.of(
                                Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                        ":s3:::stocktake-reports-222222222222-eu-west-1"))),
                                Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                        ":s3:::stocktake-reports-222222222222-eu-west-1/*"))))))));
    }

    @Test
    void views_wait_for_the_accounts_table() {
        Map<String, Map<String, Object>> views = Json.resources(central, "Custom::AthenaView");
        String accounts = Json.resources(central, "AWS::Glue::Table").entrySet().stream()
                .filter(e -> e.getValue().toString().contains("Name=accounts,")).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(views.values()).allSatisfy(v -> assertThat(Json.list(v.get("DependsOn"))).contains(accounts));
    }

    @Test
    void check_runs_the_coverage_check_handler_daily_in_the_workgroup() {
        central.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "stocktake-coverage-check",
                "Runtime", "java25",
                "Handler", "dev.stocktake.directory.CoverageCheckHandler::handleRequest",
                "Environment", Map.of("Variables", Map.of(
                        "ATHENA_WORKGROUP", "stocktake",
                        "ATHENA_DATABASE", "stocktake",
                        "REPORT_TIME_ZONE", "Europe/Berlin",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
        central.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "stocktake-coverage-check-daily",
                "ScheduleExpression", "cron(0 13 * * ? *)",
                "ScheduleExpressionTimezone", "Europe/Berlin")));
        central.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/stocktake-coverage-check", "RetentionInDays", 30));
    }

    @Test
    void check_role_may_only_query_the_workgroup_and_read_what_the_view_reads() {
        List<Map<String, Object>> statements = Json.roleStatements(central, stacks.central().coverageAlarm().role());
        TreeSet<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(Json.list(s.get("Action"))));
        assertThat(actions).containsExactly("athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution",
                "athena:StopQueryExecution", "glue:BatchGetPartition", "glue:GetDatabase", "glue:GetPartition",
                "glue:GetPartitions", "glue:GetTable", "glue:GetTables", "kms:Decrypt", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
                "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                "s3:ListMultipartUploadParts", "s3:PutObject");
        assertThat(statements).filteredOn(s -> Json.list(s.get("Action")).contains("s3:PutObject"))
                .singleElement().satisfies(s -> assertThat(s.get("Resource").toString()).contains("AthenaResults"));
    }

    @Test
    void alarm_fires_below_the_configured_threshold_of_the_daily_coverage_percent_and_notifies_the_topic() {
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.ofEntries(
                Map.entry("AlarmName", "stocktake-coverage-low"),
                Map.entry("Namespace", "Stocktake"),
                Map.entry("MetricName", "CoveragePercent"),
                Map.entry("Dimensions", List.of(Map.of("Name", "Service", "Value", "stocktake-coverage-check"))),
                Map.entry("Statistic", "Minimum"),
                Map.entry("Period", 86400),
                Map.entry("EvaluationPeriods", 1),
                Map.entry("Threshold", 97.5),
                Map.entry("ComparisonOperator", "LessThanThreshold"),
                Map.entry("TreatMissingData", "missing"),
                Map.entry("AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CoverageTopic.*"))))),
                Map.entry("OKActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CoverageTopic.*"))))))));
        central.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "stocktake-coverage-check-failed",
                "MetricName", "Errors",
                "Threshold", 1,
                "AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("CoverageTopic.*")))))));
    }

    @Test
    void topic_is_encrypted_with_a_key_cloudwatch_may_use_and_tls_only() {
        central.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "TopicName", "stocktake-coverage",
                "KmsMasterKeyId", Match.objectLike(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CoverageTopicKey.*"), "Arn"))))));
        central.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        central.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of(
                "EnableKeyRotation", true,
                "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "CloudWatchAlarmsPublish",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))))));
        central.hasOutput("CoverageTopicArn", Match.objectLike(Map.of()));
    }
}
