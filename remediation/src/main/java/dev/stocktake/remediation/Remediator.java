package dev.stocktake.remediation;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stocktake.remediation.JournalRecord.Phase;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Runs a plan's steps (apply) or reverses a quarantine's (undo), one step at a time: reads the live state before each
 * step and refuses on drift, records the step and the state before it to the journal, echoes it to the terminal.
 * A dry run reads and checks everything and writes nothing. A failed step stops the run; running it again resumes
 * from the journal without repeating a step that is done.
 */
public final class Remediator {

    private final AccountClients accounts;
    private final Journal journal;
    private final Guards guards;
    private final Clock clock;
    private final PrintWriter out;
    private final boolean execute;
    private String operator;

    public Remediator(AccountClients accounts, Journal journal, Guards guards, Clock clock, PrintWriter out, boolean execute) {
        this.accounts = accounts;
        this.journal = journal;
        this.guards = guards;
        this.clock = clock;
        this.out = out;
        this.execute = execute;
    }

    /** What a run did. */
    public record Result(int done, int alreadyDone, int wouldDo, List<Refusal> refusals) {
        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** A step that failed: the run stopped there; the message says how to resume. */
    public static final class StepFailedException extends RuntimeException {
        StepFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Result apply(Plan plan) {
        List<Refusal> refusals = new ArrayList<>();
        Refusal age = guards.planAge(plan);
        if (age != null) {
            out.println(age);
            out.flush();
            return new Result(0, 0, 0, List.of(age));
        }
        Map<String, Set<Phase>> phases = phases(journal.records(plan.planId()));
        out.printf("%s plan %s (%s, %d user%s) into s3://%s/%s%n", execute ? "Applying" : "Dry run of", plan.planId(),
                plan.kind().name().toLowerCase(), plan.users().size(), plan.users().size() == 1 ? "" : "s", journal.bucket(),
                journal.folder(plan.planId()));
        int done = 0;
        int already = 0;
        int would = 0;
        for (Plan.User user : plan.users()) {
            out.printf("%s in %s (%s), %s, owner %s%n", user.userName(), user.accountId(), user.accountName(), user.verdict(),
                    user.owner() == null ? "(none)" : user.owner());
            Refusal refusal = guards.user(user);
            if (refusal == null) {
                IamClient iam = accounts.iam(user.accountId());
                // Every step's live state is read and checked before the user's first action: a drift anywhere
                // means nothing is done to that user (the steps are independent of each other until then).
                Map<String, StepState> states = new LinkedHashMap<>();
                for (Plan.Step step : user.steps()) {
                    Set<Phase> seen = phases.getOrDefault(step.id(), Set.of());
                    if (seen.contains(Phase.DONE)) {
                        continue;
                    }
                    StepState state = StepState.read(iam, user, step);
                    states.put(step.id(), state);
                    if (step.action() == Action.SNAPSHOT_USER && refusal == null) {
                        refusal = usedSinceQuarantine(user, state.snapshot());
                    }
                    boolean finished = seen.contains(Phase.STARTED) && StepState.reached(step, state);
                    if (refusal == null && !finished && !StepState.matches(step, state)) {
                        refusal = new Refusal(Refusal.Reason.DRIFT, user.accountId(), user.userName(), "step " + step.id()
                                + " expects " + step.expected() + " but the account has " + state.summary()
                                + " now: someone changed the user since the plan was made; nothing was done to this user; "
                                + "make a new plan");
                    }
                }
                for (Plan.Step step : refusal == null ? user.steps() : List.<Plan.Step>of()) {
                    Set<Phase> seen = phases.getOrDefault(step.id(), Set.of());
                    if (seen.contains(Phase.DONE)) {
                        out.printf("  %s already done (journal)%s%n", step.id(), seen.contains(Phase.UNDONE)
                                ? ", and undone since: a plan's step runs once; make a new plan to quarantine again" : "");
                        already++;
                        continue;
                    }
                    StepState state = states.get(step.id());
                    boolean resumed = seen.contains(Phase.STARTED);
                    if (resumed && StepState.reached(step, state)) {
                        if (execute) {
                            record(plan, user, step, Phase.DONE, state, "the action completed in an earlier run that stopped "
                                    + "before recording it; recorded now");
                        }
                        out.printf("  %s done in an earlier run%s%n", step.id(), execute ? ", recorded now" : " (recorded with --execute)");
                        already++;
                        continue;
                    }
                    if (!execute) {
                        out.printf("  %s would %s%n", step.id(), step.description());
                        would++;
                        continue;
                    }
                    if (!resumed) {
                        record(plan, user, step, Phase.STARTED, state, null);
                    }
                    try {
                        StepActions.act(iam, user, step);
                    } catch (SdkException e) {
                        throw new StepFailedException("Step " + step.id() + " (" + step.description() + ") of plan "
                                + plan.planId() + " failed for " + user.userName() + " in " + user.accountId() + " with role "
                                + accounts.roleArn(user.accountId()) + ": " + e.getMessage() + ". Nothing after it ran. Fix "
                                + "the cause, then run the same apply again: it resumes from the journal and repeats no "
                                + "step that is done.", e);
                    }
                    String key = record(plan, user, step, Phase.DONE, state, null);
                    out.printf("  %s done: %s (state before: %s) -> s3://%s/%s%n", step.id(), step.description(),
                            state.summary(), journal.bucket(), key);
                    done++;
                }
            }
            if (refusal != null) {
                out.println("  " + refusal);
                refusals.add(refusal);
            }
            out.flush();
        }
        return new Result(done, already, would, List.copyOf(refusals));
    }

