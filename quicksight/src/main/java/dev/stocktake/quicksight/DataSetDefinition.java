package dev.stocktake.quicksight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One QuickSight data set: {@code datasets/<name>.json} holds its {@code AWS::QuickSight::DataSet} properties without
 * {@code AwsAccountId} and {@code Permissions}; a {@code CustomSql} table takes its query from {@code datasets/<name>.sql}.
 *
 * <p>Placeholders: {@code ${dataSourceArn}} (the Athena data source), {@code ${database}} (the Glue database of the
 * views), {@code ${sqlFile:<file>}} (the query, its leading comment lines left out).
 *
 * @param name        the view the data set reads, also its identifier in the dashboard
 * @param dataSetId   the QuickSight data set ID
 * @param displayName the name shown in QuickSight
 * @param importMode  {@code SPICE} or {@code DIRECT_QUERY}
 * @param sqlFile     the query file of a {@code CustomSql} table, or null for a {@code RelationalTable} on the view
 * @param inputColumns the columns the physical table declares, in order
 * @param template    the JSON as written
 */
public record DataSetDefinition(String name, String dataSetId, String displayName, String importMode, String sqlFile,
                                List<Column> inputColumns, JsonNode template) {

    /** Input column types QuickSight knows for Athena columns. */
    public static final Set<String> INPUT_TYPES = Set.of("STRING", "INTEGER", "DECIMAL", "DATETIME", "BOOLEAN");

    public DataSetDefinition {
        inputColumns = List.copyOf(inputColumns);
    }

    static DataSetDefinition load(String name) {
        String file = "datasets/" + name + ".json";
        JsonNode json = Json.tree(file);
        JsonNode physical = json.path("PhysicalTableMap");
        if (physical.size() != 1) {
            throw new IllegalStateException(file + ": PhysicalTableMap must hold exactly one table, not " + physical.size());
        }
        JsonNode table = physical.elements().next();
        JsonNode columns;
        String sqlFile = null;
        if (table.has("CustomSql")) {
            columns = table.get("CustomSql").path("Columns");
            var matcher = Json.PLACEHOLDER.matcher(table.get("CustomSql").path("SqlQuery").asText());
            if (!matcher.matches() || !"sqlFile".equals(matcher.group(1))) {
                throw new IllegalStateException(file + ": CustomSql.SqlQuery must be ${sqlFile:<file>.sql}");
            }
            sqlFile = matcher.group(2);
        } else if (table.has("RelationalTable")) {
            columns = table.get("RelationalTable").path("InputColumns");
            String view = table.get("RelationalTable").path("Name").asText();
            if (!view.equals(name)) {
                throw new IllegalStateException(file + ": the RelationalTable reads '" + view + "', not the view " + name);
            }
        } else {
            throw new IllegalStateException(file + ": the physical table must be a CustomSql or a RelationalTable");
        }
        List<Column> input = new ArrayList<>();
        for (JsonNode column : columns) {
            String type = column.path("Type").asText();
            if (!INPUT_TYPES.contains(type)) {
                throw new IllegalStateException(file + ": column " + column.path("Name").asText() + " has type '" + type
                        + "', not one of " + INPUT_TYPES);
            }
            input.add(new Column(column.path("Name").asText(), type));
        }
        return new DataSetDefinition(name, json.path("DataSetId").asText(), json.path("Name").asText(),
                json.path("ImportMode").asText(), sqlFile, input, json);
    }

    /** Whether the data set runs its own query (over the view) rather than reading the view as a table. */
    public boolean isCustomSql() {
        return sqlFile != null;
    }

    /**
     * The query of a {@code CustomSql} data set with the database filled in, as QuickSight gets it (without the
     * leading comment lines, which say what it answers in the file).
     *
     * @throws IllegalStateException for a {@code RelationalTable} data set
     */
    public String sql(String database) {
        if (sqlFile == null) {
            throw new IllegalStateException("data set " + name + " reads its view as a table; it has no query");
        }
        String text = Json.resource("datasets/" + sqlFile);
        List<String> lines = new ArrayList<>(text.strip().lines().toList());
        while (!lines.isEmpty() && lines.getFirst().stripLeading().startsWith("--")) {
            lines.removeFirst();
        }
        return Json.fill(String.join("\n", lines), "datasets/" + sqlFile,
                (key, argument) -> "database".equals(key) ? database : null);
    }

    /**
     * The columns the data set offers analyses and dashboards: the input columns after the logical table's
     * {@code CastColumnTypeOperation}s and {@code ProjectOperation}s, plus the {@code CreateColumnsOperation}s' columns
     * (typed {@code CALCULATED}).
     */
    public List<Column> outputColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        inputColumns.forEach(c -> columns.put(c.name(), c.type()));
        for (JsonNode logical : template.path("LogicalTableMap")) {
            for (JsonNode transform : logical.path("DataTransforms")) {
                if (transform.has("CastColumnTypeOperation")) {
                    JsonNode cast = transform.get("CastColumnTypeOperation");
                    String column = cast.path("ColumnName").asText();
                    if (!columns.containsKey(column)) {
                        throw new IllegalStateException("data set " + name + ": a cast names the unknown column " + column);
                    }
                    columns.put(column, cast.path("NewColumnType").asText());
                } else if (transform.has("ProjectOperation")) {
                    List<String> keep = new ArrayList<>();
                    transform.get("ProjectOperation").path("ProjectedColumns").forEach(c -> keep.add(c.asText()));
                    columns.keySet().retainAll(keep);
                } else if (transform.has("CreateColumnsOperation")) {
                    transform.get("CreateColumnsOperation").path("Columns")
                            .forEach(c -> columns.put(c.path("ColumnName").asText(), "CALCULATED"));
                }
            }
        }
        List<Column> out = new ArrayList<>();
        columns.forEach((column, type) -> out.add(new Column(column, type)));
        return out;
    }

    /**
     * The {@code AWS::QuickSight::DataSet} properties with the placeholders filled in (without {@code AwsAccountId}
     * and {@code Permissions}). The values may be CDK tokens.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String dataSourceArn, String database) {
        String where = "datasets/" + name + ".json";
        return (Map<String, Object>) Json.plain(template, text -> Json.fill(text, where, (key, argument) -> switch (key) {
            case "dataSourceArn" -> dataSourceArn;
            case "database" -> database;
            case "sqlFile" -> argument != null && argument.equals(sqlFile) ? sql(database) : null;
            default -> null;
        }));
    }
}
