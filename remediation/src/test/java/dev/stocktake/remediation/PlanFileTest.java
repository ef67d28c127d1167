package dev.stocktake.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {

    private static Plan plan(String userName, String verdict, List<Plan.Step> steps) {
        return new Plan(Plan.FORMAT, "q-20261203-0a1b2c", Plan.Kind.QUARANTINE, Instant.parse("2026-12-03T10:00:00Z"),
                "arn:aws:iam::111111111111:user/operator", "reports", LocalDate.of(2026, 12, 2), null, null,
                Remediation.QUARANTINE_NOTES, List.of(new Plan.User("222222222222", "alpha", userName,
                "arn:aws:iam::222222222222:user/" + userName, verdict, "team-a", "account_tag", "delete the IAM user",
                Map.of("idle_days", "120"), null, null, steps)));
    }

    private static final List<Plan.Step> STEPS = List.of(
            new Plan.Step("001-deactivate-key", Action.DEACTIVATE_ACCESS_KEY, "AKIAEXAMPLE1", Map.of("status", "Active"), "deactivate"),
            new Plan.Step("002-deny-all", Action.ATTACH_DENY_POLICY, null, Map.of("deny_policy", "absent"), "deny"));

    @Test
    void a_plan_reads_back_as_written_with_readable_keys(@TempDir Path dir) throws Exception {
        Plan plan = plan("alice", "ready_to_remove", STEPS);
        Path file = dir.resolve("plan.json");
        PlanFile.write(plan, file);
        assertThat(PlanFile.read(file)).isEqualTo(plan);
        assertThat(PlanFile.render(plan)).contains("\"plan_id\" : \"q-20261203-0a1b2c\"", "\"action\" : \"deactivate_access_key\"",
                "\"created_at\" : \"2026-12-03T10:00:00Z\"", "\"data_day\" : \"2026-12-02\"");
    }

    @Test
    void the_root_user_and_a_verdict_that_is_not_removable_are_refused_by_field() {
        String text = PlanFile.render(plan("<root_account>", "allowlisted", STEPS));
        assertThatThrownBy(() -> PlanFile.parse("plan.json", text)).isInstanceOf(PlanException.class)
                .hasMessageContaining("plan.json: users[0].user_name: is the root user: the root user is never remediated")
                .hasMessageContaining("plan.json: users[0].verdict: is 'allowlisted'")
                .hasMessageContaining("make a new plan with `stocktake remediate plan`");
    }

    @Test
    void a_blanket_or_misplaced_step_is_refused() {
        List<Plan.Step> steps = List.of(
                new Plan.Step("001-deactivate-key", Action.DEACTIVATE_ACCESS_KEY, null, Map.of("status", "Active"), "all keys"),
                new Plan.Step("001-deactivate-key", Action.DELETE_USER, null, Map.of("user", "present"), "delete"));
        String text = PlanFile.render(plan("alice", "ready_to_remove", steps));
        assertThatThrownBy(() -> PlanFile.parse("plan.json", text)).isInstanceOf(PlanException.class)
                .hasMessageContaining("users[0].steps[0].target: is missing")
                .hasMessageContaining("users[0].steps[1].id: '001-deactivate-key' is used twice")
                .hasMessageContaining("users[0].steps[1].action: 'delete_user' does not belong in a quarantine plan");
    }

    @Test
    void unknown_fields_bad_values_and_broken_json_name_the_place() {
        String text = PlanFile.render(plan("alice", "ready_to_remove", STEPS));
        assertThatThrownBy(() -> PlanFile.parse("plan.json", text.replace("\"deactivate_access_key\"", "\"deactivate_all_keys\"")))
                .hasMessageContaining("plan.json: line ").hasMessageContaining(": users[0].steps[0].action:");
        assertThatThrownBy(() -> PlanFile.parse("plan.json", text.replace("\"why\"", "\"reason\"")))
                .hasMessageContaining(": users[0].reason:");
        assertThatThrownBy(() -> PlanFile.parse("plan.json", text.substring(0, text.length() / 2)))
                .hasMessageContaining("plan.json: line ");
        assertThatThrownBy(() -> PlanFile.read(Path.of("/nonexistent/plan.json")))
                .hasMessageContaining("/nonexistent/plan.json: no such file");
    }
}
