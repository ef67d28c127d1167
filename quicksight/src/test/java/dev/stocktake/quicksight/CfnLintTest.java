package dev.stocktake.quicksight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        Result result = lint(template(QuickSightDefinitions.shipped()));
        assertThat(result.output.lines().filter(l -> !l.isBlank())).as("cfn-lint findings").isEmpty();
        assertThat(result.exit).as(result.output).isZero();
    }

    @Test
    void a_definition_cfn_lint_rejects_is_reported() throws Exception {
        String broken = new ObjectMapper().writeValueAsString(template(QuickSightDefinitions.shipped()))
                .replace("\"SINGLE_DATASET\"", "\"ONE_DATASET\"");
        Result result = lint(new ObjectMapper().readValue(broken, Map.class));
        assertThat(result.output).contains("E3030").contains("'ONE_DATASET' is not one of");
    }

    record Result(int exit, String output) {
    }

    private Result lint(Map<?, ?> template) throws Exception {
        Path file = dir.resolve("quicksight.template.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
        List<String> command = new ArrayList<>(List.of(cfnLint(), "--format", "parseable", "--regions", "eu-west-1", "--", file.toString()));
        return run(command);
    }

    /** cfn-lint from PATH; on a machine without it, installed with pip first (as infra-cdk's CfnLintTest). */
    private static String cfnLint() throws Exception {
        if (run(List.of("cfn-lint", "--version")).exit == 0) {
            return "cfn-lint";
        }
        Result install = run(List.of("python3", "-m", "pip", "install", "--user", "cfn-lint==1.51.0"));
        String userBin = run(List.of("python3", "-m", "site", "--user-base")).output.strip() + "/bin/cfn-lint";
        if (install.exit == 0 && Files.isExecutable(Path.of(userBin))) {
            return userBin;
        }
        throw new AssertionError("cfn-lint is not on PATH and `pip install cfn-lint` failed; install cfn-lint 1.51 "
                + "(pip install cfn-lint==1.51.0):\n" + install.output);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
