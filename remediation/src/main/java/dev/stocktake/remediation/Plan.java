package dev.stocktake.remediation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A remediation plan: a readable JSON file meant for a pull request. It names who runs it, why each user is in it
 * (verdict, evidence, owner) and each step with an ID; {@code stocktake remediate apply} runs exactly these steps.
 *
 * @param format          {@value #FORMAT}
 * @param planId          e.g. {@code q-20261203-1a2b3c} (quarantine) or {@code d-...} (deletion); a journal path segment
 * @param kind            quarantine or delete
 * @param createdAt       when the plan was made (apply refuses a plan older than its maximum age)
 * @param createdBy       the caller identity (ARN) that made it
 * @param data            the data the verdicts came from
 * @param dataDay         the report day of the verdicts
 * @param quarantinePlanId deletion only: the quarantine plan whose users are deleted
 * @param watchDays       deletion only: the days since quarantine the plan waited
 * @param notes           what cannot be undone, in words
 * @param users           the users, each with its steps
 */
@JsonPropertyOrder({"format", "plan_id", "kind", "created_at", "created_by", "data", "data_day", "quarantine_plan_id",
        "watch_days", "notes", "users"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(String format, String planId, Kind kind, Instant createdAt, String createdBy, String data,
                   LocalDate dataDay, String quarantinePlanId, Integer watchDays, List<String> notes, List<User> users) {

    public static final String FORMAT = "stocktake-remediation-plan/1";

    public enum Kind { QUARANTINE, DELETE }

    /**
     * One IAM user and its steps.
     *
     * @param why           the verdict's action from migration_status, in words
     * @param evidence      the columns that led to the verdict (identity center match, idle days, last use, ...)
     * @param quarantinedAt deletion only: when the user's quarantine was completed (from the journal)
     * @param snapshot      deletion only: the user's state when the plan was made (what the first step re-checks)
     */
    @JsonPropertyOrder({"account_id", "account_name", "user_name", "arn", "verdict", "owner", "owner_source", "why",
            "evidence", "quarantined_at", "snapshot", "steps"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String accountId, String accountName, String userName, String arn, String verdict, String owner,
                       String ownerSource, String why, Map<String, String> evidence, Instant quarantinedAt,
                       UserSnapshot snapshot, List<Step> steps) {
    }

    /**
     * One step.
     *
     * @param id          unique in the plan, {@code NNN-<action slug>}; the journal's file name
     * @param action      what it does
     * @param target      the access key ID, policy name or ARN, group, certificate, SSH key, credential or MFA serial;
     *                    null for steps on the user itself
     * @param expected    the live state the step expects before it runs (anything else is drift)
     * @param description what it does, in words
     */
    @JsonPropertyOrder({"id", "action", "target", "expected", "description"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String id, Action action, String target, Map<String, String> expected, String description) {
    }

    /** The step with this ID, with its user, or null. */
    public Located find(String stepId) {
        for (User user : users) {
            for (Step step : user.steps()) {
                if (step.id().equals(stepId)) {
                    return new Located(user, step);
                }
            }
        }
        return null;
    }

    public record Located(User user, Step step) {
    }
}
