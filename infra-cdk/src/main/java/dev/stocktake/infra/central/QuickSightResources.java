package dev.stocktake.infra.central;

import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.quicksight.DataSetDefinition;
import dev.stocktake.quicksight.QuickSightDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.quicksight.CfnDashboard;
import software.amazon.awscdk.services.quicksight.CfnDataSet;
import software.amazon.awscdk.services.quicksight.CfnDataSource;
import software.amazon.awscdk.services.quicksight.CfnRefreshSchedule;
import software.constructs.Construct;

/**
 * QuickSight as code: an Athena data source on the Stocktake workgroup that runs as its own role, the data sets of
 * the {@code quicksight} module (SPICE, refreshed daily after the collectors' window) and its dashboard, shared with
 * {@code quickSight.principals}.
 *
 * <p>The principals are co-owners of the dashboard (they can share it and schedule its email reports) and users of
 * the data sets and the data source (they can build their own analyses); changing them goes through this code.
 */
public final class QuickSightResources extends Construct {
    /** QuickSight's owner action set for a dashboard (it accepts only its predefined sets). */
    public static final List<String> DASHBOARD_OWNER_ACTIONS = List.of("quicksight:DescribeDashboard",
            "quicksight:ListDashboardVersions", "quicksight:UpdateDashboardPermissions", "quicksight:QueryDashboard",
            "quicksight:UpdateDashboard", "quicksight:DeleteDashboard", "quicksight:DescribeDashboardPermissions",
            "quicksight:UpdateDashboardPublishedVersion");
    /** QuickSight's viewer action set for a data set: use it in analyses, see its refreshes. */
    public static final List<String> DATA_SET_USER_ACTIONS = List.of("quicksight:DescribeDataSet",
            "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet", "quicksight:DescribeIngestion",
            "quicksight:ListIngestions");
    /** QuickSight's viewer action set for a data source. */
    public static final List<String> DATA_SOURCE_USER_ACTIONS = List.of("quicksight:DescribeDataSource",
            "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource");
    public static final String DATA_SOURCE_ID = "stocktake-athena";
    /**
     * The deployed allowlist, which the console_users and allowlist_findings data sets read through iam_users (the
     * allowlist table's location: the report bucket's {@code allowlist/} prefix, holding this one object).
     */
    public static final String ALLOWLIST_OBJECT = "allowlist/allowlist.csv";

    private final Role role;
    private final CfnDataSource dataSource;
    private final Map<String, CfnDataSet> dataSets = new LinkedHashMap<>();
    private final List<CfnRefreshSchedule> refreshSchedules = new ArrayList<>();
    private final CfnDashboard dashboard;
    private final String dashboardId;

