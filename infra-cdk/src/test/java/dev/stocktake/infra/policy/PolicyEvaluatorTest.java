package dev.stocktake.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The evaluator's own behaviour: decisions, cross-account, and the inputs it must refuse rather than misjudge. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PolicyEvaluatorTest {
    static final Path WORK = Path.of("target/policy-eval/evaluator-test");
    static final Matrix.Caller CALLER = Matrix.Caller.role("caller", "333333333333", "app", "o-abc123example");

    static ObjectNode bucketPolicy(String resource) {
        ObjectNode statement = Matrix.statement("Allow", "s3:GetObject", resource);
        statement.putObject("Principal").put("AWS", "*");
        return Matrix.policy(statement);
    }

    static ObjectNode get(ObjectNode identity, ObjectNode resourcePolicy, ObjectNode context) {
        return Matrix.sim(CALLER, identity == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode() : Matrix.policies(identity),
                "s3:GetObject", "arn:aws:s3:::b/333333333333.csv", "111111111111", context, resourcePolicy, List.of());
    }

    @Test
    void a_cross_account_request_needs_both_the_identity_and_the_resource_policy() {
        ObjectNode allowGet = Matrix.policy(Matrix.statement("Allow", "s3:GetObject", "*"));
        Map<String, PolicyEvaluator.Decision> d = PolicyEvaluator.evaluate(Map.of(
                "both", get(allowGet, bucketPolicy("arn:aws:s3:::b/${aws:PrincipalAccount}.csv"), CALLER.context()),
                "resource-only", get(null, bucketPolicy("arn:aws:s3:::b/*"), CALLER.context()),
                "identity-only", get(allowGet, null, CALLER.context()),
                "variable-other-account", get(allowGet, bucketPolicy("arn:aws:s3:::b/${aws:PrincipalAccount}.csv"),
                        CALLER.context().put("aws:PrincipalAccount", "444444444444"))), WORK);
        assertThat(d.get("both").result()).isEqualTo("Allowed");
        assertThat(d.get("resource-only").result()).isEqualTo("ImplicitlyDenied");
        assertThat(d.get("identity-only").result()).isEqualTo("ImplicitlyDenied");
        assertThat(d.get("variable-other-account").result()).isEqualTo("ImplicitlyDenied");
    }

    @Test
    void a_request_iam_simulate_rejects_fails_naming_the_row() {
        ObjectNode bad = get(Matrix.policy(Matrix.statement("Allow", "s3:GetObject", "*")), null, CALLER.context());
        ((ObjectNode) bad.get("request")).put("action", "s3:NoSuchAction");
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(Map.of("bad-action", bad), WORK))
                .hasMessageContaining("bad-action: iam-simulate rejected the request");
    }

    @Test
    void a_context_key_the_action_does_not_know_fails_instead_of_being_ignored() {
        ObjectNode unknownKey = get(Matrix.policy(Matrix.statement("Allow", "s3:GetObject", "*")), null,
                CALLER.context().put("ec2:InstanceType", "t3.micro"));
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(Map.of("unknown-key", unknownKey), WORK))
                .hasMessageContaining("unknown-key: iam-simulate ignored context keys [ec2:InstanceType]");
    }
}
