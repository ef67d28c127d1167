package dev.stocktake.quicksight;

import dev.stocktake.support.testing.CfnLint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data sets and the dashboard are valid against CloudFormation's own resource schemas: cfn-lint (which bundles
 * them) on a template holding them as AWS::QuickSight::DataSet and ::Dashboard resources. (infra-cdk lints the
 * templates the CDK app synthesizes with them too.) Fails, never skips, without cfn-lint.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CfnLintTest {
    static final String ACCOUNT = "123456789012";
    static final String ARN = "arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":";

    @TempDir
    Path dir;

    static Map<String, Object> template(QuickSightDefinitions qs) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("DataSource", Map.of("Type", "AWS::QuickSight::DataSource", "Properties", Map.of(
                "AwsAccountId", ACCOUNT,
                "DataSourceId", "stocktake",
                "Name", "Stocktake",
                "Type", "ATHENA",
                "DataSourceParameters", Map.of("AthenaParameters", Map.of("WorkGroup", "stocktake")),
                "SslProperties", Map.of("DisableSsl", false))));
        Map<String, String> arns = new LinkedHashMap<>();
        for (DataSetDefinition dataSet : qs.dataSets()) {
            Map<String, Object> properties = new LinkedHashMap<>(dataSet.properties(ARN + "datasource/stocktake", "stocktake"));
            properties.put("AwsAccountId", ACCOUNT);
            resources.put("DataSet" + dataSet.name().replace("_", ""), Map.of("Type", "AWS::QuickSight::DataSet",
                    "Properties", properties));
            arns.put(dataSet.name(), ARN + "dataset/" + dataSet.dataSetId());
        }
        Map<String, Object> dashboard = new LinkedHashMap<>(qs.dashboard().properties(arns));
        dashboard.put("AwsAccountId", ACCOUNT);
        resources.put("Dashboard", Map.of("Type", "AWS::QuickSight::Dashboard", "Properties", dashboard));
        return Map.of("AWSTemplateFormatVersion", "2010-09-09", "Resources", resources);
    }

    @Test
    void the_data_sets_and_the_dashboard_pass_cfn_lint() throws Exception {
        CfnLint.Result result = lint(template(QuickSightDefinitions.shipped()));
        assertThat(result.output().lines().filter(l -> !l.isBlank())).as("cfn-lint findings").isEmpty();
        assertThat(result.exit()).as(result.output()).isZero();
    }

    @Test
    void a_definition_cfn_lint_rejects_is_reported() throws Exception {
        String broken = new ObjectMapper().writeValueAsString(template(QuickSightDefinitions.shipped()))
                .replace("\"SINGLE_DATASET\"", "\"ONE_DATASET\"");
        CfnLint.Result result = lint(new ObjectMapper().readValue(broken, Map.class));
        assertThat(result.output()).contains("E3030").contains("'ONE_DATASET' is not one of");
    }

    private CfnLint.Result lint(Map<?, ?> template) throws Exception {
        Path file = dir.resolve("quicksight.template.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
        return CfnLint.lint(List.of("--regions", "eu-west-1", "--", file.toString()));
    }
}
