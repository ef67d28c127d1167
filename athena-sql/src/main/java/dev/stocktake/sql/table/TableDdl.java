package dev.stocktake.sql.table;

import static java.util.stream.Collectors.joining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Renders a {@link TableDefinition} as Athena DDL, the committed {@code athena-sql/ddl/*.sql} files. */
public final class TableDdl {

    /** The tables whose DDL this renders (each has its {@code athena-sql/ddl/<table>.sql}). */
    static final String TABLES = "credential_reports, accounts, allowlist, report_rows_compacted, identity_center, "
            + "iam_details, identity_mapping, migration_settings, milestones, remediation_journal";

    private TableDdl() {
    }

    /**
     * Writes the Athena DDL of a template: {@code <ddl file>} alone writes {@code credential_reports}'s,
     * {@code <table> <ddl file>} the named table's (used to regenerate {@code athena-sql/ddl/<table>.sql},
     * see athena-sql/README.md).
     */
    public static void main(String[] args) throws IOException {
        TableDefinition table = switch (args.length) {
            case 1 -> TableDefinition.credentialReportsTemplate();
            case 2 -> switch (args[0]) {
                case "credential_reports" -> TableDefinition.credentialReportsTemplate();
                case "accounts" -> TableDefinition.accountsTemplate();
                case "allowlist" -> TableDefinition.allowlistTemplate();
                case "report_rows_compacted" -> TableDefinition.reportRowsCompactedTemplate();
                case "identity_center" -> TableDefinition.identityCenterTemplate();
                case "iam_details" -> TableDefinition.iamDetailsTemplate();
                case "identity_mapping" -> TableDefinition.identityMappingTemplate();
                case "migration_settings" -> TableDefinition.migrationSettingsTemplate();
                case "milestones" -> TableDefinition.milestonesTemplate();
                case "remediation_journal" -> TableDefinition.remediationJournalTemplate();
                default -> throw new IllegalArgumentException("unknown table " + args[0] + "; tables: " + TABLES);
            };
            default -> throw new IllegalArgumentException(
                    "usage: TableDdl [" + TABLES.replace(", ", "|") + "] <ddl file to write>");
        };
        Files.writeString(Path.of(args[args.length - 1]), table.ddl());
    }

    /** Athena DDL for {@code table} ({@code CREATE EXTERNAL TABLE}, Hive dialect, backquoted names), parameters sorted. */
    static String render(TableDefinition table) {
        String columnList = table.columns().stream()
                .map(column -> "  `" + column.name() + "` " + column.type())
                .collect(joining(",\n"));
        String partitionList = table.partitionKeys().stream()
                .map(column -> "`" + column.name() + "` " + column.type())
                .collect(joining(", "));
        String serdeProperties = sortedProperties(table.serde().parameters());
        String tableProperties = sortedProperties(table.parameters());
        return "-- " + table.summary() + "\n"
                + "-- GENERATED from athena-sql/src/main/resources" + table.resource()
                + " by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).\n"
                + "CREATE EXTERNAL TABLE `" + table.name() + "` (\n"
                + columnList + "\n"
                + ")\n"
                + "COMMENT '" + table.comment().replace("'", "\\'") + "'\n"
                + (table.partitionKeys().isEmpty() ? "" : "PARTITIONED BY (" + partitionList + ")\n")
                + "ROW FORMAT SERDE '" + table.serde().library() + "'\n"
                + "WITH SERDEPROPERTIES (\n" + serdeProperties + "\n)\n"
                + "STORED AS INPUTFORMAT '" + table.inputFormat() + "'\n"
                + "OUTPUTFORMAT '" + table.outputFormat() + "'\n"
                + "LOCATION '" + table.location() + "'\n"
                + "TBLPROPERTIES (\n" + tableProperties + "\n);\n";
    }

    private static String sortedProperties(Map<String, String> properties) {
        return properties.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> "  '" + entry.getKey() + "' = '" + entry.getValue().replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(joining(",\n"));
    }
}