    /**
     * @param resultsBucketArn the Athena results bucket's ARN
     * @param resultsObjectsFinding the cdk-nag IAM5 finding ID of {@code <results bucket ARN>/*} as it prints in this stack
     * @param kmsKeyArn     the key of the report and results buckets, or null with S3-managed encryption
     */
    public QuickSightResources(Construct scope, String id, StocktakeConfig config, QuickSightDefinitions definitions,
                               String resultsBucketArn, String resultsObjectsFinding, String kmsKeyArn) {
        super(scope, id);
        if (!config.quickSight().enabled()) {
            throw new IllegalArgumentException("QuickSight resources need quickSight.principals in the config");
        }
        Stack stack = Stack.of(this);
        String account = stack.getAccount();
        String partition = stack.getPartition();
        String region = stack.getRegion();
        String database = config.athena().databaseName();
        String workGroupArn = "arn:" + partition + ":athena:" + region + ":" + account + ":workgroup/" + config.athena().workGroupName();
        String reports = "arn:" + partition + ":s3:::" + config.reportBucketName();

        // The data source runs as this role (AthenaParameters.RoleArn), not as the account-wide QuickSight service role.
        role = Role.Builder.create(this, "AthenaRole")
                .assumedBy(ServicePrincipal.Builder.create("quicksight.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account)))
                        .build())
                .description("Stocktake: QuickSight reads the views through Athena (data source " + DATA_SOURCE_ID + ")")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunQueriesInTheWorkgroup")
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:GetQueryResultsStream", "athena:StopQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of(workGroupArn))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("BrowseTheCatalog")
                .actions(List.of("athena:GetDataCatalog", "athena:GetDatabase", "athena:GetTableMetadata",
                        "athena:ListDatabases", "athena:ListTableMetadata"))
                .resources(List.of("arn:" + partition + ":athena:" + region + ":" + account + ":datacatalog/AwsDataCatalog"))
                .build());
        String glue = "arn:" + partition + ":glue:" + region + ":" + account;
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables",
                        "glue:GetPartition", "glue:GetPartitions"))
                .resources(List.of(glue + ":catalog", glue + ":database/" + database, glue + ":table/" + database + "/*"))
                .build());
        AthenaGrants.viewSources(reports, config, stack, database).forEach(role::addToPolicy);
        role.addToPolicy(AthenaGrants.queryResults(resultsBucketArn));
        if (kmsKeyArn != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptReportsEncryptResults")
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                    .resources(List.of(kmsKeyArn))
                    .build());
        }
        String nagAccount = Nag.account(stack);
        String nagRegion = Nag.region(stack);
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:" + nagRegion + ":" + nagAccount
                        + ":table/" + database + "/*]",
                "QuickSight reads the views of this one database (Athena resolves each through Glue); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName() + "/"
                        + config.reportPrefix() + "*]",
                "The views read every report (keys hold the date and account name); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName() + "/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The coverage views read every account directory export (keys hold the date); read only.");
        ReportCompaction.acknowledgeReader(role, "arn:<AWS::Partition>:s3:::" + config.reportBucketName());
        AthenaGrants.acknowledgeMigrationSources(role, config.reportBucketName());
        Nag.acknowledge(role, resultsObjectsFinding,
                "Athena writes query results under generated keys of the dedicated results bucket.");

        List<String> principals = config.quickSight().principals();
        dataSource = CfnDataSource.Builder.create(this, "DataSource")
                .awsAccountId(account)
                .dataSourceId(DATA_SOURCE_ID)
                .name("Stocktake (Athena workgroup " + config.athena().workGroupName() + ")")
                .type("ATHENA")
                .dataSourceParameters(CfnDataSource.DataSourceParametersProperty.builder()
                        .athenaParameters(CfnDataSource.AthenaParametersProperty.builder()
                                .workGroup(config.athena().workGroupName())
                                .roleArn(role.getRoleArn())
                                .build())
                        .build())
                .sslProperties(CfnDataSource.SslPropertiesProperty.builder().disableSsl(false).build())
                .permissions(principals.stream().map(p -> (Object) CfnDataSource.ResourcePermissionProperty.builder()
                        .principal(p).actions(DATA_SOURCE_USER_ACTIONS).build()).toList())
                .build();
        // the role's policy must exist before QuickSight checks the data source's connection
        dataSource.getNode().addDependency(role);

        Map<String, String> arns = new LinkedHashMap<>();
        for (DataSetDefinition definition : definitions.dataSets()) {
            CfnDataSet dataSet = CfnDataSet.Builder.create(this, "DataSet-" + definition.name())
                    .awsAccountId(account)
                    .dataSetId(definition.dataSetId())
                    .name(definition.displayName())
                    .importMode(definition.importMode())
                    .permissions(principals.stream().map(p -> (Object) CfnDataSet.ResourcePermissionProperty.builder()
                            .principal(p).actions(DATA_SET_USER_ACTIONS).build()).toList())
                    .build();
            Map<String, Object> properties = definition.properties(dataSource.getAttrArn(), database);
            dataSet.addPropertyOverride("PhysicalTableMap", properties.get("PhysicalTableMap"));
            dataSet.addPropertyOverride("LogicalTableMap", properties.get("LogicalTableMap"));
            dataSets.put(definition.name(), dataSet);
            arns.put(definition.name(), dataSet.getAttrArn());

            if ("SPICE".equals(definition.importMode())) {
                CfnRefreshSchedule refresh = CfnRefreshSchedule.Builder.create(this, "Refresh-" + definition.name())
                        .awsAccountId(account)
                        .dataSetId(definition.dataSetId())
                        .schedule(CfnRefreshSchedule.RefreshScheduleMapProperty.builder()
                                .scheduleId("stocktake-daily")
                                .refreshType("FULL_REFRESH")
                                .scheduleFrequency(CfnRefreshSchedule.ScheduleFrequencyProperty.builder()
                                        .interval("DAILY")
                                        .timeOfTheDay(config.quickSight().refreshTime())
                                        .timeZone(config.schedule().timeZone())
                                        .build())
                                .build())
                        .build();
                refresh.addDependency(dataSet);
                refreshSchedules.add(refresh);
            }
        }

        Map<String, Object> dashboardProperties = definitions.dashboard().properties(arns);
        dashboardId = definitions.dashboard().dashboardId();
        dashboard = CfnDashboard.Builder.create(this, "Dashboard")
                .awsAccountId(account)
                .dashboardId(dashboardId)
                .name(definitions.dashboard().name())
                .permissions(principals.stream().map(p -> (Object) CfnDashboard.ResourcePermissionProperty.builder()
                        .principal(p).actions(DASHBOARD_OWNER_ACTIONS).build()).toList())
                .build();
        for (String key : List.of("VersionDescription", "DashboardPublishOptions", "Definition")) {
            if (dashboardProperties.containsKey(key)) {
                dashboard.addPropertyOverride(key, dashboardProperties.get(key));
            }
        }
        dataSets.values().forEach(dashboard::addDependency);
    }

    /** The role the data source runs as. */
    public Role role() {
        return role;
    }

    public CfnDataSource dataSource() {
        return dataSource;
    }

    /** The data sets by name (the view each reads). */
    public Map<String, CfnDataSet> dataSets() {
        return dataSets;
    }

    public List<CfnRefreshSchedule> refreshSchedules() {
        return refreshSchedules;
    }

    public CfnDashboard dashboard() {
        return dashboard;
    }

    public String dashboardId() {
        return dashboardId;
    }
}
