package dev.stocktake.remediation;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The one-step plan an action ID ({@code <plan id>/<step id>}) stands for, rebuilt from the journal's record. */
public final class UndoTarget {

    private UndoTarget() {
    }

    public static Plan fromJournal(Journal journal, String planId, String stepId) {
        JournalRecord record = journal.records(planId).stream()
                .filter(r -> r.stepId().equals(stepId) && r.phase() == JournalRecord.Phase.STARTED)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The journal " + journal.folder(planId) + " has no action "
                        + stepId + ": give an action ID that `stocktake remediate apply --execute` printed, or the plan file"));
        if (!record.action().reversible()) {
            throw new IllegalArgumentException("Action " + record.actionId() + " (" + record.action().name().toLowerCase()
                    + ") is part of a deletion and cannot be undone; re-create the user from the snapshot in " + journal.folder(planId));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        JsonNode before = record.stateBefore();
        for (Iterator<Map.Entry<String, JsonNode>> fields = before.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("created_at")) {
                expected.put(field.getKey(), field.getValue().asText());
            }
        }
        Plan.Step step = new Plan.Step(stepId, record.action(), record.target(), expected, record.action().name().toLowerCase());
        Plan.User user = new Plan.User(record.accountId(), null, record.userName(), null, "ready_to_remove", null, null, null,
                Map.of(), null, null, List.of(step));
        return new Plan(Plan.FORMAT, planId, Plan.Kind.QUARANTINE, record.at(), record.operator(), null,
                LocalDate.ofInstant(record.at(), java.time.ZoneOffset.UTC), null, null, List.of(), List.of(user));
    }
}
