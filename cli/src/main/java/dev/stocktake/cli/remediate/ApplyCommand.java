package dev.stocktake.cli.remediate;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.stocktake.remediation.AccountClients;
import dev.stocktake.remediation.CentralBucket;
import dev.stocktake.remediation.Guards;
import dev.stocktake.remediation.Journal;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code stocktake remediate apply}: runs a plan (a dry run unless {@code --execute}). */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        header = "Runs a plan: a dry run unless --execute, every action recorded in the bucket.",
        description = {
                "Runs the steps of a plan with your own credentials, assuming the remediation role in each account. A dry",
                "run unless --execute: it reads the live state and checks everything, and changes and records nothing.",
                "Before acting on a user it checks: the plan is not older than --max-plan-age days; the account is ACTIVE",
                "in the latest account directory export of the bucket; the allowlist in the bucket does not accept the",
                "user; every step's live state is what the plan expects (drift). Each action is recorded, with the state",
                "before it, to s3://BUCKET/remediation/YYYY/MM/DD/<plan id>/<step id>.*.json (create-only) and echoed here.",
                "A failed run stops at the failed step; the same command resumes from the journal without repeating a step."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ./stocktake remediate apply plan.json --bucket s3://BUCKET",
                "      A dry run: reads and checks everything, changes nothing.",
                "  ./stocktake remediate apply plan.json --bucket s3://BUCKET --execute",
                "      Act; run the same command again to resume after a failure."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step ran (or would run)", "1:a step or AWS failed (run again to resume)",
                "2:bad flags or a bad plan file", "3:something was refused (each refusal says why); the rest ran"})
public final class ApplyCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Mixin
    Operator operator;

    @Mixin
    Execution execution;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (from stocktake remediate plan).")
    Path planFile;

    @Option(names = "--bucket", paramLabel = "s3://BUCKET[/PREFIX]", required = true,
            description = "The central bucket: its account directory, allowlist and the journal remediation/.")
    String bucket;

    @Option(names = "--max-plan-age", paramLabel = "DAYS", defaultValue = "7",
            description = "Refuse a plan made more than this many days ago (default ${DEFAULT-VALUE}).")
    int maxPlanAgeDays;

    @Option(names = "--lock-mode", paramLabel = "MODE", description = "Object Lock mode of each record: GOVERNANCE or COMPLIANCE (with --lock-days).")
    String lockMode;

    @Option(names = "--lock-days", paramLabel = "DAYS", description = "Object Lock retention of each record, in days (with --lock-mode).")
    Integer lockDays;

    public ApplyCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (maxPlanAgeDays < 1) {
            spec.commandLine().getErr().println("stocktake remediate apply: --max-plan-age must be at least 1 day, got "
                    + maxPlanAgeDays);
            return Operator.USAGE;
        }
        String awsHint = ". Check that your credentials (--profile) may assume the role " + operator.roleName
                + " in each account of the plan and read the bucket.";
        return execution.run(Execution.APPLY, awsHint, out -> {
            Plan plan = PlanFile.read(planFile);
            Operator.BucketLocation location = Operator.BucketLocation.parse("--bucket", bucket);
            try (S3Client s3 = operator.s3(env); AccountClients accounts = operator.accounts(env, "stocktake-" + plan.planId())) {
                Journal journal = Operator.journal(s3, location, lockMode, lockDays);
                CentralBucket.Directory directory = CentralBucket.latestDirectory(s3, location.bucket(), location.prefix());
                Guards guards = new Guards(maxPlanAgeDays, directory.activeAccounts(), directory.day(),
                        CentralBucket.allowlist(s3, location.bucket(), location.prefix()), Clock.systemUTC());
                return execution.remediator(accounts, journal, guards, out).apply(plan);
            }
        });
    }
}
