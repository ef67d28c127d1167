package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stage;

/**
 * cfn-lint over every synthesized template, the member and alert forwarder templates included: no errors, and no
 * warnings but W3005 (a redundant DependsOn that aws-cdk-lib itself writes for a Lambda's role).
 * The test fails, never skips, when cfn-lint is missing and cannot be installed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CfnLintTest {
    static final Set<String> TOLERATED_WARNINGS = Set.of("W3005");

    @ParameterizedTest
    @ValueSource(strings = {"test.config.json", "s3managed.config.json"})
    void every_template_passes_cfn_lint(String config) throws Exception {
        StocktakeApp.Stacks stacks = Fixtures.stacks(config, Fixtures.fixturePaths());
        App app = (App) Stage.of(stacks.central());
        Path outdir = Path.of(app.synth().getDirectory());
        List<Path> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(outdir)) {
            files.filter(p -> p.toString().endsWith(".template.json")).sorted().forEach(templates::add);
        }
        templates.add(stacks.member().templateFile());
        assertThat(templates).extracting(p -> p.getFileName().toString()).contains(
                "StocktakeCentral.template.json", "StocktakeOrgRead.template.json",
                "StocktakeCollectorAssets-eu-west-1.template.json", "StocktakeStackSet.template.json",
                "StocktakeManagementCollector.template.json", "StocktakeCollectorMember.template.json",
                "StocktakeReporting.template.json", "StocktakeGuardrails.template.json",
                "StocktakeIdentityCenterExport.template.json");

        lint(templates);
    }

    @Test
    void the_remediation_templates_pass_cfn_lint() throws Exception {
        StocktakeApp.Stacks stacks = Fixtures.stacks(RemediationStacksTest.CONFIG, Fixtures.fixturePaths());
        App app = (App) Stage.of(stacks.central());
        Path outdir = Path.of(app.synth().getDirectory());
        lint(List.of(outdir.resolve(StocktakeApp.REMEDIATION_STACK_SET + ".template.json"),
                outdir.resolve(StocktakeApp.CENTRAL + ".template.json"), outdir.resolve(StocktakeApp.GUARDRAILS + ".template.json"),
                stacks.remediationRole().templateFile()));
    }

    @Test
    void the_alert_templates_pass_cfn_lint() throws Exception {
        lint(AlertStacksTest.templates(AlertStacksTest.shared()));
    }

    private static void lint(List<Path> templates) throws Exception {
        List<String> command = new ArrayList<>(List.of(cfnLint(), "--format", "parseable", "--"));
        templates.forEach(t -> command.add(t.toString()));
        Result result = run(command);
        assertThat(result.exit & ~(2 | 4 | 8)).as("cfn-lint crashed:\n" + result.output).isZero();
        List<String> findings = result.output.lines().filter(l -> !l.isBlank()).toList();
        List<String> errors = findings.stream().filter(l -> rule(l).startsWith("E")).toList();
        List<String> warnings = findings.stream().filter(l -> rule(l).startsWith("W") && !TOLERATED_WARNINGS.contains(rule(l))).toList();
        assertThat(errors).as("cfn-lint errors").isEmpty();
        assertThat(warnings).as("cfn-lint warnings").isEmpty();
        assertThat(result.exit & 2).as("cfn-lint exit code says errors:\n" + result.output).isZero();
    }

    /** parseable format: file:line:col:endline:endcol:RULE:message */
    private static String rule(String line) {
        String[] parts = line.split(":", 7);
        return parts.length >= 6 ? parts[5] : "";
    }

    /** cfn-lint from PATH; on a machine without it, installed with pip first. */
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

    record Result(int exit, String output) {
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
