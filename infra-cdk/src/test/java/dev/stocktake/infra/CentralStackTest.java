package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stocktake.infra.central.CentralStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The central reporting stack from {@code test.config.json} and the fixture SQL (two views, two queries). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CentralStackTest {
    static final String BUCKET = "stocktake-reports-222222222222-eu-west-1";
    static final String REPORTS = "arn:aws:s3:::" + BUCKET + "/credential-reports/*";
    static final String OWN_REPORTS = "arn:aws:s3:::" + BUCKET + "/credential-reports/????/??/??/*@${aws:PrincipalAccount}.csv";
    static final String DETAILS = "arn:aws:s3:::" + BUCKET + "/iam-details/*";
    static final String OWN_DETAILS = "arn:aws:s3:::" + BUCKET + "/iam-details/????/??/??/*@${aws:PrincipalAccount}.json";
    static final String IDENTITY_CENTER = "arn:aws:s3:::" + BUCKET + "/identity-center/*";
    /** test.config.json: the exporter runs in the delegated administrator 333333333333. */
    static final String EXPORTER_ROLE = "arn:aws:iam::333333333333:role/stocktake-identity-center-export";
    static final Map<String, Object> IS_COLLECTOR = Map.of("aws:PrincipalArn", "arn:aws:iam::*:role/stocktake-collector");

    static CentralStack central;
    static Template template;

    @BeforeAll
    static void synthesize() {
        central = Fixtures.stacks("test.config.json", Fixtures.fixturePaths()).central();
        template = Template.fromStack(central);
    }

    @Test
    void report_bucket_blocks_public_access_enforces_ownership_versions_encrypts_with_the_key_logs_access_and_expires() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", BUCKET,
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms",
                                "KMSMasterKeyID", Match.anyValue()))))),
                "LoggingConfiguration", Match.objectLike(Map.of("DestinationBucketName", Match.anyValue())),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 45), "Status", "Enabled")),
                        Match.objectLike(Map.of("ExpirationInDays", 730, "Prefix", "credential-reports/"))))))));
    }

    @Test
    void report_bucket_has_object_lock_enabled_without_a_default_retention_and_stays_versioned() {
        Map<String, Object> bucket = Json.resources(template, "AWS::S3::Bucket").values().stream().map(Json::props)
                .filter(p -> BUCKET.equals(p.get("BucketName"))).findFirst().orElseThrow();
        assertThat(bucket).containsEntry("ObjectLockEnabled", true)
                .containsEntry("VersioningConfiguration", Map.of("Status", "Enabled"));
        // the writers lock each report and export; a default retention would also lock the compaction job's copy
        assertThat(bucket).doesNotContainKey("ObjectLockConfiguration");
    }

    @Test
    void access_logs_bucket_has_no_object_lock_as_server_access_logging_delivers_to_it() {
        List<Map<String, Object>> others = Json.resources(template, "AWS::S3::Bucket").values().stream().map(Json::props)
                .filter(p -> !BUCKET.equals(p.get("BucketName"))).toList();
        assertThat(others).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContainKeys("ObjectLockEnabled", "ObjectLockConfiguration"));
    }

    @Test
    void views_custom_resource_may_create_replace_and_drop_only_the_views_it_owns() {
        List<Map<String, Object>> writes = Json.statements(template, "AWS::IAM::Policy", "PolicyDocument").stream()
                .filter(s -> Json.list(s.get("Action")).contains("glue:DeleteTable")).toList();
        assertThat(writes).hasSize(1);
        assertThat(writes.getFirst()).containsEntry("Sid", "WriteOwnViewsOnly");
        assertThat(Json.list(writes.getFirst().get("Action")))
                .containsExactlyInAnyOrder("glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable");
        List<String> tables = ((List<?>) writes.getFirst().get("Resource")).stream().map(Object::toString)
                .filter(r -> r.contains(":table/")).toList();
        // the fixture's two views (athena-sql/views/views.txt), by name; no table/<db>/* and no other table
        assertThat(tables).hasSize(2);
        assertThat(tables).anySatisfy(r -> assertThat(r).endsWith(":table/stocktake/users_by_day]]}"));
        assertThat(tables).anySatisfy(r -> assertThat(r).endsWith(":table/stocktake/latest_reports]]}"));
        assertThat(tables).noneMatch(r -> r.contains("*"));
    }

    @Test
    void every_bucket_blocks_public_access_and_is_encrypted() {
        Json.resources(template, "AWS::S3::Bucket").forEach((id, bucket) -> {
            assertThat(Json.props(bucket)).as(id).containsKeys("PublicAccessBlockConfiguration", "BucketEncryption");
        });
    }

    @Test
    void report_bucket_policy_denies_requests_without_tls() {
        assertThat(reportStatements()).anySatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Deny");
            assertThat(s.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
            assertThat(s.get("Principal")).isEqualTo(Map.of("AWS", "*"));
        });
    }

    @Test
    void report_bucket_policy_allows_only_put_tag_lock_and_own_read_back_of_own_keys_to_collectors_of_this_organization() {
        // the other Allows are the account directory's (it exports the accounts the coverage is held against), asserted
        // in CoverageAlarmTest, and the Identity Center exporter's (below)
        assertThat(reportStatements().stream().filter(s -> "Allow".equals(s.get("Effect"))).map(s -> s.get("Sid")))
                .containsExactlyInAnyOrder("CollectorsPutOwnReports", "CollectorsLockOwnReports", "CollectorsReadBackOwnReports",
                        "DirectoryJobPutsAccountDirectory", "ExporterPutsIdentityCenter");
        List<Map<String, Object>> allows = reportStatements().stream().filter(s -> "Allow".equals(s.get("Effect")))
                .filter(s -> String.valueOf(s.get("Sid")).startsWith("Collectors")).toList();
        assertThat(allows).hasSize(3);
        assertThat(allows).allSatisfy(s -> {
            // only the caller's own report and details keys: the policy variable reaches the template literally (no Fn::Sub)
            assertThat(s.get("Resource")).isEqualTo(List.of(OWN_REPORTS, OWN_DETAILS));
            assertThat(condition(s, "ArnLike")).isEqualTo(IS_COLLECTOR);
            assertThat(condition(s, "StringEquals")).containsEntry("aws:PrincipalOrgID", "o-testorg1234");
        });
        Map<String, Object> put = allows.stream().filter(s -> Json.list(s.get("Action")).contains("s3:PutObject")).findFirst().orElseThrow();
        assertThat(Json.list(put.get("Action"))).containsExactlyInAnyOrder("s3:PutObject", "s3:PutObjectTagging");
        assertThat(condition(put, "StringEquals"))
                .containsEntry("s3:RequestObjectTag/stocktake-account-id", "${aws:PrincipalAccount}");
        Map<String, Object> get = allows.stream().filter(s -> Json.list(s.get("Action")).contains("s3:GetObject")).findFirst().orElseThrow();
        assertThat(Json.list(get.get("Action"))).containsExactly("s3:GetObject");
        assertThat(condition(get, "StringEquals"))
                .containsEntry("s3:ExistingObjectTag/stocktake-account-id", "${aws:PrincipalAccount}");
    }

    @Test
    void report_bucket_policy_grants_no_list_no_delete_and_no_wildcard_action() {
        List<String> allowed = new ArrayList<>();
        reportStatements().stream().filter(s -> "Allow".equals(s.get("Effect")))
                .forEach(s -> allowed.addAll(Json.list(s.get("Action"))));
        assertThat(allowed).noneMatch(a -> a.contains("List") || a.contains("Delete") || a.contains("*"));
    }

    @Test
    void report_bucket_policy_denies_collectors_everything_else_even_in_the_central_account() {
        List<Map<String, Object>> denies = reportStatements().stream()
                .filter(s -> "Deny".equals(s.get("Effect")) && IS_COLLECTOR.equals(condition(s, "ArnLike"))).toList();
        assertThat(denies).anySatisfy(s -> assertThat(Json.list(s.get("NotAction")))
                .containsExactlyInAnyOrder("s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectRetention", "s3:GetObject"));
        assertThat(denies).anySatisfy(s -> assertThat(s.get("NotResource")).isEqualTo(List.of(REPORTS, DETAILS)));
        assertThat(denies).anySatisfy(s -> assertThat(s.get("Resource")).isEqualTo(List.of(
                "arn:aws:s3:::" + BUCKET + "/credential-reports/*/*/*/*/*", "arn:aws:s3:::" + BUCKET + "/iam-details/*/*/*/*/*")));
        assertThat(denies).anySatisfy(s -> {
            assertThat(Json.list(s.get("Action"))).containsExactly("s3:GetObject");
            assertThat(condition(s, "StringNotEquals"))
                    .isEqualTo(Map.of("s3:ExistingObjectTag/stocktake-account-id", "${aws:PrincipalAccount}"));
        });
        assertThat(denies).anySatisfy(s -> {
            assertThat(Json.list(s.get("Action"))).containsExactly("s3:PutObjectTagging");
            assertThat(condition(s, "Null")).isEqualTo(Map.of("s3:ExistingObjectTag/stocktake-account-id", "false"));
        });
        assertThat(denies).anySatisfy(s -> {
            assertThat(Json.list(s.get("Action"))).containsExactly("s3:PutObject");
            assertThat(condition(s, "Null")).isEqualTo(Map.of("s3:if-none-match", "true", "s3:if-match", "true"));
        });
    }

    @Test
    void report_key_rotates_and_lets_collectors_only_generate_data_keys_through_s3() {
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of(
                "EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "kms:GenerateDataKey",
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234",
                                        "kms:ViaService", "s3.eu-west-1.amazonaws.com"),
                                "ArnLike", IS_COLLECTOR,
                                "StringLike", Map.of("kms:EncryptionContext:aws:s3:arn", List.of(
                                        Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":s3:::" + BUCKET))),
                                        Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":s3:::" + BUCKET + "/*"))))))))))))));
    }

    @Test
    void report_bucket_blocks_sse_c_and_its_policy_denies_other_encryption_under_the_prefix() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", BUCKET,
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "BlockedEncryptionTypes", Map.of("EncryptionType", List.of("SSE-C")))))))));
        Map<String, Map<String, Object>> bySid = new java.util.HashMap<>();
        reportStatements().forEach(s -> bySid.put(String.valueOf(s.get("Sid")), s));
        assertThat(bySid.get("ReportsNeverCustomerKeys").get("Condition"))
                .isEqualTo(Map.of("Null", Map.of("s3:x-amz-server-side-encryption-customer-algorithm", "false")));
        assertThat(bySid.get("ReportsOnlySseKms").get("Condition")).isEqualTo(Map.of(
                "Null", Map.of("s3:x-amz-server-side-encryption", "false"),
                "StringNotEquals", Map.of("s3:x-amz-server-side-encryption", "aws:kms")));
        assertThat(bySid.get("ReportsNeverAwsManagedKey").get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("s3:x-amz-server-side-encryption", "aws:kms"),
                "Null", Map.of("s3:x-amz-server-side-encryption-aws-kms-key-id", "true")));
        assertThat(bySid.get("ReportsOnlyUnderReportKey")).isNotNull();
        for (String sid : List.of("ReportsNeverCustomerKeys", "ReportsOnlySseKms", "ReportsNeverAwsManagedKey", "ReportsOnlyUnderReportKey")) {
            assertThat(bySid.get(sid).get("Effect")).as(sid).isEqualTo("Deny");
            assertThat(bySid.get(sid).get("Resource")).as(sid).isEqualTo(List.of(REPORTS, DETAILS, IDENTITY_CENTER));
        }
    }

    @Test
    void the_migration_tables_are_athena_sqls_definitions_over_their_prefixes_and_the_views_wait_for_them() {
        Map<String, String> locations = Map.of(
                "identity_center", "s3://" + BUCKET + "/identity-center/",
                "iam_details", "s3://" + BUCKET + "/iam-details/",
                "identity_mapping", "s3://" + BUCKET + "/identity-mapping/",
                "migration_settings", "s3://" + BUCKET + "/migration-settings/",
                "milestones", "s3://" + BUCKET + "/milestones/");
        java.time.LocalDate start = java.time.LocalDate.of(2026, 1, 1);
        Map<String, dev.stocktake.sql.table.TableDefinition> definitions = Map.of(
                "identity_center", dev.stocktake.sql.table.TableDefinition.identityCenter(BUCKET, "identity-center/", start),
                "iam_details", dev.stocktake.sql.table.TableDefinition.iamDetails(BUCKET, "iam-details/", start),
                "identity_mapping", dev.stocktake.sql.table.TableDefinition.identityMapping(BUCKET, "identity-mapping/"),
                "migration_settings", dev.stocktake.sql.table.TableDefinition.migrationSettings(BUCKET, "migration-settings/"),
                "milestones", dev.stocktake.sql.table.TableDefinition.milestones(BUCKET, "milestones/"));
        assertThat(central.migrationTables().keySet()).containsExactlyInAnyOrderElementsOf(locations.keySet());
        locations.forEach((name, location) -> {
            dev.stocktake.sql.table.TableDefinition def = definitions.get(name);
            template.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of(
                    "DatabaseName", "stocktake",
                    "TableInput", Match.objectLike(Map.of(
                            "Name", name,
                            "TableType", "EXTERNAL_TABLE",
                            "Parameters", def.parameters(),
                            "PartitionKeys", def.partitionKeys().stream()
                                    .map(c -> Map.of("Name", c.name(), "Type", c.type())).toList(),
                            "StorageDescriptor", Match.objectLike(Map.of(
                                    "Location", location,
                                    "Columns", def.columns().stream().map(c -> Map.of("Name", c.name(), "Type", c.type())).toList(),
                                    "SerdeInfo", Match.objectLike(Map.of("SerializationLibrary", def.serde().library())))))))));
        });
        // the two JSON Lines tables are projected by day like accounts
        assertThat(definitions.get("identity_center").partitionKeys()).extracting(c -> c.name()).containsExactly("dt");
        assertThat(definitions.get("iam_details").partitionKeys()).extracting(c -> c.name()).containsExactly("dt");
        List<String> tableIds = central.migrationTables().values().stream()
                .map(t -> (String) central.resolve(central.getLogicalId(t))).toList();
        assertThat(Json.resources(template, "Custom::AthenaView").values())
                .isNotEmpty()
                .allSatisfy(view -> assertThat(Json.list(view.get("DependsOn"))).containsAll(tableIds));
    }

    @Test
    void the_remediation_journal_table_is_athena_sqls_definition_over_remediation_and_the_views_wait_for_it() {
        dev.stocktake.sql.table.TableDefinition def = dev.stocktake.sql.table.TableDefinition.remediationJournal(BUCKET,
                "remediation/", java.time.LocalDate.of(2026, 1, 1));
        template.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of(
                "DatabaseName", "stocktake",
                "TableInput", Match.objectLike(Map.of(
                        "Name", "remediation_journal",
                        "TableType", "EXTERNAL_TABLE",
                        "Parameters", def.parameters(),
                        "PartitionKeys", List.of(Map.of("Name", "dt", "Type", "string")),
                        "StorageDescriptor", Match.objectLike(Map.of(
                                "Location", "s3://" + BUCKET + "/remediation/",
                                "Columns", def.columns().stream().map(c -> Map.of("Name", c.name(), "Type", c.type())).toList(),
                                "SerdeInfo", Match.objectLike(Map.of("SerializationLibrary", "org.openx.data.jsonserde.JsonSerDe")))))))));
        assertThat(def.parameters()).containsEntry("storage.location.template", "s3://" + BUCKET + "/remediation/${dt}/");
        @SuppressWarnings("unchecked")
        String tableId = Json.resources(template, "AWS::Glue::Table").entrySet().stream()
                .filter(e -> "remediation_journal".equals(((Map<String, Object>) Json.props(e.getValue()).get("TableInput")).get("Name")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(Json.resources(template, "Custom::AthenaView").values())
                .isNotEmpty()
                .allSatisfy(view -> assertThat(Json.list(view.get("DependsOn"))).contains(tableId));
    }

    @Test
    void report_bucket_policy_lets_the_identity_center_exporter_put_only_its_daily_key_and_nobody_else_write_there() {
        Map<String, Map<String, Object>> bySid = new java.util.HashMap<>();
        reportStatements().forEach(s -> bySid.put(String.valueOf(s.get("Sid")), s));
        List<String> actions = List.of("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject");
        String own = "arn:aws:s3:::" + BUCKET + "/identity-center/????/??/??/identity-center.json";
        Map<String, Object> isExporter = Map.of("ArnEquals", Map.of("aws:PrincipalArn", EXPORTER_ROLE));
        assertThat(bySid.get("ExporterPutsIdentityCenter")).containsEntry("Effect", "Allow").containsEntry("Resource", own)
                .containsEntry("Condition", isExporter);
        assertThat(Json.list(bySid.get("ExporterPutsIdentityCenter").get("Action"))).containsExactlyElementsOf(actions);
        assertThat(bySid.get("ExporterDoesNothingElse")).containsEntry("Effect", "Deny").containsEntry("Condition", isExporter)
                .containsEntry("Resource", List.of("arn:aws:s3:::" + BUCKET, "arn:aws:s3:::" + BUCKET + "/*"));
        assertThat(Json.list(bySid.get("ExporterDoesNothingElse").get("NotAction"))).containsExactlyElementsOf(actions);
        assertThat(bySid.get("ExporterOnlyItsKey")).containsEntry("Effect", "Deny").containsEntry("NotResource", own)
                .containsEntry("Condition", isExporter);
        assertThat(bySid.get("ExporterNoNestedKeys")).containsEntry("Effect", "Deny")
                .containsEntry("Resource", "arn:aws:s3:::" + BUCKET + "/identity-center/*/*/*/*/*");
        assertThat(bySid.get("OnlyTheExporterWritesIdentityCenter")).containsEntry("Effect", "Deny")
                .containsEntry("Resource", IDENTITY_CENTER)
                .containsEntry("Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", EXPORTER_ROLE)));
    }

    @Test
    void report_key_lets_the_identity_center_exporter_generate_data_keys_through_s3_only() {
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of(
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "IdentityCenterExporterEncryptsThroughS3",
                        "Action", "kms:GenerateDataKey",
                        "Effect", "Allow",
                        "Condition", Match.objectLike(Map.of(
                                "StringEquals", Map.of("aws:PrincipalArn", EXPORTER_ROLE,
                                        "kms:ViaService", "s3.eu-west-1.amazonaws.com")))))))))));
    }

    @Test
    void with_the_exporter_turned_off_nobody_may_write_under_identity_center() {
        // nocompaction.config.json: identityCenter.enabled false
        Template off = Template.fromStack(Fixtures.stacks("nocompaction.config.json", Fixtures.fixturePaths()).central());
        List<Map<String, Object>> statements = Json.statements(off, "AWS::S3::BucketPolicy", "PolicyDocument");
        assertThat(statements).noneMatch(s -> String.valueOf(s.get("Sid")).startsWith("Exporter"));
        assertThat(statements).anySatisfy(s -> assertThat(s).containsEntry("Sid", "OnlyTheExporterWritesIdentityCenter")
                .containsEntry("Effect", "Deny").doesNotContainKey("Condition"));
    }

    @Test
    void glue_table_is_athena_sqls_definition_with_bucket_prefix_and_projection_start_filled_in() throws Exception {
        JsonNode definition = new ObjectMapper().readTree(
                getClass().getClassLoader().getResourceAsStream("dev/stocktake/sql/credential_reports.table.json"));
        List<String> columns = StreamSupport.stream(definition.path("columns").spliterator(), false)
                .map(c -> c.path("name").asText()).toList();
        Map<String, Object> input = tableInput();
        @SuppressWarnings("unchecked")
        Map<String, Object> storage = (Map<String, Object>) input.get("StorageDescriptor");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actualColumns = (List<Map<String, Object>>) storage.get("Columns");
        assertThat(actualColumns).extracting(c -> c.get("Name")).containsExactlyElementsOf(columns);
        assertThat(input.get("Name")).isEqualTo(definition.path("name").asText());
        assertThat(storage.get("Location")).isEqualTo("s3://" + BUCKET + "/credential-reports/");
        assertThat(storage.get("SerdeInfo")).isEqualTo(Map.of(
                "SerializationLibrary", "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                "Parameters", Map.of("separatorChar", ",", "quoteChar", "\"", "escapeChar", "\\")));
        assertThat(input.get("PartitionKeys")).isEqualTo(List.of(Map.of("Name", "dt", "Type", "string")));
        assertThat(input.get("Parameters")).isEqualTo(Map.of(
                "classification", "csv",
                "projection.enabled", "true",
                "projection.dt.type", "date",
                "projection.dt.format", "yyyy/MM/dd",
                "projection.dt.range", "2026/01/01,NOW+1DAYS",
                "projection.dt.interval", "1",
                "projection.dt.interval.unit", "DAYS",
                "storage.location.template", "s3://" + BUCKET + "/credential-reports/${dt}/"));
    }

    @Test
    void workgroup_enforces_its_settings_encrypts_results_with_the_key_and_limits_bytes_scanned() {
        template.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "Name", "stocktake",
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", 1073741824,
                        "ResultConfiguration", Map.of(
                                "OutputLocation", Match.anyValue(),
                                "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_KMS", "KmsKey", Match.anyValue())))))));
    }

    @Test
    void named_queries_one_per_file_in_the_workgroup_and_database() {
        template.resourceCountIs("AWS::Athena::NamedQuery", 2);
        template.hasResourceProperties("AWS::Athena::NamedQuery", Map.of(
                "Name", "console_users",
                "Database", "stocktake",
                "WorkGroup", "stocktake",
                "Description", "Which IAM users can sign in to the console today? (test fixture)",
                "QueryString", Match.stringLikeRegexp("^-- Which IAM users can sign in.*")));
    }

    @Test
    void views_are_created_in_the_documented_order_with_create_or_replace_view() {
        Map<String, Map<String, Object>> views = Json.resources(template, "Custom::AthenaView");
        assertThat(views).hasSize(2);
        String first = idOf(views, "users_by_day");
        String second = idOf(views, "latest_reports");
        assertThat(Json.props(views.get(first)).get("Sql")).asString()
                .startsWith("CREATE OR REPLACE VIEW users_by_day AS\nSELECT dt, count(*)");
        assertThat(Json.props(views.get(second)).get("Sql")).asString()
                .startsWith("create or replace view latest_reports as").doesNotEndWith(";");
        assertThat(Json.list(views.get(second).get("DependsOn"))).contains(first);
        assertThat(Json.list(views.get(first).get("DependsOn"))).contains(
                (String) central.resolve(central.getLogicalId(central.table())),
                (String) central.resolve(central.getLogicalId(central.workGroup())));
        assertThat(Json.props(views.get(first))).containsEntry("WorkGroup", "stocktake").containsEntry("Database", "stocktake");
    }

    private static List<Map<String, Object>> reportStatements() {
        String bucketId = Json.resources(template, "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> BUCKET.equals(Json.props(e.getValue()).get("BucketName"))).findFirst().orElseThrow().getKey();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = Json.resources(template, "AWS::S3::BucketPolicy").values().stream()
                .filter(p -> Map.of("Ref", bucketId).equals(Json.props(p).get("Bucket")))
                .findFirst().map(p -> (List<Map<String, Object>>) ((Map<String, Object>) Json.props(p).get("PolicyDocument")).get("Statement"))
                .orElseThrow();
        // Resolve the bucket ARN (a GetAtt) to its name so assertions read like the deployed policy.
        return statements.stream().map(s -> resolveBucketArn(s, bucketId)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolveBucketArn(Map<String, Object> statement, String bucketId) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(statement);
        for (String key : List.of("Resource", "NotResource")) {
            Object value = out.get(key);
            if (value != null) {
                out.put(key, resolve(value, bucketId));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Object value, String bucketId) {
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, bucketId)).toList();
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) map.get("Fn::Join");
            StringBuilder out = new StringBuilder();
            for (Object part : (List<Object>) join.get(1)) {
                out.append(resolve(part, bucketId));
            }
            return out.toString();
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::GetAtt")
                && List.of(bucketId, "Arn").equals(map.get("Fn::GetAtt"))) {
            return "arn:aws:s3:::" + BUCKET;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(Map<String, Object> statement, String operator) {
        Map<String, Object> conditions = (Map<String, Object>) statement.get("Condition");
        return conditions == null ? Map.of() : (Map<String, Object>) conditions.getOrDefault(operator, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tableInput() {
        Map<String, Map<String, Object>> tables = Json.resources(template, "AWS::Glue::Table");
        // credential_reports, the account directory's accounts table, asserted in CoverageAlarmTest, and
        // the allowlist table, asserted in AllowlistDeploymentTest, and the Parquet copy,
        // asserted in ReportCompactionTest
        assertThat(tables.values()).extracting(t -> ((Map<String, Object>) Json.props(t).get("TableInput")).get("Name"))
                .containsExactlyInAnyOrder("credential_reports", "accounts", "allowlist", "report_rows_compacted",
                        "identity_center", "iam_details", "identity_mapping", "migration_settings", "milestones",
                        "remediation_journal");
        Map<String, Object> props = tables.values().stream().map(Json::props)
                .filter(p -> "credential_reports".equals(((Map<String, Object>) p.get("TableInput")).get("Name")))
                .findFirst().orElseThrow();
        assertThat(props.get("DatabaseName")).isEqualTo("stocktake");
        return (Map<String, Object>) props.get("TableInput");
    }

    private static String idOf(Map<String, Map<String, Object>> views, String name) {
        return views.entrySet().stream().filter(e -> name.equals(Json.props(e.getValue()).get("ViewName")))
                .findFirst().orElseThrow(() -> new AssertionError("no view " + name)).getKey();
    }
}
