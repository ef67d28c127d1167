package dev.stocktake.cli.remediate;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.Guards;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanFile;
import dev.stocktake.remediation.UndoTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code stocktake remediate undo}: reverses a quarantine, whole or one action. */
@Command(name = "undo",
        mixinStandardHelpOptions = true,
        header = "Reverses a quarantine, a whole plan or one action; deletions cannot be undone.",
        description = {
                "Reverses the quarantine steps that were applied, last first: reactivates the access key, removes the",
                "deny-all policy, and re-creates the login profile with password reset required. The old password cannot",
                "come back: the new profile has a random password nobody knows; set a temporary one with",
                "aws iam update-login-profile --password-reset-required and hand it to the person.",
                "Give the plan file (every applied step) or an action ID <plan id>/<step id> (one step; read from the journal).",
                "A dry run unless --execute. Deletions cannot be undone (re-create the user from the journal's snapshot)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake remediate undo plan.json --bucket s3://BUCKET --execute",
                "  ./stocktake remediate undo q-20261203-4067a0/003-delete-password \\",
                "      --bucket s3://BUCKET --execute"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:undone (or would be)", "1:a step or AWS failed (run again to resume)", "2:bad flags or plan",
                "3:something was refused (drift)"})
public final class UndoCommand implements Callable<Integer> {

    private static final Pattern ACTION_ID = Pattern.compile("([qd]-\\d{8}-[0-9a-f]{6})/(\\d{3}-[a-z-]+)");

    private final Map<String, String> env;

    @Mixin
    Operator operator;

    @Mixin
    Execution execution;

    @Parameters(index = "0", paramLabel = "PLAN|ACTION-ID", description = "A plan file, or an action ID <plan id>/<step id>.")
    String target;

    @Option(names = "--bucket", paramLabel = "s3://BUCKET[/PREFIX]", required = true, description = "The central bucket (its journal).")
    String bucket;

    public UndoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return execution.run(Execution.UNDO, "", out -> {
            Operator.BucketLocation location = Operator.BucketLocation.parse("--bucket", bucket);
            var actionId = ACTION_ID.matcher(target);
            try (S3Client s3 = operator.s3(env)) {
                Journal journal = Operator.journal(s3, location, null, null);
                Plan plan;
                String stepId = null;
                if (actionId.matches()) {
                    plan = UndoTarget.fromJournal(journal, actionId.group(1), actionId.group(2));
                    stepId = actionId.group(2);
                } else {
                    plan = PlanFile.read(Path.of(target));
                }
                try (AccountClients accounts = operator.accounts(env, "stocktake-undo-" + plan.planId())) {
                    // undo re-enables what a quarantine took away: no age, directory or allowlist refusal applies
                    Guards none = new Guards(Integer.MAX_VALUE, java.util.Set.of(), null, null, Clock.systemUTC());
                    return execution.remediator(accounts, journal, none, out).undo(plan, stepId);
                }
            }
        });
    }
}
