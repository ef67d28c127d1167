package dev.stocktake.sql.table;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TableDefinitionTest {

    /** athena-sql/ddl/credential_reports.sql, relative to the module (Maven runs tests from there). */
    private static final Path DDL_FILE = Path.of("ddl/credential_reports.sql");
    private static final Path ACCOUNTS_DDL_FILE = Path.of("ddl/accounts.sql");

    @Test
    void credentialReports_fills_in_bucket_prefix_and_projection_start_and_keeps_dt_for_athena() {
        TableDefinition table = TableDefinition.credentialReports("central-reports", "credential-reports/",
                LocalDate.of(2026, 1, 15));

        assertThat(table.name()).isEqualTo("credential_reports");
        assertThat(table.location()).isEqualTo("s3://central-reports/credential-reports/");
        assertThat(table.parameters()).contains(
                entry("projection.enabled", "true"),
                entry("projection.dt.type", "date"),
                entry("projection.dt.format", "yyyy/MM/dd"),
                // NOW+1DAYS: projected days are UTC days, and a report is dated in reportTimeZone (east of UTC it is
                // tomorrow in UTC terms until UTC midnight)
                entry("projection.dt.range", "2026/01/15,NOW+1DAYS"),
                entry("projection.dt.interval", "1"),
                entry("projection.dt.interval.unit", "DAYS"),
                entry("storage.location.template", "s3://central-reports/credential-reports/${dt}/"));
        // the header line is read: the views take each file's values by the column names it gives
        assertThat(table.parameters()).doesNotContainKey("skip.header.line.count");
        assertThat(table.serde().library()).isEqualTo("org.apache.hadoop.hive.serde2.OpenCSVSerde");
        assertThat(table.partitionKeys()).containsExactly(new TableDefinition.Column("dt", "string"));
    }

    @Test
    void credentialReports_has_32_string_cells_by_position_room_for_columns_aws_appends() {
        TableDefinition table = TableDefinition.credentialReports("b-1", "", LocalDate.of(2026, 1, 1));

        assertThat(table.columnNames()).hasSize(32).startsWith("c01", "c02").endsWith("c31", "c32");
        assertThat(table.columns()).allSatisfy(column -> assertThat(column.type()).isEqualTo("string"));
        assertThat(table.location()).isEqualTo("s3://b-1/");
        assertThat(table.parameters()).containsEntry("storage.location.template", "s3://b-1/${dt}/");
    }

    @Test
    void credentialReportsAt_moves_only_the_storage_root() {
        TableDefinition onS3 = TableDefinition.credentialReports("bucket", "p/", LocalDate.of(2026, 2, 1));
        TableDefinition local = TableDefinition.credentialReportsAt("local:///data/", "p/", LocalDate.of(2026, 2, 1));

        assertThat(local.location()).isEqualTo("local:///data/p/");
        assertThat(local.parameters()).containsEntry("storage.location.template", "local:///data/p/${dt}/");
        assertThat(Map.copyOf(local.parameters())).hasSameSizeAs(onS3.parameters());
        assertThat(local.columns()).isEqualTo(onS3.columns());
        assertThat(local.serde()).isEqualTo(onS3.serde());
    }

    @Test
    void credentialReports_rejects_a_bad_bucket_or_prefix() {
        assertThatThrownBy(() -> TableDefinition.credentialReports("Bad_Bucket", "", LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucket must be an S3 bucket name, got: Bad_Bucket");
        assertThatThrownBy(() -> TableDefinition.credentialReports("bucket", "no-slash", LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must be empty or end in '/' (and not start with it), got: no-slash");
    }

    @Test
    void the_committed_ddl_file_is_generated_from_the_table_definition() throws IOException {
        String expected = TableDefinition.credentialReportsTemplate().ddl();

        assertThat(Files.readString(DDL_FILE))
                .as("athena-sql/ddl/credential_reports.sql is out of date; regenerate it with "
                        + "./mvnw -q -pl athena-sql exec:java -Dexec.mainClass=dev.stocktake.sql.table.TableDefinition "
                        + "-Dexec.args=ddl/credential_reports.sql (see athena-sql/README.md)")
                .isEqualTo(expected);
    }

    @Test
    void the_ddl_declares_projection_and_the_location_template() {
        String ddl = TableDefinition.credentialReports("central-reports", "credential-reports/", LocalDate.of(2026, 1, 15)).ddl();

        assertThat(ddl)
                .startsWith("-- Raw IAM credential reports")
                .contains("CREATE EXTERNAL TABLE `credential_reports` (\n  `c01` string,\n  `c02` string,")
                .contains("PARTITIONED BY (`dt` string)")
                .contains("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'")
                .contains("LOCATION 's3://central-reports/credential-reports/'")
                .contains("  'projection.dt.range' = '2026/01/15,NOW+1DAYS',")
                .contains("  'storage.location.template' = 's3://central-reports/credential-reports/${dt}/'")
                .contains("  'escapeChar' = '\\\\',");
    }

    @Test
    void accounts_has_the_directory_columns_and_projects_dt_under_its_own_prefix() {
        TableDefinition table = TableDefinition.accounts("central-reports", "accounts/", LocalDate.of(2026, 1, 15));

        assertThat(table.name()).isEqualTo("accounts");
        assertThat(String.join(",", table.columnNames())).isEqualTo(
                "account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags,ou_id_path");
        assertThat(table.columns()).allSatisfy(column -> assertThat(column.type()).isEqualTo("string"));
        assertThat(table.location()).isEqualTo("s3://central-reports/accounts/");
        assertThat(table.parameters()).contains(
                entry("projection.enabled", "true"),
                entry("projection.dt.type", "date"),
                entry("projection.dt.format", "yyyy/MM/dd"),
                entry("projection.dt.range", "2026/01/15,NOW+1DAYS"),
                entry("storage.location.template", "s3://central-reports/accounts/${dt}/"),
                entry("skip.header.line.count", "1"));
        TableDefinition reports = TableDefinition.credentialReports("central-reports", "credential-reports/", LocalDate.of(2026, 1, 15));
        assertThat(table.serde()).isEqualTo(reports.serde());
        assertThat(table.partitionKeys()).isEqualTo(reports.partitionKeys());
        // the same projection; only the reports' header is read as a line (the directory export has a fixed header)
        assertThat(table.parameters().keySet()).containsAll(reports.parameters().keySet())
                .hasSize(reports.parameters().size() + 1);
    }

    @Test
    void accounts_needs_a_prefix_of_its_own() {
        assertThatThrownBy(() -> TableDefinition.accounts("bucket", "", LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the accounts table needs its own prefix (e.g. 'accounts/'), apart from the credential reports");
    }

    @Test
    void the_committed_accounts_ddl_file_is_generated_from_the_table_definition() throws IOException {
        String expected = TableDefinition.accountsTemplate().ddl();

        assertThat(expected).startsWith("-- The organization's accounts, one CSV per day");
        assertThat(Files.readString(ACCOUNTS_DDL_FILE))
                .as("athena-sql/ddl/accounts.sql is out of date; regenerate it with "
                        + "./mvnw -q -pl athena-sql exec:java -Dexec.mainClass=dev.stocktake.sql.table.TableDefinition "
                        + "-Dexec.args=\"accounts $PWD/athena-sql/ddl/accounts.sql\" (see athena-sql/README.md)")
                .isEqualTo(expected);
    }

    @Test
    void report_rows_compacted_is_parquet_by_day_with_the_source_file_and_no_projection() throws IOException {
        TableDefinition table = TableDefinition.reportRowsCompacted("central-reports", "compacted-reports/");

        assertThat(table.name()).isEqualTo("report_rows_compacted");
        assertThat(table.location()).isEqualTo("s3://central-reports/compacted-reports/");
        assertThat(table.columnNames()).startsWith(TableDefinition.credentialReportsTemplate().columnNames()
                .toArray(String[]::new)).endsWith("source_file", "file_size")
                .hasSize(TableDefinition.credentialReportsTemplate().columns().size() + 2);
        assertThat(table.partitionKeys()).containsExactly(new TableDefinition.Column("dt", "string"));
        assertThat(table.serde().library()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(table.inputFormat()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(table.parameters()).containsEntry("parquet.compression", "SNAPPY")
                .doesNotContainKey("projection.enabled");
        assertThatThrownBy(() -> TableDefinition.reportRowsCompacted("central-reports", ""))
                .hasMessageContaining("the report_rows_compacted table needs its own prefix (e.g. 'compacted-reports/')");
        assertThat(Files.readString(Path.of("ddl/report_rows_compacted.sql")))
                .as("athena-sql/ddl/report_rows_compacted.sql is out of date; regenerate it with "
                        + "./mvnw -q -pl athena-sql exec:java -Dexec.mainClass=dev.stocktake.sql.table.TableDefinition "
                        + "-Dexec.args=\"report_rows_compacted $PWD/athena-sql/ddl/report_rows_compacted.sql\"")
                .isEqualTo(TableDefinition.reportRowsCompactedTemplate().ddl());
    }

    @Test
    void allowlist_reads_the_one_deployed_file_under_its_prefix_without_partitions() {
        TableDefinition table = TableDefinition.allowlist("central-reports", "allowlist/");

        assertThat(table.name()).isEqualTo("allowlist");
        assertThat(table.columnNames()).containsExactly("account", "user", "credentials", "owner", "reason", "ticket", "expires");
        assertThat(table.columns()).allSatisfy(column -> assertThat(column.type()).isEqualTo("string"));
        assertThat(table.partitionKeys()).isEmpty();
        assertThat(table.location()).isEqualTo("s3://central-reports/allowlist/");
        // comment lines come before the header, so no line is skipped: allowlist_entries drops comments and the header
        assertThat(table.parameters()).containsOnly(entry("classification", "csv"));
        assertThat(table.serde().library()).isEqualTo("org.apache.hadoop.hive.serde2.OpenCSVSerde");
        assertThat(TableDefinition.allowlistAt("local:///data/", "allowlist/").location()).isEqualTo("local:///data/allowlist/");
    }

    @Test
    void allowlist_needs_a_prefix_of_its_own() {
        assertThatThrownBy(() -> TableDefinition.allowlist("bucket", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the allowlist table needs its own prefix (e.g. 'allowlist/'), apart from the credential reports");
        assertThatThrownBy(() -> TableDefinition.allowlist("bucket", "allowlist"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must be empty or end in '/' (and not start with it), got: allowlist");
    }

    @Test
    void the_committed_allowlist_ddl_file_is_generated_from_the_table_definition() throws IOException {
        String expected = TableDefinition.allowlistTemplate().ddl();

        assertThat(expected).startsWith("-- The allowlist of IAM users allowed to exist").doesNotContain("PARTITIONED BY");
        assertThat(Files.readString(Path.of("ddl/allowlist.sql")))
                .as("athena-sql/ddl/allowlist.sql is out of date; regenerate it with "
                        + "./mvnw -q -pl athena-sql exec:java -Dexec.mainClass=dev.stocktake.sql.table.TableDefinition "
                        + "-Dexec.args=\"allowlist $PWD/athena-sql/ddl/allowlist.sql\" (see athena-sql/README.md)")
                .isEqualTo(expected);
    }

    @Test
    void the_migration_tables_have_the_contracts_columns_their_own_prefixes_and_committed_ddl() throws IOException {
        LocalDate start = LocalDate.of(2026, 1, 15);
        TableDefinition identityCenter = TableDefinition.identityCenter("central-reports", "identity-center/", start);
        TableDefinition details = TableDefinition.iamDetails("central-reports", "iam-details/", start);

        assertThat(identityCenter.columns()).contains(
                new TableDefinition.Column("emails", "array<struct<value:string,type:string,primary:boolean>>"),
                new TableDefinition.Column("external_ids", "array<struct<issuer:string,id:string>>"));
        assertThat(String.join(",", identityCenter.columnNames())).isEqualTo("kind,exported_at,instance_arn,identity_store_id,"
                + "user_id,user_name,display_name,emails,external_ids,group_id,group_name,account_id,permission_set_arn,"
                + "permission_set_name,principal_type,principal_id");
        assertThat(String.join(",", details.columnNames())).isEqualTo("kind,account_id,collected_at,users,sso_roles,"
                + "user_name,arn,user_id,tags,role_name,permission_set_name,last_used,last_used_region");
        assertThat(details.columns()).contains(new TableDefinition.Column("tags", "map<string,string>"),
                new TableDefinition.Column("users", "int"));
        for (TableDefinition json : java.util.List.of(identityCenter, details)) {
            assertThat(json.serde().library()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
            assertThat(json.serde().parameters()).containsEntry("ignore.malformed.json", "true");
            assertThat(json.partitionKeys()).containsExactly(new TableDefinition.Column("dt", "string"));
            assertThat(json.parameters()).contains(entry("projection.dt.range", "2026/01/15,NOW+1DAYS"),
                    entry("projection.dt.format", "yyyy/MM/dd"));
        }
        assertThat(identityCenter.parameters()).containsEntry("storage.location.template",
                "s3://central-reports/identity-center/${dt}/");
        assertThat(details.parameters()).containsEntry("storage.location.template", "s3://central-reports/iam-details/${dt}/");
        assertThat(TableDefinition.identityMapping("central-reports", "identity-mapping/").columnNames())
                .containsExactly("account", "iam_user", "identity_center_user", "reason");
        assertThat(TableDefinition.migrationSettings("central-reports", "migration-settings/").columnNames())
                .containsExactly("setting", "scope", "value");
        assertThat(TableDefinition.milestones("central-reports", "milestones/").columnNames())
                .containsExactly("day", "max_console_users", "scope", "name");
        assertThat(TableDefinition.milestones("central-reports", "milestones/").partitionKeys()).isEmpty();
        assertThatThrownBy(() -> TableDefinition.identityCenter("bucket", "", start))
                .hasMessage("the identity_center table needs its own prefix (e.g. 'identity-center/'), apart from the credential reports");
        assertThatThrownBy(() -> TableDefinition.milestones("bucket", ""))
                .hasMessage("the milestones table needs its own prefix (e.g. 'milestones/'), apart from the credential reports");

        Map<String, TableDefinition> templates = Map.of(
                "identity_center", TableDefinition.identityCenterTemplate(),
                "iam_details", TableDefinition.iamDetailsTemplate(),
                "identity_mapping", TableDefinition.identityMappingTemplate(),
                "migration_settings", TableDefinition.migrationSettingsTemplate(),
                "milestones", TableDefinition.milestonesTemplate(),
                "remediation_journal", TableDefinition.remediationJournalTemplate());
        templates.forEach((name, template) -> {
            try {
                assertThat(Files.readString(Path.of("ddl/" + name + ".sql")))
                        .as("athena-sql/ddl/%s.sql is out of date; regenerate it (see athena-sql/README.md)", name)
                        .isEqualTo(template.ddl());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void the_remediation_journal_reads_one_line_json_records_under_its_own_prefix() {
        LocalDate start = LocalDate.of(2026, 1, 1);
        TableDefinition journal = TableDefinition.remediationJournal("central-reports", "remediation/", start);

        assertThat(journal.name()).isEqualTo("remediation_journal");
        assertThat(journal.columnNames()).containsExactly("plan_id", "step_id", "phase", "action", "account_id",
                "user_name", "target", "at", "operator", "role_arn", "state_before", "note");
        assertThat(journal.partitionKeys()).extracting(c -> c.name()).containsExactly("dt");
        assertThat(journal.serde().library()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        assertThat(journal.location()).isEqualTo("s3://central-reports/remediation/");
        assertThat(journal.parameters()).containsEntry("storage.location.template", "s3://central-reports/remediation/${dt}/")
                .containsEntry("projection.dt.range", "2026/01/01,NOW+1DAYS")
                .containsEntry("projection.dt.format", "yyyy/MM/dd");
        assertThatThrownBy(() -> TableDefinition.remediationJournal("bucket", "", start))
                .hasMessage("the remediation_journal table needs its own prefix (e.g. 'remediation/'), apart from the credential reports");
    }
}
