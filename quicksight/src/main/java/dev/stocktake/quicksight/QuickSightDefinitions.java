package dev.stocktake.quicksight;

import java.util.List;
import java.util.Optional;

/**
 * Stocktake's QuickSight data sets and dashboard as code: JSON in the CloudFormation shape, read from the classpath
 * ({@code dev/stocktake/quicksight/}). The CDK app adds the account, the data source ARN, the database and the
 * permissions; {@code quicksight/README.md} describes the files.
 *
 * <pre>{@code
 * QuickSightDefinitions qs = QuickSightDefinitions.shipped();
 * for (DataSetDefinition ds : qs.dataSets()) {
 *     Map<String, Object> props = ds.properties(dataSourceArn, "stocktake");   // AWS::QuickSight::DataSet
 * }
 * Map<String, Object> dashboard = qs.dashboard().properties(Map.of("daily_counts", arn, ...));
 * }</pre>
 *
 * @param dataSets  the data sets, in the order of {@code datasets/datasets.txt}
 * @param dashboard the dashboard
 */
public record QuickSightDefinitions(List<DataSetDefinition> dataSets, DashboardDefinition dashboard) {

    public QuickSightDefinitions {
        dataSets = List.copyOf(dataSets);
    }

    /** The definitions shipped in this module. */
    public static QuickSightDefinitions shipped() {
        List<DataSetDefinition> dataSets = Json.resource("datasets/datasets.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(DataSetDefinition::load)
                .toList();
        return new QuickSightDefinitions(dataSets, DashboardDefinition.load());
    }

    public Optional<DataSetDefinition> dataSet(String name) {
        return dataSets.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
