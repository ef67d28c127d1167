package dev.stocktake.remediation;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of the journal: an action about to run ({@code started}) or done ({@code done}), or its undo
 * ({@code undo_started}, {@code undone}), with the live state before it. Never holds a secret: IAM returns none.
 */
@JsonPropertyOrder({"plan_id", "step_id", "phase", "action", "account_id", "user_name", "target", "at", "operator",
        "role_arn", "state_before", "note"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalRecord(String planId, String stepId, Phase phase, Action action, String accountId, String userName,
                            String target, Instant at, String operator, String roleArn, JsonNode stateBefore, String note) {

    public enum Phase {
        STARTED("started"), DONE("done"), UNDO_STARTED("undo-started"), UNDONE("undone");

        private final String suffix;

        Phase(String suffix) {
            this.suffix = suffix;
        }

        /** The file name's suffix: {@code <step id>.<suffix>.json}. */
        public String suffix() {
            return suffix;
        }
    }

    /** The action ID that {@code stocktake remediate undo} takes: {@code <plan id>/<step id>}. */
    public String actionId() {
        return planId + "/" + stepId;
    }
}
