package dev.stocktake.cli.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.table.TableDefinition;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The Glue database holds every table and view the code ships: the tables of athena-sql's definitions
 * ({@link TableDefinition}) and the views of {@code athena-sql/views} ({@link SqlCatalog#shipped()}), read from the
 * code rather than listed here, so a new view is checked the day it ships.
 */
final class CatalogCheck {

    static final String CHECK = "glue";
    private static final String VIEW = "VIRTUAL_VIEW";

    /** Every table athena-sql defines; each definition's name comes from its committed JSON. */
    static List<String> shippedTables() {
        List<Supplier<TableDefinition>> templates = List.of(TableDefinition::credentialReportsTemplate,
                TableDefinition::accountsTemplate, TableDefinition::allowlistTemplate,
                TableDefinition::reportRowsCompactedTemplate, TableDefinition::identityCenterTemplate,
                TableDefinition::iamDetailsTemplate, TableDefinition::identityMappingTemplate,
                TableDefinition::migrationSettingsTemplate, TableDefinition::milestonesTemplate);
        return templates.stream().map(template -> template.get().name()).toList();
    }

    static List<String> shippedViews() {
        return SqlCatalog.shipped().views().stream().map(SqlFile::name).toList();
    }

    private CatalogCheck() {
    }

    static CheckResult run(AwsAccess access, DeploymentConfig config) {
        AwsAccess.Account central = access.account(AwsAccess.Role.CENTRAL);
        GlueClient glue = access.glue(central);
        Map<String, String> types = new LinkedHashMap<>();
        try {
            Calls.call(central, "glue:GetTables", () -> glue.getTablesPaginator(r -> r.databaseName(config.databaseName()))
                    .stream().flatMap(page -> page.tableList().stream()).toList()).forEach((Table table) -> types.put(table.name(), table.tableType()));
        } catch (AwsServiceException e) {
            if (Calls.is(e, "EntityNotFoundException")) {
                return CheckResult.problem(CHECK, "Glue database " + config.databaseName() + " not found in "
                                + central.describe() + ", " + config.centralRegion(),
                        "deploy StocktakeCentral (it creates the database, its tables and views), or set "
                                + "athena.databaseName in " + config.file(), List.of());
            }
            throw e;
        }
        List<String> tables = shippedTables();
        List<String> views = shippedViews();
        List<CheckResult.Finding> findings = new ArrayList<>();
        for (String table : tables) {
            String type = types.get(table);
            if (type == null) {
                findings.add(new CheckResult.Finding(table, "table missing from database " + config.databaseName(),
                        "deploy StocktakeCentral again (it defines the table)"));
            } else if (VIEW.equals(type)) {
                findings.add(new CheckResult.Finding(table, "is a view, but the code ships a table of that name",
                        "drop the view (drop view " + table + " in the Athena workgroup) and deploy StocktakeCentral again"));
            }
        }
        for (String view : views) {
            String type = types.get(view);
            if (type == null) {
                findings.add(new CheckResult.Finding(view, "view missing from database " + config.databaseName(),
                        "deploy StocktakeCentral again: its views custom resource creates every view of athena-sql/views "
                                + "in order (a failure is in its Lambda's log), or run athena-sql/views/" + view
                                + ".sql in the Athena workgroup"));
            } else if (!VIEW.equals(type)) {
                findings.add(new CheckResult.Finding(view, "is a table (" + type + "), but the code ships a view of that name",
                        "delete that table (aws glue delete-table --database-name " + config.databaseName() + " --name "
                                + view + ") and deploy StocktakeCentral again"));
            }
        }
        long tablesThere = tables.stream().filter(types::containsKey).count();
        long viewsThere = views.stream().filter(types::containsKey).count();
        return CheckResult.of(CHECK, "database " + config.databaseName() + " in " + config.centralRegion() + ": "
                + tablesThere + " of " + tables.size() + " tables, " + viewsThere + " of " + views.size() + " views", findings);
    }
}
