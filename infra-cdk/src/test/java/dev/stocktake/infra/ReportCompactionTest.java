package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stocktake.infra.central.CentralStack;
import dev.stocktake.infra.central.ReportingStack;
import dev.stocktake.infra.nag.Nag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;

/**
 * The Parquet compaction of finished months in the central stack, from {@code test.config.json} (KMS mode, schedule
 * {@code cron(15 5 * * ? *)}, 3 settle days): the {@code report_rows_compacted} table, the job, its role's exact
 * scoping, the bucket policy that reserves the job's prefixes, and what every other principal that queries the views
 * gets to read the copy. {@code nocompaction.config.json} turns the job off.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReportCompactionTest {
    static final String BUCKET = "stocktake-reports-222222222222-eu-west-1";
    static final String GLUE = "arn:aws:glue:eu-west-1:222222222222:";
    static final String WORKGROUP = "arn:aws:athena:eu-west-1:222222222222:workgroup/stocktake";
    static final List<String> COMPACTED_PARTITION_READERS = List.of(GLUE + "catalog", GLUE + "database/stocktake",
            GLUE + "table/stocktake/report_rows_compacted");

    static StocktakeApp.Stacks stacks;
    static CentralStack central;
    static Template template;
    static String reports;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        central = stacks.central();
        template = Template.fromStack(central);
        reports = "<" + Nag.logicalId(central.reportBucket()) + ".Arn>";
    }

    @Test
    void compacted_table_is_athena_sqls_definition_parquet_partitioned_by_day_without_projection() throws Exception {
        JsonNode definition = new ObjectMapper().readTree(
                getClass().getClassLoader().getResourceAsStream("dev/stocktake/sql/report_rows_compacted.table.json"));
        List<String> columns = StreamSupport.stream(definition.path("columns").spliterator(), false)
                .map(c -> c.path("name").asText()).toList();
        Map<String, Object> props = Json.props(Json.resources(template, "AWS::Glue::Table")
                .get(tableId()));
        assertThat(props).containsEntry("DatabaseName", "stocktake");
        Map<String, Object> input = map(props.get("TableInput"));
        Map<String, Object> storage = map(input.get("StorageDescriptor"));
        assertThat(input).containsEntry("Name", "report_rows_compacted").containsEntry("TableType", "EXTERNAL_TABLE");
        assertThat(input.get("PartitionKeys")).isEqualTo(List.of(Map.of("Name", "dt", "Type", "string")));
        assertThat(input.get("Parameters")).isEqualTo(Map.of("classification", "parquet", "parquet.compression", "SNAPPY"));
        assertThat(storage.get("Location")).isEqualTo("s3://" + BUCKET + "/compacted-reports/");
        assertThat(storage).containsEntry("InputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .containsEntry("OutputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        assertThat(map(storage.get("SerdeInfo")).get("SerializationLibrary"))
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actual = (List<Map<String, Object>>) storage.get("Columns");
        assertThat(actual).extracting(c -> c.get("Name")).containsExactlyElementsOf(columns)
                .contains("source_file", "file_size");
    }

    @Test
    void views_wait_for_the_compacted_table() {
        String table = tableId();
        Map<String, Map<String, Object>> views = Json.resources(template, "Custom::AthenaView");
        assertThat(views).isNotEmpty();
        assertThat(views.values()).allSatisfy(v -> assertThat(Json.list(v.get("DependsOn"))).contains(table));
    }

    @Test
    void job_runs_the_compaction_jars_handler_on_java25_arm64_1024mb_15_minutes_with_the_handlers_environment() {
        Map<String, Object> function = Json.props(Json.resources(template, "AWS::Lambda::Function")
                .get(Nag.logicalId(central.compaction().job().function())));
        assertThat(function).containsEntry("FunctionName", "stocktake-report-compaction")
                .containsEntry("Handler", "dev.stocktake.compaction.CompactionHandler::handleRequest")
                .containsEntry("Runtime", "java25")
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("MemorySize", 1024)
                .containsEntry("Timeout", 900)
                // one run at a time (the schedule and a manual recompact never work on the same month's files at once)
                .containsEntry("ReservedConcurrentExecutions", 1)
                .doesNotContainKey("SnapStart");
        assertThat(map(function.get("Environment")).get("Variables")).isEqualTo(Map.of(
                "ATHENA_WORKGROUP", "stocktake",
                "ATHENA_DATABASE", "stocktake",
                "REPORT_BUCKET", BUCKET,
                "REPORT_PREFIX", "credential-reports/",
                "COMPACTED_PREFIX", "compacted-reports/",
                "COMPACTION_STATE_KEY", "compaction/state.json",
                "FIRST_REPORT_DAY", "2026-01-01",
                "SETTLE_DAYS", "3",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
        // the environment is encrypted with the report key in KMS mode
        assertThat(text(function.get("KmsKeyArn"))).isEqualTo("<" + Nag.logicalId(central.key()) + ".Arn>");
        // the code is the compaction jar
        assertThat(Fixtures.paths().compactionJar()).exists();
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/stocktake-report-compaction", "RetentionInDays", 30));
    }

    @Test
    void schedule_is_the_configured_daily_expression_in_utc_with_retries_and_an_encrypted_dead_letter_queue() {
        template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "stocktake-report-compaction-daily",
                "ScheduleExpression", "cron(15 5 * * ? *)",
                "ScheduleExpressionTimezone", "UTC",
                "State", "ENABLED",
                "Target", Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Nag.logicalId(central.compaction().job().function()), "Arn")),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 7200),
                        // the handler's scheduled run: an empty event, not the scheduler's undocumented default
                        "Input", "{}",
                        "DeadLetterConfig", Match.objectLike(Map.of("Arn", Match.objectLike(Map.of(
                                "Fn::GetAtt", List.of(Match.stringLikeRegexp("CompactionJobScheduleDeadLetters.*"), "Arn"))))))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "stocktake-report-compaction-schedule-dlq",
                "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600));
    }

    @Test
    void alarms_on_errors_and_undelivered_runs_notify_the_central_stacks_topic() {
        String topic = Nag.logicalId(central.coverageAlarm().topic());
        for (String name : List.of("stocktake-report-compaction-errors", "stocktake-report-compaction-dead-letters")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", name,
                    "Threshold", 1,
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "AlarmActions", List.of(Map.of("Ref", topic)))));
        }
        template.hasOutput("CompactionFunctionName", Match.objectLike(Map.of(
                "Description", Match.stringLikeRegexp(".*\\{\"recompact\":\"yyyy-MM\"\\}.*"))));
    }

    @Test
    void role_has_exactly_the_jobs_statements_each_on_its_resources() {
        List<Map<String, Object>> statements = Json.roleStatements(template, central.compaction().role());
        // two statements come from grant* methods, which write no Sid: the log group's and the report key's
        Map<String, Object> logs = Json.grantWith(statements, "logs:PutLogEvents");
        Map<String, Object> reportKey = Json.grantWith(statements, "kms:Decrypt");
        Map<String, Map<String, Object>> sid = bySid(statements.stream().filter(s -> s.get("Sid") != null).toList());
        assertThat(sid.keySet()).containsExactlyInAnyOrder("RunCompactionQueries", "ReadTables",
                "RegisterCompactedPartitions", "ReplaceReportRowsView", "ReadReports", "WriteCompactedCopy",
                "CompactionState", "ListOwnPrefixes", "ReportBucketLocation", "QueryResults");
        assertThat(statements).hasSize(sid.size() + 2);
        assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Allow").doesNotContainKey("NotAction"));
        assertStatement(logs, List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("<" + Nag.logicalId(central.compaction().job().logs()) + ".Arn>"));

        assertStatement(sid.get("RunCompactionQueries"), List.of("athena:StartQueryExecution", "athena:GetQueryExecution",
                "athena:GetQueryResults", "athena:StopQueryExecution"), List.of(WORKGROUP));
        assertStatement(sid.get("ReadTables"), List.of("glue:GetDatabase", "glue:GetTable", "glue:GetPartition",
                "glue:GetPartitions", "glue:BatchGetPartition"), List.of(GLUE + "catalog", GLUE + "database/stocktake",
                GLUE + "table/stocktake/credential_reports", GLUE + "table/stocktake/report_rows_compacted",
                GLUE + "table/stocktake/report_rows"));
        assertStatement(sid.get("RegisterCompactedPartitions"), List.of("glue:CreatePartition", "glue:BatchCreatePartition",
                "glue:UpdatePartition"), COMPACTED_PARTITION_READERS);
        // the one view the job replaces; no other table may be created, changed or deleted
        assertStatement(sid.get("ReplaceReportRowsView"), List.of("glue:CreateTable", "glue:UpdateTable"),
                List.of(GLUE + "catalog", GLUE + "database/stocktake", GLUE + "table/stocktake/report_rows"));
        assertStatement(sid.get("ReadReports"), List.of("s3:GetObject"), List.of(reports + "/credential-reports/*"));
        assertStatement(sid.get("WriteCompactedCopy"), List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"), List.of(reports + "/compacted-reports/*"));
        assertStatement(sid.get("CompactionState"), List.of("s3:GetObject", "s3:PutObject"),
                List.of(reports + "/compaction/state.json"));
        assertStatement(sid.get("ListOwnPrefixes"), List.of("s3:ListBucket"), List.of(reports));
        assertThat(sid.get("ListOwnPrefixes").get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix",
                List.of("credential-reports/*", "compacted-reports/*", "compaction/*"))));
        assertStatement(sid.get("ReportBucketLocation"), List.of("s3:GetBucketLocation"), List.of(reports));
        String results = "<" + Nag.logicalId(central.resultsBucket()) + ".Arn>";
        assertStatement(sid.get("QueryResults"), List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject",
                "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"), List.of(results, results + "/*"));
        assertStatement(reportKey, List.of("kms:Decrypt", "kms:GenerateDataKey"),
                List.of("<" + Nag.logicalId(central.key()) + ".Arn>"));
        // no statement reaches every object of the report bucket
        statements.forEach(s -> assertThat(resources(s)).noneMatch(r -> r.equals(reports + "/*")));
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "Description", Match.stringLikeRegexp("Stocktake compaction: .*"),
                "ManagedPolicyArns", Match.absent())));
    }

    @Test
    void bucket_policy_reserves_the_copy_and_the_state_for_the_jobs_role_and_allows_nobody_there() {
        List<Map<String, Object>> statements = Json.statements(template, "AWS::S3::BucketPolicy", "PolicyDocument");
        List<Map<String, Object>> reserved = statements.stream()
                .filter(s -> "OnlyTheCompactionJobWritesCompactedReports".equals(s.get("Sid"))).toList();
        assertThat(reserved).hasSize(1);
        Map<String, Object> deny = reserved.getFirst();
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", Map.of("AWS", "*"));
        assertThat(Json.list(deny.get("Action")))
                .containsExactly("s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject", "s3:AbortMultipartUpload");
        assertThat(resources(deny)).containsExactly(reports + "/compacted-reports/*", reports + "/compaction/*");
        assertThat(deny.get("Condition")).isEqualTo(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                Map.of("Fn::GetAtt", List.of(Nag.logicalId(central.compaction().role()), "Arn")))));
        // no Allow of the bucket policy reaches either prefix (the job's own account needs none)
        assertThat(statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).flatMap(s -> resources(s).stream()))
                .noneMatch(r -> r.contains("/compacted-reports/") || r.contains("/compaction/"));
        // collectors stay denied everything outside their prefixes (reports, IAM details), which hold neither
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.get("Sid")).isEqualTo("CollectorsStayUnderPrefix");
            assertThat(resources(Map.of("Resource", s.get("NotResource"))))
                    .containsExactly(reports + "/credential-reports/*", reports + "/iam-details/*");
        });
    }

    @Nested
    class EveryPrincipalThatQueriesTheViews {
        @Test
        void the_coverage_check_reads_the_copy_and_its_partitions() {
            assertReadsTheCopy(template, central.coverageAlarm().role(), reports);
        }

        @Test
        void the_notifier_reads_the_copy_and_its_partitions() {
            ReportingStack reporting = stacks.reporting();
            assertReadsTheCopy(Template.fromStack(reporting), reporting.notifier().role(), "arn:aws:s3:::" + BUCKET);
        }

        @Test
        void the_quicksight_data_source_role_reads_the_copy_and_its_partitions() {
            ReportingStack reporting = stacks.reporting();
            assertReadsTheCopy(Template.fromStack(reporting), reporting.quickSight().role(), "arn:aws:s3:::" + BUCKET);
        }

        private void assertReadsTheCopy(Template in, Role role, String bucket) {
            List<Map<String, Object>> statements = Json.roleStatements(in, role);
            // statements a grant* method wrote carry no Sid
            Map<String, Map<String, Object>> sid = bySid(statements.stream().filter(s -> s.get("Sid") != null).toList());
            assertStatement(sid.get("ReadCompactedReports"), List.of("s3:GetObject"), List.of(bucket + "/compacted-reports/*"));
            assertStatement(sid.get("ReadCompactedPartitions"), List.of("glue:GetPartition", "glue:GetPartitions",
                    "glue:BatchGetPartition"), COMPACTED_PARTITION_READERS);
            // readers never write the copy or its state
            statements.forEach(s -> {
                if (Json.list(s.get("Action")).stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"))) {
                    assertThat(resources(s)).noneMatch(r -> r.contains("/compacted-reports/") || r.contains("/compaction/"));
                }
            });
        }
    }

    @Nested
    class Disabled {
        StocktakeApp.Stacks off = Fixtures.stacks("nocompaction.config.json", Fixtures.fixturePaths());
        Template offTemplate = Template.fromStack(off.central());

        @Test
        void no_job_but_the_table_the_views_read_and_nobody_may_write_the_copy() {
            assertThat(off.central().compaction()).isNull();
            assertThat(Json.resources(offTemplate, "AWS::Lambda::Function").values())
                    .noneMatch(f -> "stocktake-report-compaction".equals(Json.props(f).get("FunctionName")));
            offTemplate.resourcePropertiesCountIs("AWS::Scheduler::Schedule",
                    Match.objectLike(Map.of("Name", "stocktake-report-compaction-daily")), 0);
            assertThat(Json.resources(offTemplate, "AWS::Glue::Table").values())
                    .anyMatch(t -> "report_rows_compacted".equals(map(Json.props(t).get("TableInput")).get("Name")));
            Map<String, Object> deny = Json.statements(offTemplate, "AWS::S3::BucketPolicy", "PolicyDocument").stream()
                    .filter(s -> "OnlyTheCompactionJobWritesCompactedReports".equals(s.get("Sid"))).findFirst().orElseThrow();
            assertThat(deny).containsEntry("Effect", "Deny").doesNotContainKey("Condition");
            assertThat(offTemplate.toJSON().toString()).doesNotContain("CompactionFunctionName");
        }
    }

    static String tableId() {
        return (String) central.resolve(central.getLogicalId(central.compactedTable()));
    }

    static void assertStatement(Map<String, Object> statement, List<String> actions, List<String> resources) {
        assertThat(statement).as("statement").isNotNull();
        assertThat(Json.list(statement.get("Action"))).as("actions of " + statement.get("Sid")).containsExactlyElementsOf(actions);
        assertThat(resources(statement)).as("resources of " + statement.get("Sid")).containsExactlyElementsOf(resources);
    }

    static Map<String, Map<String, Object>> bySid(List<Map<String, Object>> statements) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        statements.forEach(s -> {
            Object previous = out.put(String.valueOf(s.get("Sid")), s);
            assertThat(previous).as("statement ID " + s.get("Sid") + " twice").isNull();
        });
        return out;
    }

    /** A statement's Resource as text: joins resolved, the partition as {@code aws}, an ARN attribute as {@code <Id.Arn>}. */
    static List<String> resources(Map<String, Object> statement) {
        Object value = statement.get("Resource");
        if (value instanceof List<?> list) {
            return list.stream().map(ReportCompactionTest::text).toList();
        }
        return value == null ? List.of() : List.of(text(value));
    }

    @SuppressWarnings("unchecked")
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) m.get("Fn::Join");
            StringBuilder out = new StringBuilder();
            ((List<Object>) join.get(1)).forEach(part -> out.append(text(part)));
            return out.toString();
        }
        if (value instanceof Map<?, ?> m && "AWS::Partition".equals(m.get("Ref"))) {
            return "aws";
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::ImportValue") instanceof String export) {
            return "<import " + export + ">";
        }
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> attribute) {
            return "<" + attribute.get(0) + "." + attribute.get(1) + ">";
        }
        throw new AssertionError("unexpected value in a resource: " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
