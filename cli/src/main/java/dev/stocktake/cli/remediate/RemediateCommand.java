package dev.stocktake.cli.remediate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stocktake remediate}: plan, apply and undo the quarantine and deletion of IAM users (docs/remediation.md). */
@Command(name = "remediate",
        mixinStandardHelpOptions = true,
        header = "Quarantines, then deletes, the IAM users that can go: planned, recorded and reversible.",
        description = {
                "Takes IAM users from \"to remove\" to removed, one reviewable, reversible step at a time:",
                "  plan   proposes a quarantine (deactivate each active access key, delete the console password, attach a",
                "         deny-all policy) from the migration verdicts, or, with --delete, the deletion of quarantined users",
                "         after the watch window; the plan is a JSON file for a pull request.",
                "  apply  runs a plan: a dry run unless --execute; every action and the state before it is recorded in the",
                "         bucket (remediation/YYYY/MM/DD/<plan id>/) and echoed here; a failed run resumes where it stopped.",
                "  undo   reverses a quarantine (a whole plan or one action).",
                "See docs/remediation.md."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake remediate plan --data stocktake-demo --out plan.json",
                "  ./stocktake remediate apply plan.json --bucket s3://BUCKET",
                "  ./stocktake remediate apply plan.json --bucket s3://BUCKET --execute",
                "  ./stocktake remediate undo q-20261203-4067a0/003-delete-password \\",
                "      --bucket s3://BUCKET --execute"},
        subcommands = {PlanCommand.class, ApplyCommand.class, UndoCommand.class, CommandLine.HelpCommand.class})
public final class RemediateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