    /**
     * Reverses the done quarantine steps of {@code plan} (all, or the one with {@code stepId}), last first: reactivates
     * the key, re-creates the login profile with password reset required, removes the deny-all policy.
     */
    public Result undo(Plan plan, String stepId) {
        if (plan.kind() != Plan.Kind.QUARANTINE) {
            throw new IllegalArgumentException("plan " + plan.planId() + " is a deletion: a deleted user cannot be undone "
                    + "by Stocktake; re-create it by hand from the snapshot in the journal (" + journal.folder(plan.planId()) + ")");
        }
        if (stepId != null && plan.find(stepId) == null) {
            throw new IllegalArgumentException("plan " + plan.planId() + " has no step " + stepId + "; its steps: "
                    + plan.users().stream().flatMap(u -> u.steps().stream()).map(Plan.Step::id).collect(Collectors.joining(", ")));
        }
        Map<String, Set<Phase>> phases = phases(journal.records(plan.planId()));
        out.printf("%s of plan %s%s%n", execute ? "Undoing the quarantine" : "Dry run of undoing the quarantine", plan.planId(),
                stepId == null ? "" : " step " + stepId);
        List<Refusal> refusals = new ArrayList<>();
        int done = 0;
        int already = 0;
        int would = 0;
        for (Plan.User user : plan.users()) {
            IamClient iam = accounts.iam(user.accountId());
            List<Plan.Step> steps = new ArrayList<>(user.steps());
            java.util.Collections.reverse(steps);
            for (Plan.Step step : steps) {
                if (stepId != null && !step.id().equals(stepId)) {
                    continue;
                }
                Set<Phase> seen = phases.getOrDefault(step.id(), Set.of());
                if (seen.contains(Phase.UNDONE)) {
                    out.printf("  %s already undone (journal)%n", step.id());
                    already++;
                    continue;
                }
                if (!seen.contains(Phase.DONE) && !seen.contains(Phase.STARTED)) {
                    if (stepId != null) {
                        out.printf("  %s was never applied: nothing to undo%n", step.id());
                    }
                    continue;
                }
                StepState state = StepState.read(iam, user, step);
                boolean resumed = seen.contains(Phase.UNDO_STARTED);
                if (!StepState.reached(step, state)) {
                    if (resumed || StepState.matches(step, state)) {
                        if (resumed && execute) {
                            record(plan, user, step, Phase.UNDONE, state, "reversed in an earlier run that stopped before recording it");
                        }
                        out.printf("  %s %s: %s is back already%n", step.id(), resumed ? "undone in an earlier run" : "nothing to undo", state.summary());
                        already++;
                        continue;
                    }
                    Refusal refusal = new Refusal(Refusal.Reason.DRIFT, user.accountId(), user.userName(), "step " + step.id()
                            + " left " + user.userName() + " quarantined but the account has " + state.summary()
                            + " now: someone changed it since; look before undoing by hand");
                    out.println("  " + refusal);
                    refusals.add(refusal);
                    continue;
                }
                if (!execute) {
                    out.printf("  %s would be undone: %s%n", step.id(), StepActions.undoDescription(step));
                    would++;
                    continue;
                }
                if (!resumed) {
                    record(plan, user, step, Phase.UNDO_STARTED, state, null);
                }
                try {
                    StepActions.undoAct(iam, user, step);
                } catch (SdkException e) {
                    throw new StepFailedException("Undoing step " + step.id() + " of plan " + plan.planId() + " failed for "
                            + user.userName() + " in " + user.accountId() + ": " + e.getMessage() + ". Run the same undo "
                            + "again: it resumes from the journal.", e);
                }
                String key = record(plan, user, step, Phase.UNDONE, state,
                        step.action() == Action.DELETE_LOGIN_PROFILE ? PASSWORD_NOTE : null);
                out.printf("  %s undone: %s -> s3://%s/%s%n", step.id(), StepActions.undoDescription(step), journal.bucket(), key);
                if (step.action() == Action.DELETE_LOGIN_PROFILE) {
                    out.println("    " + PASSWORD_NOTE);
                }
                done++;
            }
            out.flush();
        }
        return new Result(done, already, would, List.copyOf(refusals));
    }

    static final String PASSWORD_NOTE = "The old password cannot come back: the new login profile has a random password "
            + "nobody knows and requires a reset. Set a temporary one with aws iam update-login-profile --user-name <user> "
            + "--password <temporary> --password-reset-required, and hand it to the person.";

    private Refusal usedSinceQuarantine(Plan.User user, UserSnapshot live) {
        if (live != null && user.quarantinedAt() != null && live.lastUsed() != null && live.lastUsed().isAfter(user.quarantinedAt())) {
            return new Refusal(Refusal.Reason.USED_SINCE_QUARANTINE, user.accountId(), user.userName(), "a credential of "
                    + "the user was used at " + live.lastUsed() + ", after its quarantine at " + user.quarantinedAt()
                    + ": someone still needs it; find out who before deleting (undo the quarantine if needed)");
        }
        return null;
    }

    private String record(Plan plan, Plan.User user, Plan.Step step, Phase phase, StepState state, String note) {
        if (operator == null) {
            operator = accounts.operatorArn();
        }
        return journal.append(new JournalRecord(plan.planId(), step.id(), phase, step.action(), user.accountId(),
                user.userName(), step.target(), clock.instant(), operator, accounts.roleArn(user.accountId()),
                state.asJson(), note));
    }

    static Map<String, Set<Phase>> phases(List<JournalRecord> records) {
        Map<String, Set<Phase>> phases = new LinkedHashMap<>();
        for (JournalRecord record : records) {
            phases.computeIfAbsent(record.stepId(), id -> EnumSet.noneOf(Phase.class)).add(record.phase());
        }
        return phases;
    }
}
