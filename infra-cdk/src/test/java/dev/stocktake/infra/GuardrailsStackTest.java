package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stocktake.infra.management.GuardrailsStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The guardrail SCP ({@code StocktakeGuardrails}), from {@code test.config.json}: attached to the target OUs, every
 * statement a deny that spares the StackSet execution role, within Organizations' size limit, and covering every
 * named resource the two member templates create, by the names those templates give them (read from the synthesized
 * member templates, not from the constants the SCP is built from). Whether its statements deny or allow real requests
 * is evaluated by the policy matrix ({@code dev.stocktake.infra.policy}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GuardrailsStackTest {
    static StocktakeApp.Stacks stacks;
    static Template guardrails;
    static Map<String, Object> policy;

    /** Resource types of the member templates and the property that names them, with the ARN an account gives them. */
    record Named(String type, String nameProperty, String arnFormat) {
    }

    static final List<Named> NAMED = List.of(
            new Named("AWS::IAM::Role", "RoleName", "arn:aws:iam::444455556666:role/%s"),
            new Named("AWS::Lambda::Function", "FunctionName", "arn:aws:lambda:eu-west-1:444455556666:function:%s"),
            new Named("AWS::Scheduler::Schedule", "Name", "arn:aws:scheduler:eu-west-1:444455556666:schedule/default/%s"),
            new Named("AWS::Events::Rule", "Name", "arn:aws:events:us-east-1:444455556666:rule/%s"),
            new Named("AWS::Logs::LogGroup", "LogGroupName", "arn:aws:logs:eu-west-1:444455556666:log-group:%s"),
            new Named("AWS::CloudWatch::Alarm", "AlarmName", "arn:aws:cloudwatch:eu-west-1:444455556666:alarm:%s"),
            new Named("AWS::SQS::Queue", "QueueName", "arn:aws:sqs:eu-west-1:444455556666:%s"));

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        guardrails = Template.fromStack(stacks.guardrails());
        policy = Json.props(Json.resources(guardrails, "AWS::Organizations::Policy").values().iterator().next());
    }

    @Test
    void the_scp_is_a_service_control_policy_attached_to_the_target_ous_from_the_management_account() {
        guardrails.resourceCountIs("AWS::Organizations::Policy", 1);
        assertThat(policy).containsEntry("Type", "SERVICE_CONTROL_POLICY").containsEntry("Name", "stocktake-guardrails")
                .containsEntry("TargetIds", List.of("ou-ab12-cdef3456", "ou-ab12-99998888"));
        assertThat(stacks.guardrails().getAccount()).isEqualTo("111111111111");
    }

    @Test
    void every_statement_denies_everyone_but_the_stackset_execution_role() {
        List<Map<String, Object>> statements = statements();
        assertThat(statements).isNotEmpty();
        for (Map<String, Object> s : statements) {
            // the exporter in the delegated administrator 333333333333 (us-east-1) is deployed by the CDK bootstrap's role
            List<String> exempt = s.get("Sid").equals("ProtectStocktakeIdentityCenterExport")
                    ? List.of("arn:aws:iam::*:role/stacksets-exec-*",
                            "arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-us-east-1")
                    : List.of("arn:aws:iam::*:role/stacksets-exec-*");
            assertThat(s).containsEntry("Effect", "Deny")
                    .containsEntry("Condition", Map.of("ArnNotLike", Map.of("aws:PrincipalArn", exempt)));
            assertThat(s).doesNotContainKeys("NotAction", "NotResource", "Principal");
        }
        assertThat(statements).extracting(s -> s.get("Sid")).contains("ProtectStocktakeIdentityCenterExport");
    }

    @Test
    void every_named_resource_of_the_identity_center_exporter_in_a_delegated_administrator_is_covered() {
        List<String> arns = namedArns(Template.fromStack(stacks.identityCenter()));
        assertThat(arns).contains("arn:aws:iam::444455556666:role/stocktake-identity-center-export",
                "arn:aws:iam::444455556666:role/stocktake-identity-center-export-scheduler",
                "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-identity-center-export",
                "arn:aws:scheduler:eu-west-1:444455556666:schedule/default/stocktake-identity-center-export-daily",
                "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/stocktake-identity-center-export",
                "arn:aws:cloudwatch:eu-west-1:444455556666:alarm:stocktake-identity-center-export-errors",
                "arn:aws:sqs:eu-west-1:444455556666:stocktake-identity-center-export-schedule-dlq");
        for (String arn : arns) {
            assertThat(coveringStatements(arn)).as("a statement covers " + arn).isNotEmpty();
        }
        assertDenied("iam:PutRolePolicy", "arn:aws:iam::444455556666:role/stocktake-identity-center-export");
        assertDenied("iam:AttachRolePolicy", "arn:aws:iam::444455556666:role/stocktake-identity-center-export");
        assertDenied("iam:UpdateAssumeRolePolicy", "arn:aws:iam::444455556666:role/stocktake-identity-center-export");
        assertDenied("iam:PassRole", "arn:aws:iam::444455556666:role/stocktake-identity-center-export");
        assertDenied("lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-identity-center-export");
        assertDenied("lambda:UpdateFunctionConfiguration", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-identity-center-export");
        assertDenied("scheduler:DeleteSchedule",
                "arn:aws:scheduler:eu-west-1:444455556666:schedule/default/stocktake-identity-center-export-daily");
        assertDenied("logs:DeleteLogGroup", "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/stocktake-identity-center-export");
        assertDenied("cloudwatch:DeleteAlarms", "arn:aws:cloudwatch:eu-west-1:444455556666:alarm:stocktake-identity-center-export-errors");
        // reading stays possible: the SCP denies changes only
        assertThat(coveringStatements("arn:aws:iam::444455556666:role/stocktake-identity-center-export").stream()
                .flatMap(s -> Json.list(s.get("Action")).stream()).map(GuardrailsStackTest::glob)
                .anyMatch(a -> a.matcher("iam:GetRole").matches() || a.matcher("lambda:GetFunction").matches())).isFalse();
    }

    @Test
    void in_the_management_account_the_exporter_adds_nothing_to_the_scp_which_does_not_apply_there() {
        // s3managed.config.json: identityCenter in the management account (the default)
        StocktakeApp.Stacks management = Fixtures.stacks("s3managed.config.json", Fixtures.fixturePaths());
        assertThat(management.identityCenter().getAccount()).isEqualTo(management.guardrails().getAccount());
        assertThat(Json.resources(Template.fromStack(management.guardrails()), "AWS::Organizations::Policy").toString())
                .doesNotContain("identity-center");
    }

    @Test
    void the_scp_fits_the_organizations_size_limit() {
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) policy.get("Content");
        assertThat(GuardrailsStack.compact(content).length()).isLessThanOrEqualTo(GuardrailsStack.MAX_POLICY_CHARACTERS);
    }

    @Test
    void every_named_resource_of_the_collector_template_is_covered_with_the_actions_that_change_it() throws Exception {
        Template member = Template.fromJSON(Fixtures.jsonMap(stacks.member().templateBody()));
        List<String> arns = namedArns(member);
        assertThat(arns).contains("arn:aws:iam::444455556666:role/stocktake-collector",
                "arn:aws:iam::444455556666:role/stocktake-collector-scheduler",
                "arn:aws:iam::444455556666:role/stocktake-collector-alarm-forwarder",
                "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector",
                "arn:aws:scheduler:eu-west-1:444455556666:schedule/default/stocktake-collector-daily",
                "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/stocktake-collector",
                "arn:aws:events:us-east-1:444455556666:rule/stocktake-collector-alarm-forwarder");
        for (String arn : arns) {
            assertThat(coveringStatements(arn)).as("a statement covers " + arn).isNotEmpty();
        }
        assertDenied("iam:PutRolePolicy", "arn:aws:iam::444455556666:role/stocktake-collector");
        assertDenied("iam:UpdateAssumeRolePolicy", "arn:aws:iam::444455556666:role/stocktake-collector");
        assertDenied("iam:PassRole", "arn:aws:iam::444455556666:role/stocktake-collector");
        assertDenied("lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector");
        assertDenied("lambda:UpdateFunctionConfiguration", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector");
        assertDenied("lambda:DeleteFunction", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector");
        assertDenied("lambda:PutFunctionConcurrency", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector");
        assertDenied("lambda:AddPermission", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector");
        assertDenied("lambda:UpdateAlias", "arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector:live");
        assertDenied("scheduler:UpdateSchedule", "arn:aws:scheduler:eu-west-1:444455556666:schedule/default/stocktake-collector-daily");
        assertDenied("logs:DeleteLogGroup", "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/stocktake-collector:*");
        assertDenied("logs:PutRetentionPolicy", "arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/stocktake-collector");
        assertDenied("events:DisableRule", "arn:aws:events:eu-west-1:444455556666:rule/stocktake-collector-alarm-forwarder");
        assertDenied("cloudformation:DeleteStack",
                "arn:aws:cloudformation:eu-west-1:444455556666:stack/StackSet-stocktake-collector-0f1e2d3c/abc");
    }

    @Test
    void every_named_resource_of_the_alert_forwarder_template_is_covered() throws Exception {
        Template forwarder = Template.fromJSON(Fixtures.jsonMap(AlertStacksTest.shared().member().templateBody()));
        List<String> arns = namedArns(forwarder);
        assertThat(arns).contains("arn:aws:iam::444455556666:role/stocktake-alert-forwarder",
                "arn:aws:events:us-east-1:444455556666:rule/stocktake-alert-forwarder");
        for (String arn : arns) {
            assertThat(coveringStatements(arn)).as("a statement covers " + arn).isNotEmpty();
        }
        assertDenied("events:PutTargets", "arn:aws:events:us-east-1:444455556666:rule/stocktake-alert-forwarder");
        assertDenied("iam:AttachRolePolicy", "arn:aws:iam::444455556666:role/stocktake-alert-forwarder");
    }

    @Test
    void turned_off_there_is_no_guardrail_stack_and_the_object_lock_settings_reach_both_writers() {
        StocktakeApp.Stacks off = Fixtures.stacks("noguardrails.config.json", Fixtures.fixturePaths());
        assertThat(off.guardrails()).isNull();
        assertThat(off.all()).noneMatch(s -> s.getStackName().equals(StocktakeApp.GUARDRAILS));
        // noguardrails.config.json also asks for COMPLIANCE for 30 days (no report expiry)
        Template member = Template.fromJSON(Fixtures.jsonMap(off.member().templateBody()));
        Map<String, Object> collectorEnv = environment(member);
        assertThat(collectorEnv).containsEntry("REPORT_LOCK_MODE", "COMPLIANCE").containsEntry("REPORT_LOCK_DAYS", "30");
        Map<String, Object> directoryEnv = environment(Template.fromStack(off.accountDirectory()));
        assertThat(directoryEnv).containsEntry("EXPORT_LOCK_MODE", "COMPLIANCE").containsEntry("EXPORT_LOCK_DAYS", "30");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Template template) {
        var functions = Json.resources(template, "AWS::Lambda::Function").values().stream().map(Json::props)
                .filter(p -> p.get("Environment") != null).toList();
        assertThat(functions).hasSize(1);
        return (Map<String, Object>) ((Map<String, Object>) functions.getFirst().get("Environment")).get("Variables");
    }

    @Test
    void other_functions_and_roles_of_the_account_are_not_touched() {
        assertThat(coveringStatements("arn:aws:lambda:eu-west-1:444455556666:function:stocktake-collector-copy")).isEmpty();
        assertThat(coveringStatements("arn:aws:lambda:eu-west-1:444455556666:function:team-app")).isEmpty();
        assertThat(coveringStatements("arn:aws:iam::444455556666:role/stocktake-collectors")).isEmpty();
        assertThat(coveringStatements("arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/team-app")).isEmpty();
    }

    /**
     * The ARN (in member account 444455556666) of every resource of the template of a type in {@link #NAMED}; a
     * resource of those types without a fixed name fails the test (the SCP could not name it).
     */
    private static List<String> namedArns(Template template) {
        List<String> arns = new ArrayList<>();
        for (Named named : NAMED) {
            for (var entry : Json.resources(template, named.type()).entrySet()) {
                Object name = Json.props(entry.getValue()).get(named.nameProperty());
                assertThat(name).as(named.type() + " " + entry.getKey() + " has a fixed " + named.nameProperty())
                        .isInstanceOf(String.class);
                arns.add(named.arnFormat().formatted(name));
            }
        }
        return arns;
    }

    private static void assertDenied(String action, String arn) {
        assertThat(coveringStatements(arn).stream().anyMatch(s -> Json.list(s.get("Action")).stream()
                .anyMatch(a -> glob(a).matcher(action).matches())))
                .as(action + " on " + arn + " is denied").isTrue();
    }

    private static List<Map<String, Object>> coveringStatements(String arn) {
        return statements().stream()
                .filter(s -> Json.list(s.get("Resource")).stream().anyMatch(r -> glob(r).matcher(arn).matches()))
                .toList();
    }

    /** An IAM wildcard pattern ({@code *} and {@code ?}) as a regular expression. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements() {
        Map<String, Object> content = (Map<String, Object>) policy.get("Content");
        return (List<Map<String, Object>>) content.get("Statement");
    }
}
