package dev.stocktake.quicksight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: {@code dashboard.json} holds its {@code AWS::QuickSight::Dashboard} properties without
 * {@code AwsAccountId} and {@code Permissions}: {@code DashboardId}, {@code Name}, publish options and the
 * {@code Definition}, whose data set declarations say {@code ${dataSetArn:<data set name>}}.
 *
 * @param dashboardId the QuickSight dashboard ID
 * @param name        the name shown in QuickSight
 * @param template    the JSON as written
 */
public record DashboardDefinition(String dashboardId, String name, JsonNode template) {

    static DashboardDefinition load() {
        JsonNode json = Json.tree("dashboard.json");
        return new DashboardDefinition(json.path("DashboardId").asText(), json.path("Name").asText(), json);
    }

    /** The data set identifiers the definition declares. */
    public List<String> dataSetIdentifiers() {
        List<String> out = new ArrayList<>();
        definition().path("DataSetIdentifierDeclarations").forEach(d -> out.add(d.path("Identifier").asText()));
        return out;
    }

    /** The sheets' IDs, in order (the first is what the notifier prints without a configured sheet). */
    public List<String> sheetIds() {
        List<String> out = new ArrayList<>();
        definition().path("Sheets").forEach(s -> out.add(s.path("SheetId").asText()));
        return out;
    }

    public JsonNode definition() {
        return template.path("Definition");
    }

    /** Every column the definition uses (visual field wells, filters), with how it uses it. */
    public List<FieldReference> fieldReferences() {
        List<FieldReference> out = new ArrayList<>();
        collect(definition(), "/Definition", null, out);
        return out;
    }

    private static void collect(JsonNode node, String path, String parentKey, List<FieldReference> out) {
        if (node.isObject()) {
            JsonNode column = node.get("Column");
            if (column != null && column.has("DataSetIdentifier") && column.has("ColumnName")) {
                out.add(new FieldReference(column.get("DataSetIdentifier").asText(), column.get("ColumnName").asText(),
                        use(parentKey, path), path + "/Column"));
            }
            node.properties().forEach(e -> collect(e.getValue(), path + "/" + e.getKey(), e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, parentKey, out);
            }
        }
    }

    private static FieldReference.Use use(String kind, String path) {
        return switch (kind) {
            case "NumericalMeasureField", "NumericalDimensionField", "NumericRangeFilter", "NumericEqualityFilter" ->
                    FieldReference.Use.NUMBER;
            case "DateDimensionField", "TimeRangeFilter", "TimeEqualityFilter", "RelativeDatesFilter" -> FieldReference.Use.DATE;
            case "CategoricalDimensionField", "CategoryFilter" -> FieldReference.Use.CATEGORY;
            case "UnaggregatedField", "CategoricalMeasureField" -> FieldReference.Use.VALUE;
            case null, default -> {
                // a table's unaggregated values sit directly in its Values array
                if (path.contains("/TableUnaggregatedFieldWells/Values/")) {
                    yield FieldReference.Use.VALUE;
                }
                throw new IllegalStateException("dashboard.json: a column is used as '" + kind + "' at " + path
                        + ", which this check does not know; add the use to DashboardDefinition");
            }
        };
    }

    /**
     * The {@code AWS::QuickSight::Dashboard} properties with the data set ARNs filled in (without
     * {@code AwsAccountId} and {@code Permissions}). The ARNs may be CDK tokens.
     *
     * @param dataSetArns the ARN of each data set, by name
     * @throws IllegalArgumentException when a declared data set has no ARN
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(Map<String, String> dataSetArns) {
        for (String identifier : dataSetIdentifiers()) {
            if (!dataSetArns.containsKey(identifier)) {
                throw new IllegalArgumentException("dashboard.json declares the data set '" + identifier
                        + "', but no ARN was given for it (given: " + dataSetArns.keySet() + ")");
            }
        }
        return (Map<String, Object>) Json.plain(template, text -> Json.fill(text, "dashboard.json",
                (key, argument) -> "dataSetArn".equals(key) ? dataSetArns.get(argument) : null));
    }
}
